/**
 * Logger credentials: one broker identity per station, so that a logger speaks only for its own station and nobody
 * can take the service's session. Owns the table {@code logger_credentials} (V9: the login and mosquitto's
 * {@code $7$} PBKDF2-SHA512 hash of the password, never the password), the broker's password file and ACL file for
 * the loggers' listeners (rewritten whole from the table on every change, then the broker reloaded by SIGHUP or a
 * command), and the sync that keeps them so ({@code loggers.sync-seconds}). Public: {@link org.pvmon.loggers.LoggerCredentials}
 * (issue, rotate, revoke, list, sheet, sync) and {@link org.pvmon.loggers.CredentialSheet} (the installer's sheet).
 *
 * <p>Not in {@code ingest}: ingest is the readings' way in and owns the service's own broker connection; who may
 * publish is an administrator's job with its own table and files, which ingest neither needs nor sees (it trusts the
 * broker's ACL for the topic's station, and checks that the payload names the same one).
 */
package org.pvmon.loggers;
