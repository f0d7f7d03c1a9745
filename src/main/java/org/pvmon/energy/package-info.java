/**
 * Energy: turns a station's raw readings (cumulative meter counter and instantaneous power) into
 * kWh per local day.
 *
 * <p>Owns the energy rules of the domain: energy in a period is the counter at its end minus the
 * counter at its start; a decrease is a meter reset, never negative energy; a rise beyond what the
 * station's capacity allows is a suspicious meter jump and is not counted; reporting gaps lose no
 * energy as long as the counter is read before and after (the delta is apportioned over the days
 * the gap spans); power is integrated only where no counter exists, and such energy is marked
 * estimated. Days are local days in the given zone ({@link org.pvmon.energy.Periods#ZONE}, Asia/Shanghai), never UTC days.
 *
 * <p>Pure logic: no I/O, no clock, no dependencies beyond the JDK. The entry point is
 * {@link org.pvmon.energy.EnergyCalculator}; inputs are {@link org.pvmon.energy.CounterSample}s and
 * the result is an {@link org.pvmon.energy.EnergyReport} of {@link org.pvmon.energy.DayEnergy} rows.
 * Energy is kWh, not money: it is accumulated as {@code double} in time order (deterministic) and
 * reported as {@link java.math.BigDecimal} with 3 decimals (0.001 kWh).
 */
package org.pvmon.energy;
