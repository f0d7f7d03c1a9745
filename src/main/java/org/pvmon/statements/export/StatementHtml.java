package org.pvmon.statements.export;

import java.math.BigDecimal;
import java.util.List;
import org.pvmon.statements.export.StatementSheet.Fact;
import org.pvmon.statements.export.StatementSheet.Table;

/**
 * A statement's {@link StatementSheet} as a standalone printable page: one XHTML file (well-formed, so the PDF
 * renderer reads the same page), no scripts and no external assets, A4 print CSS, Chinese headings, each table with
 * its total row, and signature lines for the village committee (村委会) and the township (乡镇) approval. The notice
 * version adds the objection period and contact lines of a public notice (公示).
 */
public final class StatementHtml {
    /** The CJK fonts a printing browser may have, then the one {@link StatementPdf} embeds. */
    static final String FONTS = "\"WenQuanYi Micro Hei\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", \"PingFang SC\", SimSun, sans-serif";

    private StatementHtml() {
    }

    public static String of(StatementSheet sheet) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(esc(sheet.title())).append("</title>\n<style>\n")
                .append("@page { size: A4; margin: 15mm 12mm; }\n")
                .append("body { font-family: ").append(FONTS).append("; font-size: 10pt; color: #000; margin: 0; }\n")
                .append("h1 { font-size: 15pt; text-align: center; margin: 0 0 4mm; }\n")
                .append("h2 { font-size: 11pt; margin: 5mm 0 1.5mm; }\n")
                .append(".facts { margin: 0 0 2mm; font-size: 9pt; }\n.facts span { margin-right: 5mm; }\n")
                .append("table { width: 100%; border-collapse: collapse; page-break-inside: auto; }\n")
                .append("tr { page-break-inside: avoid; }\nthead { display: table-header-group; }\n")
                .append("th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; text-align: left; }\n")
                .append("th { background: #eee; font-weight: bold; }\n.num { text-align: right; }\n")
                .append("tr.total td { font-weight: bold; }\n")
                .append(".sign { margin-top: 10mm; width: 100%; page-break-inside: avoid; }\n")
                .append(".sign td { border: none; padding: 4mm 1.5mm; width: 50%; }\n")
                .append(".notice { margin-top: 5mm; font-size: 9.5pt; }\n")
                .append("@media screen { body { max-width: 190mm; margin: 10mm auto; } }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(sheet.title())).append("</h1>\n<div class=\"facts\">");
        for (Fact f : sheet.facts()) {
            h.append("<span>").append(esc(f.label().zh())).append("：").append(esc(cell(f.value()))).append("</span>");
        }
        h.append("</div>\n");
        for (Table t : sheet.tables()) table(h, t);
        if (sheet.notice()) {
            h.append("<div class=\"notice\"><p>公示期：自______年____月____日至______年____月____日，不少于七日。对公示内容有异议的，"
                    + "请在公示期内向村委会或乡镇人民政府反映。</p><p>监督电话：____________________</p></div>\n");
        }
        h.append("<table class=\"sign\"><tr><td>村委会（盖章）：</td><td>乡镇人民政府审核（盖章）：</td></tr>\n")
                .append("<tr><td>村委会主任（签字）：____________</td><td>审核人（签字）：____________</td></tr>\n")
                .append("<tr><td>日期：______年____月____日</td><td>日期：______年____月____日</td></tr></table>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, Table t) {
        h.append("<h2>").append(esc(t.heading().zh())).append("</h2>\n<table>\n<thead><tr>");
        for (int c = 0; c < t.columns().size(); c++) {
            h.append("<th").append(t.numeric(c) ? " class=\"num\"" : "").append('>').append(esc(t.columns().get(c).zh())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.rows()) row(h, t, row, "");
        if (t.rows().isEmpty()) h.append("<tr><td colspan=\"").append(t.columns().size()).append("\">无</td></tr>\n");
        if (t.total() != null) row(h, t, t.total(), " class=\"total\"");
        h.append("</tbody>\n</table>\n");
    }

    private static void row(StringBuilder h, Table t, List<Object> row, String trClass) {
        h.append("<tr").append(trClass).append('>');
        for (int c = 0; c < row.size(); c++) {
            Object v = row.get(c);
            h.append("<td").append(v instanceof Number ? " class=\"num\"" : "").append('>').append(esc(cell(v))).append("</td>");
        }
        h.append("</tr>\n");
    }

    private static String cell(Object v) {
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof StatementSheet.Label l) return l.zh();
        return v == null ? "" : v.toString();
    }

    /** Escapes text for XHTML content and attribute values. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    // control characters other than tab/newline are not allowed in XML
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out.append('\uFFFD');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}
