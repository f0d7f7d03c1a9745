package org.pvmon.store;

import java.time.Instant;

/** A stored reading as read back from InfluxDB; absent numbers are NaN, absent text is null. */
public record ReadingPoint(String station, Instant time, double powerKw, double energyKwh, String state, double faultCode,
                           double moduleTempC, double irradianceWm2) {
}
