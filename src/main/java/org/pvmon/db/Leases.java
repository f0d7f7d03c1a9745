package org.pvmon.db;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Named leases in the shared database, so that a periodic job (alert evaluation) runs on one instance at a time:
 * {@link #acquire} takes a free or expired lease, or renews one already held, with one conditional write; every other
 * holder is refused until the lease expires. The database decides, so this holds across instances sharing it.
 */
public final class Leases {
    private final Jdbi jdbi;

    /** The Leases in {@code db}'s tables. */
    public Leases(Database db) {
        this.jdbi = db.jdbi();
    }

    /**
     * Takes or renews lease {@code name} for {@code holder} until {@code now + ttl}.
     *
     * @return true when {@code holder} holds the lease now; false when another holder's lease has not expired
     */
    public boolean acquire(String name, String holder, Instant now, Duration ttl) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        long nowMs = now.toEpochMilli();
        long until = now.plus(ttl).toEpochMilli();
        try {
            int taken = jdbi.withHandle(h -> h.createUpdate("UPDATE leases SET holder = :h, expires_at = :e "
                            + "WHERE name = :n AND (expires_at < :now OR holder = :h)")
                    .bind("n", name).bind("h", holder).bind("e", until).bind("now", nowMs).execute());
            if (taken == 1) return true;
            int inserted = jdbi.withHandle(h -> h.createUpdate("INSERT INTO leases (name, holder, expires_at) "
                            + "SELECT :n, :h, :e WHERE NOT EXISTS (SELECT 1 FROM leases WHERE name = :n)")
                    .bind("n", name).bind("h", holder).bind("e", until).execute());
            return inserted == 1;
        } catch (JdbiException e) {
            return false; // another instance inserted the same lease at the same moment: it won
        }
    }

    /** Gives the lease up now if {@code holder} holds it (on shutdown, so another instance takes over at once). */
    public void release(String name, String holder) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM leases WHERE name = :n AND holder = :h")
                .bind("n", name).bind("h", holder).execute());
    }

    /** The current holder of an unexpired lease {@code name}, if any. */
    public Optional<String> holder(String name, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT holder FROM leases WHERE name = :n AND expires_at >= :now")
                .bind("n", name).bind("now", now.toEpochMilli()).mapTo(String.class).findOne());
    }
}
