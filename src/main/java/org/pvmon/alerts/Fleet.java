package org.pvmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.DayEnergy;

/**
 * The whole fleet as seen at one evaluation instant: every station's specific power (kW/kWp) on a grid of
 * 5-minute bins over the last 2 days at most, its usable daily yields (kWh/kWp), and who its peers are.
 *
 * <p>Peers of a station are the other stations of its township when at least {@code minPeers} of them have
 * data (readings in the grid for power, a usable day for daily yield), else the other stations of its county
 * that have data, however few. A usable day has data and no counter reset or jump (its energy is trustworthy).
 *
 * <p><b>Expected energy</b> over [from, to), per local day it overlaps:
 * <ol>
 *   <li>a whole past day: the peers' median daily yield;</li>
 *   <li>else, the part inside the grid when peers have readings: the peers' median specific power integrated
 *       bin by bin (a bin where no peer reported adds nothing: night, or nothing known);</li>
 *   <li>the rest of a past day (before the grid): the peers' median daily yield times the clear-sky share of
 *       the day that it covers;</li>
 *   <li>when the station has no peers at all: the clear-sky expectation (an upper bound: no weather).</li>
 * </ol>
 * Anything else adds nothing, so where data is missing the figure is a lower bound.
 */
final class Fleet {

    static final long BIN_SECONDS = 300;
    static final Duration MAX_CURVE = Duration.ofDays(2);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A station's peers and where they come from ("township X" or "county Y"). */
    record Peers(String scope, List<StationInput> members) {
        int size() {
            return members.size();
        }
    }

    private final Instant now;
    private final ZoneId zone;
    private final int minPeers;
    private final long gridStart; // epoch second of bin 0
    private final int bins;
    private final Map<String, double[]> curves = new HashMap<>();
    private final Map<String, Map<LocalDate, Double>> yields = new HashMap<>();
    private final Map<String, List<StationInput>> byTownship = new HashMap<>();
    private final Map<String, List<StationInput>> byCounty = new HashMap<>();
    private final Map<String, Peers> powerPeers = new HashMap<>();
    private final Map<String, Double> clearSkyDays = new HashMap<>();
    // Memos: the rules ask for the same station-day peers and medians several times (UNDERPERFORMING's check and
    // recovered, expected energy); both are fixed for the lifetime of this view.
    private final Map<LocalDate, Map<String, Peers>> dayPeers = new HashMap<>();
    private final Map<Peers, Map<LocalDate, Double>> medianYields = new IdentityHashMap<>();

    Fleet(Instant now, ZoneId zone, int minPeers, Collection<StationInput> stations) {
        this.now = now;
        this.zone = zone;
        this.minPeers = minPeers;
        Instant earliest = now.minus(MAX_CURVE);
        Instant first = stations.stream().flatMap(s -> s.recent().stream()).map(CounterSample::time)
                .filter(t -> !t.isBefore(earliest) && t.isBefore(now)).min(Instant::compareTo).orElse(now);
        this.gridStart = Math.floorDiv(first.getEpochSecond(), BIN_SECONDS) * BIN_SECONDS;
        this.bins = (int) Math.max(0, (now.getEpochSecond() - gridStart + BIN_SECONDS - 1) / BIN_SECONDS);
        for (StationInput s : stations) {
            curves.put(s.id(), curve(s));
            yields.put(s.id(), usableYields(s));
            byTownship.computeIfAbsent(townshipKey(s), k -> new ArrayList<>()).add(s);
            byCounty.computeIfAbsent(county(s), k -> new ArrayList<>()).add(s);
        }
    }

    Instant now() {
        return now;
    }

    LocalDate today() {
        return LocalDate.ofInstant(now, zone);
    }

    Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    String local(Instant t) {
        return LOCAL.format(t.atZone(zone));
    }

    /** Peers with readings in the grid (see the class comment). */
    Peers powerPeers(StationInput s) {
        return powerPeers.computeIfAbsent(s.id(), id -> peers(s, p -> hasCurve(p)));
    }

    /** Peers with a usable day {@code d}. */
    Peers dayPeers(StationInput s, LocalDate d) {
        return dayPeers.computeIfAbsent(d, k -> new HashMap<>())
                .computeIfAbsent(s.id(), id -> peers(s, p -> yields.get(p.id()).containsKey(d)));
    }

    /** The station's yield on a usable day, kWh/kWp, else NaN. */
    double specificYield(StationInput s, LocalDate d) {
        return yields.get(s.id()).getOrDefault(d, Double.NaN);
    }

    /** Median daily yield of {@code peers} on {@code d}, kWh/kWp; NaN when none has a usable day. */
    double medianYield(Peers peers, LocalDate d) {
        return medianYields.computeIfAbsent(peers, k -> new HashMap<>())
                .computeIfAbsent(d, k -> median(peers.members().stream().mapToDouble(p -> specificYield(p, d)).toArray()));
    }

    /** Median specific power of {@code peers} in the bin holding {@code t}, kW/kWp; NaN when none reported. */
    double medianPower(Peers peers, Instant t) {
        int k = bin(t);
        if (k < 0 || k >= bins) {
            return Double.NaN;
        }
        return median(peers.members().stream().mapToDouble(p -> curves.get(p.id())[k]).toArray());
    }

    /**
     * Seconds of [from, now) in the grid during which {@code producing} holds for a bin (tested with the bin's
     * start), counting partial bins by their overlap.
     */
    long secondsWhere(Instant from, Predicate<Instant> producing) {
        long total = 0;
        long a = Math.max(from.getEpochSecond(), gridStart);
        for (int k = Math.max(0, bin(Instant.ofEpochSecond(a))); k < bins; k++) {
            long binStart = gridStart + k * BIN_SECONDS;
            long overlap = Math.min(binStart + BIN_SECONDS, now.getEpochSecond()) - Math.max(binStart, a);
            if (overlap > 0 && producing.test(Instant.ofEpochSecond(binStart))) {
                total += overlap;
            }
        }
        return total;
    }

    /** Expected energy of {@code s} over [from, to), kWh/kWp (see the class comment). */
    double expectedKwhPerKwp(StationInput s, Instant from, Instant to) {
        double sum = 0;
        if (!to.isAfter(from)) {
            return sum;
        }
        Peers power = powerPeers(s);
        LocalDate last = LocalDate.ofInstant(to.minusNanos(1), zone);
        for (LocalDate d = LocalDate.ofInstant(from, zone); !d.isAfter(last); d = d.plusDays(1)) {
            Instant dayStart = startOf(d);
            Instant dayEnd = startOf(d.plusDays(1));
            Instant a = from.isAfter(dayStart) ? from : dayStart;
            Instant b = to.isBefore(dayEnd) ? to : dayEnd;
            Peers dayPeers = dayPeers(s, d);
            double dayMedian = d.isBefore(today()) ? medianYield(dayPeers, d) : Double.NaN;
            boolean whole = a.equals(dayStart) && b.equals(dayEnd);
            if (whole && Double.isFinite(dayMedian)) {
                sum += dayMedian;
                continue;
            }
            Instant gridFrom = Instant.ofEpochSecond(gridStart);
            Instant curvesFrom = a.isBefore(gridFrom) ? gridFrom : a;
            Instant uncovered = b;
            if (power.size() > 0 && curvesFrom.isBefore(b)) {
                sum += integrate(curvesFrom, b, t -> orZero(medianPower(power, t)));
                uncovered = curvesFrom;
            }
            if (a.isBefore(uncovered) && Double.isFinite(dayMedian)) {
                double day = clearSkyDay(s, d);
                sum += day > 0 ? dayMedian * clearSky(s, a, uncovered) / day : 0;
            } else if (a.isBefore(uncovered) && power.size() == 0 && dayPeers.size() == 0) {
                sum += clearSky(s, a, uncovered);
            }
        }
        return sum;
    }

    /** Clear-sky energy over [a, b), kWh/kWp. */
    double clearSky(StationInput s, Instant a, Instant b) {
        return integrate(a, b, t -> Sun.clearSkyKwPerKwp(s.station().lat(), s.station().lon(),
                t.plusSeconds(BIN_SECONDS / 2)));
    }

    private double clearSkyDay(StationInput s, LocalDate d) {
        return clearSkyDays.computeIfAbsent(s.id() + "|" + d, k -> clearSky(s, startOf(d), startOf(d.plusDays(1))));
    }

    /** Integrates a per-bin value (looked up by the bin's start, on epoch-aligned bins) over [a, b), in hours. */
    private static double integrate(Instant a, Instant b, Function<Instant, Double> perBin) {
        double sum = 0;
        long from = a.getEpochSecond();
        long to = b.getEpochSecond();
        for (long binStart = Math.floorDiv(from, BIN_SECONDS) * BIN_SECONDS; binStart < to; binStart += BIN_SECONDS) {
            long overlap = Math.min(binStart + BIN_SECONDS, to) - Math.max(binStart, from);
            if (overlap > 0) {
                sum += perBin.apply(Instant.ofEpochSecond(binStart)) * overlap / 3600.0;
            }
        }
        return sum;
    }

    private Peers peers(StationInput s, Predicate<StationInput> hasData) {
        List<StationInput> township = others(byTownship.get(townshipKey(s)), s, hasData);
        if (township.size() >= minPeers) {
            return new Peers("township " + s.station().township(), township);
        }
        return new Peers("county " + county(s), others(byCounty.get(county(s)), s, hasData));
    }

    private static List<StationInput> others(List<StationInput> group, StationInput s,
                                             Predicate<StationInput> hasData) {
        return group.stream().filter(p -> !p.id().equals(s.id()) && hasData.test(p)).toList();
    }

    private boolean hasCurve(StationInput s) {
        return Arrays.stream(curves.get(s.id())).anyMatch(Double::isFinite);
    }

    private int bin(Instant t) {
        return (int) Math.floorDiv(t.getEpochSecond() - gridStart, BIN_SECONDS);
    }

    /** Mean specific power per bin (negative power as 0), NaN where the station sent no power. */
    private double[] curve(StationInput s) {
        double[] sum = new double[bins];
        int[] count = new int[bins];
        for (CounterSample r : s.recent()) {
            int k = bin(r.time());
            if (k >= 0 && k < bins && Double.isFinite(r.powerKw())) {
                sum[k] += Math.max(0, r.powerKw());
                count[k]++;
            }
        }
        double[] curve = new double[bins];
        for (int k = 0; k < bins; k++) {
            curve[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k] / s.capacityKwp();
        }
        return curve;
    }

    private static Map<LocalDate, Double> usableYields(StationInput s) {
        Map<LocalDate, Double> out = new HashMap<>();
        for (DayEnergy d : s.days()) {
            if (d.hasData() && d.resets() == 0 && d.jumps() == 0) {
                out.put(d.date(), d.kwh().doubleValue() / s.capacityKwp());
            }
        }
        return out;
    }

    private static String townshipKey(StationInput s) {
        return county(s) + "|" + Objects.toString(s.station().township(), "");
    }

    private static String county(StationInput s) {
        return Objects.toString(s.station().county(), "");
    }

    private static double orZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** Median of the finite values, NaN when there is none. */
    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
