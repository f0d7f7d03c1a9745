package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the ingest subscriber does with what a broker may send, mosquitto's everyday answers aside (those are
 * IngestIT's, BrokerSecurityIT's and SeveralInstancesIT's): refusals named, a broken or hostile peer ends the
 * connection, a huge payload is not held. The peer here is a socket the test writes the broker's bytes into.
 */
class MqttSessionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String READINGS = "pvmon/v1/stations/+/reading";
    private static final MqttSession.Connect CONNECT = new MqttSession.Connect("svc-0", false, 604_800, 30, 10_000, "svc", "pw");

    private ServerSocket server;
    private Socket peer;
    private MqttSession session;

    @BeforeEach
    void open() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        session = new MqttSession(MqttTransport.open("tcp://127.0.0.1:" + server.getLocalPort(), null, 2000), 4096);
        peer = server.accept();
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void close() throws IOException {
        session.close();
        peer.close();
        server.close();
    }

    @Test
    void connect_asks_for_a_persistent_session_with_login_and_receive_maximum() throws IOException {
        send("20 03 00 00 00");
        session.connect(CONNECT, 2000);
        assertThat(session.sessionPresent()).isFalse();
        byte[] connect = readPacket();
        assertThat(HEX.formatHex(connect)).isEqualTo("10" + "23" // CONNECT, 35 bytes
                + "00044d51545405" // "MQTT" v5
                + "c0" + "001e" // user name and password, clean start off; keep alive 30 s
                + "08" + "1100093a80" + "212710" // session expiry 604800 s, receive maximum 10000
                + "0005" + HEX.formatHex("svc-0".getBytes(StandardCharsets.UTF_8))
                + "0003" + HEX.formatHex("svc".getBytes(StandardCharsets.UTF_8))
                + "0002" + HEX.formatHex("pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_refused_login_is_named_with_the_brokers_reason_string() throws IOException {
        byte[] reason = "no such login".getBytes(StandardCharsets.UTF_8);
        send("20 " + hex(3 + 3 + reason.length) + " 00 86 " + hex(3 + reason.length) + " 1f 00 " + hex(reason.length) + HEX.formatHex(reason));
        assertThatThrownBy(() -> session.connect(CONNECT, 2000)).isInstanceOf(MqttSession.ProtocolException.class)
                .hasMessage("the broker refused the connection: reason code 0x86 bad user name or password (no such login)");
    }

    @Test
    void a_broker_that_speaks_only_mqtt_3_is_told_apart() throws IOException {
        send("20 02 00 01");
        assertThatThrownBy(() -> session.connect(CONNECT, 2000)).hasMessageContaining("does not speak MQTT 5");
    }

    @Test
    void a_broker_that_never_answers_the_connect_times_out() {
        assertThatThrownBy(() -> session.connect(CONNECT, 300)).isInstanceOf(java.net.SocketTimeoutException.class);
    }

    @Test
    void messages_are_handed_over_in_order_and_acknowledged_when_flushed() throws Exception {
        connected();
        byte[] big = new byte[200_000]; // over the 4 KiB limit and the session's 64 KiB buffer
        java.util.Arrays.fill(big, (byte) 'x');
        send(publish(1, 7, "pvmon/v1/stations/A/reading", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                + publish(1, 8, "pvmon/v1/stations/A/reading", big)
                + publish(0, 0, "pvmon/v1/stations/B/reading", "{}".getBytes(StandardCharsets.UTF_8))
                + publish(1, 9, "pvmon/v1/stations/C/reading", "{\"c\":3}".getBytes(StandardCharsets.UTF_8)));
        List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread receiving = receiving((s, topic, payload, length, qos, id) -> {
            got.add(topic + " " + payload.length + "/" + length + " q" + qos + " #" + id);
            if (qos == 1) s.ack(id);
        }, new AtomicReference<>());
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 4);
        assertThat(got).containsExactly("pvmon/v1/stations/A/reading 7/7 q1 #7", "pvmon/v1/stations/A/reading 4097/200000 q1 #8",
                "pvmon/v1/stations/B/reading 2/2 q0 #0", "pvmon/v1/stations/C/reading 7/7 q1 #9");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> peer.getInputStream().available() == 0);
        assertThat(peer.getInputStream().available()).as("acknowledgements wait for the flush").isZero();
        session.flush();
        assertThat(readRaw(12)).as("PUBACKs of 7, 8 and 9 in arrival order").isEqualTo(HEX.parseHex("400200074002000840020009"));
        peer.close();
        receiving.join(5000);
    }

    @Test
    void a_huge_control_packet_a_qos_2_message_or_a_disconnect_ends_the_connection_saying_why() throws Exception {
        assertThat(endsWith("90 80 80 80 01")).isEqualTo("a control packet of 2097152 bytes");
        assertThat(endsWith(publishHeader(0x34) + " 00")).isEqualTo("a QoS 2 PUBLISH on a subscription of QoS 1");
        assertThat(endsWith("e0 02 8e 00")).isEqualTo("the broker disconnected: reason code 0x8E session taken over");
        assertThat(endsWith("90 04 00 01 00 87")).isEqualTo("the broker refused the subscription: reason code 0x87 not authorized");
        assertThat(endsWith("90 04 00 01 00 00")).as("QoS 0 would lose what is published while the service is away")
                .isEqualTo("the broker refused the subscription: only QoS 0 for " + READINGS + " (the broker's max_qos or ACL?)");
        assertThat(endsWith("90 04 00 01 40 00")).as("a property length past the packet's end would swallow what follows")
                .isEqualTo("a length of 64 beyond the end of its packet");
        assertThat(endsWith(publish(1, 0, "pvmon/v1/stations/A/reading", new byte[] {'{', '}'})))
                .isEqualTo("a QoS 1 PUBLISH with packet identifier 0");
        assertThat(endsWith("90 ff ff ff ff 7f")).isEqualTo("a variable byte integer longer than 4 bytes");
    }

    @Test
    void a_broker_that_stops_reading_cannot_hold_the_acknowledging_thread() throws Exception {
        session.close();
        peer.close();
        session = new MqttSession(MqttTransport.open("tcp://127.0.0.1:" + server.getLocalPort(), null, 2000), 4096,
                Duration.ofMillis(500));
        peer = server.accept();
        connected();
        // the peer reads nothing more: the socket buffers fill and a write blocks, as the batch writer's would
        Thread acking = new Thread(() -> {
            for (int i = 0; i < 20_000_000; i++) {
                session.ack(1 + i % 65_535);
                if (i % 10_000 == 0) session.flush();
            }
        });
        acking.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            session.keepAlive(); // the keep-alive timer's call, about once a second in the service
            return !acking.isAlive();
        });
        assertThat(acking.isAlive()).as("the stuck write ended by the timeout, the rest dropped").isFalse();
        assertThat(session.subscribed()).isFalse();
    }

    // ---- helpers ----

    /** Connects afresh, lets the broker send {@code bytes} after the CONNACK, and returns why the connection ended. */
    private String endsWith(String bytes) throws Exception {
        close();
        open();
        connected();
        send(bytes);
        AtomicReference<Exception> ended = new AtomicReference<>();
        Thread t = receiving((s, topic, payload, length, qos, id) -> { }, ended);
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        return ended.get().getMessage();
    }

    /** Connected and the SUBSCRIBE of the reading filter sent (its SUBACK is the test's to send). */
    private void connected() throws IOException {
        send("20 03 00 00 00");
        session.connect(CONNECT, 2000);
        readPacket();
        session.subscribe(List.of(new MqttSession.Subscription(READINGS, 1)));
        assertThat(HEX.formatHex(readPacket())).isEqualTo("8221" + "0001" + "00" + "001b"
                + HEX.formatHex(READINGS.getBytes(StandardCharsets.UTF_8)) + "01");
    }

    private Thread receiving(MqttSession.Receiver receiver, AtomicReference<Exception> ended) {
        Thread t = new Thread(() -> {
            try {
                session.receive(receiver);
            } catch (Exception e) {
                ended.set(e);
            }
        });
        t.start();
        return t;
    }

    private static String publishHeader(int header) {
        return hex(header) + " 03 00 01 61";
    }

    private static String publish(int qos, int id, String topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        body.write(t.length >>> 8);
        body.write(t.length);
        body.writeBytes(t);
        if (qos > 0) {
            body.write(id >>> 8);
            body.write(id);
        }
        body.write(0); // no properties
        body.writeBytes(payload);
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x30 | qos << 1);
        int n = body.size();
        do {
            int d = n & 0x7F;
            n >>>= 7;
            p.write(n > 0 ? d | 0x80 : d);
        } while (n > 0);
        p.writeBytes(body.toByteArray());
        return HEX.formatHex(p.toByteArray());
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    private void send(String hex) throws IOException {
        OutputStream out = peer.getOutputStream();
        out.write(HEX.parseHex(hex.replace(" ", "")));
        out.flush();
    }

    /** One packet as the client sent it (fixed header included). */
    private byte[] readPacket() throws IOException {
        DataInputStream in = new DataInputStream(peer.getInputStream());
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(in.readUnsignedByte());
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            p.write(b);
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        p.writeBytes(body);
        return p.toByteArray();
    }

    private byte[] readRaw(int n) throws IOException {
        byte[] b = new byte[n];
        new DataInputStream(peer.getInputStream()).readFully(b);
        return b;
    }
}
