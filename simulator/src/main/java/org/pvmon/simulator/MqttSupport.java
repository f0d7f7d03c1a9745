package org.pvmon.simulator;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Small helpers around the Paho v5 client. */
final class MqttSupport {

    private MqttSupport() {
    }

    static MqttConnectionOptions options(Options.Broker broker) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {broker.uri});
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        if (broker.username != null) {
            o.setUserName(broker.username);
        }
        if (broker.password != null) {
            o.setPassword(broker.password.getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    /** The broker's Receive Maximum from the CONNACK: Paho throws 32202 when more QoS1 publishes are outstanding. */
    static int serverReceiveMaximum(IMqttToken connectToken) {
        MqttProperties p = connectToken.getResponseProperties();
        Integer max = p == null ? null : p.getReceiveMaximum();
        return max == null ? 65_535 : max;
    }

    /** A one-line description of a Paho error for the user, without a stack trace. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        if (e instanceof MqttException m) {
            sb.append(m.getMessage()).append(" (").append(m.getReasonCode()).append(')');
        } else {
            sb.append(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            sb.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        }
        return sb.toString();
    }
}
