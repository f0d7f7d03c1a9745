package org.pvmon.revenue;

import java.time.LocalDate;
import java.time.YearMonth;

/** A local month as far as it has gone: the current month runs up to today and is {@code partial}. */
public record MonthPeriod(YearMonth month, LocalDate from, LocalDate to, boolean partial) {
    public static MonthPeriod of(YearMonth month, LocalDate today) {
        boolean partial = month.equals(YearMonth.from(today));
        return new MonthPeriod(month, month.atDay(1), partial ? today : month.atEndOfMonth(), partial);
    }
}
