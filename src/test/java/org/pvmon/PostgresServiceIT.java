package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.http.AlertFleet;
import org.pvmon.testing.HandClock;
import org.pvmon.testing.Ports;
import org.pvmon.testing.Postgres;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;
import picocli.CommandLine;

/**
 * The whole service on PostgreSQL ({@code registry.url}): the station file and the {@code import} command fill the
 * registry there, and through the API households are uploaded, alerts open (queued for a webhook) and are acknowledged,
 * a month's statement is drafted and approved, a receipt is recorded and the county's month-end run finds the statement
 * there; a second instance on the same database sees it all, and nothing went to a SQLite file.
 */
class PostgresServiceIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    @TempDir
    Path dir;

    private static final OffsetDateTime NOON = AlertFleet.NOON; // 2026-11-20: October is over
    private static final String VILLAGE = "沂南县-界湖街道-五村";
    private static final String V = "/api/villages/" + URLEncoder.encode(VILLAGE, StandardCharsets.UTF_8);

    @Test
    void the_service_keeps_its_registry_statements_and_alerts_in_postgresql() throws Exception {
        try (Postgres pg = new Postgres().start()) {
            String url = pg.createDatabase("pvmon");
            Map<String, String> onPostgres = Map.of("PVMON_REGISTRY_URL", url, "PVMON_REGISTRY_USERNAME", "pvmon",
                    "PVMON_REGISTRY_POOL_SIZE", "4");
            Map<String, String> withWebhook = new HashMap<>(onPostgres); // a receiver that is down: deliveries stay pending
            withWebhook.put("PVMON_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + Ports.free() + "/hook");
            HandClock now = new HandClock(NOON.toInstant());
            try (TestService service = new TestService(servers, AlertFleet.CSV, withWebhook).start(now);
                 Publisher pub = servers.publisher(50)) {
                assertThat(service.get("/api/registry/stations")).hasSize(5); // the station file, imported at the start

                // the import command, with the same settings from a properties file
                Path files = Files.createDirectories(dir.resolve("import"));
                Files.writeString(files.resolve("villages.csv"), "\uFEFF村编号,村,乡镇,区县\n,东岭村,界湖街道,沂南县\n", StandardCharsets.UTF_8);
                Path config = Files.writeString(dir.resolve("pvmon.properties"), "registry.url=" + url + "\nregistry.username=pvmon\n"
                        + "data.dir=" + dir.resolve("cli-data") + "\nstations.file=" + service.env().get("PVMON_STATIONS_FILE") + "\n");
                assertThat(new CommandLine(new App.Cli()).execute("--config", config.toString(), "import", files.toString())).isZero();
                assertThat(service.get("/api/registry/villages")).extracting(v -> v.path("id").asText()).contains("沂南县-界湖街道-东岭村");

                // households uploaded; the silent and the idle station each get one alert, one is acknowledged
                assertThat(service.put("/api/registry/households", """
                        户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
                        W1,五村,赵一,370321198001011237,3,残疾,2016-01-01,
                        W2,五村,钱二,11010519491231002X,1,独居老人,2016-01-01,
                        """, 200).path("written").asInt()).isEqualTo(2);
                service.awaitStored(AlertFleet.publishMorning(pub));
                assertThat(service.post("/api/alerts/evaluate", null, 200).path("opened")).hasSize(2);
                now.set(NOON.plusMinutes(2).toInstant());
                assertThat(service.post("/api/alerts/evaluate", null, 200).path("opened")).as("updated, not opened again").isEmpty();
                JsonNode alerts = service.get("/api/alerts");
                assertThat(alerts.path("count").asInt()).isEqualTo(2);
                JsonNode off = null;
                for (JsonNode a : alerts.path("alerts")) if (a.path("station").asText().equals("A-OFF")) off = a;
                assertThat(off).isNotNull();
                assertThat(off.path("affectedHouseholds").asInt()).isEqualTo(2);
                long alertId = off.path("id").asLong();
                assertThat(service.post("/api/alerts/" + alertId + "/acknowledge", "{}", 200).path("status").asText())
                        .isEqualTo("ACKNOWLEDGED");

                // October's statement of 五村: drafted, refused twice, approved, read back
                JsonNode draft = service.post(V + "/statements?month=2026-10", null, 201);
                assertThat(draft.path("status").asText()).isEqualTo("DRAFT");
                long id = draft.path("id").asLong();
                assertThat(service.post(V + "/statements?month=2026-10", null, 409).path("message").asText()).contains("already has statement " + id);
                JsonNode approved = service.post("/api/statements/" + id + "/approve", "{}", 200);
                assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
                assertThat(approved.path("approved").path("by").asText()).isEqualTo("it-admin");
                JsonNode read = service.get("/api/statements/" + id);
                assertThat(read.path("status").asText()).isEqualTo("APPROVED");
                assertThat(read.path("statement")).isEqualTo(draft.path("statement"));
                assertThat(service.get(V + "/statements").path("statements")).hasSize(1);

                // a receipt, the county's month-end run (五村's statement is already there), the notification outbox
                service.post("/api/stations/A-OFF/receipts", "{\"receivedOn\":\"2026-11-03\",\"periodFrom\":\"2026-10\",\"periodTo\":"
                        + "\"2026-10\",\"part\":\"BENCHMARK\",\"amountYuan\":\"400.00\",\"reference\":\"10月\"}", 201);
                assertThat(service.get("/api/stations/A-OFF/receipts").path("receipts")).hasSize(1);
                JsonNode county = service.post("/api/counties/" + URLEncoder.encode("沂南县", StandardCharsets.UTF_8)
                        + "/statements?month=2026-10", null, 200);
                assertThat(county.path("errors")).isEmpty();
                assertThat(county.path("alreadyThere").asInt()).isEqualTo(1);
                Awaitility.await("two alerts queued for the webhook").atMost(Duration.ofSeconds(30))
                        .until(() -> service.get("/api/notifications").path("count").asInt() >= 2);
                assertThat(service.get("/api/notifications").path("notifications")).allSatisfy(n -> {
                    assertThat(n.path("receiver").asText()).isEqualTo("webhook");
                    assertThat(n.path("event").asText()).isEqualTo("opened");
                });

                // a second instance on the same database (its own data.dir) serves the same rows
                try (TestService second = TestService.withoutTimeSeries(AlertFleet.CSV, onPostgres).startHttp(now)) {
                    assertThat(second.get("/api/statements/" + id).path("status").asText()).isEqualTo("APPROVED");
                    assertThat(second.get("/api/alerts/" + alertId).path("acknowledged").path("by").asText()).isEqualTo("it-admin");
                    assertThat(second.get("/api/registry/villages/" + URLEncoder.encode(VILLAGE, StandardCharsets.UTF_8) + "/households")).hasSize(2);
                }

                // it is all in PostgreSQL, nothing in a SQLite file
                assertThat(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db")).doesNotExist();
                assertThat(dir.resolve("cli-data/registry.db")).doesNotExist();
                try (Connection c = DriverManager.getConnection(url, "pvmon", "")) {
                    assertThat(count(c, "SELECT COUNT(*) FROM stations")).isEqualTo(5);
                    assertThat(count(c, "SELECT COUNT(*) FROM households")).isEqualTo(2);
                    assertThat(count(c, "SELECT COUNT(*) FROM alerts")).isEqualTo(2);
                    assertThat(count(c, "SELECT COUNT(*) FROM statements WHERE status = 'APPROVED'")).isEqualTo(1);
                }
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
