package org.pvmon.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker ({@code /usr/sbin/mosquitto}, override with env {@code MOSQUITTO_BIN}) configured from the
 * shipped {@code etc/mosquitto.conf} with only ports and directories substituted: authentication and ACLs on every
 * listener, as shipped. Two listeners on free loopback ports: the service's ({@link #url()}, accounts {@link #service()}
 * and {@link #bench()} with random passwords, ACL {@code etc/mosquitto-service.acl}) and the loggers' ({@link #loggersUrl()},
 * logins written by pvmon into {@link #loggersPasswordFile()} and {@link #loggersAclFile()}); with {@link #withTls()} also
 * the TLS listeners of {@code etc/mosquitto-tls.conf} (loggers', service's) with a throwaway CA made by openssl ({@link #caFile()}).
 * Persistence is on and lives in this broker's temp dir, so {@link #stop()} + {@link #start()} keeps persistent
 * sessions, queued QoS1 messages and retained messages: the broker-restart tests rely on it.
 *
 * <pre>{@code
 * try (Mosquitto broker = new Mosquitto().start()) { connect(broker.url(), broker.bench()); ... }
 * }</pre>
 */
public final class Mosquitto extends ServerProcess<Mosquitto> {

    /** A login on the broker. */
    public record Account(String username, String password) {
        @Override
        public String toString() {
            return "Account[" + username + "]";
        }
    }

    private final int port;
    private final int servicePort;
    private final int tlsPort; // 0: no TLS listeners
    private final int serviceTlsPort;
    private final Path config;
    private final Account service;
    private final Account bench;

    /** Allocates ports and a temp dir, writes the config and the service listener's accounts; {@link #start()} starts the broker. */
    public Mosquitto() {
        this(false);
    }

    /** As {@link #Mosquitto()}, plus the TLS listener for loggers, its certificate signed by a CA made for this broker. */
    public static Mosquitto withTls() {
        return new Mosquitto(true);
    }

    private Mosquitto(boolean tls) {
        super("mosquitto", Processes.tempDir("pvmon-mosquitto-"), Duration.ofSeconds(20), Duration.ofSeconds(20));
        this.port = Ports.free();
        this.servicePort = Ports.free();
        this.tlsPort = tls ? Ports.free() : 0;
        this.serviceTlsPort = tls ? Ports.free() : 0;
        Path dir = dir();
        this.config = dir.resolve("mosquitto.conf");
        Map<String, String> values = new HashMap<>(Map.of(
                "PORT", Integer.toString(port),
                "SERVICE_PORT", Integer.toString(servicePort),
                "BIND_ADDRESS", "127.0.0.1",
                "DATA_DIR", dir.toString(),
                "USER", System.getProperty("user.name")));
        Processes.write(config, Processes.render(ProjectDir.resolve("etc/mosquitto.conf"), values));
        try {
            Files.createDirectories(dir.resolve("conf.d"));
            Files.copy(ProjectDir.resolve("etc/mosquitto-service.acl"), dir.resolve("service.acl"), StandardCopyOption.REPLACE_EXISTING);
            for (String f : List.of("service.passwd", "loggers.passwd", "loggers.acl")) Files.writeString(dir.resolve(f), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.service = new Account("pvmon", randomPassword());
        this.bench = new Account("pvmon-bench", randomPassword());
        addAccount(service);
        addAccount(bench);
        if (tls) {
            makeCertificates(dir.resolve("tls"));
            values.put("CERT_FILE", dir.resolve("tls/server.crt").toString());
            values.put("KEY_FILE", dir.resolve("tls/server.key").toString());
            values.put("TLS_PORT", Integer.toString(tlsPort));
            values.put("LOGINS", "loggers");
            values.put("CLIENT_ID_IS_LOGIN", "true");
            Processes.write(dir.resolve("conf.d/tls-loggers.conf"), Processes.render(ProjectDir.resolve("etc/mosquitto-tls.conf"), values));
            values.put("TLS_PORT", Integer.toString(serviceTlsPort));
            values.put("LOGINS", "service");
            values.put("CLIENT_ID_IS_LOGIN", "false");
            Processes.write(dir.resolve("conf.d/tls-service.conf"), Processes.render(ProjectDir.resolve("etc/mosquitto-tls.conf"), values));
        }
    }

    @Override
    ProcessBuilder command() {
        Path bin = Processes.executable("MOSQUITTO_BIN", "/usr/sbin/mosquitto", "mosquitto");
        return new ProcessBuilder(List.of(bin.toString(), "-c", config.toString())).directory(dir().toFile());
    }

    @Override
    boolean ready() {
        return accepts(port) && accepts(servicePort) && (tlsPort == 0 || accepts(tlsPort) && accepts(serviceTlsPort));
    }

    @Override
    String describe() {
        return "mosquitto on ports " + servicePort + " (service) and " + port + " (loggers)" + (tlsPort == 0 ? "" : " and " + tlsPort + " (TLS)");
    }

    /** The service's listener, {@code tcp://127.0.0.1:<port>}: the service, the bench and the tests' publishers connect here. */
    public String url() {
        return "tcp://127.0.0.1:" + servicePort;
    }

    /** The loggers' plain listener: per-station logins, the client id is the login. */
    public String loggersUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The loggers' TLS listener ({@link #withTls()} only). */
    public String tlsUrl() {
        if (tlsPort == 0) throw new IllegalStateException("no TLS listener: use Mosquitto.withTls()");
        return "ssl://127.0.0.1:" + tlsPort;
    }

    /** The service's TLS listener ({@link #withTls()} only): the service's and the bench's logins over TLS. */
    public String serviceTlsUrl() {
        if (tlsPort == 0) throw new IllegalStateException("no TLS listener: use Mosquitto.withTls()");
        return "ssl://127.0.0.1:" + serviceTlsPort;
    }

    public int port() {
        return servicePort;
    }

    /** The service's login on the service listener (ACL: reads readings and statuses, writes pvmon/alerts/#). */
    public Account service() {
        return service;
    }

    /** The bench's login on the service listener (ACL: publishes as any station, reads pvmon/alerts/#). */
    public Account bench() {
        return bench;
    }

    /** The loggers' password file, which pvmon writes ({@code loggers.password-file}). */
    public Path loggersPasswordFile() {
        return dir().resolve("loggers.passwd");
    }

    /** The loggers' ACL file, which pvmon writes ({@code loggers.acl-file}). */
    public Path loggersAclFile() {
        return dir().resolve("loggers.acl");
    }

    /** The broker's pid file ({@code loggers.broker-pid-file}: SIGHUP to reload). */
    public Path pidFile() {
        return dir().resolve("mosquitto.pid");
    }

    /** The test CA's certificate (PEM) that signed the TLS listener's certificate. */
    public Path caFile() {
        return dir().resolve("tls/ca.crt");
    }

    /** Adds (or gives a new password to) a login of the service listener; a running broker needs {@link #reload()}. */
    public void addAccount(Account account) {
        run(List.of("mosquitto_passwd", dir().resolve("service.passwd").toString(), account.username()),
                account.password() + "\n" + account.password() + "\n");
    }

    /** SIGHUP: the broker reads its password and ACL files again. */
    public void reload() {
        try {
            String pid = Files.readString(pidFile()).strip();
            run(List.of("kill", "-HUP", pid), "");
        } catch (IOException e) {
            throw new IllegalStateException("no pid file: is the broker running? " + e.getMessage(), e);
        }
    }

    private static void makeCertificates(Path tls) {
        try {
            Files.createDirectories(tls);
            Path ext = Files.writeString(tls.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            String d = tls.toString();
            run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/ca.key", "-out", d + "/ca.crt",
                    "-days", "2", "-subj", "/CN=pvmon test CA " + randomPassword()), "");
            run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/server.key", "-out", d + "/server.csr",
                    "-subj", "/CN=localhost"), "");
            run(List.of("openssl", "x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.crt", "-CAkey", d + "/ca.key",
                    "-CAcreateserial", "-out", d + "/server.crt", "-days", "2", "-extfile", ext.toString()), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomPassword() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        for (int i = 0; i < 20; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** Runs a helper program to completion with {@code stdin}; fails with its output when it fails. */
    static String run(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Mosquitto[" + url() + ", loggers " + loggersUrl() + ", dir=" + dir() + "]";
    }
}
