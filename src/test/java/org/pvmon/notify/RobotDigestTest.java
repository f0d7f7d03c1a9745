package org.pvmon.notify;

import org.pvmon.alerting.AlertBook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.config.Config;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.workers.Workers;

/**
 * A county-wide outage (25 stations offline in one evaluation) reaches a WeCom group robot, which accepts 20 messages a
 * minute, as three digest messages of at most 10 lines in alert order, each alert once, instead of 25 messages trickling
 * in through rate-limit retries; the generic webhook still gets one POST per event.
 */
class RobotDigestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void an_outage_of_25_stations_is_three_robot_messages_and_25_webhook_posts() throws Exception {
        List<String> robot = new CopyOnWriteArrayList<>();
        List<String> webhook = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/wecom", ex -> {
            robot.add(JSON.readTree(ex.getRequestBody()).path("markdown").path("content").asText());
            byte[] ok = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.createContext("/hook", ex -> {
            webhook.add(JSON.readTree(ex.getRequestBody()).path("station").asText());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Config.Notify cfg = new Config.Notify(base + "/hook", base + "/wecom", "", "", "", "", Duration.ofSeconds(2),
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(10));
        Registry registry = Registry.openSqlite(dir.resolve("registry.db"));
        Instant t0 = Instant.now();
        List<Condition> outage = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            outage.add(new Condition(String.format("S%02d", i), AlertType.OFFLINE, t0, "silent", BigDecimal.ONE, Money.ofFen(85)));
        }
        new AlertBook(registry.database()).apply(new Evaluation(t0, outage, Map.of(), Set.of()));
        try (Notifier notifier = new Notifier(cfg, null, registry, new Outbox(registry.database()), new PrometheusRegistry(), Clock.systemUTC(),
                new Workers(new PrometheusRegistry()))) {
            notifier.start("pvmon-1");
            await().atMost(Duration.ofSeconds(20)).until(() -> new Outbox(registry.database()).list(Outbox.Status.SENT, 100).size() == 50);
        } finally {
            server.stop(0);
        }
        assertThat(webhook).hasSize(25).doesNotHaveDuplicates().isSorted();
        assertThat(robot).hasSize(3);
        assertThat(robot.get(0)).startsWith("### 【告警汇总】10 条告警\n> 【告警】S01 离线｜");
        assertThat(robot.get(2)).startsWith("### 【告警汇总】5 条告警\n");
        List<String> stations = new ArrayList<>();
        for (String message : robot) {
            for (String line : message.split("\n")) {
                if (line.startsWith("> 【告警】")) stations.add(line.substring("> 【告警】".length(), line.indexOf(' ', 2)));
            }
        }
        assertThat(stations).hasSize(25).doesNotHaveDuplicates().isSorted();
    }
}
