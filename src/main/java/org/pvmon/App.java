package org.pvmon;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.pvmon.http.ApiServer;
import org.pvmon.config.Config;
import org.pvmon.config.ConfigException;
import org.pvmon.ingest.Ingest;
import org.pvmon.notify.Notifier;
import org.pvmon.registry.Registry;
import org.pvmon.registry.files.RegistryCsv;
import org.pvmon.registry.RegistryException;
import org.pvmon.station.StationDirectory;
import org.pvmon.station.StationFileException;
import org.pvmon.store.InfluxStore;
import org.pvmon.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Wires the service by hand: config, then clients, then services, then the HTTP server; closes in reverse order.
 * Usage: {@code java -jar pvmon.jar [--config pvmon.properties]} (or {@code PVMON_CONFIG}), or
 * {@code java -jar pvmon.jar import DIR} to load registry CSV files; every setting can also come from a
 * {@code PVMON_*} environment variable (docs/operations.md).
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final InfluxStore store;
    private final Ingest ingest;
    private final ApiServer api;
    private final Notifier notifier;

    public App(Config cfg, Clock clock) {
        if (!SLF4JBridgeHandler.isInstalled()) { // Paho and the InfluxDB client log through java.util.logging
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        Registry registry = Registry.openSqlite(cfg.dataDir().resolve("registry.db"));
        RegistryCsv csv = new RegistryCsv(registry);
        int seeded = csv.importStationListIfChanged(cfg.stationsFile(), cfg.dataDir().resolve("stations.file.sha256"));
        for (String id : csv.seedDefaultTariffs()) {
            log.warn("Station {} has no tariff and none is known for its grid-connection year: enter it (tariffs table), "
                    + "its revenue shows as unpriced", id);
        }
        StationDirectory stations = registry.directory();
        log.info("{} stations in the registry ({})", stations.all().size(), seeded >= 0 ? seeded + " from " + cfg.stationsFile()
                : cfg.stationsFile() + " unchanged since it was imported: the registry's stations, as edited through the API");
        PrometheusRegistry metrics = new PrometheusRegistry();
        JvmMetrics.builder().register(metrics);
        this.store = new InfluxStore(cfg.influx());
        try {
            store.prepare();
        } catch (StoreUnavailableException e) {
            log.warn("InfluxDB not ready at start ({}); readings are spooled until it is", e.getMessage());
        }
        this.ingest = new Ingest(cfg, stations, store, metrics, clock);
        this.api = new ApiServer(stations, registry, store, ingest, metrics, clock, cfg.ingest().offlineAfter(), cfg.alerts(), cfg.overview(), cfg.days());
        this.notifier = new Notifier(cfg.notifications(), cfg.mqtt(), registry, metrics, clock);
        ingest.start();
        api.alertMonitor().start(cfg.mqtt().clientId()); // the lease holder: the instance's stable MQTT client id
        notifier.start(cfg.mqtt().clientId()); // the claim holder of notification deliveries: the same stable id
        api.start(cfg.http().port());
        log.info("pvmon listening on http://127.0.0.1:{}/", api.port());
    }

    public int port() {
        return api.port();
    }

    @Override
    public void close() {
        api.alertMonitor().close();
        notifier.close();
        api.close();
        ingest.close();
        store.close();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).execute(args));
    }

    /** {@code java -jar pvmon.jar [serve] [--config FILE]} or {@code java -jar pvmon.jar import DIR [--config FILE]}. */
    @Command(name = "pvmon", mixinStandardHelpOptions = true, subcommands = Cli.Import.class,
            description = "Village PV station monitor. Settings: a properties file and PVMON_* environment variables (docs/operations.md).")
    static final class Cli implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file (default: $PVMON_CONFIG, else none).")
        Path config;

        Config config() {
            String f = System.getenv("PVMON_CONFIG");
            Path file = config != null ? config : f == null ? null : Path.of(f);
            return Config.load(file, System.getenv());
        }

        /** Runs the service until it is stopped (SIGTERM / Ctrl-C). */
        @Override
        public Integer call() {
            App app;
            try {
                app = new App(config(), Clock.systemUTC());
            } catch (ConfigException | StationFileException | RegistryException e) {
                log.error("Cannot start: {}", e.getMessage());
                return 2;
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
                        + "from DIR into the registry under data.dir; each file whole or not at all.")
        static final class Import implements Callable<Integer> {
            @CommandLine.ParentCommand
            Cli parent;

            @CommandLine.Parameters(paramLabel = "DIR", description = "Directory with the CSV (UTF-8) or .xlsx files, Chinese headers.")
            Path dir;

            @Override
            public Integer call() {
                try {
                    Config cfg = parent.config();
                    Registry registry = Registry.openSqlite(cfg.dataDir().resolve("registry.db"));
                    new RegistryCsv(registry).importAll(dir);
                    log.info("Imported {} into {}", dir, cfg.dataDir().resolve("registry.db"));
                    return 0;
                } catch (RegistryException e) {
                    log.error("Import refused, nothing of the refused file was written:\n  {}", String.join("\n  ", e.problems()));
                    return 1;
                } catch (ConfigException e) {
                    log.error("Cannot import: {}", e.getMessage());
                    return 2;
                }
            }
        }
    }
}
