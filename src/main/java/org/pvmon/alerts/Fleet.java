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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import net.e175.klaus.solarpositioning.SolarPosition;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.Station;

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
 *   <li>a whole past day: the peers' median daily yield (from the inputs' days, else, for a day before them, from the
 *       {@link PeerHistory});</li>
 *   <li>else, the part inside the grid when peers have readings: the peers' median specific power integrated
 *       bin by bin (a bin where no peer reported adds nothing: night, or nothing known);</li>
 *   <li>the rest of a past day (before the grid): the peers' median daily yield times the clear-sky share of
 *       the day that it covers;</li>
 *   <li>the rest where no peer has data that day (no peers, nothing stored, or today before the grid): the clear-sky
 *       expectation times {@link #WEATHER_RATIO}, what a typical day gives.</li>
 * </ol>
 * So a silence counts every day of it, however long: the peers' yields where they are known, a typical day where not.
 *
 * <p>Built for speed at 100,000 stations: stations by index in arrays; per township and county the members' usable
 * yields of each day in one sorted array (built here) and their specific powers of a bin (built when first asked, only
 * stations with a condition ask), a station's peer median being that array's median without the station's own value
 * (exactly the median of its peers' values). Safe to read from several threads once built (the evaluator evaluates
 * stations in parallel).
 */
final class Fleet {

    static final long BIN_SECONDS = Recent.BIN_SECONDS;
    static final Duration MAX_CURVE = Duration.ofDays(2);
    /**
     * A typical day's yield as a share of the clear-sky yield (clouds, haze, rain, snow, dust): what a day without any
     * peer data is valued at. The domain's planning yield for Shandong (resource zone III) is 1,100-1,300 kWh/kWp a
     * year; its middle, 1,200, over the clear-sky year of {@link Sun} at Yinan (35.55&deg; N; 2,160 kWh/kWp, the model
     * already counting a performance ratio of 0.85) is 0.556, taken as 0.55. The clear-sky year changes by 4% between
     * 30&deg; and 40&deg; N, less than the planning range. The clear sky alone would be an upper bound, about 1.8 times a
     * typical day.
     */
    static final double WEATHER_RATIO = 0.55;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** {@link Peers#day} of power peers. */
    private static final long POWER = Long.MIN_VALUE;

    /**
     * A station's peers and where they come from ("township X" or "county Y"): the other stations of {@code group}
     * that have data (a usable {@code day}, or readings in the grid for power peers). Medians over them are taken
     * from the group's sorted values without the station's own (see {@link #medianYield}, {@link #medianPower}).
     */
    static final class Peers {
        private final StationInput station;
        private final boolean inTownship;
        private final Group group;
        private final int self;
        private final long day;
        private final int size;

        private Peers(StationInput station, boolean inTownship, Group group, int self, long day, int size) {
            this.station = station;
            this.inTownship = inTownship;
            this.group = group;
            this.self = self;
            this.day = day;
            this.size = size;
        }

        String scope() { // built when shown only: peers are asked for per station and day
            return inTownship ? "township " + station.station().township() : "county " + county(station);
        }

        int size() {
            return size;
        }
    }

    /**
     * The stations of one township or county, with per day the sorted usable yields of its members and per bin the
     * sorted specific powers of its members, each computed once when first asked for.
     */
    private static final class Group {
        final int[] members;
        final double[][] yieldsByDay;
        final double[][] powerByBin;
        int withCurve;

        Group(int[] members, int days, int bins) {
            this.members = members;
            this.yieldsByDay = new double[days][];
            this.powerByBin = new double[bins][];
        }
    }

    private final Instant now;
    private final ZoneId zone;
    private final LocalDate today;
    private final int minPeers;
    private final long gridStart; // epoch second of bin 0
    private final int bins;
    private volatile Map<String, Integer> index; // by id: only when a caller passes another instance (built then)
    private final Map<StationInput, Integer> byInstance = new java.util.IdentityHashMap<>(); // the rules pass these
    private final Object[][] memos;

    /** What a rule computes once per station and evaluation (its check and its recovered both need it). */
    enum Memo { UNDERPERFORMING_DAYS }
    private final StationInput[] stations;
    /** Usable daily yield (kWh/kWp) per station and day ({@link #firstDay} + offset), NaN when not usable. */
    private final double[][] yields;
    private final long firstDay;
    private final int dayCount;
    private final boolean[] hasCurve;
    private final double[][] curves; // per station, computed when first needed
    private final Group[] township;
    private final Group[] county;
    private final PeerHistory history;
    private final ClearSkyDays clearSkyWholeDays;
    private final ClearSkyMemo clearSkyMemo;

    /**
     * Clear-sky energies of spans at stations, kept across evaluations by the evaluator: a station silent for days
     * needs the same ones (its first day, the part after its last reading, the whole day a part is a share of) every
     * minute, each some 200 sun positions. Exact, at the station's own latitude and longitude (the value of a span
     * never changes); at most {@link #MAX} spans (about 2 MB), forgotten all at once when full. Safe for several
     * threads. The whole days of a long silence that no peer has data of are not kept here (one per station and day
     * would outgrow it) but by latitude band and calendar day in {@link ClearSkyDays}, which they need only to the
     * weather ratio's precision.
     */
    static final class ClearSkyMemo {
        static final int MAX = 20_000;

        private record Span(double lat, double lon, long from, long to) {
        }

        private final Map<Span, Double> spans = new java.util.concurrent.ConcurrentHashMap<>();

        double get(double lat, double lon, long fromSecond, long toSecond, java.util.function.DoubleSupplier compute) {
            Span key = new Span(lat, lon, fromSecond, toSecond);
            Double v = spans.get(key);
            if (v == null) {
                v = compute.getAsDouble();
                if (spans.size() >= MAX) {
                    spans.clear();
                }
                spans.put(key, v);
            }
            return v;
        }
    }

    /**
     * {@code history}: the peers' days before the inputs'; {@code clearSkyWholeDays}: clear-sky days kept between
     * evaluations (see {@link ClearSkyDays}); {@code clearSkyMemo}: clear-sky spans at stations kept between
     * evaluations (see {@link ClearSkyMemo}).
     */
    Fleet(Instant now, ZoneId zone, int minPeers, Collection<StationInput> stations, PeerHistory history,
          ClearSkyDays clearSkyWholeDays, ClearSkyMemo clearSkyMemo) {
        this.history = Objects.requireNonNull(history, "history");
        this.clearSkyWholeDays = Objects.requireNonNull(clearSkyWholeDays, "clearSkyWholeDays");
        this.clearSkyMemo = Objects.requireNonNull(clearSkyMemo, "clearSkyMemo");
        this.now = now;
        this.zone = zone;
        this.today = LocalDate.ofInstant(now, zone);
        this.minPeers = minPeers;
        this.stations = stations.toArray(new StationInput[0]);
        int n = this.stations.length;
        long nowSecond = now.getEpochSecond();
        long earliest = now.minus(MAX_CURVE).getEpochSecond();
        long first = Math.floorDiv(nowSecond, BIN_SECONDS) * BIN_SECONDS;
        long minDay = Long.MAX_VALUE;
        long maxDay = Long.MIN_VALUE;
        for (StationInput s : this.stations) {
            first = Math.min(first, s.recent().firstPowerBin(earliest));
            for (DayEnergy d : s.days()) {
                long e = d.date().toEpochDay();
                minDay = Math.min(minDay, e);
                maxDay = Math.max(maxDay, e);
            }
        }
        this.gridStart = first;
        this.bins = (int) Math.max(0, (nowSecond - gridStart + BIN_SECONDS - 1) / BIN_SECONDS);
        this.firstDay = minDay == Long.MAX_VALUE ? 0 : minDay;
        this.dayCount = minDay == Long.MAX_VALUE ? 0 : (int) (maxDay - minDay + 1);
        this.yields = new double[n][];
        this.hasCurve = new boolean[n];
        this.curves = new double[n][];
        this.township = new Group[n];
        this.county = new Group[n];
        this.memos = new Object[Memo.values().length][n];
        Map<String, List<Integer>> byTownship = new HashMap<>();
        Map<String, List<Integer>> byCounty = new HashMap<>();
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> { // each slot by one thread
            yields[i] = usableYields(this.stations[i]);
            hasCurve[i] = anyPowerInGrid(this.stations[i]);
        });
        for (int i = 0; i < n; i++) {
            StationInput s = this.stations[i];
            byInstance.put(s, i);
            byTownship.computeIfAbsent(townshipKey(s), k -> new ArrayList<>()).add(i);
            byCounty.computeIfAbsent(county(s), k -> new ArrayList<>()).add(i);
        }
        group(byTownship, township);
        group(byCounty, county);
    }

    /** Groups by key; each group's yields per day sorted here (the view is read by several threads once built). */
    private void group(Map<String, List<Integer>> byKey, Group[] of) {
        for (List<Integer> members : byKey.values()) {
            Group g = new Group(members.stream().mapToInt(Integer::intValue).toArray(), dayCount, bins);
            for (int m : g.members) {
                of[m] = g;
                if (hasCurve[m]) g.withCurve++;
            }
            for (int k = 0; k < dayCount; k++) {
                int day = k;
                g.yieldsByDay[k] = finiteSorted(Arrays.stream(g.members).mapToDouble(p -> yields[p][day]).toArray());
            }
        }
    }

    Instant now() {
        return now;
    }

    LocalDate today() {
        return today;
    }

    Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    String local(Instant t) {
        return LOCAL.format(t.atZone(zone));
    }

    /** Peers with readings in the grid (see the class comment). */
    Peers powerPeers(StationInput s) {
        int i = indexOf(s);
        int own = hasCurve[i] ? 1 : 0;
        Group t = township[i];
        if (t.withCurve - own >= minPeers) {
            return new Peers(s, true, t, i, POWER, t.withCurve - own);
        }
        Group c = county[i];
        return new Peers(s, false, c, i, POWER, c.withCurve - own);
    }

    /** Peers with a usable day {@code d}. */
    Peers dayPeers(StationInput s, LocalDate d) {
        int i = indexOf(s);
        long day = d.toEpochDay();
        int own = Double.isFinite(yieldOf(i, day)) ? 1 : 0;
        Group t = township[i];
        int inTownship = yieldsOf(t, day).length - own;
        if (inTownship >= minPeers) {
            return new Peers(s, true, t, i, day, inTownship);
        }
        Group c = county[i];
        return new Peers(s, false, c, i, day, yieldsOf(c, day).length - own);
    }

    /** The station's yield on a usable day, kWh/kWp, else NaN. */
    double specificYield(StationInput s, LocalDate d) {
        return yieldOf(indexOf(s), d.toEpochDay());
    }

    /** Median daily yield of {@code peers} on {@code d}, kWh/kWp; NaN when none has a usable day. */
    double medianYield(Peers peers, LocalDate d) {
        long day = d.toEpochDay();
        if (peers.day == day) { // the group's usable yields of the day, without the station's own
            return medianWithout(yieldsOf(peers.group, day), yieldOf(peers.self, day));
        }
        double[] v = Arrays.stream(members(peers)).mapToDouble(p -> yieldOf(p, day)).toArray();
        return median(v);
    }

    /** Median specific power of {@code peers} in the bin holding {@code t}, kW/kWp; NaN when none reported. */
    double medianPower(Peers peers, Instant t) {
        int k = bin(t);
        if (k < 0 || k >= bins) {
            return Double.NaN;
        }
        if (peers.day == POWER) { // the group's powers in the bin, without the station's own
            return medianWithout(powersOf(peers.group, k), hasCurve[peers.self] ? curve(peers.self)[k] : Double.NaN);
        }
        return median(Arrays.stream(members(peers)).mapToDouble(p -> curve(p)[k]).toArray());
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
        Instant gridFrom = Instant.ofEpochSecond(gridStart);
        LocalDate last = LocalDate.ofInstant(to.minusNanos(1), zone);
        LocalDate d = LocalDate.ofInstant(from, zone);
        Instant dayStart = startOf(d);
        for (; !d.isAfter(last); d = d.plusDays(1)) {
            Instant dayEnd = startOf(d.plusDays(1));
            Instant a = from.isAfter(dayStart) ? from : dayStart;
            Instant b = to.isBefore(dayEnd) ? to : dayEnd;
            double dayMedian = d.isBefore(today()) ? pastMedian(s, d) : Double.NaN;
            boolean whole = a.equals(dayStart) && b.equals(dayEnd);
            if (whole && Double.isFinite(dayMedian)) {
                sum += dayMedian;
            } else {
                Instant curvesFrom = a.isBefore(gridFrom) ? gridFrom : a;
                Instant uncovered = b;
                if (power.size() > 0 && curvesFrom.isBefore(b)) {
                    sum += integrate(curvesFrom, b, t -> orZero(medianPower(power, t)));
                    uncovered = curvesFrom;
                }
                if (a.isBefore(uncovered) && Double.isFinite(dayMedian)) {
                    double day = clearSkyDay(s, d);
                    sum += day > 0 ? dayMedian * clearSky(s, a, uncovered) / day : 0;
                } else if (whole && uncovered.equals(dayEnd)) { // a whole day no peer has data of (and no curve)
                    sum += clearSkyWholeDays.kwhPerKwp(s.station().lat(), d) * WEATHER_RATIO;
                } else if (a.isBefore(uncovered)) {
                    sum += clearSky(s, a, uncovered) * WEATHER_RATIO;
                }
            }
            dayStart = dayEnd;
        }
        return sum;
    }

    /**
     * The peers' median yield on past day {@code d}, kWh/kWp: from the inputs' days (peers as {@link #dayPeers} picks
     * them), else from the history; NaN when neither knows one.
     */
    private double pastMedian(StationInput s, LocalDate d) {
        long k = d.toEpochDay() - firstDay;
        if (k >= 0 && k < dayCount) {
            double m = medianYield(dayPeers(s, d), d);
            if (Double.isFinite(m)) {
                return m;
            }
        }
        return history.median(s.station(), d, minPeers);
    }

    /**
     * Clear-sky energy over [a, b), kWh/kWp (remembered, see {@link ClearSkyMemo}; bins in the night need no sun
     * position: there it is 0).
     */
    double clearSky(StationInput s, Instant a, Instant b) {
        double lat = s.station().lat();
        double lon = s.station().lon();
        return clearSkyMemo.get(lat, lon, a.getEpochSecond(), b.getEpochSecond(), () -> clearSkyKwh(lat, lon, a, b));
    }

    /**
     * Clear-sky energy at a place over [a, b), kWh/kWp, computed (not remembered): the clear-sky power at each 5-minute
     * bin's middle, bins where the sun provably stays below {@link Sun#CLEAR_SKY_DARK_DEG} counted 0 without a sun
     * position (exactly what {@link Sun#clearSkyKwPerKwp} gives there).
     */
    static double clearSkyKwh(double lat, double lon, Instant a, Instant b) {
        Sun.Dark dark = new Sun.Dark(Sun.CLEAR_SKY_DARK_DEG);
        return integrate(a, b, binStart -> {
            Instant t = binStart.plusSeconds(BIN_SECONDS / 2);
            if (dark.covers(t)) {
                return 0.0;
            }
            SolarPosition sun = Sun.position(lat, lon, t);
            dark.saw(t, Sun.elevationDeg(sun));
            return Sun.clearSkyKwPerKwp(sun);
        });
    }

    private double clearSkyDay(StationInput s, LocalDate d) {
        return clearSky(s, startOf(d), startOf(d.plusDays(1)));
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

    /** The peers' stations: the group's members other than the station, with data (see {@link Peers}). */
    private int[] members(Peers peers) {
        return Arrays.stream(peers.group.members).filter(p -> p != peers.self
                && (peers.day == POWER ? hasCurve[p] : Double.isFinite(yieldOf(p, peers.day)))).toArray();
    }

    /**
     * The value {@code compute} gives for station {@code s}, computed on the first call per station and kept for this
     * evaluation. A station is evaluated by one thread, so its slot needs no lock.
     */
    Object memo(StationInput s, Memo what, java.util.function.Supplier<?> compute) {
        Object[] slots = memos[what.ordinal()];
        int i = indexOf(s);
        Object v = slots[i];
        if (v == null) {
            v = compute.get();
            slots[i] = v;
        }
        return v;
    }

    private int indexOf(StationInput s) {
        Integer i = byInstance.get(s);
        if (i == null) {
            Map<String, Integer> byId = index;
            if (byId == null) {
                byId = new HashMap<>();
                for (int k = 0; k < stations.length; k++) byId.put(stations[k].id(), k);
                index = byId;
            }
            i = byId.get(s.id());
        }
        if (i == null) {
            throw new IllegalArgumentException("station " + s.id() + " is not in this fleet");
        }
        return i;
    }

    private double yieldOf(int station, long day) {
        long k = day - firstDay;
        return k < 0 || k >= dayCount ? Double.NaN : yields[station][(int) k];
    }

    /** The group's usable yields of {@code day}, sorted. */
    private double[] yieldsOf(Group g, long day) {
        long k = day - firstDay;
        if (k < 0 || k >= dayCount) {
            return new double[0];
        }
        return g.yieldsByDay[(int) k];
    }

    /** The group's specific powers in bin {@code k}, sorted (stations without power there left out). */
    private double[] powersOf(Group g, int k) {
        synchronized (g) { // stations are evaluated in parallel; few ask (those with a condition)
            double[] v = g.powerByBin[k];
            if (v == null) {
                v = finiteSorted(Arrays.stream(g.members).filter(p -> hasCurve[p]).mapToDouble(p -> curve(p)[k]).toArray());
                g.powerByBin[k] = v;
            }
            return v;
        }
    }

    private double[] curve(int station) {
        synchronized (curves) { // (a group's lock may be held: always in that order)
            double[] c = curves[station];
            if (c == null) {
                c = curve(stations[station]);
                curves[station] = c;
            }
            return c;
        }
    }

    /** True when the station has a reading with power in the grid (what its curve would show). */
    private boolean anyPowerInGrid(StationInput s) {
        return s.recent().firstPowerBin(gridStart) < gridStart + bins * BIN_SECONDS;
    }

    private int bin(Instant t) {
        return (int) Math.floorDiv(t.getEpochSecond() - gridStart, BIN_SECONDS);
    }

    /** Mean specific power per bin (negative power as 0), NaN where the station sent no power. */
    private double[] curve(StationInput s) {
        double[] curve = s.recent().meanPowerKw(gridStart, bins);
        for (int k = 0; k < bins; k++) curve[k] /= s.capacityKwp();
        return curve;
    }

    /** The station's usable daily yields by day offset, NaN where a day is missing or not usable. */
    private double[] usableYields(StationInput s) {
        double[] out = new double[dayCount];
        Arrays.fill(out, Double.NaN);
        for (DayEnergy d : s.days()) {
            double y = usableYield(d, s.capacityKwp());
            if (Double.isFinite(y)) {
                out[(int) (d.date().toEpochDay() - firstDay)] = y;
            }
        }
        return out;
    }

    /** A day's yield, kWh/kWp, when the day is usable (it has data, no counter reset or jump), else NaN. */
    static double usableYield(DayEnergy d, double capacityKwp) {
        boolean usable = d.hasData() && d.resets() == 0 && d.jumps() == 0 && capacityKwp > 0 && Double.isFinite(capacityKwp);
        return usable ? d.kwh().doubleValue() / capacityKwp : Double.NaN;
    }

    private static String townshipKey(StationInput s) {
        return county(s) + "|" + townshipName(s.station());
    }

    private static String county(StationInput s) {
        return countyKey(s.station());
    }

    /** The county a station's peers are looked for in (no county: the stations without one). */
    static String countyKey(Station s) {
        return Objects.toString(s.county(), "");
    }

    /** The township, within its county, a station's peers are first looked for in. */
    static String townshipName(Station s) {
        return Objects.toString(s.township(), "");
    }

    private static double orZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static double[] finiteSorted(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(v);
        return v;
    }

    /**
     * Median of {@code sorted} (finite values, ascending) without one occurrence of {@code own} when that is finite
     * (it is then among them): the same as {@link #median} of the values without it.
     */
    static double medianWithout(double[] sorted, double own) {
        int skip = Double.isFinite(own) ? Arrays.binarySearch(sorted, own) : -1;
        if (Double.isFinite(own) && skip < 0) {
            throw new IllegalStateException("own value " + own + " is not among the group's");
        }
        int n = skip >= 0 ? sorted.length - 1 : sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        int m = n / 2;
        return n % 2 == 1 ? at(sorted, m, skip) : (at(sorted, m - 1, skip) + at(sorted, m, skip)) / 2;
    }

    /** The {@code rank}th value of {@code sorted} once index {@code skip} (if ≥ 0) is left out. */
    private static double at(double[] sorted, int rank, int skip) {
        return skip >= 0 && rank >= skip ? sorted[rank + 1] : sorted[rank];
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
