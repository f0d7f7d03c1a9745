package org.pvmon.alerts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.DayEnergy;
import org.pvmon.ingest.LoggerStatus;
import org.pvmon.station.Station;

/**
 * What the evaluator knows of one station at the evaluation instant.
 *
 * @param station          the station (capacity, township, county, coordinates)
 * @param feedInYuanPerKwh its feed-in tariff now (benchmark + subsidy), to price lost energy
 * @param lastReadingTime  time of its newest reading however old, or null when it never reported (or the store
 *                         no longer knows); the newest of {@code recent} is used when later
 * @param lastState        inverter state of the newest reading ({@code running}, {@code standby}, {@code fault},
 *                         {@code off}), or null; only shown in details
 * @param logger           what its logger last said on its status topic, or null
 * @param recent           its readings of the recent past (power is what matters here), any order; from the start
 *                         of yesterday (local) is enough; readings older than 2 days are not used for peer curves
 * @param days             its energy per local day, for at least the last
 *                         {@link AlertRules.Underperforming#days()} evaluated days plus a few skipped ones
 *                         (14 days is plenty); today's partial day may be included
 */
public record StationInput(Station station, BigDecimal feedInYuanPerKwh, Instant lastReadingTime, String lastState,
                           LoggerStatus logger, List<CounterSample> recent, List<DayEnergy> days) {

    private static final long HOUR_NANOS = 3_600_000_000_000L;

    public StationInput {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(feedInYuanPerKwh, "feedInYuanPerKwh");
        if (feedInYuanPerKwh.signum() < 0) {
            throw new IllegalArgumentException("feed-in tariff of " + station.id() + " must not be negative");
        }
        if (!(station.capacityKwp() > 0) || Double.isInfinite(station.capacityKwp())) {
            throw new IllegalArgumentException("capacity of " + station.id() + " must be positive: "
                    + station.capacityKwp());
        }
        recent = inOrder(recent, Comparator.comparing(CounterSample::time));
        days = inOrder(days, Comparator.comparing(DayEnergy::date));
    }

    /** An immutable copy in {@code order} (stable); one copy only when already in order (the usual case). */
    private static <T> List<T> inOrder(List<T> in, Comparator<T> order) {
        for (int i = 1; i < in.size(); i++) {
            if (order.compare(in.get(i - 1), in.get(i)) > 0) {
                List<T> sorted = new ArrayList<>(in);
                sorted.sort(order);
                return List.copyOf(sorted);
            }
        }
        return List.copyOf(in);
    }

    String id() {
        return station.id();
    }

    double capacityKwp() {
        return station.capacityKwp();
    }

    /**
     * How often this station reports, as observed: the median gap between its last (up to 20) consecutive recent
     * readings, gaps of an hour or more (outages, nights of a logger powered from the inverter) left out; null when
     * fewer than three readings show it.
     */
    Duration observedInterval() {
        long[] gaps = new long[20]; // nanoseconds
        int n = 0;
        for (int i = recent.size() - 1; i > 0 && n < gaps.length; i--) {
            Instant a = recent.get(i - 1).time();
            Instant b = recent.get(i).time();
            long gap = (b.getEpochSecond() - a.getEpochSecond()) * 1_000_000_000L + (b.getNano() - a.getNano());
            if (gap > 0 && gap < HOUR_NANOS) gaps[n++] = gap;
        }
        if (n < 2) return null;
        Arrays.sort(gaps, 0, n);
        return Duration.ofNanos(gaps[n / 2]);
    }

    /** The newest reading time known: {@code lastReadingTime} or the newest of {@code recent}, or null. */
    Instant newestReading() {
        Instant fromRecent = recent.isEmpty() ? null : recent.get(recent.size() - 1).time();
        if (lastReadingTime == null) {
            return fromRecent;
        }
        return fromRecent != null && fromRecent.isAfter(lastReadingTime) ? fromRecent : lastReadingTime;
    }
}
