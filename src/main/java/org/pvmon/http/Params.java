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

    /** An optional local date (null when absent). */
    static LocalDate optionalDate(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : date(ctx, name, null);
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

    private static final com.fasterxml.jackson.databind.ObjectMapper READER = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The request body as a JSON object (400 when it is not one). */
    static com.fasterxml.jackson.databind.JsonNode jsonObject(Context ctx) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = READER.readTree(ctx.body());
            if (n == null || !n.isObject()) throw ApiException.badParameter("body", "must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badParameter("body", "must be JSON: " + e.getOriginalMessage());
        }
    }

    /** A required text field of a JSON body, stripped, at most {@code max} characters. */
    static String text(com.fasterxml.jackson.databind.JsonNode body, String field, int max) {
        com.fasterxml.jackson.databind.JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw ApiException.badParameter(field, "is required (text)");
        String s = v.asText().strip();
        if (s.length() > max) throw ApiException.badParameter(field, "must be at most " + max + " characters");
        return s;
    }

    /** An optional text field (null when absent or null), at most {@code max} characters. */
    static String optionalText(com.fasterxml.jackson.databind.JsonNode body, String field, int max) {
        com.fasterxml.jackson.databind.JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.badParameter(field, "must be text");
        String s = v.asText().strip();
        if (s.length() > max) throw ApiException.badParameter(field, "must be at most " + max + " characters");
        return s;
    }
}
