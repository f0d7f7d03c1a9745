package org.pvmon.statements;

import org.pvmon.db.Database;
import org.pvmon.registry.Check;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.VillageSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.distribution.DistributionPlan;

/**
 * Each village's distribution plans (分配方案), per year and versioned: a version applies from its month
 * ({@code effectiveFrom}) until the next version's, within its year. Versions are numbered 1, 2, ... per village and
 * year and never change once written; a new version is how a plan changes. A month that no version of its year covers
 * (or a village without any) is distributed by the default plan.
 */
public final class PlanBook {
    /** A stored plan version; {@code plan} has no posts (the month's posts come from the registry). */
    public record StoredPlan(String villageId, int year, int version, YearMonth effectiveFrom, DistributionPlan plan,
                             String createdBy, Instant createdAt) {
    }

    private static final String SELECT = "SELECT village_id, plan_year, version, effective_from, body, created_by, created_at FROM plans";
    private final Jdbi jdbi;

    /** The PlanBook in {@code db}'s tables. */
    public PlanBook(Database db) {
        this.jdbi = db.jdbi();
    }

    /**
     * Adds the next version of a village's plan for the year of its {@code effectiveFrom}, from the submitted JSON
     * ({@link PlanJson}); returns it.
     *
     * @throws FieldException when a field is wrong, or {@code effectiveFrom} is before the latest version of the year
     * @throws RegistryException when the village is unknown
     */
    public StoredPlan add(String villageId, String json, Instant at) {
        return jdbi.inTransaction(h -> {
            Check.that(h.createQuery("SELECT COUNT(*) FROM villages WHERE id = :id").bind("id", villageId).mapTo(Integer.class).one() > 0,
                    "unknown village " + villageId);
            PlanJson.Submitted probe = PlanJson.read(json, villageId, 1);
            int year = probe.effectiveFrom().getYear();
            Optional<StoredPlan> latest = h.createQuery(SELECT + " WHERE village_id = :v AND plan_year = :y ORDER BY version DESC")
                    .bind("v", villageId).bind("y", year).map((rs, ctx) -> stored(rs)).findFirst();
            if (latest.isPresent() && probe.effectiveFrom().isBefore(latest.get().effectiveFrom())) {
                throw new FieldException("effectiveFrom", probe.effectiveFrom() + " is before " + latest.get().effectiveFrom()
                        + ", from which version " + latest.get().version() + " applies; a new version applies from that month or later");
            }
            int version = latest.map(p -> p.version() + 1).orElse(1);
            DistributionPlan plan = PlanJson.read(json, villageId, version).plan();
            h.createUpdate("INSERT INTO plans (village_id, plan_year, version, effective_from, basis, body, created_by, created_at) "
                            + "VALUES (:v, :y, :n, :f, :b, :body, :by, :at)")
                    .bind("v", villageId).bind("y", year).bind("n", version).bind("f", probe.effectiveFrom().toString())
                    .bind("b", plan.basis().name()).bind("body", PlanJson.text(plan)).bind("by", probe.by()).bind("at", at.toString())
                    .execute();
            return new StoredPlan(villageId, year, version, probe.effectiveFrom(), plan, probe.by(), at);
        });
    }

    /**
     * Adds the plan as {@link #add} does unless the version that applies from its month already is this plan (same
     * month, same body): importing a plans file twice adds each version once. Returns whether it was added.
     */
    public boolean addIfNew(String villageId, String json, Instant at) {
        PlanJson.Submitted probe = PlanJson.read(json, villageId, 1);
        String text = PlanJson.text(probe.plan());
        for (StoredPlan p : ofVillage(villageId)) {
            if (p.effectiveFrom().equals(probe.effectiveFrom()) && PlanJson.text(p.plan()).equals(text)) return false;
        }
        add(villageId, json, at);
        return true;
    }

    /** A village's plan versions, by year and version. */
    public List<StoredPlan> ofVillage(String villageId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE village_id = :v ORDER BY plan_year, version").bind("v", villageId)
                .map((rs, ctx) -> stored(rs)).list());
    }

    /** The version that applies to {@code month}: of its year, the latest that applies from {@code month} or earlier. */
    public Optional<StoredPlan> forMonth(String villageId, YearMonth month) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE village_id = :v AND plan_year = :y AND effective_from <= :m "
                        + "ORDER BY effective_from DESC, version DESC").bind("v", villageId).bind("y", month.getYear())
                .bind("m", month.toString()).map((rs, ctx) -> stored(rs)).findFirst());
    }

    /**
     * For every village of {@code set} that has one, the version that applies to {@code month} (as
     * {@link #forMonth(String, YearMonth)}), by village id: one query.
     */
    public Map<String, StoredPlan> forMonth(VillageSet set, YearMonth month) {
        if (set.isEmpty()) return Map.of();
        Map<String, StoredPlan> out = new HashMap<>();
        jdbi.useHandle(h -> set.bind(h.createQuery(SELECT + " WHERE village_id IN (" + set.ids() + ") AND plan_year = :y "
                        + "AND effective_from <= :m ORDER BY village_id, effective_from DESC, version DESC"))
                .bind("y", month.getYear()).bind("m", month.toString()).map((rs, ctx) -> stored(rs))
                .forEach(p -> out.putIfAbsent(p.villageId(), p)));
        return out;
    }

    private static StoredPlan stored(ResultSet rs) throws SQLException {
        String village = rs.getString("village_id");
        int year = rs.getInt("plan_year");
        int version = rs.getInt("version");
        return new StoredPlan(village, year, version, YearMonth.parse(rs.getString("effective_from")),
                PlanJson.fromBody(rs.getString("body"), village, year, version), rs.getString("created_by"),
                Instant.parse(rs.getString("created_at")));
    }
}
