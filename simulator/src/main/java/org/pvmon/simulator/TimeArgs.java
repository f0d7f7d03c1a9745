package org.pvmon.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the CLI's durations and times. */
final class TimeArgs {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)?");

    private TimeArgs() {
    }

    /** {@code 60s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 90} (seconds), or ISO-8601 {@code PT1M}. */
    static Duration duration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        if (s.startsWith("p")) {
            try {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 60s, 5m, 1h, PT1M)");
            }
        } else {
            Matcher m = SIMPLE.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 60s, 5m, 1h, PT1M)");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "': the duration must be positive");
        }
        return d;
    }

    /**
     * A point in time: a local date {@code 2026-11-15} (its midnight), a local date-time
     * {@code 2026-11-15T08:00[:00]} (Asia/Shanghai), or a date-time with offset {@code 2026-11-15T08:00+08:00}.
     */
    static Instant instant(String text, ZoneId zone) {
        String s = text.trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm[:ss][+08:00])");
        }
    }

    /** The first reporting boundary at or after {@code t}: boundaries are local midnight + n x interval. */
    static Instant firstBoundary(Instant t, Duration interval, ZoneId zone) {
        Instant midnight = LocalDate.ofInstant(t, zone).atStartOfDay(zone).toInstant();
        long step = interval.toMillis();
        long since = Duration.between(midnight, t).toMillis();
        long n = (since + step - 1) / step;
        return midnight.plusMillis(n * step);
    }
}
