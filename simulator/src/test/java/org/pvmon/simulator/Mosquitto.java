package org.pvmon.simulator;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real mosquitto on a free port with its own temp directory, for integration tests; with logins, a second listener
 * as pvmon ships it for loggers (password file, ACL, the client id is the login).
 */
final class Mosquitto implements AutoCloseable {

    private static final String BINARY = "/usr/sbin/mosquitto";

    private final Process process;
    private final int port;
    private final int loggersPort;

    Mosquitto(Path dir) throws IOException {
        this(dir, null, null);
    }

    /** With a loggers' listener whose logins are {@code passwordFile} (mosquitto's format) and {@code aclFile}. */
    Mosquitto(Path dir, Path passwordFile, Path aclFile) throws IOException {
        this.port = freePort();
        this.loggersPort = passwordFile == null ? 0 : freePort();
        Path conf = dir.resolve("mosquitto.conf");
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(
                "per_listener_settings true",
                "user " + System.getProperty("user.name"), // as root, mosquitto would switch to a user that cannot read the temp dir
                "persistence false",
                "max_queued_messages 10000",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true"));
        if (passwordFile != null) {
            lines.addAll(java.util.List.of("listener " + loggersPort + " 127.0.0.1", "allow_anonymous false",
                    "password_file " + passwordFile, "acl_file " + aclFile, "use_username_as_clientid true"));
        }
        lines.add("");
        Files.writeString(conf, String.join("\n", lines));
        this.process = new ProcessBuilder(BINARY, "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(this::accepts);
    }

    /** The anonymous listener (subscribers of the tests). */
    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The loggers' listener with logins. */
    String loggersUri() {
        return "tcp://127.0.0.1:" + loggersPort;
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue());
        }
        return accepts(port) && (loggersPort == 0 || accepts(loggersPort));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
