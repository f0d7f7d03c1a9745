package org.pvmon.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.pvmon.store.ReadingPoint;
import org.pvmon.store.Readings;

/**
 * The alert rules' view of the fleet at an instant, from stored readings: each station with its feed-in tariff, latest
 * reading, logger status, the last two days of counter samples and 14 local days of energy. Shared by the live view
 * ({@code GET /api/alerts/current}) and the evaluations that keep the alerts ({@link AlertMonitor}).
 */
final class FleetInputs {
    private static final Duration RECENT = Duration.ofDays(2);
    private static final int DAYS = 14;
    /** How far before yesterday its edge reading counts: as far as {@link StationEnergy} looks for one. */
    private static final long EDGE_LOOKUP_MS = FleetState.EDGE_LOOKUP.toMillis();
    /** The calculator {@link StationEnergy} uses, for today's and yesterday's energy from the window's readings. */
    private final EnergyCalculator calculator = new EnergyCalculator();

    private final StationDirectory stations;
    private final Registry registry;
    private final Readings readings;
    private final StationEnergy energy;
    private final Ingest ingest;
    private final FleetState fleet;

    FleetInputs(StationDirectory stations, Registry registry, Readings readings, StationEnergy energy, Ingest ingest) {
        this(stations, registry, readings, energy, ingest, null);
    }

    /**
     * {@code fleet} (may be null): the overview's in-memory latest readings, used instead of asking InfluxDB for every
     * station's latest reading each run once it has them. Another instance's readings reach it one refresh late, but
     * the 14 days read here carry every recent reading, and the newest of those counts ({@link StationInput}).
     */
    FleetInputs(StationDirectory stations, Registry registry, Readings readings, StationEnergy energy, Ingest ingest, FleetState fleet) {
        this.fleet = fleet;
        this.stations = stations;
        this.registry = registry;
        this.readings = readings;
        this.energy = energy;
        this.ingest = ingest;
    }

    /**
     * Every station's input at {@code now}: from the fleet state's memory once it holds the recent readings (the
     * latest readings, the last 48 h, today's and yesterday's energy from those, the older days' energy from
     * {@link FleetState#olderDays}), else everything from InfluxDB.
     */
    List<StationInput> at(Instant now) {
        Map<String, ReadingWindow> window = fleet == null ? null : fleet.window();
        return window != null ? fromMemory(now, window) : fromStore(now);
    }

    /**
     * What {@link #fromStore} gives, from memory. Today's and yesterday's energy: the window's readings from the last
     * one before yesterday (kept as the edge when older than the window) to the first one after today, which are exactly
     * the readings {@link StationEnergy#readingsOf} would read for those two days (the window reaches back 48 h, more
     * than to yesterday's start); the days before come from {@link FleetState#olderDays} (computed once per day).
     */
    private List<StationInput> fromMemory(Instant now, Map<String, ReadingWindow> window) {
        LocalDate today = LocalDate.ofInstant(now, ApiServer.ZONE);
        LocalDate yesterday = today.minusDays(1);
        List<Station> all = stations.all();
        Map<String, ReadingPoint> latest = fleet.latest();
        Map<String, EnergyReport> older = fleet.olderDays(all, today.minusDays(DAYS - 1), yesterday.minusDays(1));
        Map<String, StationTariff> tariffs = registry.tariffs();
        long recentFrom = now.minus(RECENT).toEpochMilli();
        long recentTo = now.toEpochMilli() + 1000;
        long dayFrom = energy.start(yesterday).toEpochMilli();
        long dayTo = energy.end(today).toEpochMilli();
        long edgeFrom = dayFrom - EDGE_LOOKUP_MS;
        long latestFrom = now.minus(Readings.LATEST_LOOKBACK).toEpochMilli();
        List<StationInput> fleetInputs = new ArrayList<>(all.size());
        for (Station s : all) {
            ReadingWindow w = window.get(s.id());
            List<CounterSample> samples = w == null ? List.of() : w.samples(recentFrom, true, edgeFrom);
            int n = samples.size();
            int r0 = 0; // first of the recent ones
            while (r0 < n && samples.get(r0).time().toEpochMilli() < recentFrom) r0++;
            int r1 = r0;
            while (r1 < n && samples.get(r1).time().toEpochMilli() < recentTo) r1++;
            int d0 = 0; // the last before yesterday, then the two days, then the first after
            while (d0 < n && samples.get(d0).time().toEpochMilli() < dayFrom) d0++;
            if (d0 > 0) d0--;
            int d1 = d0;
            while (d1 < n && samples.get(d1).time().toEpochMilli() < dayTo) d1++;
            if (d1 < n) d1++;
            List<DayEnergy> days = new ArrayList<>(DAYS);
            EnergyReport before = older.get(s.id());
            if (before != null) days.addAll(before.days());
            days.addAll(calculator.daily(samples.subList(d0, d1), s.capacityKwp(), yesterday, today.plusDays(1), ApiServer.ZONE).days());
            Instant lastTime;
            String lastState;
            if (latest != null) {
                ReadingPoint last = latest.get(s.id());
                lastTime = last == null ? null : last.time();
                lastState = last == null ? null : last.state();
            } else { // the overview's latest readings not read yet: the window's newest (its edge if within the lookback)
                long newest = w == null ? Long.MIN_VALUE : w.newest();
                lastTime = newest >= latestFrom ? Instant.ofEpochMilli(newest) : null;
                lastState = null;
            }
            fleetInputs.add(new StationInput(s, tariffs.get(s.id()).feedInOn(today), lastTime, lastState,
                    ingest.loggerStatus(s.id()), samples.subList(r0, r1), days));
        }
        return fleetInputs;
    }

    /** Every station's input at {@code now}, read from InfluxDB (before the fleet state has loaded its window). */
    List<StationInput> fromStore(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ApiServer.ZONE);
        List<Station> all = stations.all();
        Map<String, ReadingPoint> remembered = fleet == null ? null : fleet.latest();
        Map<String, ReadingPoint> latest = remembered != null ? remembered : readings.latest(null);
        LocalDate first = today.minusDays(DAYS - 1);
        Map<String, List<ReadingPoint>> stored = energy.readingsOf(first, today);
        Instant recentFrom = now.minus(RECENT);
        Instant recentTo = now.plusSeconds(1);
        Map<String, List<CounterSample>> recent = new LinkedHashMap<>();
        if (!recentFrom.isBefore(energy.start(first)) && !recentTo.isAfter(energy.end(today))) {
            // the recent readings are inside the days just read (edge readings fall outside [recentFrom, recentTo)):
            // taken from those instead of reading them from InfluxDB a second time
            for (List<ReadingPoint> points : stored.values()) {
                for (ReadingPoint p : points) {
                    if (!p.time().isBefore(recentFrom) && p.time().isBefore(recentTo)) addSample(recent, p);
                }
            }
        } else { // now is within a second of local midnight
            for (ReadingPoint p : readings.rangeAll(recentFrom, recentTo)) addSample(recent, p);
        }
        Map<String, EnergyReport> days = energy.daily(all, first, today, stored);
        Map<String, StationTariff> tariffs = registry.tariffs();
        List<StationInput> fleet = new ArrayList<>();
        for (Station s : all) {
            ReadingPoint last = latest.get(s.id());
            fleet.add(new StationInput(s, tariffs.get(s.id()).feedInOn(today), last == null ? null : last.time(), last == null ? null : last.state(),
                    ingest.loggerStatus(s.id()), recent.getOrDefault(s.id(), List.of()), days.get(s.id()).days()));
        }
        return fleet;
    }

    private static void addSample(Map<String, List<CounterSample>> recent, ReadingPoint p) {
        recent.computeIfAbsent(p.station(), k -> new ArrayList<>()).add(new CounterSample(p.time(), p.energyKwh(), p.powerKw()));
    }
}
