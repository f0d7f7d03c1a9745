package org.pvmon.energy;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of a station.
 *
 * @param time      when the reading was taken
 * @param energyKwh cumulative export counter in kWh; {@code NaN} when the station has no counter
 *                  (or did not report it). A negative or non-finite value counts as "no counter".
 * @param powerKw   instantaneous AC power in kW; {@code NaN} when not reported. Small negatives
 *                  (night consumption) are integrated as 0: the counter measures export only.
 */
public record CounterSample(Instant time, double energyKwh, double powerKw) {

    public CounterSample {
        Objects.requireNonNull(time, "time");
    }

    /** A sample with a counter only (power not reported). */
    public static CounterSample counter(Instant time, double energyKwh) {
        return new CounterSample(time, energyKwh, Double.NaN);
    }

    /** A sample with power only (no counter). */
    public static CounterSample power(Instant time, double powerKw) {
        return new CounterSample(time, Double.NaN, powerKw);
    }

    boolean hasCounter() {
        return isCounter(energyKwh);
    }

    /** A counter value the energy calculation uses: finite, not negative. */
    static boolean isCounter(double kwh) {
        return Double.isFinite(kwh) && kwh >= 0;
    }

    boolean hasPower() {
        return Double.isFinite(powerKw);
    }
}
