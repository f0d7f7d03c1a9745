package org.pvmon.distribution;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Objects;
import org.pvmon.money.Money;

/**
 * A public-welfare post (公益岗位: cleaner, road keeper, ...) held by a member of a registered household, paid
 * {@code monthlyWage} for a full month of activity and pro rata to the days active otherwise.
 */
public record Post(String id, String title, String holderHouseholdId, Money monthlyWage, DateRange active) {
    public Post {
        Checks.nonBlank(id, "post id");
        Checks.nonBlank(title, "post " + id + " title");
        Checks.nonBlank(holderHouseholdId, "post " + id + " holder household id");
        Checks.nonNegative(monthlyWage, "post " + id + " monthly wage");
        Objects.requireNonNull(active, "post " + id + " active period");
    }

    /** Days of {@code month} the post was active. */
    int daysActive(YearMonth month) {
        return active.daysIn(month);
    }

    /** The wage for {@code month}: monthly wage x days active / days in month, rounded with {@link DistributionEngine#ROUNDING}. */
    Money wageFor(YearMonth month) {
        BigDecimal fen = BigDecimal.valueOf(monthlyWage.fen()).multiply(BigDecimal.valueOf(daysActive(month)));
        return new Money(fen.divide(BigDecimal.valueOf(month.lengthOfMonth()), 0, DistributionEngine.ROUNDING).longValueExact());
    }
}
