package org.pvmon.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.EnergyCalculator;
import org.pvmon.energy.EnergyReport;
import org.pvmon.station.Station;
import org.pvmon.store.ReadingPoint;
import org.pvmon.store.Readings;

/** Daily energy of stations over local dates, from their stored counter readings: what the energy and revenue views share. */
final class StationEnergy {
    /** How far before (after) a range the last (first) reading is looked for, so counters are known at its edges. */
    private static final Duration EDGE_LOOKUP = Duration.ofDays(31);

    private final Readings readings;
    private final ZoneId zone;
    private final EnergyCalculator calculator = new EnergyCalculator();

    StationEnergy(Readings readings, ZoneId zone) {
        this.readings = readings;
        this.zone = zone;
    }

    /** One station's days [from, to] (inclusive). */
    EnergyReport daily(Station s, LocalDate from, LocalDate to) {
        List<ReadingPoint> in = readings.range(s.id(), start(from), end(to));
        return report(s, from, to, withEdges(in, s.id(), from, to).getOrDefault(s.id(), List.of()));
    }

    /** Every listed station's days [from, to] (inclusive), read with one query per edge and one for the range. */
    Map<String, EnergyReport> daily(List<Station> stations, LocalDate from, LocalDate to) {
        return daily(stations, from, to, readingsOf(from, to));
    }

    /**
     * The readings every station's days [from, to] are computed from, by station in time order: those of the range,
     * plus each station's last reading before and first reading after it (one query per edge, one for the range).
     */
    Map<String, List<ReadingPoint>> readingsOf(LocalDate from, LocalDate to) {
        return withEdges(readings.rangeAll(start(from), end(to)), null, from, to);
    }

    /** Every listed station's days [from, to] from {@code byStation}, as {@link #readingsOf} gives them. */
    Map<String, EnergyReport> daily(List<Station> stations, LocalDate from, LocalDate to, Map<String, List<ReadingPoint>> byStation) {
        Map<String, EnergyReport> out = new LinkedHashMap<>();
        for (Station s : stations) out.put(s.id(), report(s, from, to, byStation.getOrDefault(s.id(), List.of())));
        return out;
    }

    private EnergyReport report(Station s, LocalDate from, LocalDate to, List<ReadingPoint> pts) {
        List<CounterSample> samples = new ArrayList<>(pts.size());
        for (ReadingPoint p : pts) samples.add(new CounterSample(p.time(), p.energyKwh(), p.powerKw()));
        return calculator.daily(samples, s.capacityKwp(), from, to.plusDays(1), zone);
    }

    /**
     * The readings of a range per station, with each station's last reading before and first reading after it added,
     * so energy over a reporting gap at either edge is split between the days it spans instead of lost.
     */
    private Map<String, List<ReadingPoint>> withEdges(List<ReadingPoint> inRange, String station, LocalDate from, LocalDate to) {
        Map<String, List<ReadingPoint>> byStation = new LinkedHashMap<>();
        readings.lastBefore(start(from), EDGE_LOOKUP, station).forEach((id, p) -> byStation.computeIfAbsent(id, k -> new ArrayList<>()).add(p));
        for (ReadingPoint p : inRange) byStation.computeIfAbsent(p.station(), k -> new ArrayList<>()).add(p);
        readings.firstFrom(end(to), EDGE_LOOKUP, station).forEach((id, p) -> byStation.computeIfAbsent(id, k -> new ArrayList<>()).add(p));
        return byStation;
    }

    Instant start(LocalDate from) {
        return from.atStartOfDay(zone).toInstant();
    }

    Instant end(LocalDate toInclusive) {
        return toInclusive.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
