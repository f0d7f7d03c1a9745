package org.pvmon.access;

import java.time.Instant;

/**
 * A person (or a machine, through its tokens) who uses the service. {@code mustChangePassword}: the password was set
 * by someone else (the first administrator's, a reset) and must be changed before anything else.
 */
public record User(long id, String username, String displayName, Role role, Scope scope, boolean mustChangePassword,
                   boolean disabled, Instant lockedUntil, Instant createdAt) {
    public boolean may(Permission p) {
        return role.may(p);
    }

    /** Who did it, as the ledgers record it: the display name and the unique username. */
    public String actor() {
        return displayName.equals(username) ? username : displayName + " (" + username + ")";
    }
}
