package org.pvmon.ingest;

import java.time.Instant;

/** One validated reading of a station, per docs/telemetry.md. Optional numbers are NaN when absent. */
public record Reading(String station, Instant time, double powerKw, double energyKwh, String state, int faultCode,
                     double moduleTempC, double irradianceWm2) {
}
