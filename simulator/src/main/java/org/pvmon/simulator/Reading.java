package org.pvmon.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** One reading as published on {@code pvmon/v1/stations/{id}/reading} (docs/telemetry.md). */
public record Reading(String station, OffsetDateTime ts, double powerKw, double energyKwh, String state,
                      int faultCode, double moduleTempC, double irradianceWm2) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** The JSON payload, numbers rounded: power 3 decimals, energy 2, temperature and irradiance 1. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(200);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("station", station);
            g.writeStringField("ts", TS.format(ts));
            g.writeFieldName("power_kw");
            g.writeNumber(round(powerKw, 3));
            g.writeFieldName("energy_kwh");
            g.writeNumber(round(energyKwh, 2));
            g.writeStringField("state", state);
            g.writeNumberField("fault_code", faultCode);
            g.writeFieldName("module_temp_c");
            g.writeNumber(round(moduleTempC, 1));
            g.writeFieldName("irradiance_wm2");
            g.writeNumber(round(irradianceWm2, 1));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BigDecimal round(double value, int decimals) {
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }
}
