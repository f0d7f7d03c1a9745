/**
 * Access: who may use the service and where. Owns the tables {@code users}, {@code sessions} and {@code api_tokens}
 * (migration V7). A {@link org.pvmon.access.User} has one {@link org.pvmon.access.Role} (what they may do, as
 * {@link org.pvmon.access.Permission}s) and one {@link org.pvmon.access.Scope} (where: everywhere, a county, a township
 * or a village). {@link org.pvmon.access.Accounts} keeps the users, checks passwords (Argon2id), throttles and locks out
 * failed logins and creates the first administrator; {@link org.pvmon.access.Sessions} keeps the dashboard's
 * server-side sessions (idle and absolute timeouts, a CSRF token each); {@link org.pvmon.access.ApiTokens} keeps the
 * machines' tokens (shown once, stored hashed, revoked at once). Which permission each HTTP endpoint needs is declared
 * with the endpoint, in {@code http}.
 */
package org.pvmon.access;
