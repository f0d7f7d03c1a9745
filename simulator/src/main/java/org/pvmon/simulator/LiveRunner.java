package org.pvmon.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live mode: one {@link StationLogger} per station, one reading per station at every interval
 * boundary of the simulated clock, faults applied as the simulated time enters their windows.
 */
final class LiveRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRunner.class);
    private static final int BACKPRESSURE = 1000;

    private final Simulation sim;
    private final SimClock clock;
    private final Duration interval;
    private final List<Station> stations;
    private final List<StationLogger> loggers = new ArrayList<>();
    private final ScheduledExecutorService exec;
    private final Object lock = new Object();
    private volatile boolean stopping;
    private long produced;
    private volatile long lostOffline;

    /** {@code login}: each station's broker and login (one shared login, or the station's own). */
    LiveRunner(Simulation sim, SimClock clock, Duration interval, java.util.function.Function<Station, Options.Broker> login,
               int bufferLimit) {
        this.sim = sim;
        this.clock = clock;
        this.interval = interval;
        this.stations = sim.stations();
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loggers");
            t.setDaemon(true);
            return t;
        });
        for (Station s : stations) {
            loggers.add(new StationLogger(s, login.apply(s), exec, bufferLimit));
        }
    }

    /**
     * Publishes from the first boundary at or after the simulated {@code start} until {@link #stop()}
     * or until the real clock reaches {@code until} (null: forever).
     */
    void run(Instant start, Instant until) throws InterruptedException {
        loggers.forEach(StationLogger::start);
        exec.scheduleWithFixedDelay(this::status, 10, 30, TimeUnit.SECONDS);
        Instant b = TimeArgs.firstBoundary(start, interval, PvModel.ZONE);
        while (!stopping) {
            Instant due = clock.realTimeOf(b);
            if (until != null && due.isAfter(until)) {
                sleepUntil(until);
                break;
            }
            sleepUntil(due);
            if (stopping) {
                break;
            }
            while (!stopping && congested()) {
                sleepUntil(clock.real().instant().plusMillis(20));
            }
            tick(b);
            b = b.plus(interval);
        }
    }

    private void tick(Instant t) {
        for (int i = 0; i < stations.size(); i++) {
            Station s = stations.get(i);
            StationLogger logger = loggers.get(i);
            if (sim.offline(s, t)) {
                logger.kill();
                if (sim.producesReadings(s, t)) {
                    lostOffline++;
                }
                continue;
            }
            if (logger.dead()) {
                logger.start();
            }
            var reading = sim.reading(s, t);
            if (reading.isPresent()) {
                logger.submit(reading.get());
                produced++;
            }
        }
    }

    /** In accelerated mode the simulated clock waits while connected loggers fall behind. */
    private boolean congested() {
        for (StationLogger l : loggers) {
            if (l.connected() && l.backlog() > BACKPRESSURE) {
                return true;
            }
        }
        return false;
    }

    private void status() {
        long connected = loggers.stream().filter(StationLogger::connected).count();
        long alive = loggers.stream().filter(l -> !l.dead()).count();
        LOG.info("simulated time {}: {}/{} loggers connected, {} readings published, {} waiting, {} dropped (buffer full), {} lost (logger offline)",
                clock.now().atZone(PvModel.ZONE).toLocalDateTime().withNano(0), connected, loggers.size(),
                published(), loggers.stream().mapToLong(StationLogger::backlog).sum(),
                loggers.stream().mapToLong(StationLogger::dropped).sum(), lostOffline + loggers.stream().mapToLong(StationLogger::lost).sum());
        if (connected < alive) {
            String error = loggers.stream().filter(l -> !l.connected() && !l.dead()).map(StationLogger::lastError)
                    .filter(e -> e != null).findFirst().orElse("connecting");
            LOG.warn("{} of {} loggers are not connected to the broker ({}); they keep retrying and keep their readings",
                    alive - connected, alive, error);
        }
    }

    long published() {
        return loggers.stream().mapToLong(StationLogger::published).sum();
    }

    long produced() {
        return produced;
    }

    long waiting() {
        return loggers.stream().mapToLong(StationLogger::backlog).sum();
    }

    void stop() {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Gives the loggers a moment to send what they hold, then disconnects them cleanly. */
    void close(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (loggers.stream().anyMatch(l -> l.connected() && l.pending() > 0) && System.nanoTime() < deadline) {
            synchronized (lock) {
                lock.wait(50);
            }
        }
        exec.shutdownNow();
        exec.awaitTermination(5, TimeUnit.SECONDS);
        ExecutorService closer = Executors.newFixedThreadPool(Math.min(16, Math.max(1, loggers.size())));
        loggers.forEach(l -> closer.execute(() -> l.shutdown(3_000)));
        closer.shutdown();
        closer.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void sleepUntil(Instant t) throws InterruptedException {
        synchronized (lock) {
            while (!stopping) {
                long ms = Duration.between(clock.real().instant(), t).toMillis();
                if (ms <= 0) {
                    return;
                }
                lock.wait(Math.min(ms, 1000));
            }
        }
    }
}
