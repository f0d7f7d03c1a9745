package org.pvmon.store;

import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.query.InfluxQLQueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * InfluxQL reads of what ingest stored (measurements {@code reading} and {@code rejected_reading}). Station ids and
 * reasons are checked against a strict pattern before they are put into a query.
 */
public final class Readings {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final InfluxStore store;

    public Readings(InfluxStore store) {
        this.store = store;
    }

    /** How far back "latest" looks: a station silent for longer has no latest reading. */
    public static final Duration LATEST_LOOKBACK = Duration.ofDays(30);

    /** The latest reading (within {@link #LATEST_LOOKBACK}) of one station. */
    public Map<String, Reading> latest(String station) {
        return edge("time > now() - " + LATEST_LOOKBACK.toSeconds() + "s", java.util.Objects.requireNonNull(station), "DESC");
    }

    /**
     * The latest reading (within {@link #LATEST_LOOKBACK}) of each of {@code stations}, {@value #NAMED} stations per
     * query: one query over every station's month took 85 s at 100,000 stations on 2 cores (bench/sizing), far beyond
     * the client's 30 s, so the fleet state never loaded; 500 at a time took ~0.9 s each there (the whole fleet ~3 min,
     * each query well within the timeout).
     */
    public Map<String, Reading> latestOf(Collection<String> stations) {
        return named(stations, filter -> edge(filter + "time > now() - " + LATEST_LOOKBACK.toSeconds() + "s", null, "DESC"));
    }

    /** The latest reading of every station that has one at or after {@code from}: the cheap follow-up to {@link #latest}. */
    public Map<String, Reading> latestSince(Instant from) {
        return edge("time >= " + nanos(from), null, "DESC");
    }

    /** Per station, its last reading before {@code t} (looking back at most {@code lookback}). */
    public Map<String, Reading> lastBefore(Instant t, Duration lookback, String station) {
        return edge("time < " + nanos(t) + " AND time >= " + nanos(t.minus(lookback)), station, "DESC");
    }

    /** Per station, its first reading at or after {@code t} (looking ahead at most {@code lookahead}). */
    public Map<String, Reading> firstFrom(Instant t, Duration lookahead, String station) {
        return edge("time >= " + nanos(t) + " AND time < " + nanos(t.plus(lookahead)), station, "ASC");
    }

    /**
     * Per station of {@code stations}, its last reading before {@code t} (looking back at most {@code lookback}): up to
     * {@value #NAMED} stations by name, one query; more in steps that each read little: the last {@value #STEP_DAYS} days of every station (stations report daily, so this
     * finds nearly all), then for the stations still without one the rest of the lookback: naming them
     * ({@value #NAMED} per query) when they are few, else every station's readings {@value #STEP_DAYS} days further back
     * at a time until none is missing. One query over a month of every station's readings took longer than the
     * client's 30 s at 100,000 stations. The result is the same as that one query's for the listed stations.
     */
    public Map<String, Reading> lastBefore(Instant t, Duration lookback, Collection<String> stations) {
        return inSteps(stations, lookback, (a, b) -> edge("time < " + nanos(t.minus(a)) + " AND time >= " + nanos(t.minus(b)), null, "DESC"),
                filter -> edge(filter + "time < " + nanos(t) + " AND time >= " + nanos(t.minus(lookback)), null, "DESC"));
    }

    /** Per station of {@code stations}, its first reading at or after {@code t} (looking ahead at most {@code lookahead}), as {@link #lastBefore(Instant, Duration, Collection)}. */
    public Map<String, Reading> firstFrom(Instant t, Duration lookahead, Collection<String> stations) {
        return inSteps(stations, lookahead, (a, b) -> edge("time >= " + nanos(t.plus(a)) + " AND time < " + nanos(t.plus(b)), null, "ASC"),
                filter -> edge(filter + "time >= " + nanos(t) + " AND time < " + nanos(t.plus(lookahead)), null, "ASC"));
    }

    private static final int STEP_DAYS = 2;
    /** Up to this many stations still missing are looked for by name; more, step by step for every station. */
    private static final int NAME_AT_MOST = 5_000;

    /**
     * {@code all.apply(a, b)}: every station's edge reading between {@code a} and {@code b} away from the instant
     * (nearest first); {@code named}: the whole span for the stations the filter names.
     */
    private static Map<String, Reading> inSteps(Collection<String> stations, Duration span,
                                                     java.util.function.BiFunction<Duration, Duration, Map<String, Reading>> all,
                                                     java.util.function.Function<String, Map<String, Reading>> named) {
        if (!stations.isEmpty() && stations.size() <= NAMED) {
            return named(stations, named); // a few: by name over the whole span, one query
        }
        java.util.Set<String> missing = new java.util.HashSet<>(stations);
        Map<String, Reading> out = new HashMap<>();
        Duration step = Duration.ofDays(STEP_DAYS);
        for (Duration a = Duration.ZERO; a.compareTo(span) < 0 && !missing.isEmpty(); a = a.plus(step)) {
            if (a.compareTo(Duration.ZERO) > 0 && missing.size() <= NAME_AT_MOST) {
                out.putAll(named(missing, named)); // the whole span: their readings nearer than a are none
                return out;
            }
            Duration b = a.plus(step).compareTo(span) > 0 ? span : a.plus(step);
            all.apply(a, b).forEach((id, p) -> {
                if (missing.remove(id)) out.put(id, p);
            });
        }
        return out;
    }

    /** Stations named per query at most (a regex alternation of their ids: ~6 kB of query). */
    public static final int NAMED = 500;

    private static Map<String, Reading> named(Collection<String> stations, java.util.function.Function<String, Map<String, Reading>> query) {
        Map<String, Reading> out = new HashMap<>();
        if (stations.isEmpty()) return out;
        List<String> ids = List.copyOf(stations);
        for (int i = 0; i < ids.size(); i += NAMED) {
            out.putAll(query.apply(naming(ids.subList(i, Math.min(ids.size(), i + NAMED))) + " AND "));
        }
        return out;
    }

    /** A condition naming {@code ids} (a regex alternation, at most {@value #NAMED} of them: ~6 kB of query). */
    private static String naming(List<String> ids) {
        if (ids.isEmpty() || ids.size() > NAMED) {
            throw new IllegalArgumentException("1 to " + NAMED + " stations per query, got " + ids.size());
        }
        StringBuilder re = new StringBuilder("station =~ /^(");
        for (int k = 0; k < ids.size(); k++) re.append(k > 0 ? "|" : "").append(safe(ids.get(k)));
        return re.append(")$/").toString();
    }

    /**
     * All readings of the named stations (1 to {@value #NAMED}) in [from, to), oldest first per station. Reading a fleet
     * this way, a few hundred stations at a time, makes InfluxDB 1.6 decode each station's data once, where time slices
     * over every station decode every station's blocks once per slice.
     */
    public List<Reading> rangeOf(List<String> stations, Instant from, Instant to) {
        return readings("SELECT * FROM reading WHERE " + naming(stations) + " AND " + between(from, to) + " GROUP BY station");
    }

    private Map<String, Reading> edge(String timeRange, String station, String order) {
        String where = station == null ? timeRange : "station = '" + safe(station) + "' AND " + timeRange;
        Map<String, Reading> out = new HashMap<>();
        for (Reading p : readings("SELECT * FROM reading WHERE " + where + " GROUP BY station ORDER BY time " + order + " LIMIT 1")) {
            out.put(p.station(), p);
        }
        return out;
    }

    /** All readings of one station in [from, to), oldest first. */
    public List<Reading> range(String station, Instant from, Instant to) {
        return readings("SELECT * FROM reading WHERE station = '" + safe(station) + "' AND " + between(from, to) + " GROUP BY station");
    }

    /** All readings of all stations in [from, to), oldest first per station. */
    public List<Reading> rangeAll(Instant from, Instant to) {
        return readings("SELECT * FROM reading WHERE " + between(from, to) + " GROUP BY station");
    }

    /** The stored hourly means ({@link HourlyMeans}) of one station in [from, to), oldest first. */
    public List<HourMean> hourly(String station, Instant from, Instant to) {
        return hours("SELECT * FROM " + store.hourlySource() + " WHERE station = '" + safe(station) + "' AND " + between(from, to)
                + " GROUP BY station", station);
    }

    /**
     * One station's hourly means in [from, to) computed by InfluxDB from its raw readings: the same figures as
     * {@link HourlyMeans} stores for a closed day, for the hours whose readings InfluxDB still keeps.
     */
    private List<HourMean> hourlyFromReadings(String station, Instant from, Instant to) {
        return hours("SELECT mean(power_kw) AS power_kw, max(power_kw) AS power_max_kw, last(energy_kwh) AS energy_kwh, "
                + "mean(module_temp_c) AS module_temp_c, mean(irradiance_wm2) AS irradiance_wm2, max(fault_code) AS fault_code, "
                + "count(power_kw) AS samples FROM reading WHERE station = '" + safe(station) + "' AND " + between(from, to)
                + " GROUP BY time(1h) fill(none)", station);
    }

    /**
     * One station's hourly means in [from, to): the stored ones ({@link #hourly}) for the hours before {@code rawFrom},
     * computed from the readings ({@link #hourlyFromReadings}) from it on, where InfluxDB still keeps them.
     */
    public List<HourMean> hourlyCurve(String station, Instant from, Instant to, Instant rawFrom) {
        List<HourMean> out = new ArrayList<>();
        if (from.isBefore(rawFrom)) out.addAll(hourly(station, from, to.isBefore(rawFrom) ? to : rawFrom));
        if (to.isAfter(rawFrom)) out.addAll(hourlyFromReadings(station, from.isAfter(rawFrom) ? from : rawFrom, to));
        return out;
    }

    private List<HourMean> hours(String q, String station) {
        List<HourMean> out = new ArrayList<>();
        for (InfluxQLQueryResult.Series s : series(q)) {
            Map<String, Integer> c = s.getColumns();
            for (InfluxQLQueryResult.Series.Record r : s.getValues()) {
                Object[] v = r.getValues();
                double samples = num(v, c, "samples");
                out.add(new HourMean(station, time(v, c), num(v, c, "power_kw"), num(v, c, "power_max_kw"), num(v, c, "energy_kwh"),
                        num(v, c, "module_temp_c"), num(v, c, "irradiance_wm2"), num(v, c, "fault_code"),
                        Double.isNaN(samples) ? 0 : (int) samples));
            }
        }
        out.sort(java.util.Comparator.comparing(HourMean::hour));
        return out;
    }

    /** Kept rejections, newest first. {@code reason} and {@code station} may be null (no filter). */
    public List<RejectedReading> rejected(int limit, String reason, String station) {
        StringBuilder q = new StringBuilder("SELECT * FROM rejected_reading WHERE time > 0");
        if (reason != null) q.append(" AND reason = '").append(safe(reason)).append('\'');
        if (station != null) q.append(" AND station = '").append(safe(station)).append('\'');
        q.append(" ORDER BY time DESC LIMIT ").append(limit);
        List<RejectedReading> out = new ArrayList<>();
        for (InfluxQLQueryResult.Series s : series(q.toString())) {
            Map<String, Integer> c = s.getColumns();
            for (InfluxQLQueryResult.Series.Record r : s.getValues()) {
                Object[] v = r.getValues();
                out.add(new RejectedReading(time(v, c), text(v, c, "reason", s.getTags()), text(v, c, "station", s.getTags()),
                        text(v, c, "topic", s.getTags()), text(v, c, "detail", s.getTags()), text(v, c, "payload", s.getTags())));
            }
        }
        return out;
    }

    private List<Reading> readings(String q) {
        List<Reading> out = new ArrayList<>();
        for (InfluxQLQueryResult.Series s : series(q)) {
            Map<String, Integer> c = s.getColumns();
            String tagStation = s.getTags() == null ? null : s.getTags().get("station");
            for (InfluxQLQueryResult.Series.Record r : s.getValues()) {
                Object[] v = r.getValues();
                String station = tagStation != null ? tagStation : text(v, c, "station", null);
                out.add(new Reading(station, time(v, c), num(v, c, "power_kw"), num(v, c, "energy_kwh"),
                        text(v, c, "state", null), num(v, c, "fault_code"), num(v, c, "module_temp_c"), num(v, c, "irradiance_wm2")));
            }
        }
        return out;
    }

    private List<InfluxQLQueryResult.Series> series(String q) {
        InfluxQLQueryResult res = store.query(q, InfluxQLQuery.InfluxQLPrecision.MILLISECONDS);
        List<InfluxQLQueryResult.Series> out = new ArrayList<>();
        if (res == null) return out;
        for (InfluxQLQueryResult.Result r : res.getResults()) out.addAll(r.getSeries());
        return out;
    }

    private static String between(Instant from, Instant to) {
        return "time >= " + nanos(from) + " AND time < " + nanos(to);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String safe(String s) {
        if (!SAFE.matcher(s).matches()) throw new IllegalArgumentException("unsafe identifier in query: " + s);
        return s;
    }

    private static Instant time(Object[] v, Map<String, Integer> c) {
        Object t = v[c.get("time")];
        return Instant.ofEpochMilli(Long.parseLong(t.toString()));
    }

    private static double num(Object[] v, Map<String, Integer> c, String col) {
        Integer i = c.get(col);
        if (i == null || v[i] == null) return Double.NaN;
        String s = v[i].toString();
        if (s.isEmpty()) return Double.NaN;
        return Double.parseDouble(s);
    }

    private static String text(Object[] v, Map<String, Integer> c, String col, Map<String, String> tags) {
        Integer i = c.get(col);
        if (i != null && v[i] != null && !v[i].toString().isEmpty()) return v[i].toString();
        return tags == null ? null : tags.get(col);
    }
}
