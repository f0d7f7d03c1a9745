package org.pvmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.alerts.AlertRules;

class ConfigTest {

    @TempDir
    Path dir;
    private Path stations;

    @BeforeEach
    void stationFile() throws IOException {
        stations = Files.writeString(dir.resolve("stations.csv"),
                "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n");
    }

    /** The environment with only the one required setting. */
    private Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("PVMON_STATIONS_FILE", stations.toString());
        for (int i = 0; i < keyValues.length; i += 2) env.put(keyValues[i], keyValues[i + 1]);
        return env;
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("pvmon.properties"), content, StandardCharsets.UTF_8);
    }

    @Test
    void passwords_and_tokens_never_show_in_the_settings_text() {
        Config c = Config.load(null, env("PVMON_MQTT_PASSWORD", "mqtt-secret-1", "PVMON_INFLUX_PASSWORD", "influx-secret-2",
                "PVMON_INFLUX_MODE", "v2", "PVMON_INFLUX_TOKEN", "token-secret-3", "PVMON_INFLUX_ORG", "o", "PVMON_INFLUX_BUCKET", "b"));

        assertThat(c.toString()).doesNotContain("mqtt-secret-1").doesNotContain("influx-secret-2").doesNotContain("token-secret-3")
                .contains("password=****").contains("token=****");
        assertThat(c.mqtt().password()).isEqualTo("mqtt-secret-1");
    }

    @Test
    void every_setting_has_a_default_except_the_stations_file() {
        Config c = Config.load(null, env());

        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().host()).as("loopback: no access control yet, reached through a reverse proxy").isEqualTo("127.0.0.1");
        assertThat(c.uploads()).isEqualTo(Config.Uploads.defaults());
        assertThat(c.mqtt().url()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(c.mqtt().clientId()).isEqualTo("pvmon-1");
        assertThat(c.mqtt().group()).isEqualTo("pvmon");
        assertThat(c.mqtt().username()).isEmpty();
        assertThat(c.mqtt().password()).isEmpty();
        assertThat(c.mqtt().connections()).isEqualTo(2);
        assertThat(c.mqtt().sessionExpirySeconds()).isEqualTo(7 * 86_400L);
        assertThat(c.mqtt().receiveMaximum()).isEqualTo(10_000);
        assertThat(c.influx().mode()).isEqualTo("v1");
        assertThat(c.influx().url()).isEqualTo("http://127.0.0.1:8086");
        assertThat(c.influx().database()).isEqualTo("pvmon");
        assertThat(c.influx().retentionPolicy()).isEmpty();
        assertThat(c.influx().token()).isEmpty();
        assertThat(c.ingest().batchSize()).isEqualTo(5000);
        assertThat(c.ingest().flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.ingest().queueCapacity()).isEqualTo(50_000);
        assertThat(c.ingest().maxFuture()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.ingest().maxAge()).isEqualTo(Duration.ofDays(400));
        assertThat(c.ingest().powerTolerance()).isEqualTo(1.2);
        assertThat(c.ingest().offlineAfter()).isEqualTo(Duration.ofSeconds(900));
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.stationsFile()).isEqualTo(stations);
        assertThat(c.days()).isEqualTo(Config.Days.defaults());
        assertThat(c.days().keepDays()).isEqualTo(62);
        assertThat(c.audit().keepDays()).isEqualTo(400);
        assertThat(c.retention()).as("InfluxDB's retention left alone unless asked").isEqualTo(Config.Retention.defaults());
    }

    @Test
    void raw_readings_are_kept_long_enough_for_the_days_they_are_computed_again_from() {
        Config c = Config.load(null, env("PVMON_INFLUX_RAW_KEEP_DAYS", "100"));
        assertThat(c.retention().rawKeepDays()).isEqualTo(100);
        assertThat(c.ingest().maxAge()).as("a reading whose day is no longer stored again is refused at the door").isEqualTo(Duration.ofDays(62));
        assertThat(Config.load(null, env("PVMON_INFLUX_RAW_KEEP_DAYS", "95")).retention().rawKeepDays()).isEqualTo(95);
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INFLUX_RAW_KEEP_DAYS", "94")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("influx.raw-keep-days (PVMON_INFLUX_RAW_KEEP_DAYS): must be at least energy.keep-days + 33 (95)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INFLUX_RAW_KEEP_DAYS", "100", "PVMON_INGEST_MAX_AGE_DAYS", "63")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ingest.max-age-days (PVMON_INGEST_MAX_AGE_DAYS): must be at most energy.keep-days (62)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INFLUX_RAW_KEEP_DAYS", "100", "PVMON_ENERGY_KEEP_DAYS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("energy.keep-days (PVMON_ENERGY_KEEP_DAYS): must not be 0");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INFLUX_HOURLY_KEEP_DAYS", "400")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("influx.hourly-keep-days");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INFLUX_RAW_KEEP_DAYS", "100", "PVMON_INFLUX_MODE", "v2", "PVMON_INFLUX_TOKEN", "t",
                "PVMON_INFLUX_ORG", "o", "PVMON_INFLUX_BUCKET", "b")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("influx.hourly-bucket");
        assertThat(Config.load(null, env("PVMON_INFLUX_RAW_KEEP_DAYS", "100", "PVMON_INFLUX_HOURLY_KEEP_DAYS", "3650")).retention().hourlyKeepDays())
                .isEqualTo(3650);
    }

    @Test
    void the_audit_log_is_kept_at_least_six_months() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_AUDIT_KEEP_DAYS", "182")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("audit.keep-days (PVMON_AUDIT_KEEP_DAYS): must be 183-36500 (at least 6 months: 等保 2.0 asks for logs "
                        + "kept that long), got 182");
        assertThat(Config.load(null, env("PVMON_AUDIT_KEEP_DAYS", "183")).audit().keepDays()).isEqualTo(183);
    }

    @Test
    void a_day_closed_before_two_periods_of_closing_have_passed_fails() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_ENERGY_CLOSE_EVERY_SECONDS", "600", "PVMON_ENERGY_CLOSE_AFTER_MINUTES", "15")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("energy.close-after-minutes (PVMON_ENERGY_CLOSE_AFTER_MINUTES)")
                .hasMessageContaining("at least twice energy.close-every-seconds");
    }

    @Test
    void settings_are_read_from_the_properties_file() throws IOException {
        Path f = file("""
                http.port = 9090
                mqtt.url=ssl://broker.example.cn:8883
                mqtt.client-id=pvmon-a
                influx.mode=v2
                influx.token=secret
                influx.org=county
                influx.bucket=pvmon
                ingest.power-tolerance=1.5
                stations.offline-after-seconds=600
                data.dir=/var/lib/pvmon
                stations.file=%s
                """.formatted(stations.toString().replace("\\", "\\\\")));

        Config c = Config.load(f, Map.of());

        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.mqtt().url()).isEqualTo("ssl://broker.example.cn:8883");
        assertThat(c.mqtt().clientId()).isEqualTo("pvmon-a");
        assertThat(c.influx().mode()).isEqualTo("v2");
        assertThat(c.influx().bucket()).isEqualTo("pvmon");
        assertThat(c.ingest().powerTolerance()).isEqualTo(1.5);
        assertThat(c.ingest().offlineAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/pvmon"));
        assertThat(c.stationsFile()).isEqualTo(stations);
    }

    @Test
    void an_environment_variable_overrides_the_file() throws IOException {
        Path f = file("mqtt.url=tcp://from-file:1883\nhttp.port=9090\n");

        Config c = Config.load(f, env("PVMON_MQTT_URL", "tcp://from-env:1883"));

        assertThat(c.mqtt().url()).isEqualTo("tcp://from-env:1883");
        assertThat(c.http().port()).as("a setting the environment does not name still comes from the file")
                .isEqualTo(9090);
    }

    @Test
    void dashed_keys_map_to_underscored_environment_variables() {
        Config c = Config.load(null, env("PVMON_MQTT_CLIENT_ID", "pvmon-7", "PVMON_INGEST_FLUSH_INTERVAL_MS", "250",
                "PVMON_STATIONS_OFFLINE_AFTER_SECONDS", "120"));

        assertThat(c.mqtt().clientId()).isEqualTo("pvmon-7");
        assertThat(c.ingest().flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.ingest().offlineAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void an_empty_group_means_a_plain_subscription_on_a_single_connection() {
        Config c = Config.load(null, env("PVMON_MQTT_GROUP", "", "PVMON_MQTT_CONNECTIONS", "1"));
        assertThat(c.mqtt().group()).isEmpty();

        assertThatThrownBy(() -> Config.load(null, env("PVMON_MQTT_GROUP", "", "PVMON_MQTT_CONNECTIONS", "2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.connections (PVMON_MQTT_CONNECTIONS)")
                .hasMessageContaining("must be 1 when mqtt.group is empty");
    }

    @Test
    void a_value_that_is_not_a_number_fails_naming_the_key_and_the_environment_variable() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port (PVMON_HTTP_PORT)")
                .hasMessageContaining("'eighty'");
    }

    @Test
    void a_value_out_of_range_fails_naming_the_key_the_environment_variable_and_the_value() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_HTTP_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.port (PVMON_HTTP_PORT): must be 0-65535, got 70000");
    }

    @Test
    void a_bad_value_in_the_file_fails_the_same_way() throws IOException {
        Path f = file("ingest.power-tolerance=a lot\nstations.file=" + stations.toString().replace("\\", "\\\\") + "\n");

        assertThatThrownBy(() -> Config.load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.power-tolerance (PVMON_INGEST_POWER_TOLERANCE)")
                .hasMessageContaining("'a lot'");
    }

    @Test
    void an_mqtt_url_without_a_known_scheme_fails() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_MQTT_URL", "mqtt://broker:1883")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.url (PVMON_MQTT_URL)")
                .hasMessageContaining("mqtt://broker:1883");
    }

    @Test
    void a_client_id_with_characters_outside_the_allowed_set_fails() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_MQTT_CLIENT_ID", "pvmon/1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.client-id (PVMON_MQTT_CLIENT_ID)");
    }

    @Test
    void a_queue_smaller_than_a_batch_fails() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INGEST_BATCH_SIZE", "1000", "PVMON_INGEST_QUEUE_CAPACITY", "999")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.queue-capacity (PVMON_INGEST_QUEUE_CAPACITY)");
    }

    @Test
    void an_unknown_influx_mode_fails() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INFLUX_MODE", "v3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("influx.mode (PVMON_INFLUX_MODE)")
                .hasMessageContaining("v3");
    }

    @Test
    void v2_mode_without_a_token_fails_naming_influx_token() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_INFLUX_MODE", "v2", "PVMON_INFLUX_ORG", "county",
                "PVMON_INFLUX_BUCKET", "pvmon")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("influx.token (PVMON_INFLUX_TOKEN): is required in v2 mode");
    }

    @Test
    void v2_mode_with_token_org_and_bucket_is_accepted() {
        Config c = Config.load(null, env("PVMON_INFLUX_MODE", "v2", "PVMON_INFLUX_TOKEN", "t0ken",
                "PVMON_INFLUX_ORG", "county", "PVMON_INFLUX_BUCKET", "pvmon"));

        assertThat(c.influx().mode()).isEqualTo("v2");
        assertThat(c.influx().token()).isEqualTo("t0ken");
        assertThat(c.influx().org()).isEqualTo("county");
    }

    @Test
    void v1_mode_needs_no_token() {
        assertThat(Config.load(null, env("PVMON_INFLUX_MODE", "v1")).influx().token()).isEmpty();
    }

    @Test
    void without_a_stations_file_the_start_fails_naming_stations_file() {
        assertThatThrownBy(() -> Config.load(null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("stations.file (PVMON_STATIONS_FILE)")
                .hasMessageContaining("is required");
    }

    @Test
    void a_stations_file_that_does_not_exist_fails_naming_stations_file_and_the_path() {
        Path missing = dir.resolve("no-such-stations.csv");

        assertThatThrownBy(() -> Config.load(null, Map.of("PVMON_STATIONS_FILE", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("stations.file (PVMON_STATIONS_FILE)")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void a_config_file_that_does_not_exist_fails_naming_the_file() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> Config.load(missing, env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void values_are_trimmed_and_an_empty_number_means_the_default() {
        Config c = Config.load(null, env("PVMON_MQTT_GROUP", "  county-a  ", "PVMON_HTTP_PORT", ""));

        assertThat(c.mqtt().group()).isEqualTo("county-a");
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void alert_thresholds_default_to_the_documented_rules() {
        Config c = Config.load(null, env());

        assertThat(c.alerts()).isEqualTo(AlertRules.defaults());
        assertThat(c.alerts().evaluateEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.alerts().offline().timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.alerts().underperforming().fraction()).isEqualTo(0.70);
        assertThat(c.alerts().underperforming().days()).isEqualTo(3);
    }

    @Test
    void alert_thresholds_are_read_from_the_file_and_the_environment() throws IOException {
        Path f = file("""
                alerts.evaluate-every-seconds=30
                alerts.daylight-elevation-deg=5
                alerts.min-peers=4
                alerts.offline.reporting-interval-seconds=300
                alerts.offline.missed-intervals=2
                alerts.idle.power-fraction=0.02
                alerts.idle.min-duration-minutes=45
                alerts.idle.peer-producing-kw-per-kwp=0.15
                alerts.idle.clear-sky-min-kw-per-kwp=0.25
                alerts.idle.recovery-readings=5
                alerts.underperforming.fraction=0.6
                alerts.meter.days=14
                stations.file=%s
                """.formatted(stations.toString().replace("\\", "\\\\")));

        AlertRules a = Config.load(f, Map.of("PVMON_ALERTS_UNDERPERFORMING_DAYS", "5",
                "PVMON_ALERTS_UNDERPERFORMING_LOW_ENERGY_KWH_PER_KWP", "0.5", "PVMON_ALERTS_UNDERPERFORMING_FRACTION", "0.65")).alerts();

        assertThat(a.evaluateEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.daylightElevationDeg()).isEqualTo(5.0);
        assertThat(a.minPeers()).isEqualTo(4);
        assertThat(a.offline().reportingInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.offline().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(a.idle()).isEqualTo(new AlertRules.Idle(0.02, Duration.ofMinutes(45), 0.15, 0.25, 5));
        assertThat(a.underperforming()).as("the environment wins over the file")
                .isEqualTo(new AlertRules.Underperforming(0.65, 5, 0.5));
        assertThat(a.meter().days()).isEqualTo(14);
    }

    @Test
    void a_bad_alert_threshold_fails_naming_the_key_the_environment_variable_and_the_value() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_ALERTS_UNDERPERFORMING_FRACTION", "1.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("alerts.underperforming.fraction (PVMON_ALERTS_UNDERPERFORMING_FRACTION): must be above 0 and below 1, got 1.5");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_ALERTS_EVALUATE_EVERY_SECONDS", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("alerts.evaluate-every-seconds (PVMON_ALERTS_EVALUATE_EVERY_SECONDS): must be at least 10 s");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_ALERTS_IDLE_MIN_DURATION_MINUTES", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("alerts.idle.min-duration-minutes (PVMON_ALERTS_IDLE_MIN_DURATION_MINUTES)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_ALERTS_OFFLINE_MISSED_INTERVALS", "three")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerts.offline.missed-intervals (PVMON_ALERTS_OFFLINE_MISSED_INTERVALS)")
                .hasMessageContaining("'three'");
    }

    @Test
    void notifications_are_off_by_default_with_documented_retry_settings() {
        Config.Notify n = Config.load(null, env()).notifications();

        assertThat(n.webhookUrl()).isEmpty();
        assertThat(n.wecomUrl()).isEmpty();
        assertThat(n.dingtalkUrl()).isEmpty();
        assertThat(n.mqttTopic()).isEmpty();
        assertThat(n.link()).isEmpty();
        assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(n.retryInitial()).isEqualTo(Duration.ofSeconds(10));
        assertThat(n.retryMax()).isEqualTo(Duration.ofMinutes(10));
        assertThat(n.giveUpAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(n.poll()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void notification_receivers_and_retries_are_read() {
        Config.Notify n = Config.load(null, env("PVMON_NOTIFY_WEBHOOK_URL", "http://ops.example.cn/hook",
                "PVMON_NOTIFY_WECOM_URL", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                "PVMON_NOTIFY_DINGTALK_URL", "https://oapi.dingtalk.com/robot/send?access_token=t",
                "PVMON_NOTIFY_DINGTALK_SECRET", "SEC1", "PVMON_NOTIFY_MQTT_TOPIC", "pvmon/alerts",
                "PVMON_NOTIFY_LINK", "http://pvmon.example.cn/api/alerts/{id}", "PVMON_NOTIFY_RETRY_INITIAL_MS", "200",
                "PVMON_NOTIFY_RETRY_MAX_MS", "1000", "PVMON_NOTIFY_TIMEOUT_MS", "2000")).notifications();

        assertThat(n.webhookUrl()).isEqualTo("http://ops.example.cn/hook");
        assertThat(n.dingtalkSecret()).isEqualTo("SEC1");
        assertThat(n.mqttTopic()).isEqualTo("pvmon/alerts");
        assertThat(n.retryInitial()).isEqualTo(Duration.ofMillis(200));
        assertThat(n.retryMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void bad_notification_settings_fail_naming_the_setting() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_NOTIFY_WEBHOOK_URL", "ops.example.cn/hook")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.webhook.url (PVMON_NOTIFY_WEBHOOK_URL)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_NOTIFY_MQTT_TOPIC", "pvmon/alerts/#")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.mqtt.topic (PVMON_NOTIFY_MQTT_TOPIC)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_NOTIFY_MQTT_TOPIC", "pvmon/alerts/")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.mqtt.topic (PVMON_NOTIFY_MQTT_TOPIC)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_NOTIFY_RETRY_INITIAL_MS", "5000", "PVMON_NOTIFY_RETRY_MAX_MS", "1000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("notify.retry-max-ms (PVMON_NOTIFY_RETRY_MAX_MS): must be at least notify.retry-initial-ms (5000), got 1000");
    }

    @Test
    void the_registry_is_the_sqlite_file_unless_a_postgresql_url_is_set() throws IOException {
        Config.RegistryDatabase sqlite = Config.load(null, env()).registryDatabase();
        assertThat(sqlite.postgres()).isFalse();
        assertThat(sqlite.url()).isEmpty();
        assertThat(sqlite.poolSize()).isEqualTo(10);

        Config.RegistryDatabase pg = Config.load(file("""
                registry.url=jdbc:postgresql://db.example.cn:5432/pvmon?sslmode=require
                registry.username=pvmon
                registry.pool-size=20
                """), env("PVMON_REGISTRY_PASSWORD", "s3cret")).registryDatabase();
        assertThat(pg.postgres()).isTrue();
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://db.example.cn:5432/pvmon?sslmode=require");
        assertThat(pg.username()).isEqualTo("pvmon");
        assertThat(pg.password()).isEqualTo("s3cret");
        assertThat(pg.poolSize()).isEqualTo(20);
        assertThat(pg.toString()).doesNotContain("s3cret");
    }

    @Test
    void bad_registry_settings_fail_naming_the_setting_and_never_show_the_password() {
        assertThatThrownBy(() -> Config.load(null, env("PVMON_REGISTRY_URL", "jdbc:mysql://db:3306/pvmon?password=s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("registry.url (PVMON_REGISTRY_URL): must be empty (the SQLite file under data.dir) or "
                        + "jdbc:postgresql://host[:port]/database, got jdbc:mysql://db:3306/pvmon?password=***")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_REGISTRY_URL", "jdbc:postgresql://db:5432/")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("registry.url (PVMON_REGISTRY_URL)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_REGISTRY_USERNAME", "pvmon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("registry.username (PVMON_REGISTRY_USERNAME): is for PostgreSQL");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_REGISTRY_PASSWORD", "s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("registry.password (PVMON_REGISTRY_PASSWORD): is for PostgreSQL")
                .message().doesNotContain("s3cret");
        for (String size : new String[] {"0", "101"}) {
            assertThatThrownBy(() -> Config.load(null, env("PVMON_REGISTRY_URL", "jdbc:postgresql://db/pvmon", "PVMON_REGISTRY_POOL_SIZE", size)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("registry.pool-size (PVMON_REGISTRY_POOL_SIZE): must be 1-100, got " + size);
        }
        assertThatThrownBy(() -> Config.load(null, env("PVMON_REGISTRY_POOL_SIZE", "ten")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("registry.pool-size (PVMON_REGISTRY_POOL_SIZE)");
    }

    @Test
    void logger_credential_settings_go_together_and_fail_naming_the_setting() throws IOException {
        Config none = Config.load(null, env());
        assertThat(none.loggers().writesBrokerFiles()).isFalse();
        assertThat(none.loggers().syncEvery()).hasSeconds(10);

        Config files = Config.load(null, env("PVMON_LOGGERS_PASSWORD_FILE", "/b/loggers.passwd", "PVMON_LOGGERS_ACL_FILE", "/b/loggers.acl",
                "PVMON_LOGGERS_BROKER_PID_FILE", "/b/mosquitto.pid", "PVMON_LOGGERS_BROKER_URL", "ssl://mqtt.example.cn:8883"));
        assertThat(files.loggers().writesBrokerFiles()).isTrue();
        assertThat(files.loggers().brokerPidFile()).isEqualTo(Path.of("/b/mosquitto.pid"));

        assertThatThrownBy(() -> Config.load(null, env("PVMON_LOGGERS_PASSWORD_FILE", "/b/p")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("loggers.acl-file (PVMON_LOGGERS_ACL_FILE)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_LOGGERS_BROKER_RELOAD_COMMAND", "systemctl reload mosquitto")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("loggers.broker-reload-command");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_LOGGERS_PASSWORD_FILE", "/b/p", "PVMON_LOGGERS_ACL_FILE", "/b/a",
                "PVMON_LOGGERS_BROKER_PID_FILE", "/b/pid", "PVMON_LOGGERS_BROKER_RELOAD_COMMAND", "kill -HUP 1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_LOGGERS_BROKER_URL", "mqtt.example.cn")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("loggers.broker-url (PVMON_LOGGERS_BROKER_URL)");
    }

    @Test
    void a_truststore_is_for_a_tls_broker_and_its_password_never_shows() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_MQTT_TRUSTSTORE", ca.toString())))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.truststore (PVMON_MQTT_TRUSTSTORE)");
        assertThatThrownBy(() -> Config.load(null, env("PVMON_MQTT_URL", "ssl://b:8883", "PVMON_MQTT_TRUSTSTORE", dir.resolve("none").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no readable file");
        Config c = Config.load(null, env("PVMON_MQTT_URL", "ssl://b:8883", "PVMON_MQTT_TRUSTSTORE", ca.toString(),
                "PVMON_MQTT_TRUSTSTORE_PASSWORD", "trust-secret"));
        assertThat(c.toString()).doesNotContain("trust-secret");
        assertThatThrownBy(() -> TrustStores.socketFactory(c.mqtt())).as("a PEM file without a certificate in it")
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.truststore (PVMON_MQTT_TRUSTSTORE): cannot read");
    }
}
