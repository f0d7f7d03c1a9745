package org.pvmon.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.config.Config;
import org.pvmon.db.Database;

/**
 * The dashboard's server-side sessions, in the database (so that every instance knows them and a restart keeps them):
 * the browser holds a random 256-bit secret in a cookie, the table its SHA-256. A session ends after
 * {@code auth.session-idle-minutes} without a request, {@code auth.session-max-hours} after sign-in, at sign-out, and
 * when the user is disabled or their role, scope or password is changed by an administrator. Each session has its own
 * CSRF token, which the dashboard sends back with every change.
 */
public final class Sessions {
    /** last_seen is written at most this often: a page's dozen requests make one write. */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final Config.Auth auth;
    private final Clock clock;

    /** A live session: {@code secret} only when just opened (it goes into the cookie, never back out of the table). */
    public record Session(String secret, String csrfToken, User user, Instant createdAt) {
    }

    public Sessions(Database db, Config.Auth auth, Clock clock) {
        this.jdbi = db.jdbi();
        this.auth = auth;
        this.clock = clock;
    }

    public Session open(User user, String from) {
        String secret = Secrets.token();
        String csrf = Secrets.token();
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            // the expired ones of everybody go now: the table holds live sessions only, give or take one sign-in
            h.createUpdate("DELETE FROM sessions WHERE last_seen < :idle OR created_at < :max")
                    .bind("idle", Database.ts(now.minus(auth.sessionIdle()))).bind("max", Database.ts(now.minus(auth.sessionMax()))).execute();
            h.createUpdate("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen, from_addr) "
                            + "VALUES (:id, :user, :csrf, :now, :now, :from)")
                    .bind("id", Secrets.sha256(secret)).bind("user", user.id()).bind("csrf", csrf).bind("now", Database.ts(now))
                    .bind("from", from == null ? null : from.length() > 64 ? from.substring(0, 64) : from).execute();
        });
        return new Session(secret, csrf, user, now);
    }

    /** The live session of a cookie's secret, or empty (unknown, timed out, user disabled); a timed-out one is deleted. */
    public Optional<Session> find(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) return Optional.empty();
        String id = Secrets.sha256(secret);
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            Optional<Stored> s = h.createQuery("SELECT s.csrf_token, s.created_at AS session_created_at, s.last_seen, u.* FROM sessions s "
                            + "JOIN users u ON u.id = s.user_id WHERE s.id_hash = :id").bind("id", id)
                    .map((rs, ctx) -> new Stored(Accounts.user(rs), rs.getString("csrf_token"), Instant.parse(rs.getString("session_created_at")),
                            Instant.parse(rs.getString("last_seen")))).findOne();
            if (s.isEmpty()) return Optional.empty();
            Stored st = s.get();
            if (st.user().disabled() || st.lastSeen().plus(auth.sessionIdle()).isBefore(now) || st.createdAt().plus(auth.sessionMax()).isBefore(now)) {
                h.createUpdate("DELETE FROM sessions WHERE id_hash = :id").bind("id", id).execute();
                return Optional.empty();
            }
            if (st.lastSeen().plus(TOUCH_EVERY).isBefore(now)) {
                h.createUpdate("UPDATE sessions SET last_seen = :now WHERE id_hash = :id").bind("now", Database.ts(now)).bind("id", id).execute();
            }
            return Optional.of(new Session(null, st.csrf(), st.user(), st.createdAt()));
        });
    }

    /** Signs out: the session is gone at once. */
    public void end(String secret) {
        if (secret == null || secret.isEmpty()) return;
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :id").bind("id", Secrets.sha256(secret)).execute());
    }

    /** Ends every session of a user except {@code keepSecret}'s (after their password changed). */
    public void endOthers(long userId, String keepSecret) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u AND id_hash <> :keep")
                .bind("u", userId).bind("keep", keepSecret == null ? "" : Secrets.sha256(keepSecret)).execute());
    }

    static void endAll(Handle h, long userId) {
        h.createUpdate("DELETE FROM sessions WHERE user_id = :u").bind("u", userId).execute();
    }

    private record Stored(User user, String csrf, Instant createdAt, Instant lastSeen) {
    }
}
