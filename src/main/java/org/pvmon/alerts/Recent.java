package org.pvmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the rules read of one station's recent readings (the last two days): no more than this, so a caller can keep it
 * in a form whose size and cost do not grow with the reporting rate (the service keeps it per station in memory,
 * updated as readings arrive; {@link #of} computes it from a list of readings).
 *
 * <ul>
 *   <li>OFFLINE: the newest reading, and how often the station reports ({@link #observedInterval});</li>
 *   <li>IDLE: the trailing idle stretch and whether the station produces again ({@link #idle});</li>
 *   <li>peer curves and lost energy: mean power per 5-minute bin ({@link #meanPowerKw}).</li>
 * </ul>
 * Implementations are safe to read from several threads.
 */
public interface Recent {

    /** Length of a power bin; bins start at multiples of it since the epoch. */
    long BIN_SECONDS = 300;
    /** Gaps of this or more (outages, nights of a logger powered from the inverter) say nothing of the interval. */
    Duration LONG_GAP = Duration.ofHours(1);
    /** How many of the newest gaps between readings {@link #observedInterval} looks at. */
    int INTERVAL_GAPS = 20;

    /** No recent readings. */
    Recent NONE = of(List.of());

    /** Time of the newest reading, or null when there is none. */
    Instant newest();

    /**
     * How often the station reports, as observed: the median of the gaps between its last (up to {@value #INTERVAL_GAPS})
     * consecutive readings, gaps of {@link #LONG_GAP} or more left out; null when fewer than two such gaps are known.
     */
    Duration observedInterval();

    /**
     * The trailing idle stretch: readings with power, in time order; one at or below {@code thresholdKw} starts a
     * stretch (when none is going on), {@code recoveryReadings} consecutive readings above it end it.
     *
     * @return when the stretch began (its first reading), or null when none is going on; and whether the last
     *         {@code recoveryReadings} readings with power are all above the threshold (producing again)
     */
    Idle idle(double thresholdKw, int recoveryReadings);

    /**
     * Mean power (kW, negative as 0) of the readings in each of {@code bins} bins from {@code fromSecond} (epoch second,
     * a multiple of {@link #BIN_SECONDS}); NaN where none reported power.
     */
    double[] meanPowerKw(long fromSecond, int bins);

    /**
     * Start (epoch second) of the earliest bin at or after the one holding {@code notBeforeSecond} in which a reading
     * reported power, or {@link Long#MAX_VALUE} when none.
     */
    long firstPowerBin(long notBeforeSecond);

    /**
     * {@link #observedInterval} of reading times: the first {@code count} of {@code ascendingNanos} (epoch nanoseconds,
     * ascending; the newest last), for implementations.
     */
    static Duration observedInterval(long[] ascendingNanos, int count) {
        long[] gaps = new long[INTERVAL_GAPS];
        int n = 0;
        long longGap = LONG_GAP.toNanos();
        for (int i = count - 1; i > 0 && n < gaps.length; i--) {
            long gap = ascendingNanos[i] - ascendingNanos[i - 1];
            if (gap > 0 && gap < longGap) gaps[n++] = gap;
        }
        if (n < 2) return null;
        java.util.Arrays.sort(gaps, 0, n);
        return Duration.ofNanos(gaps[n / 2]);
    }

    /** See {@link #idle}. */
    record Idle(Instant since, boolean producing) {
    }

    /** From readings (time, counter, power) in any order. */
    static Recent of(List<org.pvmon.energy.CounterSample> readings) {
        return new RecentList(readings);
    }
}
