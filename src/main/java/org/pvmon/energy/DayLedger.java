package org.pvmon.energy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Per-day accumulators for one report: local day boundaries, energy shares, counts and notes.
 * Everything added outside [start of {@code from}, start of {@code to}) is ignored.
 */
final class DayLedger {

    private static final int SCALE = 3;

    private final ZoneId zone;
    private final LocalDate[] dates;
    private final Instant[] starts; // day i is [starts[i], starts[i + 1])
    private final double[] kwh;
    private final int[] samples;
    private final int[] resets;
    private final int[] jumps;
    private final boolean[] covered;
    private final boolean[] integrated;
    private final long[] uncoveredNanos;
    private final int[] uncoveredIntervals;
    private final Instant[] lastFence;
    private final Duration[] longestGap;
    private final List<List<String>> notes;

    DayLedger(LocalDate from, LocalDate to, ZoneId zone) {
        this.zone = zone;
        int n = (int) (to.toEpochDay() - from.toEpochDay());
        dates = new LocalDate[n];
        starts = new Instant[n + 1];
        for (int i = 0; i <= n; i++) {
            LocalDate date = from.plusDays(i);
            starts[i] = date.atStartOfDay(zone).toInstant();
            if (i < n) {
                dates[i] = date;
            }
        }
        kwh = new double[n];
        samples = new int[n];
        resets = new int[n];
        jumps = new int[n];
        covered = new boolean[n];
        integrated = new boolean[n];
        uncoveredNanos = new long[n];
        uncoveredIntervals = new int[n];
        lastFence = Arrays.copyOf(starts, n);
        longestGap = new Duration[n];
        Arrays.fill(longestGap, Duration.ZERO);
        notes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            notes.add(new ArrayList<>());
        }
    }

    /** Index of the day containing {@code t}, or -1 when outside the report. */
    int dayOf(Instant t) {
        if (dates.length == 0 || t.isBefore(starts[0]) || !t.isBefore(starts[dates.length])) {
            return -1;
        }
        int i = Arrays.binarySearch(starts, t);
        return i >= 0 ? i : -i - 2;
    }

    /** Counts a sample; samples must arrive in time order. */
    void sample(Instant t) {
        int i = dayOf(t);
        if (i < 0) {
            return;
        }
        samples[i]++;
        fence(i, t);
    }

    /**
     * Adds {@code energy} produced over [a, b), shared between the days it overlaps pro rata by time.
     * The overlapped days count as covered (their energy is known there).
     */
    void spread(Instant a, Instant b, double energy, boolean byPowerIntegration) {
        double total = nanos(a, b);
        forEachOverlap(a, b, (i, overlap) -> {
            kwh[i] += energy * (overlap / total);
            covered[i] = true;
            integrated[i] |= byPowerIntegration;
        });
    }

    /** Marks [a, b) as time where no energy could be determined from power. */
    void uncovered(Instant a, Instant b) {
        forEachOverlap(a, b, (i, overlap) -> {
            uncoveredNanos[i] += overlap;
            uncoveredIntervals[i]++;
        });
    }

    void reset(Instant t, String note) {
        int i = dayOf(t);
        if (i >= 0) {
            resets[i]++;
            notes.get(i).add(note);
        }
    }

    void jump(Instant t, String note) {
        int i = dayOf(t);
        if (i >= 0) {
            jumps[i]++;
            notes.get(i).add(note);
        }
    }

    /** Adds a note to every day that [a, b) overlaps. */
    void noteOver(Instant a, Instant b, String note) {
        forEachOverlap(a, b, (i, overlap) -> notes.get(i).add(note));
    }

    /** True when [a, b) touches more than one local day (inside or outside the report). */
    boolean crossesMidnight(Instant a, Instant b) {
        Instant lastInstant = b.minusNanos(1);
        return !a.atZone(zone).toLocalDate().equals(lastInstant.atZone(zone).toLocalDate());
    }

    String local(Instant t) {
        return t.atZone(zone).toOffsetDateTime().toString();
    }

    List<DayEnergy> build() {
        int n = dates.length;
        BigDecimal[] exact = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            exact[i] = BigDecimal.valueOf(Math.max(0.0, kwh[i]));
        }
        BigDecimal[] rounded = allocate(exact);
        List<DayEnergy> days = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Duration gap = max(longestGap[i], Duration.between(lastFence[i], starts[i + 1]));
            boolean hasData = samples[i] > 0 || covered[i];
            List<String> dayNotes = new ArrayList<>(notes.get(i));
            if (uncoveredIntervals[i] > 0) {
                dayNotes.add(String.format(Locale.ROOT, "power not integrated over %d interval(s) without power or longer "
                        + "than the integration limit (%s of the day): energy may be missing",
                        uncoveredIntervals[i], EnergyCalculator.hoursMinutes(Duration.ofNanos(uncoveredNanos[i]))));
            }
            boolean estimated = hasData && (integrated[i] || uncoveredIntervals[i] > 0);
            days.add(new DayEnergy(dates[i], hasData ? rounded[i] : BigDecimal.ZERO.setScale(SCALE),
                    hasData, estimated, samples[i], resets[i], jumps[i], gap, dayNotes));
        }
        return days;
    }

    /**
     * Rounds {@code exact} (non-negative) to 0.001 so that the parts add up to the exact total rounded
     * {@link EnergyCalculator#ROUNDING}: every part is first truncated, then the missing thousandths
     * go one each to the parts with the largest remainders (ties: the earlier day).
     */
    static BigDecimal[] allocate(BigDecimal[] exact) {
        BigDecimal total = Arrays.stream(exact).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(SCALE, EnergyCalculator.ROUNDING);
        BigDecimal[] parts = new BigDecimal[exact.length];
        BigDecimal[] remainders = new BigDecimal[exact.length];
        BigDecimal sum = BigDecimal.ZERO.setScale(SCALE);
        for (int i = 0; i < exact.length; i++) {
            parts[i] = exact[i].setScale(SCALE, RoundingMode.DOWN);
            remainders[i] = exact[i].subtract(parts[i]);
            sum = sum.add(parts[i]);
        }
        BigDecimal unit = BigDecimal.ONE.movePointLeft(SCALE);
        int missing = total.subtract(sum).divide(unit).intValueExact();
        Integer[] order = new Integer[exact.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer, BigDecimal>comparing(i -> remainders[i]).reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (int k = 0; k < missing; k++) {
            parts[order[k]] = parts[order[k]].add(unit);
        }
        return parts;
    }

    private interface Overlap {
        void accept(int day, long overlapNanos);
    }

    private void forEachOverlap(Instant a, Instant b, Overlap action) {
        int n = dates.length;
        if (n == 0) {
            return;
        }
        Instant lo = a.isBefore(starts[0]) ? starts[0] : a;
        Instant hi = b.isAfter(starts[n]) ? starts[n] : b;
        if (!lo.isBefore(hi)) {
            return;
        }
        for (int i = dayOf(lo); i < n && starts[i].isBefore(hi); i++) {
            Instant s = lo.isAfter(starts[i]) ? lo : starts[i];
            Instant e = hi.isBefore(starts[i + 1]) ? hi : starts[i + 1];
            long overlap = Duration.between(s, e).toNanos();
            if (overlap > 0) {
                action.accept(i, overlap);
            }
        }
    }

    private void fence(int i, Instant t) {
        longestGap[i] = max(longestGap[i], Duration.between(lastFence[i], t));
        lastFence[i] = t;
    }

    private static Duration max(Duration x, Duration y) {
        return x.compareTo(y) >= 0 ? x : y;
    }

    static double nanos(Instant a, Instant b) {
        return Duration.between(a, b).toNanos();
    }
}
