package org.pvmon.alerts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.LoggerStatus;
import org.pvmon.station.Station;

/** Stations of Yinan county, Shandong (about 35.55 N 118.46 E), and their readings, built by hand. */
final class Fixtures {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final AlertEvaluator EVALUATOR = new AlertEvaluator(AlertRules.defaults(), ZONE);
    static final BigDecimal TARIFF_2017 = new BigDecimal("0.85");

    private Fixtures() {
    }

    /** A local time, e.g. {@code at("2024-06-12T11:00")}. */
    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    static Station station(String id, String county, String township, double kwp) {
        double offset = Math.abs(id.hashCode() % 100) / 1000.0; // stations a few km apart
        return new Station(id, id, "village " + id, township, county, kwp, 35.55 + offset, 118.46 + offset,
                LocalDate.of(2017, 6, 30));
    }

    static Input yinan(String id, String township, double kwp) {
        return new Input(station(id, "Yinan", township, kwp));
    }

    /** Builds one station's input: readings every minute, days, logger status. */
    static final class Input {
        private final Station station;
        private final List<CounterSample> recent = new ArrayList<>();
        private final List<DayEnergy> days = new ArrayList<>();
        private Instant lastReading;
        private String state;
        private LoggerStatus logger;

        Input(Station station) {
            this.station = station;
        }

        /** Readings every minute in [from, to) at {@code kwPerKwp} x capacity. */
        Input power(String from, String to, double kwPerKwp) {
            for (Instant t = at(from); t.isBefore(at(to)); t = t.plus(Duration.ofMinutes(1))) {
                recent.add(CounterSample.power(t, kwPerKwp * station.capacityKwp()));
            }
            return this;
        }

        Input reading(String time, double kwPerKwp) {
            recent.add(CounterSample.power(at(time), kwPerKwp * station.capacityKwp()));
            return this;
        }

        /** Only the time of the last reading is known (nothing recent). */
        Input lastReading(String time) {
            lastReading = at(time);
            return this;
        }

        Input state(String inverterState) {
            state = inverterState;
            return this;
        }

        Input will(String time) {
            logger = new LoggerStatus("offline", at(time));
            return this;
        }

        /** A day's energy given as kWh per kWp. */
        Input day(String date, double kwhPerKwp) {
            return day(date, kwhPerKwp, 0, List.of());
        }

        /** The same energy (kWh per kWp) on each day of [from, to]. */
        Input days(String from, String to, double kwhPerKwp) {
            for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
                day(d.toString(), kwhPerKwp);
            }
            return this;
        }

        Input resetDay(String date, double kwhPerKwp) {
            return day(date, kwhPerKwp, 1, List.of("meter reset at " + date + "T10:00+08:00: counter 8123.400 -> 0.800 kWh"));
        }

        private Input day(String date, double kwhPerKwp, int resets, List<String> notes) {
            BigDecimal kwh = BigDecimal.valueOf(kwhPerKwp * station.capacityKwp()).setScale(3, java.math.RoundingMode.HALF_UP);
            days.add(new DayEnergy(LocalDate.parse(date), kwh, true, false, 1440, resets, 0, Duration.ofMinutes(1), notes));
            return this;
        }

        StationInput build() {
            return new StationInput(station, TARIFF_2017, lastReading, state, logger, recent, days);
        }

        /** With only its days from {@code firstDay} on (the older ones are left to a {@link #history}). */
        StationInput buildFrom(String firstDay) {
            LocalDate first = LocalDate.parse(firstDay);
            return new StationInput(station, TARIFF_2017, lastReading, state, logger, recent,
                    days.stream().filter(d -> !d.date().isBefore(first)).toList());
        }
    }

    /** The days [from, to] of {@code stations} (their counties' every station) as the service stores them. */
    static PeerHistory history(String from, String to, List<Input> stations) {
        LocalDate first = LocalDate.parse(from);
        LocalDate last = LocalDate.parse(to);
        java.util.Map<String, List<Station>> byCounty = new java.util.LinkedHashMap<>();
        java.util.Map<String, DayEnergy[]> stored = new java.util.HashMap<>();
        for (Input in : stations) {
            byCounty.computeIfAbsent(PeerHistory.countyOf(in.station), k -> new ArrayList<>()).add(in.station);
            DayEnergy[] days = new DayEnergy[(int) (last.toEpochDay() - first.toEpochDay()) + 1];
            for (DayEnergy d : in.days) {
                if (!d.date().isBefore(first) && !d.date().isAfter(last)) days[(int) (d.date().toEpochDay() - first.toEpochDay())] = d;
            }
            stored.put(in.station.id(), days);
        }
        return PeerHistory.of(byCounty.values().stream().map(m -> PeerHistory.County.of(m, first, last, stored)).toList());
    }
}
