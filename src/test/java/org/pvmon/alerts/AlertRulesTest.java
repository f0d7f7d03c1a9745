package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    @Test
    void defaults_are_the_documented_ones() {
        AlertRules r = AlertRules.defaults();

        assertThat(r.evaluateEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.daylightElevationDeg()).isEqualTo(10.0);
        assertThat(r.minPeers()).isEqualTo(3);
        assertThat(r.offline().timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(r.idle()).isEqualTo(new AlertRules.Idle(0.01, Duration.ofMinutes(30), 0.10, 0.20, 3));
        assertThat(r.underperforming()).isEqualTo(new AlertRules.Underperforming(0.70, 3, 1.0));
        assertThat(r.meter().days()).isEqualTo(7);
    }

    @Test
    void a_bad_threshold_fails_with_the_name_of_the_setting() {
        assertThatThrownBy(() -> new AlertRules.Underperforming(1.2, 3, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("alerts.underperforming.fraction");
        assertThatThrownBy(() -> new AlertRules.Idle(Double.NaN, Duration.ofMinutes(30), 0.1, 0.2, 3))
                .hasMessageStartingWith("alerts.idle.power-fraction");
        assertThatThrownBy(() -> new AlertRules.Offline(Duration.ofSeconds(60), 0))
                .hasMessageStartingWith("alerts.offline.missed-intervals");
    }

    @Test
    void the_same_station_twice_in_the_fleet_is_an_error() {
        StationInput s = Fixtures.yinan("YN-JH-01", "Jiehu", 20).build();

        assertThatThrownBy(() -> Fixtures.EVALUATOR.evaluate(Fixtures.at("2024-06-12T12:00"), List.of(s, s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("YN-JH-01");
    }
}
