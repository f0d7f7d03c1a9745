package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.pvmon.alerts.Fixtures.EVALUATOR;
import static org.pvmon.alerts.Fixtures.at;
import static org.pvmon.alerts.Fixtures.station;
import static org.pvmon.alerts.Fixtures.yinan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvmon.money.Money;
import org.pvmon.station.Station;

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

    /** A station silent since 21:00 on 2 June (after dark), at 20:00 on 12 June (after dark): a 10-day silence. */
    private static final String SILENT_SINCE = "2024-06-02T21:00";
    private static final String NOW = "2024-06-12T20:00";

    /** Three Jiehu peers of 40 kWp that report power on 12 June: nothing until 07:00, 0.5 kW/kWp to 17:00, nothing after. */
    private static List<Fixtures.Input> producingPeers() {
        List<Fixtures.Input> peers = new ArrayList<>();
        for (String id : List.of("YN-JH-02", "YN-JH-03", "YN-JH-04")) {
            peers.add(yinan(id, "Jiehu", 40).power("2024-06-12T00:00", "2024-06-12T07:00", 0.0)
                    .power("2024-06-12T07:00", "2024-06-12T17:00", 0.5).power("2024-06-12T17:00", NOW, 0.0));
        }
        return peers;
    }

    @Test
    void a_station_silent_for_10_days_loses_10_days_of_its_peers_yield_not_one() {
        // the peers made 4.6, 5.0 and 5.4 kWh/kWp every day of the silence, but 1.0 on rainy 4 June; the rules' inputs
        // carry their days from 10 June on, the days before come from the stored days (the history)
        List<Fixtures.Input> peers = peersWithDays();
        Fixtures.Input silent = yinan("YN-JH-01", "Jiehu", 20).lastReading(SILENT_SINCE);
        List<StationInput> fleet = new ArrayList<>(List.of(silent.build()));
        peers.forEach(p -> fleet.add(p.buildFrom("2024-06-10")));
        List<Fixtures.Input> county = new ArrayList<>(peers);
        county.add(silent);

        Condition c = EVALUATOR.evaluate(at(NOW), fleet, Fixtures.history("2024-05-30", "2024-06-09", county))
                .condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        // 3-11 June: 8 x 5.0 + 1.0 (4 June); 12 June: 10 h x 0.5 = 5.0; the night of 2 June adds nothing:
        // 46 kWh/kWp x 20 kWp = 920 kWh; x 0.85 yuan/kWh = 782 yuan (the peers' one day and today were 200 kWh)
        assertThat(c.lostKwh()).isEqualByComparingTo("920.0");
        assertThat(c.lostYuan()).isEqualTo(Money.ofYuan("782.00"));
    }

    @Test
    void the_peers_days_count_the_same_whether_the_inputs_or_the_history_carry_them() {
        List<Fixtures.Input> peers = peersWithDays();
        Fixtures.Input silent = yinan("YN-JH-01", "Jiehu", 20).lastReading(SILENT_SINCE);
        List<Fixtures.Input> county = new ArrayList<>(peers);
        county.add(silent);
        List<StationInput> all = new ArrayList<>(List.of(silent.build()));
        peers.forEach(p -> all.add(p.build()));
        List<StationInput> recent = new ArrayList<>(List.of(silent.build()));
        peers.forEach(p -> recent.add(p.buildFrom("2024-06-11")));

        Condition fromInputs = EVALUATOR.evaluate(at(NOW), all).condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();
        Condition fromHistory = EVALUATOR.evaluate(at(NOW), recent, Fixtures.history("2024-06-01", "2024-06-10", county))
                .condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        assertThat(fromInputs.lostKwh()).isEqualByComparingTo("920.0");
        assertThat(fromHistory.lostKwh()).isEqualByComparingTo(fromInputs.lostKwh());
    }

    @Test
    void a_township_with_too_few_peers_with_data_takes_the_county_median_from_the_history_too() {
        // only 2 of Jiehu's stations have stored days, fewer than min-peers (3): the county's 5 stations with days count
        List<Fixtures.Input> stations = new ArrayList<>();
        stations.add(yinan("YN-JH-02", "Jiehu", 40).days("2024-06-02", "2024-06-11", 6.0));
        stations.add(yinan("YN-JH-03", "Jiehu", 40).days("2024-06-02", "2024-06-11", 6.0));
        for (String id : List.of("YN-SL-01", "YN-SL-02", "YN-SL-03")) {
            stations.add(yinan(id, "Sunzu", 40).days("2024-06-02", "2024-06-11", 3.0));
        }
        Fixtures.Input silent = yinan("YN-JH-01", "Jiehu", 20).lastReading(SILENT_SINCE);
        stations.add(silent);
        List<StationInput> fleet = stations.stream().map(i -> i.buildFrom("2024-06-12")).toList();

        Condition c = EVALUATOR.evaluate(at(NOW), fleet, Fixtures.history("2024-06-02", "2024-06-11", stations))
                .condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        // 3-11 June: the county's median of 6, 6, 3, 3, 3 = 3.0 a day, 9 days = 27 kWh/kWp; 12 June until 20:00: no
        // peer reports power, so the clear sky x 0.55 (about 3.6 kWh/kWp)
        double today = 0.55 * clearSky(silent.build().station(), "2024-06-12T00:00", NOW);
        assertThat(c.lostKwh().doubleValue()).isCloseTo((27 + today) * 20, withinPercentage(0.5));
    }

    /** {@link #producingPeers} with their days of 2-11 June: 4.6, 5.0 and 5.4 kWh/kWp, 1.0 on rainy 4 June. */
    private static List<Fixtures.Input> peersWithDays() {
        List<Fixtures.Input> peers = producingPeers();
        double[] usual = {4.6, 5.0, 5.4};
        for (int i = 0; i < 3; i++) {
            peers.get(i).days("2024-06-02", "2024-06-03", usual[i]).day("2024-06-04", 1.0)
                    .days("2024-06-05", "2024-06-11", usual[i]);
        }
        return peers;
    }

    @Test
    void a_silence_without_peer_days_counts_the_clear_sky_times_the_weather_ratio_even_when_peers_report_power() {
        // the peers report power today and have yesterday's energy (4.6, 5.0, 5.4 kWh/kWp), nothing stored before
        List<Fixtures.Input> peers = producingPeers();
        double[] yesterday = {4.6, 5.0, 5.4};
        for (int i = 0; i < 3; i++) peers.get(i).day("2024-06-11", yesterday[i]);
        Fixtures.Input silent = yinan("YN-JH-01", "Jiehu", 20).lastReading(SILENT_SINCE);
        List<StationInput> fleet = new ArrayList<>(List.of(silent.build()));
        peers.forEach(p -> fleet.add(p.build()));

        Condition c = EVALUATOR.evaluate(at(NOW), fleet).condition("YN-JH-01", AlertType.OFFLINE).orElseThrow();

        // 3-10 June: no peer data, so the clear sky at the station x 0.55 each (about 3.6 kWh/kWp in June);
        // 11 June: the peers' median 5.0; 12 June: the peers' power, 10 h x 0.5 = 5.0; the night of 2 June adds nothing
        double perKwp = 0.55 * clearSky(silent.build().station(), "2024-06-03T00:00", "2024-06-11T00:00") + 5.0 + 5.0;
        assertThat(c.lostKwh().doubleValue()).isCloseTo(perKwp * 20, withinPercentage(1));
        assertThat(c.lostKwh().doubleValue()).as("more than the peers' one day and today (200 kWh)").isGreaterThan(700);
    }

    @Test
    void a_lone_station_silent_for_10_days_counts_the_clear_sky_times_the_weather_ratio_every_day() {
        // no other station in its county: no peer has data on any day of the silence
        Fixtures.Input lone = new Fixtures.Input(station("MY-01", "Mengyin", "Jiaoshan", 20)).lastReading(SILENT_SINCE);

        Condition c = EVALUATOR.evaluate(at(NOW), List.of(lone.build())).condition("MY-01", AlertType.OFFLINE).orElseThrow();

        // the clear sky alone (about 6.6 kWh/kWp a day in June) is what a cloudless day would give, not a typical one
        double perKwp = 0.55 * clearSky(lone.build().station(), SILENT_SINCE, NOW);
        assertThat(c.lostKwh().doubleValue()).isCloseTo(perKwp * 20, withinPercentage(1));
    }

    /** The clear-sky energy at the station over [from, to), kWh/kWp, integrated over 5-minute bins as the rules do. */
    private static double clearSky(Station s, String from, String to) {
        double sum = 0;
        for (Instant t = at(from); t.isBefore(at(to)); t = t.plusSeconds(300)) {
            sum += Sun.clearSkyKwPerKwp(s.lat(), s.lon(), t.plusSeconds(150)) * 300 / 3600.0;
        }
        return sum;
    }
}
