package org.pvmon.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pvmon service as a separate OS process: {@code java -jar target/pvmon.jar} (the shaded jar of
 * the package phase, which Maven runs before Failsafe's integration-test phase), configured only
 * through environment variables, in its own temp working directory, stdout and stderr in
 * {@code service.log} there. Relative paths in the environment (e.g. {@code PVMON_DATA_DIR=data})
 * resolve against that directory, so a restart after {@link #kill9()} finds the same data.
 *
 * <pre>{@code
 * try (ServiceProcess service = new ServiceProcess(env)) {
 *     service.start().waitReady(URI.create("http://127.0.0.1:" + port + "/health/ready"));
 *     service.kill9();
 *     service.start().waitReady(...);
 * }
 * }</pre>
 */
public final class ServiceProcess implements AutoCloseable {

    static final String JAR = "target/pvmon.jar";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final List<String> jvmArgs;
    private final Path jar;
    private final Path workDir;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private Process process;
    private int starts;

    /** @param env the service's settings ({@code PVMON_...}); PVMON_* variables of the test JVM are not inherited */
    public ServiceProcess(Map<String, String> env) {
        this(env, shippedJvmOptions());
    }

    /** The JVM options the service ships with ({@code etc/jvm.options}, what scripts/run.sh starts it with). */
    public static List<String> shippedJvmOptions() {
        try {
            List<String> out = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(ProjectDir.resolve("etc/jvm.options"))) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) out.addAll(List.of(l.split("\\s+")));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read etc/jvm.options: " + e.getMessage(), e);
        }
    }

    public ServiceProcess(Map<String, String> env, List<String> jvmArgs) {
        this.env = Map.copyOf(env);
        this.jvmArgs = List.copyOf(jvmArgs);
        this.jar = ProjectDir.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn package` first (`mvn verify` and "
                    + "scripts/test.sh build it before the *IT tests run)");
        }
        this.workDir = Processes.tempDir("pvmon-service-");
        this.log = workDir.resolve("service.log");
    }

    /** Starts the service (again, after {@link #stop()} or {@link #kill9()}: same env, same working dir). */
    public synchronized ServiceProcess start() {
        if (isAlive()) {
            throw new IllegalStateException("the service is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(Processes.javaExecutable().toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PVMON_"));
        builder.environment().putAll(env);
        Processes.appendLine(log, "=== pvmon harness: start #" + (++starts) + " ===");
        process = Processes.start(builder, log);
        return this;
    }

    /** Polls {@code readinessUrl} until HTTP 200 (at most 60 s); fails early if the process exits. */
    public ServiceProcess waitReady(URI readinessUrl) {
        return waitReady(readinessUrl, READY_TIMEOUT);
    }

    public ServiceProcess waitReady(URI readinessUrl, Duration timeout) {
        Process current = current();
        Processes.awaitReady("pvmon service (" + readinessUrl + ")", current, timeout, () -> answers200(readinessUrl), log);
        return this;
    }

    /**
     * Crash: SIGKILL (on Linux {@code Process.destroyForcibly()} is {@code kill(pid, SIGKILL)}), no
     * shutdown hooks run. Returns the exit code (137 = 128 + SIGKILL).
     */
    public synchronized int kill9() {
        return Processes.kill9(current());
    }

    /** Graceful stop: SIGTERM ({@code Process.destroy()}), the service's shutdown hook runs; returns the exit code. */
    public synchronized int stop() {
        return Processes.terminate(current(), STOP_TIMEOUT);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return current().pid();
    }

    /** The last 60 lines of the service's stdout and stderr, for assertion messages. */
    public String logTail() {
        return Processes.tail(log, 60);
    }

    public Path logFile() {
        return log;
    }

    /** The working directory (relative paths in the env resolve here). */
    public Path workDir() {
        return workDir;
    }

    /** Stops the service if running and deletes its working dir (kept with -Dpvmon.keepTempDirs=true). */
    @Override
    public void close() {
        try {
            if (isAlive()) {
                stop();
            }
        } finally {
            keepLog();
            Processes.deleteTree(workDir);
        }
    }

    /** The service's log outlives its temp dir in target/service-logs/, where the suite's last check reads every log. */
    private void keepLog() {
        try {
            if (Files.exists(log)) {
                Path kept = ProjectDir.resolve("target/service-logs");
                Files.createDirectories(kept);
                Files.copy(log, kept.resolve(workDir.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            // only a test artifact
        }
    }

    private Process current() {
        if (process == null) {
            throw new IllegalStateException("the service was never started: call start()");
        }
        return process;
    }

    private boolean answers200(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
