package org.pvmon;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.Map;
import java.nio.file.Files;
import java.util.Optional;
import org.pvmon.access.Accounts;
import org.pvmon.access.ApiTokens;
import org.pvmon.access.Sessions;
import org.pvmon.alerts.AlertEvaluator;
import org.pvmon.audit.AuditLog;
import org.pvmon.audit.AuditRetention;
import org.pvmon.backup.BackupException;
import org.pvmon.backup.Backups;
import org.pvmon.alerting.AlertBook;
import org.pvmon.alerting.AlertMonitor;
import org.pvmon.alerting.FleetInputs;
import org.pvmon.config.Config;
import org.pvmon.config.ConfigException;
import org.pvmon.dayenergy.ClosedDays;
import org.pvmon.dayenergy.DayBook;
import org.pvmon.dayenergy.StaleDays;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.db.Database;
import org.pvmon.db.Leases;
import org.pvmon.energy.Periods;
import org.pvmon.fleet.FleetState;
import org.pvmon.http.ApiServer;
import org.pvmon.ingest.Ingest;
import org.pvmon.loggers.LoggerCredentials;
import org.pvmon.loggers.LoggersCommand;
import org.pvmon.notify.Notifier;
import org.pvmon.notify.Outbox;
import org.pvmon.receipts.AccruedRevenue;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.receipts.Receivables;
import org.pvmon.registry.IdNumbers;
import org.pvmon.registry.Registry;
import org.pvmon.registry.RegistryException;
import org.pvmon.registry.files.RegistryCsv;
import org.pvmon.station.StationDirectory;
import org.pvmon.statements.CountyStatements;
import org.pvmon.statements.PlanBook;
import org.pvmon.statements.StatementBatch;
import org.pvmon.statements.StatementLedger;
import org.pvmon.statements.Statements;
import org.pvmon.store.HourlyMeans;
import org.pvmon.store.InfluxStore;
import org.pvmon.store.Readings;
import org.pvmon.store.StoreUnavailableException;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Wires the service by hand, the only place services are constructed: config, then the stores (SQL database,
 * InfluxDB), then the capabilities (registry, ingest, fleet state, stored days, revenue, receipts, statements, alerts,
 * notifications), then the HTTP API; {@link #start()} starts their work, {@link #close()} stops it in reverse order.
 * Usage: {@code java -jar pvmon.jar [--config pvmon.properties]} (or {@code PVMON_CONFIG}), or
 * {@code java -jar pvmon.jar import DIR} to load registry CSV files, {@code backup DIR} / {@code restore DIR} (docs/operations.md
 * "Backup and restore"), {@code audit verify} (docs/operations.md "Audit log"), {@code users …} (users and API tokens),
 * {@code loggers issue|rotate|revoke|list|sheet|sync} (logger credentials, docs/operations.md); every setting can also come from a
 * {@code PVMON_*} environment variable (docs/operations.md).
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Config cfg;
    private final Database db;
    private final InfluxStore store;
    private final Ingest ingest;
    private final FleetState fleet;
    private final ClosedDays closedDays; // null when daily energy is not stored (energy.keep-days=0)
    private final AlertMonitor alerts;
    private final Notifier notifier;
    private final Leases leases;
    private final AuditRetention auditRetention;
    private final LoggerCredentials loggers;
    private final Workers workers;
    private final ApiServer api;
    private final Parts parts;
    private final Accounts accounts;
    private boolean started;
    private boolean workStarted;

    /** Builds every part of the service on {@code clock}; nothing runs until {@link #start()}. */
    public App(Config cfg, Clock clock) {
        if (!SLF4JBridgeHandler.isInstalled()) { // Paho and the InfluxDB client log through java.util.logging
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        this.cfg = cfg;
        // ---- stores -------------------------------------------------------------------------------------------------
        this.db = Database.open(cfg.registryDatabase(), cfg.dataDir());
        log.info("Registry database: {}", db);
        Registry registry = new Registry(db);
        PlanBook plans = new PlanBook(db);
        ReceiptBook receipts = new ReceiptBook(db);
        RegistryCsv registryFiles = new RegistryCsv(registry, receipts, plans, cfg.uploads());
        StationDirectory stations = seedStations(cfg, registry, registryFiles);
        PrometheusRegistry metrics = new PrometheusRegistry();
        JvmMetrics.builder().register(metrics);
        Workers workers = new Workers(metrics); // supervises every long-lived worker; /health/live lists the dead ones
        this.workers = workers;
        this.store = new InfluxStore(cfg.influx(), cfg.retention());
        Readings readings = new Readings(store);

        // ---- capabilities -------------------------------------------------------------------------------------------
        this.ingest = new Ingest(cfg, stations, store, metrics, clock, workers);
        StaleDays stale = new StaleDays();
        DayBook days = cfg.days().keepDays() > 0 ? new DayBook(db) : null;
        StationEnergy energy = new StationEnergy(readings, Periods.ZONE, days, stale,
                () -> store.rawRetention().computableFrom(LocalDate.now(clock.withZone(Periods.ZONE))));
        this.fleet = new FleetState(stations, readings, energy, clock, Periods.ZONE, cfg.overview().refresh(), cfg.overview().liveBelow(),
                cfg.alerts().idle(), workers);
        ingest.onStored(fleet::accept);
        // leases expire in real time on every instance alike, whatever the clock the fleet is seen on (tests leap theirs)
        this.leases = new Leases(db, Clock.systemUTC(), workers, metrics);
        this.closedDays = days == null ? null
                : new ClosedDays(stations, days, energy, stale, leases, clock, Periods.ZONE, cfg.days(), fleet::latest, ingest::spoolPending,
                        workers, new HourlyMeans(store), store);
        if (closedDays != null) ingest.onStored(closedDays::accept);
        AccruedRevenue revenue = new AccruedRevenue(registry, energy, fleet, clock);
        Receivables receivables = new Receivables(registry, receipts, energy);
        StatementLedger ledger = new StatementLedger(db);
        StatementBatch batch = new StatementBatch(registry, ledger, plans, receipts, energy::daily);
        Statements statements = new Statements(registry, ledger, batch, clock);
        CountyStatements counties = new CountyStatements(registry, ledger, receivables, batch, clock);
        AlertBook alertBook = new AlertBook(db);

        FleetInputs alertInputs = new FleetInputs(stations, registry, readings, energy, ingest, fleet);
        AlertEvaluator evaluator = new AlertEvaluator(cfg.alerts(), Periods.ZONE);
        this.alerts = new AlertMonitor(alertInputs, evaluator, alertBook, leases, clock, ingest::arrivals, workers);
        Outbox outbox = new Outbox(db);
        this.accounts = new Accounts(db, registry, cfg.auth(), clock);
        Sessions sessions = new Sessions(db, cfg.auth(), clock);
        ApiTokens tokens = new ApiTokens(db, clock);
        this.notifier = new Notifier(cfg.notifications(), cfg.mqtt(), registry, outbox, metrics, clock, workers);
        AuditLog audit = new AuditLog(db, clock, cfg.audit().keepDays());
        this.auditRetention = new AuditRetention(audit, leases, clock, workers);
        this.loggers = new LoggerCredentials(db, registry, cfg.loggers(), clock);

        // ---- HTTP ---------------------------------------------------------------------------------------------------
        ApiServer.Services services = new ApiServer.Services(clock, metrics, workers, ingest, store, readings, stations, registry,
                registryFiles, fleet, energy, closedDays, revenue, statements, counties, plans, receipts, registryFiles.receiptFiles(),
                receivables, alerts, alertBook, outbox, accounts, sessions, tokens, audit, loggers);
        this.api = new ApiServer(services, cfg.ingest().offlineAfter(), cfg.uploads(), cfg.auth());
        this.parts = new Parts(services, alertInputs, evaluator, batch);
    }

    /**
     * The parts this App built, for the benchmarks that time one of them on its own (bench/): the services the API
     * serves, and the alert evaluation's inputs and rules. Nothing of them runs until {@link #start()}.
     */
    public record Parts(ApiServer.Services services, FleetInputs alertInputs, AlertEvaluator evaluator, StatementBatch statementBatch) {
    }

    public Parts parts() {
        return parts;
    }

    /** The registry's stations, with the station file imported when it changed and default tariffs seeded. */
    private static StationDirectory seedStations(Config cfg, Registry registry, RegistryCsv files) {
        int seeded = files.importStationListIfChanged(cfg.stationsFile(), cfg.dataDir().resolve("stations.file.sha256"));
        for (String id : files.seedDefaultTariffs()) {
            log.warn("Station {} has no tariff and none is known for its grid-connection year: enter it (tariffs table), "
                    + "its revenue shows as unpriced", id);
        }
        StationDirectory stations = registry.directory();
        log.info("{} stations in the registry ({})", stations.all().size(), seeded >= 0 ? seeded + " from " + cfg.stationsFile()
                : cfg.stationsFile() + " unchanged since it was imported: the registry's stations, as edited through the API");
        return stations;
    }

    /** Starts everything: ingest, the fleet's refresh, day closing, alert evaluation, notifications, then HTTP. */
    public App start() {
        try {
            store.prepare();
        } catch (StoreUnavailableException e) {
            log.warn("InfluxDB not ready at start ({}); readings are spooled until it is", e.getMessage());
        }
        ingest.start();
        fleet.start();
        // the leases' holder: the instance's stable MQTT client id, so that an instance started again after a crash takes
        // its own leases back at once instead of waiting for them to expire
        if (closedDays != null) closedDays.start(cfg.mqtt().clientId());
        alerts.start(cfg.mqtt().clientId());
        notifier.start(cfg.mqtt().clientId()); // the claim holder of notification deliveries: the same stable id
        auditRetention.start(cfg.mqtt().clientId()); // the audit log's daily verify and purge, by lease
        loggers.start(workers); // keeps the broker's logger files as the registry says (when this host writes them)
        workStarted = true;
        return startHttp();
    }

    /**
     * Serves the HTTP API alone, with no work in the background (no broker connection, no InfluxDB reads until a
     * request asks): what tests of the routes that need only the SQL database start.
     */
    public App startHttp() {
        firstAdministrator();
        api.start(cfg.http().host(), cfg.http().port());
        started = true;
        log.info("pvmon listening on http://{}:{}/", cfg.http().host(), api.port());
        return this;
    }

    public int port() {
        return api.port();
    }

    /** The file the first administrator's one-time password is written to (owner-only), until it is changed. */
    public static Path firstPasswordFile(Path dataDir) {
        return dataDir.resolve("initial-admin-password");
    }

    /**
     * On the very first start (no user yet): creates the administrator {@code admin} with a one-time password, printed
     * once in the log and kept in {@code data.dir/initial-admin-password} (readable by the service's user only) for the
     * person installing it; signing in forces a new password. Later starts remove the file once it was changed.
     */
    private void firstAdministrator() {
        Path file = firstPasswordFile(cfg.dataDir());
        Optional<Accounts.Created> created = accounts.createFirstAdmin();
        try {
            if (created.isPresent()) {
                Files.createDirectories(cfg.dataDir());
                Files.deleteIfExists(file);
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, created.get().password() + "\n");
                log.warn("First start: created the administrator '{}' with the one-time password {} (also in {}); "
                        + "sign in and choose a new one", Accounts.FIRST_ADMIN, created.get().password(), file);
            } else if (Files.exists(file) && accounts.users().stream()
                    .noneMatch(u -> u.username().equals(Accounts.FIRST_ADMIN) && u.mustChangePassword())) {
                Files.delete(file); // changed: the one-time password is spent
            }
        } catch (java.io.IOException e) {
            log.warn("Cannot write {}: {}", file, e.getMessage());
        }
    }

    /** Every HTTP endpoint with its access rule (docs/api.md; the access matrix test). */
    public java.util.List<ApiServer.Endpoint> endpoints() {
        return api.endpoints();
    }

    /** The accounts, for the command line and tests that set up users. */
    public Accounts accounts() {
        return accounts;
    }

    @Override
    public void close() {
        if (workStarted) {
            alerts.close();
            notifier.close();
            auditRetention.close();
            loggers.close();
        }
        if (started) api.close();
        if (workStarted) {
            if (closedDays != null) closedDays.close();
            leases.close();
            fleet.close();
            ingest.close();
        }
        store.close();
        db.close();
    }

    public static void main(String[] args) {
        // an unexpected failure goes to the log (masked there: org.pvmon.logs), not as picocli's raw trace on stderr
        System.exit(new CommandLine(new Cli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            log.error("pvmon {} failed", cmd.getCommandName(), e);
            return 1;
        }).execute(args));
    }

    /** {@code java -jar pvmon.jar [serve] [--config FILE]} or {@code java -jar pvmon.jar import DIR [--config FILE]}. */
    @Command(name = "pvmon", mixinStandardHelpOptions = true, subcommands = {Cli.Import.class, Cli.Backup.class, Cli.Restore.class,
            UsersCommand.class, Cli.Audit.class, LoggersCommand.class},
            description = "Village PV station monitor. Settings: a properties file and PVMON_* environment variables (docs/operations.md).")
    static final class Cli implements Callable<Integer>, java.util.function.Supplier<Config> {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file (default: $PVMON_CONFIG, else none).")
        Path config;

        /** The environment the settings come from: the process's (a test gives its own). */
        Map<String, String> env = System.getenv();

        Config config() {
            String f = env.get("PVMON_CONFIG");
            Path file = config != null ? config : f == null ? null : Path.of(f);
            return Config.load(file, env);
        }

        /** The settings, for the commands of other packages ({@code loggers}). */
        @Override
        public Config get() {
            return config();
        }

        /** Runs the service until it is stopped (SIGTERM / Ctrl-C). */
        @Override
        public Integer call() {
            App app;
            try {
                app = new App(config(), Clock.systemUTC()).start();
            } catch (ConfigException | RegistryException e) {
                log.error("Cannot start: {}", IdNumbers.maskIn(e.getMessage()));
                return 2;
            } catch (Database.Unavailable e) {
                log.error("Cannot start: {}", e.getMessage());
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
            try {
                Thread.currentThread().join(); // the HTTP server and ingest run on their own threads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        @Command(name = "import", mixinStandardHelpOptions = true,
                description = "Imports registry CSV files (villages.csv, stations.csv, tariffs.csv, households.csv, posts.csv) "
                        + "from DIR into the registry (registry.url, else the SQLite file under data.dir); each file whole or not at all.")
        static final class Import implements Callable<Integer> {
            @CommandLine.ParentCommand
            Cli parent;

            @CommandLine.Parameters(paramLabel = "DIR", description = "Directory with the CSV (UTF-8) or .xlsx files, Chinese headers.")
            Path dir;

            @Override
            public Integer call() {
                try {
                    Config cfg = parent.config();
                    try (Database db = Database.open(cfg.registryDatabase(), cfg.dataDir())) {
                        new RegistryCsv(new Registry(db), new ReceiptBook(db), new PlanBook(db), cfg.uploads()).importAll(dir);
                        log.info("Imported {} into {}", dir, db);
                    }
                    return 0;
                } catch (RegistryException e) { // the problems mask ID numbers already; masked again, as every line logged here
                    log.error("Import refused, nothing of the refused file was written:\n  {}",
                            IdNumbers.maskIn(e.problems().isEmpty() ? e.getMessage() : String.join("\n  ", e.problems())));
                    return 1;
                } catch (ConfigException e) {
                    log.error("Cannot import: {}", IdNumbers.maskIn(e.getMessage()));
                    return 2;
                } catch (Database.Unavailable e) {
                    log.error("Cannot import: {}", e.getMessage());
                    return 1;
                } catch (RuntimeException e) { // e.g. a database error, which may quote the row it refused
                    log.error("Import failed", IdNumbers.maskIn(e));
                    return 1;
                }
            }
        }

        @Command(name = "backup", mixinStandardHelpOptions = true,
                description = "Backs up the registry database (one consistent snapshot: the SQLite file by VACUUM INTO, "
                        + "PostgreSQL by pg_dump) and the InfluxDB readings (influxd backup -portable) into DIR, with a manifest; "
                        + "safe while the service runs.")
        static final class Backup implements Callable<Integer> {
            @CommandLine.ParentCommand
            Cli parent;

            @CommandLine.Parameters(paramLabel = "DIR", description = "A new or empty directory.")
            Path dir;

            @Override
            public Integer call() {
                return run("Backup", () -> new Backups(parent.config(), Clock.systemUTC()).backup(dir));
            }
        }

        @Command(name = "restore", mixinStandardHelpOptions = true,
                description = "Restores a backup made by `backup` from DIR, with the service stopped: the readings into "
                        + "influx.database (which must not exist), then the registry database (the SQLite file into data.dir, "
                        + "or pg_restore into registry.url's database, which must be empty).")
        static final class Restore implements Callable<Integer> {
            @CommandLine.ParentCommand
            Cli parent;

            @CommandLine.Parameters(paramLabel = "DIR", description = "The backup's directory.")
            Path dir;

            @Option(names = "--force", description = "Replace an existing registry.db in data.dir, or the tables of registry.url's database.")
            boolean force;

            @Override
            public Integer call() {
                return run("Restore", () -> new Backups(parent.config(), Clock.systemUTC()).restore(dir, force));
            }
        }

        @Command(name = "audit", mixinStandardHelpOptions = true, subcommands = Audit.Verify.class,
                description = "The audit log (docs/operations.md \"Audit log\").")
        static final class Audit {
            @CommandLine.ParentCommand
            Cli parent;

            @Command(name = "verify", mixinStandardHelpOptions = true,
                    description = "Walks the audit log's whole hash chain: prints `audit chain intact: N entries` (exit 0) or "
                            + "where it breaks and how, edited, deleted, reordered or inserted (exit 1); safe while the service runs.")
            static final class Verify implements Callable<Integer> {
                @CommandLine.ParentCommand
                Audit audit;

                @CommandLine.Spec
                CommandLine.Model.CommandSpec spec;

                @Override
                public Integer call() {
                    try {
                        Config cfg = audit.parent.config();
                        Path sqlite = cfg.dataDir().resolve("registry.db");
                        if (!cfg.registryDatabase().postgres() && !java.nio.file.Files.isRegularFile(sqlite)) {
                            log.error("Cannot verify the audit log: no registry database at {}: check data.dir (PVMON_DATA_DIR)",
                                    sqlite.toAbsolutePath());
                            return 1;
                        }
                        try (Database db = Database.open(cfg.registryDatabase(), cfg.dataDir())) {
                            AuditLog.Verification v = new AuditLog(db, Clock.systemUTC(), cfg.audit().keepDays()).verify();
                            if (v.intact()) {
                                spec.commandLine().getOut().println("audit chain intact: " + v.entries() + " entries");
                                return 0;
                            }
                            spec.commandLine().getErr().println("audit chain BROKEN"
                                    + (v.firstBadSeq() == null ? "" : " at entry " + v.firstBadSeq()) + ": " + v.problem());
                            return 1;
                        }
                    } catch (ConfigException e) {
                        log.error("Cannot verify the audit log: {}", IdNumbers.maskIn(e.getMessage()));
                        return 2;
                    } catch (Database.Unavailable e) {
                        log.error("Cannot verify the audit log: {}", e.getMessage());
                        return 1;
                    } catch (RuntimeException e) {
                        log.error("Verifying the audit log failed", IdNumbers.maskIn(e));
                        return 1;
                    }
                }
            }
        }

        private static int run(String what, Runnable work) {
            try {
                work.run();
                return 0;
            } catch (BackupException e) {
                log.error("{} refused or failed: {}", what, IdNumbers.maskIn(e.getMessage()));
                return 1;
            } catch (ConfigException e) {
                log.error("Cannot {}: {}", what.toLowerCase(java.util.Locale.ROOT), IdNumbers.maskIn(e.getMessage()));
                return 2;
            } catch (RuntimeException e) {
                log.error(what + " failed", IdNumbers.maskIn(e));
                return 1;
            }
        }
    }
}
