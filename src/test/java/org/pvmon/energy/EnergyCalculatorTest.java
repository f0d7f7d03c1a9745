package org.pvmon.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyCalculatorTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final double CAPACITY_KWP = 50.0;
    private static final LocalDate JUNE_1 = LocalDate.of(2026, 6, 1);

    private final EnergyCalculator calculator = new EnergyCalculator();

    @Test
    void simple_day_is_counter_at_end_minus_counter_at_start() {
        List<CounterSample> samples = new ArrayList<>();
        double counter = 1000;
        for (LocalDateTime t = local("2026-05-31T22:00"); !t.isAfter(local("2026-06-02T02:00")); t = t.plusHours(1)) {
            if (t.toLocalDate().equals(JUNE_1) && t.getHour() >= 7 && t.getHour() <= 18) {
                counter += 20; // 12 producing hours of 20 kWh each
            }
            samples.add(CounterSample.counter(at(t), counter));
        }

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI);

        assertThat(report.days()).hasSize(1);
        DayEnergy day = report.days().get(0);
        assertThat(day.date()).isEqualTo(JUNE_1);
        assertThat(day.kwh()).isEqualTo(new BigDecimal("240.000"));
        assertThat(day.hasData()).isTrue();
        assertThat(day.estimated()).isFalse();
        assertThat(day.samples()).isEqualTo(24);
        assertThat(day.resets()).isZero();
        assertThat(day.jumps()).isZero();
        assertThat(day.longestGap()).isEqualTo(Duration.ofHours(1));
        assertThat(day.notes()).isEmpty();
        assertThat(report.totalKwh()).isEqualTo(new BigDecimal("240.000"));
    }

    @Test
    void day_boundary_is_local_midnight_in_shanghai_not_utc_midnight() {
        List<CounterSample> samples = List.of(
                CounterSample.counter(Instant.parse("2026-05-31T15:00:00Z"), 100), // 23:00 local, 31 May
                CounterSample.counter(Instant.parse("2026-05-31T23:00:00Z"), 100), // 07:00 local, 1 June
                CounterSample.counter(Instant.parse("2026-06-01T07:00:00Z"), 150), // 15:00 local, 1 June
                CounterSample.counter(Instant.parse("2026-06-01T15:00:00Z"), 160), // 23:00 local, 1 June
                CounterSample.counter(Instant.parse("2026-06-01T17:00:00Z"), 160)); // 01:00 local, 2 June

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, LocalDate.of(2026, 5, 31), LocalDate.of(2026, 6, 2),
                SHANGHAI);

        DayEnergy may31 = report.days().get(0);
        DayEnergy june1 = report.days().get(1);
        assertThat(may31.date()).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(may31.samples()).isEqualTo(1);
        assertThat(may31.kwh()).isEqualTo(new BigDecimal("0.000"));
        assertThat(june1.samples()).isEqualTo(3);
        assertThat(june1.kwh()).isEqualTo(new BigDecimal("60.000"));
    }

    @Test
    void gap_spanning_midnight_is_split_pro_rata_by_time() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T20:00", 1000),
                counter("2026-06-01T21:00", 1000),
                counter("2026-06-02T02:00", 1010), // 5 h gap: 3 h on 1 June, 2 h on 2 June
                counter("2026-06-02T03:00", 1010));

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(2), SHANGHAI);

        assertThat(report.days()).extracting(DayEnergy::kwh)
                .containsExactly(new BigDecimal("6.000"), new BigDecimal("4.000"));
        assertThat(report.days()).allSatisfy(d -> {
            assertThat(d.estimated()).isFalse();
            assertThat(d.notes()).singleElement().asString().contains("counter not read", "by time");
        });
    }

    @Test
    void multi_day_gap_loses_no_energy() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T11:00", 1000),
                counter("2026-06-01T12:00", 1000),
                counter("2026-06-04T12:00", 1360), // logger offline for 72 h
                counter("2026-06-04T13:00", 1360));

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(4), SHANGHAI);

        assertThat(report.days()).extracting(DayEnergy::kwh).containsExactly(new BigDecimal("60.000"),
                new BigDecimal("120.000"), new BigDecimal("120.000"), new BigDecimal("60.000"));
        assertThat(report.totalKwh()).isEqualTo(new BigDecimal("360.000"));
        DayEnergy june2 = report.days().get(1);
        assertThat(june2.samples()).isZero();
        assertThat(june2.hasData()).isTrue();
        assertThat(june2.longestGap()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void interval_crossing_the_range_start_counts_only_its_share_inside_the_range() {
        List<CounterSample> samples = List.of(
                counter("2026-05-31T12:00", 1000),
                counter("2026-06-01T12:00", 1240));

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI);

        assertThat(report.days().get(0).kwh()).isEqualTo(new BigDecimal("120.000"));
    }

    @Test
    void counter_reset_is_not_negative_energy() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T10:00", 5000),
                counter("2026-06-01T10:30", 5010),
                counter("2026-06-01T11:00", 3), // new meter: 3 kWh since the swap
                counter("2026-06-01T11:30", 13));

        DayEnergy day = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI).days().get(0);

        assertThat(day.kwh()).isEqualTo(new BigDecimal("23.000"));
        assertThat(day.resets()).isEqualTo(1);
        assertThat(day.jumps()).isZero();
        assertThat(day.notes()).singleElement().asString().contains("meter reset at 2026-06-01T11:00+08:00");
    }

    @Test
    void reset_to_an_implausible_counter_value_counts_nothing_for_that_interval() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T10:00", 5000),
                counter("2026-06-01T10:30", 5010),
                counter("2026-06-01T11:00", 4000), // down, but 4000 kWh cannot have been made in 30 min
                counter("2026-06-01T11:30", 4010));

        DayEnergy day = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI).days().get(0);

        assertThat(day.kwh()).isEqualTo(new BigDecimal("20.000"));
        assertThat(day.resets()).isEqualTo(1);
    }

    @Test
    void implausible_jump_is_flagged_and_not_counted() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T10:00", 1000),
                counter("2026-06-01T10:01", 1000.5),
                counter("2026-06-01T10:02", 9000), // 50 kWp x 1 min x 1.2 + 0.5 allows 1.5 kWh
                counter("2026-06-01T10:03", 9000.5));

        DayEnergy day = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI).days().get(0);

        assertThat(day.kwh()).isEqualTo(new BigDecimal("1.000"));
        assertThat(day.jumps()).isEqualTo(1);
        assertThat(day.resets()).isZero();
        assertThat(day.notes()).singleElement().asString().contains("meter jump at 2026-06-01T10:02+08:00");
    }

    @Test
    void power_only_day_is_integrated_and_marked_estimated() {
        List<CounterSample> samples = new ArrayList<>();
        for (LocalDateTime t = local("2026-06-01T10:00"); !t.isAfter(local("2026-06-01T12:00")); t = t.plusMinutes(5)) {
            samples.add(CounterSample.power(at(t), 12.0)); // 12 kW for 2 h = 24 kWh
        }
        samples.add(power("2026-06-01T13:00", 12.0)); // 1 h gap: longer than 15 min, not integrated

        DayEnergy day = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI).days().get(0);

        assertThat(day.kwh()).isEqualTo(new BigDecimal("24.000"));
        assertThat(day.estimated()).isTrue();
        assertThat(day.hasData()).isTrue();
        assertThat(day.samples()).isEqualTo(26);
        assertThat(day.notes()).singleElement().asString().contains("power not integrated over 1 interval", "1h00m");
    }

    @Test
    void counter_missing_on_part_of_the_day_is_filled_by_power_and_marked_estimated() {
        List<CounterSample> samples = List.of(
                new CounterSample(at("2026-06-01T10:00"), 1000, 6),
                new CounterSample(at("2026-06-01T11:00"), 1010, 6),
                power("2026-06-01T11:05", 12), // (6 + 12) / 2 kW x 5 min = 0.75 kWh
                power("2026-06-01T11:10", 12)); // 12 kW x 5 min = 1 kWh

        DayEnergy day = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI).days().get(0);

        assertThat(day.kwh()).isEqualTo(new BigDecimal("11.750"));
        assertThat(day.estimated()).isTrue();
    }

    @Test
    void counter_read_around_missing_counters_keeps_its_exact_total_shared_by_power() {
        List<CounterSample> samples = List.of(
                new CounterSample(at("2026-06-01T23:30"), 100, 10),
                power("2026-06-01T23:45", 10), // 2.5 kWh by power
                power("2026-06-02T00:00", 10), // 2.5 kWh by power: 1 June has 5 of 6.25
                power("2026-06-02T00:15", 0), // 1.25 kWh by power
                new CounterSample(at("2026-06-02T00:30"), 120, 0));

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(2), SHANGHAI);

        assertThat(report.days()).extracting(DayEnergy::kwh)
                .containsExactly(new BigDecimal("16.000"), new BigDecimal("4.000"));
        assertThat(report.days()).noneMatch(DayEnergy::estimated);
        assertThat(report.totalKwh()).isEqualTo(new BigDecimal("20.000"));
    }

    @Test
    void empty_day_has_no_data() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T10:00", 1000),
                counter("2026-06-01T11:00", 1030));

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(2), SHANGHAI);

        DayEnergy june2 = report.days().get(1);
        assertThat(june2.date()).isEqualTo(LocalDate.of(2026, 6, 2));
        assertThat(june2.hasData()).isFalse();
        assertThat(june2.samples()).isZero();
        assertThat(june2.kwh()).isEqualTo(new BigDecimal("0.000"));
        assertThat(june2.estimated()).isFalse();
        assertThat(june2.longestGap()).isEqualTo(Duration.ofHours(24));
        assertThat(report.days().get(0).hasData()).isTrue();
        assertThat(report.daysWithoutData()).isEqualTo(1);
    }

    @Test
    void power_gap_without_counter_leaves_the_days_it_spans_without_data() {
        List<CounterSample> samples = List.of(
                power("2026-06-01T12:00", 20),
                power("2026-06-03T12:00", 20)); // energy in between is unknown

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(3), SHANGHAI);

        assertThat(report.days()).extracting(DayEnergy::hasData).containsExactly(true, false, true);
        assertThat(report.days()).extracting(DayEnergy::estimated).containsExactly(true, false, true);
        assertThat(report.totalKwh()).isEqualTo(new BigDecimal("0.000"));
    }

    @Test
    void totals_add_up_to_the_rounded_exact_total() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T00:00", 0),
                counter("2026-06-04T00:00", 100)); // 33.333... kWh a day

        EnergyReport report = calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(3), SHANGHAI);

        assertThat(report.days()).extracting(DayEnergy::kwh).containsExactly(new BigDecimal("33.334"),
                new BigDecimal("33.333"), new BigDecimal("33.333"));
        assertThat(report.totalKwh()).isEqualTo(new BigDecimal("100.000"));
        BigDecimal sum = report.days().stream().map(DayEnergy::kwh).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(report.totalKwh());
    }

    @Test
    void unsorted_samples_are_rejected() {
        List<CounterSample> samples = List.of(
                counter("2026-06-01T11:00", 1000),
                counter("2026-06-01T10:00", 1010));

        assertThatThrownBy(() -> calculator.daily(samples, CAPACITY_KWP, JUNE_1, JUNE_1.plusDays(1), SHANGHAI))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
    }

    private static LocalDateTime local(String localDateTime) {
        return LocalDateTime.parse(localDateTime);
    }

    private static Instant at(LocalDateTime local) {
        return local.atZone(SHANGHAI).toInstant();
    }

    private static Instant at(String localDateTime) {
        return at(local(localDateTime));
    }

    private static CounterSample counter(String localDateTime, double kwh) {
        return CounterSample.counter(at(localDateTime), kwh);
    }

    private static CounterSample power(String localDateTime, double kw) {
        return CounterSample.power(at(localDateTime), kw);
    }
}
