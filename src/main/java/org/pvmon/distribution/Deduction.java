package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.Objects;
import org.pvmon.money.Money;

/**
 * A deduction taken from the basis before anything is distributed (O&M, insurance, land rent, a reserve). Create
 * with the factories; {@code value} means what the {@link Rule} says.
 *
 * <p>An {@code owed} deduction is a bill: what a short month cannot pay is carried forward and paid first the next
 * month. A reserve is not owed: it is set aside after the owed deductions, only as far as money allows, and what it
 * cannot get lapses.
 */
public record Deduction(String name, Rule rule, BigDecimal value, boolean owed) {

    /** How a deduction's monthly amount is computed; every result is rounded to the fen with {@link DistributionEngine#ROUNDING}. */
    public enum Rule {
        /**
         * {@code value} yuan per kWp per year on the village's capacity share; a month is one twelfth of the year
         * whatever its length (O&M contracts bill in equal monthly or quarterly instalments). Example: 0.03 yuan/W/year
         * is 30 yuan/kWp/year; on 125 kWp that is 3,750.00 a year, 312.50 a month.
         */
        PER_KWP_YEAR,
        /** {@code value} percent of the month's basis (the revenue being distributed). */
        PERCENT_OF_BASIS,
        /** {@code value} yuan every month (at most two decimals), e.g. insurance or land rent. */
        FIXED_MONTHLY
    }

    public Deduction {
        Checks.nonBlank(name, "deduction name");
        Objects.requireNonNull(rule, "rule");
        Checks.nonNegative(value, "deduction " + name + " value");
        switch (rule) {
            case PERCENT_OF_BASIS -> Checks.percent(value, "deduction " + name);
            case FIXED_MONTHLY -> {
                if (value.stripTrailingZeros().scale() > 2) {
                    throw new IllegalArgumentException("deduction " + name + ": a monthly amount has at most two decimals, was " + value);
                }
            }
            case PER_KWP_YEAR -> { }
        }
    }

    /** O&M (运维费) at {@code yuanPerKwpYear} on the village's capacity share, owed. */
    public static Deduction perKwpYear(String name, BigDecimal yuanPerKwpYear) {
        return new Deduction(name, Rule.PER_KWP_YEAR, yuanPerKwpYear, true);
    }

    /** A percentage of the basis (e.g. O&M as 5% of revenue), owed. */
    public static Deduction percentOfBasis(String name, BigDecimal percent) {
        return new Deduction(name, Rule.PERCENT_OF_BASIS, percent, true);
    }

    /** A fixed monthly amount (insurance, land rent), owed. */
    public static Deduction fixedMonthly(String name, Money perMonth) {
        return new Deduction(name, Rule.FIXED_MONTHLY, perMonth.yuan(), true);
    }

    /** A reserve (风险/维修准备金) of {@code percent} of the basis: set aside when money allows, never owed. */
    public static Deduction reserve(String name, BigDecimal percent) {
        return new Deduction(name, Rule.PERCENT_OF_BASIS, percent, false);
    }

    /** This month's amount before any shortfall. */
    Money monthly(Money basis, BigDecimal capacityKwp) {
        return switch (rule) {
            case PER_KWP_YEAR -> new Money(value.multiply(capacityKwp).movePointRight(2)
                    .divide(BigDecimal.valueOf(12), 0, DistributionEngine.ROUNDING).longValueExact());
            case PERCENT_OF_BASIS -> basis.times(value.movePointLeft(2), DistributionEngine.ROUNDING);
            case FIXED_MONTHLY -> Money.ofYuan(value.toPlainString());
        };
    }

    /** The rule in words, for the statement. */
    String describe(Money basis, BigDecimal capacityKwp) {
        String text = switch (rule) {
            case PER_KWP_YEAR -> value.toPlainString() + " yuan/kWp/year x " + capacityKwp.toPlainString() + " kWp / 12";
            case PERCENT_OF_BASIS -> value.toPlainString() + "% of " + basis;
            case FIXED_MONTHLY -> Money.ofYuan(value.toPlainString()) + " per month";
        };
        return owed ? text : text + " (reserve, not owed)";
    }
}
