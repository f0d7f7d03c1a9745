package org.pvmon.distribution;

import java.util.Objects;
import org.pvmon.money.Money;

/**
 * An amount still owed from earlier months: a deduction (by its name) or a post's wages (by post id). A statement
 * lists what it leaves unpaid ({@link Statement#carriedForward()}); pass that as the next month's
 * {@link VillageMonth#carriedIn()}, where it is paid before the same month's own deductions or wages.
 */
public record Shortfall(Kind kind, String key, Money amount) {
    public enum Kind { DEDUCTION, POST_WAGE }

    public Shortfall {
        Objects.requireNonNull(kind, "kind");
        Checks.nonBlank(key, "shortfall key");
        Checks.nonNegative(amount, "shortfall " + key);
    }
}
