package org.pvmon.access;

import static org.pvmon.access.AccessException.Reason.*;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.db.Database;

/**
 * API tokens for machines (a Grafana datasource, a script of the county's finance office): each acts as the user it
 * belongs to, with that user's role and scope. A token is {@code pvm_} and 256 random bits, shown once when created;
 * the table keeps its SHA-256 and its first characters (to tell tokens apart in a list). Every request looks the token
 * up, so a revoked (or expired) token is refused from the next request on.
 */
public final class ApiTokens {
    public static final String PREFIX = "pvm_";

    private final Jdbi jdbi;
    private final Clock clock;

    /** A token as listed: never its secret. {@code secret} is set only in the answer to its creation. */
    public record Token(long id, long userId, String username, String name, String hint, Instant createdAt, String createdBy,
                        Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String secret) {
    }

    public ApiTokens(Database db, Clock clock) {
        this.jdbi = db.jdbi();
        this.clock = clock;
    }

    /** A new token for {@code user}; its secret is in the answer and nowhere else. {@code expiresAt} may be null. */
    public Token create(User user, String name, Instant expiresAt, String createdBy) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) throw new AccessException(INVALID, "令牌名称须为 1-100 个字符 / a token's name is 1-100 characters");
        if (user.disabled()) throw new AccessException(INVALID, "该用户已停用 / the user is disabled");
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) throw new AccessException(INVALID, "过期时间须在将来 / expiresAt must be in the future");
        String secret = PREFIX + Secrets.token();
        long id = jdbi.inTransaction(h -> {
            long next = Database.nextId(h, "api_tokens");
            h.createUpdate("INSERT INTO api_tokens (id, user_id, name, token_hash, hint, created_at, created_by, expires_at) "
                            + "VALUES (:id, :u, :n, :hash, :hint, :now, :by, :exp)")
                    .bind("id", next).bind("u", user.id()).bind("n", n).bind("hash", Secrets.sha256(secret))
                    .bind("hint", secret.substring(0, PREFIX.length() + 6)).bind("now", Database.ts(now)).bind("by", createdBy)
                    .bind("exp", expiresAt == null ? null : Database.ts(expiresAt)).execute();
            return next;
        });
        Token t = token(id).orElseThrow();
        return new Token(t.id(), t.userId(), t.username(), t.name(), t.hint(), t.createdAt(), t.createdBy(), t.expiresAt(), null, null, secret);
    }

    public List<Token> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT t.*, u.username FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id")
                .map((rs, ctx) -> token(rs)).list());
    }

    public Optional<Token> token(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT t.*, u.username FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = :id")
                .bind("id", id).map((rs, ctx) -> token(rs)).findOne());
    }

    /** Revokes a token: refused from the next request on. Revoking twice is harmless. */
    public Token revoke(long id) {
        Token t = token(id).orElseThrow(() -> new AccessException(NOT_FOUND, "没有该令牌 / no token " + id));
        if (t.revokedAt() == null) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("now", Database.ts(clock.instant())).bind("id", id).execute());
        }
        return token(id).orElseThrow();
    }

    /** The user a bearer token acts as, or empty: unknown, revoked, expired, or its user disabled. */
    public Optional<User> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) return Optional.empty();
        Instant now = clock.instant();
        String hash = Secrets.sha256(secret);
        Optional<Found> found = jdbi.withHandle(h -> h.createQuery(
                        "SELECT t.id AS token_id, t.expires_at, t.revoked_at, t.last_used_at, u.* FROM api_tokens t "
                                + "JOIN users u ON u.id = t.user_id WHERE t.token_hash = :h")
                .bind("h", hash).map((rs, ctx) -> {
                    String exp = rs.getString("expires_at");
                    String last = rs.getString("last_used_at");
                    boolean live = rs.getString("revoked_at") == null && (exp == null || Instant.parse(exp).isAfter(now));
                    boolean touch = last == null || Instant.parse(last).plusSeconds(60).isBefore(now);
                    return new Found(rs.getLong("token_id"), Accounts.user(rs), live, touch);
                }).findOne());
        if (found.isEmpty() || !found.get().live() || found.get().user().disabled()) return Optional.empty();
        Found t = found.get();
        if (t.touch()) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
                    .bind("now", Database.ts(now)).bind("id", t.id()).execute());
        }
        return Optional.of(t.user());
    }

    private record Found(long id, User user, boolean live, boolean touch) {
    }

    private static Token token(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Token(rs.getLong("id"), rs.getLong("user_id"), rs.getString("username"), rs.getString("name"), rs.getString("hint"),
                Instant.parse(rs.getString("created_at")), rs.getString("created_by"), instant(rs.getString("expires_at")),
                instant(rs.getString("last_used_at")), instant(rs.getString("revoked_at")), null);
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
