package org.pvmon.alerting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pvmon.alerts.AlertEvaluator;
import org.pvmon.alerts.DataGap;
import org.pvmon.alerts.Evaluation;
import org.pvmon.alerts.StationInput;
import org.pvmon.ingest.Arrivals;
import org.pvmon.db.Leases;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the alerts up to date: every {@code evaluateEvery} (AlertRules, default 1 min) it evaluates the rules over the
 * fleet at the injected clock's instant and applies the result to the {@link AlertBook}. Only the instance holding the
 * {@code alert-evaluation} lease evaluates ({@link Leases#keep}: renewed apart from the runs, taken over within 40 s of
 * its holder's death), so several instances sharing one database do not double-fire; the alert book's unique index and
 * transactions make even a concurrent {@link #evaluateNow} harmless. A failed run is logged and the schedule goes on.
 * A scheduled run waits while ingest is catching up on old readings ({@link Arrivals#catchingUpSince});
 * {@link #evaluateNow} (the operator's) never waits.
 */
public final class AlertMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertMonitor.class);
    static final String LEASE = "alert-evaluation";

    private final FleetInputs inputs;
    private final AlertEvaluator evaluator;
    private final AlertBook book;
    private final Leases leases;
    private final Clock clock;
    private final Supplier<Arrivals> arrivals;
    private final Workers workers;
    private Arrivals lastArrivals;
    private List<DataGap> lastGaps = List.of();
    private ScheduledExecutorService executor;
    private Leases.Lease lease;

    /**
     * {@code arrivals}: ingest's counts of readings received and late, to wait while ingest is catching up;
     * {@code workers}: supervises the schedule.
     */
    public AlertMonitor(FleetInputs inputs, AlertEvaluator evaluator, AlertBook book, Leases leases, Clock clock,
                 Supplier<Arrivals> arrivals, Workers workers) {
        this.arrivals = arrivals;
        this.workers = workers;
        this.inputs = inputs;
        this.evaluator = evaluator;
        this.book = book;
        this.leases = leases;
        this.clock = clock;
    }

    /** Starts evaluating every {@code evaluateEvery}, the first time one period from now, as lease holder {@code holder}. */
    public synchronized void start(String holder) {
        if (executor != null) throw new IllegalStateException("already started");
        this.lease = leases.keep(LEASE, holder);
        Duration every = evaluator.rules().evaluateEvery();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-evaluation");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(workers.periodic(LEASE, this::tick), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("alert evaluation every {} (lease '{}' as {})", every, LEASE, holder);
    }

    /**
     * One scheduled run: evaluate and apply when this instance holds the lease. A failure is logged and the next period
     * tries again; an unexpected error goes to the supervisor ({@link Workers}), which keeps the schedule running.
     */
    void tick() {
        try {
            Arrivals a = arrivals.get();
            Arrivals before = lastArrivals;
            lastArrivals = a;
            if (before != null && a.catchingUpSince(before)) {
                log.info("alert evaluation deferred: ingest is catching up ({} of the {} readings received since the last "
                        + "run were more than {} min old)", a.late() - before.late(), a.received() - before.received(),
                        Arrivals.LATE_AFTER_MINUTES);
                return;
            }
            if (!lease.held()) {
                log.debug("alert evaluation skipped: another instance holds the lease");
                return;
            }
            Outcome o = evaluateNow();
            AlertBook.Changes c = o.changes();
            List<DataGap> gaps = o.evaluation().gaps();
            if (!gaps.equals(lastGaps)) {
                for (DataGap g : gaps) {
                    log.warn("no readings from {} of the stations of {} since {}: a gap in the data, not {} faults (no OFFLINE "
                            + "alerts for them while it lasts)", g.stations().size(), g.area(), g.since(), g.stations().size());
                }
                if (gaps.isEmpty()) log.info("readings arrive again from the stations of the data gaps {}", lastGaps);
                lastGaps = gaps;
            }
            if (!c.opened().isEmpty() || !c.resolved().isEmpty()) {
                log.info("alerts: {} opened {}, {} resolved {}", c.opened().size(), c.opened(), c.resolved().size(), c.resolved());
            }
        } catch (RuntimeException e) {
            log.warn("alert evaluation failed; trying again next period: {}", e.toString(), e);
        }
    }

    /** An evaluation and what applying it changed. */
    public record Outcome(Evaluation evaluation, AlertBook.Changes changes) {
    }

    /** Evaluates the fleet now and applies the result (the operator's "re-evaluate now"; also each scheduled run). */
    public Outcome evaluateNow() {
        Evaluation e = evaluate();
        return new Outcome(e, book.apply(e));
    }

    /** The rules evaluated over the fleet now, not applied (the live view). */
    public Evaluation evaluate() {
        Instant now = clock.instant();
        List<StationInput> fleet = inputs.at(now);
        return evaluator.evaluate(now, fleet, inputs.peerHistory(now, fleet));
    }

    /**
     * The rules evaluated as they would have run at {@code at}, a past instant, on the readings stored before it; not
     * applied (nothing is stored or notified). What a trainer shows ("no OFFLINE at night, one after sunrise") and
     * what a support engineer checks ("why did it not fire at 07:00?").
     */
    public Evaluation evaluateAt(Instant at) {
        return evaluator.evaluate(at, inputs.asOf(at));
    }

    /** Stops the schedule and gives the lease up, so another instance takes over at once. */
    @Override
    public synchronized void close() {
        if (executor == null) return;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) log.warn("alert evaluation did not stop within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.close();
        executor = null;
    }
}
