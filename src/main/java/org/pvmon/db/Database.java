package org.pvmon.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.pvmon.config.Config;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The service's SQL database (the registry, the statement ledger, receipts, plans, stored days, alerts, the outbox,
 * leases): opened, migrated to the current schema (Flyway, {@code db/migration}) and closed here; each capability
 * reads and writes its own tables through {@link #jdbi()}. The SQL runs on SQLite and PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final String description;
    private final Path sqliteFile; // null when the database is not a SQLite file

    private Database(DataSource dataSource, String description, Path sqliteFile) {
        this.dataSource = dataSource;
        this.sqliteFile = sqliteFile;
        this.jdbi = Jdbi.create(dataSource);
        this.description = description;
        // a failed statement's message names its SQL, never the values bound to it (names, ID numbers) as Jdbi's does
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutArguments);
    }

    private static String withoutArguments(StatementException e) {
        StatementContext ctx = e.getStatementContext();
        String sql = ctx == null ? null : ctx.getRenderedSql() != null ? ctx.getRenderedSql() : ctx.getRawSql();
        String sqlText = sql == null ? "" : " [statement: \"" + (sql.length() > 512 ? sql.substring(0, 512) + "…" : sql) + "\"]";
        return e.getShortMessage() + sqlText;
    }

    /** The database of {@code registry.url} cannot be reached (the message has the URL, never the password). */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The database {@code settings} name ({@code registry.*}): the PostgreSQL database of {@code registry.url} when it is
     * set, else the SQLite file {@code <dataDir>/registry.db}; migrated to the current schema.
     */
    public static Database open(Config.RegistryDatabase settings, Path dataDir) {
        return settings.postgres() ? openPostgres(settings) : openSqlite(dataDir.resolve("registry.db"));
    }

    /**
     * A PostgreSQL database through a pool of at most {@code registry.pool-size} connections, migrated to the current
     * schema. The start fails at once when the database cannot be reached (the message has the URL, never the password).
     */
    private static Database openPostgres(Config.RegistryDatabase settings) {
        HikariConfig pool = new HikariConfig();
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setJdbcUrl(settings.url());
        if (!settings.username().isEmpty()) pool.setUsername(settings.username());
        if (!settings.password().isEmpty()) pool.setPassword(settings.password());
        pool.setPoolName("registry");
        pool.setMaximumPoolSize(settings.poolSize());
        pool.setMinimumIdle(1);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new Unavailable("cannot connect to the registry database " + settings.displayUrl() + ": "
                    + cause.getMessage(), e);
        }
        String description = "PostgreSQL " + settings.displayUrl()
                + (settings.username().isEmpty() ? "" : " as " + settings.username()) + " (pool of " + settings.poolSize() + ")";
        try {
            return open(ds, description);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /**
     * The embedded database in a SQLite file (created with its directory when missing), with foreign keys enforced,
     * WAL journal and a busy timeout, migrated to the current schema. Transactions begin IMMEDIATE (take the write lock
     * at BEGIN, waiting up to the busy timeout): a transaction that reads then writes (create a statement unless the
     * month has one, apply an alert evaluation) would otherwise fail with SQLITE_BUSY when another wrote in between,
     * instead of waiting and then seeing the other's row.
     */
    public static Database openSqlite(Path dbFile) {
        try {
            Path dir = dbFile.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the registry " + dbFile, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dbFile.toAbsolutePath());
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(ds);
        pool.setPoolName("registry");
        pool.setMaximumPoolSize(4); // SQLite writes one at a time anyway; reads share the WAL snapshot
        pool.setMinimumIdle(1);
        return open(new HikariDataSource(pool), "SQLite " + dbFile.toAbsolutePath(), dbFile.toAbsolutePath());
    }

    /** Any database the migrations run on (SQLite, PostgreSQL), migrated to the current schema. */
    public static Database open(DataSource dataSource) {
        return open(dataSource, dataSource.getClass().getSimpleName(), null);
    }

    private static Database open(DataSource dataSource, String description) {
        return open(dataSource, description, null);
    }

    private static Database open(DataSource dataSource, String description, Path sqliteFile) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/" + vendor(dataSource))
                .load().migrate();
        return new Database(dataSource, description, sqliteFile);
    }

    /**
     * {@code postgresql} or {@code sqlite}: the folder of the migrations only that database runs ({@code db/<vendor>}, next
     * to the shared {@code db/migration}; each version there exists for both, so that the two histories stay alike).
     */
    private static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return postgres(c) ? "postgresql" : "sqlite";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read which database this is: " + e.getMessage(), e);
        }
    }

    private static boolean postgres(Connection c) throws SQLException {
        return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    }

    /** The SQLite file this database is, if it is one (else empty: e.g. PostgreSQL). */
    public java.util.Optional<Path> sqliteFile() {
        return java.util.Optional.ofNullable(sqliteFile);
    }

    /**
     * Writes a copy of the whole SQLite database into {@code target} (which must not exist) with {@code VACUUM INTO}:
     * one statement, so one read transaction, so one consistent snapshot of every table, taken while the service may
     * be writing (WAL: writers are not blocked). Only for a SQLite database.
     */
    public void snapshotInto(Path target) {
        if (sqliteFile == null) throw new IllegalStateException("not a SQLite database: " + description);
        jdbi.useHandle(h -> h.execute("VACUUM INTO ?", target.toAbsolutePath().toString()));
    }

    /** The schema version the migrations brought the database to (Flyway's latest successful migration). */
    public String schemaVersion() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL"
                + " ORDER BY installed_rank DESC").mapTo(String.class).findFirst().orElse(""));
    }

    /** Which database this is, for a log line: {@code SQLite /path/registry.db} or {@code PostgreSQL <url> ...}, no password. */
    @Override
    public String toString() {
        return description;
    }

    /** Where each capability's SQL runs. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * The id for a new row of a table whose ids are given by the writer (statements, receipts, alerts, notification
     * events, users, API tokens), inside the inserting transaction. {@code table} is a constant of the caller, never user
     * input.
     * <ul>
     * <li>PostgreSQL: {@code nextval} of the table's sequence {@code <table>_id_seq} (migration V10): never the same id
     *     twice, also for instances inserting at the same moment, never blocking (an id of a transaction that rolled
     *     back is not used again: ids may have gaps). A new table with writer-given ids needs its sequence in
     *     {@code db/postgresql} ({@code DatabaseIdsIT} finds a table without one).</li>
     * <li>SQLite: {@code MAX(id) + 1}: transactions begin IMMEDIATE, so one writer at a time, and no other writer can
     *     come in between the read and the insert.</li>
     * </ul>
     * (Reading {@code MAX(id) + 1} on PostgreSQL let two instances' transactions read the same maximum and one of them
     * fail on the primary key.)
     */
    public static long nextId(Handle h, String table) {
        return nextIds(h, table, 1)[0];
    }

    /** {@code n} ids for new rows of {@code table}, ascending, as {@link #nextId} (not necessarily consecutive). */
    public static long[] nextIds(Handle h, String table, int n) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
        try {
            if (postgres(h.getConnection())) {
                long[] ids = h.createQuery("SELECT nextval('" + table + "_id_seq') FROM generate_series(1, :n)").bind("n", n)
                        .mapTo(Long.class).stream().mapToLong(Long::longValue).toArray();
                java.util.Arrays.sort(ids);
                return ids;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read which database this is: " + e.getMessage(), e);
        }
        long first = h.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table).mapTo(Long.class).one();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = first + i;
        return ids;
    }

    /**
     * Whether {@code e} (or a cause of it) is the database refusing a row because a unique index or primary key has one
     * like it already: PostgreSQL's SQLSTATE 23505, SQLite's UNIQUE or PRIMARY KEY constraint. On PostgreSQL two
     * transactions inserting the same key at once end this way (the second waits for the first, then fails).
     */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if ("23505".equals(s.getSQLState())) return true;
                String m = s.getMessage();
                if (m != null && (m.contains("SQLITE_CONSTRAINT_UNIQUE") || m.contains("SQLITE_CONSTRAINT_PRIMARYKEY"))) return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** An instant as the tables store it: fixed-width ISO text (milliseconds, UTC), so that text order is time order. */
    public static String ts(Instant t) {
        return INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** A date column stored as ISO text (null stays null). */
    public static LocalDate date(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : LocalDate.parse(v);
    }

    /** Closes the connection pool (when the database opened one). */
    @Override
    public void close() {
        if (dataSource instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the database failed", e);
            }
        }
    }
}
