package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.testing.HandClock;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.SimulatorProcess;
import org.pvmon.testing.TestService;

/**
 * The alert rules through the whole pipeline, with the simulator's fault injection: simulated loggers publish to the
 * real broker, the service stores the readings in the real InfluxDB, and the evaluation finds exactly the injected
 * faults. At 23:00 on 19 November: a station dead since 11:00 is OFFLINE (and stays so at night), one producing nothing
 * since 09:00 is IDLE, one at 60 % since the 15th is UNDERPERFORMING, and one that fell silent at 19:00 (after sunset)
 * raises nothing. The next noon, once the first two are back, their alerts are resolved automatically.
 */
class FaultInjectionIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String FLEET = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            F-1,一村光伏扶贫电站,一村,界湖街道,沂南县,100,35.55,118.46,2016-06-30
            F-2,二村光伏扶贫电站,二村,界湖街道,沂南县,60,35.56,118.45,2016-06-30
            F-3,三村光伏扶贫电站,三村,界湖街道,沂南县,200,35.54,118.47,2017-05-20
            F-OFF,四村光伏扶贫电站,四村,界湖街道,沂南县,100,35.53,118.48,2016-06-30
            F-ZERO,五村光伏扶贫电站,五村,界湖街道,沂南县,60,35.57,118.44,2016-06-30
            F-DEG,六村光伏扶贫电站,六村,界湖街道,沂南县,100,35.55,118.49,2016-06-30
            F-NIGHT,七村光伏扶贫电站,七村,界湖街道,沂南县,100,35.52,118.46,2016-06-30
            """;
    private static final OffsetDateTime LATE = OffsetDateTime.parse("2026-11-19T23:00:00+08:00");
    private static final OffsetDateTime NEXT_NOON = OffsetDateTime.parse("2026-11-20T12:00:00+08:00");

    @Test
    void injected_faults_raise_exactly_their_alerts_none_at_night_and_clear_on_recovery(@TempDir Path dir) throws IOException {
        Path fleet = dir.resolve("fleet.csv");
        Files.writeString(fleet, FLEET, StandardCharsets.UTF_8);
        HandClock clock = new HandClock(LATE.toInstant());
        try (TestService service = new TestService(servers, FLEET, Map.of()).start(clock)) {
            long published = backfill(fleet, "2026-11-15", LATE.toLocalDateTime().toString());
            service.awaitStored(published);

            JsonNode first = service.post("/api/alerts/evaluate", null, 200);
            assertThat(first.path("failed")).isEmpty();
            Map<String, JsonNode> open = byKey(service.get("/api/alerts"));
            assertThat(open.keySet()).containsExactlyInAnyOrder("F-OFF/OFFLINE", "F-ZERO/IDLE", "F-DEG/UNDERPERFORMING");
            JsonNode off = open.get("F-OFF/OFFLINE");
            // the last reading before the fault: 10:55, and the loss priced at the 2016 feed-in tariff
            assertThat(OffsetDateTime.parse(off.path("since").asText())).isEqualTo(OffsetDateTime.parse("2026-11-19T10:55:00+08:00"));
            assertThat(off.path("lostKwh").decimalValue()).isPositive();
            assertThat(off.path("lostYuan").decimalValue()).isPositive();
            assertThat(OffsetDateTime.parse(open.get("F-ZERO/IDLE").path("since").asText()))
                    .isBetween(OffsetDateTime.parse("2026-11-19T09:00:00+08:00"), OffsetDateTime.parse("2026-11-19T09:05:00+08:00"));
            assertThat(open.get("F-DEG/UNDERPERFORMING").path("lostKwh").decimalValue()).isPositive();

            // Evaluating again changes nothing: no duplicates.
            assertThat(service.post("/api/alerts/evaluate", null, 200).path("opened")).isEmpty();
            assertThat(service.get("/api/alerts").path("count").asInt()).isEqualTo(3);

            // Overnight and the next morning F-OFF, F-ZERO and F-NIGHT are back; F-DEG is still at 60 %. (The clock moves
            // first: ingest refuses readings from more than 5 minutes in its future.)
            clock.set(NEXT_NOON.toInstant());
            published += backfill(fleet, LATE.toLocalDateTime().toString(), NEXT_NOON.toLocalDateTime().toString());
            service.awaitStored(published);
            JsonNode next = service.post("/api/alerts/evaluate", null, 200);
            assertThat(next.path("opened")).as(() -> service.get("/api/alerts").toPrettyString()).isEmpty();
            assertThat(byKey(service.get("/api/alerts")).keySet()).containsExactly("F-DEG/UNDERPERFORMING");
            Map<String, JsonNode> all = byKey(service.get("/api/alerts?status=all"));
            assertThat(all.get("F-OFF/OFFLINE").path("status").asText()).isEqualTo("RESOLVED");
            assertThat(all.get("F-OFF/OFFLINE").path("resolved").path("by").asText()).isEqualTo("auto");
            assertThat(all.get("F-ZERO/IDLE").path("status").asText()).isEqualTo("RESOLVED");
            assertThat(all.keySet()).doesNotContain("F-NIGHT/OFFLINE");
        }
    }

    /**
     * The faults, the same for both runs (the simulator's counters are a function of time and of the fault plan, so a
     * second run with another plan would show a meter jump): dead 11:00 to 07:00 the next morning, producing nothing
     * from 09:00 until 07:00, at 60 % from the 15th on, silent from 19:00 (after sunset) until 07:00.
     */
    private static final List<String> FAULTS = List.of("F-OFF=offline@2026-11-19T11:00/2026-11-20T07:00",
            "F-ZERO=zero@2026-11-19T09:00/2026-11-20T07:00", "F-DEG=degraded:0.6@2026-11-15/",
            "F-NIGHT=offline@2026-11-19T19:00/2026-11-20T07:00");

    /** Backfills the fleet at 5-minute intervals with {@link #FAULTS}; returns the readings published. */
    private static long backfill(Path fleet, String from, String to) {
        List<String> args = new java.util.ArrayList<>(List.of("backfill", "--broker", servers.mqttUrl(),
                "--username", servers.mosquitto().bench().username(), "--password", servers.mosquitto().bench().password(), "--fleet", fleet.toString(),
                "--from", from, "--to", to, "--interval", "5m", "--seed", "42"));
        for (String f : FAULTS) {
            args.add("--fault");
            args.add(f);
        }
        SimulatorProcess.Result r = SimulatorProcess.run(Duration.ofMinutes(2), args);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("published (\\d+) readings").matcher(r.stdout());
        assertThat(m.find()).as(r.stdout()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Map<String, JsonNode> byKey(JsonNode list) {
        Map<String, JsonNode> out = new HashMap<>();
        list.path("alerts").forEach(a -> out.put(a.path("station").asText() + "/" + a.path("type").asText(), a));
        assertThat(out).hasSize(list.path("alerts").size());
        return out;
    }
}
