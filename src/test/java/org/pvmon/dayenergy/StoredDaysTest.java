package org.pvmon.dayenergy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.db.Database;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.Station;

/** {@link StationEnergy#stored}: the stored days as they are, stale ones left out, nothing computed (no InfluxDB here). */
class StoredDaysTest {
    private static final LocalDate D1 = LocalDate.parse("2024-05-01");
    private static final Instant T = Instant.parse("2024-06-12T04:00:00Z");

    @TempDir
    Path dir;

    private static Station station(String id) {
        return new Station(id, id, "village", "Jiehu", "Yinan", 20, 35.55, 118.46, LocalDate.of(2017, 6, 30));
    }

    private static DayBook.Row row(String station, LocalDate day, String kwh) {
        return new DayBook.Row(station, new DayEnergy(day, new BigDecimal(kwh), true, false, 1440, 0, 0, Duration.ofMinutes(1),
                List.of()), false);
    }

    @Test
    void stored_days_are_read_by_station_and_day_without_the_stale_ones_and_without_computing_any() {
        DayBook book = new DayBook(Database.openSqlite(dir.resolve("registry.db")));
        book.store(List.of(row("A", D1, "100.000"), row("A", D1.plusDays(2), "102.000"), row("B", D1.plusDays(1), "90.000"),
                row("C", D1, "1.000")), T, T);
        book.markStale(Map.of(new DayBook.StationDay("B", D1.plusDays(1)), T.plusSeconds(60)));
        StaleDays here = new StaleDays();
        here.mark("A", D1.plusDays(2), T.plusSeconds(60)); // known stale to this instance only
        StationEnergy energy = new StationEnergy(null, ZoneId.of("Asia/Shanghai"), book, here); // no readings needed

        Map<String, DayEnergy[]> stored = energy.stored(List.of(station("A"), station("B")), D1, D1.plusDays(2));

        assertThat(stored.get("A")[0].kwh()).isEqualByComparingTo("100");
        assertThat(stored.get("A")[1]).as("not stored").isNull();
        assertThat(stored.get("A")[2]).as("stale here").isNull();
        assertThat(stored.get("B")[1]).as("marked stale").isNull();
        assertThat(stored).doesNotContainKey("C"); // not asked for
        assertThat(new StationEnergy(null, ZoneId.of("Asia/Shanghai")).stored(List.of(station("A")), D1, D1)).isEmpty();
    }
}
