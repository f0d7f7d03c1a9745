package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BackfillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T02:00:00Z"), ZoneOffset.UTC);
    private static final List<String> STATIONS = List.of("YN-JH-001", "YN-AD-008", "YN-SH-003");

    @TempDir
    Path dir;

    @Test
    void one_day_for_three_stations_every_five_minutes_arrives_complete_and_valid() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir);
             Subscriber sub = new Subscriber(broker.uri(), "pvmon/v1/stations/+/reading")) {
            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine(NOW);
            cli.setOut(new PrintWriter(out, true));
            int code = cli.execute("backfill", "--broker", broker.uri(), "--from", "2026-11-20", "--to", "2026-11-21",
                    "--interval", "5m", "--stations", String.join(",", STATIONS), "--seed", "42");

            assertThat(code).isZero();
            assertThat(out.toString()).contains("published 864 readings");
            await().atMost(Duration.ofSeconds(20)).until(() -> sub.messages.size() >= 3 * 288);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sub.messages.size() == 3 * 288);

            Map<String, Double> capacity = FleetFile.readDemo().stream()
                    .collect(Collectors.toMap(Station::id, Station::capacityKwp));
            Set<String> identities = new HashSet<>();
            Map<String, Double> lastEnergy = new HashMap<>();
            for (Subscriber.Message m : sub.messages) {
                JsonNode r = JSON.readTree(m.payload());
                String station = r.get("station").asText();
                assertThat(m.topic()).isEqualTo("pvmon/v1/stations/" + station + "/reading");
                assertThat(STATIONS).contains(station);
                OffsetDateTime ts = OffsetDateTime.parse(r.get("ts").asText());
                assertThat(ts.getOffset()).isEqualTo(ZoneOffset.ofHours(8));
                assertThat(ts.toLocalDate()).hasToString("2026-11-20");
                assertThat(ts.getMinute() % 5).isZero();
                assertThat(identities.add(station + ts)).as("duplicate %s %s", station, ts).isTrue();
                assertThat(r.get("power_kw").isNumber()).isTrue();
                assertThat(r.get("power_kw").asDouble()).isBetween(0.0, 1.2 * capacity.get(station));
                assertThat(r.get("energy_kwh").isNumber()).isTrue();
                double energy = r.get("energy_kwh").asDouble();
                assertThat(energy).isBetween(0.0, 1e9);
                assertThat(energy).isGreaterThanOrEqualTo(lastEnergy.getOrDefault(station, 0.0));
                lastEnergy.put(station, energy);
                assertThat(r.get("state").asText()).isIn("running", "standby");
                assertThat(r.get("fault_code").asInt()).isZero();
                assertThat(r.get("module_temp_c").asDouble()).isBetween(-50.0, 100.0);
                assertThat(r.get("irradiance_wm2").asDouble()).isBetween(0.0, 1500.0);
                assertThat(m.payload().length()).isLessThan(4096);
            }
            assertThat(sub.messages.stream().filter(m -> m.payload().contains("\"state\":\"running\""))).isNotEmpty();
        }
    }

    @Test
    void an_unreachable_broker_is_a_clear_error() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(NOW);
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("backfill", "--broker", "tcp://127.0.0.1:1", "--from", "2026-11-20", "--to", "2026-11-20T01:00",
                "--stations", "YN-JH-001");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: cannot connect to the MQTT broker tcp://127.0.0.1:1")
                .doesNotContain("\tat ");
    }
}
