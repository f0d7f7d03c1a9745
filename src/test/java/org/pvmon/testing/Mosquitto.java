package org.pvmon.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real mosquitto broker ({@code /usr/sbin/mosquitto}, override with env {@code MOSQUITTO_BIN}) on a
 * free loopback port, configured from the shipped {@code etc/mosquitto.conf} with only the port and
 * directories substituted. Persistence is on and lives in this broker's temp dir, so
 * {@link #stop()} + {@link #start()} keeps persistent sessions, queued QoS1 messages and retained
 * messages: the broker-restart tests rely on it.
 *
 * <pre>{@code
 * try (Mosquitto broker = new Mosquitto().start()) { connect(broker.url()); ... }
 * }</pre>
 */
public final class Mosquitto implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final Path config;
    private final Path log;
    private Process process;
    private int starts;

    /** Allocates a port and a temp dir and writes the config; {@link #start()} starts the broker. */
    public Mosquitto() {
        this.port = Ports.free();
        this.dir = Processes.tempDir("pvmon-mosquitto-");
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Processes.write(config, Processes.render(ProjectDir.resolve("etc/mosquitto.conf"), Map.of(
                "PORT", Integer.toString(port),
                "BIND_ADDRESS", "127.0.0.1",
                "DATA_DIR", dir.toString(),
                "USER", System.getProperty("user.name"))));
    }

    /** Starts the broker (again: same port, same persistence dir) and waits until it accepts TCP connections. */
    public synchronized Mosquitto start() {
        if (isRunning()) {
            throw new IllegalStateException("mosquitto on port " + port + " is already running");
        }
        Path bin = Processes.executable("MOSQUITTO_BIN", "/usr/sbin/mosquitto", "mosquitto");
        Processes.appendLine(log, "=== pvmon harness: start #" + (++starts) + " ===");
        ProcessBuilder builder = new ProcessBuilder(List.of(bin.toString(), "-c", config.toString()))
                .directory(dir.toFile());
        process = Processes.start(builder, log);
        Processes.awaitReady("mosquitto on port " + port, process, READY_TIMEOUT, this::accepts, log);
        return this;
    }

    /** Graceful stop: SIGTERM, so mosquitto writes its persistence database, then waits for the exit. */
    public synchronized void stop() {
        if (isRunning()) {
            Processes.terminate(process, STOP_TIMEOUT);
        }
    }

    /** Crash: SIGKILL. Only what the last autosave wrote survives (see autosave_interval). */
    public synchronized void kill9() {
        if (isRunning()) {
            Processes.kill9(process);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code tcp://127.0.0.1:<port>}, the form Paho takes. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's temp dir: rendered mosquitto.conf, mosquitto.db, mosquitto.log. */
    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return log;
    }

    public String logTail() {
        return Processes.tail(log, 40);
    }

    /** Stops the broker and deletes its temp dir (kept with -Dpvmon.keepTempDirs=true). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            Processes.deleteTree(dir);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Mosquitto[" + url() + ", dir=" + dir + "]";
    }
}
