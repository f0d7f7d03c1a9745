package org.pvmon.store;

import java.time.Instant;

/**
 * One station's readings of one hour, summarised (measurement {@code reading_1h}, docs/telemetry.md): what is kept of
 * the readings once InfluxDB has dropped them. {@code hour}: the hour's start. Means and maxima are over the readings
 * that had the field (NaN: none had it); {@code energyKwh} is the export counter's last value in the hour;
 * {@code samples} the readings with a power.
 */
public record HourMean(String station, Instant hour, double powerKw, double powerMaxKw, double energyKwh, double moduleTempC,
                       double irradianceWm2, double faultCode, int samples) {
}
