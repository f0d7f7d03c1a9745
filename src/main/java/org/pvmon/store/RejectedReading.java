package org.pvmon.store;

import java.time.Instant;

/** A kept rejection: when it arrived, where, why, and the payload as received. */
public record RejectedReading(Instant receivedAt, String reason, String station, String topic, String detail, String payload) {
}
