package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PhysicsYieldTest {

    private static final Station STATION = new Station("YN-JH-001", "东辛庄村光伏扶贫电站", "东辛庄村", "界湖街道", "沂南县",
            30, 35.538, 118.465, LocalDate.of(2017, 2, 7));

    /** Readings every 5 minutes over the year 2025 (which lies before the counter epoch, so the backward path is used too). */
    private static List<Reading> year(long seed) {
        Simulation sim = new Simulation(List.of(STATION), seed, FaultPlan.none());
        List<Reading> readings = new ArrayList<>(106_000);
        Instant t = LocalDate.of(2025, 1, 1).atStartOfDay(PvModel.ZONE).toInstant();
        Instant end = LocalDate.of(2026, 1, 1).atStartOfDay(PvModel.ZONE).toInstant();
        for (; !t.isAfter(end); t = t.plusSeconds(300)) {
            readings.add(sim.reading(STATION, t).orElseThrow());
        }
        return readings;
    }

    @Test
    void annual_yield_is_within_the_shandong_planning_range_and_the_physics_is_sane() {
        List<Reading> readings = year(42);

        double annual = readings.get(readings.size() - 1).energyKwh() - readings.get(0).energyKwh();
        assertThat(annual / STATION.capacityKwp()).isBetween(1100.0, 1300.0);

        for (int i = 1; i < readings.size(); i++) {
            assertThat(readings.get(i).energyKwh()).isGreaterThanOrEqualTo(readings.get(i - 1).energyKwh());
        }
        for (Reading r : readings) {
            int hour = r.ts().getHour();
            if (hour < 5 || hour >= 20) {
                assertThat(r.powerKw()).as("power at %s", r.ts()).isZero();
                assertThat(r.state()).isEqualTo("standby");
            }
            assertThat(r.powerKw()).isBetween(0.0, STATION.capacityKwp());
            assertThat(r.irradianceWm2()).isBetween(0.0, 1500.0);
            assertThat(r.moduleTempC()).isBetween(-50.0, 100.0);
        }
        double peak = readings.stream().mapToDouble(Reading::powerKw).max().orElseThrow();
        assertThat(peak).isGreaterThan(0.75 * STATION.capacityKwp());
    }

    @Test
    void the_same_seed_gives_the_same_readings_and_another_seed_other_weather() {
        List<Reading> a = year(42);
        assertThat(year(42)).isEqualTo(a);
        assertThat(year(7).get(150)).isNotEqualTo(a.get(150));
    }

    @Test
    void a_reading_does_not_depend_on_what_was_computed_before() {
        Instant noon = ZonedDateTime.of(2026, 6, 1, 12, 0, 0, 0, PvModel.ZONE).toInstant();
        Simulation fresh = new Simulation(List.of(STATION), 42, FaultPlan.none());
        Optional<Reading> direct = fresh.reading(STATION, noon);

        Simulation walked = new Simulation(List.of(STATION), 42, FaultPlan.none());
        walked.reading(STATION, noon.plusSeconds(86_400 * 3));
        walked.reading(STATION, noon.minusSeconds(86_400 * 40));
        assertThat(walked.reading(STATION, noon)).isEqualTo(direct);
    }
}
