package org.pvmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Silence upstream of the stations: most of a county's (or a township's) reporting stations fell silent at the same
 * moment, so the readings are not arriving (the broker, the network, a 4G cell, a replayed backlog or a restore), not N
 * stations failing at once. The rules then conclude one gap, not an OFFLINE alert per station: a station of the gap has
 * no OFFLINE condition while the gap lasts (an alert it already had stays open, its figures not updated), and a station
 * that fell silent at another moment (before the gap, or well after its start) is still OFFLINE on its own.
 *
 * <p>"At the same moment": their OFFLINE conditions' {@code since} (last reading, or last will) lie within
 * {@link #WINDOW} of each other; "most": at least {@link #MIN_STATIONS} stations and more than half of the area's stations
 * that have reported at all. A county is looked at first, then the townships of the stations no county gap took.
 *
 * @param area     "county 沂南县" or "township 沂南县 岸堤镇"
 * @param since    the earliest last reading of the gap's stations
 * @param stations the gap's station ids, sorted
 */
public record DataGap(String area, Instant since, List<String> stations) {
    /** The silences of one gap start within this of each other (a backlog's end, a network outage's start). */
    public static final Duration WINDOW = Duration.ofMinutes(30);
    /** A gap has at least this many stations: two stations silent at once can be two faults. */
    public static final int MIN_STATIONS = 3;

    /** The gaps among {@code offline} conditions of {@code fleet}: counties first, then townships. */
    static List<DataGap> find(Collection<StationInput> fleet, List<Condition> offline) {
        Map<String, Condition> byStation = new LinkedHashMap<>();
        for (Condition c : offline) byStation.put(c.stationId(), c);
        Map<String, List<StationInput>> counties = new LinkedHashMap<>();
        for (StationInput s : fleet) counties.computeIfAbsent(s.station().county(), k -> new ArrayList<>()).add(s);
        List<DataGap> gaps = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, List<StationInput>> county : counties.entrySet()) {
            DataGap g = in("county " + county.getKey(), county.getValue(), byStation);
            if (g != null) {
                gaps.add(g);
                taken.addAll(g.stations());
            }
        }
        Map<String, List<StationInput>> townships = new LinkedHashMap<>();
        for (StationInput s : fleet) {
            if (taken.contains(s.id())) continue;
            townships.computeIfAbsent(s.station().county() + " " + s.station().township(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<StationInput>> township : townships.entrySet()) {
            DataGap g = in("township " + township.getKey(), township.getValue(), byStation);
            if (g != null) gaps.add(g);
        }
        return gaps;
    }

    /** The largest group of the area's OFFLINE stations whose silences start within {@link #WINDOW}, when it is a gap. */
    private static DataGap in(String area, List<StationInput> stations, Map<String, Condition> offline) {
        long reporting = stations.stream().filter(s -> s.newestReading() != null).count();
        List<Condition> off = new ArrayList<>();
        for (StationInput s : stations) {
            Condition c = offline.get(s.id());
            if (c != null) off.add(c);
        }
        if (off.size() < MIN_STATIONS) return null;
        off.sort(Comparator.comparing(Condition::since));
        int bestFrom = 0;
        int bestSize = 0;
        for (int i = 0, j = 0; j < off.size(); j++) {
            while (Duration.between(off.get(i).since(), off.get(j).since()).compareTo(WINDOW) > 0) i++;
            if (j - i + 1 > bestSize) {
                bestSize = j - i + 1;
                bestFrom = i;
            }
        }
        if (bestSize < MIN_STATIONS || bestSize * 2L <= reporting) return null;
        List<String> ids = new ArrayList<>();
        for (Condition c : off.subList(bestFrom, bestFrom + bestSize)) ids.add(c.stationId());
        ids.sort(null);
        return new DataGap(area, off.get(bestFrom).since(), List.copyOf(ids));
    }
}
