package org.pvmon.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A fault injected into one station, parsed from {@code ID=KIND[:ARG][@FROM/TO]}.
 * FROM and TO are local times (Asia/Shanghai) {@code yyyy-MM-ddTHH:mm[:ss]} or dates {@code yyyy-MM-dd}
 * (start of day); either may be empty (open). Without a window the fault lasts for the whole run.
 *
 * @param from start of the window, or {@code null} for "from the start of the run"
 * @param to   end of the window (exclusive), or {@code null} for "until the end of the run"
 */
public record Fault(String stationId, Kind kind, double factor, int code, Instant from, Instant to) {

    /** The kinds of fault. */
    public enum Kind {
        /** The logger is dead: no readings, connection dropped without DISCONNECT (last will fires). */
        OFFLINE("offline"),
        /** Online and "running" but the output is 0 and the counter stands still. */
        ZERO("zero"),
        /** Output (and energy) multiplied by a factor, e.g. {@code degraded:0.5}. */
        DEGRADED("degraded"),
        /** At the start of the window the counter restarts from 0 (meter or logger replaced). */
        METER_RESET("meter-reset"),
        /** The inverter trips: state {@code fault}, a fault code, output 0, e.g. {@code inverter-fault:3001}. */
        INVERTER_FAULT("inverter-fault");

        final String spec;

        Kind(String spec) {
            this.spec = spec;
        }

        static Kind of(String text) {
            for (Kind k : values()) {
                if (k.spec.equals(text.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown fault kind '" + text
                    + "' (one of offline, zero, degraded:FACTOR, meter-reset, inverter-fault[:CODE])");
        }
    }

    public static final int DEFAULT_FAULT_CODE = 3001;

    /** Parses a {@code --fault} value; throws IllegalArgumentException with a message for the user. */
    public static Fault parse(String spec, ZoneId zone) {
        String usage = " (expected ID=KIND[:ARG][@FROM/TO], e.g. YN-JZ-003=offline@2026-11-20T09:00/2026-11-20T15:00)";
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("'" + spec + "': missing station id" + usage);
        }
        String id = spec.substring(0, eq).trim();
        if (!Station.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + spec + "': '" + id + "' is not a valid station id" + usage);
        }
        String rest = spec.substring(eq + 1).trim();
        Instant from = null;
        Instant to = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String window = rest.substring(at + 1);
            rest = rest.substring(0, at);
            int slash = window.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + spec + "': the window must be FROM/TO" + usage);
            }
            from = time(window.substring(0, slash), zone, spec);
            to = time(window.substring(slash + 1), zone, spec);
            if (from != null && to != null && !to.isAfter(from)) {
                throw new IllegalArgumentException("'" + spec + "': the window ends before it starts");
            }
        }
        String kindText = rest;
        String arg = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            kindText = rest.substring(0, colon);
            arg = rest.substring(colon + 1);
        }
        Kind kind;
        try {
            kind = Kind.of(kindText.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + spec + "': " + e.getMessage());
        }
        double factor = 1;
        int code = 0;
        switch (kind) {
            case DEGRADED -> {
                if (arg == null) {
                    throw new IllegalArgumentException("'" + spec + "': degraded needs a factor, e.g. degraded:0.5");
                }
                factor = factor(arg, spec);
            }
            case INVERTER_FAULT -> code = arg == null ? DEFAULT_FAULT_CODE : code(arg, spec);
            default -> {
                if (arg != null) {
                    throw new IllegalArgumentException("'" + spec + "': " + kind.spec + " takes no argument");
                }
            }
        }
        return new Fault(id, kind, factor, code, from, to);
    }

    /** Whether the fault is active at {@code t}, given the start of the run for an open start. */
    public boolean activeAt(Instant t, Instant runStart) {
        Instant start = effectiveStart(runStart);
        return !t.isBefore(start) && (to == null || t.isBefore(to));
    }

    public Instant effectiveStart(Instant runStart) {
        return from != null ? from : runStart;
    }

    private static Instant time(String text, ZoneId zone, String spec) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + spec + "': '" + s
                    + "' is not a local time yyyy-MM-ddTHH:mm[:ss] or a date yyyy-MM-dd");
        }
    }

    private static double factor(String text, String spec) {
        try {
            double f = Double.parseDouble(text.trim());
            if (f >= 0 && f <= 1) {
                return f;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + spec + "': the degraded factor must be a number within 0..1, is '" + text + "'");
    }

    private static int code(String text, String spec) {
        try {
            int c = Integer.parseInt(text.trim());
            if (c >= 1 && c <= 65535) {
                return c;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + spec + "': the fault code must be an integer within 1..65535, is '" + text + "'");
    }
}
