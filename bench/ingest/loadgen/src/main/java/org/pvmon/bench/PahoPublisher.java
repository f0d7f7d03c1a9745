package org.pvmon.bench;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Eclipse Paho MQTT v5 (1.2.5) async client, clean start, QoS 1; completion through an action listener. */
final class PahoPublisher implements Publisher {
    private final MqttAsyncClient client;
    private final MqttActionListener actionListener;
    private final int receiveMaximum;

    PahoPublisher(String broker, String clientId, String username, String password, Listener listener) throws MqttException {
        client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (username != null) {
            o.setUserName(username);
            if (password != null) o.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(0);
        o.setConnectionTimeout(10);
        IMqttToken t = client.connect(o);
        t.waitForCompletion(15_000);
        Integer max = t.getResponseProperties() == null ? null : t.getResponseProperties().getReceiveMaximum();
        receiveMaximum = max == null ? 0 : max;
        actionListener = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                long[] ctx = (long[]) token.getUserContext();
                int[] codes = token.getReasonCodes();
                listener.acked(ctx[0], ctx[1], codes != null && codes.length > 0 ? codes[0] : 0);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                long[] ctx = (long[]) token.getUserContext();
                listener.failed(ctx[0], ctx[1], e);
            }
        };
    }

    @Override
    public void publish(String topic, byte[] payload, long sentNanos, long probeMillis) throws MqttException {
        client.publish(topic, payload, 1, false, new long[] {sentNanos, probeMillis}, actionListener);
    }

    @Override
    public void flush() {
    }

    @Override
    public int brokerReceiveMaximum() {
        return receiveMaximum;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect(2_000).waitForCompletion(3_000);
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // ignore
        }
    }
}
