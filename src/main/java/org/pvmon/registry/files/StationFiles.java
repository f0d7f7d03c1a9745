package org.pvmon.registry.files;

import org.pvmon.config.Config;
import org.pvmon.registry.Registry;
import org.pvmon.registry.StationEntry;
import org.pvmon.registry.Village;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvmon.distribution.JointStation;
import org.pvmon.revenue.StationTariff;
import org.pvmon.revenue.Tariff;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/** The villages, stations and tariffs files: reading (whole file validated, then written in one transaction) and writing. */
final class StationFiles {
    static final String[] VILLAGE_COLUMNS = {"村编号", "村", "乡镇", "区县"};
    static final String[] STATION_COLUMNS = {"站点编号", "电站名称", "村", "乡镇", "区县", "装机容量kWp", "纬度", "经度", "并网日期",
            "补贴目录日期", "所属村及份额"};
    static final String[] TARIFF_COLUMNS = {"站点编号", "生效日期", "截止日期(不含)", "燃煤基准电价(元/kWh)", "国补电价(元/kWh)"};
    /** The service's station list ({@code stations.file}): English headers, no owners or tariffs. */
    static final String[] STATION_LIST_COLUMNS = {"id", "name", "village", "township", "county", "capacity_kwp", "lat", "lon",
            "grid_connection_date"};
    private static final BigDecimal MINUS_90 = BigDecimal.valueOf(-90);
    private static final BigDecimal MINUS_180 = BigDecimal.valueOf(-180);

    private final Registry registry;

    private final Config.Uploads limits;

    StationFiles(Registry registry, Config.Uploads limits) {
        this.limits = limits;
        this.registry = registry;
    }

    // ---- villages ----

    int importVillages(InputStream in, String source) {
        Problems problems = new Problems();
        List<Sheet.Row> rows = Sheet.read(in, VILLAGE_COLUMNS, problems, limits);
        Map<String, Village> known = new HashMap<>();
        for (Village v : registry.villages()) known.put(Village.idFor(v.county(), v.township(), v.name()), v);
        Map<String, Long> idRows = new HashMap<>();
        Map<String, Long> placeRows = new HashMap<>();
        List<Village> villages = new ArrayList<>();
        for (Sheet.Row r : rows) {
            String id = r.text("村编号", false);
            String name = r.text("村", true);
            String township = r.text("乡镇", true);
            String county = r.text("区县", true);
            if (name.isEmpty() || township.isEmpty() || county.isEmpty()) continue;
            String place = Village.idFor(county, township, name);
            if (id.isEmpty()) id = place;
            Long first = idRows.putIfAbsent(id, r.number());
            if (first != null) r.problem("村编号", "与第" + first + "行重复", "duplicate of row " + first);
            first = placeRows.putIfAbsent(place, r.number());
            if (first != null) r.problem("村", "与第" + first + "行是同一个村", "the same village as row " + first);
            Village existing = known.get(place);
            if (existing != null && !existing.id().equals(id)) {
                r.problem("村编号", "该村已登记为“" + existing.id() + "”", "this village is already registered as '" + existing.id() + "'");
            }
            villages.add(new Village(id, name, township, county));
        }
        problems.throwIfAny(source);
        registry.transaction(w -> villages.forEach(w::village));
        return villages.size();
    }

    void exportVillages(List<List<String>> out, RegistryCsv.Reader reader) {
        for (Village v : registry.villages()) if (reader.villages().test(v)) out.add(List.of(v.id(), v.name(), v.township(), v.county()));
    }

    // ---- stations ----

    int importStations(InputStream in, String source) {
        Problems problems = new Problems();
        List<Sheet.Row> rows = Sheet.read(in, STATION_COLUMNS, problems, limits);
        Villages villages = new Villages(registry.villages());
        Map<String, Long> idRows = new HashMap<>();
        List<StationEntry> entries = new ArrayList<>();
        for (Sheet.Row r : rows) {
            String id = stationId(r, "站点编号", idRows);
            String name = r.text("电站名称", true);
            String label = r.text("村", false);
            String township = r.text("乡镇", true);
            String county = r.text("区县", true);
            BigDecimal cap = r.decimal("装机容量kWp", true, BigDecimal.ZERO, true, null);
            BigDecimal lat = r.decimal("纬度", true, MINUS_90, false, BigDecimal.valueOf(90));
            BigDecimal lon = r.decimal("经度", true, MINUS_180, false, BigDecimal.valueOf(180));
            LocalDate grid = r.date("并网日期", true);
            LocalDate catalogue = r.date("补贴目录日期", false);
            String ownersText = r.text("所属村及份额", false);
            if (ownersText.isEmpty() && label.isEmpty()) {
                r.problem("村", "不能为空（未填所属村及份额时）", "must not be empty when 所属村及份额 (owners) is empty");
                continue;
            }
            List<Share> shares = Shares.parse(r, "所属村及份额", ownersText.isEmpty() ? label : ownersText);
            if (shares == null || township.isEmpty() || county.isEmpty()) continue;
            List<JointStation.Owner> owners = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Share s : shares) {
                Village v = villages.resolveOrCreate(s.ref(), township, county);
                owners.add(new JointStation.Owner(v.id(), s.share()));
                names.add(v.name());
            }
            if (label.isEmpty()) label = String.join("、", names);
            if (cap == null || lat == null || lon == null || grid == null) continue;
            entries.add(new StationEntry(new Station(id, name, label, township, county, cap.doubleValue(), lat.doubleValue(),
                    lon.doubleValue(), grid), owners, catalogue));
        }
        problems.throwIfAny(source);
        registry.transaction(w -> {
            villages.created().forEach(w::village);
            entries.forEach(w::station);
        });
        return entries.size();
    }

    /**
     * The service's station list (header {@code id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date}):
     * each station upserted, its village created when new. A station already in the registry keeps its owners
     * (when entered) and catalogue date, so seeding from the list at every start does not undo later entries; a new
     * station is owned by the village as given, share 1.
     */
    /**
     * Reads the service's station list (CSV UTF-8 with an optional BOM, or XLSX; header {@link #STATION_LIST_COLUMNS} in
     * any order, extra columns ignored, values trimmed), every row checked; a bad file is refused whole with every
     * row/column problem ({@link org.pvmon.registry.RegistryException}). Coordinates must lie in China.
     */
    static List<Station> readStationList(InputStream in, String source, Config.Uploads limits) {
        Problems problems = new Problems();
        List<Sheet.Row> rows = Sheet.read(in, STATION_LIST_COLUMNS, problems, limits);
        Map<String, Long> idRows = new HashMap<>();
        List<Station> out = new ArrayList<>(rows.size());
        for (Sheet.Row r : rows) {
            String id = stationId(r, "id", idRows);
            String name = r.text("name", true);
            String village = r.text("village", true);
            String township = r.text("township", true);
            String county = r.text("county", true);
            BigDecimal cap = r.decimal("capacity_kwp", true, new BigDecimal("0.1"), false, BigDecimal.valueOf(100_000));
            BigDecimal lat = r.decimal("lat", true, BigDecimal.valueOf(3), false, BigDecimal.valueOf(54));
            BigDecimal lon = r.decimal("lon", true, BigDecimal.valueOf(73), false, BigDecimal.valueOf(136));
            LocalDate grid = r.date("grid_connection_date", true);
            if (cap != null && lat != null && lon != null && grid != null) {
                out.add(new Station(id, name, village, township, county, cap.doubleValue(), lat.doubleValue(), lon.doubleValue(), grid));
            }
        }
        problems.throwIfAny(source);
        return out;
    }

    /** A row's station id, reported when it is not a valid id or repeats an earlier row's ({@code idRows}: id to row). */
    private static String stationId(Sheet.Row r, String column, Map<String, Long> idRows) {
        String id = r.text(column, true);
        if (!id.isEmpty() && !StationDirectory.ID.matcher(id).matches()) {
            r.problem(column, "“" + id + "”应为1-64个字母、数字、_或-", "'" + id + "' must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        Long first = idRows.putIfAbsent(id, r.number());
        if (first != null && !id.isEmpty()) r.problem(column, "与第" + first + "行重复", "duplicate of row " + first);
        return id;
    }

    int importStationList(List<Station> list) {
        Villages villages = new Villages(registry.villages());
        // What is stored already, read in bulk (two queries each) instead of three queries per listed station: the
        // service imports its whole station list at every start (100,000 stations: minutes instead of seconds).
        Map<String, StationTariff> stored = registry.tariffs(); // every stored station, with its catalogue date
        Map<String, JointStation> owned = registry.owners();    // the stored stations that have owners
        List<StationEntry> entries = new ArrayList<>();
        for (Station s : list) {
            // A station whose owners are registered keeps them; only a new one is owned by (and may create) the village
            // its label names: a joint station's label (联村…) is not a village.
            List<JointStation.Owner> owners = Optional.ofNullable(owned.get(s.id())).map(JointStation::owners).filter(o -> !o.isEmpty())
                    .orElseGet(() -> List.of(new JointStation.Owner(
                            villages.resolveOrCreate(s.village(), s.township(), s.county()).id(), BigDecimal.ONE)));
            StationTariff existing = stored.get(s.id());
            entries.add(new StationEntry(s, owners, existing == null ? null : existing.catalogueDate()));
        }
        registry.transaction(w -> {
            villages.created().forEach(w::village);
            entries.forEach(w::station);
        });
        return entries.size();
    }

    void exportStations(List<List<String>> out, RegistryCsv.Reader reader) {
        Villages villages = new Villages(registry.villages());
        for (Station s : registry.stations()) {
            if (!reader.stations().test(s.id())) continue;
            StationEntry e = registry.stationEntry(s.id()).orElseThrow();
            List<String> owners = new ArrayList<>();
            for (JointStation.Owner o : e.owners()) {
                String ref = villages.refIn(o.villageId(), s.township(), s.county());
                owners.add(e.owners().size() == 1 && o.share().compareTo(BigDecimal.ONE) == 0 ? ref : ref + ":" + o.share().toPlainString());
            }
            out.add(List.of(s.id(), s.name(), s.village(), s.township(), s.county(), Sheet.number(s.capacityKwp()),
                    Sheet.number(s.lat()), Sheet.number(s.lon()), s.gridConnectionDate().toString(), Sheet.text(e.catalogueDate()),
                    String.join(";", owners)));
        }
    }

    // ---- tariffs ----

    int importTariffs(InputStream in, String source) {
        Problems problems = new Problems();
        List<Sheet.Row> rows = Sheet.read(in, TARIFF_COLUMNS, problems, limits);
        Map<String, List<Tariff>> byStation = new LinkedHashMap<>();
        Map<String, List<Long>> rowsByStation = new HashMap<>();
        for (Sheet.Row r : rows) {
            String id = r.text("站点编号", true);
            if (!id.isEmpty() && registry.station(id).isEmpty()) {
                r.problem("站点编号", "未知的电站“" + id + "”（先导入电站）", "unknown station '" + id + "' (import stations first)");
                id = "";
            }
            LocalDate from = r.date("生效日期", true);
            LocalDate until = r.date("截止日期(不含)", false);
            if (from != null && until != null && !until.isAfter(from)) {
                r.problem("截止日期(不含)", "应晚于生效日期", "must be after 生效日期 (valid from)");
                continue;
            }
            BigDecimal benchmark = r.decimal("燃煤基准电价(元/kWh)", true, BigDecimal.ZERO, false, null);
            BigDecimal subsidy = r.decimal("国补电价(元/kWh)", true, BigDecimal.ZERO, false, null);
            if (id.isEmpty() || from == null || benchmark == null || subsidy == null) continue;
            List<Tariff> list = byStation.computeIfAbsent(id, k -> new ArrayList<>());
            List<Long> numbers = rowsByStation.computeIfAbsent(id, k -> new ArrayList<>());
            Tariff t = new Tariff(from, until, benchmark, subsidy);
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).overlaps(t)) {
                    r.problem("生效日期", "与第" + numbers.get(i) + "行的电价期间重叠", "overlaps the tariff of row " + numbers.get(i));
                }
            }
            list.add(t);
            numbers.add(r.number());
        }
        problems.throwIfAny(source);
        registry.transaction(w -> byStation.forEach(w::tariffs));
        return rows.size();
    }

    void exportTariffs(List<List<String>> out, RegistryCsv.Reader reader) {
        for (Station s : registry.stations()) {
            if (!reader.stations().test(s.id())) continue;
            StationTariff st = registry.tariffOf(s.id());
            for (Tariff t : st.tariffs()) {
                out.add(List.of(s.id(), t.from().toString(), Sheet.text(t.until()), t.benchmarkPerKwh().toPlainString(),
                        t.subsidyPerKwh().toPlainString()));
            }
        }
    }

    /** An owner village as written in 所属村及份额, before it is resolved. */
    record Share(String ref, BigDecimal share) {
    }
}
