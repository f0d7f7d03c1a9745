package org.pvmon.alerting;

import org.pvmon.db.Database;
import org.pvmon.notify.Outbox;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.money.Money;

/**
 * The alerts raised by the alert rules, with their lifecycle OPEN → ACKNOWLEDGED → RESOLVED and their history.
 * {@link #apply} turns an {@link Evaluation} into alerts as its contract says, in one transaction: a condition with no
 * open alert opens one; a condition with an open (or acknowledged) alert updates its figures; an open alert without a
 * condition is resolved ({@code resolved_by 'auto'}) only when the evaluation says the station recovered, else kept.
 * At most one alert per station and type is not resolved (a unique index enforces it, also across instances). A
 * resolved alert never reopens: the condition coming back opens a new alert, so resolved alerts are the history.
 * Opening and resolving (automatically or by hand) also records a notification event in the {@link Outbox}, in the same
 * transaction.
 */
public final class AlertBook {
    /** The lifecycle. */
    public enum Status {
        OPEN, ACKNOWLEDGED, RESOLVED
    }

    /** Who took a step, when, and why ({@code comment} may be null). */
    public record Step(String by, Instant at, String comment) {
    }

    /**
     * An alert as stored; {@code acknowledged} and {@code resolved} are null until taken. {@code since}, {@code detail}
     * and the lost figures are those of the latest evaluation that saw the condition ({@code updatedAt}).
     */
    public record Stored(long id, String stationId, AlertType type, Status status, Instant since, Instant openedAt,
                         Instant updatedAt, String detail, BigDecimal lostKwh, Money lostYuan, Step acknowledged,
                         Step resolved) {
    }

    /** What one {@link #apply} changed: ids of alerts opened, updated and resolved, in that order of work. */
    public record Changes(Instant at, List<Long> opened, List<Long> updated, List<Long> resolved) {
        public Changes {
            opened = List.copyOf(opened);
            updated = List.copyOf(updated);
            resolved = List.copyOf(resolved);
        }
    }

    /** {@code resolved_by} of an alert resolved because its station recovered. */
    public static final String AUTO = "auto";

    private static final String SELECT = "SELECT id, station_id, type, status, since, opened_at, updated_at, detail, lost_kwh, "
            + "lost_fen, acknowledged_by, acknowledged_at, acknowledged_comment, resolved_at, resolved_by, resolution_comment "
            + "FROM alerts";

    private final Jdbi jdbi;

    /** The AlertBook in {@code db}'s tables. */
    public AlertBook(Database db) {
        this.jdbi = db.jdbi();
    }

    public Optional<Stored> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** Open and acknowledged alerts, oldest first. */
    public List<Stored> open() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE status <> 'RESOLVED' ORDER BY opened_at, id")
                .map((rs, ctx) -> stored(rs)).list());
    }

    /** Every alert ever raised, newest first. */
    public List<Stored> all() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY opened_at DESC, id DESC").map((rs, ctx) -> stored(rs)).list());
    }

    /**
     * Applies {@code e} at its instant {@link Evaluation#at()}, in one transaction (see the class documentation).
     * Stations that failed to evaluate, and alerts whose station is absent from the evaluation, are left as they are.
     * An alert updated by a later evaluation (another instance) is not moved back. When another evaluation opened the
     * same alert at the same moment (two instances on PostgreSQL: the scheduled one and an operator's), the unique index
     * refuses this transaction's row; it is applied again, once, over what the other one committed.
     */
    public Changes apply(Evaluation e) {
        try {
            return applyOnce(e);
        } catch (JdbiException x) {
            if (!Database.isUniqueViolation(x)) throw x;
            return applyOnce(e);
        }
    }

    private Changes applyOnce(Evaluation e) {
        String now = ts(e.at());
        return jdbi.inTransaction(h -> {
            Map<String, Stored> open = new HashMap<>();
            for (Stored a : h.createQuery(SELECT + " WHERE status <> 'RESOLVED'").map((rs, ctx) -> stored(rs)).list()) {
                open.put(key(a.stationId(), a.type()), a);
            }
            List<Long> opened = new ArrayList<>();
            List<Long> updated = new ArrayList<>();
            List<Long> resolved = new ArrayList<>();
            for (Condition c : e.conditions()) {
                Stored a = open.remove(key(c.stationId(), c.type()));
                if (a != null && c.type() == AlertType.OFFLINE && c.since().isAfter(a.since())) {
                    // the station reported after the open alert's silence began (a backlog or a gap filled in): that
                    // silence ended, this is another one, opened and notified on its own
                    int n = h.createUpdate("UPDATE alerts SET status = 'RESOLVED', resolved_at = :now, resolved_by = :by, "
                                    + "resolution_comment = :c, updated_at = :now WHERE id = :id AND status <> 'RESOLVED' "
                                    + "AND updated_at <= :now")
                            .bind("now", now).bind("by", AUTO).bind("c", "readings arrived after " + ts(a.since())
                                    + ": that silence ended; a new one began at " + ts(c.since())).bind("id", a.id()).execute();
                    if (n == 1) {
                        Outbox.record(h, a.id(), Outbox.RESOLVED, now);
                        resolved.add(a.id());
                    }
                    a = null;
                }
                if (a == null) {
                    long next = Database.nextId(h, "alerts");
                    h.createUpdate("INSERT INTO alerts (id, station_id, type, status, since, opened_at, updated_at, detail, "
                                    + "lost_kwh, lost_fen) VALUES (:id, :s, :t, 'OPEN', :since, :now, :now, :d, :kwh, :fen)")
                            .bind("id", next).bind("s", c.stationId()).bind("t", c.type().name()).bind("since", ts(c.since()))
                            .bind("now", now).bind("d", c.detail()).bind("kwh", c.lostKwh().toPlainString())
                            .bind("fen", c.lostYuan().fen()).execute();
                    Outbox.record(h, next, Outbox.OPENED, now);
                    opened.add(next);
                } else {
                    int n = h.createUpdate("UPDATE alerts SET detail = :d, lost_kwh = :kwh, lost_fen = :fen, updated_at = :now "
                                    + "WHERE id = :id AND status <> 'RESOLVED' AND updated_at <= :now")
                            .bind("d", c.detail()).bind("kwh", c.lostKwh().toPlainString()).bind("fen", c.lostYuan().fen())
                            .bind("now", now).bind("id", a.id()).execute();
                    if (n == 1) updated.add(a.id());
                }
            }
            for (Stored a : open.values()) {
                if (e.recovered(a.stationId(), a.type())) {
                    int n = h.createUpdate("UPDATE alerts SET status = 'RESOLVED', resolved_at = :now, resolved_by = :by, "
                                    + "resolution_comment = :c, updated_at = :now WHERE id = :id AND status <> 'RESOLVED' "
                                    + "AND updated_at <= :now")
                            .bind("now", now).bind("by", AUTO).bind("c", "the station recovered").bind("id", a.id()).execute();
                    if (n == 1) {
                        Outbox.record(h, a.id(), Outbox.RESOLVED, now);
                        resolved.add(a.id());
                    }
                }
            }
            resolved.sort(null);
            return new Changes(e.at(), opened, updated, resolved);
        });
    }

    /**
     * Acknowledges an open alert: it stays open (ACKNOWLEDGED) until its station recovers or someone resolves it.
     * Acknowledging an acknowledged alert again records the new who, when and comment.
     *
     * @throws AlertConflictException when the alert is resolved or does not exist
     */
    public Stored acknowledge(long id, String by, String comment, Instant at) {
        Objects.requireNonNull(by, "by");
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE alerts SET status = 'ACKNOWLEDGED', acknowledged_by = :by, acknowledged_at = :at, "
                            + "acknowledged_comment = :c WHERE id = :id AND status <> 'RESOLVED'")
                    .bind("by", by).bind("at", ts(at)).bind("c", comment).bind("id", id).execute();
            Stored now = find(h, id).orElseThrow(() -> new AlertConflictException("alert " + id + " does not exist"));
            if (n == 0) throw resolvedAlready(now, "acknowledged");
            return now;
        });
    }

    /**
     * Resolves an open or acknowledged alert by hand. When its condition still holds, the next evaluation opens a new
     * alert.
     *
     * @throws AlertConflictException when the alert is resolved already or does not exist
     */
    public Stored resolve(long id, String by, String comment, Instant at) {
        Objects.requireNonNull(by, "by");
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE alerts SET status = 'RESOLVED', resolved_by = :by, resolved_at = :at, "
                            + "resolution_comment = :c WHERE id = :id AND status <> 'RESOLVED'")
                    .bind("by", by).bind("at", ts(at)).bind("c", comment).bind("id", id).execute();
            Stored now = find(h, id).orElseThrow(() -> new AlertConflictException("alert " + id + " does not exist"));
            if (n == 0) throw resolvedAlready(now, "resolved");
            Outbox.record(h, id, Outbox.RESOLVED, ts(at));
            return now;
        });
    }

    private static AlertConflictException resolvedAlready(Stored a, String verb) {
        return new AlertConflictException("alert " + a.id() + " is RESOLVED (by " + a.resolved().by() + " at "
                + a.resolved().at() + "); only an OPEN or ACKNOWLEDGED alert can be " + verb
                + "; a resolved alert never reopens: a new condition opens a new alert");
    }

    private static String key(String stationId, AlertType type) {
        return stationId + "\u0000" + type.name();
    }

    private static String ts(Instant t) {
        return Database.ts(t);
    }

    private static Optional<Stored> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> stored(rs)).findOne();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(rs.getLong("id"), rs.getString("station_id"), AlertType.valueOf(rs.getString("type")),
                Status.valueOf(rs.getString("status")), Instant.parse(rs.getString("since")),
                Instant.parse(rs.getString("opened_at")), Instant.parse(rs.getString("updated_at")), rs.getString("detail"),
                new BigDecimal(rs.getString("lost_kwh")), Money.ofFen(rs.getLong("lost_fen")),
                step(rs.getString("acknowledged_by"), rs.getString("acknowledged_at"), rs.getString("acknowledged_comment")),
                step(rs.getString("resolved_by"), rs.getString("resolved_at"), rs.getString("resolution_comment")));
    }

    private static Step step(String by, String at, String comment) {
        return at == null ? null : new Step(by, Instant.parse(at), comment);
    }
}
