package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.alerts.Fixtures.EVALUATOR;
import static org.pvmon.alerts.Fixtures.at;
import static org.pvmon.alerts.Fixtures.yinan;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvmon.money.Money;

class UnderperformingTest {

    private static final List<String> DAYS = List.of("2024-06-07", "2024-06-08", "2024-06-09", "2024-06-10", "2024-06-11");

    /**
     * The station (20 kWp) with the given yields (kWh/kWp) on 7-11 June and three Jiehu peers whose median is
     * {@code median} on each day (median x 1.04, median, median x 0.96).
     */
    private static Evaluation evaluate(double[] station, double[] median) {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20);
        List<Fixtures.Input> peers = List.of(yinan("YN-JH-02", "Jiehu", 30), yinan("YN-JH-03", "Jiehu", 100),
                yinan("YN-JH-04", "Jiehu", 11.4));
        for (int i = 0; i < DAYS.size(); i++) {
            s.day(DAYS.get(i), station[i]);
            peers.get(0).day(DAYS.get(i), median[i] * 1.04);
            peers.get(1).day(DAYS.get(i), median[i]);
            peers.get(2).day(DAYS.get(i), median[i] * 0.96);
        }
        List<StationInput> fleet = new ArrayList<>();
        fleet.add(s.build());
        peers.forEach(p -> fleet.add(p.build()));
        return EVALUATOR.evaluate(at("2024-06-12T09:00"), fleet);
    }

    @Test
    void underperforming_after_three_consecutive_days_below_70_percent_of_the_peer_median() {
        Evaluation e = evaluate(new double[] {5.0, 5.1, 3.0, 3.0, 3.3}, new double[] {5.0, 5.0, 5.0, 5.0, 5.5});

        Condition c = e.condition("YN-JH-01", AlertType.UNDERPERFORMING).orElseThrow();
        assertThat(c.since()).isEqualTo(at("2024-06-09T00:00"));
        // shortfall (2.0 + 2.0 + 2.2) kWh/kWp x 20 kWp = 124 kWh; x 0.85 = 105.40 yuan
        assertThat(c.lostKwh()).isEqualByComparingTo("124.0");
        assertThat(c.lostYuan()).isEqualTo(Money.ofYuan("105.40"));
        assertThat(c.detail()).startsWith("3 evaluated days below 70% of the township Jiehu median since 2024-06-09")
                .contains("2024-06-11 60% (3.30 of 5.50 kWh/kWp)");
    }

    @Test
    void not_underperforming_after_only_two_bad_days() {
        Evaluation e = evaluate(new double[] {5.0, 5.1, 4.0, 3.0, 3.0}, new double[] {5.0, 5.0, 5.0, 5.0, 5.0});

        assertThat(e.conditions()).isEmpty();
        assertThat(e.recovered("YN-JH-01", AlertType.UNDERPERFORMING)).isFalse();
    }

    @Test
    void low_energy_days_are_skipped_without_breaking_the_run() {
        // 10 June rained: peer median 0.6 kWh/kWp, the station's 0.1 says nothing
        Evaluation e = evaluate(new double[] {5.0, 2.5, 3.0, 0.1, 3.0}, new double[] {5.0, 5.0, 5.0, 0.6, 5.0});

        Condition c = e.condition("YN-JH-01", AlertType.UNDERPERFORMING).orElseThrow();
        assertThat(c.since()).isEqualTo(at("2024-06-08T00:00"));
        assertThat(c.lostKwh()).isEqualByComparingTo("130.0"); // (2.5 + 2.0 + 2.0) x 20, the rainy day not counted
    }

    @Test
    void one_normal_day_is_a_recovery() {
        Evaluation e = evaluate(new double[] {3.0, 3.0, 3.0, 3.0, 4.9}, new double[] {5.0, 5.0, 5.0, 5.0, 5.0});

        assertThat(e.conditions()).isEmpty();
        assertThat(e.recovered("YN-JH-01", AlertType.UNDERPERFORMING)).isTrue();
    }

    @Test
    void peers_come_from_the_county_when_the_township_has_fewer_than_three() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20);
        List<Fixtures.Input> peers = List.of(yinan("YN-JH-02", "Jiehu", 30), yinan("YN-AS-01", "Anshang", 50),
                yinan("YN-AS-02", "Anshang", 80));
        for (String d : DAYS.subList(2, 5)) {
            s.day(d, 2.0);
            peers.forEach(p -> p.day(d, 4.0));
        }
        List<StationInput> fleet = new ArrayList<>();
        fleet.add(s.build());
        peers.forEach(p -> fleet.add(p.build()));

        Condition c = EVALUATOR.evaluate(at("2024-06-12T09:00"), fleet)
                .condition("YN-JH-01", AlertType.UNDERPERFORMING).orElseThrow();

        assertThat(c.detail()).contains("of the county Yinan median");
    }

    @Test
    void today_is_not_evaluated_before_it_is_over() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20);
        List<Fixtures.Input> peers = List.of(yinan("YN-JH-02", "Jiehu", 30), yinan("YN-JH-03", "Jiehu", 100),
                yinan("YN-JH-04", "Jiehu", 11.4));
        for (String d : List.of("2024-06-10", "2024-06-11", "2024-06-12")) {
            s.day(d, d.equals("2024-06-12") ? 0.5 : 2.0);
            peers.forEach(p -> p.day(d, 5.0));
        }
        List<StationInput> fleet = new ArrayList<>();
        fleet.add(s.build());
        peers.forEach(p -> fleet.add(p.build()));

        assertThat(EVALUATOR.evaluate(at("2024-06-12T15:00"), fleet).conditions()).isEmpty();
    }
}
