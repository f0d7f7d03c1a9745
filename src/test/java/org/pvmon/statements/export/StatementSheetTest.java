package org.pvmon.statements.export;

import org.pvmon.registry.FieldException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.pvmon.statements.export.StatementSheet.Version;
import org.pvmon.statements.StatementLedger;

/** The four exports of one statement body: the same lines, the notice without weights, formula text made inert. */
public class StatementSheetTest {
    static final String BODY = """
            {"village":"v","name":"朱家坡村","township":"岸堤镇","county":"沂南县","month":"2026-10","basis":"ACCRUED",
             "stations":[{"station":"ZJP-01","name":"朱家坡村光伏扶贫电站"}],
             "revenue":[{"station":"ZJP-01","share":1,"part":"BENCHMARK","amountYuan":789.80},
                        {"station":"ZJP-01","share":1,"part":"SUBSIDY","amountYuan":910.20}],
             "totals":{"basisYuan":1700.00,"deductionsYuan":170.00,"distributableYuan":1530.00,"allocationsYuan":1000.00,"collectiveYuan":530.00},
             "deductions":[{"name":"运维 O&M","rule":"10%","dueYuan":170.00,"paidYuan":170.00,"shortfallYuan":0.00}],
             "allocations":[{"name":"奖励补助","targetYuan":1000.00,"amountYuan":1000.00,"shortfallYuan":0.00}],
             "posts":[{"title":"保洁员","holderName":"朱大山","daysActive":21,"dueYuan":338.71,"paidYuan":338.71}],
             "households":[{"household":"H1","headName":"朱二河","maskedIdNumber":"371321********2347","weight":2.5,"daysEnrolled":31,"amountYuan":600.00},
                           {"household":"H2","headName":"=HYPERLINK(\\"http://x\\")","maskedIdNumber":"371321********5677","weight":1.5,"daysEnrolled":31,"amountYuan":61.29}],
             "collectiveYuan":530.00,"carriedForward":[]}
            """;

    static StatementSheet sheet(Version version) throws IOException {
        return StatementSheet.of(new ObjectMapper().readTree(BODY), stored(), version);
    }

    private static StatementLedger.Stored stored() {
        return new StatementLedger.Stored(7, "v", YearMonth.of(2026, 10), StatementLedger.Kind.REGULAR,
                StatementLedger.Status.PUBLISHED, "ACCRUED", 1, new StatementLedger.Totals(170000, 17000, 100000, 53000), BODY,
                Instant.parse("2026-11-05T02:00:00Z"), new StatementLedger.Step("张三", Instant.parse("2026-11-05T02:00:00Z")),
                new StatementLedger.Step("李四", Instant.parse("2026-11-06T02:00:00Z")), null, null);
    }

    @Test
    void the_notice_has_no_weights_and_formula_text_gets_an_apostrophe() throws IOException {
        StatementSheet notice = sheet(Version.NOTICE);
        String csv = StatementCsv.of(notice);
        assertThat(csv).startsWith("\uFEFF沂南县岸堤镇朱家坡村 2026-10 光伏扶贫收益分配公示").contains("'=HYPERLINK(")
                .contains("371321********5677").doesNotContain("权重").doesNotContain("2.5");
        assertThat(StatementCsv.of(sheet(Version.OFFICE))).contains("权重 weight,纳入天数 days").contains("H1,朱二河,371321********2347,2.5,31,600.00");
        assertThat(catchThrowableOfType(FieldException.class, () -> Version.of("poster")).field()).isEqualTo("version");
    }

    @Test
    void an_adjustment_shows_its_differences_and_negative_amounts_stay_numbers() throws IOException {
        String body = BODY.strip();
        body = body.substring(0, body.length() - 1) + ",\"differences\":{\"adjustsStatementId\":3,\"basisYuan\":-12.30,"
                + "\"deductionsYuan\":-0.61,\"allocationsYuan\":-5.84,\"collectiveYuan\":-5.85}}";
        StatementSheet sheet = StatementSheet.of(new ObjectMapper().readTree(body), stored(), Version.OFFICE);

        assertThat(StatementCsv.of(sheet)).contains("更正差额（对第3号） differences from statement 3\r\n项目 item,差额(元) yuan\r\n"
                + "收益合计 revenue,-12.30\r\n");
        List<List<Object>> rows = readXlsx(StatementXlsx.of(sheet));
        List<Object> revenue = rows.get(indexOf(rows, "更正差额（对第3号） differences from statement 3") + 2);
        assertThat(revenue.get(0)).isEqualTo("收益合计 revenue");
        assertThat((BigDecimal) revenue.get(1)).isEqualByComparingTo("-12.30");
        assertThat(StatementHtml.of(sheet)).contains("<td class=\"num\">-5.85</td>");
    }

    @Test
    void empty_tables_total_to_zero_yuan_with_two_decimals() throws IOException {
        String body = BODY.replaceAll("\"(deductions|allocations|posts|households|revenue)\":\\[[^\\]]*\\]", "\"$1\":[]");
        StatementSheet sheet = StatementSheet.of(new ObjectMapper().readTree(body), stored(), Version.OFFICE);

        String csv = StatementCsv.of(sheet);
        assertThat(csv).contains("合计 total,,0.00,0.00,0.00\r\n") // deductions: due, paid, shortfall
                .contains("合计 total,,0.00,\r\n")                   // allocations
                .contains("合计 total,,,,0.00\r\n")                   // posts: paid
                .doesNotContainPattern(",0(\r|,)");
        assertThat(StatementHtml.of(sheet)).doesNotContain("<td class=\"num\">0</td>");
    }

    @Test
    void xlsx_reads_back_as_text_and_number_cells_with_the_totals() throws IOException {
        List<List<Object>> rows = readXlsx(StatementXlsx.of(sheet(Version.OFFICE)));
        assertThat(rows.get(0)).containsExactly("沂南县岸堤镇朱家坡村 2026-10 光伏扶贫收益分配表");
        int header = indexOf(rows, "户编号 household");
        assertThat(rows.get(header)).containsExactly("户编号 household", "户主 head", "身份证号 ID (masked)", "权重 weight", "纳入天数 days", "金额(元) yuan");
        assertThat(rows.get(header + 2)).containsExactly("H2", "'=HYPERLINK(\"http://x\")", "371321********5677", new BigDecimal("1.5"),
                new BigDecimal("31"), new BigDecimal("61.29"));
        assertThat(rows.get(header + 3)).containsExactly("合计 total", "2户 households", null, null, null, new BigDecimal("661.29"));
    }

    @Test
    void pdf_text_has_the_chinese_names_and_totals() throws IOException {
        byte[] pdf = StatementPdf.of(sheet(Version.NOTICE));
        java.nio.file.Files.write(java.nio.file.Path.of("target/statement-test.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("朱家坡村").contains("朱二河").contains("1000.00").contains("村委会").contains("'=HYPERLINK(")
                    .doesNotContain("权重").doesNotContain("61.29").doesNotContain("revenue");
        }
    }

    /**
     * Households of different weights (1: no attribute; 3: a disability; 5: a disability and a serious illness), all
     * enrolled the whole month: their amounts are one unit times the weight. The notice must let nobody tell them apart.
     */
    @Test
    void the_notice_lets_nobody_work_out_a_households_weight() throws IOException {
        String body = BODY.substring(0, BODY.indexOf("\"households\"")) + """
                "households":[{"household":"H1","headName":"朱一","maskedIdNumber":"371321********0011","weight":1,"daysEnrolled":31,"amountYuan":111.11},
                              {"household":"H2","headName":"朱二","maskedIdNumber":"371321********0022","weight":3,"daysEnrolled":31,"amountYuan":333.33},
                              {"household":"H3","headName":"朱三","maskedIdNumber":"371321********0033","weight":5,"daysEnrolled":31,"amountYuan":555.56}],
                """ + BODY.substring(BODY.indexOf("\"collectiveYuan\":530"));
        assertThat(body).contains("555.56");
        StatementSheet notice = StatementSheet.of(new ObjectMapper().readTree(body), stored(), Version.NOTICE);
        StatementSheet.Table households = notice.tables().stream().filter(t -> t.heading().zh().contains("受益户")).findFirst().orElseThrow();
        // each household's line: its id, head and masked ID number, nothing that differs with the weight
        assertThat(households.rows()).allSatisfy(r -> assertThat(r).hasSize(3).allSatisfy(c -> assertThat(c).isInstanceOf(String.class)));
        assertThat(households.total()).doesNotHaveAnyElementsOfTypes(BigDecimal.class);
        List<String> printed = List.of(StatementCsv.of(notice), StatementHtml.of(notice),
                String.valueOf(readXlsx(StatementXlsx.of(notice))));
        for (String out : printed) {
            assertThat(out).contains("朱一").contains("朱二").contains("朱三").contains("371321********0033")
                    .doesNotContain("111.11").doesNotContain("333.33").doesNotContain("555.56") // no household's amount
                    .doesNotContain("权重").doesNotContain("纳入天数")                               // no weight, no days
                    .contains("不逐户公示");                                                           // and says why
        }
        // the office version keeps every line
        assertThat(StatementCsv.of(StatementSheet.of(new ObjectMapper().readTree(body), stored(), Version.OFFICE)))
                .contains("H3,朱三,371321********0033,5,31,555.56");
    }

    @Test
    void printouts_read_rules_and_carried_lines_in_chinese() throws IOException {
        String body = BODY.replace("\"rule\":\"10%\"", "\"rule\":\"30 yuan/kWp/year x 50.00 kWp / 12\"")
                .replace("\"carriedForward\":[]", "\"carriedForward\":[{\"kind\":\"POST_WAGE\",\"key\":\"SC05-GW02\",\"amountYuan\":12.00},"
                        + "{\"kind\":\"DEDUCTION\",\"key\":\"运维费\",\"amountYuan\":3.00}]")
                .replace("\"title\":\"保洁员\"", "\"post\":\"SC05-GW02\",\"title\":\"保洁员\"");
        StatementSheet office = StatementSheet.of(new ObjectMapper().readTree(body), stored(), Version.OFFICE);
        String html = StatementHtml.of(office);
        assertThat(html).contains("每年每千瓦 30 元 × 50.00 kWp ÷ 12").doesNotContain("yuan/kWp")
                .contains("公益岗位工资").contains("保洁员 朱大山（SC05-GW02）").contains("扣除项目").doesNotContain("POST_WAGE")
                .doesNotContain("DEDUCTION").doesNotContain(" total<").doesNotContain("合计 total");
        assertThat(StatementCsv.of(office)).contains("每年每千瓦 30 元 × 50.00 kWp ÷ 12 30 yuan/kWp/year x 50.00 kWp / 12")
                .contains("合计 total");
        assertThat(RuleText.chinese("5% of 2433.88 (reserve, not owed)")).isEqualTo("收益 2433.88 元的 5%（准备金：有余款时提取，不计欠缴）");
        assertThat(RuleText.chinese("10.00 per month")).isEqualTo("每月 10.00 元");
        assertThat(RuleText.chinese("10%")).isNull();
        assertThat(html).contains("<td>运维</td>").doesNotContain("O&amp;M");
        assertThat(StatementCsv.of(office)).contains("运维 O&M");
    }

    public static List<List<Object>> readXlsx(byte[] xlsx) throws IOException {
        List<List<Object>> out = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row r : (Iterable<Row>) wb.getFirstSheet().openStream()::iterator) {
                while (out.size() < r.getRowNum() - 1) out.add(List.of());
                List<Object> cells = new ArrayList<>();
                for (int c = 0; c < r.getCellCount(); c++) {
                    Cell cell = r.getCell(c);
                    if (cell == null || cell.getType() == CellType.EMPTY) cells.add(null);
                    else {
                        assertThat(cell.getType()).isIn(CellType.STRING, CellType.NUMBER); // never a formula
                        cells.add(cell.getType() == CellType.NUMBER ? cell.asNumber() : cell.asString());
                    }
                }
                out.add(cells);
            }
        }
        return out;
    }

    public static int indexOf(List<List<Object>> rows, String first) {
        for (int i = 0; i < rows.size(); i++) if (!rows.get(i).isEmpty() && first.equals(rows.get(i).get(0))) return i;
        throw new AssertionError("no row starting with " + first + " in " + rows);
    }
}
