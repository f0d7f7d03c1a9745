package org.pvmon.simulator;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * One MQTT connection that publishes QoS1 messages as fast as the broker acknowledges them,
 * with a bounded number in flight (a semaphore released when the PUBACK arrives). Counts only
 * acknowledged messages.
 */
final class BackfillPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillPublisher.class);

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final int requestedInFlight;
    private int permits;
    private Semaphore inFlight;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> error = new AtomicReference<>();

    BackfillPublisher(Options.Broker broker, String clientId, int maxInFlight) {
        try {
            this.client = new MqttAsyncClient(broker.uri, clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new UserException("--broker " + broker.uri + ": " + MqttSupport.describe(e)
                    + " (expected e.g. tcp://127.0.0.1:1883)");
        }
        this.options = MqttSupport.options(broker);
        this.options.setCleanStart(true);
        this.requestedInFlight = maxInFlight;
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                String why = response.getException() != null ? MqttSupport.describe(response.getException())
                        : "reason code " + response.getReturnCode();
                error.compareAndSet(null, "lost the connection to the broker: " + why);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                error.compareAndSet(null, "MQTT error: " + MqttSupport.describe(exception));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    /** Connects; throws UserException with a clear message when the broker cannot be reached. */
    void connect(String brokerUri) {
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(15_000);
            int serverMax = MqttSupport.serverReceiveMaximum(token);
            permits = Math.max(1, Math.min(requestedInFlight, serverMax));
            inFlight = new Semaphore(permits);
            LOG.info("connected to {}; up to {} messages in flight (broker Receive Maximum {})", brokerUri, permits, serverMax);
        } catch (MqttException e) {
            throw new UserException("cannot connect to the MQTT broker " + brokerUri + ": " + MqttSupport.describe(e));
        }
    }

    /** Publishes one QoS1 message, waiting while the in-flight window is full. False once the connection failed. */
    boolean publish(String topic, byte[] payload) throws InterruptedException {
        while (!inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            if (error.get() != null) {
                return false;
            }
        }
        if (error.get() != null) {
            inFlight.release();
            return false;
        }
        MqttMessage message = new MqttMessage(payload, 1, false, null);
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acked.incrementAndGet();
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failed.incrementAndGet();
                    error.compareAndSet(null, "publish failed: " + MqttSupport.describe(e));
                    inFlight.release();
                }
            });
            return true;
        } catch (MqttException e) {
            inFlight.release();
            failed.incrementAndGet();
            error.compareAndSet(null, "publish failed: " + MqttSupport.describe(e));
            return false;
        }
    }

    /** Waits until every published message is acknowledged or failed. */
    boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (inFlight.tryAcquire(permits, 200, TimeUnit.MILLISECONDS)) {
                inFlight.release(permits);
                return true;
            }
            if (error.get() != null && !client.isConnected()) {
                return false;
            }
        }
        return false;
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    String error() {
        return error.get();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", MqttSupport.describe(e));
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", MqttSupport.describe(e));
        }
    }
}
