package org.pvmon.ingest;

import org.pvmon.store.Reading;
import org.pvmon.station.LoggerStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.pvmon.config.Config;
import org.pvmon.station.StationDirectory;
import org.pvmon.store.InfluxStore;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest: readings from the broker, validated, batched into InfluxDB (or the local spool while it is away),
 * acknowledged to the broker only once durable. Bad readings are kept with their reason and counted.
 */
public final class Ingest implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);

    private final Spool spool;
    private final BatchWriter writer;
    private final IngestMetrics metrics;
    private final MqttConnections mqtt;
    private final Thread writerThread;

    /** {@code workers}: supervises the batch writer's thread, the broker connections' threads and their keep-alive timer. */
    public Ingest(Config cfg, StationDirectory stations, InfluxStore store, PrometheusRegistry registry, Clock clock, Workers workers) {
        try {
            this.spool = new Spool(cfg.dataDir().resolve("spool"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the spool under " + cfg.dataDir() + ": " + e.getMessage(), e);
        }
        Lines lines = new Lines();
        Config.Ingest in = cfg.ingest();
        BatchWriter[] ref = new BatchWriter[1];
        this.metrics = new IngestMetrics(registry, spool::pendingLines, () -> ref[0] == null ? 0 : ref[0].queueDepth());
        this.writer = new BatchWriter(store, spool, metrics, in.batchSize(), in.flushInterval(), in.queueCapacity(), lines);
        ref[0] = writer;
        this.mqtt = new MqttConnections(cfg.mqtt(), new ReadingParser(stations, in, clock), writer, metrics, lines, clock, workers);
        writer.afterAcks(mqtt::flushAcks);
        this.writerThread = workers.thread("ingest-batch-writer", writer);
        if (spool.pendingLines() > 0) log.info("{} records waiting in the spool from an earlier run", spool.pendingLines());
    }

    public void start() {
        writerThread.start();
        mqtt.start();
    }

    /** All broker connections are up and subscribed, and the batch writer is running (else nothing is acknowledged). */
    public boolean brokerConnected() {
        return mqtt.allConnected() && writerThread.isAlive();
    }

    /** The last write to InfluxDB succeeded (false while spooling). */
    public boolean storeHealthy() {
        return writer.storeHealthy();
    }

    public Map<String, Object> counters() {
        return metrics.snapshot(spool.pendingLines());
    }

    /** Test hook: the batch writer's loop fails {@code times} times (see {@link BatchWriter#failLoop}). */
    void failWriterLoop(int times) {
        writer.failLoop(times);
    }

    /** Readings received so far, and how many of them late (see {@link Arrivals#catchingUpSince}). */
    public Arrivals arrivals() {
        return new Arrivals((long) metrics.received.get(), (long) metrics.late.get());
    }

    /** Readings waiting in the spool for InfluxDB (stored locally while it was away, not yet replayed into it). */
    public long spoolPending() {
        return spool.pendingLines();
    }

    /**
     * Tells {@code listener} of every reading this instance makes durable (stored, or spooled), before it is counted
     * and acknowledged; called on the batch writer's thread, so it must be cheap. Set it before {@link #start}; several
     * listeners are called in the order they were set.
     */
    public void onStored(java.util.function.Consumer<Reading> listener) {
        writer.onDurable(listener);
    }

    /** The station logger's latest status from its retained status topic, or null if it never sent one. */
    public LoggerStatus loggerStatus(String stationId) {
        return mqtt.status(stationId);
    }

    /**
     * Disconnects first (the writer keeps draining meanwhile, so a callback blocked on a full queue is freed), then
     * makes what is queued durable and closes the spool. Acknowledgements that can no longer be sent are harmless: the
     * broker redelivers those messages to the persistent session and the points overwrite themselves.
     */
    @Override
    public void close() {
        mqtt.close();
        writer.stop();
        try {
            writerThread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writerThread.isAlive()) {
            log.warn("The batch writer did not finish in 30 s; its records stay unacknowledged and are redelivered");
            return; // never close the spool under a live writer
        }
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("Closing the spool: {}", e.getMessage());
        }
    }
}
