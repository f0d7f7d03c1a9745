package org.pvmon.loggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.config.Config;
import org.pvmon.config.TrustStores;
import org.pvmon.db.Database;
import org.pvmon.registry.Registry;
import org.pvmon.testing.Mosquitto;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * The shipped broker configuration with the service's credential handling, against a real mosquitto: nobody without a
 * login, a station's login speaks only for its station and reads nothing, a revoked or rotated password is refused as
 * soon as pvmon has reloaded the broker, nobody can take the service's persistent session (and no reading is lost
 * while someone tries), and TLS works with the county's CA and not without it.
 */
class BrokerSecurityIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int NOT_AUTHORISED = 135;
    private static final String STATIONS = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            SEC-A,甲村光伏扶贫电站,甲村,测试镇,沂南县,50,35.55,118.46,2016-06-30
            SEC-B,乙村光伏扶贫电站,乙村,测试镇,沂南县,50,35.56,118.47,2016-06-30
            """;

    @Test
    void anonymous_clients_are_refused_on_every_listener() {
        for (String url : List.of(servers.mosquitto().url(), servers.mosquitto().loggersUrl())) {
            assertThatThrownBy(() -> LoggerClient.connect(url, null, null, servers.uniqueName("anon"), true, null))
                    .as(url).isInstanceOf(MqttException.class);
        }
        assertThatThrownBy(() -> LoggerClient.connect(servers.mosquitto().loggersUrl(), "logger-SEC-A", "guess", servers.uniqueName("x"),
                true, null)).as("a wrong password").isInstanceOf(MqttException.class);
    }

    @Test
    void a_station_login_publishes_only_for_its_station_and_reads_nothing() throws Exception {
        try (TestService service = service(Map.of()).start(); Credentials c = credentials(service)) {
            LoggerCredentials.Issued a = c.loggers.issue("SEC-A");
            LoggerCredentials.Issued b = c.loggers.issue("SEC-B");
            assertThat(a.broker().outcome()).isEqualTo(LoggerCredentials.Outcome.RELOADED);
            try (LoggerClient loggerA = logger(a, servers.uniqueName("a"));
                 LoggerClient loggerB = logger(b, servers.uniqueName("b"))) {
                assertThat(loggerA.subscribe("#")).as("SUBACK: the acl_file grants it, and delivers nothing (below)").isLessThan(128);
                assertThat(loggerB.publish(status("SEC-B"), "online", true)).isZero();

                assertThat(loggerA.publish(reading("SEC-A"), reading("SEC-A", 0, 12.5), false)).isZero();
                assertThat(loggerA.publish(reading("SEC-B"), reading("SEC-B", 0, 999), false)).as("A as B").isEqualTo(NOT_AUTHORISED);
                assertThat(loggerA.publish(status("SEC-B"), "offline", true)).as("a forged retained status").isEqualTo(NOT_AUTHORISED);
                assertThat(loggerA.publish("pvmon/alerts/SEC-B", "{}", false)).isEqualTo(NOT_AUTHORISED);
                assertThat(loggerB.publish(reading("SEC-B"), reading("SEC-B", 1, 20), false)).isZero();
                // A, on its own topic, naming B in the payload: the service rejects it (defence in depth)
                assertThat(loggerA.publish(reading("SEC-A"), reading("SEC-B", 2, 30), false)).isZero();

                service.awaitStored(3); // A's, B's, and the rejection
                assertThat(storedPower(service, "SEC-B")).containsExactly(20.0);
                assertThat(storedPower(service, "SEC-A")).containsExactly(12.5);
                assertThat(service.get("/api/rejected-readings?reason=topic_mismatch").path("rejected")).hasSize(1);
                assertThat(service.get("/api/stations/SEC-B").path("loggerStatus").path("state").asText()).isEqualTo("online");
                assertThat(loggerA.received).as("A reads nothing, not even its own readings").isEmpty();
            }
            assertThatThrownBy(() -> LoggerClient.connect(servers.mosquitto().url(), a.account().username(), a.password(),
                    servers.uniqueName("x"), true, null)).as("a logger's login on the service listener").isInstanceOf(MqttException.class);
        }
    }

    @Test
    void a_revoked_or_rotated_password_is_refused_once_the_broker_reloaded_and_its_connection_dropped() throws Exception {
        try (TestService service = service(Map.of()).start(); Credentials c = credentials(service)) {
            LoggerCredentials.Issued a = c.loggers.issue("SEC-A");
            LoggerCredentials.Issued b = c.loggers.issue("SEC-B");
            LoggerClient loggerA = logger(a, servers.uniqueName("a"));
            LoggerClient loggerB = logger(b, servers.uniqueName("b"));

            LoggerCredentials.Revoked revoked = c.loggers.revoke("SEC-A");
            assertThat(revoked.broker().outcome()).isEqualTo(LoggerCredentials.Outcome.RELOADED);
            await().atMost(WAIT).until(() -> !loggerA.client.isConnected());
            assertThatThrownBy(() -> logger(a, servers.uniqueName("a"))).isInstanceOf(MqttException.class);
            assertThat(loggerB.client.isConnected()).as("the others stay connected").isTrue();

            LoggerCredentials.Issued rotated = c.loggers.rotate("SEC-B");
            await().atMost(WAIT).until(() -> !loggerB.client.isConnected());
            assertThatThrownBy(() -> logger(b, servers.uniqueName("b"))).as("the old password").isInstanceOf(MqttException.class);
            try (LoggerClient again = logger(rotated, servers.uniqueName("b"))) {
                assertThat(again.publish(reading("SEC-B"), reading("SEC-B", 0, 5), false)).isZero();
            }
            loggerA.close();
            loggerB.close();
        }
    }

    @Test
    void the_running_service_applies_a_change_made_by_the_command_line_within_its_sync_period() throws Exception {
        try (TestService service = service(Map.of("PVMON_LOGGERS_SYNC_SECONDS", "1")).start()) {
            // a command line that does not write the broker's files itself (as on another host): the registry only
            Config cfg = Config.load(null, service.env());
            Config.Loggers elsewhere = new Config.Loggers(null, null, null, "", "", Duration.ofSeconds(10));
            LoggerCredentials.Issued a;
            try (Database db = Database.openSqlite(cfg.dataDir().resolve("registry.db"));
                 LoggerCredentials cli = new LoggerCredentials(db, new Registry(db), elsewhere, Clock.systemUTC())) {
                a = cli.issue("SEC-A");
            }
            assertThat(a.broker().outcome()).isEqualTo(LoggerCredentials.Outcome.ELSEWHERE);
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                try (LoggerClient l = logger(a, servers.uniqueName("a"))) {
                    return l.client.isConnected();
                }
            });
        }
    }

    /**
     * The issue's data loss: a login that connects with the service's client id and clean start off would get its
     * persistent session and acknowledge its readings. A logger's login gets its own client id on the loggers'
     * listener (use_username_as_clientid) and is refused on the service's, so the service keeps its session and
     * every reading is stored.
     */
    @Test
    void nobody_can_take_the_service_session_and_no_reading_is_lost_while_someone_tries() throws Exception {
        int total = 2000;
        try (TestService service = service(Map.of("PVMON_MQTT_GROUP", "", "PVMON_MQTT_CONNECTIONS", "1")).start();
             Credentials c = credentials(service);
             Publisher pub = servers.publisher(100)) {
            String serviceClientId = service.env().get("PVMON_MQTT_CLIENT_ID") + "-0";
            LoggerCredentials.Issued a = c.loggers.issue("SEC-A");
            AtomicInteger sent = new AtomicInteger();
            Thread stream = new Thread(() -> {
                for (int i = 0; i < total; i++) {
                    pub.publish(reading("SEC-B"), reading("SEC-B", i, 10 + i % 7));
                    sent.incrementAndGet();
                }
            });
            stream.start();
            await().atMost(WAIT).until(() -> sent.get() >= total / 4);

            try (LoggerClient thief = LoggerClient.connect(servers.mosquitto().loggersUrl(), a.account().username(), a.password(),
                    serviceClientId, false, null)) {
                assertThat(thief.sessionPresent()).as("no session of the service's").isFalse();
                assertThat(thief.subscribe("pvmon/v1/stations/+/reading")).isLessThan(128);
                assertThatThrownBy(() -> LoggerClient.connect(servers.mosquitto().url(), a.account().username(), a.password(),
                        serviceClientId, false, null)).as("the service listener refuses a logger's login").isInstanceOf(MqttException.class);
                stream.join(WAIT.toMillis());
                pub.awaitAllAcked(total, WAIT);
                await().atMost(WAIT).until(() -> storedCount(service, "SEC-B") == total);
                assertThat(thief.received).isEmpty();
            }
            assertThat(Files.readString(servers.mosquitto().logFile()))
                    .as("the service's connection was never taken over").doesNotContain("Client " + serviceClientId + " already connected");
            assertThat(service.get("/api/ingest/counters").path("dropped").asLong()).isZero();
            service.get("/health/ready", 200);
        }
    }

    /**
     * What mosquitto tells a subscriber about the publisher: nothing. MQTT 5 user properties arrive exactly as the
     * publisher set them (so one claiming to be another logger arrives as claimed), and the broker adds none. What holds
     * is the topic: the broker's ACL lets a login publish only its own station's topics, and the service checks that
     * the payload names the topic's station.
     */
    @Test
    void mosquitto_passes_no_publisher_identity_only_what_the_publisher_set() throws Exception {
        try (TestService service = service(Map.of()).start(); Credentials c = credentials(service)) {
            LoggerCredentials.Issued a = c.loggers.issue("SEC-A");
            Mosquitto.Account svc = servers.mosquitto().service();
            try (LoggerClient reader = LoggerClient.connect(servers.mosquitto().url(), svc.username(), svc.password(),
                    servers.uniqueName("r"), true, null);
                 LoggerClient loggerA = logger(a, servers.uniqueName("a"))) {
                reader.subscribe("pvmon/v1/stations/+/reading");
                MqttProperties forged = new MqttProperties();
                forged.setUserProperties(List.of(new UserProperty("username", "logger-SEC-B")));
                assertThat(loggerA.publish(reading("SEC-A"), reading("SEC-A", 0, 1), false, forged)).isZero();
                assertThat(loggerA.publish(reading("SEC-A"), reading("SEC-A", 1, 1), false)).isZero();
                await().atMost(WAIT).until(() -> reader.received.size() == 2);
                assertThat(reader.received.get(0).userProperties()).containsExactly(new UserProperty("username", "logger-SEC-B"));
                assertThat(reader.received.get(1).userProperties()).isEmpty();
            }
        }
    }

    @Test
    void tls_works_with_the_test_ca_and_not_without_it() throws Exception {
        try (Mosquitto tls = Mosquitto.withTls().start()) {
            Path p12 = tls.dir().resolve("tls/truststore.p12");
            new ProcessBuilder("keytool", "-importcert", "-noprompt", "-alias", "county-ca", "-file", tls.caFile().toString(),
                    "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit").inheritIO().start().waitFor();
            Map<String, String> env = new HashMap<>(Map.of("PVMON_MQTT_URL", tls.serviceTlsUrl(),
                    "PVMON_MQTT_USERNAME", tls.service().username(), "PVMON_MQTT_PASSWORD", tls.service().password(),
                    "PVMON_MQTT_TRUSTSTORE", tls.caFile().toString()));
            env.putAll(loggerEnv(tls));
            try (TestService service = new TestService(servers, STATIONS, env).start(); Credentials c = credentials(service)) {
                LoggerCredentials.Issued a = c.loggers.issue("SEC-A");
                Config.Mqtt pem = Config.load(null, service.env()).mqtt();
                Config.Mqtt pkcs12 = Config.load(null, Map.of("PVMON_STATIONS_FILE", service.env().get("PVMON_STATIONS_FILE"),
                        "PVMON_MQTT_URL", tls.tlsUrl(), "PVMON_MQTT_TRUSTSTORE", p12.toString(), "PVMON_MQTT_TRUSTSTORE_PASSWORD", "changeit")).mqtt();
                for (Config.Mqtt trust : List.of(pem, pkcs12)) {
                    try (LoggerClient logger = LoggerClient.connect(tls.tlsUrl(), a.account().username(), a.password(), "x", true,
                            TrustStores.socketFactory(trust))) {
                        assertThat(logger.publish(reading("SEC-A"), reading("SEC-A", trust == pem ? 0 : 1, 3), false)).isZero();
                    }
                }
                await().atMost(WAIT).until(() -> storedCount(service, "SEC-A") == 2);

                assertThatThrownBy(() -> LoggerClient.connect(tls.tlsUrl(), a.account().username(), a.password(), "x", true, null))
                        .as("the JVM's CAs do not know the county's").isInstanceOf(MqttException.class);
                assertThatThrownBy(() -> LoggerClient.connect(tls.tlsUrl().replace("ssl://", "tcp://"), a.account().username(),
                        a.password(), "x", true, null)).as("plain MQTT on the TLS port").isInstanceOf(MqttException.class);
            }
            // the service without the county's CA never gets connected
            Map<String, String> untrusted = new HashMap<>(Map.of("PVMON_MQTT_URL", tls.serviceTlsUrl(),
                    "PVMON_MQTT_USERNAME", tls.service().username(), "PVMON_MQTT_PASSWORD", tls.service().password()));
            try (TestService service = new TestService(servers, STATIONS, untrusted).startNotWaiting()) {
                await().during(Duration.ofSeconds(5)).atMost(WAIT).until(() -> service.status("/health/ready") == 503);
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** A credential service on the running service's registry, as the command line opens it. */
    private record Credentials(Database db, LoggerCredentials loggers) implements AutoCloseable {
        @Override
        public void close() {
            loggers.close();
            db.close();
        }
    }

    private static Credentials credentials(TestService service) {
        Config cfg = Config.load(null, service.env());
        Database db = Database.openSqlite(cfg.dataDir().resolve("registry.db"));
        return new Credentials(db, new LoggerCredentials(db, new Registry(db), cfg.loggers(), Clock.systemUTC()));
    }

    /** The service of these tests, writing the shared broker's logger files and reloading it. */
    private static TestService service(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(loggerEnv(servers.mosquitto()));
        env.putAll(extra);
        return new TestService(servers, STATIONS, env);
    }

    private static Map<String, String> loggerEnv(Mosquitto broker) {
        return Map.of("PVMON_LOGGERS_PASSWORD_FILE", broker.loggersPasswordFile().toString(),
                "PVMON_LOGGERS_ACL_FILE", broker.loggersAclFile().toString(),
                "PVMON_LOGGERS_BROKER_PID_FILE", broker.pidFile().toString(),
                "PVMON_LOGGERS_BROKER_URL", broker.loggersUrl());
    }

    private static LoggerClient logger(LoggerCredentials.Issued credential, String clientId) throws MqttException {
        return LoggerClient.connect(servers.mosquitto().loggersUrl(), credential.account().username(), credential.password(), clientId,
                true, null);
    }

    private static String reading(String station) {
        return "pvmon/v1/stations/" + station + "/reading";
    }

    private static String status(String station) {
        return "pvmon/v1/stations/" + station + "/status";
    }

    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS);

    private static String reading(String station, int i, double powerKw) {
        return "{\"station\":\"" + station + "\",\"ts\":\"" + BASE.plusSeconds(i).atOffset(ZoneOffset.ofHours(8)) + "\",\"power_kw\":"
                + powerKw + ",\"energy_kwh\":" + (1000 + i * 0.01) + "}";
    }

    private static List<Double> storedPower(TestService service, String station) throws Exception {
        JsonNode r = JSON.readTree(servers.influxd().query("SELECT power_kw FROM reading WHERE station = '" + station + "'", service.database()));
        List<Double> out = new java.util.ArrayList<>();
        for (JsonNode v : r.path("results").path(0).path("series").path(0).path("values")) out.add(v.path(1).asDouble());
        return out;
    }

    private static long storedCount(TestService service, String station) throws Exception {
        JsonNode r = JSON.readTree(servers.influxd().query("SELECT count(power_kw) FROM reading WHERE station = '" + station + "'",
                service.database()));
        JsonNode v = r.path("results").path(0).path("series").path(0).path("values").path(0).path(1);
        return v.isMissingNode() ? 0 : v.asLong();
    }
}
