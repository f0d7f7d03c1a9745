package org.pvmon.registry.files;

import org.pvmon.statements.PlanBook;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.Fixtures;
import org.pvmon.registry.Registry;
import org.pvmon.registry.RegistryException;
import org.pvmon.registry.StationEntry;
import org.pvmon.registry.Village;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.pvmon.registry.Fixtures.EAST;
import static org.pvmon.registry.Fixtures.WEST;
import static org.pvmon.registry.Fixtures.d;
import static org.pvmon.registry.Fixtures.idNumber;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.registry.files.RegistryCsv.Table;
import org.pvmon.testing.ProjectDir;

class RegistryCsvTest {
    private static final String HOUSEHOLDS = "户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期\n";

    @TempDir
    Path dir;

    private Registry open(String name) {
        return Registry.openSqlite(dir.resolve(name + ".db"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String wrongCheck(String id) {
        return id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
    }

    @Test
    void a_bad_households_file_is_rejected_whole_with_every_problem_and_nothing_is_written() throws IOException {
        Registry r = open("r");
        r.upsertVillage(EAST);
        Path f = write("households.csv", HOUSEHOLDS
                + "H1,东岭村,赵一," + idNumber(11) + ",2,残疾,2019-01-01,\n"
                + "H2,东岭村,钱二," + wrongCheck(idNumber(12)) + ",3,,2019-01-01,\n"
                + "H3,东岭村,孙三," + idNumber(13) + ",1,独居老人,2019-01-01,\n"
                + "H4,东岭村,李四," + idNumber(14) + ",2,,2019-02-30,\n"
                + "H5,东岭村,周五," + idNumber(15) + ",4,重病,2019-01-01,2020-01-01\n"
                + "H6,南岭村,吴六," + idNumber(16) + ",2,,2019-01-01,\n");

        RegistryException e = catchThrowableOfType(RegistryException.class, () -> new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importCsv(Table.HOUSEHOLDS, f));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems().get(0)).startsWith("第3行 身份证号: 校验码错误").contains("| row 3, column 身份证号: wrong check character");
        assertThat(e.problems().get(1)).isEqualTo("第5行 纳入日期: “2019-02-30”不是日期（格式yyyy-MM-dd） | row 5, column 纳入日期: "
                + "'2019-02-30' is not a date (yyyy-MM-dd)");
        assertThat(e.problems().get(2)).startsWith("第7行 村: 未知的村“南岭村”").contains("row 7, column 村: unknown village '南岭村'");
        assertThat(e.getMessage()).contains("nothing imported");
        assertThat(r.householdsOf(EAST.id())).isEmpty();
        assertThat(r.counts()).containsEntry("households", 0).containsEntry("enrollments", 0);
    }

    @Test
    void a_household_that_left_and_re_entered_is_two_rows_and_overlapping_rows_are_rejected() throws IOException {
        Registry r = open("r");
        r.upsertVillage(EAST);
        RegistryCsv csv = new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database()));
        String head = "H1,东岭村,赵一," + idNumber(11) + ",2,残疾；无劳动能力,";
        Path reentry = write("ok.csv", HOUSEHOLDS + head + "2019-01-01,2020-06-30\n" + head + "2021-03-01,\n");
        Path overlap = write("bad.csv", HOUSEHOLDS + head + "2019-01-01,2020-06-30\n" + head + "2020-06-30,\n");

        assertThat(csv.importCsv(Table.HOUSEHOLDS, reentry)).isEqualTo(1);
        RegistryException e = catchThrowableOfType(RegistryException.class, () -> csv.importCsv(Table.HOUSEHOLDS, overlap));

        Household h = r.household("H1").orElseThrow();
        assertThat(h.enrollments()).containsExactly(new DateRange(d("2019-01-01"), d("2020-06-30")), DateRange.from(d("2021-03-01")));
        assertThat(h.attributes()).containsExactlyInAnyOrder(Household.Attribute.DISABILITY, Household.Attribute.NO_LABOUR_CAPACITY);
        assertThat(e.problems()).containsExactly("第3行 纳入日期: 与第2行的纳入期间重叠 | row 3, column 纳入日期: the enrollment overlaps that of row 2");
    }

    @Test
    void joint_station_shares_must_add_up_to_exactly_1() throws IOException {
        Registry r = open("r");
        String header = "站点编号,电站名称,村,乡镇,区县,装机容量kWp,纬度,经度,并网日期,补贴目录日期,所属村及份额\n";
        Path bad = write("s.csv", header + "YN-AD-008,联村电站,联村,岸堤镇,沂南县,125,35.7,118.29,2017-06-28,,东岭村:0.3333;西岭村:0.6666\n");
        Path good = write("t.csv", header + "YN-AD-008,联村电站,联村,岸堤镇,沂南县,125,35.7,118.29,2017-06-28,,东岭村：0.3334；西岭村：0.6666\n");
        RegistryCsv csv = new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database()));

        RegistryException e = catchThrowableOfType(RegistryException.class, () -> csv.importCsv(Table.STATIONS, bad));
        assertThat(e.problems()).containsExactly("第2行 所属村及份额: 份额合计为0.9999，应恰为1 | row 2, column 所属村及份额: "
                + "the shares add up to 0.9999, not exactly 1");
        assertThat(r.villages()).isEmpty();

        csv.importCsv(Table.STATIONS, good);
        assertThat(r.ownersOf("YN-AD-008").orElseThrow().owners()).containsExactly(
                new JointStation.Owner(Village.idFor("沂南县", "岸堤镇", "东岭村"), new BigDecimal("0.3334")),
                new JointStation.Owner(Village.idFor("沂南县", "岸堤镇", "西岭村"), new BigDecimal("0.6666")));
    }

    @Test
    void an_export_starts_with_the_utf8_bom_and_the_chinese_header() {
        Registry r = Fixtures.populate(open("r"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).exportCsv(Table.HOUSEHOLDS, out);

        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期\r\n");
        assertThat(text).contains("H001,东岭村,张三," + idNumber(1) + ",3,残疾;大病,2019-01-01,2020-06-30\r\n")
                .contains("H001,东岭村,张三," + idNumber(1) + ",3,残疾;大病,2021-03-01,\r\n");
    }

    @Test
    void export_then_import_into_an_empty_registry_gives_the_same_registry() {
        Registry a = Fixtures.populate(open("a"));
        new RegistryCsv(a, new ReceiptBook(a.database()), new PlanBook(a.database())).exportAll(dir.resolve("export"));

        Registry b = open("b");
        new RegistryCsv(b, new ReceiptBook(b.database()), new PlanBook(b.database())).importAll(dir.resolve("export"));

        assertThat(b.counts()).isEqualTo(a.counts());
        assertThat(b.villages()).isEqualTo(a.villages());
        assertThat(b.stations()).isEqualTo(a.stations());
        for (String s : List.of("YN-AD-001", "YN-AD-008")) {
            assertThat(b.stationEntry(s)).isEqualTo(a.stationEntry(s));
            assertThat(b.tariffOf(s)).isEqualTo(a.tariffOf(s));
        }
        for (Village v : a.villages()) {
            assertThat(b.householdsOf(v.id())).isEqualTo(a.householdsOf(v.id()));
            assertThat(b.postsOf(v.id())).isEqualTo(a.postsOf(v.id()));
        }
        assertThat(b.village(WEST.id())).contains(WEST);
    }

    @Test
    void importing_the_same_files_twice_changes_nothing() {
        Registry a = Fixtures.populate(open("a"));
        new RegistryCsv(a, new ReceiptBook(a.database()), new PlanBook(a.database())).exportAll(dir.resolve("export"));
        Map<String, Integer> before = a.counts();
        List<Household> households = a.householdsOf(EAST.id());

        new RegistryCsv(a, new ReceiptBook(a.database()), new PlanBook(a.database())).importAll(dir.resolve("export"));
        new RegistryCsv(a, new ReceiptBook(a.database()), new PlanBook(a.database())).importAll(dir.resolve("export"));

        assertThat(a.counts()).isEqualTo(before);
        assertThat(a.householdsOf(EAST.id())).isEqualTo(households);
    }

    @Test
    void a_masked_id_number_keeps_the_registered_one_and_is_refused_for_anything_else() {
        Registry r = Fixtures.populate(open("r"));
        RegistryCsv csv = new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database()));
        RegistryCsv.Reader east = new RegistryCsv.Reader(v -> v.id().equals(EAST.id()), s -> true, false); // a county manager's view
        ByteArrayOutputStream masked = new ByteArrayOutputStream();
        csv.exportCsv(Table.HOUSEHOLDS, masked, east);
        String file = masked.toString(StandardCharsets.UTF_8);
        assertThat(file).contains(Household.maskedId(idNumber(1))).doesNotContain(idNumber(1));
        List<Household> before = r.householdsOf(EAST.id());

        // the masked export uploaded back, one size edited: the registered numbers stay
        String edited = file.replace(",李四," + Household.maskedId(idNumber(2)) + ",1,", ",李四," + Household.maskedId(idNumber(2)) + ",2,");
        assertThat(edited).isNotEqualTo(file);
        assertThat(csv.upload(Table.HOUSEHOLDS, new java.io.ByteArrayInputStream(edited.getBytes(StandardCharsets.UTF_8)), null, east).written())
                .isEqualTo(2);
        assertThat(r.household("H001")).contains(before.get(0));
        assertThat(r.household("H002").orElseThrow().idNumber()).isEqualTo(idNumber(2));
        assertThat(r.household("H002").orElseThrow().size()).isEqualTo(2);

        // masked but not this household's number, a new household, a household of a village not seen: refused
        String bad = HOUSEHOLDS + "H001,东岭村,张三," + Household.maskedId(idNumber(2)) + ",3,,2019-01-01,\n"
                + "H009,东岭村,新户," + Household.maskedId(idNumber(9)) + ",1,,2019-01-01,\n"
                + "H101,东岭村,王五," + Household.maskedId(idNumber(3)) + ",4,,2019-05-01,\n";
        RegistryException e = catchThrowableOfType(RegistryException.class, () -> csv.upload(Table.HOUSEHOLDS,
                new java.io.ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), null, east));
        assertThat(e.problems()).hasSize(3).allSatisfy(p -> assertThat(p).contains("身份证号: 脱敏的号码表示不改").contains("type a new number in full"));
        assertThat(r.householdsOf(WEST.id())).containsExactly(Fixtures.west());
    }

    @Test
    void a_post_file_names_unknown_holders_holders_of_other_villages_and_sub_fen_wages() throws IOException {
        Registry r = Fixtures.populate(open("r"));
        Path f = write("posts.csv", "\uFEFF岗位编号,村,岗位名称,在岗户编号,月工资(元),开始日期,结束日期\n"
                + "P2,东岭村,护路员,H999,200,2021-01-01,\n"
                + "P3,东岭村,护林员,H101,200,2021-01-01,\n"
                + "P4,东岭村,保洁员,H001,200.005,2021-01-01,\n");

        RegistryException e = catchThrowableOfType(RegistryException.class, () -> new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importCsv(Table.POSTS, f));

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactly("第2行 在岗户编号", "第3行 在岗户编号", "第4行 月工资(元)");
        assertThat(r.postsOf(EAST.id())).containsExactly(Fixtures.cleaner());
    }

    @Test
    void a_gbk_file_is_rejected_with_a_message_saying_how_to_save_it() throws IOException {
        Registry r = open("r");
        Path f = dir.resolve("gbk.csv");
        Files.writeString(f, HOUSEHOLDS + "H1,东岭村,赵一,x,1,,2019-01-01,\n", Charset.forName("GBK"));

        RegistryException e = catchThrowableOfType(RegistryException.class, () -> new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importCsv(Table.HOUSEHOLDS, f));

        assertThat(e.problems()).singleElement().asString().contains("不是UTF-8编码").contains("CSV UTF-8");
    }

    /** Household heads named like spreadsheet formulas, and names that only look escaped. */
    static final List<String> FORMULA_NAMES = List.of("=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+2", "-1+2", "\t=1+2", "'=1+2", "''x", "'Ali");

    static Registry withFormulaNames(Registry r) {
        r.upsertVillage(EAST);
        for (int i = 0; i < FORMULA_NAMES.size(); i++) {
            r.upsertHousehold(EAST.id(), new Household("F" + i, FORMULA_NAMES.get(i), idNumber(40 + i), 1, java.util.Set.of(),
                    List.of(DateRange.from(d("2019-01-01")))));
        }
        return r;
    }

    static boolean formulaLike(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0;
    }

    @Test
    void an_export_neutralises_formulas_and_its_import_gives_the_names_back() throws IOException {
        Registry a = withFormulaNames(open("a"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RegistryCsv(a, new ReceiptBook(a.database()), new PlanBook(a.database())).exportCsv(Table.HOUSEHOLDS, out);

        List<List<String>> cells = new java.util.ArrayList<>();
        try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.parse(new java.io.StringReader(out.toString(StandardCharsets.UTF_8)))) {
            parser.forEach(record -> cells.add(record.toList()));
        }
        assertThat(cells).flatExtracting(row -> row).isNotEmpty().noneMatch(RegistryCsvTest::formulaLike);
        assertThat(cells).extracting(row -> row.get(2)).contains("'=cmd|' /C calc'!A0", "'@SUM(1+1)", "'-1+2", "''=1+2", "'''x", "'Ali");

        Registry b = open("b");
        b.upsertVillage(EAST);
        Path f = write("households.csv", out.toString(StandardCharsets.UTF_8));
        new RegistryCsv(b, new ReceiptBook(b.database()), new PlanBook(b.database())).importCsv(Table.HOUSEHOLDS, f);
        assertThat(b.householdsOf(EAST.id())).extracting(Household::headName).containsExactlyInAnyOrderElementsOf(FORMULA_NAMES);
        assertThat(b.householdsOf(EAST.id())).isEqualTo(a.householdsOf(EAST.id()));
    }

    @Test
    void a_plain_number_is_never_neutralised_and_an_imported_apostrophe_comes_off_only_before_a_formula_character() {
        assertThat(Sheet.neutralised("-12.5")).isEqualTo("-12.5");
        assertThat(Sheet.neutralised("-3")).isEqualTo("-3");
        assertThat(Sheet.neutralised("-3e5")).isEqualTo("'-3e5");
        assertThat(Sheet.neutralised("118.46")).isEqualTo("118.46");
        assertThat(Sheet.unneutralised("'-12.5")).isEqualTo("-12.5");
        assertThat(Sheet.unneutralised("'Ali")).isEqualTo("'Ali");
        assertThat(Sheet.unneutralised("'")).isEqualTo("'");
        for (String v : List.of("", "'", "-", "=", "''", "'-", "a'b", "-1,5", "+86")) {
            assertThat(Sheet.unneutralised(Sheet.neutralised(v))).as(v).isEqualTo(v);
        }
    }

    @Test
    void seeding_from_the_demo_station_list_gives_60_stations_and_keeps_later_owner_entries() {
        Registry r = open("r");
        RegistryCsv csv = new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database()));
        Path demo = ProjectDir.resolve("simulator/fleets/demo-county.csv");

        assertThat(csv.importStationList(demo)).isEqualTo(60);

        assertThat(r.stations()).hasSize(60);
        assertThat(r.directory().find("YN-JH-001").orElseThrow().village()).isEqualTo("东辛庄村");
        assertThat(r.ownersOf("YN-JH-001").orElseThrow().owners())
                .containsExactly(new JointStation.Owner("沂南县-界湖街道-东辛庄村", BigDecimal.ONE));
        assertThat(r.station("YN-AD-008").orElseThrow().village()).isEqualTo("联村(岸堤镇11村)");
        assertThat(r.ownersOf("YN-AD-008").orElseThrow().owners()).singleElement()
                .isEqualTo(new JointStation.Owner("沂南县-岸堤镇-联村(岸堤镇11村)", BigDecimal.ONE));

        r.upsertVillage(Village.of("东岭村", "岸堤镇", "沂南县"));
        r.upsertVillage(Village.of("西岭村", "岸堤镇", "沂南县"));
        StationEntry ad8 = r.stationEntry("YN-AD-008").orElseThrow();
        List<JointStation.Owner> owners = List.of(new JointStation.Owner("沂南县-岸堤镇-东岭村", new BigDecimal("0.5")),
                new JointStation.Owner("沂南县-岸堤镇-西岭村", new BigDecimal("0.5")));
        r.upsertStation(new StationEntry(ad8.station(), owners, d("2019-01-01")));
        csv.importStationList(demo);

        assertThat(r.stationEntry("YN-AD-008").orElseThrow()).isEqualTo(new StationEntry(ad8.station(), owners, d("2019-01-01")));
        assertThat(r.stations()).hasSize(60);
    }
}
