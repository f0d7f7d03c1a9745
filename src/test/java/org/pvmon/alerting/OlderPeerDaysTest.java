package org.pvmon.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pvmon.alerts.AlertEvaluator;
import org.pvmon.alerts.AlertRules;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.PeerHistory;
import org.pvmon.alerts.StationInput;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.Station;

/**
 * The peers' days before the rules' 14, read from the stored days for the counties with a longer silence only, and
 * kept between runs (a fake store that counts what is read).
 */
class OlderPeerDaysTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = at("2024-06-12T12:00");
    /** The rules' first day at NOW (14 days up to today). */
    private static final LocalDate FIRST = LocalDate.parse("2024-05-30");

    /** A read of the store: which stations, which days. */
    private record Read(List<String> stations, LocalDate from, LocalDate to) {
    }

    /** A store in which every station made {@code kwhPerKwp} on every day; it records each read. */
    private static final class Store implements OlderPeerDays.Source {
        final List<Read> reads = new ArrayList<>();
        final AtomicLong nanos = new AtomicLong();
        long nanosPerRead;
        double kwhPerKwp = 5.0;
        LocalDate nothingStoredOn;

        @Override
        public Map<String, DayEnergy[]> stored(List<Station> stations, LocalDate from, LocalDate to) {
            reads.add(new Read(stations.stream().map(Station::id).toList(), from, to));
            nanos.addAndGet(nanosPerRead);
            Map<String, DayEnergy[]> out = new java.util.HashMap<>();
            int n = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
            for (Station s : stations) {
                DayEnergy[] days = new DayEnergy[n];
                for (int k = 0; k < n; k++) {
                    LocalDate d = from.plusDays(k);
                    if (d.equals(nothingStoredOn)) continue;
                    BigDecimal kwh = BigDecimal.valueOf(kwhPerKwp * s.capacityKwp()).setScale(3);
                    days[k] = new DayEnergy(d, kwh, true, false, 1440, 0, 0, Duration.ofMinutes(1), List.of());
                }
                out.put(s.id(), days);
            }
            return out;
        }
    }

    private final Store store = new Store();
    private final OlderPeerDays older = new OlderPeerDays(store, ZONE, store.nanos::get);

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant();
    }

    private static StationInput station(String id, String county, String township, String lastReading) {
        Station s = new Station(id, id, "village " + id, township, county, 20, 35.55, 118.46, LocalDate.of(2017, 6, 30));
        return new StationInput(s, new BigDecimal("0.85"), lastReading == null ? null : at(lastReading), null, null,
                List.of(), List.of());
    }

    /** Yinan: YN-1 silent since 20 May, YN-2..4 reporting; Mengyin: MY-1 silent since 9 June (inside the 14 days). */
    private static List<StationInput> fleet() {
        return List.of(station("YN-1", "Yinan", "Jiehu", "2024-05-20T21:00"),
                station("YN-2", "Yinan", "Jiehu", "2024-06-12T11:59"), station("YN-3", "Yinan", "Jiehu", "2024-06-12T11:59"),
                station("YN-4", "Yinan", "Sunzu", "2024-06-12T11:59"),
                station("MY-1", "Mengyin", "Jiaoshan", "2024-06-09T21:00"), station("MY-2", "Mengyin", "Jiaoshan", "2024-06-12T11:59"));
    }

    @Test
    void only_counties_with_a_station_silent_since_before_the_rules_days_are_read_from_its_silence_on() {
        older.at(NOW, FIRST, fleet());

        assertThat(store.reads).containsExactly(new Read(List.of("YN-1", "YN-2", "YN-3", "YN-4"),
                LocalDate.parse("2024-05-20"), LocalDate.parse("2024-05-29")));
    }

    @Test
    void a_county_read_once_is_kept_and_at_midnight_only_the_new_day_is_read() {
        older.at(NOW, FIRST, fleet());
        older.at(NOW.plus(Duration.ofHours(11)), FIRST, fleet());
        assertThat(store.reads).hasSize(1);

        older.at(at("2024-06-13T00:01"), FIRST.plusDays(1), fleet());

        assertThat(store.reads).hasSize(2);
        assertThat(store.reads.get(1)).isEqualTo(new Read(List.of("YN-1", "YN-2", "YN-3", "YN-4"),
                LocalDate.parse("2024-05-30"), LocalDate.parse("2024-05-30")));
    }

    @Test
    void an_older_silence_in_the_county_reads_only_the_days_before_those_kept() {
        older.at(NOW, FIRST, fleet());
        List<StationInput> olderSilence = new ArrayList<>(fleet());
        olderSilence.set(0, station("YN-1", "Yinan", "Jiehu", "2024-04-01T08:00")); // e.g. its last reading corrected

        older.at(NOW.plusSeconds(60), FIRST, olderSilence);

        assertThat(store.reads.get(1)).isEqualTo(new Read(List.of("YN-1", "YN-2", "YN-3", "YN-4"),
                LocalDate.parse("2024-04-01"), LocalDate.parse("2024-05-19")));
    }

    @Test
    void a_county_whose_stations_changed_is_read_again_whole() {
        older.at(NOW, FIRST, fleet());
        List<StationInput> withNew = new ArrayList<>(fleet());
        withNew.add(station("YN-5", "Yinan", "Sunzu", "2024-06-12T11:59"));

        older.at(NOW.plusSeconds(60), FIRST, withNew);

        assertThat(store.reads.get(1)).isEqualTo(new Read(List.of("YN-1", "YN-2", "YN-3", "YN-4", "YN-5"),
                LocalDate.parse("2024-05-20"), LocalDate.parse("2024-05-29")));
    }

    @Test
    void a_silence_of_more_than_a_year_reads_the_year_before_the_rules_days() {
        List<StationInput> fleet = List.of(station("YN-1", "Yinan", "Jiehu", "2021-03-01T12:00"),
                station("YN-2", "Yinan", "Jiehu", "2024-06-12T11:59"));

        older.at(NOW, FIRST, fleet);

        assertThat(store.reads.get(0).from()).isEqualTo(FIRST.minusDays(366));
    }

    @Test
    void no_silence_older_than_the_rules_days_reads_nothing_and_forgets_what_was_kept() {
        older.at(NOW, FIRST, fleet());
        List<StationInput> recovered = fleet().stream().filter(s -> !s.station().id().equals("YN-1")).toList();

        PeerHistory history = older.at(NOW.plusSeconds(60), FIRST, recovered);
        older.at(NOW.plusSeconds(120), FIRST, fleet());

        assertThat(history).isSameAs(PeerHistory.NONE);
        assertThat(store.reads).hasSize(2); // read again once needed again
    }

    @Test
    void a_county_with_a_day_nobody_stored_is_read_again_after_6_hours() {
        store.nothingStoredOn = LocalDate.parse("2024-05-25"); // not stored yet, e.g. after a first start
        older.at(NOW, FIRST, fleet());
        older.at(NOW.plus(Duration.ofHours(5)), FIRST, fleet());
        assertThat(store.reads).hasSize(1);

        older.at(NOW.plus(Duration.ofHours(6)), FIRST, fleet());

        assertThat(store.reads).hasSize(2);
    }

    @Test
    void a_run_reads_for_about_a_second_and_leaves_the_other_counties_to_the_next_runs() {
        store.nanosPerRead = Duration.ofMillis(600).toNanos();
        List<StationInput> fleet = new ArrayList<>();
        for (String county : List.of("A", "B", "C")) {
            fleet.add(station(county + "-1", county, "T", "2024-05-01T12:00"));
            fleet.add(station(county + "-2", county, "T", "2024-06-12T11:59"));
        }

        older.at(NOW, FIRST, fleet);
        int first = store.reads.size();
        older.at(NOW.plusSeconds(60), FIRST, fleet);

        assertThat(first).isEqualTo(2); // 0.6 s, 1.2 s: stop
        assertThat(store.reads).hasSize(3);
    }

    @Test
    void a_station_silent_for_three_weeks_loses_its_peers_stored_yield_as_if_the_rules_had_those_days() {
        // YN-1 (20 kWp) silent since 21:00 on 20 May; its peers made 5.0 kWh/kWp every day (the store says so too)
        List<StationInput> fourteenDays = withDays(fleet(), FIRST);
        List<StationInput> allDays = withDays(fleet(), LocalDate.parse("2024-05-20"));
        AlertEvaluator evaluator = new AlertEvaluator(AlertRules.defaults(), ZONE);

        Condition c = evaluator.evaluate(NOW, fourteenDays, older.at(NOW, FIRST, fourteenDays))
                .condition("YN-1", AlertType.OFFLINE).orElseThrow();
        Condition reference = evaluator.evaluate(NOW, allDays).condition("YN-1", AlertType.OFFLINE).orElseThrow();

        // 21 May to 11 June: 22 days x 5.0 kWh/kWp x 20 kWp = 2,200 kWh, and this morning (no peer power: the clear sky
        // x 0.55); 21-29 May come from the store
        assertThat(c.lostKwh()).isEqualByComparingTo(reference.lostKwh());
        assertThat(c.lostKwh().doubleValue()).isBetween(2200.0, 2300.0);
    }

    /** The fleet's reporting stations with 5.0 kWh/kWp on each day from {@code from} to yesterday. */
    private static List<StationInput> withDays(List<StationInput> fleet, LocalDate from) {
        List<StationInput> out = new ArrayList<>();
        for (StationInput s : fleet) {
            List<DayEnergy> days = new ArrayList<>();
            boolean reporting = s.lastReadingTime().isAfter(NOW.minus(Duration.ofHours(1)));
            for (LocalDate d = from; reporting && d.isBefore(LocalDate.parse("2024-06-12")); d = d.plusDays(1)) {
                days.add(new DayEnergy(d, BigDecimal.valueOf(5.0 * s.station().capacityKwp()).setScale(3), true, false,
                        1440, 0, 0, Duration.ofMinutes(1), List.of()));
            }
            out.add(new StationInput(s.station(), s.feedInYuanPerKwh(), s.lastReadingTime(), null, null, List.of(), days));
        }
        return out;
    }
}
