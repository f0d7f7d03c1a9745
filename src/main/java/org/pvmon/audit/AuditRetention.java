package org.pvmon.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pvmon.audit.AuditLog.Purged;
import org.pvmon.db.Leases;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's daily work, on the instance holding the {@value #LEASE} lease: verify the whole chain, delete the
 * entries older than the days to keep ({@link AuditLog#purge()}), and log the head (last entry and its hash), a line
 * worth keeping off this machine: it proves later that the entries up to it were not cut or rewritten. A broken chain
 * is logged as an error and nothing is purged.
 */
public final class AuditRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    static final String LEASE = "audit-retention";
    private static final Duration EVERY = Duration.ofDays(1);
    /** After the start, so that the walk over the chain does not add to it. */
    private static final Duration FIRST_AFTER = Duration.ofMinutes(5);

    private final AuditLog audit;
    private final Leases leases;
    private final Clock clock;
    private final Workers workers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, LEASE);
        t.setDaemon(true);
        return t;
    });
    private volatile String holder;

    public AuditRetention(AuditLog audit, Leases leases, Clock clock, Workers workers) {
        this.audit = audit;
        this.leases = leases;
        this.clock = clock;
        this.workers = workers;
    }

    /** Runs the daily work from a few minutes from now, as lease holder {@code holder}. */
    public void start(String holder) {
        this.holder = holder;
        timer.scheduleWithFixedDelay(workers.periodic(LEASE, this::runOnce), FIRST_AFTER.toMillis(), EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One day's work, if this instance holds the lease (held for a little less than a day). */
    void runOnce() {
        if (!leases.acquire(LEASE, holder, clock.instant(), EVERY.minusHours(1))) {
            log.debug("audit retention skipped: another instance holds the lease");
            return;
        }
        Purged p = audit.purgeIfIntact();
        if (!p.before().intact()) {
            log.error("Audit chain BROKEN at entry {}: {}; nothing purged, the entries are kept as evidence (pvmon audit verify)",
                    p.before().firstBadSeq(), p.before().problem());
            return;
        }
        log.info("Audit chain intact: {} entries, {} older than the days to keep deleted; head: entry {} hash {} "
                + "(anchor: entry {} after hash {})", p.before().entries(), p.deleted(), p.head().lastSeq(), p.head().lastHash(),
                p.head().anchorSeq(), p.head().anchorHash());
    }

    /** Stops the schedule and gives the lease up. */
    @Override
    public void close() {
        timer.shutdownNow();
        String h = holder;
        if (h != null) {
            try {
                leases.release(LEASE, h);
            } catch (RuntimeException e) {
                log.warn("could not release the {} lease: {}", LEASE, e.toString());
            }
        }
    }
}
