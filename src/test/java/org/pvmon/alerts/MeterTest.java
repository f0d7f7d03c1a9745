package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.alerts.Fixtures.EVALUATOR;
import static org.pvmon.alerts.Fixtures.at;
import static org.pvmon.alerts.Fixtures.yinan;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvmon.money.Money;

class MeterTest {

    @Test
    void meter_alert_from_a_day_with_a_counter_reset() {
        StationInput s = yinan("YN-JH-01", "Jiehu", 20).day("2024-06-09", 5.0).resetDay("2024-06-10", 4.0)
                .day("2024-06-11", 5.0).build();

        Condition c = EVALUATOR.evaluate(at("2024-06-12T09:00"), List.of(s))
                .condition("YN-JH-01", AlertType.METER).orElseThrow();

        assertThat(c.since()).isEqualTo(at("2024-06-10T00:00"));
        assertThat(c.detail()).startsWith("1 counter reset(s) and 0 jump(s) since 2024-06-10: meter reset at");
        assertThat(c.lostKwh()).isEqualByComparingTo("0");
        assertThat(c.lostYuan()).isEqualTo(Money.ZERO);
    }

    @Test
    void meter_alert_clears_itself_a_week_after_the_reset() {
        StationInput s = yinan("YN-JH-01", "Jiehu", 20).resetDay("2024-06-05", 4.0).day("2024-06-06", 5.0)
                .day("2024-06-11", 5.0).build();

        Evaluation sixDaysOn = EVALUATOR.evaluate(at("2024-06-11T09:00"), List.of(s));
        Evaluation sevenDaysOn = EVALUATOR.evaluate(at("2024-06-12T09:00"), List.of(s));

        assertThat(sixDaysOn.condition("YN-JH-01", AlertType.METER)).isPresent();
        assertThat(sevenDaysOn.condition("YN-JH-01", AlertType.METER)).isEmpty();
        assertThat(sevenDaysOn.recovered("YN-JH-01", AlertType.METER)).isTrue();
    }

    @Test
    void a_day_with_a_reset_is_not_counted_as_underperforming() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 20).day("2024-06-09", 2.0).resetDay("2024-06-10", 0.5)
                .day("2024-06-11", 2.0);
        List<StationInput> fleet = new java.util.ArrayList<>(List.of(s.build()));
        for (String id : List.of("YN-JH-02", "YN-JH-03", "YN-JH-04")) {
            fleet.add(yinan(id, "Jiehu", 30).day("2024-06-09", 5.0).day("2024-06-10", 5.0).day("2024-06-11", 5.0).build());
        }

        Evaluation e = EVALUATOR.evaluate(at("2024-06-12T09:00"), fleet);

        assertThat(e.conditions()).extracting(Condition::type).containsExactly(AlertType.METER);
    }
}
