package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.Objects;
import org.pvmon.money.Money;

/** Argument checks with messages that name what is wrong. */
final class Checks {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Checks() {
    }

    static String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " must not be blank");
        return value;
    }

    static Money nonNegative(Money amount, String what) {
        Objects.requireNonNull(amount, what);
        if (amount.isNegative()) throw new IllegalArgumentException(what + " must not be negative, was " + amount);
        return amount;
    }

    static BigDecimal nonNegative(BigDecimal value, String what) {
        Objects.requireNonNull(value, what);
        if (value.signum() < 0) throw new IllegalArgumentException(what + " must not be negative, was " + value);
        return value;
    }

    /** A percentage from 0 to 100 ("5" is 5%). */
    static BigDecimal percent(BigDecimal value, String what) {
        nonNegative(value, what);
        if (value.compareTo(HUNDRED) > 0) throw new IllegalArgumentException(what + " must be at most 100%, was " + value + "%");
        return value;
    }
}
