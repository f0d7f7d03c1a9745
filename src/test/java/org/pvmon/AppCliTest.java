package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.audit.AuditLog;
import org.pvmon.db.Database;
import org.pvmon.registry.Registry;
import picocli.CommandLine;

/** The command line an operator uses to load registry files: exit codes and what lands in the registry. */
class AppCliTest {
    @TempDir
    Path dir;

    @Test
    void import_loads_registry_files_and_refuses_a_bad_one_with_exit_code_1() throws Exception {
        Path stations = Files.writeString(dir.resolve("stations-list.csv"),
                "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n", StandardCharsets.UTF_8);
        Path config = Files.writeString(dir.resolve("pvmon.properties"),
                "data.dir=" + dir.resolve("data") + "\nstations.file=" + stations + "\n", StandardCharsets.UTF_8);
        Path good = Files.createDirectories(dir.resolve("good"));
        Files.writeString(good.resolve("villages.csv"), "\uFEFF村编号,村,乡镇,区县\n,东岭村,界湖街道,沂南县\n", StandardCharsets.UTF_8);

        int ok = new CommandLine(new App.Cli()).execute("--config", config.toString(), "import", good.toString());

        assertThat(ok).isZero();
        Registry registry = Registry.openSqlite(dir.resolve("data/registry.db"));
        assertThat(registry.villages()).extracting(v -> v.name()).containsExactly("东岭村");

        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("villages.csv"), "村编号,村,乡镇\n,西岭村,界湖街道\n", StandardCharsets.UTF_8);
        int refused = new CommandLine(new App.Cli()).execute("--config", config.toString(), "import", bad.toString());

        assertThat(refused).isEqualTo(1);
        assertThat(registry.villages()).extracting(v -> v.name()).containsExactly("东岭村");
    }

    @Test
    void backup_and_restore_refuse_what_they_do_not_cover_before_touching_anything() throws Exception {
        Path stations = Files.writeString(dir.resolve("stations-list.csv"),
                "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n", StandardCharsets.UTF_8);
        Map<String, String> sqlite = Map.of("PVMON_STATIONS_FILE", stations.toString(), "PVMON_DATA_DIR", dir.resolve("data").toString());

        assertThat(cli(sqlite, "backup", dir.resolve("b1").toString())).as("no registry.db yet").isEqualTo(1);
        assertThat(dir.resolve("data/registry.db")).doesNotExist();
        assertThat(cli(sqlite, "restore", dir.resolve("nothing").toString())).as("no manifest").isEqualTo(1);
        assertThat(cli(Map.of("PVMON_STATIONS_FILE", stations.toString(), "PVMON_INFLUX_BACKUP_ADDRESS", "8088"),
                "backup", dir.resolve("b2").toString())).as("a bad setting").isEqualTo(2);
        Map<String, String> postgres = Map.of("PVMON_STATIONS_FILE", stations.toString(),
                "PVMON_REGISTRY_URL", "jdbc:postgresql://127.0.0.1:1/pvmon");
        assertThat(cli(postgres, "backup", dir.resolve("b3").toString())).as("PostgreSQL unreachable").isEqualTo(1);
        Path sqliteBackup = Files.createDirectories(dir.resolve("b4"));
        Files.writeString(sqliteBackup.resolve("manifest.properties"), "sql=sqlite\n", StandardCharsets.UTF_8);
        assertThat(cli(postgres, "restore", sqliteBackup.toString())).as("a SQLite backup onto PostgreSQL").isEqualTo(1);
    }

    @Test
    void users_are_added_listed_reset_and_given_tokens_from_the_shell_secrets_printed_once() throws Exception {
        Path stations = Files.writeString(dir.resolve("stations-list.csv"),
                "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n"
                        + "ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30\n", StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("PVMON_STATIONS_FILE", stations.toString(), "PVMON_DATA_DIR", dir.resolve("data").toString());
        try (App app = new App(org.pvmon.config.Config.load(null, env), java.time.Clock.systemUTC())) { // the station file imported
            assertThat(app.accounts().users()).isEmpty();
        }
        java.io.StringWriter out = new java.io.StringWriter();
        assertThat(cli(env, out, "users", "add", "wanggong", "--role", "OM", "--name", "王工", "--county", "沂南县")).isZero();
        assertThat(out.toString()).startsWith("created wanggong (OM, 沂南县); one-time password: ").hasLineCount(1);
        assertThat(cli(env, new java.io.StringWriter(), "users", "add", "zhang", "--role", "VILLAGE_OFFICER", "--village", "沂南县-岸堤镇-没有")).as("unknown village").isEqualTo(1);
        assertThat(cli(env, new java.io.StringWriter(), "users", "add", "x", "--role", "COUNTY_MANAGER")).as("a county manager without a county").isEqualTo(1);
        java.io.StringWriter token = new java.io.StringWriter();
        assertThat(cli(env, token, "users", "token", "wanggong", "prometheus", "--days", "30")).isZero();
        assertThat(token.toString().strip()).startsWith("pvm_").hasSizeGreaterThan(40);
        java.io.StringWriter list = new java.io.StringWriter();
        assertThat(cli(env, list, "users", "list")).isZero();
        assertThat(list.toString()).contains("wanggong").contains("王工").contains("[must change password]").contains("prometheus")
                .doesNotContain(token.toString().strip());
        java.io.StringWriter reset = new java.io.StringWriter();
        assertThat(cli(env, reset, "users", "reset-password", "wanggong")).isZero();
        assertThat(reset.toString()).startsWith("one-time password of wanggong: ");
        assertThat(cli(env, new java.io.StringWriter(), "users", "reset-password", "nobody")).isEqualTo(1);
        assertThat(cli(env, new java.io.StringWriter(), "users", "revoke-token", "1")).isZero();
    }

    private static int cli(Map<String, String> env, java.io.StringWriter out, String... args) {
        App.Cli cli = new App.Cli();
        cli.env = env;
        return new CommandLine(cli).setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(new java.io.StringWriter())).execute(args);
    }

    @Test
    void audit_verify_exits_0_on_an_intact_chain_and_1_where_it_breaks() throws Exception {
        Path stations = Files.writeString(dir.resolve("stations-list.csv"),
                "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n", StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("PVMON_STATIONS_FILE", stations.toString(), "PVMON_DATA_DIR", dir.resolve("data").toString());
        assertThat(cli(env, "audit", "verify")).as("no registry.db: nothing to verify, and none created").isEqualTo(1);
        assertThat(dir.resolve("data/registry.db")).doesNotExist();

        try (Database db = Database.openSqlite(dir.resolve("data/registry.db"))) {
            AuditLog audit = new AuditLog(db, Clock.systemUTC(), 400);
            audit.record("admin", "user.create", "user:li", null, "10.0.0.1");
            audit.record("li", "statement.approve", "statement:12", null, "10.0.0.2");
            audit.record("li", "statement.publish", "statement:12", null, "10.0.0.2");

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(cli(env, out, err, "audit", "verify")).isZero();
            assertThat(out.toString()).isEqualTo("audit chain intact: 3 entries" + System.lineSeparator());
            assertThat(err.toString()).isEmpty();

            db.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET actor = 'admin' WHERE seq = 2"));
            StringWriter nothing = new StringWriter();
            StringWriter broken = new StringWriter();
            assertThat(cli(env, nothing, broken, "audit", "verify")).isEqualTo(1);
            assertThat(broken.toString()).isEqualTo("audit chain BROKEN at entry 2: edited (entry 2 does not match its hash)"
                    + System.lineSeparator());
            assertThat(nothing.toString()).isEmpty();
        }
        Map<String, String> badSetting = new java.util.HashMap<>(env);
        badSetting.put("PVMON_AUDIT_KEEP_DAYS", "90");
        assertThat(cli(badSetting, "audit", "verify")).as("a bad setting").isEqualTo(2);
        assertThat(cli(env, "audit")).as("audit without verify: usage").isEqualTo(2);
    }

    /** Runs the command line with its output into {@code out} and its errors into {@code err}. */
    private static int cli(Map<String, String> env, StringWriter out, StringWriter err, String... args) {
        App.Cli cli = new App.Cli();
        cli.env = env;
        return new CommandLine(cli).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private static int cli(Map<String, String> env, String... args) {
        App.Cli cli = new App.Cli();
        cli.env = env;
        return new CommandLine(cli).execute(args);
    }
}
