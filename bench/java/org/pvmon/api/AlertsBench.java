package org.pvmon.api;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.alerts.AlertEvaluator;
import org.pvmon.alerts.AlertRules;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.alerts.StationInput;
import org.pvmon.config.Config;
import org.pvmon.ingest.Ingest;
import org.pvmon.registry.AlertBook;
import org.pvmon.registry.Registry;
import org.pvmon.station.StationDirectory;
import org.pvmon.store.InfluxStore;
import org.pvmon.store.Readings;

/**
 * Alert evaluation cycles over the real path, in one JVM: {@link FleetInputs#at} (registry + InfluxDB) →
 * {@link AlertEvaluator#evaluate} → {@link AlertBook#apply}, wired as {@link ApiServer} wires them, at a fixed clock.
 * Bench code (bench/alerts), in this package only to reach the package-private wiring; not in the service jar.
 *
 * <p>Usage: {@code AlertsBench --influx URL --db NAME --data-dir DIR --stations FILE --now EPOCH_S [--cycles N]}.
 * Prints one {@code key=value} line per measurement.
 */
public final class AlertsBench {
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) o.put(args[i].substring(2), args[i + 1]);
        int cycles = Integer.parseInt(o.getOrDefault("cycles", "5"));
        Instant now = Instant.ofEpochSecond(Long.parseLong(o.get("now")));
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Map<String, String> env = Map.of("PVMON_INFLUX_URL", o.get("influx"), "PVMON_INFLUX_DATABASE", o.get("db"),
                "PVMON_DATA_DIR", o.get("data-dir"), "PVMON_STATIONS_FILE", o.get("stations"));
        Config cfg = Config.load(null, env);

        long t = System.nanoTime();
        Registry registry = Registry.openSqlite(cfg.dataDir().resolve("registry.db"));
        StationDirectory stations = registry.directory();
        out("registry_open_s", secs(t));
        out("stations", stations.all().size());
        InfluxStore store = new InfluxStore(cfg.influx());
        Ingest ingest = new Ingest(cfg, stations, store, new PrometheusRegistry(), clock); // not started: no logger statuses
        Readings readings = new Readings(store);
        FleetInputs inputs = new FleetInputs(stations, registry, readings, new StationEnergy(readings, ApiServer.ZONE), ingest);
        AlertEvaluator evaluator = new AlertEvaluator(AlertRules.defaults(), ApiServer.ZONE);
        AlertBook book = registry.alerts();
        AlertMonitor monitor = new AlertMonitor(inputs, evaluator, book, registry.leases(), clock);

        for (int c = 1; c <= cycles; c++) {
            try {
                cycle(c, now, inputs, evaluator, book);
            } catch (RuntimeException e) { // what AlertMonitor.tick would log; the schedule goes on
                out("cycle" + c + "_error", e.toString().replace('\n', ' '));
            }
        }
        // the scheduled path as one call (what AlertMonitor.tick runs when it holds the lease)
        long t0 = System.nanoTime();
        try {
            AlertMonitor.Outcome outcome = monitor.evaluateNow();
            out("monitor_evaluate_now_s", secs(t0));
            out("monitor_conditions", outcome.evaluation().conditions().size());
        } catch (RuntimeException e) {
            out("monitor_evaluate_now_s", String.format("%.3f (failed: %s)", secs(t0), e));
        }
        out("monitor_open_alerts", book.open().size());
        out("heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
        store.close();
        System.exit(0);
    }

    private static void cycle(int c, Instant now, FleetInputs inputs, AlertEvaluator evaluator, AlertBook book) {
        {
            System.gc();
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            List<StationInput> fleet = inputs.at(now);
            long t1 = System.nanoTime();
            long heapAfterInputs = usedHeapMb();
            Evaluation e = evaluator.evaluate(now, fleet);
            long t2 = System.nanoTime();
            AlertBook.Changes ch = book.apply(e);
            long t3 = System.nanoTime();
            Map<AlertType, Integer> byType = new EnumMap<>(AlertType.class);
            for (Condition cond : e.conditions()) byType.merge(cond.type(), 1, Integer::sum);
            String p = "cycle" + c + "_";
            out(p + "inputs_s", (t1 - t0) / 1e9);
            out(p + "evaluate_s", (t2 - t1) / 1e9);
            out(p + "apply_s", (t3 - t2) / 1e9);
            out(p + "total_s", (t3 - t0) / 1e9);
            out(p + "cpu_s", (cpu() - cpu0) / 1e9);
            out(p + "heap_after_inputs_mb", heapAfterInputs);
            out(p + "conditions", byType.toString().replace(" ", ""));
            out(p + "failed", e.failed().size());
            out(p + "opened", ch.opened().size());
            out(p + "updated", ch.updated().size());
            out(p + "resolved", ch.resolved().size());
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long usedHeapMb() {
        return (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
    }

    private static double secs(long from) {
        return (System.nanoTime() - from) / 1e9;
    }

    private static void out(String k, Object v) {
        System.out.println(k + "=" + (v instanceof Double d ? String.format("%.3f", d) : v));
    }

    private AlertsBench() {
    }
}
