package org.pvmon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.pvmon.App;
import org.pvmon.config.Config;

/**
 * The pvmon service in the test JVM, on port 0, wired to a {@link RealServers} broker and InfluxDB with a database,
 * MQTT group and client id of its own, plus a small JSON client for its API.
 */
public final class TestService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> env;
    private final Path dir;
    private App app;

    /** @param stationsCsv the station file's content (header + rows) */
    public TestService(RealServers servers, String stationsCsv, Map<String, String> extraEnv) {
        this(servers.mqttUrl(), servers.influxUrl(), servers.uniqueName("t"), stationsCsv, withLogin(servers.mosquitto().service(), extraEnv));
    }

    /** The service's broker login ({@code mqtt.username}, {@code mqtt.password}) under {@code extraEnv}, which wins. */
    private static Map<String, String> withLogin(Mosquitto.Account login, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PVMON_MQTT_USERNAME", login.username());
        env.put("PVMON_MQTT_PASSWORD", login.password());
        env.putAll(extraEnv);
        return env;
    }

    /**
     * The service for routes that need only the SQL database: no broker or InfluxDB runs (their addresses are a closed
     * loopback port) and {@link #startHttp(Clock)} starts the HTTP API alone, nothing in the background.
     */
    public static TestService withoutTimeSeries(String stationsCsv, Map<String, String> extraEnv) {
        int closed = Ports.free();
        return new TestService("tcp://127.0.0.1:" + closed, "http://127.0.0.1:" + closed, "sql-only", stationsCsv, extraEnv);
    }

    private TestService(String mqttUrl, String influxUrl, String name, String stationsCsv, Map<String, String> extraEnv) {
        try {
            dir = Files.createTempDirectory("pvmon-it-");
            Path stations = dir.resolve("stations.csv");
            Files.writeString(stations, stationsCsv, StandardCharsets.UTF_8);
            env = new HashMap<>();
            env.put("PVMON_HTTP_PORT", "0");
            env.put("PVMON_HTTP_HOST", "127.0.0.1");
            env.put("PVMON_MQTT_URL", mqttUrl);
            env.put("PVMON_MQTT_CLIENT_ID", name);
            env.put("PVMON_MQTT_GROUP", name);
            env.put("PVMON_MQTT_SESSION_EXPIRY_SECONDS", "300");
            env.put("PVMON_INFLUX_URL", influxUrl);
            env.put("PVMON_INFLUX_DATABASE", name);
            env.put("PVMON_DATA_DIR", dir.resolve("data").toString());
            env.put("PVMON_STATIONS_FILE", stations.toString());
            env.putAll(extraEnv);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The environment the service runs with: the same works for a {@link ServiceProcess}. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public String database() {
        return env.get("PVMON_INFLUX_DATABASE");
    }

    /** Starts the service and waits until it is ready (subscribed at the broker, InfluxDB reachable). */
    public TestService start() {
        return start(Clock.systemUTC());
    }

    /** Starts the service on {@code clock} (e.g. fixed at noon, for rules that depend on daylight). */
    public TestService start(Clock clock) {
        app = new App(Config.load(null, env), clock).start();
        return awaitReady();
    }

    /** Starts the service and returns at once, ready or not (e.g. to see it stay unready). */
    public TestService startNotWaiting() {
        app = new App(Config.load(null, env), Clock.systemUTC()).start();
        return this;
    }

    /** Starts the HTTP API alone on {@code clock} (see {@link #withoutTimeSeries}); returns at once. */
    public TestService startHttp(Clock clock) {
        app = new App(Config.load(null, env), clock).startHttp();
        return this;
    }

    /** The parts the running service was built from (e.g. to reach a capability's test hook). */
    public App.Parts parts() {
        return app.parts();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public JsonNode get(String path) {
        return getJson(baseUrl(), path, 200);
    }

    /** GET that expects {@code status}; returns the JSON body. */
    public JsonNode get(String path, int status) {
        return getJson(baseUrl(), path, status);
    }

    /** POST with a JSON body ({@code null}: none) that expects {@code status}; returns the JSON body (empty: a missing node). */
    public JsonNode post(String path, String jsonBody, int status) {
        return send("POST", path, jsonBody, status);
    }

    /** PUT with a JSON body that expects {@code status}; returns the JSON body (empty: a missing node). */
    public JsonNode put(String path, String jsonBody, int status) {
        return send("PUT", path, jsonBody, status);
    }

    /** DELETE that expects {@code status}; returns the JSON body (empty: a missing node). */
    public JsonNode delete(String path, int status) {
        return send("DELETE", path, null, status);
    }

    /** The body of a GET as text, exactly as served, after checking {@code status}. */
    public String text(String path, int status) {
        HttpResponse<String> r = exchange("GET", path, null);
        if (r.statusCode() != status) {
            throw new AssertionError("GET " + path + ": expected HTTP " + status + ", got " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private JsonNode send(String method, String path, String jsonBody, int status) {
        HttpResponse<String> r = exchange(method, path, jsonBody);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected HTTP " + status + ", got " + r.statusCode() + ": " + r.body());
        }
        try {
            return r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    private HttpResponse<String> exchange(String method, String path, String jsonBody) {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8").method(method, body).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until at least {@code records} records are in InfluxDB by the service's counters (written directly or
     * replayed from the spool; a redelivered duplicate may count twice, so this is a lower bound, never an exact wait).
     */
    public void awaitStored(long records) {
        org.awaitility.Awaitility.await("" + records + " records stored").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    JsonNode c = get("/api/ingest/counters");
                    return c.path("written").asLong() + c.path("replayed").asLong() >= records;
                });
    }

    /** A request with a binary body (null: none) that expects {@code status}; returns the body's bytes. */
    public byte[] bytes(String method, String path, byte[] body, int status) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != status) {
                throw new AssertionError(method + " " + path + ": expected HTTP " + status + ", got " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The element of a JSON list whose {@code id} is {@code id}. */
    public static JsonNode findById(JsonNode list, String id) {
        for (JsonNode n : list) if (n.path("id").asText().equals(id)) return n;
        throw new AssertionError("no '" + id + "' in " + list);
    }

    /** Waits until readiness answers 200 (broker connected, InfluxDB reachable). */
    public TestService awaitReady() {
        org.awaitility.Awaitility.await("readiness of " + baseUrl()).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> status("/health/ready") == 200);
        return this;
    }

    /** The HTTP status of a GET, without judging it. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static JsonNode getJson(String base, String path, int status) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != status) {
                throw new AssertionError("GET " + path + ": expected HTTP " + status + ", got " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String getText(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (app != null) app.close();
        app = null;
    }
}
