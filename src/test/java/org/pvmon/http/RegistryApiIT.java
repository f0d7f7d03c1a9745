package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * Stations uploaded through the registry API take effect at once for ingest (real broker and InfluxDB) and stay after a
 * restart until the station file changes (households and posts: {@link RegistryApiSqlOnlyIT}, which needs no time-series
 * servers). The registry as an official keeps it over the API: upload households and posts as the Excel CSV files, list them
 * (ID numbers masked), edit a household by uploading its row again (it leaves), export the table and get back what was
 * uploaded; a bad file is refused whole with every row/column problem and changes nothing.
 */
class RegistryApiIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30
            """;
    private static final String VILLAGE = "沂南县-岸堤镇-朱家坡村";
    private static final String R = "/api/registry";
    private static final Instant NOW = Instant.parse("2026-11-05T02:00:00Z");



    @Test
    void stations_uploaded_take_effect_at_once_and_stay_after_a_restart_until_the_station_file_changes() throws Exception {
        TestService service = new TestService(servers, CSV, Map.of());
        try {
            service.start(Clock.fixed(NOW, ZoneOffset.UTC));
            JsonNode answer = service.put(R + "/stations", """
                    站点编号,电站名称,村,乡镇,区县,装机容量kWp,纬度,经度,并网日期,补贴目录日期,所属村及份额
                    ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,25,35.55,118.46,2016-06-30,,
                    XC-01,新村光伏扶贫电站,新村,岸堤镇,沂南县,30,35.5,118.4,2017-05-01,,
                    """, 200);
            assertThat(answer.path("written").asInt()).isEqualTo(2);
            assertThat(answer.path("withoutTariff")).isEmpty();
            // at once: the station list, its default tariff (2017: 0.85 = 0.3949 + 0.4551), and ingest accepts its readings
            assertThat(capacity(service, "ZJP-01")).isEqualTo(25.0);
            assertThat(capacity(service, "XC-01")).isEqualTo(30.0);
            assertThat(find(service.get(R + "/stations"), "XC-01").path("tariffs").get(0).path("subsidyPerKwh").decimalValue())
                    .isEqualByComparingTo("0.4551");
            try (org.pvmon.testing.Publisher pub = servers.publisher(5)) {
                pub.publish("pvmon/v1/stations/XC-01/reading", "{\"station\":\"XC-01\",\"ts\":\"2026-11-05T09:59:00+08:00\","
                        + "\"power_kw\":12.0,\"energy_kwh\":100.0}");
                service.awaitStored(1);
            }
            assertThat(service.get("/api/rejected-readings").path("count").asInt()).isZero();
            assertThat(find(service.get("/api/stations"), "XC-01").path("latest").path("powerKw").asDouble()).isEqualTo(12.0);
            // a bad upload changes nothing
            JsonNode refused = service.put(R + "/stations", """
                    站点编号,电站名称,村,乡镇,区县,装机容量kWp,纬度,经度,并网日期,补贴目录日期,所属村及份额
                    XC-01,新村光伏扶贫电站,新村,岸堤镇,沂南县,-3,35.5,118.4,2017-05-01,,
                    """, 400);
            assertThat(refused.path("problems")).extracting(JsonNode::asText).anySatisfy(p -> assertThat(p).startsWith("第2行 装机容量kWp"));
            assertThat(capacity(service, "XC-01")).isEqualTo(30.0);

            // a restart with the same station file keeps what was uploaded
            service.close();
            service.start(Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(capacity(service, "ZJP-01")).isEqualTo(25.0);
            assertThat(capacity(service, "XC-01")).isEqualTo(30.0);

            // an edited station file is imported at the next start: the latest change wins
            java.nio.file.Path file = java.nio.file.Path.of(service.env().get("PVMON_STATIONS_FILE"));
            java.nio.file.Files.writeString(file, CSV.replace(",20,", ",22,"), StandardCharsets.UTF_8);
            service.close();
            service.start(Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(capacity(service, "ZJP-01")).isEqualTo(22.0);
            assertThat(capacity(service, "XC-01")).as("not in the file: kept").isEqualTo(30.0);
        } finally {
            service.close();
        }
    }

    private static double capacity(TestService service, String id) {
        return find(service.get("/api/stations"), id).path("capacityKwp").asDouble();
    }

    private static JsonNode find(JsonNode list, String id) {
        return TestService.findById(list, id);
    }
}
