package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.pvmon.ingest.TestReadings.stored;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.Ports;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.ServiceProcess;
import org.pvmon.testing.TestService;

/** The service as its own process, killed with SIGKILL mid-stream and started again: nothing is lost. */
class ServiceCrashIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void service_killed_mid_stream_and_restarted_loses_nothing() throws Exception {
        int total = 4000;
        int port = Ports.free();
        TestService settings = new TestService(servers, TestReadings.STATIONS, Map.of());
        Map<String, String> env = new HashMap<>(settings.env());
        env.put("PVMON_HTTP_PORT", Integer.toString(port));
        String base = "http://127.0.0.1:" + port;
        URI ready = URI.create(base + "/health/ready");
        try (ServiceProcess service = new ServiceProcess(env);
             Publisher pub = servers.publisher(100)) {
            service.start().waitReady(ready);
            String token = TestService.adminToken(base, java.nio.file.Path.of(env.get("PVMON_DATA_DIR")));
            Thread logger = IngestIT.stream(pub, total, new AtomicInteger());
            await().atMost(LONG).until(() -> stored(servers.influxd(), settings.database()) >= 500);

            assertThat(service.kill9()).isEqualTo(137);
            long storedAtCrash = stored(servers.influxd(), settings.database());
            await().atMost(LONG).until(() -> pub.acked() >= storedAtCrash + 1000); // the broker keeps them meanwhile

            service.start().waitReady(ready);
            logger.join(LONG.toMillis());
            pub.awaitAllAcked(total, LONG);
            await().atMost(LONG).until(() -> stored(servers.influxd(), settings.database()) == total);
            assertThat(TestService.getJson(base, "/api/ingest/counters", 200, token).path("dropped").asLong())
                    .as(service.logTail()).isZero();
        }
    }
}
