package org.pvmon.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.pvmon.station.LoggerStatus;
import org.pvmon.station.Station;
import org.pvmon.store.Reading;

/**
 * One item of {@code GET /api/stations} written straight to a JSON generator: the same fields, order and values as
 * {@link StationRoutes#stationView} serialized by the API's object mapper (StationListJsonTest compares them), without
 * the maps in between, which were most of the list's cost at 10,000 stations.
 */
final class StationListJson {
    private StationListJson() {
    }

    static void write(JsonGenerator g, Station s, String online, LoggerStatus status, Reading p) throws IOException {
        g.writeStartObject();
        text(g, "id", s.id());
        text(g, "name", s.name());
        text(g, "village", s.village());
        text(g, "township", s.township());
        text(g, "county", s.county());
        g.writeNumberField("capacityKwp", s.capacityKwp());
        g.writeNumberField("lat", s.lat());
        g.writeNumberField("lon", s.lon());
        text(g, "gridConnectionDate", s.gridConnectionDate() == null ? null : s.gridConnectionDate().toString());
        text(g, "online", online);
        if (status == null) {
            g.writeNullField("loggerStatus");
        } else {
            g.writeObjectFieldStart("loggerStatus");
            text(g, "state", status.state());
            text(g, "since", status.since() == null ? null : status.since().toString());
            g.writeEndObject();
        }
        if (p == null) {
            g.writeNullField("latest");
        } else {
            g.writeObjectFieldStart("latest");
            text(g, "time", p.time().toString()); // ISO-8601 as the mapper writes an Instant
            num(g, "powerKw", p.powerKw());
            num(g, "energyKwh", p.energyKwh());
            text(g, "state", p.state());
            if (Double.isNaN(p.faultCode())) g.writeNullField("faultCode");
            else g.writeNumberField("faultCode", (int) p.faultCode());
            num(g, "moduleTempC", p.moduleTempC());
            num(g, "irradianceWm2", p.irradianceWm2());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) g.writeNullField(name);
        else g.writeStringField(name, value);
    }

    private static void num(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) g.writeNumberField(name, value);
        else g.writeNullField(name);
    }
}
