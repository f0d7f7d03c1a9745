package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.pvmon.ingest.TestReadings.good;
import static org.pvmon.ingest.TestReadings.stored;
import static org.pvmon.ingest.TestReadings.topic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * No silent thread death: the batch writer's loop fails unexpectedly (an Error, which its own handling of runtime
 * exceptions does not catch); the supervisor restarts it, or, when it cannot, /health/live says so.
 */
class WorkerSupervisionIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final Duration LONG = Duration.ofSeconds(90);
    private static final String FAILURES = "pvmon_worker_failures_total{worker=\"ingest-batch-writer\"}";

    @Test
    void a_batch_writer_that_fails_once_is_restarted_and_stores_what_comes_after() {
        try (TestService service = new TestService(servers, TestReadings.STATIONS, Map.of()).start();
             Publisher pub = servers.publisher(50)) {
            ingest(service).failWriterLoop(1); // the first batch: kept, and stored once the loop is restarted
            for (int i = 0; i < 50; i++) pub.publish(topic("IT-001"), good("IT-001", i));
            await().atMost(LONG).until(() -> stored(servers.influxd(), service.database()) == 50);

            for (int i = 50; i < 100; i++) pub.publish(topic("IT-002"), good("IT-002", i));
            await().atMost(LONG).until(() -> stored(servers.influxd(), service.database()) == 100);
            assertThat(metrics(service)).contains(FAILURES + " 1.0");
            assertThat(service.get("/health/live").path("status").asText()).isEqualTo("up");
            assertThat(service.status("/health/ready")).isEqualTo(200);
            assertThat(service.get("/api/ingest/counters").path("dropped").asLong()).isZero();
        }
    }

    @Test
    void a_batch_writer_that_cannot_be_restarted_fails_liveness() {
        try (TestService service = new TestService(servers, TestReadings.STATIONS, Map.of()).start();
             Publisher pub = servers.publisher(50)) {
            assertThat(service.status("/health/live")).isEqualTo(200);
            ingest(service).failWriterLoop(Integer.MAX_VALUE); // every restart fails again
            pub.publish(topic("IT-001"), good("IT-001", 0));
            await().atMost(LONG).until(() -> service.status("/health/live") == 503);

            JsonNode live = service.get("/health/live", 503);
            assertThat(live.path("status").asText()).isEqualTo("down");
            assertThat(live.path("dead").path(0).path("worker").asText()).isEqualTo("ingest-batch-writer");
            assertThat(live.path("dead").path(0).path("error").asText()).contains("test hook");
            assertThat(live.path("dead").path(0).path("since").asText()).isNotEmpty();
            assertThat(service.status("/health/ready")).as("nothing is stored: not ready either").isEqualTo(503);
        }
    }

    private static Ingest ingest(TestService service) {
        return service.parts().services().ingest();
    }

    private static String metrics(TestService service) {
        return TestService.getText(service.baseUrl() + "/metrics", service.token());
    }
}
