package org.pvmon.energy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Energy of one station per local day over [{@code from}, {@code to}).
 *
 * @param from     first day (inclusive)
 * @param to       end day (exclusive)
 * @param days     one row per local day, in date order
 * @param totalKwh the range total, scale 3: the exact total rounded {@link EnergyCalculator#ROUNDING
 *                 half-up}; the day rows are allocated by largest remainder so that they add up
 *                 to it exactly
 */
public record EnergyReport(LocalDate from, LocalDate to, List<DayEnergy> days, BigDecimal totalKwh) {

    public EnergyReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(totalKwh, "totalKwh");
        days = List.copyOf(days);
    }

    /** True when any day's energy is estimated. */
    public boolean estimated() {
        return days.stream().anyMatch(DayEnergy::estimated);
    }

    /** Number of days without any data. */
    public int daysWithoutData() {
        return (int) days.stream().filter(d -> !d.hasData()).count();
    }
}
