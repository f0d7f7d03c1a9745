package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.Ports;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.ServiceProcess;
import org.pvmon.testing.TestService;

/**
 * Hostile uploads against the real service (real broker and InfluxDB): bodies over the limit with and without a
 * Content-Length (chunked), XLSX "bombs" (one huge cell, millions of rows, a huge shared string), too many rows, a file
 * valid until its last row, and a request Jetty refuses itself. The service runs as the shipped jar with the shipped
 * scripts' heap (-Xmx512m). Each is answered with a 4xx JSON error naming the limit, the registry is unchanged, and
 * while they are sent a steady stream of readings is all stored and the service stays ready.
 */
class HostileUploadsIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30
            """;
    private static final String HEADER = "户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期\n";
    private static final String GOOD_ROW = "H1,朱家坡村,张大山,370321198001011237,3,残疾,2016-01-01,\n";
    private static final String HOUSEHOLDS = "/api/registry/households";

    @Test
    void hostile_uploads_are_refused_with_json_and_readings_keep_being_stored() throws Exception {
        Instant now = Instant.now();
        // the shipped jar in its own JVM with the shipped scripts' heap (-Xmx512m)
        int port = Ports.free();
        Map<String, String> env = new HashMap<>(new TestService(servers, CSV, Map.of("PVMON_UPLOADS_MAX_ROWS", "1000")).env());
        env.put("PVMON_HTTP_PORT", Integer.toString(port));
        String base = "http://127.0.0.1:" + port;
        try (ServiceProcess service = new ServiceProcess(env);
             Publisher pub = servers.publisher(50)) {
            service.start().waitReady(URI.create(base + "/health/ready"));
            token = TestService.adminToken(base, java.nio.file.Path.of(env.get("PVMON_DATA_DIR")));
            send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofString(HEADER + GOOD_ROW), 200);
            String before = TestService.getText(base + "/api/registry/households/export.csv", token);

            // a steady stream of readings, one every 20 ms, while the uploads are sent
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sent = new AtomicInteger();
            Thread readings = new Thread(() -> {
                OffsetDateTime t = OffsetDateTime.ofInstant(now.minusSeconds(3600), ZoneOffset.ofHours(8));
                while (!stop.get()) {
                    t = t.plusSeconds(1);
                    pub.publish("pvmon/v1/stations/ZJP-01/reading", "{\"station\":\"ZJP-01\",\"ts\":\"" + t
                            + "\",\"power_kw\":10.0,\"energy_kwh\":" + (1000 + sent.get()) + "}");
                    sent.incrementAndGet();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "steady-readings");
            readings.start();
            try {
                // over the body limit with a Content-Length: refused before it is read
                JsonNode declared = send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofByteArray(new byte[17 << 20]), 413);
                assertThat(declared.path("error").asText()).isEqualTo("too_large");
                assertThat(declared.path("message").asText()).contains("uploads.max-body-bytes");

                // the same without one (chunked): counted while read, refused past the limit
                JsonNode chunked = send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofInputStream(() -> zeros(50L << 20)), 413);
                assertThat(chunked.path("error").asText()).isEqualTo("too_large");

                // a 1-million-row CSV: over the body limit
                StringBuilder million = new StringBuilder(HEADER);
                for (int i = 0; i < 1_000_000; i++) million.append("H").append(i).append(",朱家坡村,张,370321198001011237,1,,2016-01-01,\n");
                assertThat(send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofString(million.toString()), 413)
                        .path("error").asText()).isEqualTo("too_large");

                // more rows than uploads.max-rows (1000 here): refused, naming the setting
                StringBuilder many = new StringBuilder(HEADER);
                for (int i = 0; i < 1001; i++) many.append("H").append(i).append(",朱家坡村,张,370321198001011237,1,,2016-01-01,\n");
                JsonNode rows = send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofString(many.toString()), 400);
                assertThat(rows.path("problems").toString()).contains("uploads.max-rows");

                // valid until its last row: refused whole with the row and column
                JsonNode last = send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofString(HEADER + GOOD_ROW
                        + "H2,朱家坡村,李四,370321198001011237,2,,2016-01-01,\n" + "H3,朱家坡村,王五,370321198001011237,x,,2016-01-01,\n"), 400);
                assertThat(last.path("problems").toString()).contains("第4行 家庭人口");

                // XLSX bombs, each a few hundred KB
                JsonNode cell = send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofByteArray(xlsx(out -> {
                    out.write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".getBytes(StandardCharsets.UTF_8));
                    repeat(out, "A", 300L << 20);
                    out.write("</t></is></c></row>".getBytes(StandardCharsets.UTF_8));
                }, null)), 400);
                assertThat(cell.path("problems").toString()).contains("uploads.max-unzipped-bytes");
                JsonNode manyRows = send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofByteArray(xlsx(out -> {
                    byte[] row = "<row><c t=\"inlineStr\"><is><t>H</t></is></c></row>".getBytes(StandardCharsets.UTF_8);
                    for (int r = 0; r < 6_500_000; r++) out.write(row); // identical rows: a few hundred KB zipped
                }, null)), 400);
                assertThat(manyRows.path("problems").toString()).contains("uploads.max");
                JsonNode shared = send(base, "PUT", HOUSEHOLDS, HttpRequest.BodyPublishers.ofByteArray(xlsx(out -> {
                    out.write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>".getBytes(StandardCharsets.UTF_8));
                }, out -> {
                    out.write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>".getBytes(StandardCharsets.UTF_8));
                    repeat(out, "B", 300L << 20);
                    out.write("</t></si></sst>".getBytes(StandardCharsets.UTF_8));
                })), 400);
                assertThat(shared.path("problems").toString()).contains("uploads.max-shared-strings-bytes");

                // a request Jetty refuses itself: still a JSON body
                assertThat(raw(port, "GET /api/stations/%zz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400")
                        .contains("application/json").contains("\"error\":");
            } finally {
                stop.set(true);
                readings.join();
            }

            assertThat(TestService.getText(base + "/api/registry/households/export.csv", token)).as("registry unchanged").isEqualTo(before);
            org.awaitility.Awaitility.await("every reading sent stored").atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode c = TestService.getJson(base, "/api/ingest/counters", 200, token);
                return c.path("written").asLong() + c.path("replayed").asLong() >= sent.get();
            });
            assertThat(TestService.getJson(base, "/health/ready", 200, null).path("status").asText()).isEqualTo("ready");
            assertThat(TestService.getJson(base, "/api/ingest/counters", 200, token).path("dropped").asLong()).as(service.logTail()).isZero();
            assertThat(service.isAlive()).isTrue();
        }
    }

    private interface Part {
        void write(OutputStream out) throws IOException;
    }

    /** A minimal workbook whose first sheet's rows (and shared strings, when given) are written by the parts. */
    private static byte[] xlsx(Part sheetRows, Part sharedStrings) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "</Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            entry(zip, "xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    + "<cellXfs count=\"1\"><xf numFmtId=\"0\"/></cellXfs></styleSheet>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                    .getBytes(StandardCharsets.UTF_8));
            sheetRows.write(zip);
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            if (sharedStrings != null) {
                zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
                sharedStrings.write(zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void repeat(OutputStream out, String s, long bytes) throws IOException {
        byte[] chunk = s.repeat(65_536).getBytes(StandardCharsets.UTF_8);
        for (long n = 0; n < bytes; n += chunk.length) out.write(chunk);
    }

    private static InputStream zeros(long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? '0' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) '0');
                left -= k;
                return k;
            }
        };
    }

    private static String token; // the administrator's, once the service runs

    private static JsonNode send(String base, String method, String path, HttpRequest.BodyPublisher body, int status) throws Exception {
        HttpResponse<String> r;
        try {
            r = HTTP.send(TestService.authorized(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, body), token).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": no answer (" + e + ")", e);
        }
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    /** What the service answers to a raw request, as text. */
    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] buf = new byte[8192];
            int n = s.getInputStream().read(buf);
            return new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        }
    }
}
