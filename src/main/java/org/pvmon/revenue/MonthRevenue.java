package org.pvmon.revenue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.pvmon.money.Money;

/**
 * Accrued revenue of one station in one local month: energy × tariff, split into the benchmark part (grid company)
 * and the subsidy part (national subsidy, only from the catalogue date). {@code total = benchmark + subsidy} exactly.
 *
 * @param segments  the month cut wherever the tariff or subsidy eligibility changes
 * @param estimated some energy was integrated from power rather than read from the counter
 * @param daysWithoutTariff days with energy but no tariff in force (their energy earns nothing here: enter the tariff)
 * @param daysWithoutData days without readings (their energy is missing, not zero)
 */
public record MonthRevenue(YearMonth month, BigDecimal energyKwh, Money benchmark, Money subsidy, Money total,
                           boolean estimated, List<Segment> segments, List<LocalDate> daysWithoutTariff,
                           List<LocalDate> daysWithoutData) {

    /** Days [from, until) under one tariff and one subsidy state. Amounts are exact (unrounded) yuan. */
    public record Segment(LocalDate from, LocalDate until, BigDecimal energyKwh, BigDecimal benchmarkPerKwh,
                          BigDecimal subsidyPerKwh, boolean subsidyAccrues, BigDecimal benchmarkYuan, BigDecimal subsidyYuan) {
    }
}
