package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.pvmon.station.LoggerStatus;
import org.pvmon.station.Station;
import org.pvmon.store.Reading;

/** GET /api/stations is written field by field: it must be byte for byte what the API's mapper makes of the station view. */
class StationListJsonTest {
    private static final ObjectMapper JSON = ApiServer.mapper();
    private static final Station S = new Station("YN-JH-002", "西高庄村光伏扶贫电站", "西高庄村", "界湖街道", "沂南县", 210.0,
            35.55394, 118.47672, LocalDate.of(2016, 9, 1));

    @Test
    void a_reporting_station_with_every_field() throws Exception {
        Reading p = new Reading(S.id(), Instant.parse("2026-06-01T04:00:00.125Z"), 18.42, 40213.7, "running", 3.0, 46.5, 812.0);
        same(S, "online", new LoggerStatus("online", Instant.parse("2026-06-01T00:12:31.204Z")), p);
    }

    @Test
    void a_station_without_status_or_reading() throws Exception {
        same(S, "no_data", null, null);
        same(new Station("X-1", "名", null, "镇", "县", 20, 0, -0.5, null), "no_data", null, null);
    }

    @Test
    void absent_numbers_and_text_are_null() throws Exception {
        Reading p = new Reading(S.id(), Instant.parse("2026-06-01T04:00:00Z"), Double.NaN, 1.0E7, null, Double.NaN,
                Double.NaN, Double.POSITIVE_INFINITY);
        same(S, "offline", new LoggerStatus("offline", Instant.parse("2026-06-01T00:00:00Z")), p);
    }

    private static void same(Station s, String online, LoggerStatus status, Reading p) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            StationListJson.write(g, s, online, status, p);
        }
        assertThat(out.toString()).isEqualTo(JSON.writeValueAsString(StationRoutes.stationView(s, online, status, p)));
    }
}
