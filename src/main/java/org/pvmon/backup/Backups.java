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
 * {@code pvmon backup DIR} and {@code pvmon restore DIR}. A backup directory holds {@code registry.db} (the SQL
 * database: one consistent snapshot, so every statement with the receipts, plans and days it was computed from),
 * {@code influxdb/} (the readings, InfluxDB's portable format), {@code stations.file.sha256} (which station file the
 * registry last imported) and, written last, {@code manifest.properties}: a directory without it is not a backup.
 * The SQL database is taken first, the readings after it, so the readings cover at least everything the snapshot's
 * statements and stored days were computed from. SQLite only: PostgreSQL is backed up with its own tools
 * (docs/operations.md).
 */
public final class Backups {
    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    static final String MANIFEST = "manifest.properties";
    static final String SQL_FILE = "registry.db";
    static final String READINGS_DIR = "influxdb";
    static final String STATION_FILE_HASH = "stations.file.sha256";

    private final Config cfg;
    private final Influxd influxd;
    private final Clock clock;

    public Backups(Config cfg, Clock clock) {
        this.cfg = cfg;
        this.clock = clock;
        this.influxd = new Influxd(cfg.backup().influxd(), cfg.backup().influxAddress());
    }

    /**
     * Backs up into {@code dir} (created; must be empty if it exists), safe while the service runs. Returns the
     * manifest written.
     */
    public Properties backup(Path dir) {
        refusePostgres("backup");
        requireInflux1();
        Path registry = cfg.dataDir().resolve(SQL_FILE);
        if (!Files.isRegularFile(registry)) {
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
            m.setProperty("pvmon.version", String.valueOf(Backups.class.getPackage().getImplementationVersion()));
            try (Database db = Database.openSqlite(registry)) {
                db.snapshotInto(dir.resolve(SQL_FILE));
                m.setProperty("sql", "sqlite");
                m.setProperty("sql.file", SQL_FILE);
                m.setProperty("sql.schema-version", db.schemaVersion());
            }
            log.info("SQL database snapshot: {}", dir.resolve(SQL_FILE));
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
     * must not exist: InfluxDB 1.x refuses to restore over it), then the SQL database into {@code data.dir} (checked
     * to open and migrated first; an existing {@code registry.db} is replaced only when {@code force}).
     */
    public void restore(Path dir, boolean force) {
        refusePostgres("restore");
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
        if (!"sqlite".equals(m.getProperty("sql")) || !Files.isRegularFile(dir.resolve(SQL_FILE))
                || !Files.isDirectory(dir.resolve(READINGS_DIR))) {
            throw new BackupException(dir + " lacks " + SQL_FILE + " or " + READINGS_DIR + "/ of a SQLite backup");
        }
        Path target = cfg.dataDir().resolve(SQL_FILE);
        if (Files.exists(target) && !force) {
            throw new BackupException(target.toAbsolutePath() + " exists: stop the service and restore with --force to replace it"
                    + " (or move it away first)");
        }
        try {
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
                influxd.restore(cfg.influx().database(), dir.resolve(READINGS_DIR));
            } catch (BackupException e) { // data.dir stays as it was
                deleteWithJournal(restoring);
                throw new BackupException(e.getMessage() + " (nothing in data.dir was changed; if the database "
                        + cfg.influx().database() + " exists: InfluxDB does not restore over it, drop it first, "
                        + "see docs/operations.md \"Backup and restore\")", e);
            }
            log.info("Readings restored into InfluxDB database {}", cfg.influx().database());

            deleteJournal(target); // a journal of the replaced file would be replayed into the restored one
            Files.move(restoring, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (Files.isRegularFile(dir.resolve(STATION_FILE_HASH))) {
                Files.copy(dir.resolve(STATION_FILE_HASH), cfg.dataDir().resolve(STATION_FILE_HASH), StandardCopyOption.REPLACE_EXISTING);
            }
            log.info("Restored {} from the backup of {} into {}", SQL_FILE, m.getProperty("created-at"), target.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("restore from " + dir + " failed", e);
        }
    }

    private void refusePostgres(String what) {
        if (cfg.registryDatabase().postgres()) {
            throw new BackupException("`" + what + "` covers the SQLite file only; registry.url is PostgreSQL ("
                    + cfg.registryDatabase().displayUrl() + "): use pg_dump --format=custom / pg_restore and "
                    + "influxd backup/restore -portable as docs/operations.md \"Backup and restore\" describes");
        }
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
