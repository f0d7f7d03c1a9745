package org.pvmon.distribution;

import java.math.BigDecimal;
import org.pvmon.money.Money;

/**
 * How much an allocation asks for each month: a fixed amount, or a percentage of the distributable amount (the basis
 * less the deductions actually paid this month). Exactly one of the two is set; use the factories.
 */
public record Portion(Money fixed, BigDecimal percent) {
    public Portion {
        if ((fixed == null) == (percent == null)) {
            throw new IllegalArgumentException("a portion is either a fixed amount or a percentage, not both or neither");
        }
        if (fixed != null) Checks.nonNegative(fixed, "fixed portion");
        if (percent != null) Checks.percent(percent, "portion");
    }

    public static Portion fixed(Money perMonth) {
        return new Portion(perMonth, null);
    }

    public static Portion percentOfDistributable(BigDecimal percent) {
        return new Portion(null, percent);
    }

    /** What this portion asks for out of {@code distributable}, rounded with {@link DistributionEngine#ROUNDING}. */
    Money target(Money distributable) {
        return fixed != null ? fixed : distributable.times(percent.movePointLeft(2), DistributionEngine.ROUNDING);
    }

    @Override
    public String toString() {
        return fixed != null ? fixed + " per month" : percent.toPlainString() + "% of distributable";
    }
}
