package org.pvmon.loggers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A Paho v5 client as a station's logger (or someone pretending to be one) uses it: a login, a client id, a persistent
 * session or not; records what arrives (topic, payload, user properties) and whether the broker dropped the connection.
 */
final class LoggerClient implements AutoCloseable {
    record Received(String topic, String payload, List<UserProperty> userProperties) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile MqttDisconnectResponse disconnected;
    final MqttAsyncClient client;
    final IMqttToken connectToken;

    private LoggerClient(MqttAsyncClient client, IMqttToken connectToken) {
        this.client = client;
        this.connectToken = connectToken;
    }

    /** Connects, or throws the broker's refusal (an MqttException whose reason code says why). */
    static LoggerClient connect(String url, String username, String password, String clientId, boolean cleanStart,
                                SSLSocketFactory tls) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        LoggerClient[] self = new LoggerClient[1];
        java.util.List<Received> early = new CopyOnWriteArrayList<>();
        c.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                Received r = new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8),
                        m.getProperties() == null ? List.of() : List.copyOf(m.getProperties().getUserProperties()));
                if (self[0] == null) early.add(r); else self[0].received.add(r);
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
                if (self[0] != null) self[0].disconnected = r;
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
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
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (username != null) {
            o.setUserName(username);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
        o.setConnectionTimeout(10);
        o.setAutomaticReconnect(false);
        if (tls != null) o.setSocketFactory(tls);
        IMqttToken token;
        try {
            token = c.connect(o);
            token.waitForCompletion(15_000);
        } catch (MqttException e) {
            try {
                c.close(true);
            } catch (MqttException ignored) {
                // refused anyway
            }
            throw e;
        }
        LoggerClient lc = new LoggerClient(c, token);
        self[0] = lc;
        lc.received.addAll(early);
        return lc;
    }

    /** The broker's answer to a QoS1 publish: 0 accepted, else its PUBACK reason code (135: not authorised). */
    int publish(String topic, String payload, boolean retained, MqttProperties properties) {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, properties);
        try {
            IMqttToken t = client.publish(topic, m);
            t.waitForCompletion(10_000);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    int publish(String topic, String payload, boolean retained) {
        return publish(topic, payload, retained, null);
    }

    /** The broker's SUBACK reason code for {@code filter} (0-2 granted QoS, 128 and above refused). */
    int subscribe(String filter) throws MqttException {
        IMqttToken t = client.subscribe(filter, 1);
        t.waitForCompletion(10_000);
        return t.getReasonCodes()[0];
    }

    boolean sessionPresent() {
        return connectToken.getSessionPresent();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
        } catch (MqttException e) {
            // gone already
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closed
        }
    }
}
