package org.pvmon.alerting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.pvmon.alerts.PeerHistory;
import org.pvmon.alerts.StationInput;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.Station;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers' days before the rules' own ({@link PeerHistory}), for the lost energy of stations silent since before
 * those: only the counties that have such a station, each over the days from its earliest such silence (at most
 * {@value #MAX_DAYS} days back) to the day before the rules' first, read from the stored daily energy and kept as
 * medians (a few kilobytes a county). Closed days hardly change: a county kept is extended by the days it lacks (one
 * more each midnight; those of an older silence), and read again whole only when its stations change, or
 * {@link #KEEP_INCOMPLETE} after a read that found a day without any stored day in the county (days are stored over
 * hours after a first start). Counties no longer needed are forgotten.
 *
 * <p>A call reads for about {@link #BUDGET} at most (always one county), counties never read first, so the minute's
 * evaluation stays short however many long silences there are: after a start with very many, the rest come in the next
 * runs, their older days valued at the clear sky meanwhile. A county whose read fails keeps what it had (logged).
 * Thread-safe.
 */
final class OlderPeerDays {
    private static final Logger log = LoggerFactory.getLogger(OlderPeerDays.class);

    /** How far before the rules' first day the peers' days are read; a silence older than that counts the clear sky. */
    static final int MAX_DAYS = 366;
    /** How long a county's days are kept when some day had no stored day in the county. */
    static final Duration KEEP_INCOMPLETE = Duration.ofHours(6);
    /** About how long one call reads. */
    static final Duration BUDGET = Duration.ofSeconds(1);

    /** Stored days of stations (see {@link org.pvmon.dayenergy.StationEnergy#stored}). */
    interface Source {
        Map<String, DayEnergy[]> stored(List<Station> stations, LocalDate from, LocalDate to);
    }

    private record Kept(PeerHistory.County days, Set<Station> stations, Instant readAt) {
    }

    private final Source source;
    private final ZoneId zone;
    private final LongSupplier nanoTime;
    private final Map<String, Kept> kept = new HashMap<>();

    OlderPeerDays(Source source, ZoneId zone, LongSupplier nanoTime) {
        this.source = source;
        this.zone = zone;
        this.nanoTime = nanoTime;
    }

    /**
     * The peers' days before {@code firstDay} (the rules' first day) that {@code inputs}' silences need at {@code now}:
     * read now where not kept or due again (within the budget), else as kept.
     */
    synchronized PeerHistory at(Instant now, LocalDate firstDay, List<StationInput> inputs) {
        LocalDate to = firstDay.minusDays(1);
        LocalDate floor = firstDay.minusDays(MAX_DAYS);
        Map<String, LocalDate> from = new HashMap<>();
        for (StationInput s : inputs) {
            Instant since = s.silentSince();
            if (since == null) continue;
            LocalDate d = LocalDate.ofInstant(since, zone);
            if (!d.isBefore(firstDay)) continue;
            from.merge(PeerHistory.countyOf(s.station()), d.isBefore(floor) ? floor : d, (a, b) -> a.isBefore(b) ? a : b);
        }
        kept.keySet().retainAll(from.keySet());
        if (from.isEmpty()) return PeerHistory.NONE;
        Map<String, List<Station>> members = new HashMap<>();
        for (StationInput s : inputs) {
            String county = PeerHistory.countyOf(s.station());
            if (from.containsKey(county)) members.computeIfAbsent(county, k -> new ArrayList<>()).add(s.station());
        }
        List<String> due = new ArrayList<>();
        for (String county : from.keySet()) {
            if (!fresh(kept.get(county), from.get(county), to, members.get(county), now)) due.add(county);
        }
        due.sort(Comparator.comparing((String c) -> kept.containsKey(c)).thenComparing(c -> kept.containsKey(c) ? kept.get(c).readAt() : now));
        long start = nanoTime.getAsLong();
        int read = 0;
        long days = 0;
        for (String county : due) {
            if (read > 0 && nanoTime.getAsLong() - start >= BUDGET.toNanos()) break;
            List<Station> stations = members.get(county);
            LocalDate first = from.get(county);
            Kept k = kept.get(county);
            try {
                if (k == null || !k.stations().equals(Set.copyOf(stations)) || k.days().to().isAfter(to)
                        || !k.days().complete() && !now.isBefore(k.readAt().plus(KEEP_INCOMPLETE))) {
                    kept.put(county, new Kept(read(stations, first, to), Set.copyOf(stations), now));
                    days += span(first, to) * stations.size();
                } else { // the same stations: only the days it lacks (a day more each midnight; an older silence)
                    PeerHistory.County c = k.days();
                    if (c.to().isBefore(to)) {
                        days += span(c.to().plusDays(1), to) * stations.size();
                        c = PeerHistory.County.joined(c, read(stations, c.to().plusDays(1), to));
                    }
                    if (c.from().isAfter(first)) {
                        days += span(first, c.from().minusDays(1)) * stations.size();
                        c = PeerHistory.County.joined(read(stations, first, c.from().minusDays(1)), c);
                    }
                    kept.put(county, new Kept(c, k.stations(), k.readAt()));
                }
            } catch (RuntimeException e) {
                log.warn("peers' older days of county '{}' not read ({} to {}); trying again next run: {}", county, first, to,
                        e.toString());
                break;
            }
            read++;
        }
        if (read > 0) {
            log.info("peers' older days: read {} counties ({} station-days) in {} ms for stations silent since before {}{}",
                    read, days, (nanoTime.getAsLong() - start) / 1_000_000, firstDay,
                    read < due.size() ? "; " + (due.size() - read) + " counties left for the next runs" : "");
        }
        return PeerHistory.of(kept.values().stream().map(Kept::days).toList());
    }

    private PeerHistory.County read(List<Station> stations, LocalDate from, LocalDate to) {
        return PeerHistory.County.of(stations, from, to, source.stored(stations, from, to));
    }

    private static long span(LocalDate from, LocalDate to) {
        return to.toEpochDay() - from.toEpochDay() + 1;
    }

    /** True when {@code k} covers [from, to] for {@code stations} and need not be read again yet. */
    private static boolean fresh(Kept k, LocalDate from, LocalDate to, List<Station> stations, Instant now) {
        if (k == null || k.days().from().isAfter(from) || !k.days().to().equals(to) || !k.stations().equals(Set.copyOf(stations))) {
            return false;
        }
        return k.days().complete() || now.isBefore(k.readAt().plus(KEEP_INCOMPLETE));
    }
}
