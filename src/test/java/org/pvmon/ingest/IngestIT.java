package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.pvmon.ingest.TestReadings.good;
import static org.pvmon.ingest.TestReadings.stored;
import static org.pvmon.ingest.TestReadings.topic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/** Readings through a real mosquitto into a real InfluxDB: bad ones kept, good ones never lost. */
class IngestIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final Duration LONG = Duration.ofSeconds(90);

    @Test
    void bad_readings_are_kept_and_counted_while_good_ones_pass() {
        List<String> bad = List.of(
                "not json at all",
                "{\"station\":\"IT-001\",\"ts\":\"2026-06-01T12:00:00+08:00\",\"power_kw\":\"a lot\",\"energy_kwh\":1}",
                "{\"station\":\"IT-001\",\"power_kw\":1,\"energy_kwh\":1}",
                "{\"station\":\"IT-001\",\"ts\":\"2026-06-01T12:00:00\",\"power_kw\":1,\"energy_kwh\":1}",
                "{\"station\":\"IT-001\",\"ts\":\"2099-06-01T12:00:00+08:00\",\"power_kw\":1,\"energy_kwh\":1}",
                "{\"station\":\"IT-001\",\"ts\":\"2001-06-01T12:00:00+08:00\",\"power_kw\":1,\"energy_kwh\":1}",
                "{\"station\":\"IT-001\",\"ts\":\"" + java.time.OffsetDateTime.now() + "\",\"power_kw\":61,\"energy_kwh\":1}",
                "{\"station\":\"IT-001\",\"ts\":\"" + java.time.OffsetDateTime.now() + "\",\"power_kw\":-5,\"energy_kwh\":1}",
                "{\"station\":\"NOPE-1\",\"ts\":\"" + java.time.OffsetDateTime.now() + "\",\"power_kw\":1,\"energy_kwh\":1}",
                good("IT-001", 1000) + good("IT-001", 1001),
                "{\"station\":\"IT-001\",\"ts\":\"" + java.time.OffsetDateTime.now() + "\",\"power_kw\":1,\"power_kw\":60,\"energy_kwh\":1}");
        String open = good("IT-001", 1002).replaceFirst("}$", "");
        ByteArrayOutputStream invalidUtf8 = new ByteArrayOutputStream(); // an encoded surrogate in an extra field
        invalidUtf8.writeBytes((open + ",\"fw\":\"v2 ").getBytes(StandardCharsets.UTF_8));
        invalidUtf8.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        invalidUtf8.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        // 3 MiB: far over the 4 KiB limit and the receiver's buffer; refused as too large without being held whole.
        byte[] huge = (open + ",\"pad\":\"" + "x".repeat(3 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (TestService service = new TestService(servers, TestReadings.STATIONS, Map.of()).start();
             Publisher pub = servers.publisher(50)) {
            int good = 0;
            for (int i = 0; i < 300; i++) {
                pub.publish(topic(i % 2 == 0 ? "IT-001" : "IT-002"), good(i % 2 == 0 ? "IT-001" : "IT-002", i));
                good++;
                if (i % 20 == 0 && i / 20 < bad.size()) {
                    String payload = bad.get(i / 20);
                    pub.publish(topic(payload.contains("NOPE-1") ? "NOPE-1" : "IT-001"), payload);
                }
                if (i == 250) pub.publish(topic("IT-001"), invalidUtf8.toByteArray());
                if (i == 270) pub.publish(topic("IT-001"), huge);
            }
            int total = good + bad.size() + 2;
            await().atMost(LONG).until(() -> service.get("/api/ingest/counters").path("received").asLong() == total);
            await().atMost(LONG).until(() -> stored(servers.influxd(), service.database()) == 300);

            JsonNode counters = service.get("/api/ingest/counters");
            assertThat(counters.path("rejected").asLong()).isEqualTo(bad.size() + 2);
            assertThat(counters.path("dropped").asLong()).isZero();
            assertThat(counters.path("rejectedByReason").path("out_of_range").asLong()).isEqualTo(2);

            JsonNode rejected = service.get("/api/rejected-readings?limit=50").path("rejected");
            List<String> reasons = new ArrayList<>();
            rejected.forEach(r -> reasons.add(r.path("reason").asText()));
            assertThat(reasons).containsExactlyInAnyOrder("malformed_json", "wrong_type", "missing_field", "bad_timestamp",
                    "timestamp_in_future", "timestamp_too_old", "out_of_range", "out_of_range", "unknown_station",
                    "malformed_json", "duplicate_key", "invalid_utf8", "too_large");
            JsonNode wrongType = service.get("/api/rejected-readings?reason=wrong_type").path("rejected").path(0);
            assertThat(wrongType.path("payload").asText()).contains("\"a lot\"");
            assertThat(wrongType.path("detail").asText()).contains("power_kw must be a number");
            assertThat(wrongType.path("station").asText()).isEqualTo("IT-001");

            JsonNode invalid = service.get("/api/rejected-readings?reason=invalid_utf8").path("rejected");
            assertThat(invalid).hasSize(1);
            assertThat(invalid.path(0).path("payload").asText()).contains(",\"fw\":\"v2 \uFFFD");
            assertThat(invalid.path(0).path("detail").asText()).startsWith("invalid UTF-8 at byte " + (open.length() + 10));
            JsonNode tooLarge = service.get("/api/rejected-readings?reason=too_large").path("rejected").path(0);
            assertThat(tooLarge.path("detail").asText()).isEqualTo(huge.length + " bytes, limit 4096");
            assertThat(tooLarge.path("payload").asText()).startsWith(open).hasSizeLessThanOrEqualTo(4096);
            assertThat(tooLarge.path("station").asText()).isEqualTo("IT-001");
            JsonNode twice = service.get("/api/rejected-readings?reason=duplicate_key").path("rejected").path(0);
            assertThat(twice.path("detail").asText()).isEqualTo("key 'power_kw' appears twice in one object");

            String metrics = TestService.getText(service.baseUrl() + "/metrics", service.token());
            assertThat(metrics).contains("pvmon_ingest_rejected_total{reason=\"unknown_station\"} 1.0")
                    .contains("pvmon_ingest_rejected_total{reason=\"invalid_utf8\"} 1.0")
                    .contains("pvmon_ingest_rejected_total{reason=\"duplicate_key\"} 1.0")
                    .contains("pvmon_ingest_rejected_total{reason=\"malformed_json\"} 2.0")
                    .contains("pvmon_ingest_dropped_total 0.0");
            JsonNode err = service.get("/api/rejected-readings?reason=typo", 400);
            assertThat(err.path("parameter").asText()).isEqualTo("reason");
        }
    }

    @Test
    void influxdb_stopped_and_restarted_mid_stream_loses_nothing() throws Exception {
        int total = 3000;
        try (TestService service = new TestService(servers, TestReadings.STATIONS, Map.of()).start();
             Publisher pub = servers.publisher(100)) {
            AtomicInteger sent = new AtomicInteger();
            Thread logger = stream(pub, total, sent);
            await().atMost(LONG).until(() -> stored(servers.influxd(), service.database()) >= 300);

            servers.influxd().stop();
            // A pretty-printed (multi-line) bad payload while spooling: kept as one record, nothing after it lost.
            pub.publish(topic("NOPE-2"), "{\r\n  \"station\": \"NOPE-2\",\n  \"power_kw\": 1\r}");
            await().atMost(LONG).until(() -> service.get("/api/ingest/counters").path("spoolPending").asLong() >= 300);
            service.get("/health/ready", 503);

            servers.influxd().start();
            logger.join(LONG.toMillis());
            pub.awaitAllAcked(total, LONG);
            await().atMost(LONG).until(() -> stored(servers.influxd(), service.database()) == total);
            JsonNode c = service.get("/api/ingest/counters");
            assertThat(c.path("received").asLong()).isGreaterThanOrEqualTo(total);
            assertThat(c.path("spooled").asLong()).isGreaterThanOrEqualTo(300);
            assertThat(c.path("replayed").asLong()).isEqualTo(c.path("spooled").asLong());
            assertThat(c.path("spoolPending").asLong()).isZero();
            assertThat(c.path("dropped").asLong()).isZero();
            assertThat(stored(servers.influxd(), service.database())).isEqualTo(total);
            JsonNode kept = service.get("/api/rejected-readings?reason=unknown_station").path("rejected").path(0);
            assertThat(kept.path("payload").asText()).isEqualTo("{\\r\\n  \"station\": \"NOPE-2\",\\n  \"power_kw\": 1\\r}");
        }
    }

    /**
     * With a plain subscription (empty mqtt.group, one connection). mosquitto 2.0 forgets shared subscriptions when
     * it restarts, so in shared mode what loggers publish between the restart and the service's resubscribe (about a
     * second) has no subscriber and is discarded by the broker: docs/operations.md says which mode to run where.
     */
    @Test
    void broker_restarted_mid_stream_loses_nothing() throws Exception {
        int total = 3000;
        Map<String, String> plain = Map.of("PVMON_MQTT_GROUP", "", "PVMON_MQTT_CONNECTIONS", "1");
        try (TestService service = new TestService(servers, TestReadings.STATIONS, plain).start();
             Publisher pub = servers.publisher(100)) {
            AtomicInteger sent = new AtomicInteger();
            Thread logger = stream(pub, total, sent);
            await().atMost(LONG).until(() -> pub.acked() >= 800);

            servers.mosquitto().stop();
            servers.mosquitto().start();

            logger.join(LONG.toMillis());
            pub.awaitAllAcked(total, LONG);
            await().atMost(LONG).until(() -> stored(servers.influxd(), service.database()) == total);
            service.awaitReady();
            assertThat(service.get("/api/ingest/counters").path("dropped").asLong()).isZero();
        }
    }

    /**
     * {@code ws://}: the mosquitto here has no WebSocket listener (its libwebsockets cannot open one), so a real
     * WebSocket server (Jetty, through Javalin) relays each binary message to the broker's TCP listener and back, as a
     * WebSocket front (nginx, a cloud load balancer) would.
     */
    @Test
    void readings_arrive_over_a_websocket() throws Exception {
        java.net.URI broker = java.net.URI.create(servers.mqttUrl());
        java.util.Map<String, java.net.Socket> upstream = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger frames = new AtomicInteger();
        io.javalin.Javalin bridge = io.javalin.Javalin.create().ws("/mqtt", ws -> {
            ws.onConnect(ctx -> {
                java.net.Socket sock = new java.net.Socket(broker.getHost(), broker.getPort());
                upstream.put(ctx.sessionId(), sock);
                Thread pump = new Thread(() -> {
                    byte[] buf = new byte[8192];
                    try (var in = sock.getInputStream()) {
                        for (int n; (n = in.read(buf)) > 0; ) ctx.send(java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(buf, n)));
                    } catch (java.io.IOException e) {
                        // the bridge's connection ended
                    }
                    ctx.closeSession();
                });
                pump.setDaemon(true);
                pump.start();
            });
            ws.onBinaryMessage(ctx -> {
                frames.incrementAndGet();
                upstream.get(ctx.sessionId()).getOutputStream().write(ctx.data(), ctx.offset(), ctx.length());
            });
            ws.onClose(ctx -> {
                java.net.Socket sock = upstream.remove(ctx.sessionId());
                if (sock != null) sock.close();
            });
        }).start("127.0.0.1", 0);
        int total = 500;
        try (TestService service = new TestService(servers, TestReadings.STATIONS,
                Map.of("PVMON_MQTT_URL", "ws://127.0.0.1:" + bridge.port() + "/mqtt")).start();
             Publisher pub = servers.publisher(100)) {
            byte[] huge = ("{\"pad\":\"" + "x".repeat(3 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < total; i++) {
                pub.publish(topic("IT-001"), good("IT-001", i));
                if (i == total / 2) pub.publish(topic("IT-001"), huge); // spans hundreds of WebSocket messages
            }
            pub.awaitAllAcked(total + 1, LONG);
            await().atMost(LONG).until(() -> stored(servers.influxd(), service.database()) == total);
            await().atMost(LONG).until(() -> service.get("/api/ingest/counters").path("rejectedByReason").path("too_large").asLong() == 1);
            service.awaitReady();
            assertThat(frames.get()).as("the service spoke through the WebSocket").isGreaterThan(2);
            assertThat(service.get("/api/ingest/counters").path("dropped").asLong()).isZero();
        } finally {
            bridge.stop();
        }
    }

    /** A logger publishing {@code total} readings of two stations, paced at about 1,000 a second. */
    static Thread stream(Publisher pub, int total, AtomicInteger sent) {
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                String st = i % 2 == 0 ? "IT-001" : "IT-002";
                pub.publish(topic(st), good(st, i));
                sent.incrementAndGet();
                long due = start + i * 1_000_000L;
                while (System.nanoTime() < due) Thread.onSpinWait();
            }
        }, "test-logger");
        t.start();
        return t;
    }
}
