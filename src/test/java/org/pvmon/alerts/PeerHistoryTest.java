package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvmon.alerts.Fixtures.station;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.Station;

/** The peers' medians of days before the rules' own, per county: what a long silence is valued at. */
class PeerHistoryTest {
    private static final LocalDate D1 = LocalDate.parse("2024-05-01");
    /** Jiehu: 3 stations; Sunzu: 2; all 10 kWp. */
    private static final List<Station> YINAN = List.of(station("JH-1", "Yinan", "Jiehu", 10), station("JH-2", "Yinan", "Jiehu", 10),
            station("JH-3", "Yinan", "Jiehu", 10), station("SZ-1", "Yinan", "Sunzu", 10), station("SZ-2", "Yinan", "Sunzu", 10));

    /** Per station, its kWh/kWp on D1, D1+1, ... (NaN: nothing stored; negative: a day with a counter reset). */
    private static Map<String, DayEnergy[]> stored(double[]... perStation) {
        Map<String, DayEnergy[]> out = new HashMap<>();
        for (int i = 0; i < perStation.length; i++) {
            DayEnergy[] days = new DayEnergy[perStation[i].length];
            for (int k = 0; k < days.length; k++) {
                double v = perStation[i][k];
                if (Double.isNaN(v)) continue;
                days[k] = new DayEnergy(D1.plusDays(k), BigDecimal.valueOf(Math.abs(v) * 10).setScale(3), true, false, 1440,
                        v < 0 ? 1 : 0, 0, Duration.ofMinutes(1), List.of());
            }
            out.put(YINAN.get(i).id(), days);
        }
        return out;
    }

    private static final double NA = Double.NaN;

    @Test
    void a_township_with_min_peers_days_gives_its_median_else_the_county_gives_its() {
        // day 1: Jiehu 4, 5, 6; Sunzu 1, 2. Day 2: Jiehu 4, (nothing), (a reset); Sunzu 1, 2
        Map<String, DayEnergy[]> days = stored(new double[] {4, 4}, new double[] {5, NA}, new double[] {6, -6},
                new double[] {1, 1}, new double[] {2, 2});
        PeerHistory h = PeerHistory.of(List.of(PeerHistory.County.of(YINAN, D1, D1.plusDays(1), days)));

        assertThat(h.median(YINAN.get(0), D1, 3)).isEqualTo(5.0);
        assertThat(h.median(YINAN.get(3), D1, 3)).as("Sunzu has 2 < 3: the county's 1, 2, 4, 5, 6").isEqualTo(4.0);
        assertThat(h.median(YINAN.get(0), D1.plusDays(1), 3)).as("Jiehu has one usable day: the county's 1, 2, 4").isEqualTo(2.0);
        assertThat(h.median(YINAN.get(3), D1, 2)).isEqualTo(1.5);
        assertThat(h.median(YINAN.get(0), D1.plusDays(2), 3)).as("not a day it holds").isNaN();
        assertThat(h.median(station("MY-1", "Mengyin", "Jiaoshan", 10), D1, 3)).as("another county").isNaN();
    }

    @Test
    void days_read_in_two_parts_and_joined_give_what_one_read_gives() {
        Map<String, DayEnergy[]> days = stored(new double[] {4, 4, 3}, new double[] {5, NA, 3.5}, new double[] {6, -6, 2},
                new double[] {1, 1, NA}, new double[] {2, 2, 2.5});
        Map<String, DayEnergy[]> last = new HashMap<>();
        days.forEach((id, d) -> last.put(id, new DayEnergy[] {d[2]}));
        PeerHistory.County whole = PeerHistory.County.of(YINAN, D1, D1.plusDays(2), days);
        PeerHistory.County joined = PeerHistory.County.joined(PeerHistory.County.of(YINAN, D1, D1.plusDays(1), days),
                PeerHistory.County.of(YINAN, D1.plusDays(2), D1.plusDays(2), last));

        for (Station s : YINAN) {
            for (int k = 0; k < 3; k++) {
                double a = PeerHistory.of(List.of(whole)).median(s, D1.plusDays(k), 3);
                assertThat(PeerHistory.of(List.of(joined)).median(s, D1.plusDays(k), 3)).isEqualTo(a);
            }
        }
        assertThat(joined.to()).isEqualTo(D1.plusDays(2));
        assertThat(joined.complete()).isTrue();
        assertThatThrownBy(() -> PeerHistory.County.joined(whole, whole)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_day_no_station_of_the_county_has_makes_the_county_incomplete() {
        Map<String, DayEnergy[]> days = stored(new double[] {4, NA}, new double[] {5, NA}, new double[] {6, NA},
                new double[] {1, NA}, new double[] {2, NA});

        PeerHistory.County c = PeerHistory.County.of(YINAN, D1, D1.plusDays(1), days);

        assertThat(c.complete()).isFalse();
        assertThat(PeerHistory.of(List.of(c)).median(YINAN.get(0), D1.plusDays(1), 3)).isNaN();
    }
}
