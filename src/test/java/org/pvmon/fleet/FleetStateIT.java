package org.pvmon.fleet;

import org.pvmon.energy.Periods;
import org.pvmon.alerting.FleetInputs;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.http.AlertFleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.alerts.AlertEvaluator;
import org.pvmon.alerts.AlertRules;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.config.Config;
import org.pvmon.ingest.Ingest;
import org.pvmon.registry.Registry;
import org.pvmon.store.Readings;
import org.pvmon.workers.Workers;
import org.pvmon.store.InfluxStore;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * The overview's in-memory fleet state: a reading this instance ingests shows in GET /api/stations at once; one that
 * another instance stored (written to InfluxDB directly, as that instance's batch writer would) within the refresh
 * period, and so does its energy of today. The alert evaluation from the recent readings in memory gives what it gives
 * from InfluxDB.
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

            try (Publisher pub = servers.publisher(10)) {
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
            String month = LocalDate.now(Periods.ZONE).toString().substring(0, 7);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> revenueOf(service, month, "F-2").path("energyKwh").decimalValue().compareTo(new java.math.BigDecimal("0.125")) == 0);
        } finally {
            service.close();
        }
    }

    /**
     * The alert evaluation from memory gives exactly the conditions the evaluation from InfluxDB gives (the path used
     * until the window has loaded, here computed in the test over the same database and registry): a township with one
     * OFFLINE, one IDLE, one UNDERPERFORMING (six days at half output) and one METER (a counter reset yesterday). The
     * history was stored by "another instance" before the start (the initial load); this instance ingests the morning
     * in shuffled order with repeats; and the other instance stores two fresh readings of A-P1 after the load, which
     * only the refresh brings in (without them A-P1, silent since 09:00 otherwise, would be OFFLINE).
     */
    @Test
    void alerts_from_memory_equal_alerts_from_influxdb_with_readings_out_of_order_and_from_another_instance() throws Exception {
        OffsetDateTime noon = AlertFleet.NOON;
        Map<String, String> env = Map.of("PVMON_OVERVIEW_REFRESH_SECONDS", "1");
        TestService service = new TestService(servers, AlertFleet.CSV, env);
        Map<String, Double> counter = new HashMap<>();
        List<String> before = new ArrayList<>(); // line protocol, stored by the other instance before the start
        for (String id : List.of("A-P1", "A-P2", "A-P3", "A-IDLE", "A-OFF")) {
            double c = 1000;
            for (int d = 6; d >= 1; d--) {
                OffsetDateTime day = noon.minusDays(d).withHour(0);
                double half = id.equals("A-P3") ? 15 : 30; // A-P3 makes half of its peers' energy
                for (int h : new int[] {0, 6, 12, 18}) {
                    if (h == 12 || h == 18) c += half;
                    if (id.equals("A-P2") && d == 1 && h == 12) c = 10; // meter replaced yesterday noon: a reset
                    before.add(line(id, day.withHour(h).toInstant(), h == 12 ? 10.0 : 0.0, c));
                }
            }
            before.add(line(id, noon.withHour(0).toInstant(), 0.0, c));
            counter.put(id, c);
        }
        List<String[]> mqtt = new ArrayList<>(); // station, JSON: this instance's ingest
        for (OffsetDateTime t = noon.minusHours(4); !t.isAfter(noon); t = t.plusMinutes(5)) {
            for (String id : List.of("A-P1", "A-P2", "A-P3", "A-IDLE", "A-OFF")) {
                if ((id.equals("A-OFF") || id.equals("A-P1")) && t.isAfter(noon.minusHours(3))) continue; // silent since 09:00
                boolean producing = !id.equals("A-IDLE");
                double c = counter.merge(id, producing ? 1.0 : 0.0, Double::sum);
                double power = producing ? 12.0 : 0.0;
                if (id.equals("A-P1")) {
                    before.add(line(id, t.toInstant(), power, c));
                } else {
                    mqtt.add(new String[] {id, "{\"station\":\"" + id + "\",\"ts\":\"" + t + "\",\"power_kw\":" + power
                            + ",\"energy_kwh\":" + c + "}"});
                }
            }
        }
        Collections.shuffle(mqtt, new Random(7));
        mqtt.addAll(mqtt.subList(0, 10)); // and some twice
        try (InfluxStore other = otherInstance(service)) {
            other.prepare();
            other.write(before);
            service.start(Clock.fixed(noon.toInstant(), ZoneOffset.UTC));
            await("the window's load").atMost(Duration.ofSeconds(30))
                    .until(() -> service.get("/health/ready").path("overview").asText().equals("loaded"));
            try (Publisher pub = servers.publisher(50)) {
                for (String[] m : mqtt) pub.publish("pvmon/v1/stations/" + m[0] + "/reading", m[1]);
                service.awaitStored(mqtt.size());
            }
            double c = counter.get("A-P1");
            other.write(List.of(line("A-P1", noon.minusSeconds(90).toInstant(), 6.0, c + 0.1), // after the load
                    line("A-P1", noon.minusSeconds(30).toInstant(), 6.0, c + 0.2)));

            Set<String> fromInflux = fromInfluxDb(service, noon.toInstant());
            assertThat(fromInflux).anyMatch(x -> x.startsWith("A-OFF OFFLINE")).anyMatch(x -> x.startsWith("A-IDLE IDLE"))
                    .anyMatch(x -> x.startsWith("A-P3 UNDERPERFORMING")).anyMatch(x -> x.startsWith("A-P2 METER"))
                    .noneMatch(x -> x.startsWith("A-P1"));
            // memory: once the refresh has brought the other instance's two readings in, the same conditions
            await("the same conditions from memory").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(fromService(service)).isEqualTo(fromInflux));
        } finally {
            service.close();
        }
    }

    /**
     * A fleet larger than one query of the window's load (which reads a group of stations at a time, the first group
     * of 50): 130 producing stations with a morning of 5-minute readings stored before the start. Once loaded, no
     * station is OFFLINE at noon (a station the load skipped would be: its window empty), none is IDLE, and the live
     * conditions equal those computed from InfluxDB.
     */
    @Test
    void the_windows_load_reads_every_station_of_a_fleet_larger_than_one_query() throws Exception {
        OffsetDateTime noon = AlertFleet.NOON;
        StringBuilder csv = new StringBuilder("id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            String id = String.format("L-%03d", i);
            csv.append(id).append(",电站").append(i).append(",村").append(i).append(",乡").append(i / 10)
                    .append(",沂南县,20,35.55,118.46,2016-06-30\n");
            double c = 1000;
            for (OffsetDateTime t = noon.minusHours(4); !t.isAfter(noon.minusMinutes(1)); t = t.plusMinutes(5)) {
                lines.add(line(id, t.toInstant(), 12.0, c += 1.0));
            }
        }
        TestService service = new TestService(servers, csv.toString(), Map.of("PVMON_OVERVIEW_REFRESH_SECONDS", "1"));
        try (InfluxStore other = otherInstance(service)) {
            other.prepare();
            other.write(lines);
            service.start(Clock.fixed(noon.toInstant(), ZoneOffset.UTC));
            await("the window's load").atMost(Duration.ofSeconds(30))
                    .until(() -> service.get("/health/ready").path("overview").asText().equals("loaded"));
            Set<String> live = fromService(service);
            assertThat(live).noneMatch(x -> x.contains(" OFFLINE ") || x.contains(" IDLE "));
            assertThat(live).isEqualTo(fromInfluxDb(service, noon.toInstant()));
        } finally {
            service.close();
        }
    }

    /** The conditions the rules give at {@code now} on inputs read from InfluxDB: "station type since lostKwh detail". */
    private static Set<String> fromInfluxDb(TestService service, Instant now) {
        Config cfg = Config.load(null, service.env());
        Registry registry = Registry.openSqlite(cfg.dataDir().resolve("registry.db"));
        try (InfluxStore store = new InfluxStore(cfg.influx())) {
            Readings readings = new Readings(store);
            Ingest ingest = new Ingest(cfg, registry.directory(), store, new PrometheusRegistry(), Clock.fixed(now, ZoneOffset.UTC),
                    new Workers(new PrometheusRegistry()));
            FleetInputs inputs = new FleetInputs(registry.directory(), registry, readings, new StationEnergy(readings, Periods.ZONE), ingest);
            Evaluation e = new AlertEvaluator(AlertRules.defaults(), Periods.ZONE).evaluate(now, inputs.at(now));
            Set<String> out = new TreeSet<>();
            for (Condition c : e.conditions()) {
                out.add(c.stationId() + " " + c.type() + " " + c.since() + " " + c.lostKwh().toPlainString() + " " + c.detail());
            }
            return out;
        }
    }

    /** The service's live conditions (GET /api/alerts/current: from memory once loaded), as {@link #fromInfluxDb}. */
    private static Set<String> fromService(TestService service) {
        Set<String> out = new TreeSet<>();
        for (JsonNode c : service.get("/api/alerts/current").path("conditions")) {
            out.add(c.path("station").asText() + " " + c.path("type").asText() + " "
                    + OffsetDateTime.parse(c.path("since").asText()).toInstant() + " "
                    + c.path("lostKwh").decimalValue().setScale(1).toPlainString() + " " + c.path("detail").asText());
        }
        return out;
    }

    private static String line(String station, Instant t, double powerKw, double kwh) {
        return "reading,station=" + station + " power_kw=" + powerKw + ",energy_kwh=" + kwh + ",state=\"running\",fault_code=0.0 "
                + (t.getEpochSecond() * 1_000_000_000L);
    }

    /** Two readings 30 s apart, both before now and within today (Asia/Shanghai). */
    private static Instant firstTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant midnight = LocalDate.ofInstant(now, Periods.ZONE).atStartOfDay(Periods.ZONE).toInstant();
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
        return "{\"station\":\"" + station + "\",\"ts\":\"" + t.atZone(Periods.ZONE).toOffsetDateTime()
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
        String today = LocalDate.now(Periods.ZONE).toString();
        for (JsonNode s : service.get("/api/energy/daily?from=" + today + "&to=" + today).path("stations")) {
            if (s.path("station").asText().equals(id)) return s;
        }
        throw new AssertionError("no station " + id + " in GET /api/energy/daily");
    }
}
