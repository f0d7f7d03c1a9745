package org.pvmon.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code live}: every station is a logger with its own MQTT connection, publishing at interval boundaries. */
@Command(name = "live", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run the fleet's loggers: one MQTT connection per station (client id logger-{id}, "
                + "persistent session, last will 'offline'), one reading per interval boundary.",
                "With --speed N the simulated clock starts at --start and runs N times faster, "
                        + "but never passes the real now; then it runs in real time. Stop with Ctrl-C."})
final class LiveCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveCommand.class);

    @Option(names = "--speed", defaultValue = "1", paramLabel = "N",
            description = "Time acceleration until the simulated clock reaches now (default: ${DEFAULT-VALUE} = real time).")
    double speed;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Simulated start: local date or date-time, e.g. 2026-11-20T06:00 (default: now).")
    String start;

    @Option(names = "--duration", converter = Options.DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long (real time), e.g. 10m (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--buffer", defaultValue = "10000", paramLabel = "N",
            description = "Readings each logger keeps while the broker is unreachable; the oldest are dropped beyond (default: ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Each station's own login, from the CSV of `pvmon loggers issue --all --csv` (instead of --username/--password).")
    Path credentials;

    @Mixin
    Options.Fleet fleet;

    @Mixin
    Options.Broker broker;

    @Mixin
    Options.Run run;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    LiveCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws InterruptedException {
        broker.check();
        List<Station> stations = fleet.load();
        java.util.function.Function<Station, Options.Broker> login = s -> broker;
        if (credentials != null) {
            if (broker.username != null || broker.password != null) {
                throw new UserException("--credentials gives every station its own login: leave out --username and --password");
            }
            Credentials logins = Credentials.read(credentials);
            for (Station s : stations) logins.of(s.id(), credentials); // every station has one, before anything starts
            login = s -> {
                Credentials.Login l = logins.of(s.id(), credentials);
                return broker.withLogin(l.username(), l.password());
            };
        }
        run.check(stations);
        if (!(speed >= 1 && speed <= 1_000_000)) {
            throw new UserException("--speed must be within 1..1000000, is " + speed);
        }
        if (buffer < 1) {
            throw new UserException("--buffer must be at least 1");
        }
        Instant now = clock.instant();
        Instant from = now;
        if (start != null) {
            try {
                from = TimeArgs.instant(start, PvModel.ZONE);
            } catch (IllegalArgumentException e) {
                throw new UserException("--start: " + e.getMessage());
            }
            if (from.isAfter(now)) {
                throw new UserException("--start " + start + " is in the future; the simulator never publishes future readings");
            }
        }
        Simulation sim = new Simulation(stations, fleet.seed, new FaultPlan(run.faults, from));
        LOG.info("computing counters of {} stations up to {}", stations.size(), from.atZone(PvModel.ZONE).toLocalDateTime());
        sim.warmUp(from);
        SimClock simClock = new SimClock(clock, from, speed);
        LiveRunner runner = new LiveRunner(sim, simClock, run.interval, login, buffer);
        LOG.info("live: {} stations, interval {}, speed {}, simulated start {}, broker {}",
                stations.size(), run.interval, speed, from.atZone(PvModel.ZONE).toLocalDateTime(), broker.uri);

        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.stop();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runner.run(from, duration == null ? null : clock.instant().plus(duration));
            runner.close(Duration.ofSeconds(5));
        } finally {
            spec.commandLine().getOut().println("published " + runner.published() + " readings"
                    + (runner.waiting() > 0 ? " (" + runner.waiting() + " not sent)" : ""));
            spec.commandLine().getOut().flush();
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }
}
