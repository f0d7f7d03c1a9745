package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
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
 * The registry as an official keeps it over the API: upload households and posts as the Excel CSV files, list them
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
    private static final String V = R + "/villages/" + URLEncoder.encode(VILLAGE, StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-05T02:00:00Z");

    private static final String HOUSEHOLDS = """
            \uFEFF户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
            H1,朱家坡村,张大山,370321198001011237,3,残疾,2016-01-01,
            H2,朱家坡村,李秀英,11010519491231002X,1,独居老人;无劳动能力,2016-01-01,
            """;

    @Test
    void households_and_posts_are_uploaded_listed_edited_and_exported() {
        try (TestService service = new TestService(servers, CSV, Map.of()).start(Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(service.put(R + "/households", HOUSEHOLDS, 200).path("written").asInt()).isEqualTo(2);
            service.put(R + "/posts", """
                    岗位编号,村,岗位名称,在岗户编号,月工资(元),开始日期,结束日期
                    P1,朱家坡村,保洁员,H1,500.00,2026-01-01,
                    """, 200);

            JsonNode village = find(service.get(R + "/villages"), VILLAGE);
            assertThat(village.path("stations").asInt()).isEqualTo(1);
            assertThat(village.path("households").asInt()).isEqualTo(2);
            assertThat(village.path("householdsEnrolledToday").asInt()).isEqualTo(2);
            assertThat(village.path("posts").asInt()).isEqualTo(1);

            JsonNode households = service.get(V + "/households");
            assertThat(households).hasSize(2);
            JsonNode h2 = find(households, "H2");
            assertThat(h2.path("headName").asText()).isEqualTo("李秀英");
            assertThat(h2.path("idNumber").asText()).isEqualTo("110105********002X"); // masked on screens
            assertThat(h2.path("attributes")).extracting(JsonNode::asText).containsExactly("ELDERLY_LIVING_ALONE", "NO_LABOUR_CAPACITY");
            JsonNode post = service.get(V + "/posts").get(0);
            assertThat(post.path("monthlyWageYuan").decimalValue()).isEqualByComparingTo("500.00");
            assertThat(post.path("holderHousehold").asText()).isEqualTo("H1");

            // H2 leaves at the end of October: upload its row with 退出日期.
            service.put(R + "/households", """
                    户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
                    H2,朱家坡村,李秀英,11010519491231002X,1,独居老人;无劳动能力,2016-01-01,2026-10-31
                    """, 200);
            h2 = find(service.get(V + "/households"), "H2");
            assertThat(h2.path("enrolledToday").asBoolean()).isFalse();
            assertThat(h2.path("enrollments").get(0).path("to").asText()).isEqualTo("2026-10-31");
            assertThat(find(service.get(R + "/villages"), VILLAGE).path("householdsEnrolledToday").asInt()).isEqualTo(1);

            // The export is the file to edit: full ID numbers, Chinese headers, BOM; it imports back unchanged.
            String exported = service.text(R + "/households/export.csv", 200);
            assertThat(exported).startsWith("\uFEFF户编号,村,户主姓名,身份证号");
            assertThat(exported).contains("370321198001011237").contains("2026-10-31");
            service.put(R + "/households", exported, 200);
            assertThat(service.text(R + "/households/export.csv", 200)).isEqualTo(exported);

            // The same as a workbook: downloaded, uploaded again unchanged.
            byte[] workbook = bytes(service, "GET", R + "/households/export.xlsx", null, 200);
            assertThat(new String(workbook, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK"); // an OOXML zip
            assertThat(new String(bytes(service, "PUT", R + "/households", workbook, 200), StandardCharsets.UTF_8)).contains("\"written\":2");
            assertThat(service.text(R + "/households/export.csv", 200)).isEqualTo(exported);

            // A bad file: every problem with its row and column, nothing written.
            JsonNode refused = service.put(R + "/households", """
                    户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
                    H3,朱家坡村,王五,370321198001011234,2,,2026-01-01,
                    H1,朱家坡村,张大山,370321198001011237,x,会飞,2016-01-01,
                    """, 400);
            assertThat(refused.path("error").asText()).isEqualTo("invalid");
            assertThat(refused.path("problems")).extracting(JsonNode::asText).anySatisfy(p -> assertThat(p).startsWith("第2行 身份证号"))
                    .anySatisfy(p -> assertThat(p).startsWith("第3行 家庭人口"))
                    .anySatisfy(p -> assertThat(p).startsWith("第3行 属性").contains("会飞"));
            assertThat(service.get(V + "/households")).hasSize(2);
            assertThat(service.text(R + "/households/export.csv", 200)).isEqualTo(exported);

            // Misuse answers what to fix.
            assertThat(service.put(R + "/households", "", 400).path("parameter").asText()).isEqualTo("body");
            assertThat(service.put(R + "/owners", HOUSEHOLDS, 404).path("message").asText()).contains("villages, stations, tariffs, households, posts");
            assertThat(service.get(R + "/villages/nowhere/households", 404).path("error").asText()).isEqualTo("not_found");

            JsonNode station = service.get(R + "/stations").get(0);
            assertThat(station.path("owners").get(0).path("village").asText()).isEqualTo(VILLAGE);
            assertThat(station.path("tariffs").get(0).path("subsidyPerKwh").decimalValue()).isEqualByComparingTo("0.5851");
        }
    }

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
            try (org.pvmon.testing.Publisher pub = new org.pvmon.testing.Publisher(servers.mqttUrl(), servers.uniqueName("pub"), 5)) {
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

    private static byte[] bytes(TestService service, String method, String path, byte[] body, int status) {
        try {
            java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(service.baseUrl() + path))
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(method + " " + path).isEqualTo(status);
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) if (n.path("id").asText().equals(id)) return n;
        throw new AssertionError("no '" + id + "' in " + list);
    }
}
