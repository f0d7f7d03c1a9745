package org.pvmon.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
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
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One station's data logger in live mode: its own MQTT connection ({@code logger-{id}}, persistent
 * session, last will {@code offline}), {@code online} after every connect, and a bounded backlog of
 * readings that could not be published yet, sent oldest first after a reconnect.
 *
 * <p>All state is owned by one thread, the shared {@code exec}; Paho callbacks only hand work to it.
 */
final class StationLogger {

    private static final Logger LOG = LoggerFactory.getLogger(StationLogger.class);
    private static final long SESSION_EXPIRY_SECONDS = 86_400;
    private static final int WINDOW = 10;

    private final Station station;
    private final Options.Broker broker;
    private final ScheduledExecutorService exec;
    private final int bufferLimit;
    private final ArrayDeque<Reading> backlog = new ArrayDeque<>();

    private MqttAsyncClient client;
    private int generation;
    private int inFlight;
    private int window = WINDOW;
    private int retryDelaySeconds = 1;
    private volatile boolean connected;
    private volatile boolean dead;
    private volatile long published;
    private volatile long dropped;
    private volatile long lost;
    private volatile int backlogSize;
    private volatile int inFlightCount;
    private volatile String lastError;

    StationLogger(Station station, Options.Broker broker, ScheduledExecutorService exec, int bufferLimit) {
        this.station = station;
        this.broker = broker;
        this.exec = exec;
        this.bufferLimit = bufferLimit;
    }

    /** Brings the logger up (again), unless it is already up. */
    void start() {
        exec.execute(() -> {
            if (client == null) {
                dead = false;
                open();
            }
        });
    }

    /** The logger dies: the TCP connection is dropped without DISCONNECT, so the broker publishes the will. */
    void kill() {
        exec.execute(() -> {
            if (client == null) {
                return;
            }
            generation++;
            MqttAsyncClient c = client;
            client = null;
            connected = false;
            dead = true;
            try {
                c.disconnectForcibly(0, 0, false);
            } catch (MqttException e) {
                LOG.debug("{}: {}", station.id(), MqttSupport.describe(e));
            }
            closeQuietly(c);
            lost += backlog.size();
            backlog.clear();
            backlogSize = 0;
            inFlight = 0;
            inFlightCount = 0;
            LOG.info("{}: logger offline (fault): connection dropped without DISCONNECT", station.id());
        });
    }

    /** Queues a reading; a dead logger loses it. */
    void submit(Reading reading) {
        exec.execute(() -> {
            if (dead) {
                lost++;
                return;
            }
            if (backlog.size() >= bufferLimit) {
                backlog.pollFirst();
                dropped++;
            }
            backlog.addLast(reading);
            drain();
        });
    }

    /** Clean stop: retained {@code offline}, then DISCONNECT. Runs on the caller's thread after exec has stopped. */
    void shutdown(long timeoutMillis) {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.publish(station.statusTopic(), "offline".getBytes(StandardCharsets.UTF_8), 1, true)
                        .waitForCompletion(timeoutMillis);
                c.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
            }
        } catch (MqttException e) {
            LOG.debug("{}: shutdown: {}", station.id(), MqttSupport.describe(e));
        }
        closeQuietly(c);
    }

    boolean connected() {
        return connected;
    }

    boolean dead() {
        return dead;
    }

    long published() {
        return published;
    }

    long dropped() {
        return dropped;
    }

    long lost() {
        return lost;
    }

    int backlog() {
        return backlogSize;
    }

    /** Readings waiting plus messages not yet acknowledged. */
    int pending() {
        return backlogSize + inFlightCount;
    }

    String lastError() {
        return lastError;
    }

    private void open() {
        try {
            client = new MqttAsyncClient(broker.uri, "logger-" + station.id(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            lastError = MqttSupport.describe(e);
            return;
        }
        int gen = ++generation;
        MqttAsyncClient c = client;
        c.setCallback(new Callback(gen));
        connect(c, gen);
    }

    private void connect(MqttAsyncClient c, int gen) {
        MqttConnectionOptions o = MqttSupport.options(broker);
        o.setCleanStart(false);
        o.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null);
        o.setWill(station.statusTopic(), will);
        try {
            c.connect(o, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int max = MqttSupport.serverReceiveMaximum(token);
                    run(() -> window = Math.max(1, Math.min(WINDOW, max - 1)));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    run(() -> retry(c, gen, e));
                }
            });
        } catch (MqttException e) {
            retry(c, gen, e);
        }
    }

    private void retry(MqttAsyncClient c, int gen, Throwable e) {
        if (gen != generation) {
            return;
        }
        lastError = MqttSupport.describe(e);
        LOG.debug("{}: cannot connect to {}: {}; retrying in {} s", station.id(), broker.uri, lastError, retryDelaySeconds);
        exec.schedule(() -> {
            if (gen == generation) {
                connect(c, gen);
            }
        }, retryDelaySeconds, TimeUnit.SECONDS);
        retryDelaySeconds = Math.min(30, retryDelaySeconds * 2);
    }

    private void onConnected(int gen, boolean reconnect) {
        if (gen != generation || client == null) {
            return;
        }
        connected = true;
        retryDelaySeconds = 1;
        LOG.debug("{}: {} ({} readings waiting)", station.id(), reconnect ? "reconnected" : "connected", backlog.size());
        try {
            client.publish(station.statusTopic(), "online".getBytes(StandardCharsets.UTF_8), 1, true, null,
                    new Listener(gen, null));
            inFlight++;
        } catch (MqttException e) {
            lastError = MqttSupport.describe(e);
        }
        drain();
    }

    private void drain() {
        while (client != null && connected && inFlight < window && !backlog.isEmpty()) {
            Reading r = backlog.pollFirst();
            try {
                client.publish(station.readingTopic(), new MqttMessage(r.toJson(), 1, false, null), null,
                        new Listener(generation, r));
                inFlight++;
            } catch (MqttException e) {
                backlog.addFirst(r);
                lastError = MqttSupport.describe(e);
                break;
            }
        }
        backlogSize = backlog.size();
        inFlightCount = inFlight;
    }

    /** Hands work to the loggers' thread; after shutdown there is nothing left to do. */
    private void run(Runnable task) {
        try {
            exec.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: late callback after shutdown", station.id());
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", MqttSupport.describe(e));
        }
    }

    /** Completion of one publish (reading or status), handed over to exec. */
    private final class Listener implements MqttActionListener {
        private final int gen;
        private final Reading reading;

        Listener(int gen, Reading reading) {
            this.gen = gen;
            this.reading = reading;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            run(() -> {
                if (reading != null) {
                    published++; // acknowledged by the broker, even if the logger died since
                }
                if (gen != generation) {
                    return;
                }
                inFlight--;
                inFlightCount = inFlight;
                drain();
            });
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            run(() -> {
                if (gen != generation) {
                    return;
                }
                inFlight--;
                inFlightCount = inFlight;
                lastError = MqttSupport.describe(e);
                if (reading != null) {
                    if (backlog.size() >= bufferLimit) {
                        dropped++;
                    } else {
                        backlog.addFirst(reading);
                    }
                }
                drain();
            });
        }
    }

    /** Connection events, handed over to exec. */
    private final class Callback implements MqttCallback {
        private final int gen;

        Callback(int gen) {
            this.gen = gen;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            run(() -> onConnected(gen, reconnect));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            run(() -> {
                if (gen == generation) {
                    connected = false;
                    lastError = response.getException() != null ? MqttSupport.describe(response.getException())
                            : "disconnected by the broker (reason code " + response.getReturnCode() + ")";
                    LOG.debug("{}: connection lost: {}", station.id(), lastError);
                }
            });
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("{}: {}", station.id(), MqttSupport.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
