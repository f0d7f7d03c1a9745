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
             Publisher pub = new Publisher(servers.mqttUrl(), servers.uniqueName("pub"), 50)) {
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
}
