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
    void every_setting_has_a_default_except_the_stations_file() {
        Config c = Config.load(null, env());

        assertThat(c.http().port()).isEqualTo(8080);
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
}
