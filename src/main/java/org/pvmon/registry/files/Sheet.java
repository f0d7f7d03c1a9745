package org.pvmon.registry.files;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.pvmon.config.Config;
import org.pvmon.registry.IdNumbers;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;

/**
 * One CSV file of the registry (or an .xlsx workbook, read and written by {@link SheetXlsx} with the same rows):
 * UTF-8 (a leading BOM is tolerated on import and written on export), a header row with
 * the Chinese column names (extra columns are ignored), one record per row. Reading collects every problem into
 * {@link Problems} instead of stopping at the first; rows are numbered as a spreadsheet shows them (header = row 1).
 */
public final class Sheet {
    private static final char BOM = '\uFEFF';
    /** The column of household heads' ID numbers: its value never appears in a problem (see {@link Row#problem}). */
    static final String ID_NUMBER_COLUMN = "身份证号";

    private Sheet() {
    }

    /** A data row: its spreadsheet row number and its values by column, with typed readers that report problems. */
    public record Row(long number, List<String> values, List<String> header, Problems problems) {
        /**
         * The trimmed value, "" when absent, with the apostrophe an export put before a formula-like text taken off
         * ({@link #unneutralised}); a required empty value is reported.
         */
        String text(String column, boolean required) {
            int i = header.indexOf(column);
            String v = i >= 0 && i < values.size() && values.get(i) != null ? unneutralised(values.get(i).strip()) : "";
            if (required && v.isEmpty()) problem(column, "不能为空", "must not be empty");
            return v;
        }

        LocalDate date(String column, boolean required) {
            String v = text(column, required);
            if (v.isEmpty()) return null;
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                problem(column, "“" + v + "”不是日期（格式yyyy-MM-dd）", "'" + v + "' is not a date (yyyy-MM-dd)");
                return null;
            }
        }

        /** A decimal in [min, max] (max null: no upper bound); {@code minExclusive}: must be more than min. */
        BigDecimal decimal(String column, boolean required, BigDecimal min, boolean minExclusive, BigDecimal max) {
            String v = text(column, required);
            if (v.isEmpty()) return null;
            BigDecimal d;
            try {
                d = new BigDecimal(v);
            } catch (NumberFormatException e) {
                problem(column, "“" + v + "”不是数字", "'" + v + "' is not a number");
                return null;
            }
            int c = d.compareTo(min);
            if (minExclusive ? c <= 0 : c < 0) {
                String bound = (minExclusive ? "大于" : "不小于") + min.toPlainString();
                problem(column, v + "应" + bound, v + " must be " + (minExclusive ? "more than " : "at least ") + min.toPlainString());
                return null;
            }
            if (max != null && d.compareTo(max) > 0) {
                problem(column, v + "应不大于" + max.toPlainString(), v + " must be at most " + max.toPlainString());
                return null;
            }
            return d;
        }

        /**
         * Reports a problem of this row. Whatever the row's 身份证号 cell holds (however malformed, even when it is not
         * shaped like an ID number) is masked in the texts; {@link Problems} masks what is shaped like one.
         */
        public void problem(String column, String zh, String en) {
            problems.add(number, column, withoutIdNumber(zh), withoutIdNumber(en));
        }

        private String withoutIdNumber(String text) {
            int i = header.indexOf(ID_NUMBER_COLUMN);
            String id = i >= 0 && i < values.size() && values.get(i) != null ? values.get(i).strip() : "";
            if (id.length() < 8) return text; // shorter: not an ID number, and masking it would garble the text
            return text.replace(id, IdNumbers.mask(id)).replace(id.toUpperCase(Locale.ROOT), IdNumbers.mask(id));
        }
    }

    /**
     * Reads every data row (blank rows skipped), after checking that the header has {@code columns}: a CSV file, or an
     * Excel workbook (.xlsx, recognized by its content) whose first sheet is read the same way ({@link SheetXlsx}).
     * Within {@code limits}: a file over {@code maxBodyBytes}, more rows or columns, a longer cell, or a workbook that
     * decompresses to too much (a "zip bomb") is refused with a problem naming the limit and its setting; reading
     * stops there.
     */
    static List<Row> read(InputStream in, String[] columns, Problems problems, Config.Uploads limits) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBodyBytes() + 1));
            if (bytes.length > limits.maxBodyBytes()) {
                problems.file("文件超过" + limits.maxBodyBytes() + "字节（设置 uploads.max-body-bytes）",
                        "the file is over " + limits.maxBodyBytes() + " bytes (setting uploads.max-body-bytes)");
                return List.of();
            }
            Rows rows = new Rows(columns, problems, limits);
            if (bytes.length >= 4 && ReadableWorkbook.isOOXMLZipHeader(bytes)) {
                if (ZipLimits.check(bytes, limits, problems)) SheetXlsx.read(new ByteArrayInputStream(bytes), rows, problems);
            } else if (bytes.length >= 8 && ReadableWorkbook.isOLE2Header(bytes)) {
                problems.file("是旧版Excel文件（.xls），请另存为.xlsx或CSV UTF-8", "an old Excel file (.xls): save it as .xlsx or as CSV UTF-8");
            } else {
                readCsv(new ByteArrayInputStream(bytes), rows, problems);
            }
            return rows.finish();
        } catch (IOException e) {
            problems.file("无法读取：" + e.getMessage(), "cannot be read: " + e.getMessage());
            return List.of();
        }
    }

    /** Collects rows as a file gives them: the first is the header, then data rows; stops when the header is wrong. */
    static final class Rows {
        private final String[] columns;
        private final Problems problems;
        private final Config.Uploads limits;
        private final List<Row> rows = new ArrayList<>();
        private List<String> header;
        private boolean stopped;

        Rows(String[] columns, Problems problems, Config.Uploads limits) {
            this.columns = columns;
            this.problems = problems;
            this.limits = limits;
        }

        /** Takes the row numbered {@code number} (header = 1, as a spreadsheet shows it); false: read no more. */
        boolean add(long number, List<String> values) {
            if (!withinLimits(number, values)) {
                stopped = true;
                return false;
            }
            if (header == null) {
                header = new ArrayList<>();
                for (String h : values) header.add(h == null ? "" : h.replace(String.valueOf(BOM), "").strip());
                for (String c : columns) {
                    if (!header.contains(c)) problems.header("缺少列“" + c + "”", "missing column '" + c + "'");
                }
                stopped = !problems.isEmpty();
                return !stopped;
            }
            boolean blank = true;
            for (String v : values) blank &= v == null || v.isBlank();
            if (!blank) rows.add(new Row(number, values, header, problems));
            return true;
        }

        /** False (and a problem naming the limit) when the row is past {@code maxRows}, too wide or has too long a cell. */
        private boolean withinLimits(long number, List<String> values) {
            if (header != null && rows.size() >= limits.maxRows()) {
                problems.file("数据行超过" + limits.maxRows() + "行（设置 uploads.max-rows），未读完",
                        "more than " + limits.maxRows() + " data rows (setting uploads.max-rows); reading stopped");
                return false;
            }
            if (values.size() > limits.maxColumns()) {
                problems.add(number, "第" + (limits.maxColumns() + 1) + "列", "列数超过" + limits.maxColumns() + "（设置 uploads.max-columns）",
                        "more than " + limits.maxColumns() + " columns (setting uploads.max-columns)");
                return false;
            }
            for (int c = 0; c < values.size(); c++) {
                String v = values.get(c);
                if (v != null && v.length() > limits.maxCellChars()) {
                    String column = header != null && c < header.size() ? header.get(c) : "第" + (c + 1) + "列";
                    problems.add(number, column, "单元格超过" + limits.maxCellChars() + "个字符（设置 uploads.max-cell-chars）",
                            "the cell has more than " + limits.maxCellChars() + " characters (setting uploads.max-cell-chars)");
                    return false;
                }
            }
            return true;
        }

        List<Row> finish() {
            if (header == null && problems.isEmpty()) problems.file("文件为空，缺少表头", "the file is empty: no header row");
            return stopped ? List.of() : rows;
        }
    }

    private static void readCsv(InputStream in, Rows rows, Problems problems) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).build();
        try (CSVParser parser = format.parse(reader)) {
            for (CSVRecord r : parser) {
                if (!rows.add(r.getRecordNumber(), r.toList())) return;
            }
        } catch (CharacterCodingException e) {
            problems.file("不是UTF-8编码（Excel请另存为“CSV UTF-8(逗号分隔)”）", "not UTF-8 text (from Excel, save as \"CSV UTF-8\")");
        } catch (UncheckedIOException e) { // commons-csv wraps what it meets while reading rows
            if (e.getCause() instanceof CharacterCodingException) {
                problems.file("不是UTF-8编码（Excel请另存为“CSV UTF-8(逗号分隔)”）", "not UTF-8 text (from Excel, save as \"CSV UTF-8\")");
            } else {
                problems.file("无法读取：" + e.getCause().getMessage(), "cannot be read: " + e.getCause().getMessage());
            }
        } catch (IOException e) {
            problems.file("无法读取：" + e.getMessage(), "cannot be read: " + e.getMessage());
        }
    }

    /** Writes the BOM, the header and the rows (CRLF line ends, as Excel writes them), every value {@link #neutralised}. */
    static void write(OutputStream out, String[] columns, List<List<String>> rows) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(BOM);
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT);
        printer.printRecord((Object[]) columns);
        for (List<String> row : rows) printer.printRecord(row.stream().map(Sheet::neutralised).toList());
        printer.flush();
    }

    /** A plain number ({@code -12}, {@code 118.46}): never a formula, so it is written as it is and stays a number. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private static boolean formulaStart(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /**
     * A value as an export writes it, so that a spreadsheet never takes it for a formula (a household head named
     * {@code =cmd|' /C calc'!A0}): text starting with {@code = + - @}, tab or CR gets a leading apostrophe, as the
     * statement exports do; a plain number (a negative one too) is left as it is. So that {@link #unneutralised} gives
     * every value back, a text that already starts with an apostrophe followed by one of those (or by another
     * apostrophe) gets one too.
     */
    public static String neutralised(String v) {
        if (v == null || v.isEmpty()) return v;
        char c = v.charAt(0);
        boolean formula = formulaStart(c) && !PLAIN_NUMBER.matcher(v).matches();
        return formula || unneutralised(v).length() != v.length() ? "'" + v : v;
    }

    /**
     * A value as an import reads it: the apostrophe {@link #neutralised} put before a text starting with
     * {@code = + - @}, tab, CR or an apostrophe is taken off ({@code '=SUM(1+1)} is {@code =SUM(1+1)}, {@code '-5} is
     * {@code -5}); any other apostrophe (a name like {@code 'Ali}) is part of the value.
     */
    static String unneutralised(String v) {
        if (v.length() < 2 || v.charAt(0) != '\'') return v;
        char c = v.charAt(1);
        return formulaStart(c) || c == '\'' ? v.substring(1) : v;
    }

    /** A decimal as written to a file: plain notation, no trailing zeros of a double ("30", "35.53806"). */
    static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
