package org.pvmon.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backfill}: publishes every reading of a past time range, as fast as the broker accepts. */
@Command(name = "backfill", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Publish every reading of a past time range for all stations, in time order, "
                + "as fast as the broker acknowledges them (one connection, QoS1).",
                "FROM is inclusive, TO exclusive; both are local (Asia/Shanghai) dates yyyy-MM-dd (midnight) "
                        + "or date-times yyyy-MM-ddTHH:mm[:ss], or with an offset. TO is capped at now."})
final class BackfillCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillCommand.class);

    @Option(names = "--from", required = true, paramLabel = "FROM", description = "Start (inclusive), e.g. 2026-11-15.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TO", description = "End (exclusive), e.g. 2026-11-22.")
    String to;

    @Option(names = "--max-in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Most unacknowledged messages at a time, capped by the broker's Receive Maximum "
                    + "(mosquitto: max_inflight_messages, default 20) (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Mixin
    Options.Fleet fleet;

    @Mixin
    Options.Broker broker;

    @Mixin
    Options.Run run;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    BackfillCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws InterruptedException {
        broker.check();
        List<Station> stations = fleet.load();
        run.check(stations);
        Instant start = parse("--from", from);
        Instant end = parse("--to", to);
        Instant now = clock.instant();
        if (end.isAfter(now)) {
            LOG.info("--to {} is in the future: stopping at now ({})", to, local(now));
            end = now.plusMillis(1);
        }
        if (!end.isAfter(start)) {
            throw new UserException("--from must be before --to (and before now)");
        }
        if (maxInFlight < 1) {
            throw new UserException("--max-in-flight must be at least 1");
        }
        Duration interval = run.interval;
        Simulation sim = new Simulation(stations, fleet.seed, new FaultPlan(run.faults, start));
        Instant first = TimeArgs.firstBoundary(start, interval, PvModel.ZONE);
        long total = count(sim, stations, first, end, interval);
        LOG.info("backfill {} .. {} (exclusive, Asia/Shanghai), {} stations, interval {}: {} readings",
                local(start), local(end), stations.size(), interval, total);
        if (start.isBefore(now.minus(Duration.ofDays(400)))) {
            LOG.warn("readings older than 400 days are rejected by the pvmon service (ingest.max-age-days)");
        }
        sim.warmUp(first);

        long published;
        String error;
        try (BackfillPublisher publisher = new BackfillPublisher(broker, "pvmon-sim-backfill-" + UUID.randomUUID(), maxInFlight)) {
            publisher.connect(broker.uri);
            Progress progress = new Progress(total, System.err, System.console() != null, System::nanoTime);
            boolean ok = true;
            outer:
            for (Instant t = first; t.isBefore(end); t = t.plus(interval)) {
                for (Station s : stations) {
                    Optional<Reading> r = sim.reading(s, t);
                    if (r.isPresent() && !publisher.publish(s.readingTopic(), r.get().toJson())) {
                        ok = false;
                        break outer;
                    }
                    progress.update(publisher.acked());
                }
            }
            if (ok) {
                publisher.awaitAll(Duration.ofSeconds(60));
            }
            published = publisher.acked();
            progress.finish(published);
            error = publisher.error();
        }
        spec.commandLine().getOut().println("published " + published + " readings");
        spec.commandLine().getOut().flush();
        if (published != total) {
            spec.commandLine().getErr().println("error: only " + published + " of " + total
                    + " readings were acknowledged by the broker" + (error != null ? ": " + error : "")
                    + " (a rerun is harmless: a resent reading overwrites itself)");
            return 1;
        }
        return 0;
    }

    private static long count(Simulation sim, List<Station> stations, Instant first, Instant end, Duration interval) {
        long n = 0;
        for (Instant t = first; t.isBefore(end); t = t.plus(interval)) {
            for (Station s : stations) {
                if (sim.producesReadings(s, t) && !sim.offline(s, t)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Object local(Instant t) {
        return t.atZone(PvModel.ZONE).toLocalDateTime();
    }

    private static Instant parse(String option, String value) {
        try {
            return TimeArgs.instant(value, PvModel.ZONE);
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }
}
