package org.pvmon.statements;

import org.pvmon.db.Database;
import org.pvmon.registry.RegistryException;
import org.pvmon.registry.VillageSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The county's ledger of distribution statements (收益分配表), one ledger per village: each village's monthly
 * statements with their lifecycle DRAFT → APPROVED → PUBLISHED (公示) → PAID, who moved them and when, and the
 * adjustment statements that correct published ones. The statement itself ({@code body}, JSON text) and its totals
 * are written once and never updated: a lifecycle step only fills its own by/at/comment columns and the status. Only a
 * draft may be deleted. A refused change throws {@link StatementConflictException} and changes nothing.
 */
public final class StatementLedger {
    /** The month's statement, or an adjustment that corrects a published one. */
    public enum Kind { REGULAR, ADJUSTMENT }

    /** The lifecycle, in order. */
    public enum Status {
        DRAFT, APPROVED, PUBLISHED, PAID;

        /** Published or paid: the statement was announced (公示) and may only be corrected by an adjustment. */
        public boolean isPublished() {
            return this == PUBLISHED || this == PAID;
        }
    }

    /** Totals in fen: basis = deductions + allocations + collective. */
    public record Totals(long basisFen, long deductionsFen, long allocationsFen, long collectiveFen) {
    }

    /** Who took a lifecycle step, when, and the comment they gave with it (null: none). */
    public record Step(String by, Instant at, String comment) {
        /** A step taken without a comment. */
        public Step(String by, Instant at) {
            this(by, at, null);
        }
    }

    /** A statement to write; {@code adjusts} is the id of the statement an adjustment corrects (null for REGULAR). */
    public record NewStatement(String villageId, YearMonth month, Kind kind, String basis, int planVersion, Totals totals,
                               String body, Instant createdAt, Long adjusts) {
        public NewStatement {
            Objects.requireNonNull(villageId, "villageId");
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(createdAt, "createdAt");
            if ((kind == Kind.ADJUSTMENT) != (adjusts != null)) {
                throw new IllegalArgumentException("an adjustment, and only an adjustment, names the statement it adjusts");
            }
        }
    }

    /** A statement as stored; a step not taken yet is null. */
    public record Stored(long id, String villageId, YearMonth month, Kind kind, Status status, String basis, int planVersion,
                         Totals totals, String body, Instant createdAt, Step approved, Step published, Step paid,
                         Long adjustsStatementId) {
    }

    private static final String SELECT = "SELECT id, village_id, month, kind, status, basis, plan_version, basis_fen, deductions_fen, "
            + "allocations_fen, collective_fen, body, created_at, approved_by, approved_at, approved_comment, published_by, "
            + "published_at, published_comment, paid_by, paid_at, paid_comment, adjusts_statement_id FROM statements";

    private final Jdbi jdbi;

    /** The StatementLedger in {@code db}'s tables. */
    public StatementLedger(Database db) {
        this.jdbi = db.jdbi();
    }

    public Optional<Stored> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** A village's statements, by month then id (adjustments after what they adjust). */
    public List<Stored> ofVillage(String villageId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE village_id = :v ORDER BY month, id").bind("v", villageId)
                .map((rs, ctx) -> stored(rs)).list());
    }

    /**
     * The statements of the villages of {@code set} for the months {@code from..to} (both included), per village, each
     * village's by month then id (as {@link #ofVillage}): one query.
     */
    public Map<String, List<Stored>> ofVillages(VillageSet set, YearMonth from, YearMonth to) {
        if (set.isEmpty()) return Map.of();
        Map<String, List<Stored>> out = new HashMap<>();
        jdbi.useHandle(h -> set.bind(h.createQuery(SELECT + " WHERE village_id IN (" + set.ids() + ") AND month >= :f AND month <= :t "
                        + "ORDER BY village_id, month, id")).bind("f", from.toString()).bind("t", to.toString())
                .map((rs, ctx) -> stored(rs)).forEach(s -> out.computeIfAbsent(s.villageId(), k -> new ArrayList<>()).add(s)));
        return out;
    }

    /**
     * Writes new REGULAR drafts in one transaction (batched), skipping every village that already has a regular
     * statement for its month (whatever its status: nothing stored is touched). Returns what was written, by village id
     * (absent: skipped, it had one).
     */
    public Map<String, Long> insertDrafts(List<NewStatement> statements) {
        for (NewStatement s : statements) {
            if (s.kind() != Kind.REGULAR) throw new IllegalArgumentException("insertDrafts writes regular statements only");
        }
        if (statements.isEmpty()) return Map.of();
        try {
            return jdbi.inTransaction(h -> {
                Map<String, Long> written = new LinkedHashMap<>();
                Map<YearMonth, List<String>> byMonth = new LinkedHashMap<>();
                for (NewStatement s : statements) byMonth.computeIfAbsent(s.month(), k -> new ArrayList<>()).add(s.villageId());
                java.util.Set<String> taken = new java.util.HashSet<>();
                for (Map.Entry<YearMonth, List<String>> e : byMonth.entrySet()) {
                    for (List<String> part : parts(e.getValue())) {
                        h.createQuery("SELECT village_id FROM statements WHERE kind = 'REGULAR' AND month = :m AND village_id IN (<v>)")
                                .bind("m", e.getKey().toString()).bindList("v", part).mapTo(String.class)
                                .forEach(v -> taken.add(v + "|" + e.getKey()));
                    }
                }
                List<NewStatement> fresh = new ArrayList<>();
                for (NewStatement s : statements) if (taken.add(s.villageId() + "|" + s.month())) fresh.add(s);
                if (fresh.isEmpty()) return written;
                long[] ids = Database.nextIds(h, "statements", fresh.size());
                // a draft another instance wrote since the read above (two month-end runs at once) is skipped by the
                // unique index instead of failing the batch: on PostgreSQL this insert waits for the other transaction
                // and then does nothing
                PreparedBatch batch = h.prepareBatch("INSERT INTO statements (id, village_id, month, kind, status, basis, plan_version, "
                        + "basis_fen, deductions_fen, allocations_fen, collective_fen, body, created_at, adjusts_statement_id) VALUES "
                        + "(:id, :v, :m, 'REGULAR', 'DRAFT', :basis, :pv, :b, :d, :a, :c, :body, :at, NULL) "
                        + "ON CONFLICT (village_id, month) WHERE kind = 'REGULAR' DO NOTHING");
                for (int i = 0; i < fresh.size(); i++) {
                    NewStatement s = fresh.get(i);
                    batch.bind("id", ids[i]).bind("v", s.villageId()).bind("m", s.month().toString()).bind("basis", s.basis())
                            .bind("pv", s.planVersion()).bind("b", s.totals().basisFen()).bind("d", s.totals().deductionsFen())
                            .bind("a", s.totals().allocationsFen()).bind("c", s.totals().collectiveFen()).bind("body", s.body())
                            .bind("at", s.createdAt().toString()).add();
                }
                batch.execute();
                java.util.Set<Long> stored = new java.util.HashSet<>(); // which of them this transaction wrote
                List<Long> all = java.util.Arrays.stream(ids).boxed().toList();
                for (int i = 0; i < all.size(); i += 10_000) {
                    stored.addAll(h.createQuery("SELECT id FROM statements WHERE id IN (<ids>)")
                            .bindList("ids", all.subList(i, Math.min(all.size(), i + 10_000))).mapTo(Long.class).list());
                }
                for (int i = 0; i < fresh.size(); i++) if (stored.contains(ids[i])) written.put(fresh.get(i).villageId(), ids[i]);
                return written;
            });
        } catch (JdbiException e) {
            throw new RegistryException("the database refused the statements: " + e.getMessage());
        }
    }

    /** A long list of ids in parts that fit in one statement's parameters. */
    private static List<List<String>> parts(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 10_000) out.add(ids.subList(i, Math.min(ids.size(), i + 10_000)));
        return out;
    }

    /** The ids of the adjustments of a statement, in order. */
    public List<Long> adjustmentsOf(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM statements WHERE adjusts_statement_id = :id ORDER BY id")
                .bind("id", id).mapTo(Long.class).list());
    }

    /**
     * Writes a new DRAFT and returns it.
     *
     * @throws StatementConflictException for a REGULAR statement when the village already has one for the month, or for
     *                                    an ADJUSTMENT when the statement it adjusts is not published
     */
    public Stored insert(NewStatement s) {
        try {
            return jdbi.inTransaction(h -> {
                if (s.kind() == Kind.REGULAR) {
                    h.createQuery(SELECT + " WHERE village_id = :v AND month = :m AND kind = 'REGULAR'").bind("v", s.villageId())
                            .bind("m", s.month().toString()).map((rs, ctx) -> stored(rs)).findOne().ifPresent(existing -> {
                                throw new StatementConflictException(alreadyExists(existing));
                            });
                } else {
                    Stored original = find(h, s.adjusts()).orElseThrow(() -> new StatementConflictException(
                            "statement " + s.adjusts() + " does not exist"));
                    if (!original.status().isPublished()) {
                        throw new StatementConflictException("statement " + original.id() + " is " + original.status()
                                + ": only a published statement is corrected by an adjustment; change the draft instead "
                                + "(delete it and create it again)");
                    }
                }
                long id = Database.nextId(h, "statements");
                h.createUpdate("INSERT INTO statements (id, village_id, month, kind, status, basis, plan_version, basis_fen, "
                                + "deductions_fen, allocations_fen, collective_fen, body, created_at, adjusts_statement_id) VALUES "
                                + "(:id, :v, :m, :kind, 'DRAFT', :basis, :pv, :b, :d, :a, :c, :body, :at, :adj)")
                        .bind("id", id).bind("v", s.villageId()).bind("m", s.month().toString()).bind("kind", s.kind().name())
                        .bind("basis", s.basis()).bind("pv", s.planVersion()).bind("b", s.totals().basisFen())
                        .bind("d", s.totals().deductionsFen()).bind("a", s.totals().allocationsFen())
                        .bind("c", s.totals().collectiveFen()).bind("body", s.body()).bind("at", s.createdAt().toString())
                        .bind("adj", s.adjusts()).execute();
                return find(h, id).orElseThrow();
            });
        } catch (JdbiException e) {
            if (s.kind() == Kind.REGULAR && Database.isUniqueViolation(e)) { // another instance wrote it meanwhile
                Optional<Stored> other = jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE village_id = :v AND month = :m AND kind = 'REGULAR'")
                        .bind("v", s.villageId()).bind("m", s.month().toString()).map((rs, ctx) -> stored(rs)).findOne());
                if (other.isPresent()) throw new StatementConflictException(alreadyExists(other.get()));
            }
            throw new RegistryException("the database refused the statement: " + e.getMessage());
        }
    }

    /** As {@link #advance(long, Status, String, Instant, String)} without a comment. */
    public Stored advance(long id, Status to, String by, Instant at) {
        return advance(id, to, by, at, null);
    }

    /**
     * Moves a statement one step on: APPROVED (from DRAFT), PUBLISHED (from APPROVED) or PAID (from PUBLISHED),
     * recording {@code by}, {@code at} and {@code comment} (may be null) in the step's columns; the body is not touched.
     * Returns it.
     *
     * @throws StatementConflictException when the statement is not in the status before {@code to}, or does not exist
     */
    public Stored advance(long id, Status to, String by, Instant at, String comment) {
        Status from = switch (to) {
            case APPROVED -> Status.DRAFT;
            case PUBLISHED -> Status.APPROVED;
            case PAID -> Status.PUBLISHED;
            case DRAFT -> throw new IllegalArgumentException("a statement never goes back to DRAFT");
        };
        String column = to.name().toLowerCase(java.util.Locale.ROOT);
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE statements SET status = :to, " + column + "_by = :by, " + column + "_at = :at, "
                            + column + "_comment = :comment WHERE id = :id AND status = :from")
                    .bind("to", to.name()).bind("by", by).bind("at", at.toString()).bind("comment", comment).bind("id", id)
                    .bind("from", from.name()).execute();
            Stored now = find(h, id).orElseThrow(() -> new StatementConflictException("statement " + id + " does not exist"));
            if (n == 0) {
                String done = switch (to) {
                    case APPROVED -> "approved";
                    case PUBLISHED -> "published";
                    default -> "paid";
                };
                throw new StatementConflictException("statement " + id + " is " + now.status() + "; only a " + from
                        + " statement can be " + done + " (order: DRAFT → APPROVED → PUBLISHED → PAID)"
                        + (now.status().isPublished() ? "; a published statement never changes: correct it with an adjustment" : ""));
            }
            return now;
        });
    }

    /**
     * Deletes a draft.
     *
     * @throws StatementConflictException when the statement is not a draft
     */
    public void deleteDraft(long id) {
        jdbi.useTransaction(h -> {
            Stored s = find(h, id).orElseThrow(() -> new StatementConflictException("statement " + id + " does not exist"));
            if (s.status() != Status.DRAFT) {
                throw new StatementConflictException("statement " + id + " is " + s.status() + ": only a draft can be deleted"
                        + (s.status().isPublished() ? "; a published statement never changes; create an adjustment" : ""));
            }
            h.createUpdate("DELETE FROM statements WHERE id = :id AND status = 'DRAFT'").bind("id", id).execute();
        });
    }

    private static String alreadyExists(Stored s) {
        String how = s.status().isPublished()
                ? "a published statement never changes; create an adjustment (POST /api/statements/" + s.id() + "/adjustments)"
                : s.status() == Status.DRAFT ? "delete the draft (DELETE /api/statements/" + s.id() + ") to compute it again"
                : "it is approved; it can no longer be deleted, publish it and then adjust it";
        return "village " + s.villageId() + " already has statement " + s.id() + " for " + s.month() + " (" + s.status() + "): " + how;
    }

    private static Optional<Stored> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> stored(rs)).findOne();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        long adjusts = rs.getLong("adjusts_statement_id");
        Long adjustsId = rs.wasNull() ? null : adjusts;
        return new Stored(rs.getLong("id"), rs.getString("village_id"), YearMonth.parse(rs.getString("month")),
                Kind.valueOf(rs.getString("kind")), Status.valueOf(rs.getString("status")), rs.getString("basis"),
                rs.getInt("plan_version"), new Totals(rs.getLong("basis_fen"), rs.getLong("deductions_fen"),
                rs.getLong("allocations_fen"), rs.getLong("collective_fen")), rs.getString("body"),
                Instant.parse(rs.getString("created_at")), step(rs, "approved"), step(rs, "published"), step(rs, "paid"), adjustsId);
    }

    private static Step step(ResultSet rs, String name) throws SQLException {
        String at = rs.getString(name + "_at");
        return at == null ? null : new Step(rs.getString(name + "_by"), Instant.parse(at), rs.getString(name + "_comment"));
    }
}
