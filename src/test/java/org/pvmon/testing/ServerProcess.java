package org.pvmon.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A real server the tests start as a child process (mosquitto, influxd): its own temp dir with the rendered config and
 * a log, start (again: same ports and data), graceful stop, SIGKILL, and cleanup. Subclasses say how to launch it
 * and how to tell it is ready.
 */
abstract class ServerProcess<S extends ServerProcess<S>> implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final Path log;
    private final Duration readyTimeout;
    private final Duration stopTimeout;
    private Process process;
    private int starts;

    ServerProcess(String name, Path dir, Duration readyTimeout, Duration stopTimeout) {
        this.name = name;
        this.dir = dir;
        this.log = dir.resolve(name + ".log");
        this.readyTimeout = readyTimeout;
        this.stopTimeout = stopTimeout;
    }

    /** The command line, with its working dir and environment. */
    abstract ProcessBuilder command();

    /** True once the server answers. */
    abstract boolean ready();

    /** What to call it in messages, e.g. "mosquitto on port 1883". */
    abstract String describe();

    @SuppressWarnings("unchecked")
    public synchronized S start() {
        if (isRunning()) throw new IllegalStateException(describe() + " is already running");
        Processes.appendLine(log, "=== pvmon harness: start #" + (++starts) + " ===");
        process = Processes.start(command(), log);
        Callable<Boolean> probe = this::ready;
        Processes.awaitReady(describe(), process, readyTimeout, probe, log);
        return (S) this;
    }

    /** Graceful stop: SIGTERM (the server saves its state), then waits for the exit. */
    public synchronized void stop() {
        if (isRunning()) Processes.terminate(process, stopTimeout);
    }

    /** Crash: SIGKILL, no chance to save anything. */
    public synchronized void kill9() {
        if (isRunning()) Processes.kill9(process);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's temp dir: rendered config, data, log. */
    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return log;
    }

    public String logTail() {
        return Processes.tail(log, 40);
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
}
