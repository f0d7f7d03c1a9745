package org.pvmon.dayenergy;

import org.pvmon.energy.Periods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.config.Config;
import org.pvmon.store.InfluxStore;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * Stored daily energy: closed days are computed once and served from the registry, and what the user sees stays what
 * the readings say: the days of a fleet (more stations than are read one by one) match their counters to the kWh; a
 * reading that arrives late for a closed day changes that day and its neighbour; a station that was silent for days
 * gets its gap's energy shared over those days once it reports again; readings corrected in InfluxDB by other means
 * are taken once an operator asks for the days to be computed again.
 */
class ClosedDaysIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final int STATIONS = 25; // more than StationEnergy reads one by one: the whole-fleet path
    private static final int DAYS = 6;

    @Test
    void closed_days_are_stored_and_follow_late_readings_and_returning_stations() throws Exception {
        LocalDate today = LocalDate.now(Periods.ZONE);
        LocalDate first = today.minusDays(DAYS);
        StringBuilder csv = new StringBuilder("id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n");
        for (int i = 1; i <= STATIONS; i++) {
            csv.append(id(i)).append(',').append(id(i)).append("光伏电站,").append(id(i)).append("村,测试镇,沂南县,100,35.55,118.46,2016-06-30\n");
        }
        TestService service = new TestService(servers, csv.toString(), Map.of("PVMON_ENERGY_CLOSE_EVERY_SECONDS", "1",
                "PVMON_ENERGY_CLOSE_AFTER_MINUTES", "1", "PVMON_ENERGY_KEEP_DAYS", "10"));
        try (InfluxStore history = new InfluxStore(new Config.Influx("v1", servers.influxUrl(), service.database(), "", "", "", "", "", ""))) {
            history.prepare();
            // hourly readings from the first day's midnight to today's: station i makes 100 + i kWh a day, between 08:00 and 16:00
            // D-02 is silent on the 3rd and 2nd day before today; D-03 stops after the 3rd day before today's midnight
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= STATIONS; i++) {
                for (Instant t = start(first); !t.isAfter(start(today)); t = t.plus(Duration.ofHours(1))) {
                    boolean silent2 = i == 2 && t.isAfter(start(today.minusDays(3))) && t.isBefore(start(today.minusDays(1)));
                    boolean gone3 = i == 3 && t.isAfter(start(today.minusDays(3)));
                    if (!silent2 && !gone3) lines.add(line(id(i), t, counter(i, t)));
                    if (lines.size() >= 2000) {
                        history.write(lines);
                        lines = new ArrayList<>();
                    }
                }
            }
            history.write(lines);
            service.start();
            await("closed days stored").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("/health/ready").path("energyDays").asText().equals("complete"));

            JsonNode fleet = energy(service, first, today.minusDays(1));
            for (int i = 4; i <= STATIONS; i++) {
                JsonNode s = station(fleet, id(i));
                for (JsonNode day : s.path("days")) {
                    assertThat(day.path("kwh").decimalValue()).as(id(i) + " " + day.path("date").asText()).isEqualByComparingTo(BigDecimal.valueOf(100 + i));
                }
                assertThat(s.path("totalKwh").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf((100L + i) * DAYS));
            }
            // D-02's two silent days share the counter's rise by time: 102 each
            assertThat(kwh(fleet, "D-02", today.minusDays(3))).isEqualByComparingTo("102");
            assertThat(kwh(fleet, "D-02", today.minusDays(2))).isEqualByComparingTo("102");
            // D-03 has not reported since: no energy known after its last reading
            assertThat(kwh(fleet, "D-03", today.minusDays(2))).isEqualByComparingTo("0");

            try (Publisher pub = servers.publisher(10)) {
                // the logger of D-02 delivers a reading it had buffered: the midnight between its two silent days
                Instant midnight = start(today.minusDays(2));
                pub.publish("pvmon/v1/stations/D-02/reading", reading("D-02", midnight, counter(2, start(today.minusDays(3))) + 50));
                // D-03 comes back with its counter 1000 kWh further
                Instant back = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
                Instant gone = start(today.minusDays(3));
                pub.publish("pvmon/v1/stations/D-03/reading", reading("D-03", back, counter(3, gone) + 1000));
                service.awaitStored(2);

                await("the late reading's days computed again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            JsonNode now = energy(service, first, today.minusDays(1));
                            assertThat(kwh(now, "D-02", today.minusDays(3))).isEqualByComparingTo("50");
                            assertThat(kwh(now, "D-02", today.minusDays(2))).isEqualByComparingTo("154");
                        });
                // the gap's 1000 kWh shared by time over the days it spans, each day rounded on its own
                BigDecimal perDay = BigDecimal.valueOf(1000.0 * 86_400 / Duration.between(gone, back).toSeconds()).setScale(3, RoundingMode.HALF_UP);
                await("the returning station's days computed again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            JsonNode now = energy(service, first, today.minusDays(1));
                            for (int k = 1; k <= 3; k++) {
                                BigDecimal got = kwh(now, "D-03", today.minusDays(k));
                                assertThat(got.subtract(perDay).abs()).as("D-03, %d days ago: %s, expected %s", k, got, perDay)
                                        .isLessThanOrEqualTo(new BigDecimal("0.001"));
                            }
                        });
                // the other stations' stored days did not move
                JsonNode after = energy(service, first, today.minusDays(1));
                assertThat(station(after, "D-25").path("totalKwh").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(125L * DAYS));
                // and one station asked alone (the per-station path) answers the same days
                JsonNode alone = service.get("/api/stations/D-02/energy/daily?from=" + first + "&to=" + today.minusDays(1));
                assertThat(alone.path("days").get(DAYS - 3).path("kwh").decimalValue()).isEqualByComparingTo("50");
                assertThat(alone.path("totalKwh").decimalValue()).isEqualByComparingTo(station(after, "D-02").path("totalKwh").decimalValue());
            }

            // readings corrected straight in InfluxDB (a migration, another tool) bypass ingest: the stored days stand
            // until an operator asks for them to be computed again
            history.write(List.of(line("D-25", start(today.minusDays(4)), counter(25, start(today.minusDays(4))) + 10)));
            assertThat(kwh(energy(service, first, today.minusDays(1)), "D-25", today.minusDays(5))).isEqualByComparingTo("125");
            JsonNode asked = service.post("/api/energy/recompute?from=" + first + "&to=" + today.minusDays(1) + "&station=D-25", null, 200);
            assertThat(asked.path("forgotten").asInt()).isEqualTo(DAYS);
            await("the corrected days computed again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        JsonNode now = energy(service, first, today.minusDays(1));
                        assertThat(kwh(now, "D-25", today.minusDays(5))).isEqualByComparingTo("135");
                        // the next reading's counter is 10 lower: a reset on that day, not negative energy
                        assertThat(day(now, "D-25", today.minusDays(4)).path("resets").asInt()).isEqualTo(1);
                    });
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/health/ready").path("energyDays").asText().equals("complete"));
            assertThat(service.post("/api/energy/recompute?to=" + today, null, 400).path("parameter").asText()).isEqualTo("from");
            assertThat(service.post("/api/energy/recompute?from=" + first + "&station=NOPE", null, 400).path("parameter").asText()).isEqualTo("station");
        } finally {
            service.close();
        }
    }

    private static String id(int i) {
        return String.format("D-%02d", i);
    }

    private static Instant start(LocalDate d) {
        return d.atStartOfDay(Periods.ZONE).toInstant();
    }

    /** Station i's counter at t: 1000 × i, plus 100 + i kWh a day, made evenly between 08:00 and 16:00 local. */
    private static double counter(int i, Instant t) {
        LocalDate d = LocalDate.ofInstant(t, Periods.ZONE);
        double hour = Duration.between(start(d), t).toSeconds() / 3600.0;
        double share = Math.min(1, Math.max(0, (hour - 8) / 8));
        return 1000.0 * i + (100 + i) * (d.toEpochDay() - 20_000 + share);
    }

    private static String line(String station, Instant t, double kwh) {
        return "reading,station=" + station + " power_kw=1.0,energy_kwh=" + kwh + ",state=\"running\",fault_code=0.0 "
                + (t.getEpochSecond() * 1_000_000_000L);
    }

    private static String reading(String station, Instant t, double kwh) {
        return "{\"station\":\"" + station + "\",\"ts\":\"" + t.atZone(Periods.ZONE).toOffsetDateTime()
                + "\",\"power_kw\":0.0,\"energy_kwh\":" + kwh + "}";
    }

    private static JsonNode energy(TestService service, LocalDate from, LocalDate to) {
        return service.get("/api/energy/daily?from=" + from + "&to=" + to);
    }

    private static JsonNode station(JsonNode fleet, String id) {
        for (JsonNode s : fleet.path("stations")) if (s.path("station").asText().equals(id)) return s;
        throw new AssertionError("no station " + id);
    }

    private static BigDecimal kwh(JsonNode fleet, String id, LocalDate day) {
        return day(fleet, id, day).path("kwh").decimalValue();
    }

    private static JsonNode day(JsonNode fleet, String id, LocalDate day) {
        for (JsonNode d : station(fleet, id).path("days")) if (d.path("date").asText().equals(day.toString())) return d;
        throw new AssertionError("no day " + day + " for " + id);
    }
}
