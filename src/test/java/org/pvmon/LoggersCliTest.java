package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.registry.Fixtures;
import org.pvmon.registry.Registry;
import picocli.CommandLine;

/** {@code pvmon loggers ...}: what an administrator runs before the HTTP API has access control. */
class LoggersCliTest {
    @TempDir
    Path dir;

    private Map<String, String> env;

    private record Run(int status, String out, String err) {
    }

    @Test
    void issue_list_sheet_rotate_revoke_with_exit_codes_and_sheets_in_a_private_file() throws Exception {
        setUp();
        Path sheets = dir.resolve("sheets.csv");

        Run issued = cli("loggers", "issue", "YN-AD-001", "--csv", "--out", sheets.toString());
        assertThat(issued.status()).as(issued.err()).isZero();
        assertThat(issued.out()).isEmpty();
        assertThat(issued.err()).contains("issued 1 logger credential(s)", "broker: files written");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sheets))).isEqualTo("rw-------");
        List<String> rows = Files.readAllLines(sheets);
        assertThat(rows.get(0)).startsWith("station,name,village,township,county,broker,username,client_id,password,");
        String password = rows.get(1).split(",")[8];
        assertThat(password).hasSize(20);
        assertThat(Files.readString(dir.resolve("broker/loggers.passwd"))).startsWith("logger-YN-AD-001:$7$101$").doesNotContain(password);

        assertThat(cli("loggers", "issue", "YN-AD-008", "--csv", "--out", sheets.toString()).err())
                .as("an existing file is never overwritten, and nothing is issued then").contains("exists");
        assertThat(cli("loggers", "list").out()).doesNotContain("YN-AD-008");
        Path unused = dir.resolve("unused.txt");
        assertThat(cli("loggers", "issue", "YN-AD-001", "--out", unused.toString()).status()).isEqualTo(1);
        assertThat(unused).as("a refused issue leaves no empty file behind").doesNotExist();
        Run again = cli("loggers", "issue", "YN-AD-001");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("Refused, nothing changed", "rotate");
        assertThat(cli("loggers", "issue", "NOPE").err()).contains("no station NOPE");
        assertThat(cli("loggers", "issue").status()).as("neither ids nor --all").isEqualTo(2);

        Run list = cli("loggers", "list", "--csv");
        assertThat(list.out()).contains("station,username,state,issued_at,rotated_at,revoked_at", "YN-AD-001,logger-YN-AD-001,active,")
                .doesNotContain("$7$", password);

        Run sheet = cli("loggers", "sheet", "YN-AD-001");
        assertThat(sheet.out()).contains("logger-YN-AD-001", "ssl://mqtt.example.cn:8883", "not shown again").doesNotContain(password);

        Run rotated = cli("loggers", "rotate", "YN-AD-001");
        assertThat(rotated.status()).isZero();
        assertThat(rotated.out()).contains("Password:").doesNotContain(password);

        Run all = cli("loggers", "issue", "--all", "--csv");
        assertThat(all.out().lines()).hasSize(2).last().asString().startsWith("YN-AD-008,");

        Run revoked = cli("loggers", "revoke", "YN-AD-001");
        assertThat(revoked.status()).isZero();
        assertThat(Files.readString(dir.resolve("broker/loggers.passwd"))).doesNotContain("logger-YN-AD-001").contains("logger-YN-AD-008");
        assertThat(cli("loggers", "list").out()).containsPattern("YN-AD-001 +logger-YN-AD-001 +revoked");
        assertThat(cli("loggers", "sync").err()).contains("broker: files written");
    }

    @Test
    void a_bad_setting_exits_2_and_a_failed_reload_exits_1_with_the_change_kept() throws Exception {
        setUp();
        env.put("PVMON_LOGGERS_ACL_FILE", "");
        assertThat(cli("loggers", "list").status()).isEqualTo(2);
        env.put("PVMON_LOGGERS_ACL_FILE", dir.resolve("broker/loggers.acl").toString());
        env.put("PVMON_LOGGERS_BROKER_PID_FILE", dir.resolve("no-such.pid").toString());

        Run issued = cli("loggers", "issue", "YN-AD-001");
        assertThat(issued.status()).isEqualTo(1);
        assertThat(issued.out()).as("the password is shown even so: it exists only now").contains("Password:");
        assertThat(issued.err()).contains("broker: NOT updated", "pvmon loggers sync");
        assertThat(cli("loggers", "list").out()).contains("logger-YN-AD-001");
    }

    private void setUp() throws Exception {
        Path stations = Files.writeString(dir.resolve("stations-list.csv"),
                "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n", StandardCharsets.UTF_8);
        try (Registry r = Registry.openSqlite(dir.resolve("data/registry.db"))) {
            Fixtures.populate(r);
        }
        env = new HashMap<>(Map.of("PVMON_STATIONS_FILE", stations.toString(), "PVMON_DATA_DIR", dir.resolve("data").toString(),
                "PVMON_LOGGERS_PASSWORD_FILE", dir.resolve("broker/loggers.passwd").toString(),
                "PVMON_LOGGERS_ACL_FILE", dir.resolve("broker/loggers.acl").toString(),
                "PVMON_LOGGERS_BROKER_URL", "ssl://mqtt.example.cn:8883"));
    }

    private Run cli(String... args) {
        App.Cli cli = new App.Cli();
        cli.env = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
