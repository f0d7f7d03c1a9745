package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.alerts.Fixtures.EVALUATOR;
import static org.pvmon.alerts.Fixtures.at;
import static org.pvmon.alerts.Fixtures.station;
import static org.pvmon.alerts.Fixtures.yinan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvmon.money.Money;

class IdleTest {

    /** Three Jiehu peers producing 0.6 kW/kWp from 06:00 until {@code until}. */
    private static List<StationInput> withPeers(String until, double kwPerKwp, Fixtures.Input station) {
        List<StationInput> fleet = new ArrayList<>();
        fleet.add(station.build());
        fleet.add(yinan("YN-JH-02", "Jiehu", 30).power("2024-06-12T06:00", until, kwPerKwp).build());
        fleet.add(yinan("YN-JH-03", "Jiehu", 100).power("2024-06-12T06:00", until, kwPerKwp).build());
        fleet.add(yinan("YN-JH-04", "Jiehu", 11.4).power("2024-06-12T06:00", until, kwPerKwp).build());
        return fleet;
    }

    @Test
    void idle_when_zero_power_at_noon_while_township_peers_produce() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20).power("2024-06-12T06:00", "2024-06-12T10:00", 0.6)
                .power("2024-06-12T10:00", "2024-06-12T12:00", 0.0).state("fault");

        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T12:00"), withPeers("2024-06-12T12:00", 0.6, s));

        Condition c = e.condition("YN-JH-01", AlertType.IDLE).orElseThrow();
        assertThat(c.since()).isEqualTo(at("2024-06-12T10:00"));
        // 2 h x 0.6 kW/kWp (peer median) x 20 kWp = 24 kWh; x 0.85 yuan/kWh = 20.40 yuan
        assertThat(c.lostKwh()).isEqualByComparingTo("24.0");
        assertThat(c.lostYuan()).isEqualTo(Money.ofYuan("20.40"));
        assertThat(c.detail()).contains("since 2024-06-12 10:00").contains("3 peers (township Jiehu) produced for 2 h 00 min")
                .contains("inverter state fault");
        assertThat(e.conditions()).hasSize(1);
    }

    @Test
    void not_idle_when_the_peers_also_report_near_zero_because_that_is_weather() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20).power("2024-06-12T06:00", "2024-06-12T12:00", 0.0);

        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T12:00"), withPeers("2024-06-12T12:00", 0.004, s));

        assertThat(e.conditions()).isEmpty();
        assertThat(e.recovered("YN-JH-01", AlertType.IDLE)).isFalse();
    }

    @Test
    void not_idle_before_thirty_minutes_of_expected_output() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20).power("2024-06-12T06:00", "2024-06-12T11:45", 0.6)
                .power("2024-06-12T11:45", "2024-06-12T12:20", 0.0);

        Evaluation at1205 = EVALUATOR.evaluate(at("2024-06-12T12:05"), withPeers("2024-06-12T12:05", 0.6, s));
        Evaluation at1216 = EVALUATOR.evaluate(at("2024-06-12T12:16"), withPeers("2024-06-12T12:16", 0.6, s));

        assertThat(at1205.conditions()).isEmpty();
        assertThat(at1216.condition("YN-JH-01", AlertType.IDLE).orElseThrow().since()).isEqualTo(at("2024-06-12T11:45"));
    }

    @Test
    void one_spike_does_not_end_an_idle_stretch_but_three_readings_of_output_do() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20).power("2024-06-12T06:00", "2024-06-12T10:00", 0.6)
                .power("2024-06-12T10:00", "2024-06-12T12:00", 0.0).reading("2024-06-12T12:00", 0.5)
                .power("2024-06-12T12:01", "2024-06-12T12:10", 0.0);

        Evaluation afterSpike = EVALUATOR.evaluate(at("2024-06-12T12:10"), withPeers("2024-06-12T12:10", 0.6, s));
        s.power("2024-06-12T12:10", "2024-06-12T12:13", 0.5);
        Evaluation afterThree = EVALUATOR.evaluate(at("2024-06-12T12:13"), withPeers("2024-06-12T12:13", 0.6, s));

        assertThat(afterSpike.condition("YN-JH-01", AlertType.IDLE).orElseThrow().since())
                .isEqualTo(at("2024-06-12T10:00"));
        assertThat(afterThree.conditions()).isEmpty();
        assertThat(afterThree.recovered("YN-JH-01", AlertType.IDLE)).isTrue();
    }

    @Test
    void an_idle_station_stays_idle_overnight_and_clears_only_when_it_produces() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20).power("2024-06-12T06:00", "2024-06-12T10:00", 0.6)
                .power("2024-06-12T10:00", "2024-06-12T23:00", 0.0);

        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T23:00"), withPeers("2024-06-12T19:00", 0.6, s));

        assertThat(e.condition("YN-JH-01", AlertType.IDLE).orElseThrow().since()).isEqualTo(at("2024-06-12T10:00"));
    }

    @Test
    void a_station_without_peers_is_judged_against_the_clear_sky_in_daylight_only() {
        Fixtures.Input noon = new Fixtures.Input(station("MY-01", "Mengyin", "Jiaoshan", 50))
                .power("2024-06-12T10:00", "2024-06-12T11:00", 0.0);
        Fixtures.Input night = new Fixtures.Input(station("MY-01", "Mengyin", "Jiaoshan", 50))
                .power("2024-06-12T20:00", "2024-06-12T23:00", 0.0);

        Condition c = EVALUATOR.evaluate(at("2024-06-12T11:00"), List.of(noon.build()))
                .condition("MY-01", AlertType.IDLE).orElseThrow();
        Evaluation atNight = EVALUATOR.evaluate(at("2024-06-12T23:00"), List.of(night.build()));

        assertThat(c.detail()).contains("clear sky promised output for 1 h 00 min (no reporting peer)");
        // clear sky over 10:00-11:00 is about 0.78 kWh/kWp; weather unknown, a typical day gives 0.55 of it (not the
        // clear-sky upper bound, which would count 1.8 typical days for each day of a long silence)
        assertThat(c.lostKwh()).isBetween(new BigDecimal("19.0"), new BigDecimal("23.5"));
        assertThat(atNight.conditions()).isEmpty();
    }

    @Test
    void a_silent_station_is_offline_not_idle() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20).power("2024-06-12T06:00", "2024-06-12T10:00", 0.6)
                .power("2024-06-12T10:00", "2024-06-12T11:00", 0.0);

        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T11:30"), withPeers("2024-06-12T11:30", 0.6, s));

        assertThat(e.conditions()).extracting(Condition::type).containsExactly(AlertType.OFFLINE);
        assertThat(e.recovered("YN-JH-01", AlertType.IDLE)).isFalse();
    }
}
