package org.pvmon.ingest;

import org.pvmon.store.Reading;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The storage schema (docs/telemetry.md): readings and rejected readings as line protocol, ns precision. */
final class Lines {
    static final String READING = "reading";
    static final String REJECTED = "rejected_reading";
    private static final int MAX_KEPT_PAYLOAD = 4096;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * Built by hand (ingest's hot path; the client's Point formats every number through DecimalFormat). Safe without
     * escaping: station ids are {@code [A-Za-z0-9_-]} and state is one of four words, both checked by the parser;
     * {@link Double#toString} is valid line-protocol float syntax.
     */
    static String reading(Reading r) {
        return reading(new StringBuilder(160), r, false).toString();
    }

    /**
     * Appends the reading's record to {@code b} (no newline), its time in milliseconds when {@code millis} (the batch is
     * written with that precision; only for a time without a fraction of a millisecond, {@link #wholeMillis}), else in
     * nanoseconds. The same point either way.
     */
    static StringBuilder reading(StringBuilder b, Reading r, boolean millis) {
        b.append(READING).append(",station=").append(r.station()).append(" power_kw=");
        number(b, r.powerKw()).append(",energy_kwh=");
        number(b, r.energyKwh()).append(",state=\"").append(r.state()).append("\",fault_code=");
        number(b, r.faultCode());
        if (!Double.isNaN(r.moduleTempC())) number(b.append(",module_temp_c="), r.moduleTempC());
        if (!Double.isNaN(r.irradianceWm2())) number(b.append(",irradiance_wm2="), r.irradianceWm2());
        b.append(' ');
        return millis ? b.append(r.time().toEpochMilli()) : b.append(nanos(r.time()));
    }

    private static final long[] TENS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final double EXACT = 9_007_199_254_740_992.0; // 2^53: every long below it is a double

    /**
     * Appends a finite double as a line-protocol float that InfluxDB reads back as exactly {@code d}. A value with at
     * most six decimals (what loggers send: 12.5, 40213.7, 0.25) is written as that decimal from a long, without
     * {@link Double#toString}'s general algorithm (a tenth of ingest's CPU in a profile): {@code m / 10^k == d} means
     * {@code d} is the double nearest to the decimal m·10^-k, which is what parsing that decimal gives. Anything else
     * goes through {@link Double#toString}, as before. Integers come out without ".0", still a float in line protocol.
     */
    static StringBuilder number(StringBuilder b, double d) {
        if (d != 0 && Math.abs(d) < 1e9) {
            for (int k = 0; k < TENS.length; k++) {
                double scaled = d * TENS[k];
                if (Math.abs(scaled) >= EXACT) break;
                long m = Math.round(scaled);
                if (m / (double) TENS[k] != d) continue;
                if (m < 0) {
                    b.append('-');
                    m = -m;
                }
                b.append(m / TENS[k]);
                if (k > 0) {
                    long frac = m % TENS[k];
                    b.append('.');
                    for (long t = TENS[k] / 10; t > frac && t > 1; t /= 10) b.append('0');
                    b.append(frac);
                }
                return b;
            }
        }
        return b.append(d);
    }

    /** Whether the reading's time is whole milliseconds (what loggers send), so it can be written with ms precision. */
    static boolean wholeMillis(Reading r) {
        return r.time().getNano() % 1_000_000 == 0;
    }

    /** Rejections are stamped with their receive time, made unique within a millisecond so none overwrites another. */
    String rejection(Rejection r) {
        long ms = r.receivedAt().toEpochMilli();
        long unique = ms * 1_000_000L + (sequence.getAndIncrement() % 1_000_000L);
        String payload = r.payload().length() > MAX_KEPT_PAYLOAD ? r.payload().substring(0, MAX_KEPT_PAYLOAD) : r.payload();
        Point p = Point.measurement(REJECTED).addTag("reason", r.reason().wireName())
                .addField("topic", oneLine(r.topic()))
                .addField("detail", oneLine(r.detail()))
                .addField("payload", oneLine(payload));
        if (r.station() != null) p.addField("station", oneLine(r.station()));
        return p.time(unique, WritePrecision.NS).toLineProtocol();
    }

    /**
     * Free text as one line: a record is one line, in the batch and in the spool (which frames records by newlines),
     * so CR and LF in a payload (pretty-printed JSON) are kept as the two characters {@code \r} and {@code \n}.
     */
    static String oneLine(String text) {
        if (text == null) return "";
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
