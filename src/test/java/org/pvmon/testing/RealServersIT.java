package org.pvmon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: real servers start, keep data across restarts, and are reachable. */
class RealServersIT {

    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void a_point_written_to_influxd_survives_a_restart() {
        Influxd influxd = servers.influxd();
        String db = servers.createDatabase("harness");

        influxd.write(db, "reading,station=YN-JZ-001 power_kw=18.42,energy_kwh=40213.7 1780286400000000000");

        String point = "[\"2026-06-01T04:00:00Z\",40213.7,18.42]";
        assertThat(influxd.query("SELECT energy_kwh, power_kw FROM reading WHERE station = 'YN-JZ-001'", db))
                .contains(point);

        influxd.stop();
        influxd.start();

        assertThat(influxd.query("SELECT energy_kwh, power_kw FROM reading WHERE station = 'YN-JZ-001'", db))
                .as(influxd.logTail())
                .contains(point);
    }

    @Test
    void a_retained_qos1_message_survives_a_broker_restart() throws Exception {
        Mosquitto mosquitto = servers.mosquitto();
        String topic = "pvmon/v1/stations/" + servers.uniqueName("ST") + "/status";

        try (Client publisher = Client.connect(mosquitto, mosquitto.bench(), servers.uniqueName("pub"), true)) {
            publisher.mqtt.publish(topic, message("online", true));
        }
        try (Client subscriber = Client.connect(mosquitto, mosquitto.service(), servers.uniqueName("sub"), true)) {
            subscriber.mqtt.subscribe(topic, 1);
            await().atMost(WAIT).until(() -> subscriber.received.contains(topic + "=online"));
        }

        mosquitto.stop();
        mosquitto.start();

        try (Client subscriber = Client.connect(mosquitto, mosquitto.service(), servers.uniqueName("sub"), true)) {
            subscriber.mqtt.subscribe(topic, 1);
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(subscriber.received).as(mosquitto::logTail).contains(topic + "=online"));
        }
    }

    @Test
    void qos1_messages_queued_for_an_offline_persistent_session_survive_a_broker_restart() throws Exception {
        Mosquitto mosquitto = servers.mosquitto();
        String topic = "pvmon/v1/stations/" + servers.uniqueName("ST") + "/reading";
        String consumerId = servers.uniqueName("consumer");

        try (Client consumer = Client.connect(mosquitto, mosquitto.service(), consumerId, false)) {
            consumer.mqtt.subscribe(topic, 1);
        }
        try (Client publisher = Client.connect(mosquitto, mosquitto.bench(), servers.uniqueName("pub"), true)) {
            for (int i = 0; i < 100; i++) {
                publisher.mqtt.publish(topic, message("r" + i, false));
            }
        }

        mosquitto.stop();
        mosquitto.start();

        try (Client consumer = Client.connect(mosquitto, mosquitto.service(), consumerId, false)) {
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(consumer.received).as(mosquitto::logTail).hasSize(100));
            assertThat(consumer.received).first().isEqualTo(topic + "=r0");
            assertThat(consumer.received).last().isEqualTo(topic + "=r99");
        }
    }

    private static MqttMessage message(String payload, boolean retained) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(retained);
        return message;
    }

    /** A Paho v5 client that records "topic=payload" of what arrives. */
    private static final class Client implements MqttCallback, AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final MqttClient mqtt;

        private Client(MqttClient mqtt) {
            this.mqtt = mqtt;
        }

        /** Connects with the bench's login (publishes as any station) or, for a subscriber of readings, the service's. */
        static Client connect(Mosquitto broker, Mosquitto.Account login, String clientId, boolean cleanStart) throws MqttException {
            Client client = new Client(new MqttClient(broker.url(), clientId, new MemoryPersistence()));
            client.mqtt.setCallback(client);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(cleanStart);
            options.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
            options.setConnectionTimeout(10);
            options.setUserName(login.username());
            options.setPassword(login.password().getBytes(StandardCharsets.UTF_8));
            client.mqtt.connect(options);
            return client;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws MqttException {
            if (mqtt.isConnected()) {
                mqtt.disconnect();
            }
            mqtt.close();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
