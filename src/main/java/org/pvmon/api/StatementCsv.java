package org.pvmon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A stored statement as a spreadsheet-ready CSV (UTF-8 with BOM, so Excel opens the Chinese text): the village
 * office's version (every line, with household weights and days) or the public notice (公示) version, which shows
 * only names, masked ID numbers and amounts: a weight would reveal a household's disability or illness.
 * Text cells that a spreadsheet would run as a formula ({@code = + - @}, tab, CR) are neutralized with a leading
 * apostrophe.
 */
final class StatementCsv {
    private StatementCsv() {
    }

    static String of(JsonNode statement, long id, String status, boolean notice) {
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.EXCEL)) {
            String title = statement.path("county").asText() + statement.path("township").asText() + statement.path("name").asText()
                    + " " + statement.path("month").asText() + (notice ? " 光伏扶贫收益分配公示" : " 光伏扶贫收益分配表");
            csv.printRecord(text(title));
            csv.printRecord("统计口径 basis", statement.path("basis").asText(), "编号 statement", id, "状态 status", status);
            csv.printRecord();
            JsonNode totals = statement.path("totals");
            csv.printRecord("项目 item", "金额(元) yuan");
            csv.printRecord("收益合计 revenue", totals.path("basisYuan").decimalValue());
            csv.printRecord("扣除合计 deductions", totals.path("deductionsYuan").decimalValue());
            csv.printRecord("可分配 distributable", totals.path("distributableYuan").decimalValue());
            csv.printRecord("村集体 collective", statement.path("collectiveYuan").decimalValue());
            csv.printRecord();
            csv.printRecord("公益岗位 post", "在岗人 holder", "在岗天数 days", "应发(元) due", "实发(元) paid");
            for (JsonNode p : statement.path("posts")) {
                csv.printRecord(text(p.path("title").asText()), text(p.path("holderName").asText()), p.path("daysActive").asInt(),
                        p.path("dueYuan").decimalValue(), p.path("paidYuan").decimalValue());
            }
            csv.printRecord();
            List<Object> header = new ArrayList<>(List.of("户编号 household", "户主 head", "身份证号 ID (masked)"));
            if (!notice) header.addAll(List.of("权重 weight", "纳入天数 days"));
            header.add("金额(元) yuan");
            csv.printRecord(header);
            for (JsonNode h : statement.path("households")) {
                List<Object> row = new ArrayList<>(List.of(text(h.path("household").asText()), text(h.path("headName").asText()),
                        text(h.path("maskedIdNumber").asText())));
                if (!notice) row.addAll(List.of(h.path("weight").decimalValue(), h.path("daysEnrolled").asInt()));
                row.add(h.path("amountYuan").decimalValue());
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Text a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe. */
    static String text(String s) {
        if (s.isEmpty()) return s;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }
}
