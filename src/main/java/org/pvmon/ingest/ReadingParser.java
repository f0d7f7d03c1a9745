package org.pvmon.ingest;

import org.pvmon.store.Reading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.pvmon.config.Config;
import org.pvmon.ingest.Rejection.Reason;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/**
 * Turns an MQTT message into a {@link Reading} or a {@link Rejection}; never throws for bad input
 * (a throw in the MQTT callback would shut the client down).
 */
final class ReadingParser {
    static final String TOPIC_PREFIX = "pvmon/v1/stations/";
    static final int MAX_PAYLOAD = 4096;
    private static final Set<String> STATES = Set.of("running", "standby", "fault", "off");
    private static final double MIN_POWER = -0.5;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private final ObjectMapper json = new ObjectMapper();
    private final StationDirectory stations;
    private final Config.Ingest limits;
    private final Clock clock;

    ReadingParser(StationDirectory stations, Config.Ingest limits, Clock clock) {
        this.stations = stations;
        this.limits = limits;
        this.clock = clock;
    }

    /** The result: exactly one of reading and rejection is set. */
    record Result(Reading reading, Rejection rejection) {
    }

    Result parse(String topic, byte[] payload) {
        return parse(topic, payload, payload.length);
    }

    /**
     * {@code length}: the payload's size as received; of one over {@link #MAX_PAYLOAD} bytes {@code payload} may hold
     * only the first bytes (the receiver does not keep the rest).
     */
    Result parse(String topic, byte[] payload, int length) {
        Instant now = clock.instant();
        String topicStation = stationOfTopic(topic);
        if (length > MAX_PAYLOAD) {
            return reject(now, topic, topicStation, Reason.TOO_LARGE, length + " bytes, limit " + MAX_PAYLOAD, text(payload));
        }
        if (topicStation == null) {
            return reject(now, topic, null, Reason.TOPIC_MISMATCH, "not a reading topic " + TOPIC_PREFIX + "{stationId}/reading", text(payload));
        }
        // One pass over the bytes: NUL, and whether there is anything but ASCII. Only then can the payload hold an
        // ill-formed UTF-8 sequence, which the byte-by-byte check finds (what decoding it would turn into U+FFFD).
        int nul = -1;
        boolean ascii = true;
        for (int i = 0; i < payload.length; i++) {
            byte b = payload[i];
            if (b < 0) ascii = false;
            else if (b == 0 && nul < 0) nul = i;
        }
        if (!ascii) {
            int bad = Utf8.firstInvalid(payload);
            if (bad >= 0) {
                return reject(now, topic, topicStation, Reason.INVALID_UTF8, "invalid UTF-8 at byte " + bad + ": "
                        + HEX.formatHex(payload, bad, Math.min(payload.length, bad + 4)), text(payload));
            }
        }
        if (nul >= 0) {
            // Also keeps Jackson from reading the payload as UTF-16 or UTF-32, which it guesses from NULs.
            return reject(now, topic, topicStation, Reason.MALFORMED_JSON, "NUL at byte " + nul
                    + ": JSON text has none (a C string's terminator sent along, or UTF-16 instead of UTF-8?)", text(payload));
        }
        Fields root;
        try {
            root = Fields.read(json, payload);
        } catch (Invalid e) {
            return reject(now, topic, topicStation, e.reason, e.getMessage(), text(payload));
        } catch (JsonProcessingException e) {
            return reject(now, topic, topicStation, Reason.MALFORMED_JSON, e.getOriginalMessage(), text(payload));
        } catch (java.io.IOException e) {
            return reject(now, topic, topicStation, Reason.MALFORMED_JSON, e.getMessage(), text(payload));
        }
        if (root == null) {
            return reject(now, topic, topicStation, Reason.MALFORMED_JSON, "payload is not a JSON object", text(payload));
        }
        try {
            return new Result(read(root, topicStation, now), null);
        } catch (Invalid e) {
            return reject(now, topic, topicStation, e.reason, e.getMessage(), text(payload));
        }
    }

    /** The payload as text for a rejection (at most {@link #MAX_PAYLOAD} bytes of it; ill-formed UTF-8 as U+FFFD). */
    static String text(byte[] payload) {
        return new String(payload, 0, Math.min(payload.length, MAX_PAYLOAD), StandardCharsets.UTF_8);
    }

    private Reading read(Fields root, String topicStation, Instant now) {
        String station = requiredText(root.station, "station");
        if (!station.equals(topicStation)) {
            throw new Invalid(Reason.TOPIC_MISMATCH, "station '" + station + "' differs from topic station '" + topicStation + "'");
        }
        Station s = stations.find(station)
                .orElseThrow(() -> new Invalid(Reason.UNKNOWN_STATION, "station '" + station + "' is not in the registry"));
        Instant time = timestamp(requiredText(root.ts, "ts"), now);
        double maxPower = s.capacityKwp() * limits.powerTolerance();
        double power = number(root.powerKw, "power_kw", true, MIN_POWER, maxPower);
        double energy = number(root.energyKwh, "energy_kwh", true, 0, 1e9);
        String state = "running";
        Value st = root.state;
        if (st != null && st.type() != JsonToken.VALUE_NULL) {
            if (st.type() != JsonToken.VALUE_STRING) throw new Invalid(Reason.WRONG_TYPE, "state must be a string");
            if (!STATES.contains(st.text())) {
                throw new Invalid(Reason.OUT_OF_RANGE, "state '" + st.text() + "' is not one of " + STATES);
            }
            state = st.text();
        }
        int fault = 0;
        Value fc = root.faultCode;
        if (fc != null && fc.type() != JsonToken.VALUE_NULL) {
            if (fc.type() != JsonToken.VALUE_NUMBER_INT) throw new Invalid(Reason.WRONG_TYPE, "fault_code must be an integer");
            if (fc.number() < 0 || fc.number() > 65535) {
                throw new Invalid(Reason.OUT_OF_RANGE, "fault_code " + fc.text() + " is outside 0-65535");
            }
            fault = (int) fc.number();
        }
        double temp = number(root.moduleTempC, "module_temp_c", false, -50, 100);
        double irr = number(root.irradianceWm2, "irradiance_wm2", false, 0, 1500);
        // the registry's own id string: its hash is computed once, and every map on the way (the fleet's, the days')
        // finds it by identity
        return new Reading(s.id(), time, power, energy, state, fault, temp, irr);
    }

    private Instant timestamp(String ts, Instant now) {
        Instant t;
        try {
            t = Timestamps.parse(ts);
        } catch (DateTimeParseException e) {
            throw new Invalid(Reason.BAD_TIMESTAMP, "ts '" + ts + "' is not ISO-8601 with an offset, e.g. 2026-06-01T12:00:00+08:00");
        }
        if (t.isAfter(now.plus(limits.maxFuture()))) {
            throw new Invalid(Reason.TIMESTAMP_IN_FUTURE, "ts " + ts + " is more than " + limits.maxFuture().toSeconds()
                    + " s ahead of the service clock " + now);
        }
        if (t.isBefore(now.minus(limits.maxAge()))) {
            throw new Invalid(Reason.TIMESTAMP_TOO_OLD, "ts " + ts + " is older than " + limits.maxAge().toDays() + " days");
        }
        return t;
    }

    private static String requiredText(Value v, String field) {
        if (v == null || v.type() == JsonToken.VALUE_NULL) throw new Invalid(Reason.MISSING_FIELD, field + " is required");
        if (v.type() != JsonToken.VALUE_STRING) throw new Invalid(Reason.WRONG_TYPE, field + " must be a string, got " + v.typeName());
        return v.text();
    }

    private static double number(Value v, String field, boolean required, double min, double max) {
        if (v == null || v.type() == JsonToken.VALUE_NULL) {
            if (required) throw new Invalid(Reason.MISSING_FIELD, field + " is required");
            return Double.NaN;
        }
        if (!v.type().isNumeric()) {
            throw new Invalid(Reason.WRONG_TYPE, field + " must be a number, got " + v.typeName());
        }
        double d = v.number();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw new Invalid(Reason.OUT_OF_RANGE, field + " " + v.text() + " is outside " + fmt(min) + " to " + fmt(max));
        }
        return d;
    }

    /** One top-level value as the streaming parser met it: its token type, its text, and its number (NaN if none). */
    private record Value(JsonToken type, String text, double number) {
        String typeName() {
            return switch (type) {
                case VALUE_STRING -> "string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                case START_OBJECT -> "object";
                case START_ARRAY -> "array";
                default -> "null";
            };
        }
    }

    /**
     * The contract's fields of a payload, read with Jackson's streaming parser (no tree per message: ingest's hot
     * path). Unknown fields are skipped. Null when the payload is not an object; {@link Invalid} when a key appears
     * twice in one object (at any depth) or anything but whitespace follows the object.
     */
    private static final class Fields {
        Value station, ts, powerKw, energyKwh, state, faultCode, moduleTempC, irradianceWm2;

        static Fields read(ObjectMapper json, byte[] payload) throws java.io.IOException {
            try (JsonParser p = json.getFactory().createParser(payload)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return null;
                Fields f = new Fields();
                Set<String> extras = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    Value v;
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        skipNested(p, t);
                        v = new Value(t, t == JsonToken.START_OBJECT ? "{...}" : "[...]", Double.NaN);
                    } else {
                        v = new Value(t, p.getText(), t.isNumeric() ? p.getValueAsDouble() : Double.NaN);
                    }
                    switch (name) {
                        case "station" -> f.station = once(f.station, v, name);
                        case "ts" -> f.ts = once(f.ts, v, name);
                        case "power_kw" -> f.powerKw = once(f.powerKw, v, name);
                        case "energy_kwh" -> f.energyKwh = once(f.energyKwh, v, name);
                        case "state" -> f.state = once(f.state, v, name);
                        case "fault_code" -> f.faultCode = once(f.faultCode, v, name);
                        case "module_temp_c" -> f.moduleTempC = once(f.moduleTempC, v, name);
                        case "irradiance_wm2" -> f.irradianceWm2 = once(f.irradianceWm2, v, name);
                        default -> { // extra fields are allowed and ignored, but only once each
                            if (extras == null) extras = new HashSet<>();
                            if (!extras.add(name)) throw duplicate(name);
                        }
                    }
                }
                // The object is closed (Jackson throws on anything else); only whitespace may follow it.
                long end = p.currentLocation().getByteOffset();
                boolean more;
                try {
                    more = p.nextToken() != null;
                } catch (JsonProcessingException e) {
                    more = true; // garbage that is not even a JSON token
                }
                if (more) {
                    throw new Invalid(Reason.MALFORMED_JSON, "content after the JSON object, which ends at byte " + (end - 1)
                            + ": a payload is exactly one JSON object");
                }
                return f;
            }
        }

        private static Value once(Value earlier, Value v, String name) {
            if (earlier != null) throw duplicate(name);
            return v;
        }

        /**
         * Skips the object or array that {@code start} opened, as {@link JsonParser#skipChildren} does, refusing a key
         * repeated within any object inside it. Without recursion: Jackson allows nesting 1000 deep.
         */
        private static void skipNested(JsonParser p, JsonToken start) throws java.io.IOException {
            List<Set<String>> open = new ArrayList<>(); // the keys of each open object, null for an array
            open.add(start == JsonToken.START_OBJECT ? new HashSet<>() : null);
            while (!open.isEmpty()) {
                JsonToken t = p.nextToken();
                if (t == null) throw new Invalid(Reason.MALFORMED_JSON, "unexpected end of the payload");
                switch (t) {
                    case FIELD_NAME -> {
                        if (!open.get(open.size() - 1).add(p.currentName())) throw duplicate(p.currentName());
                    }
                    case START_OBJECT -> open.add(new HashSet<>());
                    case START_ARRAY -> open.add(null);
                    case END_OBJECT, END_ARRAY -> open.remove(open.size() - 1);
                    default -> { }
                }
            }
        }

        private static Invalid duplicate(String name) {
            return new Invalid(Reason.DUPLICATE_KEY, "key '" + name + "' appears twice in one object");
        }
    }

    /** The offset of the first NUL byte, or -1. */
    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) return i;
        }
        return -1;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.3f", d);
    }

    /** The station id of a reading topic, or null when the topic is not {@code pvmon/v1/stations/{id}/reading}. */
    static String stationOfTopic(String topic) {
        if (topic == null || !topic.startsWith(TOPIC_PREFIX) || !topic.endsWith("/reading")) return null;
        int from = TOPIC_PREFIX.length();
        int to = topic.length() - "/reading".length();
        // StationDirectory.ID, [A-Za-z0-9_-]{1,64}, without a regex on ingest's hot path
        if (to - from < 1 || to - from > 64) return null;
        for (int i = from; i < to; i++) {
            char c = topic.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) return null;
        }
        return topic.substring(from, to);
    }

    private static Result reject(Instant now, String topic, String station, Reason reason, String detail, String payload) {
        return new Result(null, new Rejection(now, topic, station, reason, detail, payload));
    }

    private static final class Invalid extends RuntimeException {
        final Reason reason;

        Invalid(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
