/**
 * The SQL database every capability keeps its tables in: opened (SQLite file by default, any DataSource the migrations
 * run on, e.g. PostgreSQL), migrated by Flyway from {@code db/migration} and closed by {@link org.pvmon.db.Database};
 * the conventions its tables share (ids given by the writer, timestamps as fixed-width UTC text); and named
 * {@link org.pvmon.db.Leases} (table {@code leases}), so that one instance at a time runs a periodic job.
 */
package org.pvmon.db;
