/**
 * Backup and restore of the service's data ({@code pvmon backup DIR}, {@code pvmon restore DIR}): the SQL database
 * as one consistent snapshot (SQLite: {@code VACUUM INTO} through the service's own driver; PostgreSQL: {@code pg_dump}
 * and {@code pg_restore}) and the readings through
 * InfluxDB 1.x's portable backup ({@code influxd backup -portable}), with a manifest of when and what. Built by the
 * command line in {@code App}; owns no table and no schedule. docs/operations.md "Backup and restore".
 */
package org.pvmon.backup;
