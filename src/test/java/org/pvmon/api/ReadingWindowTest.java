package org.pvmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pvmon.energy.CounterSample;

/** One station's recent readings in memory: time order whatever the arrival order, one reading per time, the edge. */
class ReadingWindowTest {
    private static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    private static final long MIN = 60_000;

    @Test
    void readings_in_any_order_come_back_in_time_order_once_each() {
        ReadingWindow w = new ReadingWindow(T0);
        List<Integer> minutes = new ArrayList<>();
        for (int m = 0; m < 500; m++) minutes.add(m);
        Collections.shuffle(minutes, new Random(3));
        for (int m : minutes) w.put(T0 + m * MIN, m, 1000 + m, T0);
        for (int m : minutes.subList(0, 50)) w.put(T0 + m * MIN, m, 1000 + m, T0); // the same readings again
        List<CounterSample> s = w.samples(T0, false, Long.MIN_VALUE);
        assertThat(s).hasSize(500);
        for (int m = 0; m < 500; m++) {
            assertThat(s.get(m).time()).isEqualTo(Instant.ofEpochMilli(T0 + m * MIN));
            assertThat(s.get(m).energyKwh()).isEqualTo(1000.0 + m);
            assertThat(s.get(m).powerKw()).isEqualTo(m);
        }
        assertThat(w.newest()).isEqualTo(T0 + 499 * MIN);
    }

    @Test
    void a_second_reading_with_the_same_time_merges_its_fields_as_influxdb_does() {
        ReadingWindow w = new ReadingWindow(T0);
        w.put(T0 + MIN, 5.0, Double.NaN, T0);
        w.put(T0 + MIN, Double.NaN, 1234.5, T0);
        List<CounterSample> s = w.samples(T0, false, Long.MIN_VALUE);
        assertThat(s).containsExactly(new CounterSample(Instant.ofEpochMilli(T0 + MIN), 1234.5, 5.0));
    }

    @Test
    void trimming_keeps_the_newest_dropped_reading_as_the_edge_before_the_window() {
        ReadingWindow w = new ReadingWindow(T0);
        for (int m = 0; m < 10; m++) w.put(T0 + m * 10 * MIN, 1, m, T0);
        w.trim(T0 + 45 * MIN); // drops 0, 10, 20, 30, 40 min; 40 min is the edge
        assertThat(w.size()).isEqualTo(5);
        List<CounterSample> withEdge = w.samples(T0 + 45 * MIN, true, Long.MIN_VALUE);
        assertThat(withEdge.get(0).time()).isEqualTo(Instant.ofEpochMilli(T0 + 40 * MIN));
        assertThat(withEdge).hasSize(6);
        // a reading before the window arriving late: the edge only when newer than the edge it has
        w.put(T0 + 42 * MIN, 1, 4.2, T0 + 45 * MIN);
        w.put(T0 + 5 * MIN, 1, 0.5, T0 + 45 * MIN);
        assertThat(w.samples(T0 + 45 * MIN, true, Long.MIN_VALUE).get(0).energyKwh()).isEqualTo(4.2);
        // the edge counts only when it is not older than asked for
        assertThat(w.samples(T0 + 45 * MIN, true, T0 + 43 * MIN)).hasSize(5);
        // the reading before a point inside the window comes from the window
        assertThat(w.samples(T0 + 65 * MIN, true, Long.MIN_VALUE).get(0).time()).isEqualTo(Instant.ofEpochMilli(T0 + 60 * MIN));
        assertThat(w.hasIn(T0 + 41 * MIN, T0 + 43 * MIN)).isTrue();
        assertThat(w.hasIn(T0 + 51 * MIN, T0 + 59 * MIN)).isFalse();
    }

    @Test
    void weeks_of_trims_move_the_base_on_without_changing_times() {
        ReadingWindow w = new ReadingWindow(T0);
        long day = 24 * 60 * MIN;
        for (int d = 0; d < 40; d++) { // 40 days, one reading an hour, a 48 h window
            for (int h = 0; h < 24; h++) w.put(T0 + d * day + h * 60 * MIN, h, d * 24 + h, T0 + d * day - 2 * day);
            w.trim(T0 + (d + 1) * day - 2 * day);
        }
        List<CounterSample> s = w.samples(T0 + 38 * day, false, Long.MIN_VALUE);
        assertThat(s).hasSize(48);
        assertThat(s.get(0).time()).isEqualTo(Instant.ofEpochMilli(T0 + 38 * day));
        assertThat(s.get(47).energyKwh()).isEqualTo(39 * 24 + 23.0);
    }
}
