package org.pvmon.dayenergy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.InfluxQLQueryResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.config.Config;
import org.pvmon.energy.Periods;
import org.pvmon.store.InfluxStore;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * Retention and hourly means (issue 14): with {@code influx.raw-keep-days} set the service sets InfluxDB's retention
 * policies itself; every closed day is also kept as hourly means that match its readings, and summarised again when a
 * late reading changes it; days stored before (or whose means were lost) get them while their readings are kept; the
 * power curve reads the readings while InfluxDB keeps them and the hourly means after; what can no longer be computed
 * is refused with a reason (recomputing old days, readings older than InfluxDB keeps).
 */
class RetentionIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String[] STATIONS = {"R-01", "R-02", "R-03"};
    private static final int DAYS = 4;
    private static final int RAW_DAYS = 45; // at least energy.keep-days 10 + 31 days of edges + 2
    private static final int ARCHIVED = 60; // days ago: a day of readings from before retention was turned on

    @Test
    void readings_are_kept_as_hourly_means_and_the_curve_reads_the_right_one() throws Exception {
        LocalDate today = LocalDate.now(Periods.ZONE);
        LocalDate first = today.minusDays(DAYS);
        StringBuilder csv = new StringBuilder("id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n");
        for (String id : STATIONS) csv.append(id).append(',').append(id).append("光伏电站,").append(id).append("村,测试镇,沂南县,100,35.55,118.46,2016-06-30\n");
        TestService service = new TestService(servers, csv.toString(), Map.of("PVMON_ENERGY_CLOSE_EVERY_SECONDS", "1",
                "PVMON_ENERGY_CLOSE_AFTER_MINUTES", "1", "PVMON_ENERGY_KEEP_DAYS", "10", "PVMON_INFLUX_RAW_KEEP_DAYS", String.valueOf(RAW_DAYS)));
        try (InfluxStore history = new InfluxStore(new Config.Influx("v1", servers.influxUrl(), service.database(), "", "", "", "", "", ""))) {
            history.prepare();
            // a reading every 5 minutes from the first day's midnight to now
            Map<String, List<double[]>> written = new HashMap<>(); // station -> [epoch s, power, counter]
            List<String> lines = new ArrayList<>();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
            for (int i = 0; i < STATIONS.length; i++) {
                double counter = 1000.0 * (i + 1);
                for (Instant t = start(first); t.isBefore(now); t = t.plus(Duration.ofMinutes(5))) {
                    double power = power(i, t);
                    counter += power / 12;
                    written.computeIfAbsent(STATIONS[i], k -> new ArrayList<>()).add(new double[] {t.getEpochSecond(), power, counter});
                    lines.add("reading,station=" + STATIONS[i] + " power_kw=" + power + ",energy_kwh=" + counter + ",state=\"running\",fault_code=0.0 "
                            + t.getEpochSecond() * 1_000_000_000L);
                }
            }
            for (int k = 0; k < lines.size(); k += 2000) history.write(lines.subList(k, Math.min(lines.size(), k + 2000)));
            // and a day of R-01 long before, from when InfluxDB kept everything: older than energy.keep-days, never stored
            LocalDate archived = today.minusDays(ARCHIVED);
            List<String> before = new ArrayList<>();
            for (int k = 0; k < 288; k++) {
                Instant t = start(archived).plusSeconds(300L * k);
                before.add("reading,station=R-01 power_kw=" + power(0, t) + ",energy_kwh=" + (100.0 + k) + ",state=\"running\",fault_code=0.0 "
                        + t.getEpochSecond() * 1_000_000_000L);
            }
            history.write(before);
            assertThat(policies(history, service.database())).containsEntry("autogen", "0s");
            service.start();
            // before InfluxDB may drop a reading, every older day with readings is stored with its hourly means; then the
            // raw readings' policy is shortened (45 days, in shards of a day), the hourly means kept for ever
            await("retention applied").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("/health/ready").path("rawRetention").asText().equals("applied"));
            await("closed days stored").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("/health/ready").path("energyDays").asText().equals("complete"));
            Map<String, String> policies = policies(history, service.database());
            assertThat(policies).containsEntry("autogen", RAW_DAYS * 24 + "h0m0s").containsEntry("hourly", "0s");
            JsonNode archive = service.get("/api/stations/R-01/energy/daily?from=" + archived + "&to=" + archived);
            assertThat(archive.path("days").get(0).path("hasData").asBoolean()).isTrue();
            assertThat(archive.path("totalKwh").decimalValue()).isEqualByComparingTo("287");
            assertThat(hourly(history, "R-01", archived)).hasSize(24);
            assertThat(service.get("/api/stations/R-01/power?date=" + archived).path("resolution").asText()).isEqualTo("hour");

            // every closed hour of every station as its readings say
            LocalDate day = today.minusDays(2);
            List<Map<String, Double>> hours = hourly(history, "R-02", day);
            assertThat(hours).hasSize(24);
            for (int h = 0; h < 24; h++) {
                Map<String, Double> expected = expectedHour(written.get("R-02"), start(day).plusSeconds(3600L * h));
                assertThat(hours.get(h).get("samples")).as("hour %d", h).isEqualTo(12.0);
                assertThat(hours.get(h).get("power_kw")).as("hour %d", h).isCloseTo(expected.get("power_kw"), org.assertj.core.data.Offset.offset(1e-3));
                assertThat(hours.get(h).get("power_max_kw")).isCloseTo(expected.get("power_max_kw"), org.assertj.core.data.Offset.offset(1e-3));
                assertThat(hours.get(h).get("energy_kwh")).isCloseTo(expected.get("energy_kwh"), org.assertj.core.data.Offset.offset(1e-3));
            }
            assertThat(hourly(history, "R-01", today.minusDays(1))).hasSize(24);
            assertThat(hourly(history, "R-03", first)).hasSize(24);

            // a day InfluxDB keeps the readings of: its readings; asked hourly, the means computed from them
            JsonNode raw = service.get("/api/stations/R-02/power?date=" + day);
            assertThat(raw.path("resolution").asText()).isEqualTo("raw");
            assertThat(raw.path("points")).hasSize(288);
            JsonNode hourlyCurve = service.get("/api/stations/R-02/power?date=" + day + "&resolution=hour");
            assertThat(hourlyCurve.path("resolution").asText()).isEqualTo("hour");
            assertThat(hourlyCurve.path("points")).hasSize(24);
            assertThat(hourlyCurve.path("points").get(12).path("powerKw").asDouble()).isCloseTo(hours.get(12).get("power_kw"), org.assertj.core.data.Offset.offset(1e-3));
            assertThat(hourlyCurve.path("points").get(12).path("time").asText()).isEqualTo(day + "T12:00:00+08:00");
            JsonNode range = service.get("/api/stations/R-02/power?from=" + first + "&to=" + today.minusDays(1));
            assertThat(range.path("resolution").asText()).isEqualTo("hour");
            assertThat(range.path("points")).hasSize(24 * DAYS);

            // a day InfluxDB no longer keeps the readings of: its hourly means (put there as the service wrote them then)
            LocalDate old = today.minusDays(45);
            history.writeHourly("reading_1h,station=R-01 samples=12i,power_kw=42.5,power_max_kw=50,energy_kwh=5000 "
                    + start(old).plusSeconds(3600 * 12).getEpochSecond());
            JsonNode past = service.get("/api/stations/R-01/power?date=" + old);
            assertThat(past.path("resolution").asText()).isEqualTo("hour");
            assertThat(past.path("rawKeptFrom").asText()).isEqualTo(today.minusDays(RAW_DAYS - 1).toString());
            assertThat(past.path("points")).hasSize(1);
            assertThat(past.path("points").get(0).path("powerKw").asDouble()).isEqualTo(42.5);
            assertThat(past.path("points").get(0).path("samples").asInt()).isEqualTo(12);
            // a range across the edge: the stored means before it, the readings' after
            JsonNode across = service.get("/api/stations/R-01/power?from=" + old + "&to=" + first);
            assertThat(across.path("points")).hasSize(1 + 24);
            assertThat(service.get("/api/stations/R-01/power?date=" + old + "&resolution=raw", 400).path("parameter").asText()).isEqualTo("resolution");
            assertThat(service.get("/api/stations/R-01/power?from=" + first + "&to=" + today + "&resolution=raw", 200).path("points").size()).isGreaterThan(288);
            assertThat(service.get("/api/stations/R-01/power?from=" + today.minusDays(100) + "&to=" + today, 400).path("parameter").asText()).isEqualTo("to");

            // days whose readings are partly gone cannot be computed again; the others can
            JsonNode refused = service.post("/api/energy/recompute?from=" + today.minusDays(20) + "&to=" + today.minusDays(1), null, 409);
            assertThat(refused.path("message").asText()).contains("InfluxDB no longer keeps all their readings (it keeps them 45 days)");
            assertThat(service.post("/api/energy/recompute?from=" + today.minusDays(9) + "&to=" + today.minusDays(1) + "&station=R-03", null, 200)
                    .path("forgotten").asInt()).isEqualTo(9); // the 10 kept days but today, the days before its readings too

            try (Publisher pub = servers.publisher(10)) {
                // a late reading of a closed day: its hour is summarised again with it
                Instant late = start(day).plusSeconds(3600 * 12 + 150);
                pub.publish("pvmon/v1/stations/R-02/reading", "{\"station\":\"R-02\",\"ts\":\"" + late.atZone(Periods.ZONE).toOffsetDateTime()
                        + "\",\"power_kw\":99.0,\"energy_kwh\":" + expectedHour(written.get("R-02"), start(day).plusSeconds(3600 * 12)).get("energy_kwh") + "}");
                // a reading older than InfluxDB keeps is refused at the door, with its reason
                Instant tooOld = start(old).plusSeconds(3600 * 12);
                pub.publish("pvmon/v1/stations/R-01/reading", "{\"station\":\"R-01\",\"ts\":\"" + tooOld.atZone(Periods.ZONE).toOffsetDateTime()
                        + "\",\"power_kw\":1.0,\"energy_kwh\":1000.0}");
                service.awaitStored(2);
            }
            await("the late reading's hour summarised again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        Map<String, Double> noon = hourly(history, "R-02", day).get(12);
                        assertThat(noon.get("samples")).isEqualTo(13.0);
                        assertThat(noon.get("power_max_kw")).isEqualTo(99.0);
                    });
            JsonNode rejected = service.get("/api/rejected-readings?reason=timestamp_too_old");
            assertThat(rejected.toString()).contains("R-01").contains("older than 10 days"); // energy.keep-days: its day would not be stored

            // days stored without hourly means (before there were any, or InfluxDB lost them) get them while the readings are kept
            history.query("DROP SERIES FROM \"reading_1h\" WHERE \"station\" = 'R-03'");
            assertThat(hourly(history, "R-03", first)).isEmpty();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + service.dataDir().resolve("registry.db"))) {
                c.createStatement().executeUpdate("UPDATE station_days SET hourly = 0 WHERE station = 'R-03'");
            }
            await("the earlier days' hourly means written").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        for (LocalDate d = first; d.isBefore(today); d = d.plusDays(1)) assertThat(hourly(history, "R-03", d)).as("R-03 " + d).hasSize(24);
                    });
            await("readiness says so").atMost(Duration.ofSeconds(10)).until(() -> service.get("/health/ready").path("hourlyMeans").asText().equals("complete"));
        } finally {
            service.close();
        }
    }

    /** Station i's power at t: a bell between 06:00 and 18:00 local, a different height per station and day. */
    private static double power(int i, Instant t) {
        LocalDate d = LocalDate.ofInstant(t, Periods.ZONE);
        double hour = Duration.between(start(d), t).toSeconds() / 3600.0;
        if (hour < 6 || hour > 18) return 0.0;
        double height = 40 + 10 * i + (d.toEpochDay() % 5);
        return Math.round(height * Math.sin(Math.PI * (hour - 6) / 12) * 1000) / 1000.0;
    }

    private static Map<String, Double> expectedHour(List<double[]> readings, Instant hour) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double last = Double.NaN;
        int n = 0;
        for (double[] r : readings) {
            if (r[0] < hour.getEpochSecond() || r[0] >= hour.getEpochSecond() + 3600) continue;
            sum += r[1];
            max = Math.max(max, r[1]);
            last = r[2];
            n++;
        }
        return Map.of("power_kw", sum / n, "power_max_kw", max, "energy_kwh", last);
    }

    private static List<Map<String, Double>> hourly(InfluxStore store, String station, LocalDate day) {
        InfluxQLQueryResult res = store.query("SELECT * FROM \"hourly\".\"reading_1h\" WHERE station = '" + station + "' AND time >= "
                + start(day).getEpochSecond() + "s AND time < " + start(day.plusDays(1)).getEpochSecond() + "s");
        List<Map<String, Double>> out = new ArrayList<>();
        for (InfluxQLQueryResult.Result r : res.getResults()) {
            for (InfluxQLQueryResult.Series s : r.getSeries()) {
                for (InfluxQLQueryResult.Series.Record rec : s.getValues()) {
                    Map<String, Double> m = new HashMap<>();
                    s.getColumns().forEach((col, k) -> {
                        Object v = rec.getValues()[k];
                        if (!col.equals("time") && !col.equals("station") && v != null && !v.toString().isEmpty()) m.put(col, Double.parseDouble(v.toString()));
                    });
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static Map<String, String> policies(InfluxStore store, String database) {
        Map<String, String> out = new HashMap<>();
        for (InfluxQLQueryResult.Result r : store.query("SHOW RETENTION POLICIES ON \"" + database + "\"").getResults()) {
            for (InfluxQLQueryResult.Series s : r.getSeries()) {
                for (InfluxQLQueryResult.Series.Record rec : s.getValues()) {
                    out.put(String.valueOf(rec.getValues()[s.getColumns().get("name")]), String.valueOf(rec.getValues()[s.getColumns().get("duration")]));
                }
            }
        }
        return out;
    }

    private static Instant start(LocalDate d) {
        return d.atStartOfDay(Periods.ZONE).toInstant();
    }
}
