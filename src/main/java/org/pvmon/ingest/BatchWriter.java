package org.pvmon.ingest;

import org.pvmon.store.Reading;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.pvmon.store.InfluxStore;
import org.pvmon.store.StoreRejectedException;
import org.pvmon.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches records, makes each batch durable (InfluxDB, or the local spool while InfluxDB is away), and only then
 * acknowledges the batch's MQTT messages, in arrival order. One thread; the queue is bounded, so a slow store
 * pushes back on the broker (which keeps the messages) instead of dropping anything.
 */
final class BatchWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * One record to store: a valid reading (its line protocol is written at batch time, {@link Lines#reading}) or the
     * line of a rejection; and the acknowledgement to send once it is durable.
     */
    record Item(String line, Reading reading, Ack ack) {
        static Item of(Reading reading, Ack ack) {
            return new Item(null, reading, ack);
        }

        static Item rejection(String line, Ack ack) {
            return new Item(line, null, ack);
        }

        /** The record as line protocol, nanosecond precision (for the spool and for writing one by one). */
        String record() {
            return line != null ? line : Lines.reading(reading);
        }
    }

    @FunctionalInterface
    interface Ack {
        void send();
    }

    private final BlockingQueue<Item> queue;
    private final InfluxStore store;
    private final Spool spool;
    private final IngestMetrics metrics;
    private final int batchSize;
    private final long flushNanos;
    private final Lines lines;
    /** The batch being made durable (writer thread only): a field, so that a restarted loop tries it again. */
    private final List<Item> batch;
    /** The request body of a batch, kept between batches (writer thread only). */
    private StringBuilder body = new StringBuilder(1 << 16);
    private static final int MAX_KEPT_BUFFER = 8 << 20;
    private final AtomicInteger failLoop = new AtomicInteger(); // test hook, see failLoop(int)
    private volatile Consumer<Reading> onDurable = r -> { };
    private volatile Runnable afterAcks = () -> { };
    private volatile boolean running = true;
    private volatile boolean storeHealthy = true;
    private long nextReplayAt;
    private long backoffMs = 250;

    BatchWriter(InfluxStore store, Spool spool, IngestMetrics metrics, int batchSize, Duration flushInterval, int capacity, Lines lines) {
        this.store = store;
        this.spool = spool;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.lines = lines;
        this.batch = new ArrayList<>(batchSize);
    }

    /** Told of every reading once it is durable (stored, or spooled), before it is counted and acknowledged; adds to earlier listeners. */
    void onDurable(Consumer<Reading> listener) {
        Consumer<Reading> before = onDurable;
        this.onDurable = before == null ? listener : r -> {
            try {
                before.accept(r);
            } finally {
                listener.accept(r);
            }
        };
    }

    /** Called after each batch's acknowledgements, to send them (they are only queued by {@link Ack#send}). */
    void afterAcks(Runnable sendAcks) {
        this.afterAcks = sendAcks;
    }

    /** Blocks while the queue is full (back-pressure on the MQTT client, never a drop). */
    void submit(Item item) throws InterruptedException {
        queue.put(item);
    }

    int queueDepth() {
        return queue.size();
    }

    boolean storeHealthy() {
        return storeHealthy;
    }

    void stop() {
        running = false;
    }

    /**
     * Test hook: the loop's next {@code times} rounds that hold a batch throw an {@link Error}, as an unexpected failure
     * would (the loop handles runtime exceptions itself), before storing it; the batch is kept for the restarted loop.
     */
    void failLoop(int times) {
        failLoop.set(times);
    }

    /**
     * Stores until {@link #stop()}ped and drained. Handles runtime exceptions itself (retrying the batch); anything
     * else ends this run, with the batch kept for the next one (the supervisor restarts it, {@code Workers#thread}).
     */
    @Override
    public void run() {
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                fill(batch);
                if (!batch.isEmpty() && failLoop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new Error("the batch writer's loop failed (test hook)");
                }
                boolean had = !batch.isEmpty();
                if (had) store(batch);
                batch.clear(); // only once stored: a batch that failed unexpectedly is tried again, never dropped unacked
                if (!spool.isEmpty()) replay(had ? 2 : 8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                if (!batch.isEmpty()) log.warn("Stopped with {} records not yet durable; the broker redelivers them", batch.size());
                batch.clear();
            } catch (RuntimeException e) {
                log.error("Batch writer loop failed; retrying the batch", e);
                try {
                    Thread.sleep(200); // no hot loop on a persistent failure
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    running = false;
                    batch.clear();
                }
            }
        }
        log.info("Batch writer stopped; {} records left in the spool", spool.pendingLines());
    }

    private void fill(List<Item> batch) throws InterruptedException {
        Item first = queue.poll(spool.isEmpty() ? 200 : 20, TimeUnit.MILLISECONDS);
        if (first == null) return;
        batch.add(first);
        long deadline = System.nanoTime() + flushNanos;
        while (batch.size() < batchSize) {
            queue.drainTo(batch, batchSize - batch.size());
            if (batch.size() >= batchSize) break;
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            Item next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) break;
            batch.add(next);
        }
    }

    private void store(List<Item> batch) throws InterruptedException {
        if (spool.isEmpty()) {
            try {
                boolean millis = millis(batch);
                store.write(body(batch, millis), millis);
                storeHealthy = true;
                durable(batch);
                metrics.written.inc(batch.size());
                ack(batch);
                return;
            } catch (StoreUnavailableException e) {
                markDown(e);
            } catch (StoreRejectedException e) {
                writeOneByOne(batch);
                return;
            }
        }
        spoolDurably(records(batch)); // counted as spooled now, as replayed later
        durable(batch);
        ack(batch);
    }

    /** Whether every record of the batch is a reading at whole milliseconds, so that it is written with ms precision. */
    private static boolean millis(List<Item> batch) {
        for (Item i : batch) {
            if (i.reading() == null || !Lines.wholeMillis(i.reading())) return false;
        }
        return true;
    }

    /** The batch as one request body, written into a buffer the writer keeps (ingest's hot path: no string per reading). */
    private String body(List<Item> batch, boolean millis) {
        StringBuilder b = body;
        b.setLength(0);
        for (Item i : batch) {
            if (i.reading() != null) Lines.reading(b, i.reading(), millis);
            else b.append(i.line());
            b.append('\n');
        }
        String s = b.toString();
        if (b.capacity() > MAX_KEPT_BUFFER) body = new StringBuilder(MAX_KEPT_BUFFER / 4);
        return s;
    }

    private static List<String> records(List<Item> items) {
        List<String> records = new ArrayList<>(items.size());
        for (Item i : items) records.add(i.record());
        return records;
    }

    /** A 400 for a batch: write record by record; the refused ones are kept as rejections, the rest stored. */
    private void writeOneByOne(List<Item> batch) throws InterruptedException {
        for (int k = 0; k < batch.size(); k++) {
            try {
                if (writeOrKeepRefused(batch.get(k).record())) {
                    durable(batch.subList(k, k + 1));
                    metrics.written.inc();
                }
            } catch (StoreUnavailableException e) {
                // InfluxDB went away mid-batch: the rest goes to the spool in one append, not one timeout each.
                markDown(e);
                spoolDurably(records(batch.subList(k, batch.size())));
                durable(batch.subList(k, batch.size()));
                break;
            }
        }
        ack(batch);
    }

    /**
     * Writes one record; when InfluxDB refuses it for good, stores a {@code store_rejected} rejection holding it
     * instead (or spools that rejection). Returns whether the record itself was stored.
     * @throws StoreUnavailableException InfluxDB went away: nothing was decided for this record
     */
    private boolean writeOrKeepRefused(String line) throws InterruptedException {
        try {
            store.write(List.of(line));
            return true;
        } catch (StoreRejectedException e) {
            log.warn("InfluxDB refused a record; kept as a rejection: {}", e.getMessage());
            metrics.rejected(Rejection.Reason.STORE_REJECTED);
            String kept = lines.rejection(new Rejection(java.time.Instant.now(), "", null,
                    Rejection.Reason.STORE_REJECTED, e.getMessage(), line));
            try {
                store.write(List.of(kept));
            } catch (StoreUnavailableException again) {
                spoolDurably(List.of(kept));
            } catch (StoreRejectedException again) {
                // Refused even as a rejection record: nothing more can keep it. Visible as dropped (must stay 0).
                log.error("InfluxDB refused the rejection record too; dropped: {}", line);
                metrics.dropped.inc();
            }
            return false;
        }
    }

    private void replay(int chunks) throws InterruptedException {
        long now = System.nanoTime();
        if (now < nextReplayAt) return;
        for (int c = 0; c < chunks && !spool.isEmpty(); c++) {
            try {
                Spool.Chunk chunk = spool.peek(batchSize);
                try {
                    store.write(chunk.lines());
                } catch (StoreRejectedException e) {
                    // One refused record must not block the spool: this chunk record by record.
                    for (String line : chunk.lines()) writeOrKeepRefused(line);
                }
                spool.consumed(chunk);
                metrics.replayed.inc(chunk.lines().size());
                storeHealthy = true;
                backoffMs = 250;
                if (spool.isEmpty()) log.info("Spool replayed completely");
            } catch (StoreUnavailableException e) {
                markDown(e);
                nextReplayAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
                return;
            } catch (IOException e) {
                log.error("Cannot read the spool", e);
                nextReplayAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                return;
            }
        }
    }

    /** Keeps trying until the records are on disk: acknowledging without that would lose them. */
    private void spoolDurably(List<String> records) throws InterruptedException {
        long wait = 100;
        while (true) {
            try {
                spool.append(records);
                metrics.spooled.inc(records.size());
                return;
            } catch (IOException e) {
                log.error("Cannot append to the spool ({}); holding the batch and retrying", e.getMessage());
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 5000);
            }
        }
    }

    private void markDown(RuntimeException e) {
        if (storeHealthy) log.warn("InfluxDB unavailable, spooling locally: {}", e.getMessage());
        storeHealthy = false;
    }

    private void durable(List<Item> items) {
        Consumer<Reading> listener = onDurable;
        for (Item i : items) {
            if (i.reading() == null) continue;
            try {
                listener.accept(i.reading());
            } catch (RuntimeException e) {
                log.warn("Listener of stored readings failed: {}", e.toString());
            }
        }
    }

    private void ack(List<Item> batch) {
        for (Item i : batch) {
            try {
                i.ack().send();
            } catch (RuntimeException e) {
                // The broker will redeliver it (persistent session); the point is idempotent.
                log.debug("Acknowledgement not sent: {}", e.getMessage());
            }
        }
        try {
            afterAcks.run();
        } catch (RuntimeException e) {
            log.debug("Acknowledgements not sent: {}", e.getMessage());
        }
    }
}
