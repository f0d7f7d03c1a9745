package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetFileTest {

    private static final String HEADER = "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n";

    private static List<Station> parse(String csv) throws IOException {
        return FleetFile.parse(new StringReader(csv), "test.csv");
    }

    @Test
    void a_good_file_is_read_with_all_columns() throws IOException {
        List<Station> stations = parse(HEADER
                + "YN-JH-001,东辛庄村光伏扶贫电站,东辛庄村,界湖街道,沂南县,21.48,35.538,118.465,2017-02-07,extra,columns\n"
                + "\n"
                + "YN-AD-008,\"岸堤镇联村集中式光伏扶贫电站\",联村,岸堤镇,沂南县,125,35.695,118.288,2017-06-28\n");
        assertThat(stations).hasSize(2);
        assertThat(stations.get(0)).isEqualTo(new Station("YN-JH-001", "东辛庄村光伏扶贫电站", "东辛庄村", "界湖街道", "沂南县",
                21.48, 35.538, 118.465, LocalDate.of(2017, 2, 7)));
        assertThat(stations.get(1).capacityKwp()).isEqualTo(125);
    }

    @Test
    void a_bad_number_names_the_line_and_the_column() {
        assertThatThrownBy(() -> parse(HEADER
                + "YN-JH-001,a,b,c,d,21.48,35.5,118.4,2017-02-07\n"
                + "YN-JH-002,a,b,c,d,lots,35.5,118.4,2017-02-07\n"))
                .isInstanceOf(UserException.class)
                .hasMessage("test.csv line 3, column capacity_kwp: 'lots' is not a number");
    }

    @Test
    void bad_rows_are_reported_precisely() {
        assertThatThrownBy(() -> parse(HEADER + "YN JH 1,a,b,c,d,20,35.5,118.4,2017-02-07\n"))
                .hasMessageContaining("line 2, column id: 'YN JH 1' is not a valid station id");
        assertThatThrownBy(() -> parse(HEADER + "YN-1,a,b,c,d,20,95,118.4,2017-02-07\n"))
                .hasMessageContaining("line 2, column lat: latitude must be within -90..90");
        assertThatThrownBy(() -> parse(HEADER + "YN-1,a,b,c,d,20,35.5,118.4,2017/02/07\n"))
                .hasMessageContaining("line 2, column grid_connection_date: '2017/02/07' is not a date yyyy-MM-dd");
        assertThatThrownBy(() -> parse(HEADER + "YN-1,,b,c,d,20,35.5,118.4,2017-02-07\n"))
                .hasMessageContaining("line 2, column name: must not be empty");
        assertThatThrownBy(() -> parse(HEADER + "YN-1,a,b,c,d,20,35.5\n"))
                .hasMessageContaining("line 2: expected 9 columns, found 7");
        assertThatThrownBy(() -> parse(HEADER + "YN-1,a,b,c,d,20,35.5,118.4,2017-02-07\nYN-1,a,b,c,d,20,35.5,118.4,2017-02-07\n"))
                .hasMessageContaining("line 3, column id: duplicate station id 'YN-1'");
    }

    @Test
    void a_wrong_header_is_rejected() {
        assertThatThrownBy(() -> parse("id,name,capacity_kwp\nYN-1,a,20\n"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("line 1: the header must start with the columns id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date");
    }

    @Test
    void a_missing_file_is_a_user_error() {
        assertThatThrownBy(() -> FleetFile.read(Path.of("no/such/fleet.csv")))
                .isInstanceOf(UserException.class)
                .hasMessage("fleet file no/such/fleet.csv does not exist");
    }

    @Test
    void the_demo_fleet_is_a_plausible_yinan_county() {
        List<Station> demo = FleetFile.read(Path.of("fleets/demo-county.csv"));
        assertThat(FleetFile.readDemo()).isEqualTo(demo);
        assertThat(demo).hasSizeBetween(55, 65);
        assertThat(demo).allSatisfy(s -> {
            assertThat(s.county()).isEqualTo("沂南县");
            assertThat(s.id()).matches("YN-[A-Z]{2}-\\d{3}");
            assertThat(s.capacityKwp()).isBetween(10.0, 300.0);
            assertThat(s.gridConnectionDate().getYear()).isBetween(2016, 2017);
            assertThat(Math.hypot((s.lat() - 35.55) * 111, (s.lon() - 118.46) * 90.6)).isLessThan(25);
        });
        Map<String, List<Station>> byTownship = demo.stream().collect(Collectors.groupingBy(Station::township));
        assertThat(byTownship).hasSizeGreaterThanOrEqualTo(6);
        List<Station> anDi = byTownship.get("岸堤镇");
        assertThat(anDi).filteredOn(s -> s.capacityKwp() == 125)
                .singleElement().extracting(Station::name).isEqualTo("岸堤镇联村集中式光伏扶贫电站");
        assertThat(anDi).filteredOn(s -> s.capacityKwp() != 125).hasSize(7)
                .allSatisfy(s -> assertThat(s.capacityKwp()).isBetween(10.0, 30.0));
    }
}
