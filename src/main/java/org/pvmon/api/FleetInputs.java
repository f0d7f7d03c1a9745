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

    /** Every station's input at {@code now}. */
    List<StationInput> at(Instant now) {
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
