package org.pvmon.notify;

import org.pvmon.db.Database;
import org.pvmon.alerting.AlertBook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Two service instances' notifiers on one registry database and one real local webhook: each notification arrives
 * exactly once, and each receiver's notifications arrive in the order the alerts changed.
 */
class SeveralInstancesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void two_instances_send_every_notification_once_and_in_order() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            received.add(JSON.readTree(ex.getRequestBody()).path("eventId").asLong());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        Config.Notify cfg = new Config.Notify("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", "", "", "", "", "",
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(10));
        Path db = dir.resolve("registry.db");
        Registry first = Registry.openSqlite(db);
        Instant t0 = Instant.now();
        try (Notifier a = new Notifier(cfg, null, first, new Outbox(first.database()), new PrometheusRegistry(), Clock.systemUTC(),
                new Workers(new PrometheusRegistry()));
             Notifier b = new Notifier(cfg, null, Registry.openSqlite(db), new Outbox(Database.openSqlite(db)), new PrometheusRegistry(),
                     Clock.systemUTC(), new Workers(new PrometheusRegistry()))) {
            a.start("pvmon-1");
            b.start("pvmon-2");
            for (int i = 0; i < 8; i++) { // 8 alerts opened one after the other, then all resolved: 16 events
                new AlertBook(first.database()).apply(new Evaluation(t0.plusMillis(i), List.of(new Condition("S" + i, AlertType.OFFLINE, t0,
                        "silent", BigDecimal.ONE, Money.ofFen(85))), Map.of(), Set.of()));
            }
            new AlertBook(first.database()).apply(new Evaluation(t0.plusSeconds(1), List.of(), Map.of(), Set.of()));
            for (int i = 0; i < 8; i++) {
                new AlertBook(first.database()).apply(new Evaluation(t0.plusSeconds(2).plusMillis(i), List.of(),
                        Map.of("S" + i, Set.of(AlertType.OFFLINE)), Set.of()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> new Outbox(first.database()).list(Outbox.Status.SENT, 100).size() == 16);
        } finally {
            server.stop(0);
        }
        assertThat(received).hasSize(16).doesNotHaveDuplicates().isSorted();
    }
}
