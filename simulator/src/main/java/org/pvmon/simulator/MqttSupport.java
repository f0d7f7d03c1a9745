package org.pvmon.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
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
        if (broker.cafile != null) {
            o.setSocketFactory(socketFactory(broker.cafile));
        }
        return o;
    }

    private static final java.util.Map<Path, SSLSocketFactory> FACTORIES = new java.util.concurrent.ConcurrentHashMap<>();

    /** A TLS socket factory that trusts the CA certificates (PEM) in {@code cafile}, read once. */
    static SSLSocketFactory socketFactory(Path cafile) {
        return FACTORIES.computeIfAbsent(cafile.toAbsolutePath(), f -> {
            try (InputStream in = Files.newInputStream(f)) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new UserException("--cafile " + f + ": no certificate in it (PEM expected)");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx.getSocketFactory();
            } catch (IOException | GeneralSecurityException e) {
                throw new UserException("--cafile " + f + ": " + e.getMessage());
            }
        });
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
