package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.db.Leases;
import org.pvmon.testing.Ports;
import org.pvmon.testing.Postgres;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.ServiceProcess;
import org.pvmon.testing.TestService;

/**
 * Two service processes ({@code target/pvmon.jar}) on one PostgreSQL, one mosquitto and one InfluxDB, in one
 * shared-subscription group with their own client ids, as docs/operations.md "Several instances" says to run them:
 * <ul>
 * <li>the readings are split between them and every one is stored once, also when the instance holding the leases is
 *     killed with SIGKILL mid-stream and started again (mosquitto keeps its share for its session meanwhile: the
 *     survivor does not get it, see the docs);</li>
 * <li>exactly one instance holds each lease (alert evaluation, closing days) at any time, the killed holder's leases
 *     are taken over within {@link Leases#TTL} + {@link Leases#RENEW_EVERY}, and those of an instance stopped cleanly
 *     within {@link Leases#RENEW_EVERY};</li>
 * <li>the meter replaced mid-stream opens one METER alert, and its notification reaches the webhook once;</li>
 * <li>the month-end drafts of the county asked of both instances at the same moment write each village's draft once.</li>
 * </ul>
 */
class SeveralInstancesIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String COUNTY = "沂南县";
    private static final int STATIONS = 20;
    private static final int PER_STATION = 300; // one a second: 5 minutes of readings each
    private static final int TOTAL = STATIONS * PER_STATION;
    private static final String METER_STATION = "S-01"; // its meter is replaced during the stream: counter back to 0
    private static final Pattern LEASE = Pattern.compile("pvmon_lease_held\\{lease=\"([^\"]+)\"} (\\S+)");
    private static final List<String> LEASES = List.of("alert-evaluation", "energy-days");

    /** One service process and how to reach it. */
    private record Instance(String name, ServiceProcess process, String base) implements AutoCloseable {
        URI ready() {
            return URI.create(base + "/health/ready");
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private static String stations() {
        StringBuilder csv = new StringBuilder("id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n");
        for (int i = 1; i <= STATIONS; i++) {
            csv.append(String.format("S-%02d,%02d村光伏扶贫电站,%02d村,界湖街道,%s,50,35.55,118.46,2016-06-30%n", i, i, i, COUNTY));
        }
        return csv.toString();
    }

    @Test
    void two_instances_share_the_readings_and_the_jobs_and_survive_one_of_them_killed() throws Exception {
        List<Long> webhook = new CopyOnWriteArrayList<>(); // eventIds as the receiver got them
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            webhook.add(JSON.readTree(ex.getRequestBody()).path("eventId").asLong());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try (Postgres pg = new Postgres().start()) {
            Map<String, String> shared = new HashMap<>(new TestService(servers, stations(), Map.of()).env());
            shared.putAll(Map.of(
                    "PVMON_REGISTRY_URL", pg.createDatabase("pvmon"),
                    "PVMON_REGISTRY_USERNAME", "pvmon",
                    "PVMON_REGISTRY_POOL_SIZE", "4",
                    "PVMON_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                    "PVMON_NOTIFY_POLL_MS", "200",
                    "PVMON_ALERTS_EVALUATE_EVERY_SECONDS", "10",
                    "PVMON_OVERVIEW_REFRESH_SECONDS", "2",
                    "PVMON_ENERGY_KEEP_DAYS", "3",
                    // the stream ends minutes before the checks: no OFFLINE alerts by daylight meanwhile (METER shows at any hour)
                    "PVMON_ALERTS_OFFLINE_MISSED_INTERVALS", "100",
                    "PVMON_DATA_DIR", "data")); // each process's own, under its working directory
            String group = shared.get("PVMON_MQTT_GROUP");
            String db = shared.get("PVMON_INFLUX_DATABASE");
            try (Instance one = instance(shared, group + "-1"); Instance two = instance(shared, group + "-2");
                 Publisher pub = servers.publisher(200)) {
                // the first start creates the first administrator; the second instance shares the database, and so the token
                one.process().start().waitReady(one.ready());
                String token = TestService.adminToken(one.base(), one.process().workDir().resolve("data"));
                two.process().start().waitReady(two.ready());
                await("each lease held by one instance").atMost(Duration.ofSeconds(30)).until(() -> oneHolderEach(token, one, two));
                Instance holder = holds(token, one, "alert-evaluation") ? one : two;
                Instance other = holder == one ? two : one;
                assertThat(leases(token, holder)).as("the first to start took both").containsEntry("energy-days", true);

                // a stream of readings; the holder of the leases is killed a third of the way through
                Thread stream = stream(pub);
                await().atMost(Duration.ofSeconds(120)).until(() -> stored(db) >= TOTAL / 3);
                long receivedByHolder = counters(token, holder).path("received").asLong();
                long receivedByOther = counters(token, other).path("received").asLong();
                assertThat(holder.process().kill9()).isEqualTo(137);
                long killedAt = System.nanoTime();
                assertThat(receivedByHolder).as("readings split: the holder's share").isPositive();
                assertThat(receivedByOther).as("readings split: the other's share").isPositive();

                await("the survivor takes over both leases").atMost(Leases.TTL.plus(Leases.RENEW_EVERY).plusSeconds(20))
                        .pollInterval(Duration.ofMillis(250)).until(() -> leases(token, other).values().stream().allMatch(b -> b));
                Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
                System.out.println("lease takeover after kill -9 of the holder: " + takeover.toMillis() + " ms");
                assertThat(takeover).as("within TTL + one renewal period (+ the scrape)")
                        .isLessThanOrEqualTo(Leases.TTL.plus(Leases.RENEW_EVERY).plusSeconds(5));

                stream.join(Duration.ofSeconds(120).toMillis());
                pub.awaitAllAcked(TOTAL, Duration.ofSeconds(120));
                long whileDown = settled(db);
                System.out.println("stored while the killed instance was down: " + whileDown + " of " + TOTAL);
                assertThat(whileDown).as("mosquitto keeps the killed member's share (its in-flight and queued readings) for its "
                        + "session: the survivor does not get it (docs/operations.md, \"Several instances\")").isLessThan(TOTAL);

                // started again under its client id: its session's readings arrive; the leases stay with the survivor
                holder.process().start().waitReady(holder.ready());
                await("every reading stored").atMost(Duration.ofSeconds(120)).until(() -> stored(db) == TOTAL);
                assertThat(leases(token, holder)).as("the restarted instance does not take the leases back")
                        .containsEntry("alert-evaluation", false).containsEntry("energy-days", false);
                assertThat(leases(token, other)).containsEntry("alert-evaluation", true).containsEntry("energy-days", true);
                for (Instance i : List.of(one, two)) assertThat(counters(token, i).path("dropped").asLong()).isZero();

                // the replaced meter: one METER alert, opened by the instance that held the lease, notified once
                await("the METER alert and its notification").atMost(Duration.ofSeconds(90)).until(() -> !webhook.isEmpty());
                JsonNode alerts = get(token, other, "/api/alerts?status=all");
                List<String> opened = new ArrayList<>();
                for (JsonNode a : alerts.path("alerts")) opened.add(a.path("station").asText() + " " + a.path("type").asText());
                assertThat(opened).containsExactly(METER_STATION + " METER");
                await("the outbox sent").atMost(Duration.ofSeconds(30))
                        .until(() -> get(token, other, "/api/notifications?status=sent").path("count").asInt() == 1);
                // any second sender would have sent within a lease renewal (outbox poll 200 ms): still one after it
                await("no second notification").during(Leases.RENEW_EVERY).atMost(Leases.RENEW_EVERY.plusSeconds(5))
                        .until(() -> webhook.size() == 1);
                assertThat(webhook).hasSize(1);
                assertThat(get(token, other, "/api/notifications?status=all").path("notifications").path(0).path("attempts").asInt())
                        .isEqualTo(1);

                // month-end drafts of the county asked of both instances at the same moment
                YearMonth month = YearMonth.now(CHINA).minusMonths(1);
                String path = "/api/counties/" + URLEncoder.encode(COUNTY, StandardCharsets.UTF_8) + "/statements?month=" + month;
                List<JsonNode> runs = atOnce(token, path, one, two);
                Map<String, Integer> created = new HashMap<>();
                for (JsonNode run : runs) {
                    assertThat(run.path("errors")).as(run.toString()).isEmpty();
                    assertThat(run.path("villages").asInt()).isEqualTo(STATIONS);
                    for (JsonNode r : run.path("results")) {
                        if (r.path("result").asText().equals("CREATED")) created.merge(r.path("village").asText(), 1, Integer::sum);
                    }
                }
                assertThat(created).as("every village's draft created once, by one of the two").hasSize(STATIONS)
                        .allSatisfy((v, n) -> assertThat(n).isEqualTo(1));
                JsonNode rollup = get(token, one, path);
                Set<Long> ids = new HashSet<>();
                for (JsonNode v : rollup.path("villages")) {
                    assertThat(v.path("status").asText()).isEqualTo("DRAFT");
                    ids.add(v.path("statementId").asLong());
                }
                assertThat(ids).hasSize(STATIONS);
                for (JsonNode run : atOnce(token, path, one, two)) {
                    assertThat(run.path("created").asInt()).as("asked again: nothing new").isZero();
                    assertThat(run.path("alreadyThere").asInt()).isEqualTo(STATIONS);
                }

                // the lease holder stopped cleanly releases its leases: the other takes them at its next try
                long stopping = System.nanoTime();
                other.process().stop();
                await("leases taken after a clean stop").atMost(Leases.RENEW_EVERY.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> leases(token, holder).values().stream().allMatch(b -> b));
                System.out.println("lease takeover after a clean stop of the holder: "
                        + Duration.ofNanos(System.nanoTime() - stopping).toMillis() + " ms");
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static Instance instance(Map<String, String> shared, String clientId) {
        int port = Ports.free();
        Map<String, String> env = new HashMap<>(shared);
        env.put("PVMON_MQTT_CLIENT_ID", clientId);
        env.put("PVMON_HTTP_PORT", Integer.toString(port));
        return new Instance(clientId, new ServiceProcess(env), "http://127.0.0.1:" + port);
    }

    /**
     * Publishes {@link #PER_STATION} readings of every station, stations in turn, about 1,000 a second, each timestamped
     * when it is sent (as loggers do: the other instances' memory takes them in at its next refresh); the counters rise
     * 18 kW (of 50 kWp), and {@link #METER_STATION}'s starts again from 0 a quarter of the way through (a replaced meter).
     */
    private static Thread stream(Publisher pub) {
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant[] last = new Instant[STATIONS + 1];
            Instant reset = null;
            int n = 0;
            for (int i = 0; i < PER_STATION; i++) {
                for (int s = 1; s <= STATIONS; s++) {
                    String station = String.format("S-%02d", s);
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    if (last[s] != null && !at.isAfter(last[s])) at = last[s].plusMillis(1); // one reading per station and time
                    last[s] = at;
                    if (station.equals(METER_STATION) && i == PER_STATION / 4) reset = at;
                    double counter = station.equals(METER_STATION) && reset != null ? kwh(reset, at) : 20_000 + s + kwh(t0, at);
                    pub.publish("pvmon/v1/stations/" + station + "/reading", "{\"station\":\"" + station + "\",\"ts\":\""
                            + at.atOffset(ZoneOffset.ofHours(8)) + "\",\"power_kw\":18.0,\"energy_kwh\":"
                            + String.format(java.util.Locale.ROOT, "%.5f", counter) + "}");
                    long due = start + ++n * 1_000_000L;
                    while (System.nanoTime() < due) Thread.onSpinWait();
                }
            }
        }, "test-loggers");
        t.start();
        return t;
    }

    /** What 18 kW make from {@code from} to {@code to}. */
    private static double kwh(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() * 18.0 / 3_600_000;
    }

    /** Readings stored in InfluxDB (each station + time once: a redelivered reading overwrites itself). */
    private static long stored(String db) {
        try {
            JsonNode r = JSON.readTree(servers.influxd().query("SELECT count(energy_kwh) FROM reading", db));
            JsonNode series = r.path("results").path(0).path("series");
            return series.isMissingNode() || series.isEmpty() ? 0 : series.path(0).path("values").path(0).path(1).asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The stored count once it stopped changing for 3 s. */
    private static long settled(String db) throws InterruptedException {
        long last = -2;
        int same = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (same < 6 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = stored(db);
            same = now == last ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    private static boolean oneHolderEach(String token, Instance a, Instance b) {
        Map<String, Boolean> x = leases(token, a);
        Map<String, Boolean> y = leases(token, b);
        for (String lease : LEASES) {
            if (!x.containsKey(lease) || !y.containsKey(lease) || x.get(lease) == y.get(lease)) return false;
        }
        return true;
    }

    private static boolean holds(String token, Instance i, String lease) {
        return leases(token, i).getOrDefault(lease, false);
    }

    /** {@code pvmon_lease_held} of an instance: lease → held by it (empty when it does not answer). */
    private static Map<String, Boolean> leases(String token, Instance i) {
        Map<String, Boolean> out = new HashMap<>();
        try {
            HttpResponse<String> r = HTTP.send(TestService.authorized(HttpRequest.newBuilder(URI.create(i.base() + "/metrics"))
                    .timeout(Duration.ofSeconds(5)), token).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return out;
            Matcher m = LEASE.matcher(r.body());
            while (m.find()) out.put(m.group(1), Double.parseDouble(m.group(2)) == 1.0);
        } catch (java.io.IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private static JsonNode counters(String token, Instance i) {
        return get(token, i, "/api/ingest/counters");
    }

    private static JsonNode get(String token, Instance i, String path) {
        return TestService.getJson(i.base(), path, 200, token);
    }

    /** The same POST sent to both instances at the same moment; their answers (each must be 200). */
    private static List<JsonNode> atOnce(String token, String path, Instance a, Instance b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (Instance i : List.of(a, b)) {
                answers.add(pool.submit(() -> {
                    go.await();
                    HttpResponse<String> r = HTTP.send(TestService.authorized(HttpRequest.newBuilder(URI.create(i.base() + path))
                            .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()), token).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(i.name() + ": " + r.body()).isEqualTo(200);
                    return JSON.readTree(r.body());
                }));
            }
            go.countDown();
            List<JsonNode> out = new ArrayList<>();
            for (Future<JsonNode> f : answers) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
