package org.pvmon.dayenergy;

import org.pvmon.db.Database;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.pvmon.energy.DayEnergy;

/**
 * Stored daily energy: each station's energy of each closed local day, as computed from its readings (see the V6
 * migration), and marks on days whose row no longer matches the readings (a late reading arrived). What reads a range
 * gets the rows that are not marked; the caller computes the others from the readings. Rows are written with the
 * instant their readings were read: storing a day removes only the marks made before that instant, so a reading that
 * arrived while the day was being computed keeps it marked.
 */
public final class DayBook {
    private static final List<String> NO_NOTES = List.of();
    /** Stations per {@code IN (...)} list (well under SQLite's and PostgreSQL's bound-parameter limits). */
    private static final int IN_CHUNK = 500;

    private final Jdbi jdbi;

    /** The DayBook in {@code db}'s tables. */
    public DayBook(Database db) {
        this.jdbi = db.jdbi();
    }

    /** A stored day of a station; {@code openEnd}: the station had not reported after the day when it was computed. */
    public record Row(String station, DayEnergy day, boolean openEnd) {
    }

    /** A station's day. */
    public record StationDay(String station, LocalDate day) {
    }

    /**
     * The stored days in [from, to] of {@code stations} (null: of every station), per station as an array indexed by
     * day − {@code from} (null where not stored), whether marked stale or not ({@link #marked}).
     */
    public Map<String, DayEnergy[]> read(Collection<String> stations, LocalDate from, LocalDate to) {
        int n = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
        Map<String, DayEnergy[]> out = new HashMap<>();
        if (n <= 0) return out;
        jdbi.useHandle(h -> {
            if (stations == null) {
                readInto(h, null, from, to, n, out);
                return;
            }
            List<String> ids = List.copyOf(stations);
            for (int i = 0; i < ids.size(); i += IN_CHUNK) readInto(h, ids.subList(i, Math.min(ids.size(), i + IN_CHUNK)), from, to, n, out);
        });
        return out;
    }

    private static void readInto(Handle h, List<String> stations, LocalDate from, LocalDate to, int n, Map<String, DayEnergy[]> out) {
        var q = h.createQuery("SELECT d.station, d.day, d.kwh, d.has_data, d.estimated, d.samples, d.resets, d.jumps, "
                        + "d.longest_gap_s, d.notes FROM station_days d WHERE d.day >= :from AND d.day <= :to"
                        + (stations == null ? "" : " AND d.station IN (<stations>)"))
                .bind("from", from.toString()).bind("to", to.toString());
        if (stations != null) q.bindList("stations", stations);
        q.setFetchSize(10_000).map((rs, ctx) -> {
            LocalDate day = LocalDate.parse(rs.getString(2));
            String notes = rs.getString(10);
            DayEnergy e = new DayEnergy(day, new BigDecimal(rs.getString(3)), rs.getInt(4) != 0, rs.getInt(5) != 0,
                    rs.getInt(6), rs.getInt(7), rs.getInt(8), Duration.ofSeconds(rs.getLong(9)),
                    notes.isEmpty() ? NO_NOTES : List.of(notes.split("\n")));
            out.computeIfAbsent(rs.getString(1), k -> new DayEnergy[n])[(int) (day.toEpochDay() - from.toEpochDay())] = e;
            return 0;
        }).forEach(x -> { });
    }

    /** The station-days in [from, to] marked stale, of {@code stations} (null: of every station); stored or not. */
    public Set<StationDay> marked(Collection<String> stations, LocalDate from, LocalDate to) {
        Set<StationDay> out = new HashSet<>();
        jdbi.useHandle(h -> {
            List<String> ids = stations == null ? null : List.copyOf(stations);
            for (int i = 0; ids == null ? i == 0 : i < ids.size(); i += IN_CHUNK) {
                var q = h.createQuery("SELECT station, day FROM station_days_stale WHERE day >= :from AND day <= :to"
                        + (ids == null ? "" : " AND station IN (<stations>)")).bind("from", from.toString()).bind("to", to.toString());
                if (ids != null) q.bindList("stations", ids.subList(i, Math.min(ids.size(), i + IN_CHUNK)));
                q.map((rs, ctx) -> out.add(new StationDay(rs.getString(1), LocalDate.parse(rs.getString(2))))).forEach(x -> { });
            }
        });
        return out;
    }

    /**
     * Stores (replaces) {@code rows}, computed from the readings as they were at {@code readAt}, and removes their
     * days' stale marks made before {@code readAt} (a mark made at or after it may stand for a reading the computation
     * did not see); one transaction.
     */
    public void store(Collection<Row> rows, Instant readAt, Instant now) {
        store(rows, readAt, now, false);
    }

    /** As {@link #store(Collection, Instant, Instant)}; {@code hourly}: the days' hourly means were written from the same readings. */
    public void store(Collection<Row> rows, Instant readAt, Instant now, boolean hourly) {
        if (rows.isEmpty()) return;
        String computed = Database.ts(now);
        String read = Database.ts(readAt);
        jdbi.useTransaction(h -> {
            PreparedBatch put = h.prepareBatch("INSERT INTO station_days (station, day, kwh, has_data, estimated, samples, "
                    + "resets, jumps, longest_gap_s, notes, open_end, computed_at, hourly) VALUES (:station, :day, :kwh, :has_data, "
                    + ":estimated, :samples, :resets, :jumps, :gap, :notes, :open_end, :computed_at, :hourly) "
                    + "ON CONFLICT (station, day) DO UPDATE SET kwh = excluded.kwh, has_data = excluded.has_data, "
                    + "estimated = excluded.estimated, samples = excluded.samples, resets = excluded.resets, "
                    + "jumps = excluded.jumps, longest_gap_s = excluded.longest_gap_s, notes = excluded.notes, "
                    + "open_end = excluded.open_end, computed_at = excluded.computed_at, hourly = excluded.hourly");
            PreparedBatch unmark = h.prepareBatch("DELETE FROM station_days_stale WHERE station = :station AND day = :day "
                    + "AND marked_at < :read");
            for (Row r : rows) {
                DayEnergy d = r.day();
                for (String note : d.notes()) {
                    if (note.indexOf('\n') >= 0) throw new IllegalArgumentException("a day note must be one line: " + note);
                }
                put.bind("station", r.station()).bind("day", d.date().toString()).bind("kwh", d.kwh().toPlainString())
                        .bind("has_data", d.hasData() ? 1 : 0).bind("estimated", d.estimated() ? 1 : 0)
                        .bind("samples", d.samples()).bind("resets", d.resets()).bind("jumps", d.jumps())
                        .bind("gap", d.longestGap().toSeconds()).bind("notes", String.join("\n", d.notes()))
                        .bind("open_end", r.openEnd() ? 1 : 0).bind("computed_at", computed).bind("hourly", hourly ? 1 : 0).add();
                unmark.bind("station", r.station()).bind("day", d.date().toString()).bind("read", read).add();
            }
            put.execute();
            unmark.execute();
        });
    }

    /** Marks days stale, each at its instant (a reading of or next to it arrived late then); a day need not be stored yet. */
    public void markStale(Map<StationDay, Instant> marks) {
        if (marks.isEmpty()) return;
        jdbi.useTransaction(h -> {
            PreparedBatch b = h.prepareBatch("INSERT INTO station_days_stale (station, day, marked_at) VALUES (:s, :d, :at) "
                    + "ON CONFLICT (station, day) DO UPDATE SET marked_at = excluded.marked_at");
            marks.forEach((d, at) -> b.bind("s", d.station()).bind("d", d.day().toString()).bind("at", Database.ts(at)).add());
            b.execute();
        });
    }

    /** The stored days marked stale in [from, to]. Marks on days not stored are left for the day's first computation. */
    public List<StationDay> stale(LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT s.station, s.day FROM station_days_stale s WHERE s.day >= :from "
                        + "AND s.day <= :to AND EXISTS (SELECT 1 FROM station_days d WHERE d.station = s.station AND d.day = s.day) "
                        + "ORDER BY s.day DESC, s.station")
                .bind("from", from.toString()).bind("to", to.toString())
                .map((rs, ctx) -> new StationDay(rs.getString(1), LocalDate.parse(rs.getString(2)))).list());
    }

    /**
     * Per station with stored days in [from, to] computed before it reported again ({@link Row#openEnd()}), the first
     * such day (the later days of a silent station are open-ended too).
     */
    public Map<String, LocalDate> firstOpen(LocalDate from, LocalDate to) {
        Map<String, LocalDate> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT station, MIN(day) FROM station_days WHERE open_end = 1 AND day >= :from "
                        + "AND day <= :to GROUP BY station")
                .bind("from", from.toString()).bind("to", to.toString())
                .map((rs, ctx) -> out.put(rs.getString(1), LocalDate.parse(rs.getString(2)))).forEach(x -> { }));
        return out;
    }

    /**
     * Marks the stored days in [from, to] of {@code station} (null: of every station) stale at {@code now}, so that they
     * are computed again from the readings (after readings were written to InfluxDB other than through ingest); they are
     * not served until then, and no row is lost if computing them again cannot happen. Returns the rows marked.
     */
    public int forget(String station, LocalDate from, LocalDate to, Instant now) {
        return jdbi.inTransaction(h -> h.createUpdate("INSERT INTO station_days_stale (station, day, marked_at) SELECT station, day, :at "
                        + "FROM station_days WHERE day >= :from AND day <= :to" + (station == null ? "" : " AND station = :s")
                        + " ON CONFLICT (station, day) DO UPDATE SET marked_at = excluded.marked_at")
                .bind("from", from.toString()).bind("to", to.toString()).bind("at", Database.ts(now))
                .bindMap(station == null ? Map.of() : Map.of("s", station)).execute());
    }

    /**
     * Up to {@code limit} stored days in [from, to] with readings whose hourly means were not written (stored before
     * they were), oldest first: the first whose readings InfluxDB drops.
     */
    public List<StationDay> withoutHourly(LocalDate from, LocalDate to, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT station, day FROM station_days WHERE hourly = 0 AND day >= :from "
                        + "AND day <= :to AND has_data = 1 ORDER BY day, station LIMIT :n")
                .bind("from", from.toString()).bind("to", to.toString()).bind("n", limit)
                .map((rs, ctx) -> new StationDay(rs.getString(1), LocalDate.parse(rs.getString(2)))).list());
    }

    /** Records that the hourly means of these stored days were written. */
    public void hourlyWritten(Collection<StationDay> days) {
        if (days.isEmpty()) return;
        jdbi.useTransaction(h -> {
            PreparedBatch b = h.prepareBatch("UPDATE station_days SET hourly = 1 WHERE station = :s AND day = :d");
            for (StationDay d : days) b.bind("s", d.station()).bind("d", d.day().toString()).add();
            b.execute();
        });
    }

    /**
     * Removes the stale marks of days before {@code day}: their readings are no longer all kept, so computing them again
     * would lose energy; their stored rows stand. Returns the marks removed.
     */
    public int dropStaleBefore(LocalDate day) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM station_days_stale WHERE day < :d").bind("d", day.toString()).execute());
    }

    /** How many stations have a stored row, per day in [from, to] (days without any row are absent). */
    public Map<LocalDate, Integer> counts(LocalDate from, LocalDate to) {
        Map<LocalDate, Integer> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT day, COUNT(*) FROM station_days WHERE day >= :from AND day <= :to GROUP BY day")
                .bind("from", from.toString()).bind("to", to.toString())
                .map((rs, ctx) -> out.put(LocalDate.parse(rs.getString(1)), rs.getInt(2))).forEach(x -> { }));
        return out;
    }

    /** The stations with a stored row (stale or not) on {@code day}. */
    public Set<String> storedOn(LocalDate day) {
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT station FROM station_days WHERE day = :d")
                .bind("d", day.toString()).mapTo(String.class).list()));
    }
}
