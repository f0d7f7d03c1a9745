package org.pvmon.registry.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * A registry table as an Excel workbook (.xlsx): the first sheet, header in row 1, one record per row, exactly as the
 * CSV file ({@link Sheet}). Written with every cell as text (so ID numbers, dates and leading zeros come back as
 * written), formula-like text with a leading apostrophe as in CSV ({@link Sheet#neutralised}); read from whatever Excel saved: text as is, numbers in plain notation ("125", not "125.0"), date-formatted
 * numbers as {@code yyyy-MM-dd}, a formula's cached value; an error value (#N/A...) is reported at its row and column.
 */
final class SheetXlsx {
    /** Excel's built-in date and date-time number formats. */
    private static final Set<Integer> DATE_FORMATS = Set.of(14, 15, 16, 17, 22, 27, 30, 36, 45, 46, 47, 50, 57);

    private SheetXlsx() {
    }

    static void read(InputStream in, Sheet.Rows rows, Problems problems) throws IOException {
        try (ReadableWorkbook wb = new ReadableWorkbook(in, new ReadingOptions(true, false));
             Stream<Row> sheet = wb.getFirstSheet().openStream()) {
            List<String> header = null;
            for (Iterator<Row> it = sheet.iterator(); it.hasNext(); ) {
                Row r = it.next();
                List<String> values = new ArrayList<>(r.getCellCount());
                for (int c = 0; c < r.getCellCount(); c++) {
                    String v = value(r.getCell(c));
                    if (v == null) {
                        String column = header != null && c < header.size() ? header.get(c) : "第" + (c + 1) + "列";
                        problems.add(r.getRowNum(), column, "单元格是错误值" + r.getCell(c).getRawValue(),
                                "the cell holds the error value " + r.getCell(c).getRawValue());
                        v = "";
                    }
                    values.add(v);
                }
                if (header == null) header = values;
                if (!rows.add(r.getRowNum(), values)) return;
            }
        } catch (RuntimeException e) { // fastexcel-reader reports a broken workbook unchecked
            problems.file("不是有效的Excel文件：" + e.getMessage(), "not a valid .xlsx workbook: " + e.getMessage());
        }
    }

    /** The cell as the text a CSV file would hold; null for an error value. */
    private static String value(Cell cell) {
        if (cell == null) return "";
        return switch (cell.getType()) {
            case EMPTY -> "";
            case STRING -> cell.asString();
            case BOOLEAN -> cell.asBoolean() ? "TRUE" : "FALSE";
            case NUMBER -> isDate(cell) ? cell.asDate().toLocalDate().toString() : plain(cell.asNumber());
            case FORMULA -> cell.getRawValue() == null ? "" : cell.getRawValue();
            case ERROR -> null;
        };
    }

    private static boolean isDate(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id != null && DATE_FORMATS.contains(id)) return true;
        String f = cell.getDataFormatString();
        if (f == null) return false;
        // a custom format: a date when it has year or day parts outside quoted text and [colour]/[locale] brackets
        String bare = f.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^]]*]", "").toLowerCase(Locale.ROOT);
        return bare.contains("y") || bare.contains("d");
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** Writes one sheet: a bold header, then every value as a text cell, {@link Sheet#neutralised neutralised} as in CSV. */
    static void write(OutputStream out, String sheetName, String[] columns, List<List<String>> rows) throws IOException {
        Workbook wb = new Workbook(out, "pvmon", "1.0");
        Worksheet ws = wb.newWorksheet(sheetName);
        for (int c = 0; c < columns.length; c++) {
            ws.value(0, c, columns[c]);
            ws.style(0, c).format("@").bold().set();
            ws.width(c, Math.max(12, columns[c].length() * 2.5));
        }
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c) == null || row.get(c).isEmpty()) continue;
                ws.value(r + 1, c, Sheet.neutralised(row.get(c)));
                ws.style(r + 1, c).format("@").set();
            }
        }
        wb.finish();
    }
}
