package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.HandClock;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * The alert lifecycle at noon, from stored readings: the silent and the idle station each get one OPEN alert, evaluating
 * again updates them without duplicates, an acknowledgement records who and when, and fresh readings resolve both
 * automatically while the history stays.
 */
class AlertLifecycleIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final OffsetDateTime NOON = AlertFleet.NOON;
    private static final String CSV = AlertFleet.CSV;

    @Test
    void alerts_open_once_update_get_acknowledged_and_resolve_themselves_when_the_stations_recover() {
        HandClock now = new HandClock(NOON.toInstant());
        try (TestService service = new TestService(servers, CSV, Map.of()).start(now);
             Publisher pub = servers.publisher(50)) {
            AlertFleet.Morning morning = AlertFleet.morning(pub);
            Map<String, Double> counters = morning.counters();
            int published = morning.published();
            service.awaitStored(published);
            // 五村 has two households enrolled today and one that left last year: the alert names the two
            service.put("/api/registry/households", """
                    户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
                    W1,五村,赵一,370321198001011237,3,残疾,2016-01-01,
                    W2,五村,钱二,11010519491231002X,1,独居老人,2016-01-01,
                    W3,五村,孙三,370321199001011231,4,,2016-01-01,2025-12-31
                    """, 200);

            // the first evaluation opens exactly two alerts
            JsonNode first = service.post("/api/alerts/evaluate", null, 200);
            assertThat(first.path("opened")).hasSize(2);
            JsonNode open = service.get("/api/alerts");
            assertThat(open.path("count").asInt()).isEqualTo(2);
            Map<String, JsonNode> byKey = byKey(open);
            assertThat(byKey.keySet()).containsExactlyInAnyOrder("A-OFF/OFFLINE", "A-IDLE/IDLE");
            JsonNode off = byKey.get("A-OFF/OFFLINE");
            assertThat(off.path("status").asText()).isEqualTo("OPEN");
            assertThat(off.path("name").asText()).isEqualTo("五村光伏扶贫电站");
            assertThat(off.path("township").asText()).isEqualTo("界湖街道");
            assertThat(off.path("since").asText()).endsWith("+08:00");
            assertThat(OffsetDateTime.parse(off.path("since").asText()).toInstant()).isEqualTo(NOON.minusHours(3).toInstant());
            assertThat(off.path("lostKwh").decimalValue()).isPositive();
            assertThat(off.path("lostYuan").decimalValue()).isPositive();
            assertThat(off.path("acknowledged").isNull()).isTrue();
            assertThat(off.path("affectedHouseholds").asInt()).isEqualTo(2);
            assertThat(off.path("affectedVillages").get(0).path("name").asText()).isEqualTo("五村");
            assertThat(off.path("affectedVillages").get(0).path("share").decimalValue()).isEqualByComparingTo("1");

            // two minutes later: the same two alerts, updated
            now.set(NOON.plusMinutes(2).toInstant());
            JsonNode second = service.post("/api/alerts/evaluate", null, 200);
            assertThat(second.path("opened")).isEmpty();
            Map<String, JsonNode> updated = byKey(service.get("/api/alerts?status=open"));
            assertThat(updated).hasSize(2);
            JsonNode off2 = updated.get("A-OFF/OFFLINE");
            assertThat(off2.path("id").asLong()).isEqualTo(off.path("id").asLong());
            assertThat(OffsetDateTime.parse(off2.path("updatedAt").asText()).toInstant()).isEqualTo(NOON.plusMinutes(2).toInstant());
            assertThat(off2.path("openedAt").asText()).isEqualTo(off.path("openedAt").asText());
            assertThat(off2.path("lostKwh").decimalValue()).isGreaterThanOrEqualTo(off.path("lostKwh").decimalValue());

            // acknowledge the idle one; errors name the field, the id and the state
            long idleId = updated.get("A-IDLE/IDLE").path("id").asLong();
            JsonNode typedName = service.post("/api/alerts/" + idleId + "/acknowledge", "{\"by\":\"王工\",\"comment\":\"x\"}", 400);
            assertThat(typedName.path("parameter").asText()).as("the actor is the signed-in user, never a typed name").isEqualTo("by");
            service.post("/api/alerts/999999/acknowledge", "{}", 404);
            JsonNode acked = service.post("/api/alerts/" + idleId + "/acknowledge",
                    "{\"comment\":\"逆变器故障，已派人\"}", 200);
            assertThat(acked.path("status").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(acked.path("acknowledged").path("by").asText()).isEqualTo("it-admin");
            assertThat(acked.path("acknowledged").path("comment").asText()).isEqualTo("逆变器故障，已派人");
            assertThat(OffsetDateTime.parse(acked.path("acknowledged").path("at").asText()).toInstant())
                    .isEqualTo(NOON.plusMinutes(2).toInstant());
            assertThat(service.get("/api/alerts/" + idleId).path("status").asText()).isEqualTo("ACKNOWLEDGED");

            // fresh readings: A-OFF reports now, A-IDLE produces for three readings
            publish(pub, "A-OFF", NOON.plusMinutes(2), 10.0, counters.get("A-OFF") + 30);
            double idle = counters.get("A-IDLE");
            publish(pub, "A-IDLE", NOON.plusSeconds(60), 10.0, idle + 0.1);
            publish(pub, "A-IDLE", NOON.plusSeconds(90), 10.0, idle + 0.2);
            publish(pub, "A-IDLE", NOON.plusSeconds(120), 10.0, idle + 0.3);
            service.awaitStored(published + 4);

            service.post("/api/alerts/evaluate", null, 200);
            assertThat(service.get("/api/alerts").path("count").asInt()).isZero();
            Map<String, JsonNode> history = byKey(service.get("/api/alerts?status=all"));
            assertThat(history).hasSize(2);
            for (JsonNode a : history.values()) {
                assertThat(a.path("status").asText()).isEqualTo("RESOLVED");
                assertThat(a.path("resolved").path("by").asText()).isEqualTo("auto");
            }
            assertThat(history.get("A-IDLE/IDLE").path("acknowledged").path("by").asText()).isEqualTo("it-admin");

            JsonNode conflict = service.post("/api/alerts/" + idleId + "/acknowledge", "{}", 409);
            assertThat(conflict.path("message").asText()).contains("RESOLVED");
            service.get("/api/alerts?status=closed", 400);
        }
    }

    private static void publish(Publisher pub, String id, OffsetDateTime t, double powerKw, double energyKwh) {
        pub.publish("pvmon/v1/stations/" + id + "/reading", "{\"station\":\"" + id + "\",\"ts\":\"" + t
                + "\",\"power_kw\":" + powerKw + ",\"energy_kwh\":" + energyKwh + "}");
    }

    private static Map<String, JsonNode> byKey(JsonNode list) {
        Map<String, JsonNode> out = new HashMap<>();
        list.path("alerts").forEach(a -> out.put(a.path("station").asText() + "/" + a.path("type").asText(), a));
        return out;
    }
}
