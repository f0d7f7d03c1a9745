package org.pvmon.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The store's ceiling on this machine: writes points shaped like pvmon's readings (same measurement, tag and
 * fields, ns precision) straight to InfluxDB 1.x {@code /write}, in batches, from T threads, each waiting for one
 * batch before sending the next (as pvmon's batch writer does).
 */
@Command(name = "influx-write", mixinStandardHelpOptions = true,
        description = "Write reading-shaped points straight to InfluxDB 1.x /write and report points/s (the store's ceiling).")
final class InfluxWriteCommand implements Callable<Integer> {
    @Option(names = "--influx-url", required = true, description = "e.g. http://127.0.0.1:8086")
    String influxUrl;
    @Option(names = "--db", defaultValue = "ceiling", description = "Database, created if missing (default ${DEFAULT-VALUE}).")
    String db;
    @Option(names = "--points", defaultValue = "1000000", description = "Points in all (default ${DEFAULT-VALUE}).")
    long points;
    @Option(names = "--batch", defaultValue = "5000", description = "Points per request (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--threads", defaultValue = "1", description = "Concurrent writers (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--stations", defaultValue = "10000", description = "Series (station tag values) (default ${DEFAULT-VALUE}).")
    int stations;
    @Option(names = "--station-prefix", defaultValue = "BENCH")
    String prefix;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String enc = URLEncoder.encode(db, StandardCharsets.UTF_8);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(influxUrl + "/query?q="
                + URLEncoder.encode("CREATE DATABASE \"" + db + "\"", StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) throw new IllegalStateException("CREATE DATABASE: HTTP " + created.statusCode());
        URI write = URI.create(influxUrl + "/write?precision=n&db=" + enc);
        long baseNs = (Instant.now().getEpochSecond() - 1) * 1_000_000_000L;
        long batches = (points + batch - 1) / batch;
        AtomicLong next = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                StringBuilder sb = new StringBuilder(batch * 200);
                long b;
                while ((b = next.getAndIncrement()) < batches && errors.isEmpty()) {
                    sb.setLength(0);
                    long from = b * batch, to = Math.min(points, from + batch);
                    for (long n = from; n < to; n++) {
                        long station = n % stations, round = n / stations;
                        sb.append("reading,station=").append(Payloads.stationId(prefix, (int) station))
                                .append(" energy_kwh=").append(100000.0 + n / 10.0).append(",fault_code=0.0")
                                .append(",irradiance_wm2=").append((double) (n % 1200)).append(",module_temp_c=").append(20.0 + (n % 300) / 10.0)
                                .append(",power_kw=").append((n * 7919 % 1000) / 10.0).append(",state=\"running\" ")
                                .append(baseNs - round * 1_000_000_000L).append('\n');
                    }
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(write).timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 204) errors.add("HTTP " + r.statusCode() + ": " + r.body());
                    } catch (Exception e) {
                        errors.add(e.toString());
                    }
                    latencies.add(System.nanoTime() - s);
                }
            }, "writer-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!errors.isEmpty()) {
            PublishCommand.log("influx-write failed: %s", errors.get(0));
            return 1;
        }
        List<Long> l = new ArrayList<>(latencies);
        Collections.sort(l);
        PublishCommand.log("influx-write: %,d points, batches of %d, %d thread(s), %d series: %.2f s = %,.0f points/s; "
                        + "request p50 %.0f ms, p99 %.0f ms", points, batch, threads, stations, secs, points / secs,
                l.get(l.size() / 2) / 1e6, l.get(Math.min(l.size() - 1, (int) Math.ceil(l.size() * 0.99) - 1)) / 1e6);
        System.out.printf(Locale.ROOT, "points_per_second=%.0f%n", points / secs);
        return 0;
    }
}
