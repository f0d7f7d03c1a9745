package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.alerts.Fixtures.EVALUATOR;
import static org.pvmon.alerts.Fixtures.at;
import static org.pvmon.alerts.Fixtures.yinan;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Most of a county falling silent at the same moment is a gap in the data (a backlog not replayed yet, a broker or
 * network outage), one incident, not an OFFLINE alert per station; a station that fell silent at another moment is
 * still OFFLINE on its own.
 */
class DataGapTest {

    /** Six stations of one township that reported until 23:45 the night before. */
    private static List<StationInput> silentSinceMidnight(int n) {
        List<StationInput> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(yinan("YN-JH-0" + i, "Jiehu", 20).power("2024-06-11T20:00", "2024-06-11T23:46", 0.0).build());
        }
        return out;
    }

    @Test
    void a_county_silent_since_the_same_moment_is_one_gap_and_no_offline_alerts() {
        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T10:00"), silentSinceMidnight(6));

        assertThat(e.conditions()).noneMatch(c -> c.type() == AlertType.OFFLINE);
        assertThat(e.gaps()).hasSize(1);
        DataGap g = e.gaps().get(0);
        assertThat(g.area()).isEqualTo("county Yinan");
        assertThat(g.since()).isEqualTo(at("2024-06-11T23:45"));
        assertThat(g.stations()).containsExactly("YN-JH-01", "YN-JH-02", "YN-JH-03", "YN-JH-04", "YN-JH-05", "YN-JH-06");
        assertThat(e.recovered("YN-JH-01", AlertType.OFFLINE)).as("silent: no recovery either").isFalse();
    }

    @Test
    void a_real_outage_inside_a_gap_stays_offline_since_its_own_silence() {
        List<StationInput> fleet = silentSinceMidnight(6);
        fleet.add(yinan("YN-JH-07", "Jiehu", 20).power("2024-06-11T09:00", "2024-06-11T15:01", 0.6).build()); // dead since 15:00

        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T10:00"), fleet);

        assertThat(e.conditions()).extracting(Condition::stationId).containsExactly("YN-JH-07");
        Condition c = e.condition("YN-JH-07", AlertType.OFFLINE).orElseThrow();
        assertThat(c.since()).isEqualTo(at("2024-06-11T15:00"));
        assertThat(e.gaps()).singleElement().satisfies(g -> assertThat(g.stations()).hasSize(6).doesNotContain("YN-JH-07"));
    }

    @Test
    void two_stations_of_six_silent_at_once_are_two_offline_stations() {
        List<StationInput> fleet = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Fixtures.Input s = yinan("YN-JH-0" + i, "Jiehu", 20);
            fleet.add((i <= 2 ? s.power("2024-06-12T06:00", "2024-06-12T08:01", 0.3) : s.power("2024-06-12T06:00", "2024-06-12T10:00", 0.6))
                    .build());
        }

        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T10:00"), fleet);

        assertThat(e.gaps()).isEmpty();
        assertThat(e.conditions()).filteredOn(c -> c.type() == AlertType.OFFLINE).extracting(Condition::stationId)
                .containsExactly("YN-JH-01", "YN-JH-02");
    }
}
