package org.pvmon.registry;

import static org.pvmon.db.Database.date;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.db.Database;
import org.jdbi.v3.core.JdbiException;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.money.Money;
import org.pvmon.revenue.StationTariff;
import org.pvmon.revenue.Tariff;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/**
 * The registry database: villages, stations with owners, tariffs and catalogue date, households with enrollment
 * periods, public-welfare posts, and the ledger of distribution statements ({@link #statements()}). Opening it
 * migrates the schema (Flyway, {@code db/migration}). Every write is one
 * transaction and is validated first; a refused write throws {@link RegistryException} naming the field and changes
 * nothing. Writes are upserts by id (writing the same thing twice changes nothing).
 *
 * <p>Decimals (shares, tariff rates) are stored as their exact decimal text and come back {@code equals} to what was
 * written; dates as ISO text; money as fen. The SQL runs on SQLite and PostgreSQL.
 */
public final class Registry implements AutoCloseable {
    private final Database db;
    private final Jdbi jdbi;

    /** The registry's tables in {@code db} (opened and migrated by {@link Database}). */
    public Registry(Database db) {
        this.db = db;
        this.jdbi = db.jdbi();
    }

    /** A registry on its own SQLite file ({@link Database#openSqlite}); {@link #close()} closes it (the CLI, tests). */
    public static Registry openSqlite(Path dbFile) {
        return new Registry(Database.openSqlite(dbFile));
    }

    /** A registry on its own database ({@link Database#open}); {@link #close()} closes it. */
    public static Registry open(DataSource dataSource) {
        return new Registry(Database.open(dataSource));
    }

    /** The database the registry's tables are in, where the other capabilities keep theirs. */
    public Database database() {
        return db;
    }

    /** Closes the database (the caller that opened it with {@link #openSqlite} or {@link #open}). */
    @Override
    public void close() {
        db.close();
    }

    // ---- villages --------------------------------------------------------------------------------------------

    /** Adds or updates a village (and its township and county). */
    public void upsertVillage(Village village) {
        transaction(w -> w.village(village));
    }

    /** The registry has a village in {@code county}. */
    public boolean hasCounty(String county) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM villages WHERE county = :c").bind("c", county)
                .mapTo(Integer.class).one() > 0);
    }

    /** All villages, by county, township and name. */
    public List<Village> villages() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, township, county FROM villages ORDER BY county, township, name")
                .map((rs, ctx) -> village(rs)).list());
    }

    public Optional<Village> village(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, township, county FROM villages WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> village(rs)).findOne());
    }

    // ---- stations --------------------------------------------------------------------------------------------

    /** Adds or updates a station with its owners (replacing the previous ones) and catalogue date. */
    public void upsertStation(StationEntry entry) {
        transaction(w -> w.station(entry));
    }

    /** All stations, by id; {@code village} is the station's village label. */
    public List<Station> stations() {
        return jdbi.withHandle(h -> h.createQuery(STATION_SELECT + " ORDER BY id").map((rs, ctx) -> station(rs)).list());
    }

    public Optional<Station> station(String id) {
        return jdbi.withHandle(h -> h.createQuery(STATION_SELECT + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> station(rs)).findOne());
    }

    /** The stations as the service's directory (ingest and API look stations up there). */
    public StationDirectory directory() {
        return new StationDirectory(stations());
    }

    /** A station with its owners and catalogue date, as written. */
    public Optional<StationEntry> stationEntry(String id) {
        return jdbi.withHandle(h -> {
            Optional<Station> s = h.createQuery(STATION_SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> station(rs)).findOne();
            if (s.isEmpty()) return Optional.empty();
            return Optional.of(new StationEntry(s.get(), owners(h, id), catalogueDate(h, id)));
        });
    }

    /** The villages owning a station with their shares; empty when the station is unknown or its owners are not yet entered. */
    public Optional<JointStation> ownersOf(String stationId) {
        return jdbi.withHandle(h -> {
            Optional<Station> s = h.createQuery(STATION_SELECT + " WHERE id = :id").bind("id", stationId).map((rs, ctx) -> station(rs)).findOne();
            if (s.isEmpty()) return Optional.empty();
            List<JointStation.Owner> owners = owners(h, stationId);
            if (owners.isEmpty()) return Optional.empty();
            return Optional.of(new JointStation(stationId, BigDecimal.valueOf(s.get().capacityKwp()), owners));
        });
    }

    /** The stations a village owns a share of, by station id. */
    public List<JointStation> stationsOwnedBy(String villageId) {
        List<String> ids = jdbi.withHandle(h -> h.createQuery("SELECT station_id FROM station_owners WHERE village_id = :v ORDER BY station_id")
                .bind("v", villageId).mapTo(String.class).list());
        List<JointStation> out = new ArrayList<>();
        for (String id : ids) ownersOf(id).ifPresent(out::add);
        return out;
    }

    /** Replaces the tariffs of a station. */
    public void putTariffs(String stationId, List<Tariff> tariffs) {
        transaction(w -> w.tariffs(stationId, tariffs));
    }

    /**
     * A station's tariffs (possibly none yet) and catalogue date.
     *
     * @throws RegistryException when the station is not in the registry
     */
    public StationTariff tariffOf(String stationId) {
        return jdbi.withHandle(h -> {
            if (!exists(h, "stations", stationId)) throw new RegistryException("unknown station " + stationId);
            List<Tariff> tariffs = h.createQuery("SELECT valid_from, valid_until, benchmark_per_kwh, subsidy_per_kwh FROM tariffs "
                            + "WHERE station_id = :s ORDER BY valid_from").bind("s", stationId)
                    .map((rs, ctx) -> tariff(rs)).list();
            return new StationTariff(tariffs, catalogueDate(h, stationId));
        });
    }

    /** Every station's {@link #tariffOf tariffs and catalogue date}, by station id, in two queries (views of the whole fleet). */
    public Map<String, StationTariff> tariffs() {
        return jdbi.withHandle(h -> {
            Map<String, List<Tariff>> byStation = new HashMap<>();
            h.createQuery("SELECT station_id, valid_from, valid_until, benchmark_per_kwh, subsidy_per_kwh FROM tariffs "
                            + "ORDER BY station_id, valid_from")
                    .map((rs, ctx) -> Map.entry(rs.getString("station_id"), tariff(rs)))
                    .forEach(e -> byStation.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, StationTariff> out = new LinkedHashMap<>();
            h.createQuery("SELECT id, catalogue_date FROM stations ORDER BY id")
                    .map((rs, ctx) -> Map.entry(rs.getString("id"), Optional.ofNullable(date(rs, "catalogue_date"))))
                    .forEach(e -> out.put(e.getKey(), new StationTariff(byStation.getOrDefault(e.getKey(), List.of()), e.getValue().orElse(null))));
            return out;
        });
    }

    /** Every station that has owners, as {@link #ownersOf} gives it, by station id, in two queries. */
    public Map<String, JointStation> owners() {
        return jdbi.withHandle(h -> {
            Map<String, List<JointStation.Owner>> byStation = new LinkedHashMap<>();
            h.createQuery("SELECT station_id, village_id, share FROM station_owners ORDER BY station_id, list_order")
                    .map((rs, ctx) -> Map.entry(rs.getString("station_id"),
                            new JointStation.Owner(rs.getString("village_id"), new BigDecimal(rs.getString("share")))))
                    .forEach(e -> byStation.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, JointStation> out = new LinkedHashMap<>();
            h.createQuery(STATION_SELECT + " ORDER BY id").map((rs, ctx) -> station(rs)).forEach(st -> {
                List<JointStation.Owner> owners = byStation.get(st.id());
                if (owners != null) out.put(st.id(), new JointStation(st.id(), BigDecimal.valueOf(st.capacityKwp()), owners));
            });
            return out;
        });
    }

    static Tariff tariff(ResultSet rs) throws SQLException {
        return new Tariff(date(rs, "valid_from"), date(rs, "valid_until"),
                new BigDecimal(rs.getString("benchmark_per_kwh")), new BigDecimal(rs.getString("subsidy_per_kwh")));
    }

    // ---- households and posts ----------------------------------------------------------------------------------

    /** Adds or updates a household of a village, replacing its attributes and enrollment periods. */
    public void upsertHousehold(String villageId, Household household) {
        transaction(w -> w.household(villageId, household));
    }

    /** The households of a village with their enrollment periods, by id. */
    public List<Household> householdsOf(String villageId) {
        return jdbi.withHandle(h -> households(h, "village_id = :v", "v", villageId));
    }

    public Optional<Household> household(String id) {
        return jdbi.withHandle(h -> households(h, "id = :id", "id", id).stream().findFirst());
    }

    /** Adds or updates a public-welfare post of a village; its holder must be a household of the same village. */
    public void upsertPost(String villageId, Post post) {
        transaction(w -> w.post(villageId, post));
    }

    /** The posts of a village, by id. */
    public List<Post> postsOf(String villageId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, title, holder_household_id, monthly_wage_fen, active_from, active_to "
                        + "FROM posts WHERE village_id = :v ORDER BY id").bind("v", villageId)
                .map((rs, ctx) -> new Post(rs.getString("id"), rs.getString("title"), rs.getString("holder_household_id"),
                        Money.ofFen(rs.getLong("monthly_wage_fen")), new DateRange(date(rs, "active_from"), date(rs, "active_to"))))
                .list());
    }

    /** A village that owns a share of a station, with its households enrolled on a day: who loses when the station stops. */
    public record Affected(String villageId, String villageName, BigDecimal share, int householdsEnrolled) {
    }

    /** The villages owning {@code stationId} (in the owners' order) and how many of their households are enrolled on {@code day}. */
    public List<Affected> affectedBy(String stationId, LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery("SELECT o.village_id, v.name, o.share, (SELECT COUNT(DISTINCT e.household_id) "
                        + "FROM enrollments e JOIN households hh ON hh.id = e.household_id WHERE hh.village_id = o.village_id "
                        + "AND e.enrolled_from <= :d AND (e.enrolled_to IS NULL OR e.enrolled_to >= :d)) AS enrolled "
                        + "FROM station_owners o JOIN villages v ON v.id = o.village_id WHERE o.station_id = :s ORDER BY o.list_order")
                .bind("s", stationId).bind("d", day.toString())
                .map((rs, ctx) -> new Affected(rs.getString("village_id"), rs.getString("name"), new BigDecimal(rs.getString("share")),
                        rs.getInt("enrolled")))
                .list());
    }

    /** Bulk reads of many villages' statement inputs (stations, shares, tariffs, households, posts) at once. */
    public VillageInputs villageInputs() {
        return new VillageInputs(jdbi);
    }

    // ---- transactions ----------------------------------------------------------------------------------------

    /**
     * Runs {@code work} in one transaction: all its writes happen or none (a {@link RegistryException} or a database
     * error rolls back). Used by the CSV import to write a whole file at once.
     */
    public void transaction(Consumer<Writes> work) {
        try {
            jdbi.useTransaction(h -> work.accept(new Writes(h)));
        } catch (JdbiException e) {
            throw new RegistryException("the database refused the write: " + rootMessage(e));
        }
    }

    /** The writes of one transaction, each validated first. */
    public final class Writes {
        private final Handle h;

        private Writes(Handle h) {
            this.h = h;
        }

        public void village(Village v) {
            place(v.township(), v.county());
            Optional<String> other = h.createQuery("SELECT id FROM villages WHERE county = :c AND township = :t AND name = :n AND id <> :id")
                    .bind("c", v.county()).bind("t", v.township()).bind("n", v.name()).bind("id", v.id()).mapTo(String.class).findOne();
            other.ifPresent(o -> {
                throw new RegistryException("village " + v.id() + ": name " + v.name() + " is already village " + o + " of "
                        + v.county() + " " + v.township());
            });
            h.createUpdate("INSERT INTO villages (id, name, township, county) VALUES (:id, :n, :t, :c) "
                            + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, township = excluded.township, county = excluded.county")
                    .bind("id", v.id()).bind("n", v.name()).bind("t", v.township()).bind("c", v.county()).execute();
        }

        public void station(StationEntry e) {
            Station s = e.station();
            String id = Check.nonBlank(s.id(), "station id");
            Check.that(StationDirectory.ID.matcher(id).matches(), "station id '" + id + "' must be 1-64 characters of A-Z a-z 0-9 _ -");
            Check.nonBlank(s.name(), "station " + id + " name");
            Check.nonBlank(s.village(), "station " + id + " village");
            Check.nonBlank(s.township(), "station " + id + " township");
            Check.nonBlank(s.county(), "station " + id + " county");
            Check.that(s.capacityKwp() > 0 && Double.isFinite(s.capacityKwp()), "station " + id + " capacity (kWp) must be more than 0, was " + s.capacityKwp());
            Check.that(s.lat() >= -90 && s.lat() <= 90, "station " + id + " latitude must be -90 to 90, was " + s.lat());
            Check.that(s.lon() >= -180 && s.lon() <= 180, "station " + id + " longitude must be -180 to 180, was " + s.lon());
            Check.that(s.gridConnectionDate() != null, "station " + id + " grid-connection date is required");
            validateOwners(id, e.owners());
            place(s.township(), s.county());
            h.createUpdate("INSERT INTO stations (id, name, village_label, township, county, capacity_kwp, lat, lon, grid_connection_date, catalogue_date) "
                            + "VALUES (:id, :name, :village, :township, :county, :cap, :lat, :lon, :grid, :cat) ON CONFLICT (id) DO UPDATE SET "
                            + "name = excluded.name, village_label = excluded.village_label, township = excluded.township, county = excluded.county, "
                            + "capacity_kwp = excluded.capacity_kwp, lat = excluded.lat, lon = excluded.lon, "
                            + "grid_connection_date = excluded.grid_connection_date, catalogue_date = excluded.catalogue_date")
                    .bind("id", id).bind("name", s.name()).bind("village", s.village()).bind("township", s.township())
                    .bind("county", s.county()).bind("cap", s.capacityKwp()).bind("lat", s.lat()).bind("lon", s.lon())
                    .bind("grid", text(s.gridConnectionDate())).bind("cat", text(e.catalogueDate())).execute();
            h.createUpdate("DELETE FROM station_owners WHERE station_id = :id").bind("id", id).execute();
            int position = 0;
            for (JointStation.Owner o : e.owners()) {
                h.createUpdate("INSERT INTO station_owners (station_id, village_id, list_order, share) VALUES (:s, :v, :p, :share)")
                        .bind("s", id).bind("v", o.villageId()).bind("p", position++).bind("share", o.share().toPlainString()).execute();
            }
        }

        private void validateOwners(String stationId, List<JointStation.Owner> owners) {
            Set<String> seen = new HashSet<>();
            BigDecimal total = BigDecimal.ZERO;
            for (JointStation.Owner o : owners) {
                Check.that(seen.add(o.villageId()), "station " + stationId + " owners: village " + o.villageId() + " is listed twice");
                Check.that(exists(h, "villages", o.villageId()), "station " + stationId + " owners: unknown village " + o.villageId());
                total = total.add(o.share());
            }
            Check.that(owners.isEmpty() || total.compareTo(BigDecimal.ONE) == 0, "station " + stationId
                    + " owners: ownership shares add up to " + total.toPlainString() + ", not exactly 1");
        }

        public void tariffs(String stationId, List<Tariff> tariffs) {
            Check.that(exists(h, "stations", stationId), "tariffs: unknown station " + stationId);
            try {
                new StationTariff(tariffs, null);
            } catch (IllegalArgumentException e) {
                throw new RegistryException("station " + stationId + " tariffs: " + e.getMessage());
            }
            h.createUpdate("DELETE FROM tariffs WHERE station_id = :s").bind("s", stationId).execute();
            for (Tariff t : tariffs) {
                h.createUpdate("INSERT INTO tariffs (station_id, valid_from, valid_until, benchmark_per_kwh, subsidy_per_kwh) VALUES (:s, :f, :u, :b, :sub)")
                        .bind("s", stationId).bind("f", text(t.from())).bind("u", text(t.until()))
                        .bind("b", t.benchmarkPerKwh().toPlainString()).bind("sub", t.subsidyPerKwh().toPlainString()).execute();
            }
        }

        public void household(String villageId, Household hh) {
            String id = hh.id();
            Check.that(exists(h, "villages", villageId), "household " + id + " village: unknown village " + villageId);
            Check.nonBlank(hh.headName(), "household " + id + " head name");
            IdNumbers.problem(hh.idNumber()).ifPresent(p -> {
                throw new RegistryException("household " + id + " ID number " + Household.maskedId(hh.idNumber()) + ": " + p.en());
            });
            h.createQuery("SELECT id FROM households WHERE id_number = :n AND id <> :id").bind("n", hh.idNumber()).bind("id", id)
                    .mapTo(String.class).findOne().ifPresent(o -> {
                        throw new RegistryException("household " + id + " ID number " + Household.maskedId(hh.idNumber())
                                + ": already the ID number of household " + o);
                    });
            h.createUpdate("INSERT INTO households (id, village_id, head_name, id_number, size) VALUES (:id, :v, :name, :n, :size) "
                            + "ON CONFLICT (id) DO UPDATE SET village_id = excluded.village_id, head_name = excluded.head_name, "
                            + "id_number = excluded.id_number, size = excluded.size")
                    .bind("id", id).bind("v", villageId).bind("name", hh.headName()).bind("n", hh.idNumber()).bind("size", hh.size()).execute();
            h.createUpdate("DELETE FROM household_attributes WHERE household_id = :id").bind("id", id).execute();
            for (Household.Attribute a : hh.attributes()) {
                h.createUpdate("INSERT INTO household_attributes (household_id, attribute) VALUES (:id, :a)").bind("id", id).bind("a", a.name()).execute();
            }
            h.createUpdate("DELETE FROM enrollments WHERE household_id = :id").bind("id", id).execute();
            for (DateRange r : hh.enrollments()) {
                h.createUpdate("INSERT INTO enrollments (household_id, enrolled_from, enrolled_to) VALUES (:id, :f, :t)")
                        .bind("id", id).bind("f", text(r.from())).bind("t", text(r.to())).execute();
            }
        }

        public void post(String villageId, Post p) {
            Check.that(exists(h, "villages", villageId), "post " + p.id() + " village: unknown village " + villageId);
            Optional<String> holderVillage = villageOf(h, p.holderHouseholdId());
            Check.that(holderVillage.isPresent(), "post " + p.id() + " holder: unknown household " + p.holderHouseholdId());
            Check.that(holderVillage.get().equals(villageId), "post " + p.id() + " holder: household " + p.holderHouseholdId()
                    + " is of village " + holderVillage.get() + ", not of " + villageId);
            h.createUpdate("INSERT INTO posts (id, village_id, title, holder_household_id, monthly_wage_fen, active_from, active_to) "
                            + "VALUES (:id, :v, :title, :holder, :wage, :f, :t) ON CONFLICT (id) DO UPDATE SET village_id = excluded.village_id, "
                            + "title = excluded.title, holder_household_id = excluded.holder_household_id, "
                            + "monthly_wage_fen = excluded.monthly_wage_fen, active_from = excluded.active_from, active_to = excluded.active_to")
                    .bind("id", p.id()).bind("v", villageId).bind("title", p.title()).bind("holder", p.holderHouseholdId())
                    .bind("wage", p.monthlyWage().fen()).bind("f", text(p.active().from())).bind("t", text(p.active().to())).execute();
        }

        private void place(String township, String county) {
            h.createUpdate("INSERT INTO counties (name) VALUES (:c) ON CONFLICT (name) DO NOTHING").bind("c", county).execute();
            h.createUpdate("INSERT INTO townships (county, name) VALUES (:c, :t) ON CONFLICT (county, name) DO NOTHING")
                    .bind("c", county).bind("t", township).execute();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static final String STATION_SELECT = "SELECT id, name, village_label, township, county, capacity_kwp, lat, lon, "
            + "grid_connection_date FROM stations";

    static Station station(ResultSet rs) throws SQLException {
        return new Station(rs.getString("id"), rs.getString("name"), rs.getString("village_label"), rs.getString("township"),
                rs.getString("county"), rs.getDouble("capacity_kwp"), rs.getDouble("lat"), rs.getDouble("lon"), date(rs, "grid_connection_date"));
    }

    static Village village(ResultSet rs) throws SQLException {
        return new Village(rs.getString("id"), rs.getString("name"), rs.getString("township"), rs.getString("county"));
    }

    private static List<JointStation.Owner> owners(Handle h, String stationId) {
        return h.createQuery("SELECT village_id, share FROM station_owners WHERE station_id = :s ORDER BY list_order")
                .bind("s", stationId).map((rs, ctx) -> new JointStation.Owner(rs.getString("village_id"), new BigDecimal(rs.getString("share")))).list();
    }

    private static LocalDate catalogueDate(Handle h, String stationId) {
        return h.createQuery("SELECT catalogue_date FROM stations WHERE id = :id").bind("id", stationId)
                .map((rs, ctx) -> date(rs, "catalogue_date")).findOne().orElse(null);
    }

    /**
     * The households matching {@code filter} (a condition on the households table, a constant of this class) by id,
     * with their attributes and enrollments: three queries whatever their number.
     */
    private static List<Household> households(Handle h, String filter, String param, String value) {
        record Row(String id, String headName, String idNumber, int size) {
        }
        String ids = "SELECT id FROM households WHERE " + filter;
        List<Row> rows = h.createQuery("SELECT id, head_name, id_number, size FROM households WHERE " + filter + " ORDER BY id")
                .bind(param, value)
                .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("head_name"), rs.getString("id_number"), rs.getInt("size"))).list();
        Map<String, Set<Household.Attribute>> attributes = new HashMap<>();
        h.createQuery("SELECT household_id, attribute FROM household_attributes WHERE household_id IN (" + ids + ")").bind(param, value)
                .map((rs, ctx) -> Map.entry(rs.getString("household_id"), Household.Attribute.valueOf(rs.getString("attribute"))))
                .forEach(e -> attributes.computeIfAbsent(e.getKey(), k -> EnumSet.noneOf(Household.Attribute.class)).add(e.getValue()));
        Map<String, List<DateRange>> enrollments = new HashMap<>();
        h.createQuery("SELECT household_id, enrolled_from, enrolled_to FROM enrollments WHERE household_id IN (" + ids
                        + ") ORDER BY household_id, enrolled_from").bind(param, value)
                .map((rs, ctx) -> Map.entry(rs.getString("household_id"), new DateRange(date(rs, "enrolled_from"), date(rs, "enrolled_to"))))
                .forEach(e -> enrollments.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<Household> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new Household(r.id(), r.headName(), r.idNumber(), r.size(), attributes.getOrDefault(r.id(), Set.of()),
                    enrollments.getOrDefault(r.id(), List.of())));
        }
        return out;
    }

    private static Optional<String> villageOf(Handle h, String householdId) {
        return h.createQuery("SELECT village_id FROM households WHERE id = :id").bind("id", householdId).mapTo(String.class).findOne();
    }

    /** Whether a row with {@code id} exists in {@code table} (a constant of this class, never user input). */
    private static boolean exists(Handle h, String table, String id) {
        return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE id = :id").bind("id", id).mapTo(Integer.class).one() > 0;
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    /** Household id to village id, for every household (for checking import files in one query). */
    public Map<String, String> householdVillages() {
        Map<String, String> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, village_id FROM households")
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("village_id"))).forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** ID number to household id, for every household. */
    public Map<String, String> idNumbers() {
        Map<String, String> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, id_number FROM households")
                .map((rs, ctx) -> Map.entry(rs.getString("id_number"), rs.getString("id"))).forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** The database, for tests. */
    Jdbi jdbi() {
        return jdbi;
    }

    /** Count of rows per table, for tests and diagnostics. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> {
            for (String t : List.of("counties", "townships", "villages", "stations", "station_owners", "tariffs", "households",
                    "household_attributes", "enrollments", "posts")) {
                out.put(t, h.createQuery("SELECT COUNT(*) FROM " + t).mapTo(Integer.class).one());
            }
        });
        return out;
    }
}
