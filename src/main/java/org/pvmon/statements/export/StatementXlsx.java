package org.pvmon.statements.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.pvmon.statements.export.StatementSheet.Fact;
import org.pvmon.statements.export.StatementSheet.Label;
import org.pvmon.statements.export.StatementSheet.Table;

/**
 * A statement's {@link StatementSheet} as an Excel workbook of one sheet, laid out as the CSV is. Text is written
 * as text cells in the text format ({@code @}), never as a formula (and is already neutralized by the sheet);
 * amounts are numbers with two decimals, so the user can sum them. Fit to one A4 page wide for printing.
 */
public final class StatementXlsx {
    private StatementXlsx() {
    }

    public static byte[] of(StatementSheet sheet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "pvmon", "1.0");
            Worksheet ws = wb.newWorksheet(sheet.notice() ? "公示" : "收益分配表");
            ws.paperSize(org.dhatim.fastexcel.PaperSize.A4_PAPER);
            ws.setFitToPage(true);
            ws.fitToWidth((short) 1);
            ws.fitToHeight((short) 0);
            int r = 0;
            ws.value(r, 0, sheet.title());
            ws.style(r, 0).format("@").bold().fontSize(14).set();
            r++;
            for (Fact f : sheet.facts()) {
                cell(ws, r, 0, f.label().both(), false);
                cell(ws, r, 1, f.value(), false);
                r++;
            }
            int widest = 2;
            for (Table t : sheet.tables()) {
                r++;
                cell(ws, r++, 0, t.heading().both(), true);
                List<Object> header = new ArrayList<>();
                for (Label l : t.columns()) header.add(l.both());
                row(ws, r++, header, true);
                for (List<Object> row : t.rows()) row(ws, r++, row, false);
                if (t.total() != null) row(ws, r++, t.total(), true);
                widest = Math.max(widest, t.columns().size());
            }
            for (int c = 0; c < widest; c++) ws.width(c, c == 0 ? 22 : 16);
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static void row(Worksheet ws, int r, List<Object> cells, boolean bold) {
        for (int c = 0; c < cells.size(); c++) cell(ws, r, c, cells.get(c), bold);
    }

    /**
     * Amounts as numbers with two decimals, shares and weights as plain numbers, counts as integers; anything else as
     * a text cell: a shared string in the text number format ({@code @}), which Excel never evaluates.
     */
    private static void cell(Worksheet ws, int r, int c, Object v, boolean bold) {
        String format;
        if (v instanceof BigDecimal d) {
            ws.value(r, c, d);
            format = d.scale() == 2 ? "#,##0.00" : "0.######";
        } else if (v instanceof Number n) {
            ws.value(r, c, n);
            format = "0";
        } else if (v != null && !v.toString().isEmpty()) {
            ws.value(r, c, v.toString());
            format = "@";
        } else {
            return;
        }
        var style = ws.style(r, c).format(format);
        if (bold) style = style.bold();
        style.set();
    }
}
