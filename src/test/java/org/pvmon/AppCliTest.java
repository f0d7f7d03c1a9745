package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    private static int cli(Map<String, String> env, String... args) {
        App.Cli cli = new App.Cli();
        cli.env = env;
        return new CommandLine(cli).execute(args);
    }
}
