package org.pvmon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.testing.Mosquitto;
import org.pvmon.testing.Ports;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * Notifications through real receivers: a station falls silent at a November noon (the service clock runs from
 * 12:00 +08:00), one OFFLINE alert opens, and a local HTTP webhook, a WeCom and a DingTalk robot endpoint, and an MQTT
 * subscriber on the real mosquitto each get exactly one "opened" and, after the station reports again, one "resolved";
 * a webhook that refuses connections and then answers 500 gets the notification once it answers 200, retried with the
 * configured back-off while detection and the other receivers go on.
 */
class NotificationsIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OffsetDateTime NOON = OffsetDateTime.of(2026, 11, 20, 12, 0, 0, 0, ZoneOffset.ofHours(8));
    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            N-P1,一村光伏扶贫电站,一村,界湖街道,沂南县,20,35.55,118.46,2016-06-30
            N-P2,二村光伏扶贫电站,二村,界湖街道,沂南县,20,35.56,118.47,2016-06-30
            N-P3,三村光伏扶贫电站,三村,界湖街道,沂南县,20,35.54,118.45,2016-06-30
            N-OFF,五村光伏扶贫电站,五村,界湖街道,沂南县,20,35.53,118.48,2016-06-30
            """;
    private static final String SECRET = "SECdingtalk-test";
    /** Readings of {@link #publishMorning}: 49 five-minute steps for three peers, 13 for N-OFF (until 09:00). */
    private static final int READINGS = 49 * 3 + 13;

    @Test
    void every_receiver_gets_one_opened_and_one_resolved_notification() throws Exception {
        Clock clock = runningFromNoon();
        String topic = "pvmon/alerts/" + servers.uniqueName("n"); // the service's login may publish under pvmon/alerts (etc/mosquitto-service.acl)
        try (Hook hook = new Hook(Ports.free());
             Subscriber mqtt = new Subscriber(servers.mqttUrl(), servers.mosquitto().bench(), servers.uniqueName("sub"), topic + "/+");
             TestService service = new TestService(servers, CSV, Map.of(
                     "PVMON_NOTIFY_WEBHOOK_URL", hook.url("/hook"),
                     "PVMON_NOTIFY_WECOM_URL", hook.url("/wecom?key=k1"),
                     "PVMON_NOTIFY_DINGTALK_URL", hook.url("/dingtalk?access_token=t1"),
                     "PVMON_NOTIFY_DINGTALK_SECRET", SECRET,
                     "PVMON_NOTIFY_MQTT_TOPIC", topic,
                     "PVMON_NOTIFY_LINK", "http://pvmon.example.cn/api/alerts/{id}",
                     "PVMON_NOTIFY_POLL_MS", "50")).start(clock);
             Publisher pub = servers.publisher(50)) {
            enrolHouseholds(service);
            Map<String, Double> counters = publishMorning(pub);
            service.awaitStored(READINGS);

            JsonNode first = service.post("/api/alerts/evaluate", null, 200);
            assertThat(first.path("opened")).hasSize(1);
            JsonNode alert = service.get("/api/alerts").path("alerts").get(0);
            assertThat(alert.path("station").asText()).isEqualTo("N-OFF");
            assertThat(alert.path("type").asText()).isEqualTo("OFFLINE");
            long alertId = alert.path("id").asLong();

            await("opened notifications").atMost(Duration.ofSeconds(20)).until(() -> hook.ok("/hook").size() == 1
                    && hook.ok("/wecom").size() == 1 && hook.ok("/dingtalk").size() == 1 && mqtt.messages.size() == 1);
            service.post("/api/alerts/evaluate", null, 200); // the same condition again: updated, not notified again

            JsonNode opened = JSON.readTree(hook.ok("/hook").get(0).body);
            assertThat(opened.path("event").asText()).isEqualTo("opened");
            assertThat(opened.path("alertId").asLong()).isEqualTo(alertId);
            assertThat(opened.path("type").asText()).isEqualTo("OFFLINE");
            assertThat(opened.path("station").asText()).isEqualTo("N-OFF");
            assertThat(opened.path("stationName").asText()).isEqualTo("五村光伏扶贫电站");
            assertThat(opened.path("villages").toString()).isEqualTo("[\"五村\"]");
            assertThat(OffsetDateTime.parse(opened.path("since").asText()).toInstant()).isEqualTo(NOON.minusHours(3).toInstant());
            assertThat(opened.path("lostKwh").decimalValue()).isPositive().isEqualByComparingTo(alert.path("lostKwh").decimalValue());
            assertThat(opened.path("lostYuan").decimalValue()).isPositive().isEqualByComparingTo(alert.path("lostYuan").decimalValue());
            assertThat(opened.path("affectedHouseholds").asInt()).as("two enrolled households; the third left in 2020").isEqualTo(2);
            assertThat(opened.path("detail").asText()).isEqualTo(alert.path("detail").asText());
            assertThat(opened.path("link").asText()).isEqualTo("http://pvmon.example.cn/api/alerts/" + alertId);

            JsonNode wecom = JSON.readTree(hook.ok("/wecom").get(0).body);
            assertThat(wecom.path("msgtype").asText()).isEqualTo("markdown");
            assertThat(wecom.path("markdown").path("content").asText()).startsWith("### 【告警】五村光伏扶贫电站 离线\n")
                    .contains("> 村：五村（界湖街道，沂南县）\n").contains("> 开始时间：2026-11-20 09:00\n")
                    .contains("> 受影响贫困户：2 户\n").contains("> 损失收益：" + alert.path("lostYuan").decimalValue().toPlainString() + " 元");
            assertThat(hook.ok("/wecom").get(0).query).isEqualTo("key=k1");

            Request ding = hook.ok("/dingtalk").get(0);
            JsonNode dingBody = JSON.readTree(ding.body);
            assertThat(dingBody.path("msgtype").asText()).isEqualTo("markdown");
            assertThat(dingBody.path("markdown").path("title").asText()).isEqualTo("【告警】五村光伏扶贫电站 离线");
            assertThat(dingBody.path("markdown").path("text").asText()).contains("\n\n> 受影响贫困户：2 户\n\n");
            assertThat(signatureValid(ding.query)).as("signed with the secret: " + ding.query).isTrue();

            Subscriber.Received m = mqtt.messages.get(0);
            assertThat(m.topic).isEqualTo(topic + "/N-OFF");
            assertThat(m.qos).isEqualTo(1);
            assertThat(JSON.readTree(m.payload)).isEqualTo(opened);

            // the station reports again: resolved automatically, notified once
            publish(pub, "N-OFF", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.ofHours(8)), 10.0, counters.get("N-OFF") + 3);
            service.awaitStored(READINGS + 1);
            assertThat(service.post("/api/alerts/evaluate", null, 200).path("resolved")).hasSize(1);
            await("resolved notifications").atMost(Duration.ofSeconds(20)).until(() -> hook.ok("/hook").size() == 2
                    && hook.ok("/wecom").size() == 2 && hook.ok("/dingtalk").size() == 2 && mqtt.messages.size() == 2);
            JsonNode resolved = JSON.readTree(hook.ok("/hook").get(1).body);
            assertThat(resolved.path("event").asText()).isEqualTo("resolved");
            assertThat(resolved.path("alertId").asLong()).isEqualTo(alertId);
            assertThat(resolved.path("resolvedBy").asText()).isEqualTo("auto");
            assertThat(JSON.readTree(hook.ok("/wecom").get(1).body).path("markdown").path("content").asText())
                    .startsWith("### 【恢复】五村光伏扶贫电站 离线已恢复\n").contains("> 处理：电站已恢复，自动解除");
            assertThat(JSON.readTree(mqtt.messages.get(1).payload).path("event").asText()).isEqualTo("resolved");

            // a receiver has the message a moment before the sender records it as sent
            await("all recorded as sent").atMost(Duration.ofSeconds(10))
                    .until(() -> service.get("/api/notifications?status=sent").path("count").asInt() == 8);
            assertThat(service.get("/api/notifications").path("count").asInt()).as("nothing else queued").isEqualTo(8);
            assertThat(service.get("/api/notifications?status=pending").path("count").asInt()).isZero();
            service.get("/api/notifications?status=lost", 400);
            await("metrics").atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(service.text("/metrics", 200))
                    .contains("pvmon_notify_sent_total{receiver=\"webhook\"} 2.0")
                    .contains("pvmon_notify_sent_total{receiver=\"mqtt\"} 2.0")
                    .contains("pvmon_notify_deliveries{receiver=\"dingtalk\",status=\"sent\"} 2.0"));
            assertThat(hook.requests).as("no request was refused or repeated").hasSize(6);
        }
    }

    @Test
    void a_webhook_that_is_down_is_retried_with_back_off_while_detection_and_the_other_receivers_go_on() throws Exception {
        Clock clock = runningFromNoon();
        int downPort = Ports.free(); // nothing listens yet: connection refused
        try (Hook wecom = new Hook(Ports.free());
             TestService service = new TestService(servers, CSV, Map.of(
                     "PVMON_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + downPort + "/hook",
                     "PVMON_NOTIFY_WECOM_URL", wecom.url("/wecom"),
                     "PVMON_NOTIFY_RETRY_INITIAL_MS", "200",
                     "PVMON_NOTIFY_RETRY_MAX_MS", "800",
                     "PVMON_NOTIFY_TIMEOUT_MS", "2000",
                     "PVMON_NOTIFY_POLL_MS", "50")).start(clock);
             Publisher pub = servers.publisher(50)) {
            publishMorning(pub);
            service.awaitStored(READINGS);
            long alertId = service.post("/api/alerts/evaluate", null, 200).path("opened").get(0).asLong();

            await("the working receiver is not held up").atMost(Duration.ofSeconds(20)).until(() -> wecom.ok("/wecom").size() == 1);
            await("three refused attempts").atMost(Duration.ofSeconds(20)).until(() -> webhookRow(service).path("attempts").asInt() >= 3);
            JsonNode pending = webhookRow(service);
            assertThat(pending.path("status").asText()).isEqualTo("pending");
            assertThat(pending.path("alertId").asLong()).isEqualTo(alertId);
            assertThat(pending.path("lastError").asText()).contains("ConnectException");
            int attempts = pending.path("attempts").asInt();
            Duration wait = Duration.between(OffsetDateTime.parse(pending.path("lastAttemptAt").asText()),
                    OffsetDateTime.parse(pending.path("nextAttemptAt").asText()));
            assertThat(wait).as("back-off after attempt " + attempts)
                    .isEqualTo(Duration.ofMillis(Math.min(200L << (attempts - 1), 800)));

            // detection goes on while the webhook is down
            JsonNode again = service.post("/api/alerts/evaluate", null, 200);
            assertThat(again.path("updated").toString()).isEqualTo("[" + alertId + "]");

            try (Hook hook = new Hook(downPort)) {
                hook.status = 500;
                await("a 500 answer").atMost(Duration.ofSeconds(20)).until(() -> webhookRow(service).path("lastError").asText().startsWith("HTTP 500"));
                assertThat(webhookRow(service).path("status").asText()).isEqualTo("pending");
                hook.status = 200;
                await("delivered once the webhook answers").atMost(Duration.ofSeconds(20))
                        .until(() -> webhookRow(service).path("status").asText().equals("sent"));
                assertThat(hook.ok("/hook")).hasSize(1);
                JsonNode body = JSON.readTree(hook.ok("/hook").get(0).body);
                assertThat(body.path("event").asText()).isEqualTo("opened");
                assertThat(body.path("alertId").asLong()).isEqualTo(alertId);
                assertThat(webhookRow(service).path("attempts").asInt()).isGreaterThan(attempts);
                assertThat(wecom.requests).as("the robot got its message once").hasSize(1);
                await("metrics").atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(service.text("/metrics", 200))
                        .contains("pvmon_notify_sent_total{receiver=\"webhook\"} 1.0")
                        .containsPattern("pvmon_notify_failed_attempts_total\\{receiver=\"webhook\"} ([4-9]|\\d\\d+)\\.0"));
            }
        }
    }

    private static JsonNode webhookRow(TestService service) {
        for (JsonNode n : service.get("/api/notifications").path("notifications")) {
            if (n.path("receiver").asText().equals("webhook")) return n;
        }
        return JSON.missingNode();
    }

    /** The service clock: 12:00 +08:00 on the test day when the test starts, running in real time from there. */
    private static Clock runningFromNoon() {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOON.toInstant()));
    }

    /**
     * 08:00-12:00 every 5 minutes: three peers produce 12 kW, N-OFF falls silent after 09:00 (49 x 3 + 13 readings).
     * Returns the counters.
     */
    private static Map<String, Double> publishMorning(Publisher pub) {
        Map<String, Double> counters = new HashMap<>(Map.of("N-P1", 5000.0, "N-P2", 5000.0, "N-P3", 5000.0, "N-OFF", 5000.0));
        for (OffsetDateTime t = NOON.minusHours(4); !t.isAfter(NOON); t = t.plusMinutes(5)) {
            for (String id : counters.keySet()) {
                if (id.equals("N-OFF") && t.isAfter(NOON.minusHours(3))) continue;
                counters.merge(id, 1.0, Double::sum);
                publish(pub, id, t, 12.0, counters.get(id));
            }
        }
        return counters;
    }

    private static void publish(Publisher pub, String id, OffsetDateTime t, double powerKw, double energyKwh) {
        pub.publish("pvmon/v1/stations/" + id + "/reading", "{\"station\":\"" + id + "\",\"ts\":\"" + t
                + "\",\"power_kw\":" + powerKw + ",\"energy_kwh\":" + energyKwh + "}");
    }

    /** Three households of 五村 in the service's registry: two enrolled, one that left in 2020. */
    private static void enrolHouseholds(TestService service) {
        Registry registry = Registry.openSqlite(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db"));
        String village = registry.villages().stream().filter(v -> v.name().equals("五村")).map(Village::id).findFirst().orElseThrow();
        LocalDate from = LocalDate.of(2016, 1, 1);
        registry.upsertHousehold(village, new Household("H1", "张一", idNumber(1), 3, Set.of(), List.of(DateRange.from(from))));
        registry.upsertHousehold(village, new Household("H2", "张二", idNumber(2), 2, Set.of(), List.of(DateRange.from(from))));
        registry.upsertHousehold(village, new Household("H3", "张三", idNumber(3), 4, Set.of(),
                List.of(new DateRange(from, LocalDate.of(2020, 12, 31)))));
    }

    /** A valid ID number (GB 11643 check character). */
    private static String idNumber(int n) {
        String first17 = "37132119800101" + String.format("%03d", n);
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * weights[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }

    /** DingTalk's check: sign = Base64(HmacSHA256(secret, timestamp + "\n" + secret)), URL-encoded. */
    private static boolean signatureValid(String query) throws Exception {
        Map<String, String> q = new HashMap<>();
        for (String kv : query.split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((q.get("timestamp") + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
        return "t1".equals(q.get("access_token")) && expected.equals(q.get("sign"));
    }

    /** One request a {@link Hook} received and the status it answered. */
    record Request(String path, String query, String body, int status) {
    }

    /**
     * A real local HTTP receiver (JDK HttpServer): answers {@link #status}, with a robot's {"errcode":0} on 200 for
     * /wecom and /dingtalk, and keeps every request.
     */
    static final class Hook implements AutoCloseable {
        final HttpServer server;
        final List<Request> requests = new CopyOnWriteArrayList<>();
        volatile int status = 200;

        Hook(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int st = status;
                String path = ex.getRequestURI().getPath();
                requests.add(new Request(path, ex.getRequestURI().getRawQuery(), body, st));
                byte[] answer = (st == 200 && !path.equals("/hook") ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(st, answer.length);
                ex.getResponseBody().write(answer);
                ex.close();
            });
            server.start();
        }

        String url(String pathAndQuery) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
        }

        /** The requests to {@code path} answered 200, in order. */
        List<Request> ok(String path) {
            List<Request> out = new ArrayList<>();
            for (Request r : requests) if (r.path.equals(path) && r.status == 200) out.add(r);
            return out;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A real Paho subscriber on the alert topic. */
    static final class Subscriber implements AutoCloseable {
        record Received(String topic, int qos, String payload) {
        }

        final List<Received> messages = new CopyOnWriteArrayList<>();
        private final MqttAsyncClient client;

        Subscriber(String url, Mosquitto.Account login, String clientId, String filter) throws MqttException {
            client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    messages.add(new Received(topic, message.getQos(), new String(message.getPayload(), StandardCharsets.UTF_8)));
                }

                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setUserName(login.username());
            o.setPassword(login.password().getBytes(StandardCharsets.UTF_8));
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(filter, 1).waitForCompletion(10_000);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
