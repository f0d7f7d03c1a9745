package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When ingest counts as catching up, so that the scheduled alert evaluation waits. */
class ArrivalsTest {
    private static final Arrivals START = new Arrivals(10_000, 500);

    @Test
    void a_backfill_or_a_backlog_replayed_after_an_outage_is_catching_up() {
        assertThat(new Arrivals(10_000 + 30_000, 500 + 29_000).catchingUpSince(START)).isTrue();
    }

    @Test
    void live_readings_and_a_quiet_period_are_not() {
        assertThat(new Arrivals(10_000 + 60, 500).catchingUpSince(START)).isFalse();
        assertThat(START.catchingUpSince(START)).isFalse();
    }

    @Test
    void one_logger_sending_its_buffer_among_live_readings_does_not_hold_up_the_fleet() {
        assertThat(new Arrivals(10_000 + 15, 500 + 15).catchingUpSince(START)).isFalse(); // a small buffer alone
        assertThat(new Arrivals(10_000 + 60 + 300, 500 + 300).catchingUpSince(START)).isTrue(); // mostly old readings
        assertThat(new Arrivals(10_000 + 600 + 200, 500 + 200).catchingUpSince(START)).isFalse(); // mostly live ones
    }
}
