package org.pvmon.ingest;

import java.time.Instant;

/** A payload that broke the contract: kept with its reason so an operator can see and fix the logger. */
public record Rejection(Instant receivedAt, String topic, String station, Reason reason, String detail, String payload) {

    /** Why a reading was rejected; the wire names are in docs/telemetry.md. */
    public enum Reason {
        MALFORMED_JSON, INVALID_UTF8, DUPLICATE_KEY, MISSING_FIELD, WRONG_TYPE, OUT_OF_RANGE, BAD_TIMESTAMP, TIMESTAMP_IN_FUTURE, TIMESTAMP_TOO_OLD,
        UNKNOWN_STATION, TOPIC_MISMATCH, TOO_LARGE, STORE_REJECTED, INTERNAL_ERROR;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
