package org.pvmon.fleet;

import org.pvmon.energy.Periods;
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
        assertThat(w.newestMs()).isEqualTo(T0 + 499 * MIN);
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

    private static final java.time.ZoneId ZONE = Periods.ZONE;

    /** Minute readings of a 50 kWp station over three local days, with what real loggers send now and then. */
    private static List<CounterSample> minuteReadings(Random r, java.time.LocalDate firstDay) {
        List<CounterSample> out = new ArrayList<>();
        long start = firstDay.atStartOfDay(ZONE).toInstant().toEpochMilli();
        double counter = 12_000;
        for (int m = 0; m < 3 * 24 * 60; m++) {
            if (m > 600 && m < 700) continue; // a silent stretch (no reading for 100 min)
            if (m > 1380 && m < 1500) continue; // a gap across midnight
            long t = start + m * MIN;
            int minuteOfDay = m % 1440;
            double kw = minuteOfDay > 420 && minuteOfDay < 1080 ? 20 + r.nextDouble() * 20 : -0.01;
            if (m == 2000) counter = 3; // meter replaced: a reset
            counter += Math.max(0, kw) / 60;
            double e = counter;
            if (m == 2500) e = counter + 400; // a jump, once
            if (m % 97 == 0) e = Double.NaN; // no counter in this reading
            if (m % 89 == 0) kw = Double.NaN; // no power in this one
            out.add(new CounterSample(Instant.ofEpochMilli(t), e, kw));
        }
        return out;
    }

    @Test
    void settled_readings_are_thinned_to_a_few_a_day_and_every_days_energy_stays_the_same() {
        Random r = new Random(11);
        java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 19);
        List<CounterSample> all = minuteReadings(r, day);
        long start = day.atStartOfDay(ZONE).toInstant().toEpochMilli();
        ReadingWindow w = new ReadingWindow(start);
        List<CounterSample> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, r);
        for (CounterSample c : shuffled) w.put(c.time().toEpochMilli(), c.powerKw(), c.energyKwh(), start);
        long end = start + 3 * 1440 * MIN;
        // settle all but the last hour, in two steps as refreshes would
        w.trim(start, end - 30 * 60 * MIN, 50, 0.5, 3, ZONE);
        w.trim(start, end - 60 * MIN, 50, 0.5, 3, ZONE);
        assertThat(w.size()).as("kept of %d readings", all.size()).isLessThan(all.size() / 10);
        org.pvmon.energy.EnergyCalculator calc = new org.pvmon.energy.EnergyCalculator();
        List<org.pvmon.energy.DayEnergy> exact = calc.daily(all, 50, day, day.plusDays(3), ZONE).days();
        List<org.pvmon.energy.DayEnergy> thinned = calc.daily(w.samples(start, false, Long.MIN_VALUE), 50, day, day.plusDays(3), ZONE).days();
        assertThat(exact.get(1).resets()).isEqualTo(2); // the replaced meter, and the counter back after the jump
        assertThat(exact.get(1).jumps()).isEqualTo(1);
        for (int d = 0; d < 3; d++) {
            assertThat(thinned.get(d).kwh()).as("day %d", d).isEqualByComparingTo(exact.get(d).kwh());
            assertThat(thinned.get(d).resets()).isEqualTo(exact.get(d).resets());
            assertThat(thinned.get(d).jumps()).isEqualTo(exact.get(d).jumps());
            assertThat(thinned.get(d).hasData()).isEqualTo(exact.get(d).hasData());
            assertThat(thinned.get(d).estimated()).isEqualTo(exact.get(d).estimated());
            assertThat(thinned.get(d).notes()).isEqualTo(exact.get(d).notes());
        }
    }

    @Test
    void what_the_alert_rules_read_is_what_the_list_of_every_reading_gives() {
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            List<CounterSample> all = new ArrayList<>();
            ReadingWindow w = new ReadingWindow(T0);
            double counter = 100;
            int minute = 0;
            for (int k = 0; k < 600; k++) {
                minute += 1 + (r.nextInt(10) == 0 ? r.nextInt(90) : r.nextInt(3)); // mostly every 1-3 min, some gaps
                double kw = r.nextInt(4) == 0 ? r.nextDouble() * 0.4 : r.nextDouble() * 30; // often "about zero"
                if (r.nextInt(30) == 0) kw = Double.NaN;
                counter += 0.2;
                all.add(new CounterSample(Instant.ofEpochMilli(T0 + minute * MIN), counter, kw));
                w.put(T0 + minute * MIN, kw, counter, T0);
                if (k % 50 == 49) w.trim(T0, T0 + (minute - 20 - r.nextInt(40)) * MIN, 40, 0.4, 3, ZONE); // settle most
            }
            org.pvmon.alerts.Recent list = org.pvmon.alerts.Recent.of(all);
            assertThat(w.newest()).isEqualTo(list.newest());
            assertThat(w.observedInterval()).isEqualTo(list.observedInterval());
            assertThat(w.idle(0.4, 3)).as("seed %d", seed).isEqualTo(list.idle(0.4, 3));
            // another threshold than the folded one: the readings the window still holds are scanned, as a list of them would be
            org.pvmon.alerts.Recent held = org.pvmon.alerts.Recent.of(w.samples(Long.MIN_VALUE, false, Long.MIN_VALUE));
            assertThat(w.idle(5.0, 2)).as("seed %d, another threshold", seed).isEqualTo(held.idle(5.0, 2));
            long from = Math.floorDiv(T0 / 1000, 300) * 300;
            assertThat(w.firstPowerBin(T0 / 1000)).isEqualTo(list.firstPowerBin(T0 / 1000));
            double[] a = w.meanPowerKw(from, 400);
            double[] b = list.meanPowerKw(from, 400);
            for (int k = 0; k < a.length; k++) {
                if (Double.isNaN(b[k])) assertThat(a[k]).isNaN();
                else assertThat(a[k]).isCloseTo(b[k], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void a_station_idle_from_its_first_reading_is_idle_since_then_however_its_readings_settle() {
        ReadingWindow w = new ReadingWindow(T0);
        for (int m = 0; m < 600; m++) {
            w.put(T0 + m * MIN, m % 7 == 0 ? 3.0 : 0.0, 100, T0); // one reading in seven above the threshold: still idle
            if (m % 100 == 99) w.trim(T0, T0 + (m - 30) * MIN, 40, 0.4, 3, ZONE);
        }
        assertThat(w.idle(0.4, 3)).isEqualTo(new org.pvmon.alerts.Recent.Idle(Instant.ofEpochMilli(T0 + MIN), false));
        for (int m = 600; m < 603; m++) w.put(T0 + m * MIN, 3.0, 100, T0); // three above: producing again
        w.trim(T0, T0 + 602 * MIN, 40, 0.4, 3, ZONE);
        assertThat(w.idle(0.4, 3)).isEqualTo(new org.pvmon.alerts.Recent.Idle(null, true));
    }

    @Test
    void a_station_reporting_every_minute_costs_a_few_kilobytes_for_48_hours() {
        ReadingWindow w = new ReadingWindow(T0);
        double counter = 0;
        for (int m = 0; m < 48 * 60; m++) {
            counter += 0.3;
            w.put(T0 + m * MIN, 18, counter, T0);
        }
        w.trim(T0, T0 + (48 * 60 - 30) * MIN, 50, 0.5, 3, ZONE);
        assertThat(w.size()).isLessThan(40); // 30 unsettled + each day's first and last
        assertThat(w.bytes()).isLessThan(16_000); // was 2,880 readings x 20 bytes (+ growth slack) = 58-86 KB
        assertThat(w.observedInterval()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(w.idle(0.5, 3)).isEqualTo(new org.pvmon.alerts.Recent.Idle(null, true));
    }
}
