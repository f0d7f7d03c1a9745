package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pvmon.config.Config;
import org.pvmon.config.TrustStores;
import org.pvmon.testing.Mosquitto;

/**
 * The broker's identity over TLS, as ingest's own transport checks it, against mosquitto's TLS listener with a
 * certificate for "localhost" and 127.0.0.1 signed by a throwaway county CA: the CA must be the configured one, and
 * the certificate must name the host the service was told to connect to (a relay on 127.0.0.2 shows the same
 * certificate under an address it does not name, as a man in the middle with a stolen certificate would).
 */
class BrokerTlsIT {
    private static Mosquitto broker;
    private static SSLContext county;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        broker = Mosquitto.withTls().start();
        port = Integer.parseInt(broker.serviceTlsUrl().replaceAll(".*:", ""));
        county = TrustStores.context(new Config.Mqtt("ssl://127.0.0.1:" + port, "x", "", "", "", 1, 60, 10,
                broker.caFile().toString(), ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) broker.close();
    }

    @Test
    void the_service_login_connects_over_tls_to_a_broker_the_county_ca_vouches_for() throws IOException {
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            try (MqttSession s = new MqttSession(MqttTransport.open("ssl://" + host + ":" + port, county, 5000), 4096)) {
                s.connect(new MqttSession.Connect("tls-it-" + host, true, 60, 30, 10, broker.service().username(),
                        broker.service().password()), 5000);
                assertThat(s.sessionPresent()).isFalse();
            }
        }
    }

    @Test
    void a_certificate_that_does_not_name_the_host_is_refused() throws Exception {
        try (ServerSocket relay = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            Thread t = new Thread(() -> relayOnce(relay, port));
            t.setDaemon(true);
            t.start();
            assertThatThrownBy(() -> MqttTransport.open("ssl://127.0.0.2:" + relay.getLocalPort(), county, 5000))
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("127.0.0.2");
        }
    }

    @Test
    void a_broker_certificate_from_a_ca_the_service_does_not_trust_is_refused() {
        assertThatThrownBy(() -> MqttTransport.open("ssl://127.0.0.1:" + port, null, 5000))
                .as("the JVM's CAs do not know the county's").isInstanceOf(SSLHandshakeException.class);
    }

    /** Accepts one connection and relays it both ways to 127.0.0.1:{@code to}. */
    private static void relayOnce(ServerSocket relay, int to) {
        try (Socket in = relay.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), to)) {
            Thread back = new Thread(() -> pipe(out, in));
            back.setDaemon(true);
            back.start();
            pipe(in, out);
            back.join(5000);
        } catch (IOException | InterruptedException e) {
            // the test ended the connection
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream i = from.getInputStream();
            OutputStream o = to.getOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = i.read(buf)) > 0; ) {
                o.write(buf, 0, n);
                o.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }
}
