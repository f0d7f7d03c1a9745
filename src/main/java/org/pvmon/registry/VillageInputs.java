package org.pvmon.registry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.db.Database;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.money.Money;
import org.pvmon.revenue.StationTariff;
import org.pvmon.revenue.Tariff;
import org.pvmon.station.Station;

/**
 * The registry rows many villages' statements are computed from, read in bulk: one query per kind of row for a
 * {@link VillageSet}, whatever the number of villages and households (what {@link Registry#village},
 * {@link Registry#stationsOwnedBy}, {@link Registry#tariffOf}, {@link Registry#householdsOf} and
 * {@link Registry#postsOf} give for one village, for all of them at once).
 */
public final class VillageInputs {
    /** The stations the villages own a share of: each with all its owners (also those outside the set), and tariffs. */
    public record Ownership(Map<String, Station> stations, Map<String, JointStation> joint, Map<String, StationTariff> tariffs,
                            Map<String, List<JointStation>> byVillage) {
        /** The stations {@code villageId} owns a share of, by station id (as {@link Registry#stationsOwnedBy}). */
        public List<JointStation> ownedBy(String villageId) {
            return byVillage.getOrDefault(villageId, List.of());
        }

        /** A station's tariffs and catalogue date (none: no tariff, not catalogued). */
        public StationTariff tariffOf(String stationId) {
            return tariffs.getOrDefault(stationId, new StationTariff(List.of(), null));
        }
    }

    private final Jdbi jdbi;

    VillageInputs(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The villages of the set, by county, township and name (as {@link Registry#villages}). */
    public List<Village> villages(VillageSet set) {
        if (set.isEmpty()) return List.of();
        return jdbi.withHandle(h -> set.bind(h.createQuery("SELECT id, name, township, county FROM villages WHERE id IN ("
                        + set.ids() + ") ORDER BY county, township, name"))
                .map((rs, ctx) -> Registry.village(rs)).list());
    }

    /** The stations the set's villages own shares of, their owners and tariffs: three queries. */
    public Ownership ownership(VillageSet set) {
        if (set.isEmpty()) return new Ownership(Map.of(), Map.of(), Map.of(), Map.of());
        String owned = "SELECT station_id FROM station_owners WHERE village_id IN (" + set.ids() + ")";
        return jdbi.withHandle(h -> {
            Map<String, Station> stations = new LinkedHashMap<>();
            Map<String, java.time.LocalDate> catalogued = new HashMap<>();
            set.bind(h.createQuery("SELECT id, name, village_label, township, county, capacity_kwp, lat, lon, grid_connection_date, "
                            + "catalogue_date FROM stations WHERE id IN (" + owned + ") ORDER BY id"))
                    .map((rs, ctx) -> {
                        Station s = Registry.station(rs);
                        catalogued.put(s.id(), Database.date(rs, "catalogue_date"));
                        return s;
                    }).forEach(s -> stations.put(s.id(), s));
            Map<String, List<JointStation.Owner>> owners = new HashMap<>();
            set.bind(h.createQuery("SELECT station_id, village_id, share FROM station_owners WHERE station_id IN (" + owned
                            + ") ORDER BY station_id, list_order"))
                    .map((rs, ctx) -> Map.entry(rs.getString("station_id"),
                            new JointStation.Owner(rs.getString("village_id"), new BigDecimal(rs.getString("share")))))
                    .forEach(e -> owners.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, List<Tariff>> tariffs = new HashMap<>();
            set.bind(h.createQuery("SELECT station_id, valid_from, valid_until, benchmark_per_kwh, subsidy_per_kwh FROM tariffs "
                            + "WHERE station_id IN (" + owned + ") ORDER BY station_id, valid_from"))
                    .map((rs, ctx) -> Map.entry(rs.getString("station_id"), Registry.tariff(rs)))
                    .forEach(e -> tariffs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));

            Map<String, JointStation> joint = new LinkedHashMap<>();
            Map<String, StationTariff> stationTariffs = new HashMap<>();
            Map<String, List<JointStation>> byVillage = new HashMap<>();
            for (Station s : stations.values()) {
                stationTariffs.put(s.id(), new StationTariff(tariffs.getOrDefault(s.id(), List.of()), catalogued.get(s.id())));
                List<JointStation.Owner> os = owners.get(s.id());
                if (os == null) continue;
                JointStation j = new JointStation(s.id(), BigDecimal.valueOf(s.capacityKwp()), os);
                joint.put(s.id(), j);
                for (JointStation.Owner o : os) byVillage.computeIfAbsent(o.villageId(), k -> new ArrayList<>()).add(j);
            }
            return new Ownership(stations, joint, stationTariffs, byVillage);
        });
    }

    /**
     * The households of the set's villages with their attributes and enrollment periods, per village, each village's
     * by id (as {@link Registry#householdsOf}): three queries.
     */
    public Map<String, List<Household>> households(VillageSet set) {
        if (set.isEmpty()) return Map.of();
        record Row(String village, String id, String headName, String idNumber, int size) {
        }
        String ids = "SELECT id FROM households WHERE village_id IN (" + set.ids() + ")";
        return jdbi.withHandle(h -> {
            Map<String, Set<Household.Attribute>> attributes = new HashMap<>();
            set.bind(h.createQuery("SELECT household_id, attribute FROM household_attributes WHERE household_id IN (" + ids + ")"))
                    .map((rs, ctx) -> Map.entry(rs.getString("household_id"), Household.Attribute.valueOf(rs.getString("attribute"))))
                    .forEach(e -> attributes.computeIfAbsent(e.getKey(), k -> EnumSet.noneOf(Household.Attribute.class)).add(e.getValue()));
            Map<String, List<DateRange>> enrollments = new HashMap<>();
            set.bind(h.createQuery("SELECT household_id, enrolled_from, enrolled_to FROM enrollments WHERE household_id IN (" + ids
                            + ") ORDER BY household_id, enrolled_from"))
                    .map((rs, ctx) -> Map.entry(rs.getString("household_id"),
                            new DateRange(Database.date(rs, "enrolled_from"), Database.date(rs, "enrolled_to"))))
                    .forEach(e -> enrollments.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, List<Household>> out = new HashMap<>();
            set.bind(h.createQuery("SELECT village_id, id, head_name, id_number, size FROM households WHERE village_id IN ("
                            + set.ids() + ") ORDER BY village_id, id"))
                    .map((rs, ctx) -> new Row(rs.getString("village_id"), rs.getString("id"), rs.getString("head_name"),
                            rs.getString("id_number"), rs.getInt("size")))
                    .forEach(r -> out.computeIfAbsent(r.village(), k -> new ArrayList<>()).add(new Household(r.id(), r.headName(),
                            r.idNumber(), r.size(), attributes.getOrDefault(r.id(), Set.of()), enrollments.getOrDefault(r.id(), List.of()))));
            return out;
        });
    }

    /** The posts of the set's villages, per village, each village's by id (as {@link Registry#postsOf}): one query. */
    public Map<String, List<Post>> posts(VillageSet set) {
        if (set.isEmpty()) return Map.of();
        Map<String, List<Post>> out = new HashMap<>();
        jdbi.useHandle(h -> set.bind(h.createQuery("SELECT village_id, id, title, holder_household_id, monthly_wage_fen, active_from, "
                        + "active_to FROM posts WHERE village_id IN (" + set.ids() + ") ORDER BY village_id, id"))
                .map((rs, ctx) -> Map.entry(rs.getString("village_id"), new Post(rs.getString("id"), rs.getString("title"),
                        rs.getString("holder_household_id"), Money.ofFen(rs.getLong("monthly_wage_fen")),
                        new DateRange(Database.date(rs, "active_from"), Database.date(rs, "active_to")))))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        return out;
    }
}
