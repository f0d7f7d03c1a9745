package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.alerts.Fixtures.EVALUATOR;
import static org.pvmon.alerts.Fixtures.at;
import static org.pvmon.alerts.Fixtures.yinan;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineTest {

    private static Evaluation evaluate(String now, Fixtures.Input station) {
        return EVALUATOR.evaluate(at(now), List.of(station.build()));
    }

    @Test
    void no_offline_at_night_even_when_silent_for_hours() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48).power("2024-06-12T18:30", "2024-06-12T19:31", 0.0);

        Evaluation at22 = evaluate("2024-06-12T22:00", s);
        Evaluation at04 = evaluate("2024-06-13T04:30", s);

        assertThat(at22.conditions()).isEmpty();
        assertThat(at04.conditions()).isEmpty();
        assertThat(at22.recovered("YN-JH-01", AlertType.OFFLINE)).isFalse();
    }

    @Test
    void offline_at_11_after_three_missed_reporting_intervals() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48).power("2024-06-12T10:00", "2024-06-12T10:57", 0.7);

        Evaluation at1058 = evaluate("2024-06-12T10:58", s);
        Evaluation at1100 = evaluate("2024-06-12T11:00", s);

        assertThat(at1058.condition("YN-JH-01", AlertType.OFFLINE)).isEmpty();
        assertThat(at1058.recovered("YN-JH-01", AlertType.OFFLINE)).isTrue();
        Condition c = at1100.condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();
        assertThat(c.since()).isEqualTo(at("2024-06-12T10:56"));
        assertThat(c.detail()).contains("no reading since 2024-06-12 10:56 (4 min; timeout 3 min)");
    }

    @Test
    void offline_at_once_from_the_logger_last_will() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48).power("2024-06-12T10:00", "2024-06-12T10:31", 0.7)
                .will("2024-06-12T10:30:45");

        Condition c = evaluate("2024-06-12T10:31", s).condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        assertThat(c.since()).isEqualTo(at("2024-06-12T10:30"));
        assertThat(c.detail()).contains("(last will) at 2024-06-12 10:30").contains("last reading 2024-06-12 10:30");
    }

    @Test
    void a_last_will_older_than_the_newest_reading_is_stale() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48).will("2024-06-12T07:00")
                .power("2024-06-12T07:05", "2024-06-12T10:31", 0.7);

        Evaluation e = evaluate("2024-06-12T10:31", s);

        assertThat(e.conditions()).isEmpty();
        assertThat(e.recovered("YN-JH-01", AlertType.OFFLINE)).isTrue();
    }

    @Test
    void a_station_silent_since_the_afternoon_stays_offline_through_the_night() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48).power("2024-06-12T14:00", "2024-06-12T15:01", 0.5);

        for (String now : List.of("2024-06-12T15:10", "2024-06-12T22:00", "2024-06-13T03:00", "2024-06-13T09:00")) {
            Evaluation e = evaluate(now, s);
            assertThat(e.condition("YN-JH-01", AlertType.OFFLINE)).as(now)
                    .hasValueSatisfying(c -> assertThat(c.since()).isEqualTo(at("2024-06-12T15:00")));
        }
    }

    @Test
    void a_station_silent_since_dusk_is_offline_only_once_the_sun_is_up_next_morning() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48).power("2024-06-12T18:30", "2024-06-12T19:31", 0.0);

        Evaluation at0530 = evaluate("2024-06-13T05:30", s); // sun at about 6 degrees
        Evaluation at0700 = evaluate("2024-06-13T07:00", s); // sun at about 24 degrees

        assertThat(at0530.conditions()).isEmpty();
        assertThat(at0700.condition("YN-JH-01", AlertType.OFFLINE).orElseThrow().since())
                .isEqualTo(at("2024-06-12T19:30"));
    }

    @Test
    void a_station_known_only_by_its_last_reading_time_is_offline_too() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48).lastReading("2024-05-01T12:00").state("fault");

        Condition c = evaluate("2024-06-12T22:00", s).condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        assertThat(c.since()).isEqualTo(at("2024-05-01T12:00"));
        assertThat(c.detail()).contains("last inverter state fault");
    }

    @Test
    void a_station_that_never_reported_raises_nothing_and_has_not_recovered() {
        Evaluation e = evaluate("2024-06-12T11:00", yinan("YN-JH-01", "Jiehu", 21.48));

        assertThat(e.conditions()).isEmpty();
        assertThat(e.recovered("YN-JH-01", AlertType.OFFLINE)).isFalse();
    }

    @Test
    void a_logger_reporting_every_5_minutes_is_judged_by_its_own_interval() {
        Fixtures.Input s = yinan("YN-JH-01", "Jiehu", 21.48);
        for (int m = 0; m <= 55; m += 5) s.reading(String.format("2024-06-12T10:%02d", m), 0.7);

        Evaluation at1104 = evaluate("2024-06-12T11:04", s); // 9 min after 10:55: two 5-minute readings missed
        Evaluation at1111 = evaluate("2024-06-12T11:11", s); // 16 min: three missed

        assertThat(at1104.condition("YN-JH-01", AlertType.OFFLINE)).isEmpty();
        assertThat(at1104.recovered("YN-JH-01", AlertType.OFFLINE)).isTrue();
        Condition c = at1111.condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();
        assertThat(c.since()).isEqualTo(at("2024-06-12T10:55"));
        assertThat(c.detail()).contains("timeout 15 min");
    }
}
