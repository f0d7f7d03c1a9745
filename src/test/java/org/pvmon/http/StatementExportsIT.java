package org.pvmon.http;

import org.pvmon.statements.export.StatementSheetTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.http.StatementsIT.CSV;
import static org.pvmon.http.StatementsIT.NOW;
import static org.pvmon.http.StatementsIT.V;
import static org.pvmon.http.StatementsIT.VILLAGE;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.registry.Registry;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * A real published October statement (StatementsIT's village, readings through MQTT and InfluxDB) exported as XLSX,
 * PDF and HTML in both versions, each read back: the statement's lines and totals, masked IDs and no weights in the
 * public notice, and a head name that a spreadsheet would run as a formula coming back as inert text.
 */
class StatementExportsIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FORMULA = "=HYPERLINK(\"http://x\")";

    @Test
    void a_published_statement_exports_as_xlsx_pdf_and_html_that_read_back_to_its_lines_and_totals() throws Exception {
        try (TestService service = new TestService(servers, CSV, Map.of()).start(Clock.fixed(NOW, ZoneOffset.UTC));
             Publisher pub = servers.publisher(20)) {
            Registry registry = Registry.openSqlite(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db"));
            StatementsIT.register(registry);
            registry.upsertHousehold(VILLAGE, new Household("ZJP-H5", FORMULA, "371321198001015677", 2,
                    Set.of(Household.Attribute.DISABILITY), List.of(DateRange.from(LocalDate.of(2020, 1, 1)))));
            StatementsIT.publishOctober(pub, "ZJP-01", 10_000, new long[] {10, 990, 1000, 10});
            StatementsIT.publishOctober(pub, "LC-01", 5_000, new long[] {10, 990, 1000, 10});
            service.awaitStored(10);
            JsonNode created = service.post(V + "/statements?month=2026-10", null, 201);
            String s = "/api/statements/" + created.path("id").asLong();
            // a notice is only made of an approved statement
            assertThat(service.get(s + "/export.xlsx?version=notice", 400).path("parameter").asText()).isEqualTo("version");
            service.post(s + "/approve", "{\"comment\":\"与电网结算单核对无误\"}", 200);
            service.post(s + "/publish", "{\"comment\":\"张贴于村务公开栏\"}", 200);
            JsonNode st = service.get(s).path("statement");
            JsonNode totals = st.path("totals");
            BigDecimal householdsTotal = BigDecimal.ZERO;
            for (JsonNode h : st.path("households")) householdsTotal = householdsTotal.add(h.path("amountYuan").decimalValue());
            assertThat(householdsTotal).isPositive();

            // XLSX, office version: every household with weight and days, the totals as numbers equal to the statement's
            HttpResponse<byte[]> office = get(service, s + "/export.xlsx");
            assertThat(office.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.openxmlformats");
            assertThat(office.headers().firstValue("Content-Disposition").orElse("")).contains("statement-").endsWith(".xlsx\"");
            assertThat(sheetXml(office.body())).doesNotContain("<f>").doesNotContain("<f "); // no formula anywhere
            List<List<Object>> rows = StatementSheetTest.readXlsx(office.body());
            assertThat(rows.get(0).get(0)).isEqualTo("沂南县岸堤镇朱家坡村 2026-10 光伏扶贫收益分配表");
            assertThat(amount(rows, "收益合计 revenue", 1)).isEqualByComparingTo(totals.path("basisYuan").decimalValue());
            assertThat(amount(rows, "扣除合计 deductions", 1)).isEqualByComparingTo(totals.path("deductionsYuan").decimalValue());
            assertThat(amount(rows, "村集体 collective", 1)).isEqualByComparingTo(totals.path("collectiveYuan").decimalValue());
            int header = StatementSheetTest.indexOf(rows, "户编号 household");
            assertThat(rows.get(header)).containsExactly("户编号 household", "户主 head", "身份证号 ID (masked)", "权重 weight",
                    "纳入天数 days", "金额(元) yuan");
            int n = st.path("households").size();
            for (int i = 0; i < n; i++) {
                JsonNode h = st.path("households").get(i);
                List<Object> row = rows.get(header + 1 + i);
                assertThat(row.get(0)).isEqualTo(h.path("household").asText());
                assertThat((BigDecimal) row.get(3)).isEqualByComparingTo(h.path("weight").decimalValue());
                assertThat((BigDecimal) row.get(5)).isEqualByComparingTo(h.path("amountYuan").decimalValue());
            }
            assertThat((BigDecimal) rows.get(header + 1 + n).get(5)).isEqualByComparingTo(householdsTotal);
            assertThat(rows.stream().flatMap(List::stream)).contains("'" + FORMULA).doesNotContain(FORMULA);
            // who took each step, when, and the comment given with it
            assertThat(rows.stream().flatMap(List::stream).map(String::valueOf).filter(c -> c.contains("与电网结算单核对无误"))).hasSize(1);
            assertThat(rows.stream().flatMap(List::stream).map(String::valueOf).filter(c -> c.contains("张贴于村务公开栏"))).hasSize(1);

            // XLSX, public notice: names and masked IDs, no weights, days or household amounts (they would reveal the
            // weights), no full ID number; the rewards' total is the allocations' line
            byte[] notice = get(service, s + "/export.xlsx?version=notice").body();
            List<List<Object>> noticeRows = StatementSheetTest.readXlsx(notice);
            int nh = StatementSheetTest.indexOf(noticeRows, "户编号 household");
            assertThat(noticeRows.get(nh)).containsExactly("户编号 household", "户主 head", "身份证号 ID (masked)");
            assertThat(noticeRows.stream().flatMap(List::stream)).contains("371321********5677", "'" + FORMULA)
                    .doesNotContain("权重 weight", "纳入天数 days", "371321198001015677");
            assertThat(noticeRows.stream().flatMap(List::stream).map(String::valueOf).filter(c -> c.contains("核对无误"))).as("no comments on the notice").isEmpty();
            assertThat(noticeRows.get(nh + 1 + n).subList(0, 2)).containsExactly("合计 total", n + "户 households");

            // PDF, public notice: the Chinese text extracted, with the names and the totals
            HttpResponse<byte[]> pdf = get(service, s + "/export.pdf?version=notice");
            assertThat(pdf.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
            try (PDDocument doc = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(doc);
                assertThat(text).contains("朱家坡村", "光伏扶贫收益分配公示", "朱大山", "朱二河", "371321********5677",
                        totals.path("basisYuan").decimalValue().setScale(2).toPlainString(), householdsTotal.setScale(2).toPlainString(),
                        "村委会", "乡镇").doesNotContain("权重", "371321198001015677");
            }

            // HTML, office version: a standalone page with every line, the totals and the signature lines
            HttpResponse<byte[]> html = get(service, s + "/export.html");
            assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            String page = new String(html.body(), StandardCharsets.UTF_8);
            assertThat(page).contains("<td>朱二河</td>", "<th class=\"num\">权重</th>", "@page { size: A4", "村委会（盖章）", "乡镇人民政府审核",
                    "<td class=\"num\">" + householdsTotal.setScale(2).toPlainString() + "</td>", "'=HYPERLINK(&quot;http://x&quot;)")
                    .doesNotContain("<script", "http://x\"", "src=\"http", "href=\"http");
            assertThat(service.get(s + "/export.pdf?version=poster", 400).path("parameter").asText()).isEqualTo("version");
        }
    }

    private static HttpResponse<byte[]> get(TestService service, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(TestService.authorized(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)), service.token()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        return r;
    }

    private static BigDecimal amount(List<List<Object>> rows, String label, int column) {
        return (BigDecimal) rows.get(StatementSheetTest.indexOf(rows, label)).get(column);
    }

    /**
     * The worksheet's XML inside the workbook, read through the zip's central directory as Excel reads it (fastexcel's
     * streamed entries have sizes only there, which java.util.zip.ZipInputStream does not accept).
     */
    private static String sheetXml(byte[] xlsx) throws IOException {
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(xlsx)).get()) {
            ZipArchiveEntry sheet = zip.getEntry("xl/worksheets/sheet1.xml");
            assertThat(sheet).as("xl/worksheets/sheet1.xml").isNotNull();
            try (var in = zip.getInputStream(sheet)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
