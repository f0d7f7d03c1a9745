package org.pvmon.backup;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Properties;
import java.util.stream.Stream;
import org.pvmon.config.Config;
import org.pvmon.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pvmon backup DIR} and {@code pvmon restore DIR}. A backup directory holds {@code registry.db} (the SQLite
 * database) or {@code registry.dump} (the PostgreSQL one, {@code pg_dump --format=custom}): one consistent snapshot,
 * so every statement with the receipts, plans and days it was computed from;
 * {@code influxdb/} (the readings, InfluxDB's portable format), {@code stations.file.sha256} (which station file the
 * registry last imported) and, written last, {@code manifest.properties}: a directory without it is not a backup.
 * The SQL database is taken first, the readings after it, so the readings cover at least everything the snapshot's
 * statements and stored days were computed from (docs/operations.md "Backup and restore").
 */
public final class Backups {
    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    static final String MANIFEST = "manifest.properties";
    static final String SQL_FILE = "registry.db";
    static final String PG_FILE = "registry.dump";
    static final String READINGS_DIR = "influxdb";
    static final String STATION_FILE_HASH = "stations.file.sha256";

    private final Config cfg;
    private final Influxd influxd;
    private final PostgresDump postgres;
    private final Clock clock;

    public Backups(Config cfg, Clock clock) {
        this.cfg = cfg;
        this.clock = clock;
        this.influxd = new Influxd(cfg.backup().influxd(), cfg.backup().influxAddress());
        this.postgres = new PostgresDump(cfg.registryDatabase(), cfg.backup());
    }

    /**
     * Backs up into {@code dir} (created; must be empty if it exists), safe while the service runs. Returns the
     * manifest written.
     */
    public Properties backup(Path dir) {
        requireInflux1();
        boolean pg = cfg.registryDatabase().postgres();
        Path registry = cfg.dataDir().resolve(SQL_FILE);
        if (!pg && !Files.isRegularFile(registry)) {
            throw new BackupException("no registry database at " + registry.toAbsolutePath() + ": check data.dir (PVMON_DATA_DIR)");
        }
        try {
            Files.createDirectories(dir);
            try (Stream<Path> existing = Files.list(dir)) {
                if (existing.findAny().isPresent()) {
                    throw new BackupException(dir + " is not empty: back up into a new directory (e.g. one named by the date)");
                }
            }
            Properties m = new Properties();
            m.setProperty("created-at", clock.instant().toString());
            String version = Backups.class.getPackage().getImplementationVersion();
            m.setProperty("pvmon.version", version == null ? "unknown" : version);
            if (pg) {
                try (Database db = Database.open(cfg.registryDatabase(), cfg.dataDir())) {
                    m.setProperty("sql.schema-version", db.schemaVersion());
                }
                postgres.dump(dir.resolve(PG_FILE));
                m.setProperty("sql", "postgresql");
                m.setProperty("sql.file", PG_FILE);
            } else {
                try (Database db = Database.openSqlite(registry)) {
                    db.snapshotInto(dir.resolve(SQL_FILE));
                    m.setProperty("sql", "sqlite");
                    m.setProperty("sql.file", SQL_FILE);
                    m.setProperty("sql.schema-version", db.schemaVersion());
                }
            }
            log.info("SQL database snapshot: {}", dir.resolve(m.getProperty("sql.file")));
            Path hash = cfg.dataDir().resolve(STATION_FILE_HASH);
            if (Files.isRegularFile(hash)) {
                Files.copy(hash, dir.resolve(STATION_FILE_HASH));
                m.setProperty("stations.file.sha256", STATION_FILE_HASH);
            }
            influxd.backup(cfg.influx().database(), dir.resolve(READINGS_DIR));
            m.setProperty("readings", READINGS_DIR);
            m.setProperty("readings.format", "influxd backup -portable");
            m.setProperty("readings.database", cfg.influx().database());
            m.setProperty("readings.influxd-version", influxd.version());
            try (Writer w = Files.newBufferedWriter(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                m.store(w, "pvmon backup: restore with `java -jar pvmon.jar restore DIR` (docs/operations.md)");
            }
            log.info("Backup complete in {}", dir.toAbsolutePath());
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("backup into " + dir + " failed", e);
        }
    }

    /**
     * Restores the backup in {@code dir}, with the service stopped: the readings into {@code influx.database} (which
     * must not exist: InfluxDB 1.x refuses to restore over it), then the SQL database: SQLite into {@code data.dir}
     * (checked to open and migrated first; an existing {@code registry.db} is replaced only when {@code force}),
     * PostgreSQL by {@code pg_restore} into the database of {@code registry.url} (which must have no tables unless
     * {@code force}), then migrated. Checks that refuse come before anything is changed.
     */
    public void restore(Path dir, boolean force) {
        requireInflux1();
        Properties m = new Properties();
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new BackupException("no " + MANIFEST + " in " + dir + ": not a backup, or an incomplete one");
        }
        try (Reader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            m.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + manifest, e);
        }
        boolean pg = cfg.registryDatabase().postgres();
        String kind = pg ? "postgresql" : "sqlite";
        String file = pg ? PG_FILE : SQL_FILE;
        if (!kind.equals(m.getProperty("sql"))) {
            throw new BackupException(dir + " is a backup of a " + m.getProperty("sql") + " database; the settings name a " + kind
                    + " one (registry.url): restore it with the settings it was made with");
        }
        if (!Files.isRegularFile(dir.resolve(file)) || !Files.isDirectory(dir.resolve(READINGS_DIR))) {
            throw new BackupException(dir + " lacks " + file + " or " + READINGS_DIR + "/");
        }
        try {
            if (pg) restorePostgres(dir, force);
            else restoreSqlite(dir, force);
            Files.createDirectories(cfg.dataDir());
            if (Files.isRegularFile(dir.resolve(STATION_FILE_HASH))) {
                Files.copy(dir.resolve(STATION_FILE_HASH), cfg.dataDir().resolve(STATION_FILE_HASH), StandardCopyOption.REPLACE_EXISTING);
            }
            log.info("Restored the backup of {} from {}", m.getProperty("created-at"), dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("restore from " + dir + " failed", e);
        }
    }

    private void restoreSqlite(Path dir, boolean force) throws IOException {
        Path target = cfg.dataDir().resolve(SQL_FILE);
        if (Files.exists(target) && !force) {
            throw new BackupException(target.toAbsolutePath() + " exists: stop the service and restore with --force to replace it"
                    + " (or move it away first)");
        }
        Files.createDirectories(cfg.dataDir());
        Path restoring = cfg.dataDir().resolve(SQL_FILE + ".restoring");
        deleteWithJournal(restoring);
        Files.copy(dir.resolve(SQL_FILE), restoring);
        try (Database db = Database.openSqlite(restoring)) { // opens and migrates to this version's schema
            log.info("Backup's SQL database opens, schema version {}", db.schemaVersion());
        } catch (RuntimeException e) {
            deleteWithJournal(restoring);
            throw new BackupException("the backup's " + SQL_FILE + " does not open: " + e.getMessage(), e);
        }
        Path wal = restoring.resolveSibling(restoring.getFileName() + "-wal");
        if (Files.exists(wal) && Files.size(wal) > 0) { // closing the last connection checkpoints it; never lose it
            throw new BackupException("the restored database's journal " + wal + " was not written back; nothing replaced");
        }
        deleteJournal(restoring);
        try {
            restoreReadings(dir);
        } catch (BackupException e) {
            deleteWithJournal(restoring);
            throw e;
        }
        deleteJournal(target); // a journal of the replaced file would be replayed into the restored one
        Files.move(restoring, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("Restored {} into {}", SQL_FILE, target.toAbsolutePath());
    }

    private void restorePostgres(Path dir, boolean force) {
        int tables = postgres.tables();
        if (tables > 0 && !force) {
            throw new BackupException("the registry database " + cfg.registryDatabase().displayUrl() + " has " + tables
                    + " tables: restore into a new, empty database, or stop every instance and restore with --force to replace them");
        }
        restoreReadings(dir);
        postgres.restore(dir.resolve(PG_FILE));
        try (Database db = Database.open(cfg.registryDatabase(), cfg.dataDir())) { // opens and migrates to this version's schema
            log.info("Restored {} into {}, schema version {}", PG_FILE, db, db.schemaVersion());
        }
    }

    private void restoreReadings(Path dir) {
        try {
            influxd.restore(cfg.influx().database(), dir.resolve(READINGS_DIR));
        } catch (BackupException e) {
            throw new BackupException(e.getMessage() + " (the SQL database was not changed; if the InfluxDB database "
                    + cfg.influx().database() + " exists: InfluxDB does not restore over it, drop it first, "
                    + "see docs/operations.md \"Backup and restore\")", e);
        }
        log.info("Readings restored into InfluxDB database {}", cfg.influx().database());
    }

    private void requireInflux1() {
        if (!cfg.influx().mode().equals("v1")) {
            throw new BackupException("the readings' backup is InfluxDB 1.x's (influx.mode=v1); for InfluxDB 2.x use `influx backup`");
        }
    }

    private static void deleteWithJournal(Path sqlite) throws IOException {
        Files.deleteIfExists(sqlite);
        deleteJournal(sqlite);
    }

    private static void deleteJournal(Path sqlite) throws IOException {
        Files.deleteIfExists(sqlite.resolveSibling(sqlite.getFileName() + "-wal"));
        Files.deleteIfExists(sqlite.resolveSibling(sqlite.getFileName() + "-shm"));
    }
}
