package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/** Online state from the latest reading and the logger's last will, as the station list shows it. */
class StationStatusIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    @Test
    void a_logger_that_vanishes_is_shown_offline_by_its_last_will_and_online_again_when_it_reports() throws Exception {
        String station = "ST-" + Math.abs(servers.uniqueName("s").hashCode() % 100000);
        String csv = "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n"
                + station + ",状态村光伏扶贫电站,状态村,测试镇,沂南县,20,35.55,118.46,2016-06-30\n"
                + "ST-NEVER,无数据村光伏扶贫电站,无数据村,测试镇,沂南县,20,35.55,118.46,2016-06-30\n";
        try (TestService service = new TestService(servers, csv, Map.of()).start()) {
            MqttAsyncClient logger = connectLogger(station);
            publish(logger, "pvmon/v1/stations/" + station + "/status", "online", true);
            publish(logger, "pvmon/v1/stations/" + station + "/reading", reading(station), false);
            await().atMost(Duration.ofSeconds(30)).until(() -> state(service, station).equals("online"));
            assertThat(state(service, "ST-NEVER")).isEqualTo("no_data");

            logger.disconnectForcibly(0, 1000, false); // no DISCONNECT packet: the broker sends the last will
            await().atMost(Duration.ofSeconds(30)).until(() -> state(service, station).equals("offline"));
            JsonNode s = service.get("/api/stations/" + station);
            assertThat(s.path("loggerStatus").path("state").asText()).isEqualTo("offline");

            MqttAsyncClient back = connectLogger(station);
            publish(back, "pvmon/v1/stations/" + station + "/status", "online", true);
            publish(back, "pvmon/v1/stations/" + station + "/reading", reading(station), false);
            await().atMost(Duration.ofSeconds(30)).until(() -> state(service, station).equals("online"));
            back.disconnect().waitForCompletion(5000);
            back.close();
        }
    }

    private static String state(TestService service, String station) {
        return service.get("/api/stations/" + station).path("online").asText();
    }

    private static String reading(String station) {
        return "{\"station\":\"" + station + "\",\"ts\":\"" + OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0)
                + "\",\"power_kw\":5.5,\"energy_kwh\":1234.5}";
    }

    private static MqttAsyncClient connectLogger(String station) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(servers.mqttUrl(), "logger-" + station, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setUserName(servers.mosquitto().bench().username()); // publishes as any station, its will included
        o.setPassword(servers.mosquitto().bench().password().getBytes(StandardCharsets.UTF_8));
        MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null);
        o.setWill("pvmon/v1/stations/" + station + "/status", will);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static void publish(MqttAsyncClient c, String topic, String payload, boolean retained) throws Exception {
        c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained).waitForCompletion(10_000);
    }
}
