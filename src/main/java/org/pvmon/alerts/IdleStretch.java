package org.pvmon.alerts;

import java.time.Instant;

/**
 * The trailing idle stretch of {@link Recent#idle}, built reading by reading in time order: for an implementation of
 * {@link Recent} that keeps it as readings arrive ({@link #copy} to go on from a kept state without changing it).
 * Not thread-safe.
 */
public final class IdleStretch {
    private static final long NONE = Long.MIN_VALUE;

    private final double thresholdKw;
    private final int recoveryReadings;
    private long since = NONE;
    private int above;

    /** An empty stretch: no reading yet. */
    public IdleStretch(double thresholdKw, int recoveryReadings) {
        this.thresholdKw = thresholdKw;
        this.recoveryReadings = recoveryReadings;
    }

    /** True when this stretch is built for these parameters. */
    public boolean isFor(double thresholdKw, int recoveryReadings) {
        return this.thresholdKw == thresholdKw && this.recoveryReadings == recoveryReadings;
    }

    /** The next reading (epoch ms, power kW); one without power says nothing. */
    public void add(long ms, double kw) {
        if (Double.isNaN(kw) || Double.isInfinite(kw)) return;
        if (kw <= thresholdKw) {
            if (since == NONE) since = ms;
            above = 0;
        } else if (++above >= recoveryReadings) {
            since = NONE;
        }
    }

    public IdleStretch copy() {
        IdleStretch c = new IdleStretch(thresholdKw, recoveryReadings);
        c.since = since;
        c.above = above;
        return c;
    }

    /** What {@link Recent#idle} answers after the readings added. */
    public Recent.Idle result() {
        return new Recent.Idle(since == NONE ? null : Instant.ofEpochMilli(since), above >= recoveryReadings);
    }
}
