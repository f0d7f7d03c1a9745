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
public final class Influxd implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final int httpPort;
    private final int rpcPort;
    private final Path dir;
    private final Path config;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private Process process;
    private int starts;

    /** Allocates ports and a temp dir and writes the config; {@link #start()} starts the server. */
    public Influxd() {
        this.httpPort = Ports.free();
        this.rpcPort = Ports.free();
        this.dir = Processes.tempDir("pvmon-influxd-");
        this.config = dir.resolve("influxdb.conf");
        this.log = dir.resolve("influxd.log");
        Processes.write(config, Processes.render(ProjectDir.resolve("etc/influxdb.conf.template"), Map.of(
                "DATA_DIR", dir.toString(),
                "HTTP_BIND_ADDRESS", "127.0.0.1:" + httpPort,
                "RPC_BIND_ADDRESS", "127.0.0.1:" + rpcPort)));
    }

    /** Starts influxd (again: same ports and data) and waits until GET /ping answers 204. */
    public synchronized Influxd start() {
        if (isRunning()) {
            throw new IllegalStateException("influxd on port " + httpPort + " is already running");
        }
        Path bin = Processes.executable("INFLUXD_BIN", "/usr/bin/influxd", "influxdb");
        Processes.appendLine(log, "=== pvmon harness: start #" + (++starts) + " ===");
        ProcessBuilder builder = new ProcessBuilder(List.of(bin.toString(), "-config", config.toString()))
                .directory(dir.toFile());
        // influxd lets INFLUXDB_<SECTION>_<KEY> environment variables override the config file.
        builder.environment().keySet().removeIf(name -> name.startsWith("INFLUXDB_"));
        process = Processes.start(builder, log);
        Processes.awaitReady("influxd on port " + httpPort, process, READY_TIMEOUT, this::pings, log);
        return this;
    }

    /** Graceful stop: SIGTERM (influxd closes its shards and WAL), then waits for the exit. */
    public synchronized void stop() {
        if (isRunning()) {
            Processes.terminate(process, STOP_TIMEOUT);
        }
    }

    /** Crash: SIGKILL. Writes that were acknowledged are in the WAL (fsync'd) and survive. */
    public synchronized void kill9() {
        if (isRunning()) {
            Processes.kill9(process);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
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

    /** The server's temp dir: rendered influxdb.conf, meta/, data/, wal/, influxd.log. */
    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return log;
    }

    public String logTail() {
        return Processes.tail(log, 40);
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

    /** Stops the server and deletes its temp dir (kept with -Dpvmon.keepTempDirs=true). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            Processes.deleteTree(dir);
        }
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
        return "Influxd[" + url() + ", dir=" + dir + "]";
    }
}
