package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.config.Config;
import org.pvmon.db.Database;
import org.pvmon.registry.Registry;
import org.pvmon.testing.Postgres;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;
import picocli.CommandLine;

/**
 * The restore drill, on SQLite and on PostgreSQL: a published statement and a month of readings, backed up while the
 * service runs, the data destroyed (data.dir deleted, the InfluxDB database dropped, the PostgreSQL database dropped
 * and created empty), restored, and the service started again on the restored data serves the same statement byte
 * for byte and the same daily energy.
 */
class BackupRestoreIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30
            """;
    private static final String V = "/api/villages/" + URLEncoder.encode("沂南县-岸堤镇-朱家坡村", StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-05T02:00:00Z"); // October is over in Shanghai
    private static final String ENERGY = "/api/stations/ZJP-01/energy/daily?from=2026-10-01&to=2026-10-31";

    @TempDir
    Path tmp;

    @Test
    void sqlite_back_up_destroy_restore_and_serve_the_same_statement_and_energy() throws IOException {
        drill(Map.of(), () -> { });
    }

    @Test
    void postgres_back_up_destroy_restore_and_serve_the_same_statement_and_energy() throws IOException {
        try (Postgres pg = new Postgres().start()) {
            String name = servers.uniqueName("bk").toLowerCase(java.util.Locale.ROOT);
            String url = pg.createDatabase(name);
            String pgBin = System.getenv("PG_BIN_DIR");
            Map<String, String> settings = new HashMap<>(Map.of("PVMON_REGISTRY_URL", url, "PVMON_REGISTRY_USERNAME", "pvmon"));
            if (pgBin != null && !pgBin.isBlank()) {
                settings.put("PVMON_BACKUP_PG_DUMP", Path.of(pgBin, "pg_dump").toString());
                settings.put("PVMON_BACKUP_PG_RESTORE", Path.of(pgBin, "pg_restore").toString());
            }
            drill(settings, () -> {
                pg.dropDatabase(name);
                pg.createDatabase(name);
            });
        }
    }

    private void drill(Map<String, String> database, Runnable destroyDatabase) throws IOException {
        Map<String, String> settings = new HashMap<>(database);
        settings.put("PVMON_INFLUX_BACKUP_ADDRESS", "127.0.0.1:" + servers.influxd().rpcPort());
        settings.put("PVMON_BACKUP_INFLUXD", System.getenv().getOrDefault("INFLUXD_BIN", "/usr/bin/influxd"));
        settings.put("PVMON_ENERGY_KEEP_DAYS", "0"); // the daily energy comes from the readings themselves, not stored days
        TestService service = new TestService(servers, CSV, settings).start(Clock.fixed(NOW, ZoneOffset.UTC));
        Map<String, String> env = service.env();
        Path dataDir = Path.of(env.get("PVMON_DATA_DIR"));
        String statementBody;
        byte[] notice;
        String energy;
        long id;
        Path backup = tmp.resolve("backup-2026-11-05");
        try (service; Publisher pub = servers.publisher(20)) {
            try (Registry registry = new Registry(Database.open(Config.load(null, env).registryDatabase(), dataDir))) {
                registry.upsertHousehold("沂南县-岸堤镇-朱家坡村", new Household("ZJP-H1", "朱大山", "371321195001011234", 3, Set.of(),
                        List.of(DateRange.from(LocalDate.of(2020, 1, 1)))));
                registry.upsertHousehold("沂南县-岸堤镇-朱家坡村", new Household("ZJP-H2", "朱二河", "371321196203152347", 2,
                        Set.of(Household.Attribute.DISABILITY), List.of(DateRange.from(LocalDate.of(2020, 1, 1)))));
            }
            String[] times = {"2026-09-30T23:00:00+08:00", "2026-10-01T01:00:00+08:00", "2026-10-02T12:00:00+08:00",
                    "2026-10-15T12:00:00+08:00", "2026-10-31T23:00:00+08:00", "2026-11-01T01:00:00+08:00"};
            long[] counters = {10_000, 10_010, 10_100, 11_000, 12_000, 12_010};
            for (int i = 0; i < times.length; i++) {
                pub.publish("pvmon/v1/stations/ZJP-01/reading", "{\"station\":\"ZJP-01\",\"ts\":\"" + times[i]
                        + "\",\"power_kw\":1.0,\"energy_kwh\":" + counters[i] + "}");
            }
            service.awaitStored(times.length);

            id = service.post(V + "/statements?month=2026-10", null, 201).path("id").asLong();
            service.post("/api/statements/" + id + "/approve", "{}", 200);
            service.post("/api/statements/" + id + "/publish", "{}", 200);
            statementBody = service.text("/api/statements/" + id, 200);
            notice = service.bytes("GET", "/api/statements/" + id + "/export.csv?version=notice", null, 200);
            energy = service.text(ENERGY, 200);
            assertThat(service.get(ENERGY).path("totalKwh").decimalValue()).isEqualByComparingTo("2000"); // October, midnights interpolated
            assertThat(service.get("/api/statements/" + id).path("statement").path("totals").path("basisYuan").decimalValue()).isPositive();

            // while the service runs
            assertThat(cli(env, "backup", backup.toString())).isZero();
        }
        assertThat(backup.resolve("manifest.properties")).content().contains(database.isEmpty() ? "sql=sqlite" : "sql=postgresql").contains("readings.database=" + service.database());
        assertThat(backup.resolve(database.isEmpty() ? "registry.db" : "registry.dump")).isRegularFile();
        assertThat(cli(env, "backup", backup.toString())).as("a backup never writes into a used directory").isEqualTo(1);

        // disaster
        deleteTree(dataDir);
        servers.influxd().execute("DROP DATABASE \"" + service.database() + "\"", null);
        destroyDatabase.run();

        assertThat(cli(env, "restore", backup.toString())).isZero();
        assertThat(cli(env, "restore", backup.toString())).as("refuses to replace the SQL database without --force").isEqualTo(1);

        Map<String, String> same = new HashMap<>(settings); // the same databases and data dir, a new broker identity
        same.put("PVMON_DATA_DIR", env.get("PVMON_DATA_DIR"));
        same.put("PVMON_INFLUX_DATABASE", env.get("PVMON_INFLUX_DATABASE"));
        try (TestService restored = new TestService(servers, CSV, same).start(Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(restored.get(ENERGY).path("totalKwh").decimalValue()).isEqualByComparingTo("2000");
            assertThat(restored.text("/api/statements/" + id, 200)).isEqualTo(statementBody);
            assertThat(restored.bytes("GET", "/api/statements/" + id + "/export.csv?version=notice", null, 200)).isEqualTo(notice);
            assertThat(restored.text(ENERGY, 200)).isEqualTo(energy);
        }
    }

    private static int cli(Map<String, String> env, String... args) {
        App.Cli cli = new App.Cli();
        cli.env = env;
        return new CommandLine(cli).execute(args);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
