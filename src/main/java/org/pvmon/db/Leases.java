package org.pvmon.db;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named leases in the shared database, so that a periodic job (alert evaluation, closing days) runs on one instance at
 * a time: {@link #acquire} takes a free or expired lease, or renews one already held, with one conditional write; every
 * other holder is refused until the lease expires. The database decides, so this holds across instances sharing it.
 *
 * <p>A job {@link #keep keeps} its lease: one thread of this instance ({@code leases}) renews every kept lease it holds,
 * and tries to take every one it does not, each {@link #RENEW_EVERY}, apart from the job's own schedule, so that a job
 * that runs long (closing the days of 100,000 stations) keeps its lease and a short {@link #TTL} is enough. A lease of
 * an instance that died (kill -9, power lost) expires {@link #TTL} after its last renewal and is taken by another
 * instance at its next try: within {@link #TTL} + {@link #RENEW_EVERY} of the death (40 s), on instances whose clocks
 * agree (the expiry is written in the writer's wall-clock time). An instance that stops cleanly releases its leases
 * (taken within {@link #RENEW_EVERY}); one that comes back under the same holder name (its MQTT client id) takes its
 * own lease back at once. A holder counts on its lease only until {@link #MARGIN} before the expiry it wrote, measured
 * on its monotonic clock, so that it stops working before another instance may start (renewals failing because the
 * database is unreachable, a long pause).
 */
public final class Leases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    /** How long a lease lasts after its holder's last renewal. */
    public static final Duration TTL = Duration.ofSeconds(30);
    /** How often the kept leases are renewed (held) or tried (held by another instance, or free). */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    /** A holder stops counting on its lease this long before the expiry it wrote (clocks a little apart, a slow write). */
    public static final Duration MARGIN = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final Clock clock;
    private final LongSupplier nanos;
    private final Workers workers;
    private final boolean scheduled; // false: renewAll is called by hand (tests)
    private final List<Lease> kept = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService keeper; // started with the first kept lease

    /** The Leases in {@code db}'s tables, for {@link #acquire} only ({@link #keep} needs the other constructor). */
    public Leases(Database db) {
        this(db, Clock.systemUTC(), null, null);
    }

    /**
     * The Leases in {@code db}'s tables; expiries are written in {@code clock}'s time (the system clock: it must be the
     * same time on every instance); {@code workers} supervises the renewing thread; {@code metrics} gets
     * {@code pvmon_lease_held{lease}} (1 while this instance holds it, else 0).
     */
    public Leases(Database db, Clock clock, Workers workers, PrometheusRegistry metrics) {
        this(db, clock, System::nanoTime, workers, metrics, true);
    }

    /** On hand-moved clocks, renewed only by {@link #renewAll()} (tests). */
    static Leases byHand(Database db, Clock clock, LongSupplier nanos, PrometheusRegistry metrics) {
        return new Leases(db, clock, nanos, null, metrics, false);
    }

    private Leases(Database db, Clock clock, LongSupplier nanos, Workers workers, PrometheusRegistry metrics, boolean scheduled) {
        this.scheduled = scheduled;
        this.jdbi = db.jdbi();
        this.clock = clock;
        this.nanos = nanos;
        this.workers = workers;
        if (metrics != null) {
            GaugeWithCallback.builder().name("pvmon_lease_held")
                    .help("1 while this instance holds the lease (runs the job), 0 while another instance or none does")
                    .labelNames("lease")
                    .callback(cb -> kept.forEach(l -> cb.call(l.held() ? 1 : 0, l.name())))
                    .register(metrics);
        }
    }

    /**
     * Takes or renews lease {@code name} for {@code holder} until {@code now + ttl}.
     *
     * @return true when {@code holder} holds the lease now; false when another holder's lease has not expired
     */
    public boolean acquire(String name, String holder, Instant now, Duration ttl) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        long nowMs = now.toEpochMilli();
        long until = now.plus(ttl).toEpochMilli();
        int taken = jdbi.withHandle(h -> h.createUpdate("UPDATE leases SET holder = :h, expires_at = :e "
                        + "WHERE name = :n AND (expires_at < :now OR holder = :h)")
                .bind("n", name).bind("h", holder).bind("e", until).bind("now", nowMs).execute());
        if (taken == 1) return true;
        try {
            int inserted = jdbi.withHandle(h -> h.createUpdate("INSERT INTO leases (name, holder, expires_at) "
                            + "SELECT :n, :h, :e WHERE NOT EXISTS (SELECT 1 FROM leases WHERE name = :n)")
                    .bind("n", name).bind("h", holder).bind("e", until).execute());
            return inserted == 1;
        } catch (JdbiException e) {
            if (Database.isUniqueViolation(e)) return false; // another instance inserted the same lease at the same moment: it won
            throw e;
        }
    }

    /** Gives the lease up now if {@code holder} holds it (on shutdown, so another instance takes over at once). */
    public void release(String name, String holder) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM leases WHERE name = :n AND holder = :h")
                .bind("n", name).bind("h", holder).execute());
    }

    /** The current holder of an unexpired lease {@code name}, if any. */
    public Optional<String> holder(String name, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT holder FROM leases WHERE name = :n AND expires_at >= :now")
                .bind("n", name).bind("now", now.toEpochMilli()).mapTo(String.class).findOne());
    }

    /**
     * Keeps trying to hold lease {@code name} as {@code holder}, now and every {@link #RENEW_EVERY}, until the returned
     * lease is {@link Lease#close closed}; the job asks {@link Lease#held()} before (and during) its work.
     */
    public synchronized Lease keep(String name, String holder) {
        if (scheduled && workers == null) throw new IllegalStateException("these Leases only acquire: keeping needs the Workers");
        Lease lease = new Lease(name, holder);
        kept.add(lease);
        lease.renew();
        if (scheduled && keeper == null) {
            keeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "leases");
                t.setDaemon(true);
                return t;
            });
            keeper.scheduleWithFixedDelay(workers.periodic("leases", this::renewAll), RENEW_EVERY.toMillis(),
                    RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return lease;
    }

    /** Renews or tries every kept lease once (what the {@code leases} thread does every {@link #RENEW_EVERY}). */
    void renewAll() {
        kept.forEach(Lease::renew);
    }

    /** Stops renewing and releases every lease still kept. */
    @Override
    public synchronized void close() {
        for (Lease l : kept) l.close();
        if (keeper != null) {
            keeper.shutdownNow();
            keeper = null;
        }
    }

    /** A lease a job of this instance keeps; {@link #held()} says whether the job may run now. */
    public final class Lease implements AutoCloseable {
        private final String name;
        private final String holder;
        private volatile long heldUntil; // System.nanoTime() until which this instance counts on it
        private volatile boolean held;   // as of the last try, for the log's transitions
        private volatile boolean closed;

        private Lease(String name, String holder) {
            this.name = Objects.requireNonNull(name, "name");
            this.holder = Objects.requireNonNull(holder, "holder");
        }

        public String name() {
            return name;
        }

        /** True while this instance holds the lease: renewed less than {@link #TTL} - {@link #MARGIN} ago. */
        public boolean held() {
            return !closed && held && nanos.getAsLong() - heldUntil < 0;
        }

        /** One renewal or try; a database error keeps what was held until it runs out. */
        private synchronized void renew() {
            if (closed) return;
            long start = nanos.getAsLong();
            boolean ok;
            try {
                ok = acquire(name, holder, clock.instant(), TTL);
            } catch (RuntimeException e) {
                if (held()) {
                    log.warn("could not renew the lease '{}' (held until {} s from now unless renewed): {}", name,
                            (heldUntil - nanos.getAsLong()) / 1_000_000_000L, e.toString());
                } else {
                    log.warn("could not try the lease '{}': {}", name, e.toString());
                }
                return;
            }
            boolean before = held;
            if (ok) heldUntil = start + TTL.minus(MARGIN).toNanos();
            held = ok;
            if (ok && !before) log.info("this instance ({}) holds the lease '{}' now", holder, name);
            if (!ok && before) log.warn("the lease '{}' is another instance's now; this instance ({}) stops its job", name, holder);
        }

        /** Stops keeping the lease and releases it, so that another instance takes it at its next try. */
        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            kept.remove(this);
            if (!held) return;
            held = false;
            try {
                release(name, holder);
            } catch (RuntimeException e) {
                log.warn("could not release the lease '{}' (it expires by itself within {}): {}", name, TTL, e.toString());
            }
        }
    }
}
