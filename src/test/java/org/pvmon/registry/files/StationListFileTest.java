package org.pvmon.registry.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.Registry;
import org.pvmon.registry.RegistryException;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.statements.PlanBook;

/**
 * The service's station list file ({@code stations.file}, English headers), read by the same sheet reader as every
 * registry file: a good file seeds the registry; a bad one is refused whole with every row/column problem and writes
 * nothing.
 */
class StationListFileTest {
    private static final String HEADER = "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n";

    @TempDir
    Path dir;
    private Registry registry;
    private RegistryCsv files;

    @BeforeEach
    void open() {
        registry = Registry.openSqlite(dir.resolve("registry.db"));
        files = new RegistryCsv(registry, new ReceiptBook(registry.database()), new PlanBook(registry.database()));
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("stations.csv"), content, StandardCharsets.UTF_8);
    }

    private StationDirectory load(Path f) {
        files.importStationList(f);
        return registry.directory();
    }

    @Test
    void a_good_file_with_a_bom_and_chinese_names_is_loaded_in_file_order() throws IOException {
        Path f = write("\uFEFF" + HEADER
                + "YN-JZ-001,大寨村光伏扶贫电站,大寨村,景谷镇,景谷县,60,23.50,100.70,2016-06-30\n"
                + "YN-JZ-002,\"新寨村光伏扶贫电站, 二期\",新寨村,景谷镇,景谷县,125.5,23.51,100.71,2017-05-20\n");

        assertThat(files.importStationList(f)).isEqualTo(2);
        StationDirectory d = registry.directory();

        assertThat(d.all()).extracting(Station::id).containsExactly("YN-JZ-001", "YN-JZ-002");
        assertThat(d.find("YN-JZ-001")).contains(new Station("YN-JZ-001", "大寨村光伏扶贫电站", "大寨村", "景谷镇", "景谷县",
                60, 23.50, 100.70, LocalDate.of(2016, 6, 30)));
        assertThat(d.find("YN-JZ-002").orElseThrow().name()).isEqualTo("新寨村光伏扶贫电站, 二期");
        assertThat(d.find("YN-JZ-002").orElseThrow().capacityKwp()).isEqualTo(125.5);
    }

    @Test
    void columns_may_come_in_any_order_extra_columns_are_ignored_and_values_are_trimmed() throws IOException {
        Path f = write("name,id,remark,capacity_kwp,lat,lon,grid_connection_date,county,township,village\n"
                + "大寨村电站, YN-JZ-001 ,备注,60,23.5,100.7,2016-06-30,景谷县,景谷镇,大寨村\n"
                + "\n");

        Station s = load(f).find("YN-JZ-001").orElseThrow();

        assertThat(s.name()).isEqualTo("大寨村电站");
        assertThat(s.village()).isEqualTo("大寨村");
        assertThat(s.county()).isEqualTo("景谷县");
        assertThat(s.capacityKwp()).isEqualTo(60);
    }

    @Test
    void an_unknown_id_is_not_found() throws IOException {
        Path f = write(HEADER + "YN-JZ-001,a,b,c,d,60,23.5,100.7,2016-06-30\n");

        assertThat(load(f).find("YN-JZ-999")).isEmpty();
    }

    @Test
    void a_bad_file_is_rejected_whole_with_every_row_and_column_problem_listed() throws IOException {
        Path f = write(HEADER
                + "YN-JZ-001,大寨村电站,大寨村,景谷镇,景谷县,60,23.5,100.7,2016-06-30\n"  // row 2: good
                + "YN-JZ-002,新寨村电站,新寨村,景谷镇,景谷县,abc,23.5,100.7,2016-06-30\n" // row 3: capacity
                + "YN-JZ-001,重复电站,重复村,景谷镇,景谷县,60,23.5,100.7,2016-06-30\n"    // row 4: duplicate id
                + "YN-JZ-004,坏日期电站,某村,景谷镇,景谷县,60,23.5,100.7,2016-13-01\n"    // row 5: date
                + "YN/JZ 5,,某村,景谷镇,景谷县,0,95,200,2016-06-30\n");                     // row 6: id, name, ranges

        RegistryException e = catchThrowableOfType(RegistryException.class, () -> files.importStationList(f));

        assertThat(e).isNotNull();
        assertThat(e.problems()).containsExactly(
                "第3行 capacity_kwp: “abc”不是数字 | row 3, column capacity_kwp: 'abc' is not a number",
                "第4行 id: 与第2行重复 | row 4, column id: duplicate of row 2",
                "第5行 grid_connection_date: “2016-13-01”不是日期（格式yyyy-MM-dd） | row 5, column grid_connection_date: '2016-13-01' is not a date (yyyy-MM-dd)",
                "第6行 id: “YN/JZ 5”应为1-64个字母、数字、_或- | row 6, column id: 'YN/JZ 5' must be 1-64 characters of A-Z a-z 0-9 _ -",
                "第6行 name: 不能为空 | row 6, column name: must not be empty",
                "第6行 capacity_kwp: 0应不小于0.1 | row 6, column capacity_kwp: 0 must be at least 0.1",
                "第6行 lat: 95应不大于54 | row 6, column lat: 95 must be at most 54",
                "第6行 lon: 200应不大于136 | row 6, column lon: 200 must be at most 136");
        assertThat(e.getMessage()).contains(f.toString()).contains("8 problem(s)");
        assertThat(registry.stations()).as("nothing written").isEmpty();
    }

    @Test
    void a_row_with_missing_trailing_values_lists_each_empty_column() throws IOException {
        Path f = write(HEADER + "YN-JZ-001,大寨村电站,大寨村,景谷镇,景谷县,60\n");

        assertThatThrownBy(() -> files.importStationList(f))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.problems()).containsExactly(
                        "第2行 lat: 不能为空 | row 2, column lat: must not be empty",
                        "第2行 lon: 不能为空 | row 2, column lon: must not be empty",
                        "第2行 grid_connection_date: 不能为空 | row 2, column grid_connection_date: must not be empty"));
    }

    @Test
    void a_not_a_number_capacity_is_rejected() throws IOException {
        Path f = write(HEADER + "YN-JZ-001,a,b,c,d,NaN,23.5,100.7,2016-06-30\n");

        assertThatThrownBy(() -> files.importStationList(f))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.problems())
                        .containsExactly("第2行 capacity_kwp: “NaN”不是数字 | row 2, column capacity_kwp: 'NaN' is not a number"));
    }

    @Test
    void a_header_without_a_required_column_is_rejected_naming_every_missing_column() throws IOException {
        Path f = write("id,name,village,township,county,capacity,lat,lon\n"
                + "YN-JZ-001,a,b,c,d,60,23.5,100.7\n");

        assertThatThrownBy(() -> files.importStationList(f))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.problems()).containsExactly("表头: 缺少列“capacity_kwp” | header: missing column 'capacity_kwp'",
                            "表头: 缺少列“grid_connection_date” | header: missing column 'grid_connection_date'");
                    assertThat(e.getMessage()).contains(f.toString()).contains("missing column 'capacity_kwp'");
                });
    }

    @Test
    void a_missing_file_is_rejected_naming_the_path() {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> files.importStationList(missing))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void a_file_saved_in_gbk_instead_of_utf8_is_rejected_as_a_station_file_problem() throws IOException {
        // Excel on a Chinese Windows saves CSV as GBK by default. Here the first rows are ASCII, so the undecodable
        // bytes are met while the rows are iterated, not while the header is read.
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 300; i++) {
            csv.append(String.format("YN-JZ-%03d,Dazhai PV,Dazhai,Jinggu,Jinggu,60,23.5,100.7,2016-06-30\n", i));
        }
        csv.append("YN-JZ-999,大寨村光伏扶贫电站,大寨村,景谷镇,景谷县,60,23.5,100.7,2016-06-30\n");
        Path f = Files.write(dir.resolve("stations-gbk.csv"), csv.toString().getBytes(Charset.forName("GBK")));

        assertThatThrownBy(() -> files.importStationList(f))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.getMessage()).contains(f.toString());
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("not UTF-8"));
                });
        assertThat(registry.stations()).as("nothing written").isEmpty();
    }

    @Test
    void a_file_with_an_unterminated_quote_is_rejected_as_a_station_file_problem() throws IOException {
        Path f = write(HEADER
                + "YN-JZ-001,大寨村电站,大寨村,景谷镇,景谷县,60,23.5,100.7,2016-06-30\n"
                + "YN-JZ-002,\"新寨村电站,新寨村,景谷镇,景谷县,60,23.5,100.7,2016-06-30\n");

        assertThatThrownBy(() -> files.importStationList(f))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(f.toString());
        assertThat(registry.stations()).as("nothing written").isEmpty();
    }
}
