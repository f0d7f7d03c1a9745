package org.pvmon.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time for live mode: starts at {@code start} and runs {@code speed} times faster than
 * the real clock, but never passes the real now; once it has caught up it runs in real time.
 */
final class SimClock {

    private final Clock real;
    private final Instant start;
    private final double speed;
    private final Instant realStart;

    SimClock(Clock real, Instant start, double speed) {
        if (!(speed >= 1)) {
            throw new IllegalArgumentException("speed must be >= 1");
        }
        this.real = real;
        this.realStart = real.instant();
        if (start.isAfter(realStart)) {
            throw new IllegalArgumentException("the start " + start + " is in the future");
        }
        this.start = start;
        this.speed = speed;
    }

    Instant now() {
        return simAt(real.instant());
    }

    Instant simAt(Instant realTime) {
        long elapsed = Duration.between(realStart, realTime).toNanos();
        Instant accelerated = start.plusNanos((long) (elapsed * speed));
        return accelerated.isBefore(realTime) ? accelerated : realTime;
    }

    /** The real time at which the simulated clock shows {@code simTime}. */
    Instant realTimeOf(Instant simTime) {
        long ahead = Duration.between(start, simTime).toNanos();
        Instant accelerated = realStart.plusNanos((long) Math.ceil(ahead / speed));
        return accelerated.isAfter(simTime) ? accelerated : simTime;
    }

    Clock real() {
        return real;
    }
}
