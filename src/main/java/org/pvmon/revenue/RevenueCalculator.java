package org.pvmon.revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pvmon.energy.DayEnergy;
import org.pvmon.money.Money;

/**
 * Accrued revenue from daily energy: each local day's kWh times the tariff in force that day, the subsidy part only
 * from the catalogue date. Exact sums per part over the month, rounded once per part to the fen with
 * {@link #ROUNDING}; the total is the sum of the two rounded parts, so the parts always add up to it.
 */
public final class RevenueCalculator {
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    /** @param days the station's energy for every local day of the month (from {@code EnergyCalculator}) */
    public MonthRevenue month(YearMonth month, List<DayEnergy> days, StationTariff tariff) {
        Objects.requireNonNull(tariff, "tariff");
        List<MonthRevenue.Segment> segments = new ArrayList<>();
        List<LocalDate> noTariff = new ArrayList<>();
        List<LocalDate> noData = new ArrayList<>();
        BigDecimal energy = BigDecimal.ZERO;
        BigDecimal benchmark = BigDecimal.ZERO;
        BigDecimal subsidy = BigDecimal.ZERO;
        boolean estimated = false;
        Open open = null;
        for (DayEnergy d : days) {
            if (!YearMonth.from(d.date()).equals(month)) {
                throw new IllegalArgumentException(d.date() + " is not in " + month);
            }
            if (!d.hasData()) noData.add(d.date());
            estimated |= d.estimated();
            energy = energy.add(d.kwh());
            Tariff t = tariff.on(d.date()).orElse(null);
            if (t == null) {
                if (d.kwh().signum() > 0) noTariff.add(d.date());
                if (open != null) segments.add(open.close(d.date()));
                open = null;
                continue;
            }
            boolean accrues = tariff.subsidyAccrues(d.date());
            if (open == null || open.tariff != t || open.subsidyAccrues != accrues) {
                if (open != null) segments.add(open.close(d.date()));
                open = new Open(d.date(), t, accrues);
            }
            open.energy = open.energy.add(d.kwh());
            BigDecimal b = d.kwh().multiply(t.benchmarkPerKwh());
            BigDecimal s = accrues ? d.kwh().multiply(t.subsidyPerKwh()) : BigDecimal.ZERO;
            open.benchmark = open.benchmark.add(b);
            open.subsidy = open.subsidy.add(s);
            benchmark = benchmark.add(b);
            subsidy = subsidy.add(s);
        }
        if (open != null) segments.add(open.close(days.get(days.size() - 1).date().plusDays(1)));
        Money b = Money.ofYuan(benchmark, ROUNDING);
        Money s = Money.ofYuan(subsidy, ROUNDING);
        return new MonthRevenue(month, energy, b, s, b.plus(s), estimated, segments, noTariff, noData);
    }

    private static final class Open {
        final LocalDate from;
        final Tariff tariff;
        final boolean subsidyAccrues;
        BigDecimal energy = BigDecimal.ZERO;
        BigDecimal benchmark = BigDecimal.ZERO;
        BigDecimal subsidy = BigDecimal.ZERO;

        Open(LocalDate from, Tariff tariff, boolean subsidyAccrues) {
            this.from = from;
            this.tariff = tariff;
            this.subsidyAccrues = subsidyAccrues;
        }

        MonthRevenue.Segment close(LocalDate until) {
            return new MonthRevenue.Segment(from, until, energy, tariff.benchmarkPerKwh(), tariff.subsidyPerKwh(),
                    subsidyAccrues, benchmark, subsidy);
        }
    }
}
