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
public final class Mosquitto extends ServerProcess<Mosquitto> {

    private final int port;
    private final Path config;

    /** Allocates a port and a temp dir and writes the config; {@link #start()} starts the broker (again: same port and persistence dir). */
    public Mosquitto() {
        this(Ports.free(), Processes.tempDir("pvmon-mosquitto-"));
    }

    private Mosquitto(int port, Path dir) {
        super("mosquitto", dir, Duration.ofSeconds(20), Duration.ofSeconds(20));
        this.port = port;
        this.config = dir.resolve("mosquitto.conf");
        Processes.write(config, Processes.render(ProjectDir.resolve("etc/mosquitto.conf"), Map.of(
                "PORT", Integer.toString(port),
                "BIND_ADDRESS", "127.0.0.1",
                "DATA_DIR", dir.toString(),
                "USER", System.getProperty("user.name"))));
    }

    @Override
    ProcessBuilder command() {
        Path bin = Processes.executable("MOSQUITTO_BIN", "/usr/sbin/mosquitto", "mosquitto");
        return new ProcessBuilder(List.of(bin.toString(), "-c", config.toString())).directory(dir().toFile());
    }

    @Override
    boolean ready() {
        return accepts();
    }

    @Override
    String describe() {
        return "mosquitto on port " + port;
    }

    /** {@code tcp://127.0.0.1:<port>}, the form Paho takes. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
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
        return "Mosquitto[" + url() + ", dir=" + dir() + "]";
    }
}
