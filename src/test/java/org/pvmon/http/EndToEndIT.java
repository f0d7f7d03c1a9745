package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.ProjectDir;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.SimulatorProcess;
import org.pvmon.testing.TestService;

/** The simulator, speaking only the MQTT contract, through a real broker and InfluxDB to the API. */
class EndToEndIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void simulator_readings_reach_the_api_as_curves_and_daily_energy() throws Exception {
        String fleet = Files.readString(ProjectDir.resolve("simulator/fleets/demo-county.csv"));
        LocalDate today = LocalDate.now(SHANGHAI);
        LocalDate from = today.minusDays(3);
        try (TestService service = new TestService(servers, fleet, Map.of()).start()) {
            SimulatorProcess.Result run = SimulatorProcess.run(Duration.ofMinutes(3), "backfill", "--broker", servers.mqttUrl(),
                    "--username", servers.mosquitto().bench().username(), "--password", servers.mosquitto().bench().password(),
                    "--fleet", "simulator/fleets/demo-county.csv", "--stations", "YN-JH-001,YN-AD-008",
                    "--from", from.toString(), "--to", today.toString(), "--interval", "5m", "--seed", "7");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("published 1728 readings"); // 2 stations x 3 days x 288

            service.awaitStored(1728);
            assertThat(service.get("/api/ingest/counters").path("rejected").asLong()).isZero();

            // The power curve is a local day: 288 points, and the sun peaks around local noon, not UTC noon.
            JsonNode curve = service.get("/api/stations/YN-AD-008/power?date=" + from);
            assertThat(curve.path("points")).hasSize(288);
            JsonNode peak = null;
            for (JsonNode p : curve.path("points")) {
                if (peak == null || p.path("powerKw").asDouble() > peak.path("powerKw").asDouble()) peak = p;
            }
            int peakHour = OffsetDateTime.parse(peak.path("time").asText()).atZoneSameInstant(SHANGHAI).getHour();
            assertThat(peakHour).isBetween(10, 14);
            assertThat(curve.path("points").path(0).path("powerKw").asDouble()).isZero(); // midnight

            // Daily energy from the counters: every day has data and a plausible November yield for 125 kWp.
            JsonNode energy = service.get("/api/stations/YN-AD-008/energy/daily?from=" + from + "&to=" + today.minusDays(1));
            assertThat(energy.path("days")).hasSize(3);
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode d : energy.path("days")) {
                assertThat(d.path("hasData").asBoolean()).isTrue();
                assertThat(d.path("samples").asInt()).isEqualTo(288);
                double kwhPerKwp = d.path("kwh").asDouble() / 125.0;
                assertThat(kwhPerKwp).as(d.toString()).isBetween(0.1, 6.0);
                sum = sum.add(d.path("kwh").decimalValue());
            }
            assertThat(energy.path("totalKwh").decimalValue()).isEqualByComparingTo(sum);

            // The fleet view lists every station of the file; the two simulated ones have a latest reading.
            JsonNode stations = service.get("/api/stations");
            assertThat(stations).hasSize(60);
            for (JsonNode s : stations) {
                boolean simulated = s.path("id").asText().equals("YN-JH-001") || s.path("id").asText().equals("YN-AD-008");
                assertThat(s.path("latest").isNull()).as(s.path("id").asText()).isEqualTo(!simulated);
            }
            JsonNode fleetEnergy = service.get("/api/energy/daily?from=" + from + "&to=" + today.minusDays(1));
            assertThat(fleetEnergy.path("stations")).hasSize(60);
        }
    }

    @Test
    void a_ten_day_reporting_gap_loses_no_energy_and_is_shared_by_the_days_it_spans() {
        LocalDate before = LocalDate.now(SHANGHAI).minusDays(20);
        OffsetDateTime t0 = before.atTime(12, 0).atZone(SHANGHAI).toOffsetDateTime();
        OffsetDateTime t1 = t0.plusDays(10);
        try (TestService service = new TestService(servers, TestReadingsFleet.CSV, Map.of()).start();
             org.pvmon.testing.Publisher pub = servers.publisher(10)) {
            pub.publish("pvmon/v1/stations/T-1/reading", "{\"station\":\"T-1\",\"ts\":\"" + t0 + "\",\"power_kw\":5,\"energy_kwh\":1000}");
            pub.publish("pvmon/v1/stations/T-1/reading", "{\"station\":\"T-1\",\"ts\":\"" + t1 + "\",\"power_kw\":5,\"energy_kwh\":2000}");
            service.awaitStored(2);

            // A day in the middle of the gap: 1000 kWh over 240 hours, 24 of them that day.
            JsonNode mid = service.get("/api/stations/T-1/energy/daily?from=" + before.plusDays(5) + "&to=" + before.plusDays(5));
            assertThat(mid.path("totalKwh").decimalValue()).isEqualByComparingTo("100.000");
            // The whole gap: nothing lost.
            JsonNode all = service.get("/api/stations/T-1/energy/daily?from=" + before + "&to=" + before.plusDays(10));
            assertThat(all.path("totalKwh").decimalValue()).isEqualByComparingTo("1000.000");
            JsonNode fleet = service.get("/api/energy/daily?from=" + before.plusDays(5) + "&to=" + before.plusDays(5));
            assertThat(fleet.path("stations").path(0).path("totalKwh").decimalValue()).isEqualByComparingTo("100.000");
        }
    }

    @Test
    void api_misuse_gets_a_4xx_json_error_that_says_what_to_fix() {
        try (TestService service = new TestService(servers, TestReadingsFleet.CSV, Map.of()).start()) {
            JsonNode badDate = service.get("/api/stations/T-1/energy/daily?from=2026-13-01", 400);
            assertThat(badDate.path("error").asText()).isEqualTo("bad_parameter");
            assertThat(badDate.path("parameter").asText()).isEqualTo("from");
            assertThat(badDate.path("message").asText()).contains("yyyy-MM-dd");

            JsonNode reversed = service.get("/api/stations/T-1/energy/daily?from=2026-11-10&to=2026-11-01", 400);
            assertThat(reversed.path("message").asText()).contains("must not be after");

            JsonNode tooLong = service.get("/api/energy/daily?from=2025-01-01&to=2026-01-01", 400);
            assertThat(tooLong.path("parameter").asText()).isEqualTo("to");

            JsonNode unknown = service.get("/api/stations/NOPE/power", 404);
            assertThat(unknown.path("message").asText()).contains("NOPE");

            assertThat(service.get("/api/no-such-thing", 404).path("error").asText()).isEqualTo("not_found");
            assertThat(service.get("/api/rejected-readings?limit=0", 400).path("parameter").asText()).isEqualTo("limit");
        }
    }

    /** A one-station file for API tests that need no readings. */
    static final class TestReadingsFleet {
        static final String CSV = """
                id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
                T-1,测试村光伏扶贫电站,测试村,测试镇,沂南县,20,35.55,118.46,2016-06-30
                """;
    }
}
