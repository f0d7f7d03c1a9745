package org.pvmon.loggers;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.db.Database;

/** The {@code logger_credentials} table (V9): one row per station ever issued a credential. */
final class CredentialStore {
    /** A row; {@code passwordHash} is null once revoked. */
    record Row(String stationId, String username, String passwordHash, Instant issuedAt, Instant rotatedAt, Instant revokedAt,
               long revision) {
    }

    /** What changes whenever any row changes: rows only ever get added, and every change raises one row's revision. */
    record Fingerprint(long rows, long revisions) {
    }

    private static final String COLUMNS = "station_id, username, password_hash, issued_at, rotated_at, revoked_at, revision";

    private final Jdbi jdbi;

    CredentialStore(Database db) {
        this.jdbi = db.jdbi();
    }

    <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    static Optional<Row> find(Handle h, String stationId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM logger_credentials WHERE station_id = :s").bind("s", stationId)
                .map((rs, ctx) -> row(rs)).findOne();
    }

    Optional<Row> find(String stationId) {
        return jdbi.withHandle(h -> find(h, stationId));
    }

    List<Row> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM logger_credentials ORDER BY station_id")
                .map((rs, ctx) -> row(rs)).list());
    }

    Fingerprint fingerprint() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, COALESCE(SUM(revision), 0) AS r FROM logger_credentials")
                .map((rs, ctx) -> new Fingerprint(rs.getLong("n"), rs.getLong("r"))).one());
    }

    static void insert(Handle h, String stationId, String username, String hash, Instant at) {
        h.createUpdate("INSERT INTO logger_credentials (" + COLUMNS + ") VALUES (:s, :u, :p, :at, NULL, NULL, 1)")
                .bind("s", stationId).bind("u", username).bind("p", hash).bind("at", Database.ts(at)).execute();
    }

    /** A revoked row issued again: a new password, as if new. */
    static void reissue(Handle h, String stationId, String hash, Instant at) {
        h.createUpdate("UPDATE logger_credentials SET password_hash = :p, issued_at = :at, rotated_at = NULL, revoked_at = NULL, "
                + "revision = revision + 1 WHERE station_id = :s").bind("s", stationId).bind("p", hash).bind("at", Database.ts(at)).execute();
    }

    static void rotate(Handle h, String stationId, String hash, Instant at) {
        h.createUpdate("UPDATE logger_credentials SET password_hash = :p, rotated_at = :at, revision = revision + 1 WHERE station_id = :s")
                .bind("s", stationId).bind("p", hash).bind("at", Database.ts(at)).execute();
    }

    static void revoke(Handle h, String stationId, Instant at) {
        h.createUpdate("UPDATE logger_credentials SET password_hash = NULL, revoked_at = :at, revision = revision + 1 WHERE station_id = :s")
                .bind("s", stationId).bind("at", Database.ts(at)).execute();
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString("station_id"), rs.getString("username"), rs.getString("password_hash"),
                instant(rs.getString("issued_at")), instant(rs.getString("rotated_at")), instant(rs.getString("revoked_at")),
                rs.getLong("revision"));
    }

    private static Instant instant(String v) {
        return v == null ? null : Instant.parse(v);
    }
}
