package org.pvmon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fleet simulator as a separate OS process: {@code java -jar simulator/target/pvmon-simulator.jar
 * <args>}, stdout and stderr captured to files in a temp dir.
 *
 * <pre>{@code
 * SimulatorProcess.Result result = SimulatorProcess.run(Duration.ofMinutes(2),
 *         "backfill", "--broker", servers.mqttUrl(), "--fleet", fleet, ...);
 * assertThat(result.exitCode()).as(result.stderr()).isZero();
 *
 * try (SimulatorProcess live = SimulatorProcess.start("live", "--broker", url, ...)) { ... }
 * }</pre>
 */
public final class SimulatorProcess implements AutoCloseable {

    static final String JAR = "simulator/target/pvmon-simulator.jar";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** A finished run. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private final List<String> args;
    private final Path dir;
    private final Path stdout;
    private final Path stderr;
    private final Process process;

    private SimulatorProcess(List<String> args) {
        Path jar = ProjectDir.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn -f simulator/pom.xml package` first "
                    + "(scripts/test.sh does)");
        }
        this.args = List.copyOf(args);
        this.dir = Processes.tempDir("pvmon-simulator-");
        this.stdout = dir.resolve("stdout.log");
        this.stderr = dir.resolve("stderr.log");
        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable().toString(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(this.args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectDir.root().toFile());
        builder.redirectOutput(stdout.toFile());
        builder.redirectError(stderr.toFile());
        this.process = Processes.startRegistered(builder, stderr);
    }

    /** Runs the simulator to completion; on timeout it is killed and this throws with its output. */
    public static Result run(Duration timeout, String... args) {
        return run(timeout, List.of(args));
    }

    public static Result run(Duration timeout, List<String> args) {
        try (SimulatorProcess simulator = new SimulatorProcess(args)) {
            return simulator.waitFor(timeout);
        }
    }

    /**
     * Starts the simulator in the background (e.g. {@code live} mode); the working directory is the
     * project root, so relative paths such as {@code simulator/fleets/demo-county.csv} work.
     */
    public static SimulatorProcess start(String... args) {
        return start(List.of(args));
    }

    public static SimulatorProcess start(List<String> args) {
        return new SimulatorProcess(args);
    }

    /** Waits for the exit; on timeout kills the simulator and throws with the tail of its output. */
    public Result waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.kill9(process);
                throw new IllegalStateException("simulator " + args + " did not finish within " + timeout
                        + ". stdout:" + System.lineSeparator() + Processes.tail(stdout, 30)
                        + System.lineSeparator() + "stderr:" + System.lineSeparator() + Processes.tail(stderr, 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the simulator", e);
        }
        return new Result(process.exitValue(), read(stdout), read(stderr));
    }

    /** SIGTERM and wait: returns what it printed and its exit code. */
    public Result stop() {
        if (process.isAlive()) {
            Processes.terminate(process, STOP_TIMEOUT);
        }
        return new Result(process.exitValue(), read(stdout), read(stderr));
    }

    /** Crash the simulator (SIGKILL), as a logger losing power. */
    public int kill9() {
        return Processes.kill9(process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What it has printed to stdout so far. */
    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                Processes.terminate(process, STOP_TIMEOUT);
            }
        } finally {
            Processes.deleteTree(dir);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
