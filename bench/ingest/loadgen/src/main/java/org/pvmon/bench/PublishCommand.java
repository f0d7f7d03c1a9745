package org.pvmon.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Publishes readings (QoS 1) over K connections, each with a bounded in-flight window (a semaphore released
 * when the PUBACK arrives), as fast as possible or at a fixed rate. Only PUBACKed messages count as published.
 * Optionally waits until the pvmon service reports them all written, checks InfluxDB's count, and measures
 * publish → queryable latency with probe messages.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publish readings to an MQTT broker and measure throughput, loss and latency.")
final class PublishCommand implements Callable<Integer> {
    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker URL (default ${DEFAULT-VALUE}).")
    String broker;
    @Option(names = "--stations", defaultValue = "10000", description = "Stations PREFIX-00001..N (default ${DEFAULT-VALUE}).")
    int stations;
    @Option(names = "--station-prefix", defaultValue = "BENCH", description = "Station id prefix (default ${DEFAULT-VALUE}).")
    String prefix;
    @Option(names = "--capacity", defaultValue = "100", description = "Station capacity in kWp; power stays below it (default ${DEFAULT-VALUE}).")
    double capacity;
    @Option(names = "--rate", defaultValue = "0", description = "Messages/s over all connections; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--tick-ms", defaultValue = "5", description = "With --rate: messages due within this many ms are sent together (default ${DEFAULT-VALUE}).")
    long tickMs;
    @Option(names = "--total", defaultValue = "0", description = "Messages to send; 0 = no limit (then --duration is needed).")
    long total;
    @Option(names = "--duration", defaultValue = "0", description = "Stop sending after this many seconds; 0 = no limit.")
    double duration;
    @Option(names = "--connections", defaultValue = "4", description = "Publisher connections (default ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--inflight", defaultValue = "200", description = "Unacknowledged messages per connection (default ${DEFAULT-VALUE}); capped at the broker's Receive Maximum.")
    int inflight;
    @Option(names = "--client", defaultValue = "raw", description = "raw: a minimal MQTT 3.1.1 publisher on a socket, buffered "
            + "(little CPU, for tcp:// brokers); paho: Eclipse Paho MQTT v5 async client (default ${DEFAULT-VALUE}).")
    String client;
    @Option(names = "--username", description = "Broker login (the bench's: pvmon-bench, which may publish as any station).")
    String username;
    @Option(names = "--password", defaultValue = "${env:PVMON_BENCH_MQTT_PASSWORD}",
            description = "Its password (default: the environment variable PVMON_BENCH_MQTT_PASSWORD, off the command line).")
    String password;
    @Option(names = "--client-id", defaultValue = "loadgen", description = "Client id prefix; connection i is PREFIX-i (default ${DEFAULT-VALUE}).")
    String clientId;
    @Option(names = "--time-base", description = "Epoch second of the newest reading timestamp (default: now).")
    Long timeBase;
    @Option(names = "--time-step", defaultValue = "1", description = "Seconds between a station's successive readings (default ${DEFAULT-VALUE}).")
    long timeStep;
    @Option(names = "--probe-every", defaultValue = "0", description = "Latency: every Nth message is a probe (station PREFIX-PROBE, ts = send time in ms); 0 = off.")
    long probeEvery;
    @Option(names = "--poll-ms", defaultValue = "20", description = "Latency: how often InfluxDB is asked for outstanding probes (default ${DEFAULT-VALUE}).")
    long pollMs;
    @Option(names = "--warmup", defaultValue = "5", description = "Latency: probes sent in the first N seconds are not counted (default ${DEFAULT-VALUE}).")
    double warmup;
    @Option(names = "--influx-url", description = "InfluxDB 1.x URL for the latency probes and the stored-count check, e.g. http://127.0.0.1:8086.")
    String influxUrl;
    @Option(names = "--influx-db", defaultValue = "pvmon", description = "InfluxDB database (default ${DEFAULT-VALUE}).")
    String influxDb;
    @Option(names = "--service-url", description = "pvmon base URL: wait until its counters show every published message written.")
    String serviceUrl;
    @Option(names = "--drain-timeout", defaultValue = "300", description = "Give up waiting for the service after this many seconds (default ${DEFAULT-VALUE}).")
    long drainTimeout;
    @Option(names = "--result-file", description = "Write the results as key=value lines here.")
    Path resultFile;
    @Option(names = "--label", defaultValue = "", description = "Free text copied into the result file.")
    String label;

    private final Http http = new Http();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder noSubscribers = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final AtomicLong firstPublishNanos = new AtomicLong();
    /** PUBACK latency, 0.1 ms buckets up to 30 s (last bucket: anything longer). */
    private final AtomicLongArray ackHistogram = new AtomicLongArray(300_001);
    /** Probe ts (epoch ms) → send time as nanos since start + 1 (negative while in warm-up). */
    private final ConcurrentSkipListMap<Long, Long> probesOutstanding = new ConcurrentSkipListMap<>();
    private final List<long[]> probeResults = Collections.synchronizedList(new ArrayList<>()); // {send (rel), latencyNanos}
    private final AtomicLong lastProbeMillis = new AtomicLong();
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong highestNumber = new AtomicLong(-1);
    private Payloads payloads;
    private volatile boolean aborted;
    private long startNanos;
    private Map<String, Long> countersBefore = Map.of();
    private int[] windowSizes;

    @Override
    public Integer call() throws Exception {
        if (total <= 0 && duration <= 0) throw new IllegalArgumentException("give --total or --duration (or both)");
        if (connections < 1 || inflight < 1 || stations < 1) throw new IllegalArgumentException("--connections, --inflight, --stations must be ≥ 1");
        if (!client.equals("raw") && !client.equals("paho")) throw new IllegalArgumentException("--client must be raw or paho");
        if (probeEvery > 0 && influxUrl == null) throw new IllegalArgumentException("--probe-every needs --influx-url");
        long base = timeBase != null ? timeBase : Instant.now().getEpochSecond() - 1;
        payloads = new Payloads(prefix, stations, capacity, base, timeStep);

        List<Publisher> clients = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        windowSizes = new int[connections];
        for (int i = 0; i < connections; i++) {
            Semaphore window = new Semaphore(0);
            Publisher.Listener l = listener(window);
            Publisher c = client.equals("raw") ? new RawPublisher(broker, clientId + "-" + i, username, password, l)
                    : new PahoPublisher(broker, clientId + "-" + i, username, password, l);
            int size = inflight;
            if (c.brokerReceiveMaximum() > 0 && c.brokerReceiveMaximum() < size) {
                log("broker Receive Maximum is %d: --inflight %d lowered to it", c.brokerReceiveMaximum(), inflight);
                size = c.brokerReceiveMaximum();
            }
            window.release(size);
            clients.add(c);
            windows.add(window);
            windowSizes[i] = size;
        }
        log("connected %d %s publisher(s) to %s, in-flight window %d each; %s", connections, client, broker, windowSizes[0],
                rate > 0 ? String.format(Locale.ROOT, "fixed rate %.0f msg/s", rate) : "as fast as possible");

        Map<String, Long> before = serviceUrl == null ? Map.of() : http.counters(serviceUrl);
        countersBefore = before;
        Thread sampler = daemon("counters-sampler", this::sampleCounters);
        Thread poller = probeEvery > 0 ? daemon("probe-poller", this::pollProbes) : null;

        startNanos = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < connections; k++) {
            final int kk = k;
            Thread w = new Thread(() -> publishLoop(kk, clients.get(kk), windows.get(kk), payloads), "publisher-" + k);
            workers.add(w);
            w.start();
        }
        if (serviceUrl != null) sampler.start();
        if (poller != null) poller.start();
        for (Thread w : workers) w.join();
        long sentNanos = System.nanoTime();
        // wait for the last PUBACKs: every permit back = nothing in flight
        long ackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int k = 0; k < connections; k++) {
            while (windows.get(k).availablePermits() < windowSizes[k] && System.nanoTime() < ackDeadline) Thread.sleep(5);
            if (windows.get(k).availablePermits() < windowSizes[k]) {
                log("connection %d: %d PUBACKs missing after 60 s", k, windowSizes[k] - windows.get(k).availablePermits());
                aborted = true;
            }
        }
        long published = acked.sum();
        double pubSeconds = (lastAckNanos.get() - firstPublishNanos.get()) / 1e9;
        log("published %,d (PUBACKed) in %.2f s = %,.0f msg/s; failed %d, no matching subscribers %d",
                published, pubSeconds, published / pubSeconds, failed.sum(), noSubscribers.sum());

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", label);
        r.put("broker", broker);
        r.put("client", client);
        r.put("connections", connections);
        r.put("inflight", windowSizes[0]);
        r.put("rate_target", rate);
        r.put("stations", stations);
        r.put("published", published);
        r.put("failed", failed.sum());
        r.put("no_subscribers", noSubscribers.sum());
        r.put("first_error", firstError.get() == null ? "" : firstError.get());
        r.put("t_first_publish_ms", epochMillis(firstPublishNanos.get()));
        r.put("t_last_ack_ms", epochMillis(lastAckNanos.get()));
        r.put("publish_seconds", fmt(pubSeconds));
        r.put("publish_rate", fmt0(published / pubSeconds));
        r.put("puback_p50_ms", fmt(ackPercentile(0.50)));
        r.put("puback_p99_ms", fmt(ackPercentile(0.99)));
        boolean ok = failed.sum() == 0 && noSubscribers.sum() == 0 && published > 0 && !aborted;

        if (serviceUrl != null) {
            ok &= drain(published, before, r);
        }
        if (poller != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(60, drainTimeout));
            while (!probesOutstanding.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            poller.interrupt();
            poller.join(5_000);
            ok &= probeStats(r);
        }
        if (serviceUrl != null) {
            sampler.interrupt();
            sampler.join(5_000);
        }
        if (influxUrl != null) {
            try {
                // only this run's own time window (a warm-up run stamps its readings days earlier)
                long since = payloads.oldestEpochSecond(highestNumber.get() + 1);
                long stored = Http.countResult(http.influxQuery(influxUrl, influxDb,
                        "SELECT count(energy_kwh) FROM reading WHERE time >= " + since + "s", Duration.ofSeconds(120)));
                r.put("influx_count", stored);
                r.put("stored_equals_published", stored == published);
                log("InfluxDB %s: SELECT count(energy_kwh) FROM reading WHERE time >= <oldest ts of this run> = %,d (published %,d): %s", influxDb, stored, published,
                        stored == published ? "stored == published" : "MISMATCH");
                ok &= stored == published;
            } catch (IOException e) {
                log("cannot count in InfluxDB: %s", e.getMessage());
                r.put("influx_count", -1);
                ok = false;
            }
        }
        for (Publisher c : clients) c.close();
        r.put("timeline", String.join(" ", timeline));
        r.put("ok", ok);
        if (resultFile != null) {
            StringBuilder sb = new StringBuilder();
            r.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            Files.writeString(resultFile, sb.toString(), StandardCharsets.UTF_8);
        }
        log("result: %s", ok ? "OK" : "FAILED");
        return ok ? 0 : 1;
    }

    private Publisher.Listener listener(Semaphore window) {
        return new Publisher.Listener() {
            @Override
            public void acked(long sent, long probeMillis, int reasonCode) {
                long now = System.nanoTime();
                window.release();
                if (reasonCode == 0x10) noSubscribers.increment(); // MQTT 5: accepted, but nobody subscribed
                acked.increment();
                lastAckNanos.accumulateAndGet(now, Math::max);
                ackHistogram.incrementAndGet((int) Math.min(300_000, (now - sent) / 100_000));
            }

            @Override
            public void failed(long sent, long probeMillis, Throwable e) {
                window.release();
                failed.increment();
                firstError.compareAndSet(null, String.valueOf(e));
                if (probeMillis != 0) probesOutstanding.remove(probeMillis);
            }
        };
    }

    private void publishLoop(int k, Publisher client, Semaphore window, Payloads payloads) {
        Payloads.Builder b = payloads.new Builder();
        long durationNanos = (long) (duration * 1e9);
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
        long probeWarmupNanos = (long) (warmup * 1e9);
        try {
            for (long j = 0; !aborted; j++) {
                long n = k + j * connections;
                if (total > 0 && n >= total) break;
                if (rate > 0) {
                    long due = startNanos + (long) (n * 1e9 / rate);
                    if (durationNanos > 0 && due - startNanos >= durationNanos) break;
                    if (due - System.nanoTime() > tickNanos) {
                        // send in ticks: what falls due within the next tick goes out in one write, so pacing
                        // costs one syscall and one wake-up per tick, not per message
                        client.flush();
                        long wait;
                        while ((wait = due - tickNanos - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                    }
                } else if (durationNanos > 0 && System.nanoTime() - startNanos >= durationNanos) {
                    break;
                }
                if (!window.tryAcquire()) {
                    client.flush(); // about to wait for PUBACKs: send what is buffered first
                    window.acquire();
                }
                String topic;
                byte[] payload;
                long probeMs = 0;
                long sent = System.nanoTime();
                if (probeEvery > 0 && n % probeEvery == 0) {
                    probeMs = lastProbeMillis.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
                    sent = System.nanoTime();
                    topic = payloads.probeTopic();
                    payload = b.probe(n, probeMs);
                    long rel = sent - startNanos + 1; // > 0; negative = sent during warm-up: tracked, not counted
                    probesOutstanding.put(probeMs, sent - startNanos >= probeWarmupNanos ? rel : -rel);
                } else {
                    topic = payloads.topic(n);
                    payload = b.reading(n);
                }
                firstPublishNanos.compareAndSet(0, sent);
                highestNumber.accumulateAndGet(n, Math::max);
                try {
                    client.publish(topic, payload, sent, probeMs);
                } catch (Exception e) {
                    window.release();
                    failed.increment();
                    if (probeMs != 0) probesOutstanding.remove(probeMs);
                    firstError.compareAndSet(null, e.toString());
                    if (!client.isConnected()) {
                        log("publisher %d lost its connection: %s; stopping", k, e.getMessage());
                        aborted = true;
                    }
                }
            }
            client.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log("publisher %d: %s; stopping", k, e);
            firstError.compareAndSet(null, e.toString());
            aborted = true;
        }
    }

    private boolean drain(long published, Map<String, Long> before, Map<String, Object> r) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainTimeout);
        long lastProgress = System.nanoTime();
        long lastStored = -1;
        Map<String, Long> c = before;
        long storedAt = 0;
        while (System.nanoTime() < deadline) {
            try {
                c = http.counters(serviceUrl);
            } catch (IOException e) {
                log("counters: %s", e.getMessage());
                Thread.sleep(200);
                continue;
            }
            long stored = delta(c, before, "written") + delta(c, before, "replayed");
            if (stored >= published && delta(c, before, "received") >= published) {
                storedAt = System.nanoTime();
                break;
            }
            if (stored != lastStored) {
                lastStored = stored;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                log("no progress for 60 s: %d of %d stored", stored, published);
                break;
            }
            Thread.sleep(100); // ±50 ms on a run of tens of seconds; faster polling would load the service
        }
        for (String k : List.of("received", "written", "rejected", "spooled", "replayed", "dropped")) {
            r.put("service_" + k, delta(c, before, k));
        }
        r.put("service_spool_pending", c.getOrDefault("spoolPending", -1L));
        boolean drained = storedAt != 0;
        r.put("drained", drained);
        if (drained) {
            double e2e = (storedAt - firstPublishNanos.get()) / 1e9;
            r.put("t_stored_ms", epochMillis(storedAt));
            r.put("e2e_seconds", fmt(e2e));
            r.put("e2e_rate", fmt0(published / e2e));
            r.put("drain_after_publish_seconds", fmt((storedAt - lastAckNanos.get()) / 1e9));
            log("service: all %,d written %.2f s after the first publish = %,.0f msg/s end to end (%.2f s after the last PUBACK)",
                    published, e2e, published / e2e, (storedAt - lastAckNanos.get()) / 1e9);
        } else {
            log("service did NOT write everything: counters %s", c);
        }
        return drained && delta(c, before, "dropped") == 0 && delta(c, before, "rejected") == 0;
    }

    private static long epochMillis(long nanos) {
        return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
    }

    private static long delta(Map<String, Long> now, Map<String, Long> before, String k) {
        return now.getOrDefault(k, 0L) - before.getOrDefault(k, 0L);
    }

    /** One counters sample a second: a timeline "t_s:published/received/stored" of the run (shows a growing backlog). */
    private void sampleCounters() {
        long t0 = startNanos;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
                Map<String, Long> c = http.counters(serviceUrl);
                timeline.add(String.format(Locale.ROOT, "%.0f:%d/%d/%d", (System.nanoTime() - t0) / 1e9, acked.sum(),
                        delta(c, countersBefore, "received"), delta(c, countersBefore, "written") + delta(c, countersBefore, "replayed")));
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                timeline.add("error");
            }
        }
    }

    /**
     * Asks InfluxDB every poll interval for the probe points at or after the oldest outstanding probe (one series,
     * a handful of rows): a probe's latency is the time from just before its publish to the reply that first
     * contained it, so it errs high by at most one poll interval plus one query.
     */
    private void pollProbes() {
        String station = Payloads.probeId(prefix);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(pollMs);
                if (probesOutstanding.isEmpty()) continue;
                long oldest = probesOutstanding.firstKey();
                String body = http.influxQuery(influxUrl, influxDb,
                        "SELECT energy_kwh FROM reading WHERE station='" + station + "' AND time >= " + oldest + "ms",
                        Duration.ofSeconds(10));
                long now = System.nanoTime();
                for (long ms : Http.epochRows(body)) {
                    Long rel = probesOutstanding.remove(ms);
                    if (rel != null && rel > 0) probeResults.add(new long[] {rel, now - (startNanos + rel - 1)});
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log("probe query: %s", e.getMessage());
            }
        }
    }

    private boolean probeStats(Map<String, Object> r) {
        long missing = probesOutstanding.values().stream().filter(v -> v > 0).count();
        List<Long> lat = new ArrayList<>();
        synchronized (probeResults) {
            for (long[] p : probeResults) lat.add(p[1]);
        }
        Collections.sort(lat);
        r.put("probe_count", lat.size());
        r.put("probe_missing", missing);
        r.put("probe_poll_ms", pollMs);
        if (lat.isEmpty()) {
            log("no latency probe came back");
            return false;
        }
        double p50 = pct(lat, 0.50), p90 = pct(lat, 0.90), p99 = pct(lat, 0.99), max = lat.get(lat.size() - 1) / 1e6;
        r.put("probe_p50_ms", fmt(p50));
        r.put("probe_p90_ms", fmt(p90));
        r.put("probe_p99_ms", fmt(p99));
        r.put("probe_max_ms", fmt(max));
        log("publish → queryable (%d probes, %d missing): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                lat.size(), missing, p50, p90, p99, max);
        return missing == 0;
    }

    private static double pct(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private double ackPercentile(double q) {
        long n = 0;
        for (int i = 0; i < ackHistogram.length(); i++) n += ackHistogram.get(i);
        if (n == 0) return Double.NaN;
        long target = (long) Math.ceil(q * n), seen = 0;
        for (int i = 0; i < ackHistogram.length(); i++) {
            seen += ackHistogram.get(i);
            if (seen >= target) return (i + 1) / 10.0; // upper edge of the 0.1 ms bucket
        }
        return Double.NaN;
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String fmt0(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[loadgen %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
