package org.pvmon.ingest;

import org.pvmon.station.LoggerStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.pvmon.config.Config;
import org.pvmon.config.TrustStores;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker side of ingest: N MQTT 5 connections ({@link MqttSession}) in one shared-subscription group, each with a
 * persistent session (stable client id, clean start off, session expiry), each message acknowledged only when the
 * batch writer has made it durable. Each connection has its own thread, which connects (again, with a back-off, after
 * a failure or a lost connection), subscribes, and decodes, parses and queues the messages it receives. The first
 * connection also follows the retained logger status topics.
 */
final class MqttConnections implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttConnections.class);
    static final String STATUS_FILTER = "pvmon/v1/stations/+/status";
    private static final long LATE_MS = 60_000L * Arrivals.LATE_AFTER_MINUTES;
    private static final int KEEP_ALIVE_SECONDS = 30;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Config.Mqtt cfg;
    private final ReadingParser parser;
    private final BatchWriter writer;
    private final IngestMetrics metrics;
    private final Lines lines;
    private final Clock clock;
    private final Workers workers;
    private final Map<String, LoggerStatus> statuses = new ConcurrentHashMap<>();
    private final SSLContext tls; // null: plain TCP, or the JVM's CAs
    private volatile List<Slot> slots = List.of(); // set once by start()
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-keep-alive");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    MqttConnections(Config.Mqtt cfg, ReadingParser parser, BatchWriter writer, IngestMetrics metrics, Lines lines, Clock clock,
                    Workers workers) {
        this.cfg = cfg;
        this.parser = parser;
        this.writer = writer;
        this.metrics = metrics;
        this.lines = lines;
        this.clock = clock;
        this.workers = workers;
        this.tls = TrustStores.context(cfg);
    }

    /**
     * The shared subscription of the group, or with an empty group a plain one. Plain is for a single instance on a
     * broker that forgets shared subscriptions when it restarts (mosquitto 2.0): a plain subscription of a persistent
     * session survives the restart, so nothing published before the service reconnects is discarded.
     */
    String readingFilter() {
        String topics = "pvmon/v1/stations/+/reading";
        return cfg.group().isEmpty() ? topics : "$share/" + cfg.group() + "/" + topics;
    }

    void start() {
        List<Slot> all = new ArrayList<>();
        for (int i = 0; i < cfg.connections(); i++) {
            Slot slot = new Slot(i);
            slot.thread = workers.thread("mqtt-in-" + i, slot::run);
            slot.thread.setDaemon(true);
            all.add(slot);
        }
        slots = List.copyOf(all);
        for (Slot s : slots) s.thread.start();
        keepAlive.scheduleWithFixedDelay(workers.periodic("mqtt-keep-alive", this::keepAlive), 1, 1, TimeUnit.SECONDS);
    }

    /** Sends the acknowledgements queued since the last call, one write per connection (the batch writer's, after a batch). */
    void flushAcks() {
        for (Slot s : slots) {
            MqttSession session = s.session;
            if (session != null) session.flush();
        }
    }

    private void keepAlive() {
        for (Slot s : slots) {
            MqttSession session = s.session;
            if (session != null) session.keepAlive();
        }
    }

    boolean allConnected() {
        if (slots.isEmpty()) return false;
        for (Slot s : slots) {
            MqttSession session = s.session;
            if (session == null || !session.subscribed()) return false;
        }
        return true;
    }

    /** The station's logger status, or null when it never announced one. */
    LoggerStatus status(String stationId) {
        return statuses.get(stationId);
    }

    /** One broker connection: its thread connects, subscribes and receives until the service closes. */
    private final class Slot implements MqttSession.Receiver {
        final int index;
        final boolean followsStatus;
        Thread thread;
        volatile MqttSession session;
        private int failures;
        private boolean everConnected;

        Slot(int index) {
            this.index = index;
            this.followsStatus = index == 0;
        }

        String clientId() {
            return cfg.clientId() + "-" + index;
        }

        /**
         * Connects, receives, and connects again, until {@link #close}; returns only when closed. After a connection
         * that received (subscribed), the next attempt follows at once; after a failed connect or a refused
         * subscription, with a back-off of 1 s doubling up to 30 s (logged every tenth time).
         */
        void run() {
            while (!closed) {
                MqttSession s = null;
                Exception problem = null;
                try {
                    s = new MqttSession(MqttTransport.open(cfg.url(), tls, CONNECT_TIMEOUT_MS), ReadingParser.MAX_PAYLOAD);
                    s.connect(new MqttSession.Connect(clientId(), false, cfg.sessionExpirySeconds(), KEEP_ALIVE_SECONDS,
                            cfg.receiveMaximum(), cfg.username(), cfg.password()), CONNECT_TIMEOUT_MS);
                    log.info("{} {} to {}{}", clientId(), everConnected ? "reconnected" : "connected", cfg.url(),
                            s.sessionPresent() ? "" : " (a new session: the broker kept nothing for it)");
                    long granted = s.sessionExpiryGranted();
                    if (granted >= 0 && granted < cfg.sessionExpirySeconds()) {
                        log.warn("{}: the broker keeps the session only {} s, not mqtt.session-expiry-seconds {}: a longer outage of "
                                + "the service loses what is published meanwhile", clientId(), granted, cfg.sessionExpirySeconds());
                    }
                    everConnected = true;
                    List<MqttSession.Subscription> subs = new ArrayList<>();
                    // Renewed on every connect: some brokers (mosquitto 2.0) forget shared subscriptions when they restart.
                    subs.add(new MqttSession.Subscription(readingFilter(), 1));
                    if (followsStatus) subs.add(new MqttSession.Subscription(STATUS_FILTER, 1));
                    session = s;
                    if (closed) break;
                    s.subscribe(subs);
                    s.receive(this);
                } catch (InterruptedException e) {
                    break; // closing
                } catch (IOException | RuntimeException e) {
                    problem = e;
                } finally {
                    session = null;
                    if (s != null) s.close();
                }
                if (closed) break;
                if (s != null && s.wasSubscribed()) {
                    failures = 0;
                    log.warn("{} disconnected: {}", clientId(), problem == null ? "" : problem.getMessage());
                    if (!pause(500)) break;
                } else {
                    long delay = Math.min(30, 1L << Math.min(failures, 5));
                    if (failures % 10 == 0) {
                        log.warn("Cannot connect {} to {}: {}; retrying in {} s", clientId(), cfg.url(),
                                problem == null ? "" : problem.getMessage(), delay);
                    }
                    failures++;
                    if (!pause(TimeUnit.SECONDS.toMillis(delay))) break;
                }
            }
        }

        /** Waits before the next attempt; false when closed meanwhile. */
        private boolean pause(long millis) {
            try {
                Thread.sleep(millis);
                return !closed;
            } catch (InterruptedException e) {
                return false;
            }
        }

        /** Never throws but for an interrupt (closing): a bad message must not end the connection. */
        @Override
        public void publish(MqttSession session, String topic, byte[] payload, int length, int qos, int packetId)
                throws InterruptedException {
            BatchWriter.Ack ack = qos == 0 ? NO_ACK : () -> session.ack(packetId);
            try {
                if (topic.endsWith("/status")) {
                    status(topic, payload);
                    ack.send();
                    session.flush();
                    return;
                }
                metrics.received.inc();
                ReadingParser.Result r = parser.parse(topic, payload, length);
                BatchWriter.Item item;
                if (r.reading() != null) {
                    if (r.reading().time().toEpochMilli() < clock.millis() - LATE_MS) metrics.late.inc();
                    item = BatchWriter.Item.of(r.reading(), ack);
                } else {
                    metrics.rejected(r.rejection().reason());
                    item = BatchWriter.Item.rejection(lines.rejection(r.rejection()), ack);
                }
                writer.submit(item);
            } catch (RuntimeException e) {
                keepUnhandled(topic, payload, e, ack);
            }
        }

        /**
         * A message whose handling failed unexpectedly (a defect): kept as an {@code internal_error} rejection, so that
         * it is stored, counted and acknowledged like any refused reading instead of holding a place of the broker's
         * window on this connection for good. Only if even that fails does it stay unacknowledged (until a reconnect).
         */
        private void keepUnhandled(String topic, byte[] payload, RuntimeException e, BatchWriter.Ack ack) throws InterruptedException {
            log.error("Unexpected failure handling a message on {}; kept as an internal_error rejection", topic, e);
            try {
                metrics.rejected(Rejection.Reason.INTERNAL_ERROR);
                writer.submit(BatchWriter.Item.rejection(lines.rejection(new Rejection(clock.instant(), topic, null,
                        Rejection.Reason.INTERNAL_ERROR, e.toString(), ReadingParser.text(payload))), ack));
            } catch (RuntimeException again) {
                log.error("Could not keep it either; it stays unacknowledged until the connection is renewed", again);
            }
        }
    }

    private static final BatchWriter.Ack NO_ACK = () -> { };

    private void status(String topic, byte[] payload) {
        String[] parts = topic.split("/");
        if (parts.length != 5) return;
        String state = new String(payload, StandardCharsets.UTF_8).trim().toLowerCase(java.util.Locale.ROOT);
        if (state.isEmpty()) {
            statuses.remove(parts[3]); // retained status cleared
        } else if (state.equals("online") || state.equals("offline")) {
            LoggerStatus old = statuses.get(parts[3]);
            if (old == null || !old.state().equals(state)) statuses.put(parts[3], new LoggerStatus(state, clock.instant()));
        }
    }

    /**
     * Disconnects every connection normally (the broker keeps the sessions and what is not acknowledged yet) and waits
     * for their threads; a thread blocked on a full queue is freed by the batch writer, which keeps draining meanwhile.
     */
    @Override
    public void close() {
        closed = true;
        keepAlive.shutdownNow();
        for (Slot s : slots) {
            MqttSession session = s.session;
            if (session != null) session.disconnect();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (Slot s : slots) s.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            for (Slot s : slots) s.thread.interrupt(); // still blocked (a queue the writer no longer drains): interrupted
            for (Slot s : slots) s.thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
