package org.pvmon.ingest;

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

    static String reading(Reading r) {
        Point p = Point.measurement(READING).addTag("station", r.station())
                .addField("power_kw", r.powerKw())
                .addField("energy_kwh", r.energyKwh())
                .addField("state", r.state())
                .addField("fault_code", (double) r.faultCode());
        if (!Double.isNaN(r.moduleTempC())) p.addField("module_temp_c", r.moduleTempC());
        if (!Double.isNaN(r.irradianceWm2())) p.addField("irradiance_wm2", r.irradianceWm2());
        return p.time(nanos(r.time()), WritePrecision.NS).toLineProtocol();
    }

    /** Rejections are stamped with their receive time, made unique within a millisecond so none overwrites another. */
    String rejection(Rejection r) {
        long ms = r.receivedAt().toEpochMilli();
        long unique = ms * 1_000_000L + (sequence.getAndIncrement() % 1_000_000L);
        Point p = Point.measurement(REJECTED).addTag("reason", r.reason().wireName())
                .addField("topic", r.topic() == null ? "" : r.topic())
                .addField("detail", r.detail() == null ? "" : r.detail())
                .addField("payload", r.payload().length() > MAX_KEPT_PAYLOAD ? r.payload().substring(0, MAX_KEPT_PAYLOAD) : r.payload());
        if (r.station() != null) p.addField("station", r.station());
        return p.time(unique, WritePrecision.NS).toLineProtocol();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
