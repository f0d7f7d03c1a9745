package org.pvmon.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pvmon.alerts.IdleStretch;
import org.pvmon.alerts.Recent;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.EnergyCalculator;

/**
 * One station's recent readings in memory, for {@link FleetState} and the alert rules ({@link Recent}), in a form whose
 * size hardly grows with the reporting rate: a station reporting every minute costs about 8 KB, not the 58-86 KB of
 * every reading of 48 h.
 *
 * <ul>
 *   <li><b>Readings</b> (time, power, counter) in three parallel primitive arrays in time order, each reading 20 bytes
 *       (an int of milliseconds after {@code base}, two doubles). Readings of the last {@link #trim settle} period are
 *       all held; older ones are <em>thinned</em>: a reading is dropped when it, the reading kept before it and the one
 *       after it are of the same local day, all carry a counter, and the counter rose normally between each pair
 *       (not down, not beyond what the capacity allows: {@link EnergyCalculator}'s limit), because then the energy
 *       calculation of any day over the kept readings is the same as over all of them (the counter's rises add up; a
 *       reset or jump, a day's first and last readings and readings without a counter are kept). What stays is a few
 *       readings a day, so today's and yesterday's energy are computed from memory at any reporting rate. (The days'
 *       {@link org.pvmon.energy.DayEnergy#samples} and {@code longestGap} then count the kept readings; the rules
 *       do not read them.)</li>
 *   <li><b>Power per 5-minute bin</b> (sum and count of the readings' power, negative as 0) over the last 50 h, in a
 *       ring of {@value #BINS} bins: the peers' curves and lost energy ({@link #meanPowerKw}).</li>
 *   <li><b>The idle stretch</b> ({@link #idle}): readings are folded into it in time order as they settle (see
 *       {@link Recent#idle}); the readings not yet settled are scanned when asked. The fold is for one threshold: a
 *       station whose threshold changes (its capacity was edited) starts a new fold from the readings not yet
 *       settled, and is asked with another threshold meanwhile, the held readings are scanned.</li>
 *   <li><b>The last {@value Recent#INTERVAL_GAPS} + 1 reading times</b>, for {@link #observedInterval}.</li>
 * </ul>
 *
 * <p>Readings older than the cutoff given to {@link #trim} are dropped, except the newest of them, kept as the
 * <em>edge</em> (the station's last reading before the window): the energy of the window's first whole day needs it.
 * Readings may arrive in any order; one with the time of a reading held replaces its fields (a NaN field keeps the
 * old value, as InfluxDB merges the fields of a point written twice). A reading that arrives after its time has
 * settled is held (the energy stays right) and counted in its power bin, but not folded into the idle stretch; one
 * that arrives twice after its time has settled and its first copy was thinned out counts twice in its bin's mean
 * (the same value, so the same mean). Thread-safe (synchronized: one writer at a time is all the ingest and the
 * refresh need).
 */
public final class ReadingWindow implements Recent {
    private static final int INITIAL = 8;
    /** Milliseconds between {@code base} and a reading must fit an int (24.8 days); the base moves on with trims. */
    private static final long MAX_OFFSET = Integer.MAX_VALUE;
    /** Power bins kept: 50 h, the 48 h window and readings up to 2 h ahead of it. */
    static final int BINS = 600;
    private static final long BIN_MS = BIN_SECONDS * 1000;
    private static final long DAY_MS = 86_400_000L;
    private static final long NONE = Long.MIN_VALUE;
    /** The calculation whose counter rules decide what thinning may drop: the one today's and yesterday's energy use. */
    /** The energy rules the window keeps readings for (the defaults {@code StationEnergy} computes days with too). */
    public static final EnergyCalculator CALCULATOR = new EnergyCalculator();

    private long base;
    private int[] time = new int[INITIAL];
    private double[] power = new double[INITIAL];
    private double[] energy = new double[INITIAL];
    private int from;
    private int to;
    private long edgeTime = NONE;
    private double edgePower;
    private double edgeEnergy;
    /** Readings before this (epoch ms) have settled: folded into the idle stretch, then thinned. */
    private long settledTo = NONE;
    private IdleStretch fold; // of the settled readings; null before the first settle
    private final long[] lastTimes = new long[INTERVAL_GAPS + 1]; // ascending; the newest reading times seen
    private int lastCount;
    private int[] binOf; // the bin (epoch ms / BIN_MS) each slot holds; allocated with the first power reading
    private float[] binSum;
    private short[] binCount;

    /** @param cutoffMs the window's start now (epoch ms): readings before it go to the edge */
    ReadingWindow(long cutoffMs) {
        this.base = cutoffMs;
    }

    /** Stores one reading (epoch ms) in time order; before {@code cutoffMs} it can only become the edge. */
    synchronized void put(long ms, double powerKw, double energyKwh, long cutoffMs) {
        if (ms < cutoffMs || ms < base) {
            if (ms > edgeTime) {
                edgeTime = ms;
                edgePower = powerKw;
                edgeEnergy = energyKwh;
            } else if (ms == edgeTime) {
                if (!Double.isNaN(powerKw)) edgePower = powerKw;
                if (!Double.isNaN(energyKwh)) edgeEnergy = energyKwh;
            }
            return;
        }
        if (ms - base > MAX_OFFSET) return; // weeks in the future: not a reading the window can use
        int off = (int) (ms - base);
        int i = position(off);
        boolean binned = ms - cutoffMs < BINS * BIN_MS; // later bins would push out the window's oldest
        if (i >= 0 && i < to) { // the same time: one point in InfluxDB, fields merged
            if (!Double.isNaN(powerKw)) {
                if (binned) {
                    if (!Double.isNaN(power[i])) bin(ms, -Math.max(0, power[i]), -1);
                    bin(ms, Math.max(0, powerKw), 1);
                }
                power[i] = powerKw;
            }
            if (!Double.isNaN(energyKwh)) energy[i] = energyKwh;
            return;
        }
        if (i < 0) i = -i - 1;
        if (to == time.length) {
            makeRoom();
            int k = position(off); // not found: appended (to) or inserted (-index - 1)
            i = k >= 0 ? to : -k - 1;
        }
        System.arraycopy(time, i, time, i + 1, to - i);
        System.arraycopy(power, i, power, i + 1, to - i);
        System.arraycopy(energy, i, energy, i + 1, to - i);
        time[i] = off;
        power[i] = powerKw;
        energy[i] = energyKwh;
        to++;
        if (binned && !Double.isNaN(powerKw)) bin(ms, Math.max(0, powerKw), 1);
        remember(ms);
    }

    /** Adds {@code kw} and {@code count} to the bin of {@code ms}, unless the ring has moved past it. */
    private void bin(long ms, double kw, int count) {
        if (binOf == null) {
            binOf = new int[BINS];
            java.util.Arrays.fill(binOf, Integer.MIN_VALUE);
            binSum = new float[BINS];
            binCount = new short[BINS];
        }
        long b = Math.floorDiv(ms, BIN_MS);
        int slot = (int) Math.floorMod(b, BINS);
        if (binOf[slot] != b) {
            if (binOf[slot] > b) return; // older than the ring holds
            binOf[slot] = (int) b;
            binSum[slot] = 0;
            binCount[slot] = 0;
        }
        binSum[slot] += (float) kw;
        if (binCount[slot] + count <= Short.MAX_VALUE) binCount[slot] += (short) count;
        if (binCount[slot] <= 0) {
            binCount[slot] = 0;
            binSum[slot] = 0;
        }
    }

    /** Keeps {@code ms} among the newest reading times seen (for the observed interval). */
    private void remember(long ms) {
        int n = lastCount;
        if (n == lastTimes.length && ms <= lastTimes[0]) return; // older than all kept
        int k = Arrays.binarySearch(lastTimes, 0, n, ms);
        if (k >= 0) return;
        k = -k - 1;
        if (n == lastTimes.length) { // drop the oldest
            System.arraycopy(lastTimes, 1, lastTimes, 0, k - 1);
            lastTimes[k - 1] = ms;
        } else {
            System.arraycopy(lastTimes, k, lastTimes, k + 1, n - k);
            lastTimes[k] = ms;
            lastCount++;
        }
    }

    /** Where {@code off} is (its index) or goes ({@code -index - 1}); appending gives {@code to}. */
    private int position(int off) {
        return to == from || time[to - 1] < off ? to : Arrays.binarySearch(time, from, to, off);
    }

    /** Index of the first reading held at or after {@code ms} (epoch), or {@code to}. */
    private int indexFrom(long ms) {
        if (ms <= base) return from; // (compared, not subtracted: ms may be Long.MIN_VALUE)
        long rel = ms - base;
        if (rel > MAX_OFFSET) return to;
        int k = Arrays.binarySearch(time, from, to, (int) rel);
        return k >= 0 ? k : -k - 1;
    }

    /** Drops the readings before {@code cutoffMs}, keeping the newest of them as the edge; nothing settles. */
    synchronized void trim(long cutoffMs) {
        int n = from;
        while (n < to && base + time[n] < cutoffMs) n++;
        if (n > from) {
            long t = base + time[n - 1];
            if (t >= edgeTime) {
                edgeTime = t;
                edgePower = power[n - 1];
                edgeEnergy = energy[n - 1];
            }
            from = n;
        }
        if (from == to) {
            from = to = 0;
        }
        if (cutoffMs - base > MAX_OFFSET / 4) { // move the base on, so future readings keep fitting an int
            int shift = (int) (cutoffMs - base);
            for (int k = from; k < to; k++) time[k] -= shift;
            base = cutoffMs;
        }
    }

    /**
     * {@link #trim(long)}, then settles the readings before {@code settleMs}: folds those not folded yet into the idle
     * stretch (threshold {@code idleThresholdKw}, {@code recoveryReadings}) in time order, and thins them (see the class).
     *
     * @param capacityKwp the station's capacity: the limit of a normal counter rise
     * @param zone        the zone of local days (a day's first and last readings are kept)
     */
    synchronized void trim(long cutoffMs, long settleMs, double capacityKwp, double idleThresholdKw, int recoveryReadings,
                           ZoneId zone) {
        trim(cutoffMs);
        if (settleMs <= settledTo) return;
        if (fold == null || !fold.isFor(idleThresholdKw, recoveryReadings)) { // a new fold from here on
            fold = new IdleStretch(idleThresholdKw, recoveryReadings);
        }
        int s = indexFrom(settleMs);
        for (int k = indexFrom(settledTo); k < s; k++) fold.add(base + time[k], power[k]);
        settledTo = settleMs;
        thin(s, capacityKwp, zone.getRules());
    }

    /** Drops the settled readings (before index {@code s}) whose energy their kept neighbours carry (see the class). */
    private void thin(int s, double capacityKwp, java.time.zone.ZoneRules zone) {
        int w = from; // next place of a kept reading
        for (int k = from; k < s; k++) {
            if (w > from && k + 1 < to) {
                int a = w - 1;
                int c = k + 1;
                long ta = base + time[a];
                long tb = base + time[k];
                long tc = base + time[c];
                if (day(ta, zone) == day(tb, zone) && day(tb, zone) == day(tc, zone)
                        && CALCULATOR.normalRise(ta, energy[a], tb, energy[k], capacityKwp)
                        && CALCULATOR.normalRise(tb, energy[k], tc, energy[c], capacityKwp)
                        && CALCULATOR.normalRise(ta, energy[a], tc, energy[c], capacityKwp)) {
                    continue; // dropped
                }
            }
            if (w != k) {
                time[w] = time[k];
                power[w] = power[k];
                energy[w] = energy[k];
            }
            w++;
        }
        if (w < s) {
            System.arraycopy(time, s, time, w, to - s);
            System.arraycopy(power, s, power, w, to - s);
            System.arraycopy(energy, s, energy, w, to - s);
            to = w + (to - s);
        }
        int n = to - from;
        if (time.length > INITIAL && time.length > 3 * n) { // give back what a burst (a load, a backfill) made it grow to
            int cap = Math.max(INITIAL, n + (n >> 1));
            time = Arrays.copyOfRange(time, from, from + cap);
            power = Arrays.copyOfRange(power, from, from + cap);
            energy = Arrays.copyOfRange(energy, from, from + cap);
            from = 0;
            to = n;
        }
    }

    private static long day(long ms, java.time.zone.ZoneRules zone) {
        return Math.floorDiv(ms + zone.getOffset(Instant.ofEpochMilli(ms)).getTotalSeconds() * 1000L, DAY_MS);
    }

    private void makeRoom() {
        int n = to - from;
        if (from > 0 && n <= time.length / 2) { // trimmed space at the front: move down
            System.arraycopy(time, from, time, 0, n);
            System.arraycopy(power, from, power, 0, n);
            System.arraycopy(energy, from, energy, 0, n);
        } else {
            int cap = Math.max(INITIAL, time.length + (time.length >> 1));
            int[] t = new int[cap];
            double[] p = new double[cap];
            double[] e = new double[cap];
            System.arraycopy(time, from, t, 0, n);
            System.arraycopy(power, from, p, 0, n);
            System.arraycopy(energy, from, e, 0, n);
            time = t;
            power = p;
            energy = e;
        }
        from = 0;
        to = n;
    }

    /** True when a reading held (or the edge) has a time in [{@code aMs}, {@code bMs}]. */
    synchronized boolean hasIn(long aMs, long bMs) {
        if (edgeTime >= aMs && edgeTime <= bMs) return true;
        int i = indexFrom(aMs);
        return i < to && base + time[i] <= bMs;
    }

    /** Readings held (the edge not counted). */
    synchronized int size() {
        return to - from;
    }

    /** Bytes of the arrays (capacity, not size) plus the object itself: what the window costs on the heap. */
    synchronized long bytes() {
        return 16L * 3 + 20L * time.length + 64 + 8L * lastTimes.length + 16 + (binOf == null ? 0 : 10L * BINS + 48);
    }

    /** Epoch ms of the newest reading, the edge when none is held, or {@link Long#MIN_VALUE}. */
    public synchronized long newestMs() {
        return to > from ? base + time[to - 1] : edgeTime;
    }

    /**
     * The readings at or after {@code fromMs}, in time order, preceded by the last reading before {@code fromMs}
     * (from the window or the edge) when {@code withBefore} and it is at or after {@code beforeNotBeforeMs}.
     */
    public synchronized List<CounterSample> samples(long fromMs, boolean withBefore, long beforeNotBeforeMs) {
        int i = indexFrom(fromMs);
        List<CounterSample> out = new ArrayList<>(to - i + 1);
        if (withBefore) {
            if (i > from) {
                long t = base + time[i - 1];
                if (t >= beforeNotBeforeMs) out.add(new CounterSample(Instant.ofEpochMilli(t), energy[i - 1], power[i - 1]));
            } else if (edgeTime != NONE && edgeTime < fromMs && edgeTime >= beforeNotBeforeMs) {
                out.add(new CounterSample(Instant.ofEpochMilli(edgeTime), edgeEnergy, edgePower));
            }
        }
        for (int k = i; k < to; k++) out.add(new CounterSample(Instant.ofEpochMilli(base + time[k]), energy[k], power[k]));
        return out;
    }

    // --- what the alert rules read (Recent) ---

    @Override
    public synchronized Instant newest() {
        return to > from ? Instant.ofEpochMilli(base + time[to - 1]) : null;
    }

    @Override
    public synchronized Duration observedInterval() {
        long[] nanos = new long[lastCount];
        for (int i = 0; i < lastCount; i++) nanos[i] = lastTimes[i] * 1_000_000L;
        return Recent.observedInterval(nanos, lastCount);
    }

    @Override
    public synchronized Idle idle(double thresholdKw, int recoveryReadings) {
        boolean folded = fold != null && fold.isFor(thresholdKw, recoveryReadings);
        IdleStretch stretch = folded ? fold.copy() : new IdleStretch(thresholdKw, recoveryReadings);
        for (int k = folded ? indexFrom(settledTo) : from; k < to; k++) stretch.add(base + time[k], power[k]);
        return stretch.result();
    }

    @Override
    public synchronized double[] meanPowerKw(long fromSecond, int bins) {
        double[] mean = new double[bins];
        Arrays.fill(mean, Double.NaN);
        if (binOf == null) return mean;
        long b0 = Math.floorDiv(fromSecond, BIN_SECONDS);
        for (int k = 0; k < bins; k++) {
            long b = b0 + k;
            int slot = (int) Math.floorMod(b, BINS);
            if (binOf[slot] == b && binCount[slot] > 0) mean[k] = binSum[slot] / binCount[slot];
        }
        return mean;
    }

    @Override
    public synchronized long firstPowerBin(long notBeforeSecond) {
        if (binOf == null) return Long.MAX_VALUE;
        long from = Math.floorDiv(notBeforeSecond, BIN_SECONDS);
        long first = Long.MAX_VALUE;
        for (int slot = 0; slot < BINS; slot++) {
            if (binCount[slot] > 0 && binOf[slot] >= from && binOf[slot] < first) first = binOf[slot];
        }
        return first == Long.MAX_VALUE ? first : first * BIN_SECONDS;
    }
}
