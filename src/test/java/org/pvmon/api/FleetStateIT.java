package org.pvmon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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
 * The overview's in-memory fleet state: a reading this instance ingests shows in GET /api/stations at once; one that
 * another instance stored (written to InfluxDB directly, as that instance's batch writer would) within the refresh
 * period, and so does its energy of today.
 */
class FleetStateIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String CSV = "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n"
            + "F-1,一村光伏扶贫电站,一村,测试镇,沂南县,20,35.55,118.46,2016-06-30\n"
            + "F-2,二村光伏扶贫电站,二村,测试镇,沂南县,20,35.55,118.46,2016-06-30\n";

    @Test
    void a_reading_ingested_here_shows_at_once_while_another_instances_waits_for_the_refresh() throws Exception {
        Instant t1 = firstTime();
        Instant t2 = t1.plusSeconds(30);
        Map<String, String> env = Map.of("PVMON_OVERVIEW_REFRESH_SECONDS", "3600"); // no refresh during the test
        TestService service = new TestService(servers, CSV, env);
        try (InfluxStore other = otherInstance(service)) {
            other.prepare();
            other.write(List.of(line("F-2", t1, 500.0))); // stored before the start: read by the first refresh
            service.start();
            await("the first refresh (at start)").atMost(Duration.ofSeconds(30))
                    .until(() -> service.get("/health/ready").path("overview").asText().equals("loaded"));
            assertThat(latest(service, "F-2").path("energyKwh").asDouble()).isEqualTo(500.0);
            other.write(List.of(line("F-2", t2, 500.125))); // another instance stores a newer one: not refreshed yet

            try (Publisher pub = new Publisher(servers.mqttUrl(), servers.uniqueName("pub"), 10)) {
                pub.publish("pvmon/v1/stations/F-1/reading", reading("F-1", t1, 1000.0));
                pub.publish("pvmon/v1/stations/F-1/reading", reading("F-1", t2, 1000.1));
                service.awaitStored(2);
            }
            JsonNode f1 = station(service, "F-1"); // no waiting: ingest updated the state
            assertThat(f1.path("online").asText()).isEqualTo("online");
            assertThat(Instant.parse(f1.path("latest").path("time").asText())).isEqualTo(t2);
            assertThat(f1.path("latest").path("energyKwh").asDouble()).isEqualTo(1000.1);
            assertThat(f1.path("latest").path("powerKw").asDouble()).isEqualTo(6.0);
            assertThat(service.get("/api/stations/F-1").path("latest").path("energyKwh").asDouble()).isEqualTo(1000.1);
            // the other instance's newer reading is not read from InfluxDB per request: it waits for the refresh
            assertThat(latest(service, "F-2").path("energyKwh").asDouble()).isEqualTo(500.0);
            assertThat(service.get("/api/stations/F-2").path("latest").path("energyKwh").asDouble()).isEqualTo(500.0);

            // a small fleet's energy is computed afresh once this instance stored readings of today (exact at once)
            assertThat(energyToday(service, "F-1").path("totalKwh").decimalValue()).isEqualByComparingTo("0.1");
        } finally {
            service.close();
        }
    }

    @Test
    void readings_another_instance_stored_appear_within_the_refresh_period() throws Exception {
        Instant t1 = firstTime();
        Map<String, String> env = Map.of("PVMON_OVERVIEW_REFRESH_SECONDS", "1",
                "PVMON_OVERVIEW_LIVE_BELOW_MS", "0"); // always answer from the state, however cheap computing is
        TestService service = new TestService(servers, CSV, env);
        try (InfluxStore other = otherInstance(service)) {
            service.start();
            assertThat(station(service, "F-2").path("online").asText()).isEqualTo("no_data");
            other.write(List.of(line("F-2", t1, 500.0), line("F-2", t1.plusSeconds(30), 500.125)));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> latest(service, "F-2").path("energyKwh").asDouble() == 500.125);
            assertThat(station(service, "F-2").path("online").asText()).isEqualTo("online");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> energyToday(service, "F-2").path("totalKwh").decimalValue().compareTo(new java.math.BigDecimal("0.125")) == 0);
            assertThat(energyToday(service, "F-1").path("days").path(0).path("hasData").asBoolean()).isFalse();
            // the month's energy (behind this month's revenue) is recomputed every 10th refresh
            String month = LocalDate.now(ApiServer.ZONE).toString().substring(0, 7);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> revenueOf(service, month, "F-2").path("energyKwh").decimalValue().compareTo(new java.math.BigDecimal("0.125")) == 0);
        } finally {
            service.close();
        }
    }

    /** Two readings 30 s apart, both before now and within today (Asia/Shanghai). */
    private static Instant firstTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant midnight = LocalDate.ofInstant(now, ApiServer.ZONE).atStartOfDay(ApiServer.ZONE).toInstant();
        Instant t = now.minusSeconds(120);
        return t.isBefore(midnight) ? midnight.plusSeconds(1) : t;
    }

    private static InfluxStore otherInstance(TestService service) {
        return new InfluxStore(new Config.Influx("v1", servers.influxUrl(), service.database(), "", "", "", "", "", ""));
    }

    private static String line(String station, Instant t, double kwh) {
        return "reading,station=" + station + " power_kw=7.5,energy_kwh=" + kwh + ",state=\"running\",fault_code=0.0 "
                + (t.getEpochSecond() * 1_000_000_000L);
    }

    private static String reading(String station, Instant t, double kwh) {
        return "{\"station\":\"" + station + "\",\"ts\":\"" + t.atZone(ApiServer.ZONE).toOffsetDateTime()
                + "\",\"power_kw\":6.0,\"energy_kwh\":" + kwh + "}";
    }

    private static JsonNode station(TestService service, String id) {
        for (JsonNode s : service.get("/api/stations")) if (s.path("id").asText().equals(id)) return s;
        throw new AssertionError("no station " + id + " in GET /api/stations");
    }

    private static JsonNode latest(TestService service, String id) {
        return station(service, id).path("latest");
    }

    private static JsonNode revenueOf(TestService service, String month, String id) {
        for (JsonNode s : service.get("/api/revenue/monthly?month=" + month).path("stations")) {
            if (s.path("station").asText().equals(id)) return s;
        }
        throw new AssertionError("no station " + id + " in GET /api/revenue/monthly");
    }

    private static JsonNode energyToday(TestService service, String id) {
        String today = LocalDate.now(ApiServer.ZONE).toString();
        for (JsonNode s : service.get("/api/energy/daily?from=" + today + "&to=" + today).path("stations")) {
            if (s.path("station").asText().equals(id)) return s;
        }
        throw new AssertionError("no station " + id + " in GET /api/energy/daily");
    }
}
