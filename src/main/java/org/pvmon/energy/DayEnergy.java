package org.pvmon.energy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Energy of one station on one local day.
 *
 * @param date       the local day (in the zone the report was computed for)
 * @param kwh        energy in kWh, scale 3, never negative; 0 when {@code hasData} is false. The days
 *                   of a report are rounded together so they add up to the report's total (see
 *                   {@link EnergyReport#totalKwh()}); a day may therefore differ by 0.001 kWh from
 *                   its own half-up rounding.
 * @param hasData    false when the day had no sample and no reading interval with known energy
 *                   overlaps it: show "no data", not 0 production
 * @param estimated  true when part of the energy was integrated from power (no counter), or when
 *                   power could not be integrated over part of the day (energy may be missing)
 * @param samples    number of samples taken during the day
 * @param resets     counter decreases seen on this day (meter or logger replaced)
 * @param jumps      counter rises beyond what the capacity allows, seen on this day (not counted)
 * @param longestGap longest stretch of the day without a sample, measured between consecutive
 *                   samples and the day's start and end; the whole day when it has no sample
 * @param notes      human-readable explanations of resets, jumps, apportioned gaps and missing power
 */
public record DayEnergy(LocalDate date, BigDecimal kwh, boolean hasData, boolean estimated, int samples,
        int resets, int jumps, Duration longestGap, List<String> notes) {

    public DayEnergy {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kwh, "kwh");
        Objects.requireNonNull(longestGap, "longestGap");
        notes = List.copyOf(notes);
    }
}
