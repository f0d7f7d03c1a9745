/**
 * The SQL database every capability keeps its tables in: opened (SQLite file by default, any DataSource the migrations
 * run on, e.g. PostgreSQL), migrated by Flyway from {@code db/migration} (both databases) and {@code db/postgresql} or
 * {@code db/sqlite} (what differs: the id sequences) and closed by {@link org.pvmon.db.Database}; the conventions its
 * tables share (ids given by the writer through {@link org.pvmon.db.Database#nextId}, timestamps as fixed-width UTC text);
 * and named {@link org.pvmon.db.Leases} (table {@code leases}, renewed by the {@code leases} thread), so that one
 * instance at a time runs a periodic job.
 */
package org.pvmon.db;
