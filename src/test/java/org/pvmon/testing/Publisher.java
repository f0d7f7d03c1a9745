package org.pvmon.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A logger-like QoS1 publisher for tests: bounded in-flight window, and every message is retried until the broker
 * acknowledges it (across broker restarts), as a real logger keeps unsent readings. {@link #acked()} counts PUBACKs.
 */
public final class Publisher implements AutoCloseable {
    private static final java.util.concurrent.ScheduledExecutorService RETRIES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "test-publisher-retries");
                t.setDaemon(true);
                return t;
            });

    private final MqttAsyncClient client;
    private final Semaphore inflight;
    private final AtomicLong acked = new AtomicLong();

    /** Connects to {@code brokerUrl} as {@code account} (e.g. the broker's bench login, which may publish for any station). */
    public Publisher(String brokerUrl, Mosquitto.Account account, String clientId, int window) {
        try {
            client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(account.username());
            o.setPassword(account.password().getBytes(StandardCharsets.UTF_8));
            o.setCleanStart(true);
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(1, 2);
            client.connect(o).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("publisher cannot connect to " + brokerUrl + ": " + e.getMessage(), e);
        }
        inflight = new Semaphore(window);
    }

    /** Publishes one QoS1 message, blocking while the window is full; retries until it is acknowledged. */
    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes raw bytes (e.g. a payload that is not UTF-8), as {@link #publish(String, String)}. */
    public void publish(String topic, byte[] payload) {
        try {
            if (!inflight.tryAcquire(60, TimeUnit.SECONDS)) throw new IllegalStateException("no PUBACK for 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        send(topic, payload, 0);
    }

    private void send(String topic, byte[] payload, int attempt) {
        if (attempt > 600) {
            inflight.release();
            throw new IllegalStateException("gave up publishing to " + topic);
        }
        MqttMessage m = new MqttMessage(payload, 1, false, null);
        try {
            client.publish(topic, m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acked.incrementAndGet();
                    inflight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryLater(topic, payload, attempt);
                }
            });
        } catch (MqttException e) {
            retryLater(topic, payload, attempt);
        }
    }

    private void retryLater(String topic, byte[] payload, int attempt) {
        // Back off before retrying while the broker is down, as a logger does.
        RETRIES.schedule(() -> send(topic, payload, attempt + 1), 200, TimeUnit.MILLISECONDS);
    }

    public long acked() {
        return acked.get();
    }

    /** Waits until {@code expected} messages are acknowledged. */
    public void awaitAllAcked(long expected, Duration timeout) {
        org.awaitility.Awaitility.await("PUBACKs for " + expected + " messages").atMost(timeout)
                .pollInterval(Duration.ofMillis(50)).until(() -> acked.get() >= expected);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
            client.close();
        } catch (MqttException e) {
            // best effort
        }
    }
}
