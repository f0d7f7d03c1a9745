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
import org.pvmon.testing.TestService;

/**
 * The registry as an official keeps it over the API, with the SQL database alone (no broker, no InfluxDB: the service's
 * HTTP API started without its background work): upload households and posts as the Excel CSV files, list them (ID
 * numbers masked), edit a household by uploading its row again (it leaves), export the table and get back what was
 * uploaded; a bad file is refused whole with every row/column problem and changes nothing. (An IT only because the
 * dashboard's files are served from the packaged jar.)
 */
class RegistryApiSqlOnlyIT {
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
        try (TestService service = TestService.withoutTimeSeries(CSV, Map.of()).startHttp(Clock.fixed(NOW, ZoneOffset.UTC))) {
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
            byte[] workbook = service.bytes("GET", R + "/households/export.xlsx", null, 200);
            assertThat(new String(workbook, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK"); // an OOXML zip
            assertThat(new String(service.bytes("PUT", R + "/households", workbook, 200), StandardCharsets.UTF_8)).contains("\"written\":2");
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

    private static JsonNode find(JsonNode list, String id) {
        return TestService.findById(list, id);
    }
}
