package org.pvmon.notify;

import org.pvmon.db.Database;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.alerts.AlertType;
import org.pvmon.money.Money;

/**
 * The durable outbox of alert notifications. {@code AlertBook} records an {@link Event} in the same transaction as each
 * alert it opens or resolves; a sender per receiver then {@link #fanOut fans} recent events out into its deliveries,
 * {@link #claimNext claims} the oldest pending one with a conditional write (so that with several instances on one
 * database each notification is sent once), and records the outcome ({@link #sent}, {@link #retry}, {@link #failed}).
 * A receiver's deliveries go out in event order: a pending delivery holds back the later ones of the same receiver.
 */
public final class Outbox {
    /** Delivery states. */
    public enum Status {
        PENDING, SENT, FAILED
    }

    /** An alert opened or resolved, with the alert's figures at that moment; {@code resolvedBy}/{@code comment} for resolved. */
    public record Event(long id, long alertId, String event, Instant at, String stationId, AlertType type, Instant since,
                        String detail, BigDecimal lostKwh, Money lostYuan, String resolvedBy, String comment) {
    }

    /** One event's delivery to one receiver. */
    public record Delivery(Event event, String receiver, Status status, Instant createdAt, int attempts,
                           Instant nextAttemptAt, Instant lastAttemptAt, String lastError, Instant sentAt) {
    }

    public static final String OPENED = "opened";
    public static final String RESOLVED = "resolved";

    private static final String SELECT = "SELECT d.receiver, d.status, d.created_at, d.attempts, d.next_attempt_at, "
            + "d.last_attempt_at, d.last_error, d.sent_at, e.id, e.alert_id, e.event, e.at, e.station_id, e.type, e.since, "
            + "e.detail, e.lost_kwh, e.lost_fen, e.resolved_by, e.comment "
            + "FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id";

    private final Jdbi jdbi;

    /** The Outbox in {@code db}'s tables. */
    public Outbox(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Records that alert {@code alertId} was opened or resolved at {@code at}, inside the caller's transaction. */
    public static void record(Handle h, long alertId, String event, String at) {
        long id = Database.nextId(h, "notification_events");
        h.createUpdate("INSERT INTO notification_events (id, alert_id, event, at, station_id, type, since, detail, lost_kwh, "
                        + "lost_fen, resolved_by, comment) SELECT :id, id, :event, :at, station_id, type, since, detail, "
                        + "lost_kwh, lost_fen, resolved_by, resolution_comment FROM alerts WHERE id = :alert")
                .bind("id", id).bind("event", event).bind("at", at).bind("alert", alertId).execute();
    }

    /**
     * Creates the deliveries to {@code receiver} of the events at or after {@code now - window} that have none yet
     * (a receiver configured later gets the events of that window, not the whole history).
     *
     * @return the number of deliveries created
     */
    public int fanOut(String receiver, Instant now, Duration window) {
        String cutoff = Database.ts(now.minus(window));
        List<Long> ids = jdbi.withHandle(h -> h.createQuery("SELECT e.id FROM notification_events e WHERE e.at >= :cutoff "
                        + "AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.receiver = :r) "
                        + "ORDER BY e.id")
                .bind("cutoff", cutoff).bind("r", receiver).mapTo(Long.class).list());
        if (ids.isEmpty()) return 0; // the usual case: a read, no write lock
        return jdbi.inTransaction(h -> { // one commit for the batch
            int n = 0;
            for (long id : ids) {
                n += h.createUpdate("INSERT INTO notification_deliveries (event_id, receiver, status, created_at, attempts, "
                                + "next_attempt_at) VALUES (:e, :r, 'PENDING', :now, 0, :now) ON CONFLICT (event_id, receiver) DO NOTHING")
                        .bind("e", id).bind("r", receiver).bind("now", Database.ts(now)).execute();
            }
            return n;
        });
    }

    /**
     * Claims the oldest pending delivery to {@code receiver} for {@code holder} until {@code now + lease}, when it is due
     * and not claimed by another holder; one conditional UPDATE decides, also across instances.
     */
    public Optional<Delivery> claimNext(String receiver, String holder, Instant now, Duration lease) {
        return claimDue(receiver, holder, now, lease, 1).stream().findFirst();
    }

    /**
     * Claims up to {@code max} of the oldest pending deliveries to {@code receiver}, in order, as {@link #claimNext} claims
     * one: it stops at the first one not due or claimed by another holder, so deliveries still go out in event order.
     */
    public List<Delivery> claimDue(String receiver, String holder, Instant now, Duration lease, int max) {
        String at = Database.ts(now);
        return jdbi.withHandle(h -> {
            List<Delivery> head = h.createQuery(SELECT + " WHERE d.receiver = :r AND d.status = 'PENDING' "
                    + "ORDER BY d.event_id LIMIT :max").bind("r", receiver).bind("max", max).map((rs, ctx) -> delivery(rs)).list();
            List<Delivery> claimed = new ArrayList<>();
            for (Delivery d : head) {
                if (d.nextAttemptAt().isAfter(now)) break;
                int n = h.createUpdate("UPDATE notification_deliveries SET claimed_by = :h, claimed_until = :until "
                                + "WHERE event_id = :e AND receiver = :r AND status = 'PENDING' AND next_attempt_at <= :now "
                                + "AND (claimed_until IS NULL OR claimed_until < :now OR claimed_by = :h)")
                        .bind("h", holder).bind("until", Database.ts(now.plus(lease))).bind("e", d.event().id())
                        .bind("r", receiver).bind("now", at).execute();
                if (n != 1) break;
                claimed.add(d);
            }
            return claimed;
        });
    }

    /** Records a successful delivery by the claim's holder. */
    public void sent(Delivery d, String holder, Instant at) {
        finish(d, holder, "UPDATE notification_deliveries SET status = 'SENT', sent_at = :at, last_attempt_at = :at, "
                + "attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL", at, null, null);
    }

    /** Records a failed attempt; the delivery stays pending until {@code retryAt}. */
    public void retry(Delivery d, String holder, Instant at, String error, Instant retryAt) {
        finish(d, holder, "UPDATE notification_deliveries SET last_attempt_at = :at, last_error = :err, "
                + "attempts = attempts + 1, next_attempt_at = :next, claimed_by = NULL, claimed_until = NULL", at, error, retryAt);
    }

    /** Records a failed attempt after which the delivery is given up (FAILED). */
    public void failed(Delivery d, String holder, Instant at, String error) {
        finish(d, holder, "UPDATE notification_deliveries SET status = 'FAILED', last_attempt_at = :at, last_error = :err, "
                + "attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL", at, error, null);
    }

    private void finish(Delivery d, String holder, String update, Instant at, String error, Instant next) {
        String err = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        jdbi.useHandle(h -> {
            var u = h.createUpdate(update + " WHERE event_id = :e AND receiver = :r AND status = 'PENDING' AND claimed_by = :h")
                    .bind("at", Database.ts(at)).bind("e", d.event().id()).bind("r", d.receiver()).bind("h", holder);
            if (update.contains(":err")) u.bind("err", err);
            if (update.contains(":next")) u.bind("next", Database.ts(next));
            u.execute();
        });
    }

    /** Deliveries, newest event first; {@code status} null: any. */
    public List<Delivery> list(Status status, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(SELECT + (status == null ? "" : " WHERE d.status = :s")
                    + " ORDER BY d.event_id DESC, d.receiver LIMIT :limit").bind("limit", limit);
            if (status != null) q.bind("s", status.name());
            return q.map((rs, ctx) -> delivery(rs)).list();
        });
    }

    /** Delivery counts by receiver and status (every status present, 0 when none). */
    public Map<String, Map<Status, Long>> counts() {
        Map<String, Map<Status, Long>> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT receiver, status, COUNT(*) AS n FROM notification_deliveries "
                        + "GROUP BY receiver, status ORDER BY receiver")
                .map((rs, ctx) -> Map.entry(rs.getString("receiver") + " " + rs.getString("status"), rs.getLong("n")))
                .forEach(e -> {
                    String[] rs = e.getKey().split(" ");
                    out.computeIfAbsent(rs[0], r -> zeros()).put(Status.valueOf(rs[1]), e.getValue());
                }));
        return out;
    }

    static Map<Status, Long> zeros() {
        Map<Status, Long> m = new LinkedHashMap<>();
        for (Status s : Status.values()) m.put(s, 0L);
        return m;
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        Event e = new Event(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("event"), Instant.parse(rs.getString("at")),
                rs.getString("station_id"), AlertType.valueOf(rs.getString("type")), Instant.parse(rs.getString("since")),
                rs.getString("detail"), new BigDecimal(rs.getString("lost_kwh")), Money.ofFen(rs.getLong("lost_fen")),
                rs.getString("resolved_by"), rs.getString("comment"));
        return new Delivery(e, rs.getString("receiver"), Status.valueOf(rs.getString("status")),
                Instant.parse(rs.getString("created_at")), rs.getInt("attempts"), Instant.parse(rs.getString("next_attempt_at")),
                instant(rs.getString("last_attempt_at")), rs.getString("last_error"), instant(rs.getString("sent_at")));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
