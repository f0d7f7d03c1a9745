package org.pvmon.workers;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises the service's long-lived workers, so that none dies silently. An unexpected {@link Throwable} (one the
 * worker does not handle itself) is logged and counted in {@code pvmon_worker_failures_total{worker}}, then:
 * <ul>
 * <li>a periodic task ({@link #periodic}) goes on at its next run: it never throws, so its
 *     {@link java.util.concurrent.ScheduledExecutorService} does not cancel it (which it does, silently, to a periodic
 *     task that throws);</li>
 * <li>a worker thread ({@link #thread}) runs its loop again after {@link #RESTART_DELAY}; after more than
 *     {@link #MAX_FAILURES} failures within {@link #FAILURE_WINDOW} it is given up: it ends and is listed by
 *     {@link #dead()}, which fails {@code /health/live} so that systemd or Kubernetes restarts the process;</li>
 * <li>a {@link VirtualMachineError} (out of memory, stack overflow, internal error) ends the process at once with
 *     status {@value #EXIT_STATUS}, as {@code -XX:+ExitOnOutOfMemoryError} does: the JVM cannot be trusted to go on,
 *     and a fresh process replays what is not yet durable (the spool, the broker's unacknowledged messages).</li>
 * </ul>
 * Built once by {@code App} and handed to the capabilities that own the workers.
 */
public final class Workers {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    /** The exit status when the JVM cannot go on: the one {@code -XX:+ExitOnOutOfMemoryError} uses. */
    public static final int EXIT_STATUS = 3;
    /** A worker thread failing more often than this within {@link #FAILURE_WINDOW} is given up. */
    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);
    /** The pause before a failed worker thread runs its loop again (no hot loop on a persistent failure). */
    static final Duration RESTART_DELAY = Duration.ofSeconds(1);

    /** Ends the process; production halts the JVM (no shutdown hooks: they may hang in a JVM out of memory). */
    @FunctionalInterface
    public interface Exit {
        void exit(int status);
    }

    /** A worker that must run and was not restarted: its name, since when, and the failure that ended it. */
    public record Dead(String worker, Instant since, String error) {
    }

    private final Counter failures;
    private final Exit exit;
    private final Map<String, Dead> dead = new ConcurrentHashMap<>();

    /** Counts failures on {@code metrics}; exits the process by halting the JVM. */
    public Workers(PrometheusRegistry metrics) {
        this(metrics, status -> Runtime.getRuntime().halt(status));
    }

    /** With the way the process ends replaced ({@code exit}), for tests. */
    Workers(PrometheusRegistry metrics, Exit exit) {
        this.exit = exit;
        this.failures = Counter.builder().name("pvmon_worker_failures_total")
                .help("Unexpected failures of the service's long-lived workers (each restarted, or its schedule kept running), by worker")
                .labelNames("worker").register(metrics);
    }

    /**
     * {@code task} as a periodic task named {@code worker} that never throws: an unexpected failure is logged and
     * counted and the schedule goes on (a {@link VirtualMachineError} ends the process).
     */
    public Runnable periodic(String worker, Runnable task) {
        failures.labelValues(worker); // shown as 0 from the start
        return () -> {
            try {
                task.run();
            } catch (VirtualMachineError e) {
                cannotGoOn(worker, e);
            } catch (Throwable t) {
                failed(worker, t, "its schedule goes on");
            }
        };
    }

    /**
     * A thread named {@code worker} (not started) that runs {@code loop} until it returns (the worker was asked to
     * stop); when it throws, the failure is logged and counted and {@code loop} runs again on the same thread after
     * {@link #RESTART_DELAY}, unless it failed too often ({@link #dead()}) or the JVM cannot go on (the process ends).
     * {@code loop} must keep what it has not finished in fields, so that it picks up where it failed.
     */
    public Thread thread(String worker, Runnable loop) {
        failures.labelValues(worker);
        return new Thread(() -> supervise(worker, loop), worker);
    }

    private void supervise(String worker, Runnable loop) {
        Deque<Long> recent = new ArrayDeque<>(); // when it failed (System.nanoTime), within the window
        while (true) {
            try {
                loop.run();
                return; // asked to stop
            } catch (VirtualMachineError e) {
                cannotGoOn(worker, e);
                return;
            } catch (Throwable t) {
                long now = System.nanoTime();
                recent.addLast(now);
                while (now - recent.peekFirst() > FAILURE_WINDOW.toNanos()) recent.removeFirst();
                boolean givenUp = recent.size() > MAX_FAILURES;
                failed(worker, t, givenUp ? "failed " + recent.size() + " times within " + FAILURE_WINDOW
                        + ": given up, /health/live fails until the process is restarted" : "restarting in " + RESTART_DELAY);
                if (givenUp) {
                    dead.put(worker, new Dead(worker, Instant.now(), t.toString()));
                    return;
                }
                try {
                    Thread.sleep(RESTART_DELAY.toMillis());
                } catch (InterruptedException e) {
                    return; // asked to stop while waiting
                }
            }
        }
    }

    /** Logs and counts a failure that is not the JVM's; {@code next}: what happens now. */
    private void failed(String worker, Throwable t, String next) {
        failures.labelValues(worker).inc();
        log.error("worker {} failed unexpectedly; {}", worker, next, t);
    }

    /** Ends the process (caught first, before anything allocates: out of memory, even logging may fail). */
    private void cannotGoOn(String worker, VirtualMachineError e) {
        try {
            log.error("worker {} failed: {}; the JVM cannot go on, exiting with status {}", worker, e, EXIT_STATUS);
        } finally {
            exit.exit(EXIT_STATUS); // does not return in production
        }
    }

    /** The workers that must run but were given up, by name (empty: every worker is running or restarting). */
    public Map<String, Dead> dead() {
        return new TreeMap<>(dead);
    }
}
