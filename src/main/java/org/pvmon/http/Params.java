package org.pvmon.http;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Query-parameter parsing with errors that name the parameter and the expected form. */
final class Params {
    private Params() {
    }

    static LocalDate date(Context ctx, String name, LocalDate dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            if (dflt == null) throw ApiException.badParameter(name, "is required (a local date, yyyy-MM-dd)");
            return dflt;
        }
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "must be a local date yyyy-MM-dd (Asia/Shanghai), got '" + v + "'");
        }
    }

    /**
     * A local month {@code yyyy-MM}, from 2014-01 up to {@code current} (never in the future); {@code dflt} when absent
     * (null: required).
     */
    static YearMonth month(Context ctx, String name, YearMonth current, YearMonth dflt) {
        String v = ctx.queryParam(name);
        YearMonth m;
        if (v == null || v.isBlank()) {
            if (dflt == null) throw ApiException.badParameter(name, "is required (a month, yyyy-MM, Asia/Shanghai)");
            m = dflt;
        } else {
            try {
                m = YearMonth.parse(v.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.badParameter(name, "must be a month yyyy-MM (Asia/Shanghai), got '" + v + "'");
            }
        }
        if (m.isAfter(current)) throw ApiException.badParameter(name, m + " has not begun yet");
        if (m.isBefore(YearMonth.of(2014, 1))) throw ApiException.badParameter(name, "must be 2014-01 or later");
        return m;
    }

    static int integer(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) throw ApiException.badParameter(name, "must be " + min + "-" + max + ", got " + i);
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "must be a whole number " + min + "-" + max + ", got '" + v + "'");
        }
    }

    /** An inclusive local date range [from, to], at most {@code maxDays} long. */
    record DateRange(LocalDate from, LocalDate to) {
        static DateRange of(Context ctx, LocalDate today, int maxDays) {
            LocalDate to = date(ctx, "to", today);
            LocalDate from = date(ctx, "from", to.minusDays(6));
            if (from.isAfter(to)) throw ApiException.badParameter("from", "must not be after to (" + from + " > " + to + ")");
            if (from.plusDays(maxDays).isBefore(to.plusDays(1))) {
                throw ApiException.badParameter("to", "the range may span at most " + maxDays + " days");
            }
            return new DateRange(from, to);
        }
    }
}
