package org.pvmon.registry.files;

import org.pvmon.statements.PlanBook;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.Fixtures;
import org.pvmon.registry.Registry;
import org.pvmon.registry.RegistryException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.pvmon.registry.Fixtures.EAST;
import static org.pvmon.registry.Fixtures.d;
import static org.pvmon.registry.Fixtures.idNumber;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.registry.files.RegistryCsv.Table;

/** The registry's tables as Excel workbooks: the same header, rows and whole-file rejection as the CSV files. */
class RegistryXlsxTest {
    private static final String[] HOUSEHOLDS = {"户编号", "村", "户主姓名", "身份证号", "家庭人口", "属性", "纳入日期", "退出日期"};

    @TempDir
    Path dir;

    private Registry open(String name) {
        return Registry.openSqlite(dir.resolve(name + ".db"));
    }

    /** A workbook as Excel would save one a person typed: text, number and date cells as given. */
    private Path workbook(String name, String[] header, List<List<Object>> rows) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            for (int c = 0; c < header.length; c++) ws.value(0, c, header[c]);
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object v = rows.get(r).get(c);
                    if (v instanceof String s) ws.value(r + 1, c, s);
                    else if (v instanceof Number n) ws.value(r + 1, c, n);
                    else if (v instanceof LocalDate date) {
                        ws.value(r + 1, c, date);
                        ws.style(r + 1, c).format("yyyy/m/d").set();
                    }
                }
            }
            wb.finish();
        }
        return f;
    }

    @Test
    void an_exported_workbook_has_the_chinese_header_and_imports_into_an_empty_registry_unchanged() throws IOException {
        Registry source = Fixtures.populate(open("source"));
        RegistryCsv xlsx = new RegistryCsv(source, new ReceiptBook(source.database()), new PlanBook(source.database()));
        for (Table t : Table.values()) xlsx.exportXlsx(t, dir.resolve("out").resolve(t.xlsxFileName()));

        List<List<String>> households = read(Files.readAllBytes(dir.resolve("out/households.xlsx")));
        assertThat(households.get(0)).containsExactly(HOUSEHOLDS);
        assertThat(households).contains(List.of("H001", "东岭村", "张三", idNumber(1), "3", "残疾;大病", "2019-01-01", "2020-06-30"));

        Registry copy = open("copy");
        new RegistryCsv(copy, new ReceiptBook(copy.database()), new PlanBook(copy.database())).importAll(dir.resolve("out"));
        assertThat(copy.counts()).isEqualTo(source.counts());
        assertThat(copy.household("H001")).isEqualTo(source.household("H001"));
        assertThat(copy.postsOf(EAST.id())).isEqualTo(source.postsOf(EAST.id()));
        assertThat(copy.tariffOf("YN-AD-001")).isEqualTo(source.tariffOf("YN-AD-001"));
    }

    @Test
    void a_workbook_with_a_bad_cell_is_rejected_whole_with_its_row_and_column() throws IOException {
        Registry r = open("r");
        r.upsertVillage(EAST);
        String bad = idNumber(12).substring(0, 17) + (idNumber(12).charAt(17) == '0' ? '1' : '0');
        Path f = workbook("households.xlsx", HOUSEHOLDS, List.of(
                List.of("H1", "东岭村", "赵一", idNumber(11), 2, "残疾", "2019-01-01"),
                List.of("H2", "东岭村", "钱二", bad, 3, "", "2019-01-01"),
                List.of("H3", "东岭村", "孙三", idNumber(13), "两口", "", "2019-01-01")));

        RegistryException e = catchThrowableOfType(RegistryException.class, () -> new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importCsv(Table.HOUSEHOLDS, f));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).startsWith("第3行 身份证号: 校验码错误").contains("| row 3, column 身份证号: wrong check character");
        assertThat(e.problems().get(1)).isEqualTo("第4行 家庭人口: “两口”不是数字 | row 4, column 家庭人口: '两口' is not a number");
        assertThat(e.getMessage()).contains("nothing imported");
        assertThat(r.counts()).containsEntry("households", 0).containsEntry("enrollments", 0);
    }

    @Test
    void number_and_date_cells_read_as_a_person_typed_them() throws IOException {
        Registry r = open("r");
        r.upsertVillage(EAST);
        Path f = workbook("h.xlsx", HOUSEHOLDS, List.of(
                List.of("H1", "东岭村", "赵一", idNumber(11), 2, "残疾", LocalDate.of(2019, 1, 1), LocalDate.of(2020, 6, 30))));

        assertThat(new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importCsv(Table.HOUSEHOLDS, f)).isEqualTo(1);

        Household h = r.household("H1").orElseThrow();
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.enrollments()).containsExactly(new DateRange(d("2019-01-01"), d("2020-06-30")));
    }

    @Test
    void a_table_given_as_both_csv_and_xlsx_is_refused_before_anything_is_imported() throws IOException {
        Registry r = open("r");
        Files.writeString(dir.resolve("villages.csv"), "村编号,村,乡镇,区县\n,东岭村,岸堤镇,沂南县\n");
        workbook("villages.xlsx", new String[] {"村编号", "村", "乡镇", "区县"}, List.of(List.of("", "西岭村", "岸堤镇", "沂南县")));

        RegistryException e = catchThrowableOfType(RegistryException.class, () -> new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importAll(dir));

        assertThat(e.problems()).containsExactly("文件: villages.csv与villages.xlsx同时存在，请只保留一个 | file: both villages.csv "
                + "and villages.xlsx are there: keep one");
        assertThat(r.villages()).isEmpty();
    }

    private static List<List<String>> read(byte[] xlsx) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row row : (Iterable<Row>) wb.getFirstSheet().openStream()::iterator) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getCellCount(); c++) cells.add(row.getCell(c) == null ? "" : row.getCell(c).getText());
                rows.add(cells);
            }
        }
        return rows;
    }

    @Test
    void an_exported_workbook_neutralises_formulas_and_its_import_gives_the_names_back() throws IOException {
        Registry a = RegistryCsvTest.withFormulaNames(open("a"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registryCsv(a).exportXlsx(Table.HOUSEHOLDS, out);

        List<List<String>> cells = read(out.toByteArray());
        assertThat(cells).flatExtracting(row -> row).isNotEmpty().noneMatch(RegistryCsvTest::formulaLike);
        assertThat(cells).extracting(row -> row.get(2)).contains("'=cmd|' /C calc'!A0", "'@SUM(1+1)");

        Registry b = open("b");
        b.upsertVillage(EAST);
        registryCsv(b).importCsv(Table.HOUSEHOLDS, new ByteArrayInputStream(out.toByteArray()), "households.xlsx");
        assertThat(b.householdsOf(EAST.id())).extracting(Household::headName)
                .containsExactlyInAnyOrderElementsOf(RegistryCsvTest.FORMULA_NAMES);
        assertThat(b.householdsOf(EAST.id())).isEqualTo(a.householdsOf(EAST.id()));
    }

    @Test
    void an_export_is_a_workbook_even_through_a_stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registryCsv(Fixtures.populate(open("r"))).exportXlsx(Table.POSTS, out);
        assertThat(out.toByteArray()).startsWith('P', 'K', 3, 4);
    }

    private static RegistryCsv registryCsv(Registry r) {
        return new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database()));
    }
}
