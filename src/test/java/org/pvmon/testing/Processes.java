package org.pvmon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Shared plumbing for the harness: a registry of live child processes destroyed by one JVM shutdown
 * hook (so no broker or service outlives a crashed or interrupted test run), log tails, templates,
 * temp directories.
 */
final class Processes {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::destroyAll, "pvmon-testing-process-reaper"));
    }

    private Processes() {
    }

    /** Starts the process with stdout and stderr appended to {@code log}, and registers it. */
    static Process start(ProcessBuilder builder, Path log) {
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return startRegistered(builder, log);
    }

    /** Starts a process whose redirections the caller has set, and registers it. */
    static Process startRegistered(ProcessBuilder builder, Path log) {
        builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        try {
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenAccept(LIVE::remove);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command() + " (log: " + log + ")", e);
        }
    }

    /** SIGTERM (Process.destroy on Linux), wait, then SIGKILL if it did not exit; returns the exit code. */
    static int terminate(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("pid " + process.pid() + " ignored SIGTERM for " + grace
                        + " and was killed with SIGKILL");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping pid " + process.pid(), e);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux: kill(pid, SIGKILL)), wait; returns the exit code (137). */
    static int kill9(Process process) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 10 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing pid " + process.pid(), e);
        }
    }

    private static void destroyAll() {
        for (Process process : LIVE) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process process : LIVE) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Polls {@code probe} until it returns true; fails fast if the process exits meanwhile, and on
     * failure or timeout throws with the tail of the process's log.
     */
    static void awaitReady(String what, Process process, Duration timeout, Callable<Boolean> probe, Path log) {
        try {
            Awaitility.await(what)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(what + ": process exited with code " + process.exitValue());
                        }
                        return probe.call();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(what + ": not ready after " + timeout + ". Last lines of " + log + ":"
                    + System.lineSeparator() + tail(log, 40), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + ". Last lines of " + log + ":"
                    + System.lineSeparator() + tail(log, 40), e);
        }
    }

    /** The last {@code lines} lines of a log file ("" if it does not exist). */
    static String tail(Path log, int lines) {
        if (!Files.exists(log)) {
            return "";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            Deque<String> last = new ArrayDeque<>(all.subList(Math.max(0, all.size() - lines), all.size()));
            return String.join(System.lineSeparator(), last);
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Reads a template, replaces each {@code {{KEY}}}, and fails if a placeholder is left over. */
    static String render(Path template, Map<String, String> values) {
        String text;
        try {
            text = Files.readString(template, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            text = text.replace("{{" + entry.getKey() + "}}", entry.getValue());
        }
        int left = text.indexOf("{{");
        if (left >= 0) {
            int end = text.indexOf("}}", left);
            throw new IllegalStateException(template + " has a placeholder the harness does not fill: "
                    + text.substring(left, end < 0 ? Math.min(text.length(), left + 40) : end + 2));
        }
        return text;
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir", e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Deletes a directory tree, unless -Dpvmon.keepTempDirs=true (to inspect logs and data). */
    static void deleteTree(Path dir) {
        if (Boolean.getBoolean("pvmon.keepTempDirs") || dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir must not fail a test
        }
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path executable(String envVar, String defaultPath, String debianPackage) {
        String configured = System.getenv(envVar);
        Path path = Path.of(configured == null || configured.isBlank() ? defaultPath : configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " not found: install the Debian package `" + debianPackage
                    + "` (scripts/test.sh does) or set " + envVar + " to the binary");
        }
        return path;
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
