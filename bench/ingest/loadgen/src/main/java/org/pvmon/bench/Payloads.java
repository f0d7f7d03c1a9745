package org.pvmon.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Message number n → topic and payload, valid per docs/telemetry.md (~190 bytes). Message n goes to station
 * {@code n mod S} with timestamp {@code base - (n div S) * step}: every message has its own station + timestamp,
 * so no stored point overwrites another and "points stored == messages published" is a real check.
 * Latency probes go to a separate station (PREFIX-PROBE) stamped with their send time in milliseconds.
 */
final class Payloads {
    static final String TOPIC_PREFIX = "pvmon/v1/stations/";
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT).withZone(CHINA);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(CHINA);

    private final String[] ids;
    private final String[] topics;
    private final String probeId;
    private final String probeTopic;
    private final long baseEpochSecond;
    private final long stepSeconds;
    private final long capacityTenths;

    Payloads(String prefix, int stations, double capacityKwp, long baseEpochSecond, long stepSeconds) {
        this.ids = new String[stations];
        this.topics = new String[stations];
        for (int i = 0; i < stations; i++) {
            ids[i] = stationId(prefix, i);
            topics[i] = TOPIC_PREFIX + ids[i] + "/reading";
        }
        this.probeId = probeId(prefix);
        this.probeTopic = TOPIC_PREFIX + probeId + "/reading";
        this.baseEpochSecond = baseEpochSecond;
        this.stepSeconds = stepSeconds;
        this.capacityTenths = Math.max(1, (long) Math.floor(capacityKwp * 10)); // power stays ≤ capacity ≤ 1.2 × capacity
    }

    static String stationId(String prefix, int index) {
        return String.format(Locale.ROOT, "%s-%05d", prefix, index + 1);
    }

    static String probeId(String prefix) {
        return prefix + "-PROBE";
    }

    static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    int stations() {
        return ids.length;
    }

    String topic(long n) {
        return topics[(int) (n % ids.length)];
    }

    String probeTopic() {
        return probeTopic;
    }

    /** Oldest timestamp (epoch seconds) message numbers below {@code total} use. */
    long oldestEpochSecond(long total) {
        return baseEpochSecond - Math.max(0, (total - 1) / ids.length) * stepSeconds;
    }

    /** Per-thread payload builder (not thread-safe; caches the formatted timestamp of the current round). */
    final class Builder {
        private final StringBuilder sb = new StringBuilder(256);
        private long cachedRound = -1;
        private String cachedTs;

        byte[] reading(long n) {
            long round = n / ids.length;
            if (round != cachedRound) {
                cachedRound = round;
                cachedTs = SECONDS.format(Instant.ofEpochSecond(baseEpochSecond - round * stepSeconds));
            }
            return body(ids[(int) (n % ids.length)], cachedTs, n);
        }

        byte[] probe(long n, long epochMillis) {
            return body(probeId, MILLIS.format(Instant.ofEpochMilli(epochMillis)), n);
        }

        private byte[] body(String station, String ts, long n) {
            StringBuilder b = sb;
            b.setLength(0);
            b.append("{\"station\":\"").append(station).append("\",\"ts\":\"").append(ts).append("\",\"power_kw\":");
            tenths(b, (n * 7919) % capacityTenths);
            b.append(",\"energy_kwh\":");
            tenths(b, 1_000_000L + n);
            b.append(",\"state\":\"running\",\"fault_code\":0,\"module_temp_c\":");
            tenths(b, 200 + n % 300);
            b.append(",\"irradiance_wm2\":").append(n % 1200).append(",\"seq\":").append(n).append('}');
            return b.toString().getBytes(StandardCharsets.US_ASCII);
        }

        private void tenths(StringBuilder b, long t) {
            b.append(t / 10).append('.').append(t % 10);
        }
    }
}
