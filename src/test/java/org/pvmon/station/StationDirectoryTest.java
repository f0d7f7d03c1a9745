package org.pvmon.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The directory ingest, alerts and views look stations up in (the station list file: registry.files.StationListFileTest). */
class StationDirectoryTest {
    @Test
    void a_directory_built_from_a_list_finds_stations_by_id() {
        Station a = new Station("A-1", "甲", "v", "t", "c", 10, 30, 110, LocalDate.of(2016, 1, 1));
        Station b = new Station("B-2", "乙", "v", "t", "c", 20, 30, 110, null);

        StationDirectory d = new StationDirectory(List.of(a, b));

        assertThat(d.find("B-2")).contains(b);
        assertThat(d.all()).containsExactly(a, b);
    }

    @Test
    void a_replaced_directory_finds_the_new_stations_only() {
        Station a = new Station("A-1", "甲", "v", "t", "c", 10, 30, 110, LocalDate.of(2016, 1, 1));
        Station b = new Station("B-2", "乙", "v", "t", "c", 20, 30, 110, null);
        StationDirectory d = new StationDirectory(List.of(a));

        d.replace(List.of(b));

        assertThat(d.find("A-1")).isEmpty();
        assertThat(d.all()).containsExactly(b);
    }
}
