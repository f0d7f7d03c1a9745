package org.pvmon.alerting;

import org.pvmon.energy.Periods;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.fleet.FleetState;
import org.pvmon.fleet.ReadingWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.alerts.PeerHistory;
import org.pvmon.alerts.Recent;
import org.pvmon.alerts.StationInput;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.DayEnergy;
import org.pvmon.energy.EnergyCalculator;
import org.pvmon.energy.EnergyReport;
import org.pvmon.ingest.Ingest;
import org.pvmon.registry.Registry;
import org.pvmon.revenue.StationTariff;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.store.Reading;
import org.pvmon.store.Readings;

/**
 * The alert rules' view of the fleet at an instant, from stored readings: each station with its feed-in tariff, latest
 * reading, logger status, the last two days of counter samples and 14 local days of energy; and for stations silent
 * for longer, the peers' stored days before those ({@link #peerHistory}). Shared by the live view
 * ({@code GET /api/alerts/current}) and the evaluations that keep the alerts ({@link AlertMonitor}).
 */
public final class FleetInputs {
    /** The recent readings the rules get from InfluxDB (the last two days). */
    private static final Duration RECENT = Duration.ofDays(2);
    private static final int DAYS = FleetState.OLDER_DAYS_FOR_ALERTS + 2;
    /** How far before yesterday its edge reading counts: as far as {@link StationEnergy} looks for one. */
    private static final long EDGE_LOOKUP_MS = StationEnergy.EDGE_LOOKUP.toMillis();
    /** For today's and yesterday's energy from the window's readings: the calculator the window thins readings by. */
    private final EnergyCalculator calculator = ReadingWindow.CALCULATOR;

    private final StationDirectory stations;
    private final Registry registry;
    private final Readings readings;
    private final StationEnergy energy;
    private final Ingest ingest;
    private final FleetState fleet;
    private final OlderPeerDays olderPeerDays;

    public FleetInputs(StationDirectory stations, Registry registry, Readings readings, StationEnergy energy, Ingest ingest) {
        this(stations, registry, readings, energy, ingest, null);
    }

    /**
     * {@code fleet} (may be null): the overview's in-memory latest readings, used instead of asking InfluxDB for every
     * station's latest reading each run once it has them. Another instance's readings reach it one refresh late, but
     * the 14 days read here carry every recent reading, and the newest of those counts ({@link StationInput}).
     */
    public FleetInputs(StationDirectory stations, Registry registry, Readings readings, StationEnergy energy, Ingest ingest, FleetState fleet) {
        this.fleet = fleet;
        this.stations = stations;
        this.registry = registry;
        this.readings = readings;
        this.energy = energy;
        this.ingest = ingest;
        this.olderPeerDays = new OlderPeerDays(energy::stored, Periods.ZONE, System::nanoTime);
    }

    /**
     * What the peers made on the days before {@code inputs}' (the rules get {@value #DAYS} days) that the silences among
     * them need at {@code now}: per county with a station silent since before those days, the medians of its stations'
     * stored days from that silence on (at most {@value OlderPeerDays#MAX_DAYS} days back), read once and kept (see
     * {@link OlderPeerDays}); {@link PeerHistory#NONE} when no silence is that long.
     */
    public PeerHistory peerHistory(Instant now, List<StationInput> inputs) {
        LocalDate today = LocalDate.ofInstant(now, Periods.ZONE);
        return olderPeerDays.at(now, today.minusDays(DAYS - 1), inputs);
    }

    /**
     * Every station's input at {@code now}: from the fleet state's memory once it holds the recent readings (the
     * latest readings, the last 48 h, today's and yesterday's energy from those, the older days' energy from
     * {@link FleetState#olderDays}), else everything from InfluxDB.
     */
    public List<StationInput> at(Instant now) {
        Map<String, ReadingWindow> window = fleet == null ? null : fleet.window();
        return window != null ? fromMemory(now, window) : fromStore(now);
    }

    /**
     * What {@link #fromStore} gives, from memory. The recent readings are the station's {@link ReadingWindow} itself
     * (the rules read what it keeps: power bins, idle stretch, reading times). Today's and yesterday's energy, each
     * day on its own: the window's (thinned) readings from the last one before the day (kept as the edge when older than
     * the window) to the first one after it, which give the energy {@link StationEnergy#readingsOf}'s readings would
     * give (the window reaches back 48 h, more than to yesterday's start); yesterday's is kept until a reading changes
     * it ({@link FleetState#yesterday}); the days before come from {@link FleetState#olderDays} (computed once per day).
     * Days are rounded to 0.001 kWh per day here, not together with the other days of a 14-day report, so a day may
     * differ by 0.001 kWh from {@link #fromStore}'s.
     */
    private List<StationInput> fromMemory(Instant now, Map<String, ReadingWindow> window) {
        LocalDate today = LocalDate.ofInstant(now, Periods.ZONE);
        LocalDate yesterday = today.minusDays(1);
        List<Station> all = stations.all();
        Map<String, Reading> latest = fleet.latest();
        Map<String, List<DayEnergy>> older = fleet.olderDays(all, FleetState.olderFrom(today), FleetState.olderTo(today));
        Map<String, StationTariff> tariffs = registry.tariffs();
        long dayFrom = energy.start(yesterday).toEpochMilli();
        long todayFrom = energy.start(today).toEpochMilli();
        long dayTo = energy.end(today).toEpochMilli();
        long edgeFrom = dayFrom - EDGE_LOOKUP_MS;
        long latestFrom = now.minus(Readings.LATEST_LOOKBACK).toEpochMilli();
        StationInput[] fleetInputs = new StationInput[all.size()];
        // independent per station (the window and the caches are thread-safe): on all cores, in the directory's order
        java.util.stream.IntStream.range(0, all.size()).parallel().forEach(i -> {
            Station s = all.get(i);
            ReadingWindow w = window.get(s.id());
            // yesterday's and today's readings (thinned: see ReadingWindow), from the last one before yesterday
            List<CounterSample> samples = w == null ? List.of() : w.samples(dayFrom, true, edgeFrom);
            int n = samples.size();
            // yesterday: from the last reading before it to the first after it; today: likewise (none after, usually)
            int t0 = lastBefore(samples, todayFrom);
            int t1 = Math.min(n, firstAtOrAfter(samples, dayTo) + 1);
            List<DayEnergy> days = new ArrayList<>(DAYS);
            days.addAll(older.getOrDefault(s.id(), List.of()));
            // (computed from the window read afresh: a reading that arrived since the samples above marked it to do again)
            days.add(fleet.yesterday(s.id(), yesterday, () -> {
                List<CounterSample> now2 = w == null ? List.<CounterSample>of() : w.samples(dayFrom, true, edgeFrom);
                int b = Math.min(now2.size(), firstAtOrAfter(now2, todayFrom) + 1);
                return calculator.daily(now2.subList(0, b), s.capacityKwp(), yesterday, today, Periods.ZONE).days().get(0);
            }));
            days.addAll(calculator.daily(samples.subList(t0, t1), s.capacityKwp(), today, today.plusDays(1), Periods.ZONE).days());
            Instant lastTime;
            String lastState;
            if (latest != null) {
                Reading last = latest.get(s.id());
                lastTime = last == null ? null : last.time();
                lastState = last == null ? null : last.state();
            } else { // the overview's latest readings not read yet: the window's newest (its edge if within the lookback)
                long newest = w == null ? Long.MIN_VALUE : w.newestMs();
                lastTime = newest >= latestFrom ? Instant.ofEpochMilli(newest) : null;
                lastState = null;
            }
            fleetInputs[i] = new StationInput(s, tariffs.get(s.id()).feedInOn(today), lastTime, lastState,
                    ingest.loggerStatus(s.id()), w == null ? Recent.NONE : w, days);
        });
        return List.of(fleetInputs);
    }

    /** Index of the last sample before {@code ms} (0 when none: the list starts there). */
    private static int lastBefore(List<CounterSample> samples, long ms) {
        int i = firstAtOrAfter(samples, ms);
        return i > 0 ? i - 1 : 0;
    }

    /** Index of the first sample at or after {@code ms}, or the size. */
    private static int firstAtOrAfter(List<CounterSample> samples, long ms) {
        int lo = 0;
        int hi = samples.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).time().toEpochMilli() < ms) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Every station's input at {@code now}, read from InfluxDB (before the fleet state has loaded its window). */
    public List<StationInput> fromStore(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, Periods.ZONE);
        List<Station> all = stations.all();
        Map<String, Reading> remembered = fleet == null ? null : fleet.latest();
        Map<String, Reading> latest = remembered != null ? remembered : readings.latestOf(all.stream().map(Station::id).toList());
        LocalDate first = today.minusDays(DAYS - 1);
        Map<String, List<Reading>> stored = energy.readingsOf(all, first, today);
        Instant recentFrom = now.minus(RECENT);
        Instant recentTo = now.plusSeconds(1);
        Map<String, List<CounterSample>> recent = new LinkedHashMap<>();
        if (!recentFrom.isBefore(energy.start(first)) && !recentTo.isAfter(energy.end(today))) {
            // the recent readings are inside the days just read (edge readings fall outside [recentFrom, recentTo)):
            // taken from those instead of reading them from InfluxDB a second time
            for (List<Reading> points : stored.values()) {
                for (Reading p : points) {
                    if (!p.time().isBefore(recentFrom) && p.time().isBefore(recentTo)) addSample(recent, p);
                }
            }
        } else { // now is within a second of local midnight
            for (Reading p : readings.rangeAll(recentFrom, recentTo)) addSample(recent, p);
        }
        return inputs(all, today, latest, true, recent, energy.daily(all, first, today, stored));
    }

    /**
     * Every station's input as it was at {@code at}, a past instant: read from InfluxDB, only the readings before
     * {@code at} (the latest within {@link Readings#LATEST_LOOKBACK}, the two days before it, the 14 local days up to
     * its day). The loggers' last-will statuses are not kept over time, so none is given: what the rules concluded from
     * the readings alone. For showing and checking the rules on another clock than the wall clock.
     */
    public List<StationInput> asOf(Instant at) {
        LocalDate today = LocalDate.ofInstant(at, Periods.ZONE);
        List<Station> all = stations.all();
        Map<String, Reading> latest = readings.lastBefore(at, Readings.LATEST_LOOKBACK, all.stream().map(Station::id).toList());
        LocalDate first = today.minusDays(DAYS - 1);
        Map<String, List<Reading>> before = new LinkedHashMap<>();
        energy.readingsOf(all, first, today).forEach((id, points) -> before.put(id, points.stream().filter(p -> p.time().isBefore(at)).toList()));
        Instant recentFrom = at.minus(RECENT);
        Map<String, List<CounterSample>> recent = new LinkedHashMap<>();
        for (List<Reading> points : before.values()) {
            for (Reading p : points) if (!p.time().isBefore(recentFrom)) addSample(recent, p);
        }
        return inputs(all, today, latest, false, recent, energy.daily(all, first, today, before));
    }

    /** Each station's input from what was read; {@code loggerStatus}: with the loggers' last-will statuses (now only). */
    private List<StationInput> inputs(List<Station> all, LocalDate today, Map<String, Reading> latest, boolean loggerStatus,
                                      Map<String, List<CounterSample>> recent, Map<String, EnergyReport> days) {
        Map<String, StationTariff> tariffs = registry.tariffs();
        List<StationInput> out = new ArrayList<>(all.size());
        for (Station s : all) {
            Reading last = latest.get(s.id());
            out.add(new StationInput(s, tariffs.get(s.id()).feedInOn(today), last == null ? null : last.time(), last == null ? null : last.state(),
                    loggerStatus ? ingest.loggerStatus(s.id()) : null, recent.getOrDefault(s.id(), List.of()), days.get(s.id()).days()));
        }
        return out;
    }

    private static void addSample(Map<String, List<CounterSample>> recent, Reading p) {
        recent.computeIfAbsent(p.station(), k -> new ArrayList<>()).add(new CounterSample(p.time(), p.energyKwh(), p.powerKw()));
    }
}
