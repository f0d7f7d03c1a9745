/**
 * The audit log: who did what, when and from where, for every change and every login (failed ones too), append-only
 * and tamper-evident. Owns the tables {@code audit_log} (the entries, each with the hash of the one before and its own)
 * and {@code audit_head} (the last entry's seq and hash, and the anchor where the entries kept start), migration V8; the
 * hash chain and how a walk over it tells an edited, deleted, reordered or inserted entry ({@code Chain},
 * {@code ChainCheck}); the setting {@code audit.keep-days}; and the daily verification and purge of entries older than
 * that, one instance at a time by lease ({@link org.pvmon.audit.AuditRetention}). Callers record entries through
 * {@link org.pvmon.audit.AuditLog}; ID numbers are masked before anything is stored.
 */
package org.pvmon.audit;
