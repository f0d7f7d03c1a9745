package org.pvmon.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pvmon.energy.EnergyReport;
import org.pvmon.ingest.Reading;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.store.ReadingPoint;
import org.pvmon.store.Readings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the fleet overview shows, kept in memory so that its calls do not read raw readings from InfluxDB per request:
 * each station's latest reading, and every station's energy of today and of this month so far.
 *
 * <p>Sources: a background refresh every {@code period} (one thread, off the request path) and this instance's own
 * ingest. Each reading this instance makes durable updates the station's latest reading at once (a map put on the
 * batch writer's thread). Several instances share the readings (one subscription group), so readings another
 * instance stored reach this one only through the refresh: they are at most one period (plus the refresh's own
 * duration) late here. The refresh reads the latest readings since the previous refresh (a short time range; every
 * {@value #FULL_LATEST_EVERY}th refresh the full 30 days again, which also catches a late reading another instance
 * stored with an older time), today's energy of every station (the same {@link StationEnergy} computation a request
 * would make), and the month's energy every {@value #MONTH_EVERY} periods, or at the next refresh when this
 * instance stored a late reading of an earlier day of the month. An energy snapshot is never recomputed sooner than
 * {@value #DUTY} times its own computing time after the last one, so on a fleet whose readings take long to read the
 * snapshots get older rather than the refresh reading InfluxDB back to back.
 *
 * <p>Energy snapshots are the exact answer as of their refresh. Served only for the same range (today, resp. the
 * month up to today), for every current station, while not older than {@link #maxAge}; and when this instance has
 * stored readings of that range since the snapshot was read, only if computing it afresh is slow (the last refresh
 * took at least {@code liveBelow}), so a small fleet always gets fresh numbers and a large one gets numbers at most
 * a period (month: {@value #MONTH_EVERY} periods) old. Until the first refresh has read them, callers compute from
 * InfluxDB as before ({@code null} here): correct, only slow.
 */
final class FleetState implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetState.class);
    /** Every this many refreshes the latest readings are read over the full lookback instead of since the last one. */
    static final int FULL_LATEST_EVERY = 10;
    /** The month's energy is computed again every this many refresh periods. */
    static final int MONTH_EVERY = 10;
    /** A snapshot is not computed again sooner than this many times its computing time after the last one. */
    static final int DUTY = 10;
    /** How far before the previous refresh a follow-up read of the latest readings starts (clock skew, slow writes). */
    private static final Duration OVERLAP = Duration.ofMinutes(2);

    private final StationDirectory stations;
    private final Readings readings;
    private final StationEnergy energy;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration period;
    private final Duration liveBelow;
    private final Map<String, ReadingPoint> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-state-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean latestRead;
    private volatile Snapshot today;
    private volatile Snapshot month;
    /** Start of the local day / month the snapshots are for: readings at or after it make them out of date. */
    private volatile Instant todayStart = Instant.MAX;
    private volatile Instant monthStart = Instant.MAX;
    private volatile boolean todayStale;
    private volatile boolean monthStale;
    private volatile boolean lateForMonth;
    private Instant lastLatestRead; // refresh thread only
    private long refreshes; // refresh thread only

    /**
     * Every station's energy over [from, to] as of {@code at} (the service clock), and when ({@link System#nanoTime})
     * computing it started and how long it took: the refresh's cadence runs on elapsed time, not on the clock.
     */
    record Snapshot(LocalDate from, LocalDate to, Instant at, long startNanos, Duration took, Map<String, EnergyReport> reports) {
    }

    FleetState(StationDirectory stations, Readings readings, StationEnergy energy, Clock clock, ZoneId zone, Duration period,
               Duration liveBelow) {
        this.stations = stations;
        this.readings = readings;
        this.energy = energy;
        this.clock = clock;
        this.zone = zone;
        this.period = period;
        this.liveBelow = liveBelow;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::refresh, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A reading this instance made durable: the station's latest if newer. Ingest's hot path: a map update and two flags. */
    void accept(Reading r) {
        ReadingPoint p = new ReadingPoint(r.station(), r.time().truncatedTo(ChronoUnit.MILLIS), r.powerKw(), r.energyKwh(),
                r.state(), r.faultCode(), r.moduleTempC(), r.irradianceWm2());
        offer(p);
        if (p.time().isBefore(monthStart)) return;
        if (!monthStale) monthStale = true;
        if (p.time().isBefore(todayStart)) {
            if (!lateForMonth) lateForMonth = true;
        } else if (!todayStale) {
            todayStale = true;
        }
    }

    private void offer(ReadingPoint p) {
        latest.merge(p.station(), p, (old, nu) -> nu.time().isBefore(old.time()) ? old : nu);
    }

    /** Every station's latest reading (within {@link Readings#LATEST_LOOKBACK}), or null until the first refresh read them. */
    Map<String, ReadingPoint> latest() {
        return latestRead ? latest : null;
    }

    /** Every listed station's energy over [from, to] from a snapshot, or {@code compute} when none fits (see the class). */
    Map<String, EnergyReport> daily(List<Station> all, LocalDate from, LocalDate to, Supplier<Map<String, EnergyReport>> compute) {
        Snapshot t = today;
        if (usable(t, from, to, all, todayStale, period)) return t.reports();
        Snapshot m = month;
        if (usable(m, from, to, all, monthStale, period.multipliedBy(MONTH_EVERY))) return m.reports();
        return compute.get();
    }

    private boolean usable(Snapshot s, LocalDate from, LocalDate to, List<Station> all, boolean stale, Duration every) {
        if (s == null || !s.from().equals(from) || !s.to().equals(to)) return false;
        Duration age = maxAge(every).plus(s.took().multipliedBy(2L * DUTY)); // a slow snapshot is refreshed less often
        if (s.at().isBefore(clock.instant().minus(age))) return false; // the refresh keeps failing
        if (stale && s.took().compareTo(liveBelow) < 0) return false; // cheap to compute afresh, so be exact
        for (Station st : all) if (!s.reports().containsKey(st.id())) return false; // a station added since
        return true;
    }

    /**
     * A snapshot is computed again when it is for another day, or {@code every} has passed since it, but never sooner
     * than {@value #DUTY} times its own computing time after it: a large fleet's snapshot gets older instead of the
     * refresh reading InfluxDB back to back (at most 1/{@value #DUTY} of the time).
     */
    private static boolean due(Snapshot s, LocalDate day, Duration every) {
        if (s == null || !s.to().equals(day)) return true;
        return System.nanoTime() - s.startNanos() >= every.toNanos() - every.toNanos() / 10 && spent(s); // 10 %: timer jitter
    }

    private static boolean spent(Snapshot s) {
        return s == null || System.nanoTime() - s.startNanos() >= s.took().toNanos() * DUTY;
    }

    /** Snapshots older than this (the refresh failed repeatedly) are not served: the request reads InfluxDB. */
    static Duration maxAge(Duration every) {
        return every.multipliedBy(3).plusMinutes(5);
    }

    /** One refresh; never throws (a failure is logged and the previous state stays). */
    void refresh() {
        Instant started = clock.instant();
        try {
            boolean full = lastLatestRead == null || refreshes % FULL_LATEST_EVERY == 0;
            Map<String, ReadingPoint> read = full ? readings.latest(null) : readings.latestSince(lastLatestRead.minus(OVERLAP));
            read.values().forEach(this::offer);
            if (full) {
                Instant cutoff = started.minus(Readings.LATEST_LOOKBACK);
                latest.entrySet().removeIf(e -> !read.containsKey(e.getKey()) && e.getValue().time().isBefore(cutoff));
            }
            lastLatestRead = started;
            latestRead = true;

            LocalDate day = LocalDate.ofInstant(started, zone);
            LocalDate first = day.withDayOfMonth(1);
            todayStart = day.atStartOfDay(zone).toInstant();
            monthStart = first.atStartOfDay(zone).toInstant();
            List<Station> all = stations.all();
            Snapshot t = today;
            if (due(t, day, period)) {
                todayStale = false;
                long t0 = System.nanoTime();
                Map<String, EnergyReport> todays = energy.daily(all, day, day);
                today = new Snapshot(day, day, started, t0, Duration.ofNanos(System.nanoTime() - t0), todays);
            }

            Snapshot m = month;
            if (due(m, day, period.multipliedBy(MONTH_EVERY)) || lateForMonth && spent(m)) {
                monthStale = false;
                lateForMonth = false;
                long t1 = System.nanoTime();
                Map<String, EnergyReport> months = energy.daily(all, first, day);
                month = new Snapshot(first, day, started, t1, Duration.ofNanos(System.nanoTime() - t1), months);
            }
            log.debug("Fleet state refreshed in {} ms ({} latest readings read)", Duration.between(started, clock.instant()).toMillis(), read.size());
        } catch (RuntimeException e) {
            log.warn("Fleet state refresh failed (the overview keeps the previous state): {}", e.getMessage());
        } finally {
            refreshes++;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
