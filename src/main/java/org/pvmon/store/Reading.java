package org.pvmon.store;

import java.time.Instant;

/**
 * One reading of a station (docs/telemetry.md): as ingest validated it and as read back from InfluxDB. A reading's
 * identity is station + time. Absent numbers are NaN, absent text is null; {@code faultCode} is the logger's integer
 * code 0-65535 (ingest writes 0 when the payload has none; NaN when a stored point lacks the field).
 */
public record Reading(String station, Instant time, double powerKw, double energyKwh, String state, double faultCode,
                      double moduleTempC, double irradianceWm2) {
}
