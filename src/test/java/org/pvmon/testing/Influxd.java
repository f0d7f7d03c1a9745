package org.pvmon.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real InfluxDB 1.x server ({@code /usr/bin/influxd}, Debian's 1.6.7; override with env
 * {@code INFLUXD_BIN}) with its meta/data/wal dirs in a temp dir, HTTP API and RPC service on free
 * loopback ports, configured from {@code etc/influxdb.conf.template}. No authentication.
 * {@link #stop()} + {@link #start()} reuses the ports and the data (InfluxDB restart tests).
 */
public final class Influxd extends ServerProcess<Influxd> {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final int httpPort;
    private final int rpcPort;
    private final Path config;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** Allocates ports and a temp dir and writes the config; {@link #start()} starts the server (again: same ports and data). */
    public Influxd() {
        this(Ports.free(), Ports.free(), Processes.tempDir("pvmon-influxd-"));
    }

    private Influxd(int httpPort, int rpcPort, Path dir) {
        super("influxd", dir, Duration.ofSeconds(60), Duration.ofSeconds(40));
        this.httpPort = httpPort;
        this.rpcPort = rpcPort;
        this.config = dir.resolve("influxdb.conf");
        Processes.write(config, Processes.render(ProjectDir.resolve("etc/influxdb.conf.template"), Map.of(
                "DATA_DIR", dir.toString(),
                "HTTP_BIND_ADDRESS", "127.0.0.1:" + httpPort,
                "RPC_BIND_ADDRESS", "127.0.0.1:" + rpcPort)));
    }

    @Override
    ProcessBuilder command() {
        Path bin = Processes.executable("INFLUXD_BIN", "/usr/bin/influxd", "influxdb");
        ProcessBuilder builder = new ProcessBuilder(List.of(bin.toString(), "-config", config.toString()))
                .directory(dir().toFile());
        // influxd lets INFLUXDB_<SECTION>_<KEY> environment variables override the config file.
        builder.environment().keySet().removeIf(name -> name.startsWith("INFLUXDB_"));
        return builder;
    }

    @Override
    boolean ready() {
        return pings();
    }

    @Override
    String describe() {
        return "influxd on port " + httpPort;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int port() {
        return httpPort;
    }

    public int rpcPort() {
        return rpcPort;
    }

    /**
     * Runs a read query ({@code GET /query?db=..&q=..}) and returns the raw JSON. Note that
     * InfluxDB 1.x answers 200 with {@code {"results":[{"error":...}]}} for a bad query.
     *
     * @param db the database, or null for server-wide queries such as {@code SHOW DATABASES}
     */
    public String query(String influxQl, String db) {
        Map<String, String> params = new HashMap<>();
        params.put("q", influxQl);
        if (db != null) {
            params.put("db", db);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint("/query", params)).timeout(REQUEST_TIMEOUT).GET().build();
        return send(request, 200, "query " + influxQl);
    }

    /**
     * Runs a statement that InfluxDB 1.x accepts only by POST ({@code CREATE}, {@code DROP},
     * {@code DELETE}, ...), returning the raw JSON.
     */
    public String execute(String influxQl, String db) {
        Map<String, String> params = new HashMap<>();
        if (db != null) {
            params.put("db", db);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint("/query", params))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + encode(influxQl)))
                .build();
        String body = send(request, 200, influxQl);
        if (body.contains("\"error\"")) {
            throw new IllegalStateException(influxQl + " failed: " + body);
        }
        return body;
    }

    /** {@code CREATE DATABASE "name"} (idempotent in InfluxDB 1.x). */
    public void createDatabase(String name) {
        execute("CREATE DATABASE " + quoteIdentifier(name), null);
    }

    /** Writes line protocol with a plain {@code POST /write?db=..&precision=..}; expects 204. */
    public void write(String db, String lineProtocol, String precision) {
        HttpRequest request = HttpRequest.newBuilder(endpoint("/write", Map.of("db", db, "precision", precision)))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(lineProtocol, StandardCharsets.UTF_8))
                .build();
        send(request, 204, "write to " + db);
    }

    /** Writes line protocol with nanosecond timestamps. */
    public void write(String db, String lineProtocol) {
        write(db, lineProtocol, "ns");
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private boolean pings() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/ping"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String send(HttpRequest request, int expectedStatus, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(what + ": " + e + " (influxd running: " + isRunning() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    private URI endpoint(String path, Map<String, String> params) {
        StringBuilder uri = new StringBuilder(url()).append(path);
        char separator = '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            uri.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return URI.create(uri.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Influxd[" + url() + ", dir=" + dir() + "]";
    }
}
