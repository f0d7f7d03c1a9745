package org.pvmon.bench;

import org.pvmon.statements.PlanBook;
import org.pvmon.receipts.ReceiptBook;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.pvmon.registry.Registry;
import org.pvmon.registry.files.RegistryCsv;

/**
 * Synthetic data for the benchmarks (not part of the service). Deterministic (fixed seeds), so reruns compare.
 *
 * <pre>
 * Gen stations  --stations N --out stations.csv [--id-prefix P]
 *               a fleet: 60 stations per county, 10 per township, one village per station, Shandong coordinates;
 *               ids S000000.. or, with --id-prefix, P-00001.. (the ingest load generator's ids, bench/ingest/loadgen)
 * Gen registry  (--db registry.db | --jdbc jdbc:postgresql://host:port/db [--user U]) --stations stations.csv
 *               [--households-per-village X]
 *               stations and villages through the registry's own station-list import (as the service does at start),
 *               tariffs (zone III poverty-PV, as the service seeds them), households with enrollments and attributes,
 *               2 posts per village: bulk JDBC batches in one transaction, into the SQLite file or the PostgreSQL
 *               database (migrated by the registry's own Flyway migrations, as the service does)
 * Gen preview-urls --base URL --stations stations.csv --month yyyy-MM (--county NAME | --sample N) --out FILE
 *               statement preview URLs of the villages of one county, or of N villages spread evenly over the fleet
 * Gen readings  --influx URL --db NAME --stations stations.csv --scheme alerts|month [--now EPOCH_S] [--at noon|night|morning]
 *               [--month yyyy-MM] [--from-day yyyy-MM-dd]
 *               reading points as line protocol straight to influxd /write, batches of 5000, 2 writers
 * </pre>
 */
public final class Gen {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int PER_COUNTY = 60;
    static final int PER_TOWNSHIP = 10;
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    private static final String GIVEN = "建国秀英玉兰桂英志强海燕春华德明永红淑珍凤英丽华文杰金凤宝山长林翠花俊峰明亮春梅";

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        long t0 = System.nanoTime();
        switch (args[0]) {
            case "stations" -> stations(Integer.parseInt(o.get("stations")), Path.of(o.get("out")), o.get("id-prefix"));
            case "registry" -> registry(o.containsKey("jdbc") ? Target.postgres(o.get("jdbc"), o.getOrDefault("user", ""))
                            : Target.sqlite(Path.of(o.get("db"))), Path.of(o.get("stations")),
                    Double.parseDouble(o.getOrDefault("households-per-village", "41.5")));
            case "readings" -> readings(o);
            case "preview-urls" -> previewUrls(o);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.out.printf("gen %s: %.1f s, heap used %d MB%n", args[0], (System.nanoTime() - t0) / 1e9,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option, got " + args[i]);
            o.put(args[i].substring(2), i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
        }
        return o;
    }

    // ---- the fleet ---------------------------------------------------------------------------------------------

    /** A synthetic station as written to the stations file. */
    record St(String id, String village, String township, String county, double kwp, double lat, double lon, LocalDate grid) {
    }

    static String stationId(int i) {
        return String.format("S%06d", i);
    }

    /** Station {@code i}'s id as the ingest load generator names its stations: PREFIX-00001 for i = 0. */
    static String stationId(String prefix, int i) {
        return prefix == null ? stationId(i) : String.format("%s-%05d", prefix, i + 1);
    }

    static St station(int i) {
        return station(i, null);
    }

    static St station(int i, String prefix) {
        SplittableRandom r = new SplittableRandom(1000L + i);
        int county = i / PER_COUNTY;
        int township = (i % PER_COUNTY) / PER_TOWNSHIP;
        double kwp = switch (r.nextInt(10)) { case 0 -> 60; case 1, 2 -> 200; default -> 100; };
        // counties laid out on a grid over Shandong-like latitudes (34.5-38.5 N, 114.5-122.5 E)
        double lat = 34.5 + (county % 40) * 0.1 + r.nextDouble() * 0.05;
        double lon = 114.5 + ((county / 40) % 80) * 0.1 + r.nextDouble() * 0.05;
        return new St(stationId(prefix, i), "村" + i, "乡" + county + "-" + township, "县" + county, kwp,
                Math.round(lat * 1e4) / 1e4, Math.round(lon * 1e4) / 1e4,
                LocalDate.of(r.nextBoolean() ? 2016 : 2017, 1 + r.nextInt(12), 1 + r.nextInt(28)));
    }

    static List<St> readStations(Path file) throws IOException {
        List<St> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.add(new St(f[0], f[2], f[3], f[4], Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    LocalDate.parse(f[8])));
        }
        return out;
    }

    static void stations(int n, Path out, String prefix) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n");
            for (int i = 0; i < n; i++) {
                St s = station(i, prefix);
                w.write(s.id() + "," + s.village() + "光伏电站," + s.village() + "," + s.township() + "," + s.county() + ","
                        + s.kwp() + "," + s.lat() + "," + s.lon() + "," + s.grid() + "\n");
            }
        }
        System.out.printf("gen stations: %d stations, %d counties, %d townships -> %s%n", n, (n + PER_COUNTY - 1) / PER_COUNTY,
                (n + PER_TOWNSHIP - 1) / PER_TOWNSHIP, out);
    }

    // ---- the registry ------------------------------------------------------------------------------------------

    /** Where the registry goes: a SQLite file, or a PostgreSQL database (as the service's registry.url). */
    record Target(Path sqliteFile, String jdbcUrl, String user) {
        static Target sqlite(Path file) {
            return new Target(file, null, null);
        }

        static Target postgres(String url, String user) {
            return new Target(null, url, user);
        }

        Registry open() {
            if (sqliteFile != null) return Registry.openSqlite(sqliteFile);
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl(jdbcUrl);
            if (!user.isEmpty()) ds.setUser(user);
            return Registry.open(ds);
        }

        /** A plain connection for the bulk batches (PostgreSQL: multi-row inserts from the driver's batch rewrite). */
        Connection connect() throws java.sql.SQLException {
            if (sqliteFile != null) return DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
            return DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true", user, "");
        }

        @Override
        public String toString() {
            return sqliteFile != null ? sqliteFile.toString() : jdbcUrl;
        }
    }

    static void registry(Target db, Path stationsFile, double householdsPerVillage) throws Exception {
        long t = System.nanoTime();
        try (Registry registry = db.open()) {
            int n = new RegistryCsv(registry, new ReceiptBook(registry.database()), new PlanBook(registry.database())).importStationList(stationsFile);
            System.out.printf("gen registry: open (Flyway) + %d stations and their villages through RegistryCsv.importStationList: %.1f s%n", n,
                    (System.nanoTime() - t) / 1e9);
        }
        t = System.nanoTime();
        List<St> stations = readStations(stationsFile);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            if (db.sqliteFile() != null) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA foreign_keys = ON");
                }
            }
            Map<String, String> villageOf = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT station_id, village_id FROM station_owners")) {
                while (rs.next()) villageOf.put(rs.getString(1), rs.getString(2));
            }
            try (PreparedStatement tariff = c.prepareStatement("INSERT INTO tariffs (station_id, valid_from, valid_until, "
                    + "benchmark_per_kwh, subsidy_per_kwh) VALUES (?, ?, NULL, '0.3949', ?) ON CONFLICT DO NOTHING")) {
                for (St s : stations) {
                    tariff.setString(1, s.id());
                    tariff.setString(2, s.grid().toString());
                    tariff.setString(3, s.grid().getYear() == 2016 ? "0.5851" : "0.4551");
                    tariff.addBatch();
                }
                tariff.executeBatch();
            }
            long households = 0;
            long attributes = 0;
            long posts = 0;
            try (PreparedStatement hh = c.prepareStatement("INSERT INTO households (id, village_id, head_name, id_number, size) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement en = c.prepareStatement("INSERT INTO enrollments (household_id, enrolled_from, enrolled_to) VALUES (?, ?, ?)");
                 PreparedStatement at = c.prepareStatement("INSERT INTO household_attributes (household_id, attribute) VALUES (?, ?)");
                 PreparedStatement po = c.prepareStatement("INSERT INTO posts (id, village_id, title, holder_household_id, monthly_wage_fen, "
                         + "active_from, active_to) VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
                SplittableRandom r = new SplittableRandom(42);
                String[] attrs = {"DISABILITY", "SERIOUS_ILLNESS", "ELDERLY_LIVING_ALONE", "NO_LABOUR_CAPACITY", "WEAK_LABOUR_CAPACITY"};
                double carry = 0;
                int pending = 0;
                for (St s : stations) {
                    String village = villageOf.get(s.id());
                    carry += householdsPerVillage;
                    int count = (int) carry;
                    carry -= count;
                    for (int k = 0; k < count; k++) {
                        households++;
                        String id = "H" + households;
                        hh.setString(1, id);
                        hh.setString(2, village);
                        hh.setString(3, name(r));
                        hh.setString(4, idNumber(households, r));
                        hh.setInt(5, 1 + r.nextInt(6));
                        hh.addBatch();
                        // most enrolled since 2016; one in 20 joined this year (a partial month somewhere)
                        en.setString(1, id);
                        en.setString(2, r.nextInt(20) == 0 ? LocalDate.of(2026, 1 + r.nextInt(11), 1 + r.nextInt(28)).toString() : "2016-01-01");
                        en.setString(3, null);
                        en.addBatch();
                        for (String a : attrs) {
                            if (r.nextInt(12) == 0) {
                                at.setString(1, id);
                                at.setString(2, a);
                                at.addBatch();
                                attributes++;
                            }
                        }
                        if (k < 2) {
                            posts++;
                            po.setString(1, "P" + posts);
                            po.setString(2, village);
                            po.setString(3, k == 0 ? "保洁员" : "护路员");
                            po.setString(4, id);
                            po.setLong(5, 30_000 + 10_000L * r.nextInt(3));
                            po.setString(6, "2020-01-01");
                            po.addBatch();
                        }
                        if (++pending >= 10_000) {
                            hh.executeBatch(); en.executeBatch(); at.executeBatch(); po.executeBatch();
                            pending = 0;
                        }
                    }
                }
                hh.executeBatch(); en.executeBatch(); at.executeBatch(); po.executeBatch();
            }
            c.commit();
            System.out.printf("gen registry: tariffs for %d stations, %d households (%.1f per village), %d attributes, %d posts "
                    + "(batched JDBC, one transaction): %.1f s%n", stations.size(), households, householdsPerVillage, attributes, posts,
                    (System.nanoTime() - t) / 1e9);
        }
        if (db.sqliteFile() != null) System.out.printf("gen registry: %s is %d MB%n", db, Files.size(db.sqliteFile()) >> 20);
    }

    private static String name(SplittableRandom r) {
        int g = r.nextInt(GIVEN.length() / 2) * 2;
        return SURNAMES.charAt(r.nextInt(SURNAMES.length())) + GIVEN.substring(g, g + 2);
    }

    /** A valid 18-character ID number (region 37xxxx, a birth date, a unique sequence, the MOD 11-2 check). */
    private static String idNumber(long n, SplittableRandom r) {
        String region = "37" + String.format("%04d", (int) (n / 1000) % 10000);
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(60 * 365));
        String first = region + birth.toString().replace("-", "") + String.format("%03d", (int) (n % 1000));
        // region+birth+sequence is unique as long as n/1000 (mod 10000) and n%1000 differ; add the birth date spread
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first.charAt(i) - '0') * w[i];
        return first + "10X98765432".charAt(sum % 11);
    }

    // ---- statement preview URLs --------------------------------------------------------------------------------

    static void previewUrls(Map<String, String> o) throws IOException {
        List<St> stations = readStations(Path.of(o.get("stations")));
        List<St> chosen = new ArrayList<>();
        if (o.containsKey("county")) {
            for (St s : stations) if (s.county().equals(o.get("county"))) chosen.add(s);
        } else {
            int n = Integer.parseInt(o.get("sample"));
            for (int k = 0; k < n; k++) chosen.add(stations.get((int) ((long) k * stations.size() / n)));
        }
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(o.get("out")), StandardCharsets.UTF_8)) {
            for (St s : chosen) {
                String village = org.pvmon.registry.Village.idFor(s.county(), s.township(), s.village());
                w.write(o.get("base") + "/api/villages/" + java.net.URLEncoder.encode(village, StandardCharsets.UTF_8).replace("+", "%20")
                        + "/statements/preview?month=" + o.get("month") + "\n");
            }
        }
        System.out.printf("gen preview-urls: %d villages -> %s%n", chosen.size(), o.get("out"));
    }

    // ---- readings ----------------------------------------------------------------------------------------------

    /** Specific power (kW/kWp) of a healthy station: a half-sine between 06:30 and 17:00 local, peak 0.6. */
    static double clearDay(Instant t) {
        LocalTime lt = LocalDateTime.ofInstant(t, ZONE).toLocalTime();
        double h = lt.toSecondOfDay() / 3600.0;
        return h <= 6.5 || h >= 17 ? 0 : 0.6 * Math.sin(Math.PI * (h - 6.5) / 10.5);
    }

    /** Cumulative specific energy (kWh/kWp) of the half-sine from a day's start to {@code t}. */
    static double clearDayEnergy(Instant t) {
        LocalTime lt = LocalDateTime.ofInstant(t, ZONE).toLocalTime();
        double h = Math.min(17, Math.max(6.5, lt.toSecondOfDay() / 3600.0));
        return 0.6 * 10.5 / Math.PI * (1 - Math.cos(Math.PI * (h - 6.5) / 10.5));
    }

    static final double DAY_KWH_PER_KWP = 0.6 * 10.5 / Math.PI * 2;

    /**
     * What a station does in the alerts scheme: 97 % healthy; 1 % went silent 3 h before {@code now} (OFFLINE);
     * 1 % report zero power since 08:00 today (IDLE); 1 % produce 50 % for the last 6 days (UNDERPERFORMING).
     */
    enum Fault { NONE, OFFLINE, IDLE, DEGRADED }

    static Fault fault(int i) {
        return switch (i % 100) { case 17 -> Fault.OFFLINE; case 43 -> Fault.IDLE; case 71 -> Fault.DEGRADED; default -> Fault.NONE; };
    }

    /** Counter (kWh) of station {@code s} at {@code t}: 2,000 kWh/kWp at the start of day0, then per-day energy. */
    static double counter(St s, int index, Instant t, LocalDate day0, Instant now) {
        Fault f = fault(index);
        LocalDate day = LocalDate.ofInstant(t, ZONE);
        // the days day0 .. day - 1 at full output, the DEGRADED station's last 6 days (see factor) at half: counted, not
        // looped over, since a point's day may lie months after day0 (the sizing run's older days)
        double fullDays = Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(day0, day));
        if (f == Fault.DEGRADED) {
            LocalDate halfFrom = LocalDate.ofInstant(now, ZONE).minusDays(5);
            fullDays -= 0.5 * Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(halfFrom.isAfter(day0) ? halfFrom : day0, day));
        }
        double kwhPerKwp = 2000 + DAY_KWH_PER_KWP * fullDays;
        double today = clearDayEnergy(t) * factor(f, day, now);
        if (f == Fault.IDLE && day.equals(LocalDate.ofInstant(now, ZONE))) {
            today = Math.min(today, clearDayEnergy(day.atTime(8, 0).atZone(ZONE).toInstant()));
        }
        return Math.round((kwhPerKwp + today) * s.kwp() * 10) / 10.0;
    }

    static double factor(Fault f, LocalDate d, Instant now) {
        return f == Fault.DEGRADED && !d.isBefore(LocalDate.ofInstant(now, ZONE).minusDays(5)) ? 0.5 : 1.0;
    }

    static double power(St s, int index, Instant t, Instant now) {
        Fault f = fault(index);
        LocalDate day = LocalDate.ofInstant(t, ZONE);
        if (f == Fault.IDLE && day.equals(LocalDate.ofInstant(now, ZONE)) && LocalDateTime.ofInstant(t, ZONE).getHour() >= 8) return 0;
        return Math.round(clearDay(t) * factor(f, day, now) * s.kwp() * 1000) / 1000.0;
    }

    /** Local dusk and wake-up of inverter-powered loggers in the night scenarios: silent after 17:00, again from 07:30. */
    static final LocalTime DUSK = LocalTime.of(17, 0);
    static final LocalTime WAKE = LocalTime.of(7, 30);

    /**
     * Whether station reading time {@code t} is left out (alerts scheme). {@code at} noon (the default run): an OFFLINE
     * station is silent for the last 3 h, everything else reports. {@code at} night or morning: every logger is silent
     * from dusk (after 17:00) to 07:30 in the last 48 h, as inverter-powered loggers are; an OFFLINE station stays silent
     * from the dusk before {@code now}'s local day (at 05:30 that is every station's silence; at 08:30 the other stations
     * have reported since 07:30). The older days' 00:00 readings (energy only) stay.
     */
    static boolean silent(Fault f, Instant t, Instant now, String at) {
        if (at.equals("noon")) return f == Fault.OFFLINE && t.isAfter(now.minusSeconds(3 * 3600));
        if (f == Fault.OFFLINE && t.isAfter(LocalDate.ofInstant(now, ZONE).minusDays(1).atTime(DUSK).atZone(ZONE).toInstant())) return true;
        if (t.isBefore(now.minusSeconds(48 * 3600))) return false;
        LocalTime lt = LocalDateTime.ofInstant(t, ZONE).toLocalTime();
        return lt.isAfter(DUSK) || lt.isBefore(WAKE);
    }

    static void readings(Map<String, String> o) throws Exception {
        String url = o.get("influx") + "/write?db=" + o.get("db") + "&precision=s";
        List<St> stations = readStations(Path.of(o.get("stations")));
        String scheme = o.get("scheme");
        List<Long> times = new ArrayList<>(); // epoch seconds, same for every station
        Instant now;
        LocalDate day0;
        if (scheme.equals("alerts")) {
            // 14 local days before now: two readings a day (00:00 and 12:00) for the older 12 days, one every
            // --recent-minutes (default 60) for the last 48 h, and one 30 s before now (a station reporting on time)
            now = Instant.ofEpochSecond(Long.parseLong(o.get("now")));
            int recentMinutes = Integer.parseInt(o.getOrDefault("recent-minutes", "60"));
            LocalDate today = LocalDate.ofInstant(now, ZONE);
            day0 = today.minusDays(14);
            // --from-day: the older days (two readings a day) reach back to that day, e.g. the day before a statement month
            if (o.containsKey("from-day") && LocalDate.parse(o.get("from-day")).isBefore(day0)) day0 = LocalDate.parse(o.get("from-day"));
            Instant recentFrom = now.minusSeconds(48 * 3600);
            for (LocalDate d = day0; d.isBefore(today.plusDays(1)); d = d.plusDays(1)) {
                for (int h : new int[] {0, 12}) {
                    Instant t = d.atTime(h, 0).atZone(ZONE).toInstant();
                    if (t.isBefore(recentFrom)) times.add(t.getEpochSecond());
                }
            }
            long step = recentMinutes * 60L;
            long first = Math.floorDiv(recentFrom.getEpochSecond() + step - 1, step) * step;
            for (long t = first; t < now.getEpochSecond() - 60; t += step) times.add(t);
            times.add(now.getEpochSecond() - 30);
        } else {
            // a month of statements: one reading a day at local 00:00 from the day before the month to 2 days after
            YearMonth month = YearMonth.parse(o.get("month"));
            day0 = month.atDay(1).minusDays(1);
            now = month.atEndOfMonth().plusDays(3).atStartOfDay(ZONE).toInstant();
            for (LocalDate d = day0; !d.isAfter(month.atEndOfMonth().plusDays(2)); d = d.plusDays(1)) {
                times.add(d.atStartOfDay(ZONE).toEpochSecond());
            }
        }
        System.out.printf("gen readings: scheme %s, %d stations x %d readings = %d points%n", scheme, stations.size(), times.size(),
                (long) stations.size() * times.size());
        int writers = Integer.parseInt(o.getOrDefault("writers", "2"));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> jobs = new ArrayList<>();
        AtomicLong written = new AtomicLong();
        int chunk = (stations.size() + writers - 1) / writers;
        final Instant nowF = now;
        final String atF = o.getOrDefault("at", "noon");
        if (!List.of("noon", "night", "morning").contains(atF)) throw new IllegalArgumentException("--at noon|night|morning, got " + atF);
        final LocalDate day0F = day0;
        for (int w = 0; w < writers; w++) {
            int from = w * chunk;
            int to = Math.min(stations.size(), from + chunk);
            jobs.add(pool.submit(() -> {
                StringBuilder b = new StringBuilder(1 << 20);
                int inBatch = 0;
                for (int i = from; i < to; i++) {
                    St s = stations.get(i);
                    Fault f = fault(i);
                    for (long t : times) {
                        Instant at = Instant.ofEpochSecond(t);
                        if (scheme.equals("alerts") && silent(f, at, nowF, atF)) continue;
                        double p = power(s, i, at, nowF);
                        b.append("reading,station=").append(s.id()).append(" power_kw=").append(p)
                                .append(",energy_kwh=").append(counter(s, i, at, day0F, nowF))
                                .append(",state=\"").append(p > 0 ? "running" : "standby").append("\",fault_code=0")
                                .append(' ').append(t).append('\n');
                        if (++inBatch == 5000) {
                            post(url, b);
                            written.addAndGet(inBatch);
                            b.setLength(0);
                            inBatch = 0;
                        }
                    }
                }
                if (inBatch > 0) {
                    post(url, b);
                    written.addAndGet(inBatch);
                }
                return null;
            }));
        }
        for (Future<?> j : jobs) j.get();
        pool.shutdown();
        System.out.printf("gen readings: %d points written%n", written.get());
    }

    static void post(String url, CharSequence body) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            c.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(bytes);
            }
            int code = c.getResponseCode();
            if (code != 204) {
                throw new IllegalStateException("influxd write: HTTP " + code + " " + new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
