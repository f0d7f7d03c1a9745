package org.pvmon.distribution;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Local calendar days (Asia/Shanghai dates) from {@code from} to {@code to}, <em>both included</em>; {@code to} null
 * means open-ended (still enrolled, post still held). Used for household enrollments and post activity.
 */
public record DateRange(LocalDate from, LocalDate to) {
    public DateRange {
        Objects.requireNonNull(from, "from");
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("date range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** From {@code from} on, open-ended. */
    public static DateRange from(LocalDate from) {
        return new DateRange(from, null);
    }

    /** How many days of {@code month} fall in this range (0 to the length of the month). */
    int daysIn(YearMonth month) {
        LocalDate start = from.isAfter(month.atDay(1)) ? from : month.atDay(1);
        LocalDate end = to == null || to.isAfter(month.atEndOfMonth()) ? month.atEndOfMonth() : to;
        return end.isBefore(start) ? 0 : (int) ChronoUnit.DAYS.between(start, end) + 1;
    }

    /** Whether {@code day} is in the range (both ends included). */
    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && (to == null || !day.isAfter(to));
    }

    /** Whether the two (inclusive) ranges share a day. */
    public boolean overlaps(DateRange other) {
        boolean thisEndsBefore = to != null && to.isBefore(other.from);
        boolean otherEndsBefore = other.to != null && other.to.isBefore(from);
        return !thisEndsBefore && !otherEndsBefore;
    }

    @Override
    public String toString() {
        return from + ".." + (to == null ? "" : to.toString());
    }
}
