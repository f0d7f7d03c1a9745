package org.pvmon.alerts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.LoggerStatus;
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
 * @param recent           what the rules read of its readings of the recent past: from the start of yesterday (local)
 *                         is enough; readings older than 2 days are not used for peer curves
 * @param days             its energy per local day, for at least the last
 *                         {@link AlertRules.Underperforming#days()} evaluated days plus a few skipped ones
 *                         (14 days is plenty); today's partial day may be included
 */
public record StationInput(Station station, BigDecimal feedInYuanPerKwh, Instant lastReadingTime, String lastState,
                           LoggerStatus logger, Recent recent, List<DayEnergy> days) {

    public StationInput {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(feedInYuanPerKwh, "feedInYuanPerKwh");
        Objects.requireNonNull(recent, "recent");
        if (feedInYuanPerKwh.signum() < 0) {
            throw new IllegalArgumentException("feed-in tariff of " + station.id() + " must not be negative");
        }
        if (!(station.capacityKwp() > 0) || Double.isInfinite(station.capacityKwp())) {
            throw new IllegalArgumentException("capacity of " + station.id() + " must be positive: "
                    + station.capacityKwp());
        }
        days = inOrder(days, Comparator.comparing(DayEnergy::date));
    }

    /** With the recent readings as a list (time, counter, power; any order). */
    public StationInput(Station station, BigDecimal feedInYuanPerKwh, Instant lastReadingTime, String lastState,
                        LoggerStatus logger, List<CounterSample> recent, List<DayEnergy> days) {
        this(station, feedInYuanPerKwh, lastReadingTime, lastState, logger, Recent.of(recent), days);
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

    /** How often this station reports, as observed (see {@link Recent#observedInterval}); null when unknown. */
    Duration observedInterval() {
        return recent.observedInterval();
    }

    /**
     * When the station's present silence began, as OFFLINE dates it: its newest reading, or, when it never reported, the
     * time its logger went offline (last will); null when neither is known. Whether it is silent (past its timeout, in
     * daylight) is for the rule to say; a caller uses this to know which of the peers' older days the rules will need.
     */
    public Instant silentSince() {
        Instant last = newestReading();
        if (last != null) {
            return last;
        }
        return logger != null && logger.since() != null && "offline".equalsIgnoreCase(logger.state()) ? logger.since() : null;
    }

    /** The newest reading time known: {@code lastReadingTime} or the newest of {@code recent}, or null. */
    Instant newestReading() {
        Instant fromRecent = recent.newest();
        if (lastReadingTime == null) {
            return fromRecent;
        }
        return fromRecent != null && fromRecent.isAfter(lastReadingTime) ? fromRecent : lastReadingTime;
    }
}
