package org.pvmon.ingest;

import org.pvmon.station.LoggerStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import javax.net.ssl.SSLSocketFactory;
import org.pvmon.config.Config;
import org.pvmon.config.TrustStores;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker side of ingest: N Paho v5 connections in one shared-subscription group, each with a persistent
 * session (stable client id, clean start off, session expiry) and manual acknowledgements, so a message is
 * acknowledged only when the batch writer has made it durable. The first connection also follows the
 * retained logger status topics.
 */
final class MqttConnections implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttConnections.class);
    static final String STATUS_FILTER = "pvmon/v1/stations/+/status";
    private static final long LATE_MS = 60_000L * Arrivals.LATE_AFTER_MINUTES;

    private final Config.Mqtt cfg;
    private final ReadingParser parser;
    private final BatchWriter writer;
    private final IngestMetrics metrics;
    private final Lines lines;
    private final Clock clock;
    private final Workers workers;
    private final Map<String, LoggerStatus> statuses = new ConcurrentHashMap<>();
    private final SSLSocketFactory tls; // null: plain TCP, or the JVM's CAs
    private final List<Slot> slots = new ArrayList<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-connect-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** Sends what the broker connections' flushes left buffered (one-shot tasks that handle their own failures). */
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-flush");
        t.setDaemon(true);
        return t;
    });
    private final BufferedSockets sockets = new BufferedSockets(flusher);

    MqttConnections(Config.Mqtt cfg, ReadingParser parser, BatchWriter writer, IngestMetrics metrics, Lines lines, Clock clock,
                    Workers workers) {
        this.cfg = cfg;
        this.parser = parser;
        this.writer = writer;
        this.metrics = metrics;
        this.lines = lines;
        this.clock = clock;
        this.workers = workers;
        this.tls = TrustStores.socketFactory(cfg);
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

    void start() throws MqttException {
        for (int i = 0; i < cfg.connections(); i++) slots.add(new Slot(i));
        // Paho's automatic reconnect reuses the client, which can hang after a broker restart, and it does not retry a
        // failed first connect: a watchdog reconnects instead, each time with a fresh client. Supervised: a periodic task
        // that throws would be cancelled silently, and the service would never reconnect after the next disconnect.
        connector.scheduleWithFixedDelay(workers.periodic("mqtt-connect-watchdog", this::reconnectLost), 0, 500, TimeUnit.MILLISECONDS);
    }

    /** One broker connection: its current Paho client and the state of its connect attempts. */
    private final class Slot {
        final int index;
        volatile MqttAsyncClient client;
        volatile boolean connecting;
        volatile boolean subscribed;
        long nextAttempt;
        int failures;

        Slot(int index) {
            this.index = index;
        }

        String clientId() {
            return cfg.clientId() + "-" + index;
        }

        /** The network connection is up (its subscription may still be on its way). */
        boolean linkUp() {
            MqttAsyncClient c = client;
            return c != null && c.isConnected();
        }

        /** Connected and subscribed: readings flow. */
        boolean connected() {
            return linkUp() && subscribed;
        }

        void connect() throws MqttException {
            // Always a fresh client: a Paho 1.2.5 client reconnected after a lost connection can hang for good in
            // CommsSender.start (its old sender thread's state is never reset).
            if (client != null) {
                MqttAsyncClient old = client;
                client = null;
                try {
                    old.disconnectForcibly(0, 1000, false);
                } catch (MqttException | RuntimeException e) {
                    log.debug("Discarding client {}: {}", old.getClientId(), e.getMessage());
                }
                try {
                    old.close(true);
                } catch (MqttException | RuntimeException e) {
                    log.debug("Closing client {}: {}", old.getClientId(), e.getMessage());
                }
            }
            MqttAsyncClient c = new MqttAsyncClient(cfg.url(), clientId(), new MemoryPersistence());
            c.setManualAcks(true);
            c.setCallback(new Callback(c, this)); // before connect: $share messages reach only the global callback
            client = c;
            connecting = true;
            subscribed = false;
            client.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    failures = 0;
                    connecting = false;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failed(e);
                }
            });
        }

        void failed(Throwable e) {
            long delay = Math.min(30, 1L << Math.min(failures, 5));
            if (failures % 10 == 0) {
                log.warn("Cannot connect {} to {}: {}; retrying in {} s", clientId(), cfg.url(), e.getMessage(), delay);
            }
            failures++;
            nextAttempt = System.nanoTime() + TimeUnit.SECONDS.toNanos(delay);
            connecting = false;
        }
    }

    /**
     * Starts a connect for every connection that is down and not already connecting. A connection that is up but still
     * waiting for its SUBACK is left alone (a refused subscription drops the connection itself).
     */
    private void reconnectLost() {
        long now = System.nanoTime();
        for (Slot s : slots) {
            if (s.linkUp() || s.connecting || now < s.nextAttempt) continue;
            try {
                s.connect();
            } catch (MqttException | RuntimeException e) {
                s.failed(e);
            }
        }
    }

    boolean allConnected() {
        return !slots.isEmpty() && slots.stream().allMatch(Slot::connected);
    }

    /** The station's logger status, or null when it never announced one. */
    LoggerStatus status(String stationId) {
        return statuses.get(stationId);
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(cfg.sessionExpirySeconds());
        o.setAutomaticReconnect(false); // see reconnectLost()
        o.setKeepAliveInterval(30);
        o.setReceiveMaximum(cfg.receiveMaximum());
        o.setConnectionTimeout(10);
        if (cfg.url().startsWith("tcp://")) o.setSocketFactory(sockets); // see BufferedSockets
        if (!cfg.username().isEmpty()) {
            o.setUserName(cfg.username());
            o.setPassword(cfg.password().getBytes(StandardCharsets.UTF_8));
        }
        if (tls != null) o.setSocketFactory(tls);
        return o;
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient client;
        private final Slot slot;
        private final boolean followsStatus;

        Callback(MqttAsyncClient client, Slot slot) {
            this.client = client;
            this.slot = slot;
            this.followsStatus = slot.index == 0;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            log.info("{} {} to {}", client.getClientId(), reconnect ? "reconnected" : "connected", serverURI);
            try {
                List<MqttSubscription> subs = new ArrayList<>();
                subs.add(new MqttSubscription(readingFilter(), 1));
                if (followsStatus) subs.add(new MqttSubscription(STATUS_FILTER, 1));
                // Renewed on every connect: some brokers (mosquitto 2.0) forget shared subscriptions when they restart.
                client.subscribe(subs.toArray(new MqttSubscription[0]), null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        for (int rc : token.getReasonCodes()) {
                            if (rc >= 0x80) {
                                subscribeFailed("broker refused the subscription, reason code " + rc);
                                return;
                            }
                        }
                        if (slot.client == client) slot.subscribed = true;
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        subscribeFailed(e.getMessage());
                    }
                }, new MqttProperties());
            } catch (MqttException e) {
                subscribeFailed(e.getMessage());
            }
        }

        /** Without its subscription a connection receives nothing: drop it, the watchdog connects afresh. */
        private void subscribeFailed(String why) {
            log.error("Subscribe failed on {}: {}; reconnecting", client.getClientId(), why);
            try {
                client.disconnectForcibly(0, 1000, false);
            } catch (MqttException | RuntimeException e) {
                log.debug("Dropping {}: {}", client.getClientId(), e.getMessage());
            }
        }

        /** Never throws: a throw here would shut the Paho client down. */
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                if (topic.endsWith("/status")) {
                    status(topic, message);
                    ack(message);
                    return;
                }
                metrics.received.inc();
                ReadingParser.Result r = parser.parse(topic, message.getPayload());
                BatchWriter.Item item;
                if (r.reading() != null) {
                    if (r.reading().time().toEpochMilli() < clock.millis() - LATE_MS) metrics.late.inc();
                    item = BatchWriter.Item.of(r.reading(), () -> ack(message));
                } else {
                    metrics.rejected(r.rejection().reason());
                    item = BatchWriter.Item.rejection(lines.rejection(r.rejection()), () -> ack(message));
                }
                writer.submit(item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("Unexpected failure handling a message on {}; it stays unacknowledged and will be redelivered", topic, e);
            }
        }

        private void ack(MqttMessage m) {
            if (m.getQos() == 0) return;
            try {
                client.messageArrivedComplete(m.getId(), m.getQos());
            } catch (MqttException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        private void status(String topic, MqttMessage message) {
            String[] parts = topic.split("/");
            if (parts.length != 5) return;
            String state = new String(message.getPayload(), StandardCharsets.UTF_8).trim().toLowerCase(java.util.Locale.ROOT);
            if (state.isEmpty()) {
                statuses.remove(parts[3]); // retained status cleared
            } else if (state.equals("online") || state.equals("offline")) {
                LoggerStatus old = statuses.get(parts[3]);
                if (old == null || !old.state().equals(state)) statuses.put(parts[3], new LoggerStatus(state, clock.instant()));
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.warn("{} disconnected: {}", client.getClientId(), response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error on {}: {}", client.getClientId(), exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    @Override
    public void close() {
        connector.shutdownNow();
        for (Slot s : slots) {
            MqttAsyncClient c = s.client;
            if (c == null) continue;
            try {
                if (c.isConnected()) c.disconnect(5_000).waitForCompletion(5_000);
            } catch (MqttException e) {
                log.debug("Disconnect of {}: {}", c.getClientId(), e.getMessage());
            }
            try {
                c.close(true);
            } catch (MqttException e) {
                log.debug("Close of {}: {}", c.getClientId(), e.getMessage());
            }
        }
        flusher.shutdown(); // the sockets are closed: their last bytes were sent then
    }
}
