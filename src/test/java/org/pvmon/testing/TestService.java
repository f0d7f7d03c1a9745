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
import org.pvmon.access.Accounts;
import org.pvmon.access.Role;
import org.pvmon.access.Scope;
import org.pvmon.access.User;
import org.pvmon.config.Config;

/**
 * The pvmon service in the test JVM, on port 0, wired to a {@link RealServers} broker and InfluxDB with a database,
 * MQTT group and client id of its own, plus a small JSON client for its API.
 */
public final class TestService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The password of every user the tests create (after their one-time password was changed). */
    public static final String PASSWORD = "Test-password-2026";

    private final Map<String, String> env;
    private final Path dir;
    private App app;
    private String token; // the Authorization bearer every request of this client sends (null: none)

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
        token = tokenFor("it-admin", Role.ADMIN, Scope.EVERYWHERE);
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
        token = tokenFor("it-admin", Role.ADMIN, Scope.EVERYWHERE);
        return this;
    }

    /**
     * A user of {@code role} and {@code scope} (created with the password {@link #PASSWORD} unless there) and a new API
     * token of theirs: what a test sends to act as them ({@link #as}).
     */
    public String tokenFor(String username, Role role, Scope scope) {
        User user = user(username, username, role, scope);
        return app.parts().services().tokens().create(user, "tests", null, "tests").secret();
    }

    /** A user who signs in with {@link #PASSWORD} (created unless there), as an administrator would set them up. */
    public User user(String username, String displayName, Role role, Scope scope) {
        Accounts accounts = app.accounts();
        return accounts.users().stream().filter(u -> u.username().equals(username)).findFirst().orElseGet(() -> {
            Accounts.Created c = accounts.create(username, displayName, role, scope);
            return accounts.changePassword(c.user().id(), c.password(), PASSWORD);
        });
    }

    /** The same service, asked with {@code token} ({@code null}: with no credential at all). Closing it closes the service. */
    public TestService as(String token) {
        TestService other = new TestService(env, dir, app);
        other.token = token;
        return other;
    }

    /** Every endpoint of the running service with its access rule. */
    public java.util.List<org.pvmon.http.ApiServer.Endpoint> endpoints() {
        return app.endpoints();
    }

    /** The token this client sends. */
    public String token() {
        return token;
    }

    private TestService(Map<String, String> env, Path dir, App app) {
        this.env = env;
        this.dir = dir;
        this.app = app;
    }

    /** The parts the running service was built from (e.g. to reach a capability's test hook). */
    public App.Parts parts() {
        return app.parts();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public JsonNode get(String path) {
        return getJson(baseUrl(), path, 200, token);
    }

    /** GET that expects {@code status}; returns the JSON body. */
    public JsonNode get(String path, int status) {
        return getJson(baseUrl(), path, status, token);
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (jsonBody != null) b.header("Content-Type", "application/json; charset=utf-8");
        HttpRequest request = authorized(b, token).build();
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
            HttpResponse<byte[]> r = HTTP.send(authorized(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)), token)
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
            return HTTP.send(authorized(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)), token).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code b} with {@code Authorization: Bearer token} (unchanged when token is null). */
    public static HttpRequest.Builder authorized(HttpRequest.Builder b, String token) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public static JsonNode getJson(String base, String path, int status, String token) {
        try {
            HttpResponse<String> r = HTTP.send(authorized(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)), token).build(),
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

    /**
     * An administrator's API token for a service started as a separate process on {@code dataDir}: signs in as the first
     * administrator with the one-time password the service wrote there, changes it to {@link #PASSWORD}, and creates a
     * token, all through the API as a person would.
     */
    public static String adminToken(String base, Path dataDir) {
        try {
            String oneTime = Files.readString(App.firstPasswordFile(dataDir)).strip();
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + oneTime + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) throw new AssertionError("sign-in: " + login.statusCode() + " " + login.body());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String csrf = JSON.readTree(login.body()).path("csrfToken").asText();
            for (String[] call : new String[][] {
                    {"/api/session/password", "{\"current\":\"" + oneTime + "\",\"password\":\"" + PASSWORD + "\"}"},
                    {"/api/tokens", "{\"user\":\"admin\",\"name\":\"tests\"}"}}) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + call[0])).header("Content-Type", "application/json")
                        .header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Origin", base)
                        .POST(HttpRequest.BodyPublishers.ofString(call[1])).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) throw new AssertionError(call[0] + ": " + r.statusCode() + " " + r.body());
                if (call[0].equals("/api/tokens")) return JSON.readTree(r.body()).path("secret").asText();
            }
            throw new IllegalStateException("unreachable");
        } catch (IOException e) {
            throw new IllegalStateException("admin token: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String getText(String url, String token) {
        try {
            return HTTP.send(authorized(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)), token).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The data directory of the service (its SQLite file, spool, the first administrator's password file). */
    public Path dataDir() {
        return Path.of(env.get("PVMON_DATA_DIR"));
    }

    @Override
    public void close() {
        if (app != null) app.close();
        app = null;
    }
}
