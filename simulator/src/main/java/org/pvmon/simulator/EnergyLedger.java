package org.pvmon.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The cumulative energy counter of one station as a pure function of time, so that backfill and
 * live runs agree for any timestamp and any reporting interval.
 *
 * <p>Power is sampled on a fixed grid ({@link #STEP_SECONDS}, aligned to local midnight) and
 * integrated with the trapezoid rule; between grid points the counter follows the linear
 * interpolation of power, so it is continuous and never decreases. The counter is anchored at
 * {@link #EPOCH} (local midnight) with a plausible lifetime value (years since grid connection x
 * capacity x ~1150 kWh/kWp); later and earlier days add or subtract their daily energies, which
 * are computed once and cached.
 */
final class EnergyLedger {

    static final int STEP_SECONDS = 300;
    static final LocalDate EPOCH = LocalDate.of(2026, 1, 1);
    private static final double STEP_HOURS = STEP_SECONDS / 3600.0;
    private static final int CACHED_DAYS = 6;

    private final ToDoubleFunction<Instant> powerKw;
    private final long baseMicro;
    // in micro-kWh, so that day boundaries add up exactly and the counter never steps back by a rounding error
    private long[] forward = {0};  // forward[i]  = energy of days EPOCH .. EPOCH+i-1
    private long[] backward = {0}; // backward[i] = energy of days EPOCH-i .. EPOCH-1
    private int forwardSize = 1;
    private int backwardSize = 1;
    private final Map<LocalDate, double[]> profiles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LocalDate, double[]> eldest) {
            return size() > CACHED_DAYS;
        }
    };

    /**
     * @param powerKw the station's effective AC power at an instant (faults included)
     * @param base    the counter at EPOCH
     */
    EnergyLedger(ToDoubleFunction<Instant> powerKw, double base) {
        this.powerKw = powerKw;
        this.baseMicro = Math.round(base * 1e6);
    }

    /** A plausible counter at EPOCH: years since grid connection x capacity x ~1150, with a per-station spread. */
    static double baseAtEpoch(Station station, long seed) {
        long days = EPOCH.toEpochDay() - station.gridConnectionDate().toEpochDay();
        if (days <= 0) {
            return 0;
        }
        double spread = 0.93 + 0.14 * Noise.uniform(Noise.key(seed, station.id()), -2);
        return station.capacityKwp() * 1150 * spread * days / 365.25;
    }

    /** The counter reading in kWh at {@code t} (never negative). */
    synchronized double counterAt(Instant t) {
        long localSecond = t.getEpochSecond() + PvModel.ZONE.getRules().getOffset(t).getTotalSeconds();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(localSecond, 86_400));
        double secondOfDay = Math.floorMod(localSecond, 86_400) + t.getNano() / 1e9;
        double[] p = profile(date);
        int steps = p.length / 2 - 1;
        int k = Math.min(steps - 1, (int) (secondOfDay / STEP_SECONDS));
        double u = (secondOfDay - (double) k * STEP_SECONDS) / STEP_SECONDS;
        double p0 = p[k];
        double p1 = p[k + 1];
        double lo = p[steps + 1 + k];
        double hi = p[steps + 2 + k];
        double within = Math.max(lo, Math.min(hi, lo + STEP_HOURS * (p0 * u + (p1 - p0) * u * u / 2)));
        long withinMicro = Math.min(micro(p[p.length - 1]), (long) Math.floor(within * 1e6));
        return Math.max(0, baseMicro + cumulativeBefore(date) + withinMicro) / 1e6;
    }

    /** Energy of one local day in kWh. */
    synchronized double dayEnergy(LocalDate date) {
        double[] p = profile(date);
        return p[p.length - 1];
    }

    /** Sum of daily energies from EPOCH to the day before {@code date} (negative before EPOCH). */
    private long cumulativeBefore(LocalDate date) {
        long offset = date.toEpochDay() - EPOCH.toEpochDay();
        if (offset >= 0) {
            while (forwardSize <= offset) {
                forward = grow(forward, forwardSize);
                forward[forwardSize] = forward[forwardSize - 1] + integrate(EPOCH.plusDays(forwardSize - 1));
                forwardSize++;
            }
            return forward[(int) offset];
        }
        long back = -offset;
        while (backwardSize <= back) {
            backward = grow(backward, backwardSize);
            backward[backwardSize] = backward[backwardSize - 1] + integrate(EPOCH.minusDays(backwardSize));
            backwardSize++;
        }
        return -backward[(int) back];
    }

    private long integrate(LocalDate date) {
        double[] cached = profiles.get(date);
        double[] p = cached != null ? cached : computeProfile(date);
        return micro(p[p.length - 1]);
    }

    private static long micro(double kwh) {
        return Math.round(kwh * 1e6);
    }

    /** [0..steps] power at the grid points, then [0..steps] energy from midnight to each grid point. */
    private double[] profile(LocalDate date) {
        return profiles.computeIfAbsent(date, this::computeProfile);
    }

    private double[] computeProfile(LocalDate date) {
        Instant start = date.atStartOfDay(PvModel.ZONE).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(PvModel.ZONE).toInstant();
        int steps = (int) ((end.getEpochSecond() - start.getEpochSecond()) / STEP_SECONDS);
        double[] p = new double[2 * (steps + 1)];
        for (int k = 0; k <= steps; k++) {
            p[k] = powerKw.applyAsDouble(start.plusSeconds((long) k * STEP_SECONDS));
        }
        double acc = 0;
        for (int k = 0; k < steps; k++) {
            p[steps + 1 + k] = acc;
            acc += (p[k] + p[k + 1]) / 2 * STEP_HOURS;
        }
        p[2 * steps + 1] = acc;
        return p;
    }

    private static long[] grow(long[] a, int size) {
        return size < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
    }
}
