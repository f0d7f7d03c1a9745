package org.pvmon.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand and that stands still in between; its zones share one instant. */
public final class HandClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public HandClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private HandClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock (of this and every clock {@link #withZone} made from it) to {@code instant}. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new HandClock(now, z);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
