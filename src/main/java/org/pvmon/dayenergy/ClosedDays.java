package org.pvmon.dayenergy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.pvmon.config.Config;
import org.pvmon.energy.DayEnergy;
import org.pvmon.store.HourlyMeans;
import org.pvmon.store.InfluxStore;
import org.pvmon.store.RawRetention;
import org.pvmon.store.Reading;
import org.pvmon.store.StoreRejectedException;
import org.pvmon.store.StoreUnavailableException;
import org.pvmon.dayenergy.DayBook.StationDay;
import org.pvmon.db.Leases;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stored daily energy ({@link DayBook}) complete and true, so that months, statements and the alert rules
 * read one row per station and day ({@link StationEnergy}) instead of every raw reading.
 *
 * <p>Every {@link Config.Days#closeEvery()}, on the instance holding the {@value #LEASE} lease: (1) days marked stale are
 * computed again from the readings; (2) days computed while their station was silent ("open end": the energy of the
 * gap is shared between the days it spans once the counter is read again) are computed again once the station has
 * reported since; (3) every closed day of the last {@link Config.Days#keepDays()} days that some station has no row for
 * is computed for those stations, newest day first. A day is closed {@link Config.Days#closeAfter()} after its local
 * midnight. Each day is computed by {@link StationEnergy#closedDay}, the same calculation a request makes, with one
 * InfluxDB query per edge and one for the day (per station when few stations need it).
 *
 * <p>Every instance marks days stale as its ingest stores late readings ({@link #accept}, a reading older than today:
 * its day and the days next to it, whose shares of a gap it changes), written to the database at the next period.
 * A stale day is not served until computed again. Rows are written with the instant the readings were read, so a
 * reading stored while its day was being computed leaves the day marked.
 */
public final class ClosedDays implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClosedDays.class);
    static final String LEASE = "energy-days";
    /** The oldest day whose stale marks are looked at: stored days older than the store keeps are still served. */
    private static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);
    /** Station-days computed from one read when filling: 200,000 (2 days of 100,000 stations, 31 days of 6,000). */
    private static final long CHUNK = 200_000;

    private final StationDirectory stations;
    private final DayBook book;
    private final StationEnergy energy;
    private final Leases leases;
    private final Clock clock;
    private final ZoneId zone;
    private final Config.Days settings;
    private final Supplier<Map<String, Reading>> latest;
    private final LongSupplier spoolPending;
    private final StaleDays pending;
    private final Workers workers;
    private final HourlyMeans hourly;
    private final InfluxStore influx;
    /**
     * Per station silent since, its first stored open-ended day, as of the last period: the open-ended days of a station
     * are the days from that one on (no reading after it means none after the later days either). Its next reading
     * makes them stale.
     */
    private volatile Map<String, LocalDate> firstOpen = Map.of();
    /** Per station, which of its open-ended days ingest has marked already (written on ingest's thread; see {@link #markOpen}). */
    private final Map<String, OpenMarks> openMarks = new ConcurrentHashMap<>();
    private final Set<LocalDate> complete = ConcurrentHashMap.newKeySet(); // days every station has a row for
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "energy-days");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant todayStart = Instant.MIN;
    private volatile Instant tomorrowStart = Instant.MIN;
    private volatile String status = "filling";
    private volatile String hourlyStatus = "writing";
    private int knownStations = -1; // timer thread only
    private long completeSince = System.nanoTime(); // timer thread only
    /** How long days counted complete are trusted before they are counted again (forgotten through another instance). */
    private static final long REVALIDATE_NANOS = 3_600_000_000_000L;
    private Leases.Lease lease;

    /**
     * {@code latest}: every station's latest reading, or null while unknown (the overview's in-memory state);
     * {@code spoolPending}: readings ingest holds for InfluxDB (marked stale already, not readable yet), nothing is
     * computed while there are any; {@code workers}: supervises the schedule; {@code hourly}: where each stored day's
     * hourly means go; {@code influx}: how long InfluxDB keeps the readings (no day is computed again once some of the
     * readings it needs are gone), its retention policies made as the settings say (retried here until InfluxDB takes
     * them) and the raw readings' one shortened once every older day is stored with its hourly means.
     */
    public ClosedDays(StationDirectory stations, DayBook book, StationEnergy energy, StaleDays pending, Leases leases, Clock clock,
               ZoneId zone, Config.Days settings, Supplier<Map<String, Reading>> latest, LongSupplier spoolPending, Workers workers,
               HourlyMeans hourly, InfluxStore influx) {
        this.hourly = hourly;
        this.influx = influx;
        this.pending = pending;
        this.workers = workers;
        this.spoolPending = spoolPending;
        this.stations = stations;
        this.book = book;
        this.energy = energy;
        this.leases = leases;
        this.clock = clock;
        this.zone = zone;
        this.settings = settings;
        this.latest = latest;
    }

    /** Starts the periodic work now, as lease holder {@code holder}. */
    public void start(String holder) {
        this.lease = leases.keep(LEASE, holder);
        timer.scheduleWithFixedDelay(workers.periodic(LEASE, this::tick), 0, settings.closeEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A reading this instance made durable: when older than today, its day and the days next to it are marked stale;
     * when its station was silent, the stored days of its silence too (not served from now on, written to the
     * database at the next period). Ingest's hot path: a comparison and a map lookup for a reading of today.
     */
    public void accept(Reading r) {
        Instant t = r.time();
        Map<String, LocalDate> opens = firstOpen;
        LocalDate open = opens.get(r.station());
        if (open != null) markOpen(opens, r.station(), open, t);
        if (!t.isBefore(todayStart)) {
            if (t.isBefore(tomorrowStart)) return;
            advanceDay();
            if (!t.isBefore(todayStart)) return;
        }
        Instant now = clock.instant();
        LocalDate d = LocalDate.ofInstant(t, zone);
        LocalDate today = LocalDate.ofInstant(todayStart, zone);
        for (LocalDate x = d.minusDays(1); !x.isAfter(d.plusDays(1)) && x.isBefore(today); x = x.plusDays(1)) {
            pending.mark(r.station(), x, now);
        }
    }

    /**
     * Marks the open-ended days of a station from {@code open} (as of {@code opens}, the periods' {@link #firstOpen}) that
     * end by {@code t}: they have a reading after them now. Once per station and such days: the readings that follow (a
     * station reports every few minutes, and the days stay open-ended until the next period computes them) change none
     * of those days unless one is earlier than every reading that marked them (then it is the gap's new end) or ends more
     * of them. Marked again after every period that read the open days anew.
     */
    private void markOpen(Map<String, LocalDate> opens, String station, LocalDate open, Instant t) {
        OpenMarks m = openMarks.get(station);
        boolean same = m != null && m.of == opens;
        if (same && !t.isBefore(m.earliest) && !t.isAfter(m.coveredUntil)) return;
        Instant now = clock.instant();
        LocalDate d = open;
        Instant end = d.plusDays(1).atStartOfDay(zone).toInstant();
        for (int i = 0; i < 4000 && !t.isBefore(end); i++) {
            pending.mark(station, d, now);
            d = d.plusDays(1);
            end = d.plusDays(1).atStartOfDay(zone).toInstant();
        }
        // a reading before `end` ends no more days than this one did
        Instant earliest = same && m.earliest.isBefore(t) ? m.earliest : t;
        openMarks.put(station, new OpenMarks(opens, earliest, end.minusNanos(1)));
    }

    /** A station's open-ended days as of {@code of}, marked for its readings from {@code earliest} up to {@code coveredUntil}. */
    private record OpenMarks(Map<String, LocalDate> of, Instant earliest, Instant coveredUntil) {
    }

    private void advanceDay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        todayStart = today.atStartOfDay(zone).toInstant();
        tomorrowStart = today.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * "complete" when every stored day whose readings InfluxDB keeps has its hourly means, as of the last period in
     * which the stored days were complete; else "writing" (days stored before there were hourly means, or whose write
     * failed, are being summarised).
     */
    public String hourlyStatus() {
        return hourlyStatus;
    }

    /**
     * "complete" when every kept closed day was stored and nothing is stale, as of the last period, and no late reading
     * has marked a day since; else "filling".
     */
    public String status() {
        return pending.isEmpty() ? status : "filling";
    }

    /**
     * One period's work: a failure is logged and the next period tries again; an unexpected error goes to the supervisor
     * ({@link Workers}), which keeps the schedule running.
     */
    void tick() {
        try {
            advanceDay();
            flushMarks();
            checkPolicies();
            Instant now = clock.instant();
            if (spoolPending.getAsLong() > 0) {
                status = "filling"; // readings of those days are still on their way into InfluxDB
                return;
            }
            if (!lease.held()) {
                status = "another instance"; // holds the lease and does the work
                hourlyStatus = "another instance";
                return;
            }
            LocalDate lastClosed = LocalDate.ofInstant(now.minus(settings.closeAfter()), zone).minusDays(1);
            LocalDate today = LocalDate.ofInstant(now, zone);
            RawRetention kept = influx.rawRetention();
            LocalDate oldest = computableFrom(); // older days: some of their readings are gone, their rows are final
            if (oldest.isAfter(EPOCH)) {
                int dropped = book.dropStaleBefore(oldest);
                if (dropped > 0) log.info("{} stale marks of days before {} dropped: InfluxDB keeps raw readings {} days, not all "
                        + "of theirs any more; their stored energy stands", dropped, oldest, kept.keptDays());
            }
            Map<String, LocalDate> open = book.firstOpen(oldest, lastClosed);
            firstOpen = open;
            openMarks.keySet().retainAll(open.keySet());
            boolean done = recompute(widen(book.stale(oldest, lastClosed), oldest), "stale");
            done &= recompute(widen(reportedSince(open, lastClosed), oldest), "reported since");
            // before InfluxDB may drop readings (the raw policy to be shortened), every older day with readings is stored
            LocalDate archiveFrom = null;
            if (kept.shorteningPending() && influx.policiesReady()) {
                Instant earliest = influx.earliestRaw();
                archiveFrom = earliest == null ? lastClosed : LocalDate.ofInstant(earliest, zone);
            }
            done &= fill(lastClosed, now, archiveFrom, oldest);
            status = done && pending.isEmpty() ? "complete" : "filling";
            if (done) summariseAndShorten(kept, today, lastClosed, archiveFrom);
        } catch (RuntimeException e) {
            status = "filling";
            log.warn("storing daily energy failed; trying again next period: {}", e.toString());
        }
    }

    /** How often every instance reads InfluxDB's retention policies again (another may have shortened the raw one). */
    private static final long POLICIES_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private long policiesReadAt; // timer thread only

    /** Makes InfluxDB's retention policies as the settings say until it takes them, then reads them again now and then. */
    private void checkPolicies() {
        if (influx.policiesReady() && System.nanoTime() - policiesReadAt < POLICIES_EVERY_NANOS) return;
        try {
            if (influx.policiesReady()) influx.ensurePolicies();
            else influx.prepare(); // the database too, if InfluxDB was away at the start
            policiesReadAt = System.nanoTime();
        } catch (RuntimeException e) {
            log.warn("InfluxDB's retention policies not read or set, trying again next period: {}", e.getMessage());
        }
    }

    private void flushMarks() {
        if (pending.isEmpty()) return;
        Map<StationDay, Instant> batch = pending.snapshot();
        try {
            book.markStale(batch);
            status = "filling"; // until this period has computed them
            pending.written(batch);
            // a day that was complete without rows for stations that had no readings then is counted again: the
            // stations that have some now get theirs (and their hourly means) at this period, not at the hourly recount
            for (StationDay d : batch.keySet()) complete.remove(d.day());
        } catch (RuntimeException e) {
            log.warn("could not mark {} station-days stale; trying again next period: {}", batch.size(), e.toString());
        }
    }

    /**
     * The given station-days and the stored days next to them that a change of theirs changes too: the days of the
     * same reporting gap ({@link StationEnergy#acrossGaps}).
     */
    private List<StationDay> widen(List<StationDay> days, LocalDate oldest) {
        if (days.isEmpty()) return days;
        LocalDate lo = days.stream().map(StationDay::day).min(LocalDate::compareTo).orElseThrow().minusDays(StationEnergy.EDGE_LOOKUP.toDays());
        LocalDate hi = days.stream().map(StationDay::day).max(LocalDate::compareTo).orElseThrow().plusDays(StationEnergy.EDGE_LOOKUP.toDays());
        Set<String> ids = new HashSet<>();
        days.forEach(d -> ids.add(d.station()));
        Map<String, DayEnergy[]> rows = book.read(ids.size() <= 500 ? ids : null, lo, hi);
        Map<String, boolean[]> changed = new HashMap<>();
        int n = (int) (hi.toEpochDay() - lo.toEpochDay()) + 1;
        for (StationDay d : days) changed.computeIfAbsent(d.station(), k -> new boolean[n])[(int) (d.day().toEpochDay() - lo.toEpochDay())] = true;
        Set<StationDay> out = new LinkedHashSet<>(days);
        changed.forEach((station, flags) -> {
            DayEnergy[] have = rows.get(station);
            if (have == null) return;
            StationEnergy.acrossGaps(have, flags);
            for (int i = 0; i < n; i++) if (flags[i] && have[i] != null) out.add(new StationDay(station, lo.plusDays(i)));
        });
        out.removeIf(d -> d.day().isBefore(oldest));
        return new ArrayList<>(out);
    }

    /** Of the open-ended days (from each station's first one to {@code lastClosed}), those ended before its latest reading. */
    private List<StationDay> reportedSince(Map<String, LocalDate> open, LocalDate lastClosed) {
        Map<String, Reading> now = latest.get();
        if (now == null || open.isEmpty()) return List.of();
        List<StationDay> out = new ArrayList<>();
        open.forEach((station, first) -> {
            Reading p = now.get(station);
            if (p == null) return;
            for (LocalDate d = first; !d.isAfter(lastClosed) && !p.time().isBefore(d.plusDays(1).atStartOfDay(zone).toInstant()); d = d.plusDays(1)) {
                out.add(new StationDay(station, d));
            }
        });
        return out;
    }

    /**
     * Computes and stores the given station-days: per station its runs of consecutive days, stations with the same run
     * together (one read for them), newest first; false when the lease was lost.
     */
    private boolean recompute(List<StationDay> days, String why) {
        if (days.isEmpty()) return true;
        Map<String, Station> byId = new HashMap<>();
        for (Station s : stations.all()) byId.put(s.id(), s);
        Map<String, TreeSet<LocalDate>> byStation = new HashMap<>();
        for (StationDay d : days) byStation.computeIfAbsent(d.station(), k -> new TreeSet<>()).add(d.day());
        TreeMap<LocalDate, Map<LocalDate, List<Station>>> runs = new TreeMap<>(); // to -> from -> stations
        byStation.forEach((id, set) -> {
            Station s = byId.get(id);
            if (s == null) return;
            LocalDate from = null;
            LocalDate to = null;
            for (LocalDate d : set) {
                if (to != null && d.equals(to.plusDays(1))) {
                    to = d;
                    continue;
                }
                if (from != null) runs.computeIfAbsent(to, k -> new HashMap<>()).computeIfAbsent(from, k -> new ArrayList<>()).add(s);
                from = d;
                to = d;
            }
            runs.computeIfAbsent(to, k -> new HashMap<>()).computeIfAbsent(from, k -> new ArrayList<>()).add(s);
        });
        for (Map.Entry<LocalDate, Map<LocalDate, List<Station>>> e : runs.descendingMap().entrySet()) {
            for (Map.Entry<LocalDate, List<Station>> run : e.getValue().entrySet()) {
                if (!lease.held()) return false;
                store(run.getKey(), e.getKey(), run.getValue(), Set.of(), true);
            }
        }
        log.debug("daily energy computed again ({}): {} station-days", why, days.size());
        return true;
    }

    /**
     * Stores the kept closed days some station has no row for, newest first; false when not all got done. The kept days:
     * the last {@code energy.keep-days}, back to {@code archiveFrom} when that is earlier (InfluxDB is about to drop the
     * readings before), never before {@code oldest} (days that can no longer be computed).
     */
    private boolean fill(LocalDate lastClosed, Instant now, LocalDate archiveFrom, LocalDate oldest) {
        if (settings.keepDays() == 0) return true;
        List<Station> all = stations.all();
        if (all.size() != knownStations || System.nanoTime() - completeSince > REVALIDATE_NANOS) {
            complete.clear(); // stations came or went, or another instance forgot days: count again
            knownStations = all.size();
            completeSince = System.nanoTime();
        }
        LocalDate kept = lastClosed.minusDays(settings.keepDays() - 1L);
        LocalDate earliest = archiveFrom != null && archiveFrom.isBefore(kept) ? archiveFrom : kept;
        LocalDate first = earliest.isBefore(oldest) ? oldest : earliest;
        if (first.isAfter(lastClosed)) return true;
        complete.removeIf(d -> d.isBefore(first));
        if (complete.size() >= lastClosed.toEpochDay() - first.toEpochDay() + 1) return true;
        Map<LocalDate, Integer> counts = book.counts(first, lastClosed);
        // consecutive incomplete days in chunks read at once (one query per edge for the chunk instead of per day),
        // of about CHUNK station-days so that a large fleet's readings of a chunk fit in memory
        int chunkDays = (int) Math.max(1, Math.min(31, CHUNK / Math.max(1, all.size())));
        LocalDate d = lastClosed;
        while (!d.isBefore(first)) {
            if (complete.contains(d) || counts.getOrDefault(d, 0) >= all.size()) {
                complete.add(d);
                d = d.minusDays(1);
                continue;
            }
            LocalDate to = d;
            LocalDate from = d;
            while (from.minusDays(1).compareTo(first) >= 0 && to.toEpochDay() - from.toEpochDay() + 1 < chunkDays
                    && !complete.contains(from.minusDays(1)) && counts.getOrDefault(from.minusDays(1), 0) < all.size()) {
                from = from.minusDays(1);
            }
            if (!lease.held()) return false;
            Set<DayBook.StationDay> have = new HashSet<>();
            List<Station> missing = new ArrayList<>();
            for (LocalDate x = from; !x.isAfter(to); x = x.plusDays(1)) {
                for (String id : book.storedOn(x)) have.add(new DayBook.StationDay(id, x));
            }
            for (Station s : all) {
                for (LocalDate x = from; !x.isAfter(to); x = x.plusDays(1)) {
                    if (!have.contains(new DayBook.StationDay(s.id(), x))) {
                        missing.add(s);
                        break;
                    }
                }
            }
            // a station without any reading near these days gets no rows: "no data" is what computing them says too,
            // and its first reading would make them stale (at a cold start that was every station's every kept day,
            // stored, then computed again, while ingest had the backlog to take)
            if (!missing.isEmpty()) store(from, to, missing, have, false);
            for (LocalDate x = from; !x.isAfter(to); x = x.plusDays(1)) complete.add(x);
            d = from.minusDays(1);
        }
        return true;
    }

    /**
     * The first day whose energy can still be computed from the readings: with {@code influx.raw-keep-days} set, the
     * first day whose readings and those up to {@link StationEnergy#EDGE_LOOKUP} before it InfluxDB still keeps; else
     * every day.
     */
    public LocalDate computableFrom() {
        LocalDate d = influx.rawRetention().computableFrom(LocalDate.ofInstant(clock.instant(), zone));
        return d == null ? EPOCH : d;
    }

    /**
     * The hourly means of stored days that have none, while InfluxDB keeps their readings (and of every older day when
     * the raw policy is about to be shortened); then, when it is and all are written, the shortening. Its failure is
     * the hourly means' status, not the stored days'.
     */
    private void summariseAndShorten(RawRetention kept, LocalDate today, LocalDate lastClosed, LocalDate archiveFrom) {
        try {
            LocalDate rawFrom = kept.rawFrom(today);
            LocalDate from = archiveFrom != null ? archiveFrom : rawFrom != null ? rawFrom : EPOCH;
            boolean all = hourlyOfEarlierDays(from, lastClosed);
            hourlyStatus = all ? "complete" : "writing";
            if (all && kept.shorteningPending() && pending.isEmpty() && lease.held()) influx.shortenRaw();
        } catch (RuntimeException e) {
            hourlyStatus = "writing";
            log.warn("hourly means of earlier days (or shortening the raw readings' retention) failed; trying again next period: {}", e.toString());
        }
    }

    /** Station-days whose hourly means are looked for per period at most. */
    private static final int HOURLY_PER_PERIOD = 20_000;

    /**
     * Writes the hourly means of stored days that have none yet (stored before they were written, or whose write failed),
     * newest first, as long as InfluxDB keeps their readings; a bounded number per period. False while some are left.
     */
    private boolean hourlyOfEarlierDays(LocalDate rawFrom, LocalDate lastClosed) {
        List<StationDay> todo = book.withoutHourly(rawFrom, lastClosed, HOURLY_PER_PERIOD);
        if (todo.isEmpty()) return true;
        long t0 = System.nanoTime();
        Map<LocalDate, List<Station>> byDay = new TreeMap<>();
        List<StationDay> gone = new ArrayList<>(); // stations no longer in the registry: nothing to draw them for
        for (StationDay d : todo) {
            Station s = stations.find(d.station()).orElse(null);
            if (s != null) byDay.computeIfAbsent(d.day(), k -> new ArrayList<>()).add(s);
            else gone.add(d);
        }
        book.hourlyWritten(gone);
        int[] hours = {0};
        for (Map.Entry<LocalDate, List<Station>> e : byDay.entrySet()) {
            if (!lease.held()) return false;
            LocalDate day = e.getKey();
            // a group of stations at a time (a large fleet's day of readings is not held at once)
            energy.inGroups(e.getValue(), day, day, (part, read) -> {
                hours[0] += hourly.write(read, energy.start(day), energy.end(day));
                if (!lease.held()) return; // another instance took over: it writes them (again) and says so
                List<StationDay> done = new ArrayList<>();
                for (Station s : part) done.add(new StationDay(s.id(), day));
                book.hourlyWritten(done);
            });
        }
        log.info("hourly means of {} earlier station-days written: {} hours in {} ms", todo.size(), hours[0], (System.nanoTime() - t0) / 1_000_000);
        return todo.size() < HOURLY_PER_PERIOD;
    }

    /**
     * Marks the stored days in [from, to] (of one station, or all when null) stale, so that the next periods compute them
     * again from the readings: for readings written to InfluxDB other than through ingest (a migration, another tool),
     * which mark nothing stale. Returns the rows marked.
     */
    public int forget(String station, LocalDate from, LocalDate to) {
        int n = book.forget(station, from, to, clock.instant());
        complete.removeIf(d -> !d.isBefore(from) && !d.isAfter(to));
        status = "filling";
        return n;
    }

    /**
     * Computes [from, to] of {@code which} and stores the rows, but those of {@code keep} (stored already) and, unless
     * {@code withoutReadings}, those of stations without any reading to compute them from.
     */
    private void store(LocalDate from, LocalDate to, List<Station> which, Set<DayBook.StationDay> keep, boolean withoutReadings) {
        long t0 = System.nanoTime();
        int[] stored = {0};
        Instant[] readAt = {clock.instant()};
        // stored group by group as computed (a large fleet is read in groups): a later group's failure keeps them
        energy.closedDays(which, from, to, withoutReadings, (group, read) -> {
            List<DayBook.Row> rows = new ArrayList<>(group);
            if (!keep.isEmpty()) rows.removeIf(r -> keep.contains(new DayBook.StationDay(r.station(), r.day().date())));
            book.store(rows, readAt[0], clock.instant(), writeHourly(rows, read, from, to));
            openEnds(rows);
            stored[0] += rows.size();
            readAt[0] = clock.instant(); // the next group's readings are read from here on
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (stored[0] > 0) log.info("daily energy of {}..{} stored: {} station-days in {} ms", from, to, stored[0], ms);
        else log.debug("daily energy of {}..{}: no station-days to store ({} ms)", from, to, ms);
    }

    /**
     * Writes the hourly means of the rows' stations over [from, to] from the readings their energy was computed from;
     * false when InfluxDB did not take them (the days are stored without, and their hourly means written later).
     */
    private boolean writeHourly(List<DayBook.Row> rows, Map<String, List<Reading>> read, LocalDate from, LocalDate to) {
        Map<String, List<Reading>> of = new HashMap<>();
        for (DayBook.Row r : rows) {
            List<Reading> pts = read.get(r.station());
            if (pts != null) of.put(r.station(), pts);
        }
        try {
            hourly.write(of, energy.start(from), energy.end(to));
            return true;
        } catch (StoreUnavailableException | StoreRejectedException e) {
            log.warn("hourly means of {}..{} not written, trying again later: {}", from, to, e.getMessage());
            return false;
        }
    }

    /** Open ends among stored rows: remembered, and stale at once when their station reported while they were computed. */
    private void openEnds(List<DayBook.Row> rows) {
        Map<String, Reading> now = latest.get();
        Map<String, LocalDate> open = null;
        for (DayBook.Row r : rows) {
            if (!r.openEnd()) continue;
            LocalDate day = r.day().date();
            if (open == null) open = new HashMap<>(firstOpen); // a copy: ingest reads the map
            open.merge(r.station(), day, (a, b) -> a.isBefore(b) ? a : b);
            Reading p = now == null ? null : now.get(r.station());
            if (p != null && !p.time().isBefore(day.plusDays(1).atStartOfDay(zone).toInstant())) {
                pending.mark(r.station(), day, clock.instant());
            }
        }
        if (open != null) firstOpen = open;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lease != null) lease.close();
    }
}
