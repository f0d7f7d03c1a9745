package org.pvmon.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.audit.ChainCheck.Head;
import org.pvmon.audit.ChainCheck.Row;
import org.pvmon.db.Database;
import org.pvmon.registry.IdNumbers;

/**
 * The audit log: who did what, when and from where (tables {@code audit_log} and {@code audit_head}). Append-only and
 * tamper-evident: each entry carries the hash of the one before ({@link Entry#prevHash()}) and its own hash over its
 * fields and that one ({@link Entry#hash()}, see {@code Chain}); a one-row head keeps the last entry's seq and hash, so
 * that {@link #verify()} sees an edited, deleted (the last ones too), reordered or inserted entry. Appends lock the head
 * row first, so that the appends of several threads and of several instances on one PostgreSQL database form one chain.
 * {@link #purge()} deletes entries older than the days to keep and moves the head's anchor (where the chain kept starts)
 * with them, so that what is kept still verifies. Thread-safe: one instance serves every caller.
 *
 * <p>Each field is bounded (longer text is cut, ending in …), control characters become spaces (a newline and a tab
 * stay in {@code detail}), and ID numbers are masked in every field before it is stored: none is ever kept here.
 *
 * <p>Limit: the chain shows changes made by someone who can write rows but not rewrite the whole chain. Someone with
 * write access to the database can compute every hash again, head included; the head's hash, logged every day by
 * {@link AuditRetention}, kept off this machine, shows that.
 */
public final class AuditLog {
    /** One entry; {@code target}, {@code detail} and {@code from} may be null. */
    public record Entry(long seq, Instant at, String actor, String action, String target, String detail, String from,
                        String prevHash, String hash) {
    }

    /**
     * Which entries {@link #list} returns, newest first: {@code at} in [{@code from}, {@code to}), {@code actor} and
     * {@code action} exactly, {@code seq} below {@code beforeSeq} (the next page: the last seq of the previous one), at
     * most {@code limit} (1-1000). A null filter takes every entry.
     */
    public record Query(Instant from, Instant to, String actor, String action, Long beforeSeq, int limit) {
        public Query {
            if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", got " + limit);
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
            }
        }
    }

    /**
     * What {@link #verify()} found: {@code entries} in the log; when not intact, {@code firstBadSeq} the first entry
     * where the chain breaks (null when the head itself is missing) and {@code problem} what happened there, starting
     * with edited, deleted, reordered or inserted (e.g. {@code deleted (entry 57 is missing)}).
     */
    public record Verification(boolean intact, long entries, Long firstBadSeq, String problem) {
    }

    /** The fewest days {@link #purge()} may keep: 6 months (等保 2.0 asks for logs kept at least that long). */
    static final int MIN_KEEP_DAYS = 183;
    static final int MAX_LIMIT = 1000;
    static final int MAX_ACTOR = 100;
    static final int MAX_ACTION = 64;
    static final int MAX_TARGET = 200;
    static final int MAX_DETAIL = 2000;
    static final int MAX_FROM = 64;
    static final String SYSTEM = "system";
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");
    private static final String COLUMNS = "seq, at, actor, action, target, detail, from_address, prev_hash, hash";

    private final Jdbi jdbi;
    private final Clock clock;
    private final int keepDays;

    /** The audit log in {@code db}'s tables, its entries stamped by {@code clock}, kept {@code keepDays} (at least 183). */
    public AuditLog(Database db, Clock clock, int keepDays) {
        if (keepDays < MIN_KEEP_DAYS) throw new IllegalArgumentException("keepDays must be at least " + MIN_KEEP_DAYS + ", got " + keepDays);
        this.jdbi = db.jdbi();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keepDays = keepDays;
    }

    /**
     * Appends one entry, stamped now, and returns it as stored (bounded, masked).
     *
     * @param actor  who: a user name, {@code system}, or for a failed login the name typed (blank allowed)
     * @param action what, a lower-case name, dotted by subject: {@code statement.approve}, {@code login}, {@code login.failed}
     * @param target on what, e.g. {@code statement:12}, {@code village:V001}; may be null
     * @param detail short free text or JSON; may be null
     * @param from   the client's address; may be null (the service itself)
     * @throws IllegalArgumentException when {@code actor} is null or {@code action} is not such a name
     */
    public Entry record(String actor, String action, String target, String detail, String from) {
        if (actor == null) throw new IllegalArgumentException("actor is required (system for the service itself)");
        if (action == null || action.length() > MAX_ACTION || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("action must be a lower-case name of at most " + MAX_ACTION
                    + " characters, dotted by subject, e.g. statement.approve or login, got " + IdNumbers.maskIn(action));
        }
        String a = Fields.line(actor, MAX_ACTOR);
        String t = Fields.line(target, MAX_TARGET);
        String d = Fields.text(detail, MAX_DETAIL);
        String f = Fields.line(from, MAX_FROM);
        return jdbi.inTransaction(h -> append(h, a, action, t, d, f));
    }

    /** The entries {@code q} selects, newest (highest seq) first. */
    public List<Entry> list(Query q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
        if (q.from() != null) sql.append(" AND at >= :from");
        if (q.to() != null) sql.append(" AND at < :to");
        if (q.actor() != null) sql.append(" AND actor = :actor");
        if (q.action() != null) sql.append(" AND action = :action");
        if (q.beforeSeq() != null) sql.append(" AND seq < :before");
        sql.append(" ORDER BY seq DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            org.jdbi.v3.core.statement.Query query = h.createQuery(sql.toString()).bind("limit", q.limit());
            if (q.from() != null) query.bind("from", Database.ts(q.from()));
            if (q.to() != null) query.bind("to", Database.ts(q.to()));
            if (q.actor() != null) query.bind("actor", q.actor());
            if (q.action() != null) query.bind("action", q.action());
            if (q.beforeSeq() != null) query.bind("before", q.beforeSeq());
            return query.map((rs, ctx) -> entry(rs)).list();
        });
    }

    /**
     * Walks the whole chain, from the head's anchor to its last entry, as one consistent read (one statement: appends
     * meanwhile are neither seen nor blocked), and says whether it is intact or where it first breaks (see
     * {@code ChainCheck}). On PostgreSQL the entries are read through a cursor, so memory stays flat.
     */
    public Verification verify() {
        return jdbi.withHandle(h -> postgres(h) ? h.inTransaction(AuditLog::walk) : walk(h));
    }

    /**
     * Deletes the entries older than the days to keep, when the chain verifies intact (else nothing is deleted and
     * {@link IllegalStateException} says where it breaks: the evidence is kept). The entries deleted are a prefix of
     * the chain, up to the first entry stamped within the days to keep; the head's anchor moves to the first entry kept,
     * so that the rest still verifies, and the purge is itself recorded ({@code audit.purge} by {@code system}).
     *
     * @return how many entries were deleted
     */
    public int purge() {
        Purged p = purgeIfIntact();
        if (!p.before().intact()) {
            throw new IllegalStateException("audit chain broken at entry " + p.before().firstBadSeq() + ": "
                    + p.before().problem() + "; nothing purged");
        }
        return p.deleted();
    }

    /** What a purge found and did: the chain before it; entries deleted; the head after it (null when broken). */
    record Purged(Verification before, int deleted, Head head) {
    }

    Purged purgeIfIntact() {
        Verification before = verify();
        if (!before.intact()) return new Purged(before, 0, null);
        Instant now = clock.instant();
        String cutoff = Database.ts(now.minus(Duration.ofDays(keepDays)));
        return jdbi.inTransaction(h -> {
            lockHead(h);
            Head head = head(h);
            // the entries before the first one stamped at or after the cutoff: a prefix of the chain, and never an entry
            // to keep, even behind one stamped too early (a clock put back)
            Long firstKept = h.createQuery("SELECT MIN(seq) FROM audit_log WHERE at >= :cutoff").bind("cutoff", cutoff)
                    .mapTo(Long.class).one();
            long last = firstKept != null ? firstKept - 1 : head.lastSeq();
            if (last < head.anchorSeq()) return new Purged(before, 0, head);
            String lastHash = h.createQuery("SELECT hash FROM audit_log WHERE seq = :s").bind("s", last).mapTo(String.class).one();
            int deleted = h.createUpdate("DELETE FROM audit_log WHERE seq <= :s").bind("s", last).execute();
            h.createUpdate("UPDATE audit_head SET anchor_seq = :a, anchor_hash = :h WHERE id = 1")
                    .bind("a", last + 1).bind("h", lastHash).execute();
            append(h, SYSTEM, "audit.purge", "audit", deleted + " entries up to entry " + last + " (older than " + cutoff
                    + ", " + keepDays + " days) deleted; the chain kept starts at entry " + (last + 1) + " after hash " + lastHash, null);
            return new Purged(before, deleted, head(h));
        });
    }

    /** The head as it is now. */
    Head head() {
        return jdbi.withHandle(AuditLog::head);
    }

    private Entry append(Handle h, String actor, String action, String target, String detail, String from) {
        lockHead(h);
        Head head = head(h);
        long seq = head.lastSeq() + 1;
        String prevHash = head.lastHash();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String ts = Database.ts(at);
        String hash = Chain.hash(seq, ts, actor, action, target, detail, from, prevHash);
        h.createUpdate("INSERT INTO audit_log (" + COLUMNS + ") VALUES (:seq, :at, :actor, :action, :target, :detail, :from, :prev, :hash)")
                .bind("seq", seq).bind("at", ts).bind("actor", actor).bind("action", action).bind("target", target)
                .bind("detail", detail).bind("from", from).bind("prev", prevHash).bind("hash", hash).execute();
        h.createUpdate("UPDATE audit_head SET last_seq = :s, last_hash = :h WHERE id = 1").bind("s", seq).bind("h", hash).execute();
        return new Entry(seq, at, actor, action, target, detail, from, prevHash, hash);
    }

    /**
     * Locks the head row for the rest of the transaction by writing it first: a concurrent append or purge (another
     * thread, another instance) waits here until this transaction ends, then reads the head this one left (PostgreSQL
     * re-reads a row it waited for; SQLite writes one transaction at a time anyway).
     */
    private static void lockHead(Handle h) {
        int locked = h.createUpdate("UPDATE audit_head SET last_seq = last_seq WHERE id = 1").execute();
        if (locked != 1) throw new IllegalStateException("the audit log's head row is missing: the chain cannot go on");
    }

    private static Head head(Handle h) {
        return h.createQuery("SELECT last_seq, last_hash, anchor_seq, anchor_hash FROM audit_head WHERE id = 1")
                .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4))).one();
    }

    private static Verification walk(Handle h) {
        // the head joined to every entry: one statement, so head and entries are one snapshot (SQLite, PostgreSQL)
        ChainCheck[] check = new ChainCheck[1];
        h.createQuery("SELECT h.last_seq, h.last_hash, h.anchor_seq, h.anchor_hash, l.seq, l.at, l.actor, l.action, l.target, "
                        + "l.detail, l.from_address, l.prev_hash, l.hash FROM audit_head h LEFT JOIN audit_log l ON l.seq IS NOT NULL "
                        + "WHERE h.id = 1 ORDER BY l.seq")
                .setFetchSize(1000).map((rs, ctx) -> {
                    if (check[0] == null) check[0] = new ChainCheck(new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                    if (rs.getObject(5) != null) {
                        check[0].accept(new Row(rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
                    }
                    return 0;
                }).forEach(x -> { });
        if (check[0] != null) return check[0].finish();
        long entries = h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one();
        return new Verification(false, entries, null, "deleted (the head row, which records the last entry, is missing)");
    }

    private static boolean postgres(Handle h) {
        try {
            return "PostgreSQL".equals(h.getConnection().getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("seq"), Instant.parse(rs.getString("at")), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("from_address"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
