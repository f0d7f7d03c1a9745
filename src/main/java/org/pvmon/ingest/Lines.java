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
        b.append(READING).append(",station=").append(r.station())
                .append(" power_kw=").append(r.powerKw())
                .append(",energy_kwh=").append(r.energyKwh())
                .append(",state=\"").append(r.state()).append('"')
                .append(",fault_code=").append(r.faultCode());
        if (!Double.isNaN(r.moduleTempC())) b.append(",module_temp_c=").append(r.moduleTempC());
        if (!Double.isNaN(r.irradianceWm2())) b.append(",irradiance_wm2=").append(r.irradianceWm2());
        b.append(' ');
        return millis ? b.append(r.time().toEpochMilli()) : b.append(nanos(r.time()));
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
