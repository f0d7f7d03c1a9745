package org.pvmon.dayenergy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.DayEnergy;
import org.pvmon.energy.EnergyCalculator;
import org.pvmon.energy.EnergyReport;
import org.pvmon.station.Station;
import org.pvmon.store.Reading;
import org.pvmon.store.Readings;

/**
 * Daily energy of stations over local dates, from their stored counter readings: what the energy, revenue, statement
 * and alert views share.
 *
 * <p>With a {@link DayBook} (the service's), closed days come from the stored daily energy ({@link ClosedDays} computes
 * each station's day once, from the same readings by the same calculation, and again when a late reading changes it);
 * only days not stored (today, a day not closed yet, a day marked stale) are computed from the readings in InfluxDB.
 * A range's total is then the sum of its days, each rounded on its own (half-up to 0.001 kWh), so a day shows the same
 * figure in every range; computed from readings alone the days of a range are rounded together instead (their sum is
 * the range's exact total rounded, {@link org.pvmon.energy.DayEnergy#kwh()}), which can differ by 0.001 kWh a day.
 */
public final class StationEnergy {
    /** How far before (after) a range the last (first) reading is looked for, so counters are known at its edges. */
    public static final Duration EDGE_LOOKUP = Duration.ofDays(org.pvmon.config.Config.Retention.EDGE_DAYS);
    /** Up to this many stations with days to compute are read one by one; more, in groups ({@link #inGroups}). */
    private static final int ONE_BY_ONE = 20;
    /** Up to this many stations' stored days are looked up by station; more, by scanning the range's days. */
    private static final int BY_STATION = 5_000;

    private final Readings readings;
    private final ZoneId zone;
    private final DayBook days;
    private final StaleDays stale;
    private final java.util.function.Supplier<LocalDate> computableFrom;
    private final EnergyCalculator calculator = new EnergyCalculator();

    /** Without stored days: everything computed from the readings. */
    public StationEnergy(Readings readings, ZoneId zone) {
        this(readings, zone, null, new StaleDays());
    }

    /**
     * {@code days} (may be null): stored closed days, used where present and not stale; {@code stale}: days this
     * instance knows changed but has not marked in the database yet, not used either.
     */
    public StationEnergy(Readings readings, ZoneId zone, DayBook days, StaleDays stale) {
        this(readings, zone, days, stale, () -> null);
    }

    /**
     * As above; {@code computableFrom}: the first day whose energy can still be computed from the readings (null: every
     * day): a stored day before it is served as stored, whatever marks it (InfluxDB no longer keeps all its readings).
     */
    public StationEnergy(Readings readings, ZoneId zone, DayBook days, StaleDays stale, java.util.function.Supplier<LocalDate> computableFrom) {
        this.readings = readings;
        this.zone = zone;
        this.days = days;
        this.stale = stale;
        this.computableFrom = computableFrom;
    }

    /** Index of the first day of a range starting {@code from} that may be computed again (0: all). */
    private int firstComputable(LocalDate from) {
        LocalDate c = computableFrom.get();
        return c == null || !c.isAfter(from) ? 0 : (int) Math.min(Integer.MAX_VALUE, c.toEpochDay() - from.toEpochDay());
    }

    /** One station's days [from, to] (inclusive). */
    public EnergyReport daily(Station s, LocalDate from, LocalDate to) {
        return daily(List.of(s), from, to).get(s.id());
    }

    /**
     * Every listed station's days [from, to] (inclusive): stored days where there are, the others computed from the
     * readings (one query per edge and one for the range, or per station when only a few stations need it).
     */
    public Map<String, EnergyReport> daily(List<Station> stations, LocalDate from, LocalDate to) {
        if (days == null) return computed(stations, from, to);
        int n = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
        // a subset by station (indexed), many stations by scanning the days (filtered here)
        List<String> ids = stations.size() <= BY_STATION ? stations.stream().map(Station::id).toList() : null;
        Map<String, DayEnergy[]> stored = days.read(ids, from, to);
        Set<DayBook.StationDay> marked = days.marked(ids, from, to);
        // per station, the range of days to compute; stations with the same range are computed together
        Map<List<LocalDate>, List<Station>> toCompute = new LinkedHashMap<>();
        int computable = firstComputable(from);
        for (Station s : stations) {
            DayEnergy[] have = stored.computeIfAbsent(s.id(), k -> new DayEnergy[n]);
            boolean[] changed = new boolean[n];
            boolean any = false;
            for (int i = computable; i < n; i++) {
                LocalDate d = from.plusDays(i);
                changed[i] = have[i] != null && (stale.contains(s.id(), d) || marked.contains(new DayBook.StationDay(s.id(), d)));
                any |= changed[i];
            }
            if (any) acrossGaps(have, changed);
            for (int i = 0; i < Math.min(computable, n); i++) changed[i] = false; // not widened into what can no longer be computed
            int lo = -1;
            int hi = -1;
            for (int i = 0; i < n; i++) {
                if (changed[i]) have[i] = null;
                if (have[i] == null) {
                    if (lo < 0) lo = i;
                    hi = i;
                }
            }
            if (lo >= 0) toCompute.computeIfAbsent(List.of(from.plusDays(lo), from.plusDays(hi)), k -> new ArrayList<>()).add(s);
        }
        Map<String, EnergyReport> fresh = new HashMap<>();
        toCompute.forEach((range, which) -> fresh.putAll(computed(which, range.get(0), range.get(1))));
        Map<String, EnergyReport> out = new LinkedHashMap<>();
        for (Station s : stations) {
            DayEnergy[] have = stored.get(s.id());
            EnergyReport computed = fresh.get(s.id());
            List<DayEnergy> list = new ArrayList<>(n);
            BigDecimal total = BigDecimal.ZERO.setScale(3);
            for (int i = 0; i < n; i++) {
                DayEnergy d = have[i] != null ? have[i]
                        : computed.days().get((int) (from.plusDays(i).toEpochDay() - computed.from().toEpochDay()));
                list.add(d);
                total = total.add(d.kwh());
            }
            out.put(s.id(), new EnergyReport(from, to.plusDays(1), list, total));
        }
        return out;
    }

    /**
     * Every listed station's stored days [from, to] as they are, without computing any: per station id an array indexed
     * by day − {@code from}, null where no row is stored or the row is marked stale (a late reading changed the day);
     * stations without any such row are left out. Empty without stored days. For what may only need the closed days
     * that are stored (the peers' days of a long silence), not the raw readings of a range InfluxDB may no longer keep.
     */
    public Map<String, DayEnergy[]> stored(List<Station> stations, LocalDate from, LocalDate to) {
        if (days == null || to.isBefore(from) || stations.isEmpty()) return Map.of();
        List<String> ids = stations.stream().map(Station::id).toList();
        Map<String, DayEnergy[]> stored = days.read(ids, from, to);
        Set<DayBook.StationDay> marked = days.marked(ids, from, to);
        int computable = firstComputable(from);
        for (Map.Entry<String, DayEnergy[]> e : stored.entrySet()) {
            DayEnergy[] have = e.getValue();
            for (int i = computable; i < have.length; i++) {
                LocalDate d = from.plusDays(i);
                if (have[i] != null && (stale.contains(e.getKey(), d) || marked.contains(new DayBook.StationDay(e.getKey(), d)))) {
                    have[i] = null;
                }
            }
        }
        return stored;
    }

    /**
     * Widens {@code changed} (days whose readings changed) over the stored days next to them without any reading, and
     * the first day with one beyond: a reading inside a reporting gap changes how the counter's rise over the gap is
     * shared between all the days the gap spans.
     */
    static void acrossGaps(DayEnergy[] stored, boolean[] changed) {
        boolean[] from = changed.clone();
        for (int i = 0; i < stored.length; i++) {
            if (!from[i]) continue;
            for (int j = i - 1; j >= 0 && stored[j] != null && !from[j]; j--) {
                changed[j] = true;
                if (stored[j].samples() > 0) break;
            }
            for (int j = i + 1; j < stored.length && stored[j] != null && !from[j]; j++) {
                changed[j] = true;
                if (stored[j].samples() > 0) break;
            }
        }
    }

    /** Every listed station's days [from, to] computed from the readings, ignoring stored days. */
    Map<String, EnergyReport> computed(List<Station> stations, LocalDate from, LocalDate to) {
        if (stations.size() <= ONE_BY_ONE) {
            Map<String, EnergyReport> out = new LinkedHashMap<>();
            for (Station s : stations) {
                List<Reading> in = readings.range(s.id(), start(from), end(to));
                out.put(s.id(), report(s, from, to, withEdges(in, s.id(), from, to).getOrDefault(s.id(), List.of())));
            }
            return out;
        }
        Map<String, EnergyReport> out = new LinkedHashMap<>();
        inGroups(stations, from, to, (part, byStation) -> out.putAll(daily(part, from, to, byStation)));
        return out;
    }

    /**
     * Each listed station's days [from, to] computed from its readings, as stored rows: each day exactly as a request
     * for that day alone computes it (its readings, the last before it and the first after it within
     * {@link #EDGE_LOOKUP}; rounded on its own), read once for the whole range. A row says whether the station had no
     * reading after the day yet (then the energy of the gap it is in is not known, and the row is computed again when
     * the station reports).
     */
    List<DayBook.Row> closedDays(List<Station> stations, LocalDate from, LocalDate to) {
        List<DayBook.Row> rows = new ArrayList<>();
        closedDays(stations, from, to, false, (group, read) -> rows.addAll(group));
        return rows;
    }

    /**
     * As {@link #closedDays(List, LocalDate, LocalDate)}, handing each group's rows to {@code sink} as soon as they are
     * computed (a large fleet is read in groups, {@link #inGroups}): what was done is not lost when a later group fails.
     * The sink gets each group's rows with the readings they were computed from (by station, the edges included).
     * {@code withoutReadings}: whether a station without any reading to compute its days from (none in the range, none
     * within {@link #EDGE_LOOKUP} of it: a station that has not reported yet) gets rows; they would all say "no data,
     * open end", which is also what computing them at a request says, and the station's first reading would make them
     * be computed again.
     */
    void closedDays(List<Station> stations, LocalDate from, LocalDate to, boolean withoutReadings,
                    java.util.function.BiConsumer<List<DayBook.Row>, Map<String, List<Reading>>> sink) {
        if (stations.size() <= ONE_BY_ONE) {
            Map<String, List<Reading>> byStation = new LinkedHashMap<>();
            for (Station s : stations) byStation.putAll(withEdges(readings.range(s.id(), start(from), end(to)), s.id(), from, to));
            List<DayBook.Row> rows = new ArrayList<>();
            closedDays(stations, from, to, byStation, withoutReadings, rows);
            sink.accept(rows, byStation);
        } else {
            inGroups(stations, from, to, (part, byStation) -> {
                List<DayBook.Row> rows = new ArrayList<>();
                closedDays(part, from, to, byStation, withoutReadings, rows);
                sink.accept(rows, byStation);
            });
        }
    }

    /** {@link #closedDays(List, LocalDate, LocalDate)} of {@code stations} from their readings, added to {@code rows}. */
    private void closedDays(List<Station> stations, LocalDate from, LocalDate to, Map<String, List<Reading>> byStation,
                            boolean withoutReadings, List<DayBook.Row> rows) {
        for (Station s : stations) {
            List<Reading> pts = byStation.getOrDefault(s.id(), List.of());
            if (pts.isEmpty() && !withoutReadings) continue;
            int k = 0; // first reading at or after the day's start
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Instant dayStart = start(d);
                Instant dayEnd = end(d);
                while (k < pts.size() && pts.get(k).time().isBefore(dayStart)) k++;
                int m = k; // first reading at or after the day's end
                while (m < pts.size() && pts.get(m).time().isBefore(dayEnd)) m++;
                List<Reading> day = new ArrayList<>(m - k + 2);
                if (k > 0 && !pts.get(k - 1).time().isBefore(dayStart.minus(EDGE_LOOKUP))) day.add(pts.get(k - 1));
                day.addAll(pts.subList(k, m));
                if (m < pts.size() && pts.get(m).time().isBefore(dayEnd.plus(EDGE_LOOKUP))) day.add(pts.get(m));
                boolean openEnd = m == pts.size();
                rows.add(new DayBook.Row(s.id(), report(s, d, d, day).days().get(0), openEnd));
            }
        }
    }

    /**
     * The readings the listed stations' days [from, to] are computed from, by station in time order: those of the range,
     * plus each station's last reading before and first reading after it ({@link Readings#lastBefore(Instant, Duration,
     * java.util.Collection)}), read as {@link #inGroups} reads them, all held at once.
     */
    public Map<String, List<Reading>> readingsOf(List<Station> stations, LocalDate from, LocalDate to) {
        Map<String, List<Reading>> out = new LinkedHashMap<>();
        inGroups(stations, from, to, (part, byStation) -> {
            for (Station s : part) {
                List<Reading> pts = byStation.get(s.id());
                if (pts != null) out.put(s.id(), pts);
            }
        });
        return out;
    }

    /** About this many readings per query when stations are read in groups. */
    private static final long GROUP_ROWS = 200_000;
    /**
     * The listed stations' readings, estimated at no more than this, are read in one query (after a first group). Named
     * groups cost InfluxDB 1.6 a regex over every station per query (~0.9 s per 500 stations at 100,000 stations on 2
     * busy cores, bench/sizing): 200,000 made two days of a sparse national fleet take 6 minutes instead of one query.
     */
    private static final long AT_ONCE_ROWS = 1_000_000;
    /** Stations of the first group, from which the rest is estimated. */
    private static final int FIRST_GROUP = 50;

    /**
     * Hands {@code each} the listed stations in groups, each with the readings its days [from, to] are computed from
     * (the range's, and each station's last before and first after it), holding one group's readings at a time. The
     * first {@value #FIRST_GROUP} stations are read by name; when all are estimated from them at no more than
     * {@value #AT_ONCE_ROWS} readings, the rest is read with one query over every station (a fleet reporting a few times a
     * day: few queries); else in groups of named stations ({@link Readings#rangeOf}) of about {@value #GROUP_ROWS}
     * readings each (a fleet reporting every few minutes: one day of 100,000 such stations is 29 M readings, far
     * beyond what one query returns within the client's 30 s, and than a heap holds as objects).
     */
    void inGroups(List<Station> stations, LocalDate from, LocalDate to,
                          java.util.function.BiConsumer<List<Station>, Map<String, List<Reading>>> each) {
        int n = stations.size();
        int group = Math.min(FIRST_GROUP, Readings.NAMED);
        for (int i = 0; i < n; ) {
            List<Station> part = stations.subList(i, Math.min(n, i + group));
            List<String> ids = part.stream().map(Station::id).toList();
            List<Reading> in = readings.rangeOf(ids, start(from), end(to));
            each.accept(part, withEdges(in, null, ids, from, to));
            i += part.size();
            long perStation = Math.max(1, (in.size() + part.size() - 1) / part.size());
            // decided after the first group only: the query over every station reads the whole fleet's readings of the
            // range (not only the rest's), so it is for a fleet whose readings are few, never for a dense fleet's tail
            if (i == part.size() && n - i > Readings.NAMED && perStation * n <= AT_ONCE_ROWS) {
                List<Station> rest = stations.subList(i, n);
                each.accept(rest, withEdges(readings.rangeAll(start(from), end(to)), null,
                        rest.stream().map(Station::id).toList(), from, to));
                return;
            }
            group = (int) Math.max(1, Math.min(Readings.NAMED, GROUP_ROWS / perStation));
        }
    }

    /** Every listed station's days [from, to] from {@code byStation}, as {@link #readingsOf} gives them. */
    public Map<String, EnergyReport> daily(List<Station> stations, LocalDate from, LocalDate to, Map<String, List<Reading>> byStation) {
        Map<String, EnergyReport> out = new LinkedHashMap<>();
        for (Station s : stations) out.put(s.id(), report(s, from, to, byStation.getOrDefault(s.id(), List.of())));
        return out;
    }

    private EnergyReport report(Station s, LocalDate from, LocalDate to, List<Reading> pts) {
        List<CounterSample> samples = new ArrayList<>(pts.size());
        for (Reading p : pts) samples.add(new CounterSample(p.time(), p.energyKwh(), p.powerKw()));
        return calculator.daily(samples, s.capacityKwp(), from, to.plusDays(1), zone);
    }

    /**
     * The readings of a range per station, with each station's last reading before and first reading after it added,
     * so energy over a reporting gap at either edge is split between the days it spans instead of lost.
     */
    private Map<String, List<Reading>> withEdges(List<Reading> inRange, String station, LocalDate from, LocalDate to) {
        return withEdges(inRange, station, null, from, to);
    }

    /** As above for all of {@code ids} (station null) or for one station ({@code ids} null). */
    private Map<String, List<Reading>> withEdges(List<Reading> inRange, String station, java.util.Collection<String> ids,
                                                      LocalDate from, LocalDate to) {
        Map<String, List<Reading>> byStation = new LinkedHashMap<>();
        edge(start(from), true, station, ids).forEach((id, p) -> byStation.computeIfAbsent(id, k -> new ArrayList<>()).add(p));
        for (Reading p : inRange) byStation.computeIfAbsent(p.station(), k -> new ArrayList<>()).add(p);
        edge(end(to), false, station, ids).forEach((id, p) -> byStation.computeIfAbsent(id, k -> new ArrayList<>()).add(p));
        return byStation;
    }

    /**
     * Each station's last reading before {@code t} ({@code before}) or first at or after it, within {@link #EDGE_LOOKUP}:
     * of one station, or of the stations {@code ids}, looking far only for those without a reading near {@code t}
     * ({@link Readings#lastBefore(Instant, Duration, java.util.Collection)}): the same readings, without one query over
     * a month of every station's readings.
     */
    private Map<String, Reading> edge(Instant t, boolean before, String station, java.util.Collection<String> ids) {
        if (station != null) {
            return before ? readings.lastBefore(t, EDGE_LOOKUP, station) : readings.firstFrom(t, EDGE_LOOKUP, station);
        }
        return before ? readings.lastBefore(t, EDGE_LOOKUP, ids) : readings.firstFrom(t, EDGE_LOOKUP, ids);
    }

    public Instant start(LocalDate from) {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end(LocalDate toInclusive) {
        return toInclusive.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
