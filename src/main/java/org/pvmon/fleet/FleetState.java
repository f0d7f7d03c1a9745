package org.pvmon.fleet;

import org.pvmon.dayenergy.StationEnergy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pvmon.alerts.AlertRules;
import org.pvmon.energy.DayEnergy;
import org.pvmon.energy.EnergyReport;
import org.pvmon.store.Reading;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.store.Readings;
import org.pvmon.workers.Workers;
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
 *
 * <p><b>Recent readings</b> (for the alert evaluation, {@code alerting.FleetInputs}): every station's readings of the last
 * {@link #WINDOW} in a compact {@link ReadingWindow} each (what the rules read of them: 5-minute power bins, the idle
 * stretch, the newest reading times, and the readings a day's energy needs, thinned once they have settled
 * {@link #MIN_SETTLE} or two refresh periods after their time, so a station costs a few KB at any reporting rate), plus
 * its last reading before the window (the edge the energy of the window's first whole day needs). Fed by this
 * instance's ingest ({@link #accept}, any order), by each refresh (the readings of every station since the previous
 * refresh minus {@link #OVERLAP}, one {@link Readings#rangeAll}, which also updates the latest readings) and by a load
 * of the whole window, a group of stations at a time sized to about {@value #SLICE_ROWS} readings per query (so no
 * InfluxDB query nears the client's timeout however large the fleet, and each station's data is decoded once; each
 * group settles as it is read), at the end of the first refresh and again every
 * {@link #RELOAD_EVERY} (but not sooner than {@value #DUTY} times its own duration after the last). A load builds new
 * windows (the ingest's readings go to both meanwhile) and replaces the old ones when done: the reload picks up
 * readings another instance stored late (older than the overlap), which the refreshes' time range misses. Trimmed and
 * settled at each refresh. Until the first load has completed, {@link #window()} is null and the alert evaluation
 * reads InfluxDB as before.
 *
 * <p><b>Older days' energy</b> ({@link #olderDays}): the alert evaluation's days before the window's, computed
 * through {@link StationEnergy#daily(List, LocalDate, LocalDate)} once per day and kept; a reading that can change
 * them (older than the range's end, or a station's first after it) marks its station, which is computed again at the
 * next call (or by the refresh, which keeps them ready, at most 1/{@value #DUTY} of its time). Yesterday's energy,
 * computed from the window by the caller, is kept per station the same way
 * ({@link #yesterday}).
 */
public final class FleetState implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetState.class);
    /** Every this many refreshes the latest readings are read over the full lookback instead of since the last one. */
    static final int FULL_LATEST_EVERY = 10;
    /** The month's energy is computed again every this many refresh periods. */
    static final int MONTH_EVERY = 10;
    /** A snapshot is not computed again sooner than this many times its computing time after the last one. */
    static final int DUTY = 10;
    /** How far before the previous refresh a follow-up read of the latest readings starts (clock skew, slow writes). */
    private static final Duration OVERLAP = Duration.ofMinutes(2);
    /** How far back each station's readings are kept in memory (the alert rules look at the last two days). */
    static final Duration WINDOW = Duration.ofHours(48);
    /** The window is read again from InfluxDB this often (readings another instance stored late). */
    static final Duration RELOAD_EVERY = Duration.ofHours(1);
    /** About this many readings per query of a window load: a few seconds of InfluxDB 1.6 on a small machine. */
    static final int SLICE_ROWS = 200_000;
    /** Stations in the first query of a window load (later ones are sized from it). */
    private static final int FIRST_GROUP = 50;
    /** Readings settle in the window (are folded and thinned) at least this long after their time. */
    static final Duration MIN_SETTLE = Duration.ofMinutes(30);
    /** Readings this far ahead of the clock are still read into the window (clock skew of loggers). */
    private static final Duration AHEAD = Duration.ofDays(1);

    private final StationDirectory stations;
    private final Readings readings;
    private final StationEnergy energy;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration period;
    private final Duration liveBelow;
    private final AlertRules.Idle idle;
    /** Readings older than this behind the refresh settle in the window (see {@link ReadingWindow}). */
    private final Duration settle;
    private final Workers workers;
    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-state-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean latestRead;
    private volatile Map<String, ReadingWindow> windows = new ConcurrentHashMap<>();
    /** While a load builds a new window: where readings go as well. Both references read and swapped under swapLock. */
    private Map<String, ReadingWindow> loading;
    private final Object swapLock = new Object();
    private volatile boolean windowLoaded;
    private volatile Window loadInfo;
    private long lastLoadStartNanos; // refresh thread only
    private long olderStartNanos; // refresh thread only
    private long olderTookNanos; // refresh thread only
    private final Object olderLock = new Object();
    private OlderDays older; // under olderLock
    private final Map<LocalDate, Map<String, DayEnergy>> olderByDay = new java.util.HashMap<>(); // under olderLock
    private final Watch olderWatch = new Watch();
    private final Watch yesterdayWatch = new Watch();
    private final Map<String, DayEnergy> yesterdays = new ConcurrentHashMap<>();
    private volatile LocalDate yesterday;
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

    /** How the window was loaded: when, in how long, with how many queries, and how many readings it then held. */
    public record Window(Instant at, Duration took, int queries, long readings) {
    }

    private record OlderDays(LocalDate from, LocalDate to, Map<String, List<DayEnergy>> byStation) {
    }

    /**
     * Energy of days up to {@code endMs} (epoch ms) computed from readings and kept: a reading before the end, or a
     * station's first reading at or after it (it closes the gap after the last day), can change the station's days.
     */
    private static final class Watch {
        volatile long endMs = Long.MIN_VALUE;
        final Set<String> dirty = ConcurrentHashMap.newKeySet();

        void see(String station, long ms, ReadingWindow w) {
            long end = endMs;
            if (end != Long.MIN_VALUE && (ms < end || !w.hasIn(end, ms))) dirty.add(station);
        }

        /** From now on for days up to {@code end}, nothing changed yet. */
        void reset(long end) {
            endMs = end;
            dirty.clear();
        }
    }

    /** Days before yesterday that the alert rules get (with yesterday and today, 14 days in all). */
    public static final int OLDER_DAYS_FOR_ALERTS = 12;

    /** The first of the days before yesterday that the alert rules get. */
    public static LocalDate olderFrom(LocalDate today) {
        return today.minusDays(OLDER_DAYS_FOR_ALERTS + 1);
    }

    /** The last of the days before yesterday: the day before it. */
    public static LocalDate olderTo(LocalDate today) {
        return today.minusDays(2);
    }

    /**
     * @param idle the IDLE rule's thresholds: each station's readings are folded into its idle stretch as they settle
     *             ({@link ReadingWindow})
     * @param workers supervises the refresh's schedule
     */
    public FleetState(StationDirectory stations, Readings readings, StationEnergy energy, Clock clock, ZoneId zone, Duration period,
               Duration liveBelow, AlertRules.Idle idle, Workers workers) {
        this.stations = stations;
        this.workers = workers;
        this.readings = readings;
        this.energy = energy;
        this.clock = clock;
        this.zone = zone;
        this.period = period;
        this.liveBelow = liveBelow;
        this.idle = idle;
        // a refresh re-reads readings since the previous one minus the overlap: those must not have settled yet
        Duration twoRefreshes = period.multipliedBy(2).plus(OVERLAP);
        this.settle = twoRefreshes.compareTo(MIN_SETTLE) > 0 ? twoRefreshes : MIN_SETTLE;
    }

    public void start() {
        timer.scheduleWithFixedDelay(workers.periodic("fleet-state-refresh", this::refresh), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A reading this instance made durable: the station's latest if newer. Ingest's hot path: a map update and two flags. */
    public void accept(Reading r) {
        Reading p = r.time().getNano() % 1_000_000 == 0 ? r : new Reading(r.station(), r.time().truncatedTo(ChronoUnit.MILLIS),
                r.powerKw(), r.energyKwh(), r.state(), r.faultCode(), r.moduleTempC(), r.irradianceWm2());
        offer(p);
        store(p.station(), p.time().toEpochMilli(), p.powerKw(), p.energyKwh(), clock.millis() - WINDOW.toMillis());
        if (p.time().isBefore(monthStart)) return;
        if (!monthStale) monthStale = true;
        if (p.time().isBefore(todayStart)) {
            if (!lateForMonth) lateForMonth = true;
        } else if (!todayStale) {
            todayStale = true;
        }
    }

    private void offer(Reading p) {
        latest.merge(p.station(), p, (old, nu) -> nu.time().isBefore(old.time()) ? old : nu);
    }

    /** Puts one reading into its station's window (and the one a load is building); marks its older days when it can change them. */
    private void store(String station, long ms, double powerKw, double energyKwh, long cutoffMs) {
        Map<String, ReadingWindow> now;
        Map<String, ReadingWindow> next;
        synchronized (swapLock) {
            now = windows;
            next = loading;
        }
        ReadingWindow w = now.computeIfAbsent(station, k -> new ReadingWindow(cutoffMs));
        olderWatch.see(station, ms, w);
        yesterdayWatch.see(station, ms, w);
        w.put(ms, powerKw, energyKwh, cutoffMs);
        if (next != null && next != now) next.computeIfAbsent(station, k -> new ReadingWindow(cutoffMs)).put(ms, powerKw, energyKwh, cutoffMs);
    }

    /** Trims every window to {@code cutoffMs} and settles its readings older than {@link #settle} before {@code at}. */
    private void trim(Map<String, ReadingWindow> all, long cutoffMs, Instant at) {
        long settleMs = at.minus(settle).toEpochMilli();
        all.forEach((id, w) -> settle(id, w, cutoffMs, settleMs));
    }

    /** Trims one station's window to {@code cutoffMs} and settles its readings before {@code settleMs}. */
    private void settle(String id, ReadingWindow w, long cutoffMs, long settleMs) {
        Station s = stations.find(id).orElse(null);
        if (s == null) {
            w.trim(cutoffMs); // not a station (any more): nothing to fold it for
        } else {
            w.trim(cutoffMs, settleMs, s.capacityKwp(), idle.powerFraction() * s.capacityKwp(), idle.recoveryReadings(), zone);
        }
    }

    /**
     * Every station's recent readings ({@link #WINDOW} before the last refresh, and the edge before), or null until the
     * window's first load from InfluxDB has completed.
     */
    public Map<String, ReadingWindow> window() {
        return windowLoaded ? windows : null;
    }

    /** The last window load, or null before the first has completed. */
    public Window windowLoad() {
        return loadInfo;
    }

    /** Readings held in the window, and the heap its arrays take (bytes, estimated from their capacity). */
    public long[] windowSize() {
        long n = 0;
        long bytes = 0;
        for (ReadingWindow w : windows.values()) {
            n += w.size();
            bytes += w.bytes() + 100; // + the map entry and the station's key
        }
        return new long[] {n, bytes};
    }

    /**
     * Every listed station's energy of each day of [from, to] (the days before the window's), oldest first, computed with
     * {@link StationEnergy#daily(List, LocalDate, LocalDate)} one day at a time (a day of every station's readings is a
     * query InfluxDB answers well within the client's timeout, where 12 days at 100,000 stations are not) and kept per
     * day: when the range moves on at midnight, one new day is computed. Stations whose readings of those days (or whose
     * first reading after them) arrived since are computed again (see the class).
     */
    public Map<String, List<DayEnergy>> olderDays(List<Station> all, LocalDate from, LocalDate to) {
        synchronized (olderLock) {
            long end = energy.end(to).toEpochMilli();
            if (olderWatch.endMs != end) olderWatch.reset(end); // from here on, readings mark their stations
            olderByDay.keySet().removeIf(d -> d.isBefore(from) || d.isAfter(to));
            boolean changed = older == null || !older.from().equals(from) || !older.to().equals(to);
            List<Station> again = new java.util.ArrayList<>();
            for (Station s : all) if (olderWatch.dirty.contains(s.id())) again.add(s);
            again.forEach(s -> olderWatch.dirty.remove(s.id())); // marked again if another arrives meanwhile
            try {
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) changed |= computeOlder(all, again, d);
            } catch (RuntimeException e) {
                again.forEach(s -> olderWatch.dirty.add(s.id())); // still to do
                throw e;
            }
            if (changed) {
                Map<String, List<DayEnergy>> byStation = new java.util.HashMap<>();
                for (Station s : all) {
                    List<DayEnergy> days = new java.util.ArrayList<>();
                    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                        DayEnergy e = olderByDay.get(d).get(s.id());
                        if (e != null) days.add(e);
                    }
                    byStation.put(s.id(), List.copyOf(days));
                }
                older = new OlderDays(from, to, byStation);
            }
            return older.byStation();
        }
    }

    /** Day {@code d} of the stations it lacks and of {@code again}; true when it computed any. Under olderLock. */
    private boolean computeOlder(List<Station> all, List<Station> again, LocalDate d) {
        Map<String, DayEnergy> day = olderByDay.get(d);
        List<Station> missing = new java.util.ArrayList<>();
        if (day == null) {
            missing.addAll(all);
        } else {
            for (Station s : all) if (!day.containsKey(s.id())) missing.add(s);
            missing.addAll(again);
        }
        if (missing.isEmpty()) return false;
        Map<String, DayEnergy> merged = day == null ? new java.util.HashMap<>() : new java.util.HashMap<>(day);
        energy.daily(missing, d, d).forEach((id, r) -> merged.put(id, r.days().get(0)));
        olderByDay.put(d, merged);
        return true;
    }

    /**
     * A station's energy of {@code day} (yesterday), kept from the last time {@code compute} gave it until a reading
     * that can change it arrives (see {@link Watch}): yesterday's readings stop changing once today has begun.
     * {@code compute} must read the window when called (not before), so a reading arriving meanwhile is not lost.
     */
    public DayEnergy yesterday(String station, LocalDate day, Supplier<DayEnergy> compute) {
        if (!day.equals(yesterday)) {
            synchronized (yesterdays) {
                if (!day.equals(yesterday)) {
                    yesterdayWatch.reset(energy.end(day).toEpochMilli());
                    yesterdays.clear();
                    yesterday = day;
                }
            }
        }
        DayEnergy d = yesterdays.get(station);
        boolean changed = yesterdayWatch.dirty.remove(station); // before computing: a reading after it marks it again
        if (d == null || changed) {
            d = compute.get();
            yesterdays.put(station, d);
        }
        return d;
    }

    /** Every station's latest reading (within {@link Readings#LATEST_LOOKBACK}), or null until the first refresh read them. */
    public Map<String, Reading> latest() {
        return latestRead ? latest : null;
    }

    /** Every listed station's energy over [from, to] from a snapshot, or {@code compute} when none fits (see the class). */
    public Map<String, EnergyReport> daily(List<Station> all, LocalDate from, LocalDate to, Supplier<Map<String, EnergyReport>> compute) {
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

    /**
     * One refresh: a failure is logged and the previous state stays; an unexpected error goes to the supervisor
     * ({@link Workers}), which keeps the schedule running.
     */
    void refresh() {
        Instant started = clock.instant();
        try {
            boolean full = lastLatestRead == null || refreshes % FULL_LATEST_EVERY == 0;
            long windowCutoff = started.minus(WINDOW).toEpochMilli();
            int since = 0;
            if (lastLatestRead != null) { // every reading since the previous refresh: the window's, and the latest
                for (Reading p : readings.rangeAll(lastLatestRead.minus(OVERLAP), started.plus(AHEAD))) {
                    offer(p);
                    store(p.station(), p.time().toEpochMilli(), p.powerKw(), p.energyKwh(), windowCutoff);
                    since++;
                }
            }
            if (full) {
                Map<String, Reading> read = readings.latestOf(stations.all().stream().map(Station::id).toList());
                read.values().forEach(this::offer);
                Instant cutoff = started.minus(Readings.LATEST_LOOKBACK);
                latest.entrySet().removeIf(e -> !read.containsKey(e.getKey()) && e.getValue().time().isBefore(cutoff));
            }
            lastLatestRead = started;
            latestRead = true;
            trim(windows, windowCutoff, started);

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
            if (!windowLoaded || System.nanoTime() - lastLoadStartNanos >= Math.max(RELOAD_EVERY.toNanos(),
                    loadInfo.took().toNanos() * DUTY)) {
                loadWindow();
            }
            if (System.nanoTime() - olderStartNanos >= olderTookNanos * DUTY) { // the alert runs' older days, ahead of them
                olderStartNanos = System.nanoTime();
                LocalDate d = LocalDate.ofInstant(started, zone);
                 olderDays(all, olderFrom(d), olderTo(d));
                olderTookNanos = System.nanoTime() - olderStartNanos;
            }
            log.debug("Fleet state refreshed in {} ms ({} readings since the previous refresh read)",
                    Duration.between(started, clock.instant()).toMillis(), since);
        } catch (RuntimeException e) {
            log.warn("Fleet state refresh failed (the overview keeps the previous state): {}", e.getMessage());
        } finally {
            refreshes++;
        }
    }

    /**
     * Reads every station's readings of the last {@link #WINDOW} into new windows (with each station's last reading
     * before the window, within {@link StationEnergy#EDGE_LOOKUP}, as a day's edge is looked for), a group of stations
     * at a time sized to about {@value #SLICE_ROWS} readings per query, settling each group as it is read, and puts
     * them in place of the old ones.
     */
    public void loadWindow() {
        long t0 = System.nanoTime();
        lastLoadStartNanos = t0;
        Instant started = clock.instant();
        Instant from = started.minus(WINDOW);
        long cutoff = from.toEpochMilli();
        Map<String, ReadingWindow> next = new ConcurrentHashMap<>();
        synchronized (swapLock) {
            loading = next; // from here on the ingest's readings go to both
        }
        try {
            int queries = 1;
            for (Reading p : readings.lastBefore(from, StationEnergy.EDGE_LOOKUP, stations.all().stream().map(Station::id).toList()).values()) {
                load(next, p, cutoff);
            }
            // a group of stations at a time, each group's 48 h in one query (see Readings#rangeOf), then settled: the
            // group is sized to about SLICE_ROWS readings from what the groups before it held per station
            List<String> ids = stations.all().stream().map(Station::id).toList();
            long settleMs = started.minus(settle).toEpochMilli();
            int group = FIRST_GROUP;
            for (int i = 0; i < ids.size(); ) {
                List<String> part = ids.subList(i, Math.min(ids.size(), i + group));
                i += part.size();
                long q0 = System.nanoTime();
                List<Reading> read = readings.rangeOf(part, from, started.plus(AHEAD));
                queries++;
                for (Reading p : read) load(next, p, cutoff);
                for (String id : part) {
                    ReadingWindow w = next.get(id);
                    if (w != null) settle(id, w, cutoff, settleMs);
                }
                log.debug("window of {} stations: {} readings in {} ms", part.size(), read.size(), (System.nanoTime() - q0) / 1_000_000);
                long perStation = Math.max(1, read.size() / part.size());
                group = (int) Math.max(1, Math.min(Readings.NAMED, SLICE_ROWS / perStation));
            }
            trim(next, cutoff, started);
            synchronized (swapLock) {
                windows = next;
            }
            long n = 0;
            for (ReadingWindow w : next.values()) n += w.size();
            loadInfo = new Window(started, Duration.ofNanos(System.nanoTime() - t0), queries, n);
        } finally {
            synchronized (swapLock) {
                loading = null;
            }
        }
        boolean first = !windowLoaded;
        windowLoaded = true;
        if (first) {
            log.info("Recent readings in memory: {} readings of {} stations ({} h) loaded in {} s with {} queries", loadInfo.readings(),
                    windows.size(), WINDOW.toHours(), loadInfo.took().toMillis() / 1000.0, loadInfo.queries());
        }
    }

    /** One reading read by a load into the window it builds (marking older days as {@link #store} does). */
    private void load(Map<String, ReadingWindow> next, Reading p, long cutoff) {
        String id = p.station();
        long ms = p.time().toEpochMilli();
        ReadingWindow w = next.computeIfAbsent(id, k -> new ReadingWindow(cutoff));
        olderWatch.see(id, ms, w);
        yesterdayWatch.see(id, ms, w);
        w.put(ms, p.powerKw(), p.energyKwh(), cutoff);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
