package org.pvmon.ingest;

import org.pvmon.store.Reading;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.pvmon.ingest.Rejection.Reason;

/** Counters, not guesses: what ingest received, wrote, rejected, spooled, replayed and dropped (must stay 0). */
final class IngestMetrics {
    final Counter received;
    final Counter late;
    final Counter written;
    final Counter rejected;
    final Counter spooled;
    final Counter replayed;
    final Counter dropped;

    IngestMetrics(PrometheusRegistry registry, LongSupplier spoolPending, LongSupplier queueDepth) {
        received = Counter.builder().name("pvmon_ingest_received_total").help("Reading messages received from the broker").register(registry);
        late = Counter.builder().name("pvmon_ingest_late_total").help("Valid readings received more than "
                + Arrivals.LATE_AFTER_MINUTES + " minutes after their own time (backfill, backlog, a logger's buffer)").register(registry);
        written = Counter.builder().name("pvmon_ingest_written_total").help("Records (readings and kept rejections) written to InfluxDB directly").register(registry);
        rejected = Counter.builder().name("pvmon_ingest_rejected_total").help("Readings rejected, by reason (kept, see /api/rejected-readings)")
                .labelNames("reason").register(registry);
        spooled = Counter.builder().name("pvmon_ingest_spooled_total").help("Records appended to the local spool while InfluxDB was unavailable").register(registry);
        replayed = Counter.builder().name("pvmon_ingest_replayed_total").help("Spooled records replayed into InfluxDB").register(registry);
        dropped = Counter.builder().name("pvmon_ingest_dropped_total").help("Records lost (must stay 0)").register(registry);
        for (Reason r : Reason.values()) rejected.labelValues(r.wireName());
        GaugeWithCallback.builder().name("pvmon_ingest_spool_pending").help("Records waiting in the spool")
                .callback(cb -> cb.call(spoolPending.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("pvmon_ingest_queue_depth").help("Messages waiting for the next batch")
                .callback(cb -> cb.call(queueDepth.getAsLong())).register(registry);
    }

    void rejected(Reason reason) {
        rejected.labelValues(reason.wireName()).inc();
    }

    /** The counters as plain numbers for the JSON API. */
    Map<String, Object> snapshot(long spoolPending) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", (long) received.get());
        m.put("late", (long) late.get());
        m.put("written", (long) written.get());
        long rej = 0;
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            long n = (long) rejected.labelValues(r.wireName()).get();
            rej += n;
            if (n > 0) byReason.put(r.wireName(), n);
        }
        m.put("rejected", rej);
        m.put("rejectedByReason", byReason);
        m.put("spooled", (long) spooled.get());
        m.put("replayed", (long) replayed.get());
        m.put("dropped", (long) dropped.get());
        m.put("spoolPending", spoolPending);
        return m;
    }
}
