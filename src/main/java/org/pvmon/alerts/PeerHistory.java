package org.pvmon.alerts;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pvmon.energy.DayEnergy;
import org.pvmon.station.Station;

/**
 * What the peers made on days before the inputs' ({@link StationInput#days}): a silence longer than those days is valued
 * at the peers' daily yields of its days ({@link Fleet#expectedKwhPerKwp}). Per county over a range of local days,
 * the median usable daily yield (kWh/kWp; a usable day has data and no counter reset or jump) of each township's
 * stations and of the county's, and how many stations had one. The rules take the township's median when at least
 * {@link AlertRules#minPeers()} of its stations had a usable day, else the county's, as they pick peers on the days they
 * are given. A station's own day is among them: on a day of its silence it has none, except the day the silence began.
 *
 * <p>The caller builds it from the stored days of the counties with a station silent since before the inputs' days
 * (only those need it, and a county of 100 stations over a year is 36,500 stored days, kept as a few kilobytes of
 * medians). Immutable.
 */
public final class PeerHistory {

    /** No days: a silence longer than the inputs' days is valued at the clear sky before them. */
    public static final PeerHistory NONE = new PeerHistory(Map.of());

    private final Map<String, County> byCounty;

    private PeerHistory(Map<String, County> byCounty) {
        this.byCounty = byCounty;
    }

    /** The counties' days; one entry per county. */
    public static PeerHistory of(Collection<County> counties) {
        Map<String, County> by = new HashMap<>();
        for (County c : counties) {
            if (by.put(c.county, c) != null) {
                throw new IllegalArgumentException("county '" + c.county + "' appears twice in the peers' history");
            }
        }
        return new PeerHistory(Map.copyOf(by));
    }

    /** The county a station's peers are looked for in, as {@link County#county()} names it. */
    public static String countyOf(Station s) {
        return Fleet.countyKey(s);
    }

    /**
     * The median yield of the peers of {@code s} on {@code d}, kWh/kWp: its township's when at least {@code minPeers}
     * of the township's stations had a usable day, else its county's; NaN when no station of the county had one or the
     * day is not known.
     */
    double median(Station s, LocalDate d, int minPeers) {
        County c = byCounty.get(Fleet.countyKey(s));
        return c == null ? Double.NaN : c.median(Fleet.townshipName(s), d, minPeers);
    }

    /** One county's days [from, to]: per day, the medians of its townships' and its own stations' usable yields. */
    public static final class County {
        private final String county;
        private final LocalDate from;
        private final int days;
        /** Township name → slot; per day {@code townships.size()} slots in the arrays below. */
        private final Map<String, Integer> townships;
        private final double[] townshipMedian;
        private final int[] townshipCount;
        private final double[] countyMedian;
        private final int[] countyCount;

        private County(String county, LocalDate from, int days, Map<String, Integer> townships) {
            this.county = county;
            this.from = from;
            this.days = days;
            this.townships = townships;
            this.townshipMedian = new double[days * townships.size()];
            this.townshipCount = new int[days * townships.size()];
            this.countyMedian = new double[days];
            this.countyCount = new int[days];
        }

        /**
         * The medians of the usable days in [from, to] of {@code members}, every station of one county:
         * {@code stored} holds per station id its stored days, indexed by day − {@code from} (null, a shorter array
         * or no entry: not stored).
         *
         * @throws IllegalArgumentException when {@code members} is empty, spans several counties, or to is before from
         */
        public static County of(Collection<Station> members, LocalDate from, LocalDate to, Map<String, DayEnergy[]> stored) {
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a county's days need its stations");
            }
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("no days from " + from + " to " + to);
            }
            String county = Fleet.countyKey(members.iterator().next());
            TreeSet<String> names = new TreeSet<>();
            for (Station s : members) {
                if (!Fleet.countyKey(s).equals(county)) {
                    throw new IllegalArgumentException("station " + s.id() + " is not in county '" + county + "'");
                }
                names.add(Fleet.townshipName(s));
            }
            Map<String, Integer> slots = new HashMap<>();
            for (String name : names) slots.put(name, slots.size());
            int n = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
            int t = slots.size();
            County c = new County(county, from, n, Map.copyOf(slots));
            List<Station> list = List.copyOf(members);
            int[][] bySlot = new int[t][]; // members' positions per township
            int[] sizes = new int[t];
            for (Station s : list) sizes[slots.get(Fleet.townshipName(s))]++;
            for (int k = 0; k < t; k++) bySlot[k] = new int[sizes[k]];
            java.util.Arrays.fill(sizes, 0);
            for (int i = 0; i < list.size(); i++) {
                int slot = slots.get(Fleet.townshipName(list.get(i)));
                bySlot[slot][sizes[slot]++] = i;
            }
            DayEnergy[][] days = new DayEnergy[list.size()][];
            for (int i = 0; i < list.size(); i++) days[i] = stored.get(list.get(i).id());
            double[] yields = new double[list.size()];
            double[] buffer = new double[list.size()];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < list.size(); i++) {
                    DayEnergy d = days[i] == null || k >= days[i].length ? null : days[i][k];
                    yields[i] = d == null ? Double.NaN : Fleet.usableYield(d, list.get(i).capacityKwp());
                }
                int all = 0;
                for (int slot = 0; slot < t; slot++) {
                    int m = 0;
                    for (int i : bySlot[slot]) if (Double.isFinite(yields[i])) buffer[m++] = yields[i];
                    c.townshipMedian[k * t + slot] = sortedMedian(buffer, m);
                    c.townshipCount[k * t + slot] = m;
                    all += m;
                }
                int m = 0;
                for (double y : yields) if (Double.isFinite(y)) buffer[m++] = y;
                c.countyMedian[k] = sortedMedian(buffer, m);
                c.countyCount[k] = all;
            }
            return c;
        }

        /** The median of the first {@code n} values of {@code v} (finite; sorted here), NaN when n is 0. */
        private static double sortedMedian(double[] v, int n) {
            if (n == 0) {
                return Double.NaN;
            }
            Arrays.sort(v, 0, n);
            int m = n / 2;
            return n % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
        }

        /**
         * {@code earlier}'s days followed by {@code later}'s: the same county, built from the same stations, {@code later}
         * beginning the day after {@code earlier} ends (each day's medians are the day's own, so joining two reads of
         * the stored days gives what one read of both would).
         *
         * @throws IllegalArgumentException when they are not of the same county and townships, or not adjacent
         */
        public static County joined(County earlier, County later) {
            if (!earlier.county.equals(later.county) || !earlier.townships.equals(later.townships)) {
                throw new IllegalArgumentException("days of different counties or townships: '" + earlier.county + "', '"
                        + later.county + "'");
            }
            if (!later.from.equals(earlier.to().plusDays(1))) {
                throw new IllegalArgumentException("days " + earlier.from + " to " + earlier.to() + " and " + later.from
                        + " to " + later.to() + " are not adjacent");
            }
            County c = new County(earlier.county, earlier.from, earlier.days + later.days, earlier.townships);
            copy(earlier, c, 0);
            copy(later, c, earlier.days);
            return c;
        }

        private static void copy(County from, County to, int atDay) {
            int t = from.townships.size();
            System.arraycopy(from.townshipMedian, 0, to.townshipMedian, atDay * t, from.days * t);
            System.arraycopy(from.townshipCount, 0, to.townshipCount, atDay * t, from.days * t);
            System.arraycopy(from.countyMedian, 0, to.countyMedian, atDay, from.days);
            System.arraycopy(from.countyCount, 0, to.countyCount, atDay, from.days);
        }

        /** The county's name as {@link PeerHistory#countyOf} gives it. */
        public String county() {
            return county;
        }

        public LocalDate from() {
            return from;
        }

        public LocalDate to() {
            return from.plusDays(days - 1L);
        }

        /** True when some station of the county had a usable day on every day (else a day may not be stored yet). */
        public boolean complete() {
            return Arrays.stream(countyCount).allMatch(n -> n > 0);
        }

        private double median(String township, LocalDate d, int minPeers) {
            long k = d.toEpochDay() - from.toEpochDay();
            if (k < 0 || k >= days) {
                return Double.NaN;
            }
            Integer slot = townships.get(township);
            if (slot != null) {
                int i = (int) k * townships.size() + slot;
                if (townshipCount[i] >= minPeers) {
                    return townshipMedian[i];
                }
            }
            return countyMedian[(int) k];
        }
    }
}
