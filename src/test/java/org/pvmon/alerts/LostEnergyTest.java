package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.alerts.Fixtures.EVALUATOR;
import static org.pvmon.alerts.Fixtures.at;
import static org.pvmon.alerts.Fixtures.yinan;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvmon.money.Money;

class LostEnergyTest {

    @Test
    void lost_kwh_and_yuan_of_a_station_offline_from_9_to_13_with_peers_producing() {
        // 21.48 kWp silent after its 09:00 reading; three peers at 0.3 kW/kWp before 09:00 and 0.6 after
        List<StationInput> fleet = new ArrayList<>();
        fleet.add(yinan("YN-JH-01", "Jiehu", 21.48).power("2024-06-12T07:00", "2024-06-12T09:01", 0.55).build());
        for (String id : List.of("YN-JH-02", "YN-JH-03", "YN-JH-04")) {
            fleet.add(yinan(id, "Jiehu", 50).power("2024-06-12T07:00", "2024-06-12T09:00", 0.3)
                    .power("2024-06-12T09:00", "2024-06-12T13:00", 0.6).build());
        }

        Condition c = EVALUATOR.evaluate(at("2024-06-12T13:00"), fleet)
                .condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        assertThat(c.since()).isEqualTo(at("2024-06-12T09:00"));
        // 4 h x 0.6 kW/kWp x 21.48 kWp = 51.552 kWh -> 51.6 kWh; x 0.85 yuan/kWh = 43.86 yuan
        assertThat(c.lostKwh()).isEqualByComparingTo("51.6");
        assertThat(c.lostYuan()).isEqualTo(Money.ofYuan("43.86"));
    }

    @Test
    void a_whole_past_day_counts_the_peers_median_daily_yield() {
        // silent since 23:50 on 10 June; peers made 4.8/5.0/5.2 kWh/kWp on 11 June and 0.2 kW/kWp from 05:00 on 12 June
        List<StationInput> fleet = new ArrayList<>();
        fleet.add(yinan("YN-JH-01", "Jiehu", 10).lastReading("2024-06-10T23:50").build());
        double[] yields = {4.8, 5.0, 5.2};
        for (int i = 0; i < 3; i++) {
            fleet.add(yinan("YN-JH-0" + (i + 2), "Jiehu", 40).day("2024-06-11", yields[i])
                    .power("2024-06-12T05:00", "2024-06-12T07:00", 0.2).build());
        }

        Condition c = EVALUATOR.evaluate(at("2024-06-12T07:00"), fleet)
                .condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        // (5.0 for 11 June + 2 h x 0.2 on 12 June) kWh/kWp x 10 kWp = 54 kWh; the night of 10 June adds nothing
        assertThat(c.lostKwh()).isEqualByComparingTo("54.0");
        assertThat(c.lostYuan()).isEqualTo(Money.ofYuan("45.90"));
    }

    @Test
    void the_part_of_a_past_day_before_the_grid_counts_its_clear_sky_share_of_the_peers_median() {
        // silent since 12:00 on 8 June; peers made 5.0 kWh/kWp on 8-11 June and 0.2 kW/kWp from 05:00 on 12 June
        List<StationInput> fleet = new ArrayList<>();
        fleet.add(yinan("YN-JH-01", "Jiehu", 10).lastReading("2024-06-08T12:00").build());
        for (String id : List.of("YN-JH-02", "YN-JH-03", "YN-JH-04")) {
            Fixtures.Input peer = yinan(id, "Jiehu", 40).power("2024-06-12T05:00", "2024-06-12T07:00", 0.2);
            for (String day : List.of("2024-06-08", "2024-06-09", "2024-06-10", "2024-06-11")) {
                peer.day(day, 5.0);
            }
            fleet.add(peer.build());
        }

        AlertEvaluator evaluator = new AlertEvaluator(AlertRules.defaults(), Fixtures.ZONE);
        Condition c = evaluator.evaluate(at("2024-06-12T07:00"), fleet).condition("YN-JH-01", AlertType.OFFLINE)
                .orElseThrow();

        // 8 June after 12:00 is a little over half of its clear sky (solar noon is at 12:07), so about
        // (5.0 x 0.513 + 3 x 5.0 + 2 h x 0.2) kWh/kWp x 10 kWp = 179.7 kWh
        assertThat(c.lostKwh().doubleValue()).isBetween(179.0, 180.5);
        // the clear-sky spans are remembered for the next evaluations: the same figures
        assertThat(evaluator.evaluate(at("2024-06-12T07:00"), fleet).condition("YN-JH-01", AlertType.OFFLINE))
                .contains(c);
        assertThat(evaluator.evaluate(at("2024-06-12T07:01"), fleet).condition("YN-JH-01", AlertType.OFFLINE)
                .orElseThrow().lostKwh()).isEqualByComparingTo(c.lostKwh());
    }
}
