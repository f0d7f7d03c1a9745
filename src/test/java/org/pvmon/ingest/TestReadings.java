package org.pvmon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.pvmon.testing.Influxd;

/** Payloads and stored-count checks shared by the ingest integration tests. */
final class TestReadings {
    static final String STATIONS = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            IT-001,测试一村光伏扶贫电站,测试一村,测试镇,沂南县,50,35.55,118.46,2016-06-30
            IT-002,测试二村光伏扶贫电站,测试二村,测试镇,沂南县,125,35.56,118.47,2017-05-20
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Readings go back from here one second apart, so every message is a distinct point. */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.DAYS);

    private TestReadings() {
    }

    static String topic(String station) {
        return "pvmon/v1/stations/" + station + "/reading";
    }

    /** The i-th good reading of a station: its own timestamp, a rising counter. */
    static String good(String station, int i) {
        String ts = BASE.plusSeconds(i).atOffset(ZoneOffset.ofHours(8)).toString();
        return "{\"station\":\"" + station + "\",\"ts\":\"" + ts + "\",\"power_kw\":" + (10 + i % 7)
                + ",\"energy_kwh\":" + (10_000 + i * 0.01) + ",\"state\":\"running\",\"fault_code\":0}";
    }

    /** Stored readings (count of energy_kwh) in a database. */
    static long stored(Influxd influxd, String db) {
        try {
            JsonNode r = JSON.readTree(influxd.query("SELECT count(energy_kwh) FROM reading", db));
            JsonNode series = r.path("results").path(0).path("series");
            if (series.isMissingNode() || series.isEmpty()) return 0;
            return series.path(0).path("values").path(0).path(1).asLong();
        } catch (Exception e) {
            return -1;
        }
    }
}
