package org.pvmon.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import javax.net.ssl.SSLSocketFactory;
import org.pvmon.config.Config;
import org.pvmon.config.TrustStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the event JSON to {@code <notify.mqtt.topic>/<station>} (QoS 1, not retained) on the broker the service
 * reads from, through a small client of its own ({@code <mqtt.client-id>-notify}, clean start). It connects when there
 * is something to send; a failed connect or publish discards the client, and the next attempt starts a fresh one (as
 * ingest does: a reused Paho client can hang after a broker restart).
 */
final class MqttReceiver implements Receiver {
    private static final Logger log = LoggerFactory.getLogger(MqttReceiver.class);

    private final Config.Mqtt broker;
    private final String topic;
    private final Duration timeout;
    private final ObjectMapper json;
    private final SSLSocketFactory tls; // null: plain TCP, or the JVM's CAs
    private MqttAsyncClient client;

    MqttReceiver(Config.Mqtt broker, String topic, Duration timeout, ObjectMapper json) {
        this.broker = broker;
        this.topic = topic;
        this.timeout = timeout;
        this.json = json;
        this.tls = TrustStores.socketFactory(broker);
    }

    @Override
    public String name() {
        return "mqtt";
    }

    /** The topic of a station's events. */
    String topicOf(String stationId) {
        return topic + "/" + stationId;
    }

    @Override
    public void send(Notice n) throws DeliveryException {
        byte[] payload;
        try {
            payload = json.writeValueAsString(n.json()).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            connected().publish(topicOf(n.event().stationId()), new MqttMessage(payload, 1, false, null))
                    .waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            discard();
            throw new DeliveryException("MQTT " + broker.url() + ": " + e.getMessage(), false);
        }
    }

    private MqttAsyncClient connected() throws MqttException {
        if (client != null && client.isConnected()) return client;
        discard();
        MqttAsyncClient c = new MqttAsyncClient(broker.url(), broker.clientId() + "-notify", new MemoryPersistence());
        client = c;
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        if (!broker.username().isEmpty()) {
            o.setUserName(broker.username());
            o.setPassword(broker.password().getBytes(StandardCharsets.UTF_8));
        }
        if (tls != null) o.setSocketFactory(tls);
        c.connect(o).waitForCompletion(timeout.toMillis());
        return c;
    }

    private void discard() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) return;
        try {
            if (c.isConnected()) c.disconnectForcibly(0, 1000, false);
        } catch (MqttException | RuntimeException e) {
            log.debug("discarding the notify MQTT client: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("closing the notify MQTT client: {}", e.toString());
        }
    }

    @Override
    public void close() {
        MqttAsyncClient c = client;
        if (c != null && c.isConnected()) {
            try {
                c.disconnect().waitForCompletion(2000);
            } catch (MqttException e) {
                log.debug("disconnecting the notify MQTT client: {}", e.toString());
            }
        }
        discard();
    }
}
