package org.pvmon.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.DayEnergy;
import org.pvmon.energy.EnergyCalculator;

class RevenueCalculatorTest {
    private static final YearMonth OCT = YearMonth.of(2026, 10);
    private final RevenueCalculator calc = new RevenueCalculator();

    @Test
    void a_2016_station_in_the_catalogue_earns_benchmark_and_subsidy_parts() {
        StationTariff t = new StationTariff(List.of(Tariff.shandongPovertyPv(LocalDate.of(2016, 6, 30))), LocalDate.of(2018, 1, 1));
        MonthRevenue r = calc.month(OCT, days(OCT, d -> "100"), t);

        assertThat(r.energyKwh()).isEqualByComparingTo("3100");
        assertThat(r.benchmark().toString()).isEqualTo("1224.19"); // 3100 x 0.3949
        assertThat(r.subsidy().toString()).isEqualTo("1813.81");   // 3100 x (0.98 - 0.3949)
        assertThat(r.total().toString()).isEqualTo("3038.00");     // 3100 x 0.98
        assertThat(r.segments()).hasSize(1);
    }

    @Test
    void month_spanning_a_tariff_change_is_split_at_the_change() {
        Tariff before = new Tariff(LocalDate.of(2016, 6, 30), LocalDate.of(2026, 10, 16), new BigDecimal("0.3949"), new BigDecimal("0.5851"));
        Tariff after = new Tariff(LocalDate.of(2026, 10, 16), null, new BigDecimal("0.3949"), new BigDecimal("0.4551"));
        MonthRevenue r = calc.month(OCT, days(OCT, d -> "10"), new StationTariff(List.of(after, before), LocalDate.of(2017, 1, 1)));

        assertThat(r.segments()).hasSize(2);
        assertThat(r.segments().get(0).until()).isEqualTo(LocalDate.of(2026, 10, 16));
        assertThat(r.segments().get(0).energyKwh()).isEqualByComparingTo("150");
        assertThat(r.segments().get(1).energyKwh()).isEqualByComparingTo("160");
        // subsidy: 150 x 0.5851 + 160 x 0.4551 = 87.765 + 72.816 = 160.581 -> 160.58
        assertThat(r.subsidy().toString()).isEqualTo("160.58");
        // benchmark: 310 x 0.3949 = 122.419 -> 122.42
        assertThat(r.benchmark().toString()).isEqualTo("122.42");
        assertThat(r.total().fen()).isEqualTo(r.benchmark().fen() + r.subsidy().fen());
    }

    @Test
    void subsidy_accrues_only_from_the_catalogue_date() {
        StationTariff t = new StationTariff(List.of(Tariff.shandongPovertyPv(LocalDate.of(2017, 5, 20))), LocalDate.of(2026, 10, 21));
        MonthRevenue r = calc.month(OCT, days(OCT, d -> "10"), t);

        assertThat(r.segments()).extracting(MonthRevenue.Segment::subsidyAccrues).containsExactly(false, true);
        // 11 days (21..31) x 10 kWh x (0.85 - 0.3949) = 110 x 0.4551 = 50.061 -> 50.06
        assertThat(r.subsidy().toString()).isEqualTo("50.06");
        assertThat(r.benchmark().toString()).isEqualTo("122.42");
    }

    @Test
    void a_station_not_in_the_catalogue_earns_only_the_benchmark_part() {
        StationTariff t = new StationTariff(List.of(Tariff.shandongPovertyPv(LocalDate.of(2017, 5, 20))), null);
        MonthRevenue r = calc.month(OCT, days(OCT, d -> "10"), t);
        assertThat(r.subsidy().isZero()).isTrue();
        assertThat(r.total()).isEqualTo(r.benchmark());
    }

    @Test
    void the_month_is_rounded_once_per_part_not_day_by_day() {
        // 31 days x 0.013 kWh x 0.3949 = 0.1591447 yuan -> 0.16; day by day each would round to 0.01 -> 0.31
        StationTariff t = new StationTariff(List.of(Tariff.shandongPovertyPv(LocalDate.of(2016, 6, 30))), null);
        MonthRevenue r = calc.month(OCT, days(OCT, d -> "0.013"), t);
        assertThat(r.benchmark().toString()).isEqualTo("0.16");
    }

    @Test
    void energy_on_days_without_a_tariff_is_flagged_not_priced() {
        Tariff from20 = new Tariff(LocalDate.of(2026, 10, 20), null, new BigDecimal("0.3949"), BigDecimal.ZERO);
        MonthRevenue r = calc.month(OCT, days(OCT, d -> "10"), new StationTariff(List.of(from20), null));
        assertThat(r.daysWithoutTariff()).hasSize(19).startsWith(LocalDate.of(2026, 10, 1));
        assertThat(r.benchmark().toString()).isEqualTo("47.39"); // 12 days x 10 x 0.3949 = 47.388
    }

    @Test
    void the_month_starts_at_local_midnight_not_utc_midnight() {
        // 1 kWh every 5 minutes from 2026-09-30 23:00 to 2026-10-01 01:00 Shanghai time (one hour on each side).
        List<CounterSample> samples = new ArrayList<>();
        OffsetDateTime t0 = OffsetDateTime.parse("2026-09-30T23:00:00+08:00");
        for (int i = 0; i <= 24; i++) samples.add(CounterSample.counter(t0.plusMinutes(5L * i).toInstant(), 1000 + i));
        List<DayEnergy> october = new EnergyCalculator()
                .daily(samples, 100, OCT.atDay(1), OCT.plusMonths(1).atDay(1), ZoneId.of("Asia/Shanghai")).days();

        StationTariff t = new StationTariff(List.of(Tariff.shandongPovertyPv(LocalDate.of(2016, 6, 30))), LocalDate.of(2017, 1, 1));
        MonthRevenue r = calc.month(OCT, october, t);
        assertThat(r.energyKwh()).isEqualByComparingTo("12");           // only the hour after local midnight
        assertThat(r.total().toString()).isEqualTo("11.76");            // 12 x 0.98
        assertThat(r.daysWithoutData()).hasSize(30);                     // Oct 2..31 had no readings: missing, not zero
    }

    private static List<DayEnergy> days(YearMonth month, Function<LocalDate, String> kwh) {
        List<DayEnergy> out = new ArrayList<>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate date = month.atDay(d);
            out.add(new DayEnergy(date, new BigDecimal(kwh.apply(date)), true, false, 288, 0, 0, Duration.ofMinutes(5), List.of()));
        }
        return out;
    }
}
