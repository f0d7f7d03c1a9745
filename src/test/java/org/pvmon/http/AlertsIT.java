package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/** At noon, from stored readings: the silent station is OFFLINE, the zero-output one IDLE, the producing ones fine. */
class AlertsIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final OffsetDateTime NOON = AlertFleet.NOON;
    private static final String CSV = AlertFleet.CSV;

    @Test
    void a_silent_station_is_offline_and_a_zero_output_station_idle_while_peers_produce() {
        try (TestService service = new TestService(servers, CSV, Map.of()).start(Clock.fixed(NOON.toInstant(), ZoneOffset.UTC));
             Publisher pub = servers.publisher(50)) {
            int expected = AlertFleet.publishMorning(pub);
            service.awaitStored(expected);

            JsonNode alerts = service.get("/api/alerts/current").path("conditions");
            Map<String, JsonNode> byStation = new HashMap<>();
            alerts.forEach(a -> byStation.put(a.path("station").asText() + "/" + a.path("type").asText(), a));
            assertThat(byStation.keySet()).containsExactlyInAnyOrder("A-OFF/OFFLINE", "A-IDLE/IDLE");

            JsonNode off = byStation.get("A-OFF/OFFLINE");
            assertThat(OffsetDateTime.parse(off.path("since").asText()).toInstant()).isEqualTo(NOON.minusHours(3).toInstant());
            // three hours at the peers' 0.6 kW/kWp x 20 kWp = 36 kWh, at 0.3949 yuan (no catalogue date) = 14.22 yuan
            assertThat(off.path("lostKwh").decimalValue()).isBetween(new java.math.BigDecimal("34"), new java.math.BigDecimal("38"));
            assertThat(off.path("lostYuan").decimalValue()).isGreaterThan(java.math.BigDecimal.TEN);

            JsonNode idle = byStation.get("A-IDLE/IDLE");
            assertThat(OffsetDateTime.parse(idle.path("since").asText()).toInstant()).isEqualTo(NOON.minusHours(4).toInstant());
            assertThat(idle.path("detail").asText()).isNotBlank();
        }
    }

    /**
     * The rules on another clock than the wall clock ({@code ?at=}): a station silent since 17:00 is not OFFLINE at
     * 05:30 the next morning (no daylight in its silence), and is OFFLINE at 09:30 (the sun has been up since about
     * 08:00), since 17:00; nothing is stored.
     */
    @Test
    void the_rules_evaluated_at_a_past_instant_raise_no_offline_at_night_and_one_after_sunrise() {
        try (TestService service = new TestService(servers, CSV, Map.of()).start(Clock.fixed(NOON.toInstant(), ZoneOffset.UTC));
             Publisher pub = servers.publisher(50)) {
            OffsetDateTime evening = NOON.minusDays(1).withHour(17); // 2026-11-19 17:00 local
            int published = 0;
            Map<String, Double> counters = new HashMap<>();
            for (OffsetDateTime t = NOON.minusDays(1); !t.isAfter(NOON); t = t.plusMinutes(5)) {
                boolean day = t.getHour() >= 8 && t.getHour() < 16;
                for (String id : new String[] {"A-P1", "A-P2", "A-P3", "A-OFF"}) {
                    if (id.equals("A-OFF") && t.isAfter(evening)) continue; // silent from 17:00
                    double kwh = counters.merge(id, day ? 1.0 : 0.0, Double::sum);
                    pub.publish("pvmon/v1/stations/" + id + "/reading", "{\"station\":\"" + id + "\",\"ts\":\"" + t
                            + "\",\"power_kw\":" + (day ? 12.0 : 0.0) + ",\"energy_kwh\":" + (5000 + kwh) + "}");
                    published++;
                }
            }
            service.awaitStored(published);

            JsonNode night = service.get("/api/alerts/current?at=2026-11-20T05:30:00%2B08:00");
            assertThat(OffsetDateTime.parse(night.path("at").asText()).toInstant()).isEqualTo(NOON.withHour(5).withMinute(30).toInstant());
            assertThat(conditions(night)).doesNotContainKey("A-OFF/OFFLINE");

            JsonNode morning = service.get("/api/alerts/current?at=2026-11-20T09:30:00%2B08:00");
            assertThat(conditions(morning)).containsKey("A-OFF/OFFLINE");
            assertThat(OffsetDateTime.parse(conditions(morning).get("A-OFF/OFFLINE").path("since").asText()).toInstant())
                    .isEqualTo(evening.toInstant());
            assertThat(conditions(morning).keySet()).noneMatch(k -> k.startsWith("A-P"));

            assertThat(service.get("/api/alerts?status=all").path("count").asInt()).as("nothing stored").isZero();
            assertThat(service.get("/api/alerts/current?at=2026-11-21T05:30:00%2B08:00", 400).path("parameter").asText()).isEqualTo("at");
            assertThat(service.get("/api/alerts/current?at=yesterday", 400).path("parameter").asText()).isEqualTo("at");
        }
    }

    private static Map<String, JsonNode> conditions(JsonNode evaluation) {
        Map<String, JsonNode> out = new HashMap<>();
        evaluation.path("conditions").forEach(a -> out.put(a.path("station").asText() + "/" + a.path("type").asText(), a));
        return out;
    }
}
