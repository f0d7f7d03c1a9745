package org.pvmon.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.App;
import org.pvmon.alerts.AlertEvaluator;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.alerts.StationInput;
import org.pvmon.alerting.AlertBook;
import org.pvmon.alerting.AlertMonitor;
import org.pvmon.alerting.FleetInputs;
import org.pvmon.config.Config;
import org.pvmon.dayenergy.ClosedDays;
import org.pvmon.energy.Periods;
import org.pvmon.fleet.FleetState;
import org.pvmon.http.ApiServer;
import org.pvmon.station.StationDirectory;

/**
 * Alert evaluation cycles over the production path, in one JVM, wired by the service's own {@link App}, at a fixed
 * clock: the {@link FleetState}'s window of recent readings loaded from InfluxDB (timed alone), then per cycle the
 * older days' energy ({@link FleetState#olderDays}, computed in the first cycle, one query set per day, kept after;
 * in the service the refresh computes them ahead of the alert runs), {@link FleetInputs#at}
 * (from memory), {@link AlertEvaluator#evaluate} and {@link AlertBook#apply}. With {@code --compare true}, also the
 * inputs read from InfluxDB as before the window (the fallback path) and whether they give the same conditions.
 * Bench code (bench/alerts), not in the service jar.
 *
 * <p>Usage: {@code AlertsBench --influx URL --db NAME --data-dir DIR --stations FILE --now EPOCH_S [--cycles N]
 * [--compare true]}. Prints one {@code key=value} line per measurement.
 */
public final class AlertsBench {
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) o.put(args[i].substring(2), args[i + 1]);
        int cycles = Integer.parseInt(o.getOrDefault("cycles", "5"));
        Instant now = Instant.ofEpochSecond(Long.parseLong(o.get("now")));
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        // The service's own wiring (App), nothing started: the bench loads the window and fills the stored days itself,
        // each timed alone, then runs cycles. Days are closed every second (the service's default is a minute).
        Map<String, String> env = Map.of("PVMON_INFLUX_URL", o.get("influx"), "PVMON_INFLUX_DATABASE", o.get("db"),
                "PVMON_DATA_DIR", o.get("data-dir"), "PVMON_STATIONS_FILE", o.get("stations"),
                "PVMON_ENERGY_CLOSE_EVERY_SECONDS", "1", "PVMON_ENERGY_KEEP_DAYS", "14");
        Config cfg = Config.load(null, env);

        long t = System.nanoTime();
        App app = new App(cfg, clock);
        App.Parts parts = app.parts();
        ApiServer.Services services = parts.services();
        StationDirectory stations = services.stations();
        out("registry_open_s", secs(t));
        out("stations", stations.all().size());
        FleetState fleet = services.fleet();

        System.gc();
        long heap0 = usedHeapMb();
        t = System.nanoTime();
        long cpu0 = cpu();
        fleet.loadWindow();
        out("window_load_s", secs(t));
        out("window_load_cpu_s", (cpu() - cpu0) / 1e9);
        out("window_load_queries", fleet.windowLoad().queries());
        long[] size = fleet.windowSize();
        out("window_readings", size[0]);
        out("window_stations", fleet.window().size());
        out("window_mb", size[1] / 1048576.0);
        System.gc();
        out("window_heap_mb", usedHeapMb() - heap0); // what the heap holds more after the load (GC'd)

        // The stored daily energy of the 14 days the rules look at, as a service fills it after its first start (and then
        // once a day, one day at a time, in the background): timed alone, like the window load.
        t = System.nanoTime();
        cpu0 = cpu();
        ClosedDays closed = services.closedDays();
        closed.start("alerts-bench");
        while (!closed.status().equals("complete") && System.nanoTime() - t < 3_600_000_000_000L) Thread.sleep(200);
        out("store_days_s", String.format("%.3f (%s)", secs(t), closed.status()));
        out("store_days_cpu_s", (cpu() - cpu0) / 1e9);
        closed.close();

        FleetInputs inputs = parts.alertInputs();
        AlertEvaluator evaluator = parts.evaluator();
        AlertBook book = services.alertBook();
        AlertMonitor monitor = services.alerts();

        for (int c = 1; c <= cycles; c++) {
            try {
                cycle(c, now, fleet, stations, inputs, evaluator, book);
            } catch (RuntimeException e) { // what AlertMonitor.tick would log; the schedule goes on
                out("cycle" + c + "_error", e.toString().replace('\n', ' '));
            }
        }
        if (Boolean.parseBoolean(o.getOrDefault("compare", "false"))) compare(now, inputs, evaluator);
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
        app.close();
        System.exit(0);
    }

    /** The same instant's inputs from InfluxDB (the fallback before the window has loaded): time, and same conditions? */
    private static void compare(Instant now, FleetInputs inputs, AlertEvaluator evaluator) {
        try {
            long t0 = System.nanoTime();
            List<StationInput> stored = inputs.fromStore(now);
            out("store_inputs_s", secs(t0));
            java.util.Set<String> a = conditions(evaluator.evaluate(now, stored));
            java.util.Set<String> b = conditions(evaluator.evaluate(now, inputs.at(now)));
            out("compare_conditions", a.size() + " from InfluxDB, " + b.size() + " from memory");
            java.util.Set<String> onlyA = new java.util.TreeSet<>(a);
            onlyA.removeAll(b);
            java.util.Set<String> onlyB = new java.util.TreeSet<>(b);
            onlyB.removeAll(a);
            out("compare_same", onlyA.isEmpty() && onlyB.isEmpty());
            onlyA.stream().limit(5).forEach(x -> out("compare_only_store", x));
            onlyB.stream().limit(5).forEach(x -> out("compare_only_memory", x));
        } catch (RuntimeException e) {
            out("store_inputs_s", "failed: " + e.toString().replace('\n', ' '));
        }
    }

    private static java.util.Set<String> conditions(Evaluation e) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Condition c : e.conditions()) {
            // the bench runs no refresh, so the inputs from memory lack the latest reading's inverter state (the
            // service's refresh reads it): the details are compared without it
            String detail = c.detail().replaceAll("; (last )?inverter state \\w+", "");
            out.add(c.stationId() + " " + c.type() + " " + c.since() + " " + c.lostKwh() + " " + detail);
        }
        return out;
    }

    private static void cycle(int c, Instant now, FleetState state, StationDirectory stations, FleetInputs inputs,
                              AlertEvaluator evaluator, AlertBook book) {
        {
            System.gc();
            long cpu0 = cpu();
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long c0 = threads.getCurrentThreadCpuTime();
            long tOlder = System.nanoTime();
            java.time.LocalDate today = java.time.LocalDate.ofInstant(now, Periods.ZONE);
            state.olderDays(stations.all(), FleetState.olderFrom(today), FleetState.olderTo(today)); // as FleetInputs.at asks
            long t0 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            List<StationInput> fleet = inputs.at(now);
            long t1 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            long heapAfterInputs = usedHeapMb();
            long c3 = threads.getCurrentThreadCpuTime();
            Evaluation e = evaluator.evaluate(now, fleet);
            long t2 = System.nanoTime();
            long c4 = threads.getCurrentThreadCpuTime();
            AlertBook.Changes ch = book.apply(e);
            long t3 = System.nanoTime();
            Map<AlertType, Integer> byType = new EnumMap<>(AlertType.class);
            for (Condition cond : e.conditions()) byType.merge(cond.type(), 1, Integer::sum);
            String p = "cycle" + c + "_";
            out(p + "older_days_s", (t0 - tOlder) / 1e9);
            out(p + "older_days_cpu_s", (c1 - c0) / 1e9); // this thread's CPU: less disturbed by other load
            out(p + "inputs_cpu_s", (c2 - c1) / 1e9);
            out(p + "evaluate_cpu_s", (c4 - c3) / 1e9);
            out(p + "inputs_s", (t1 - t0) / 1e9);
            out(p + "evaluate_s", (t2 - t1) / 1e9);
            out(p + "apply_s", (t3 - t2) / 1e9);
            out(p + "total_s", (t3 - tOlder) / 1e9);
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
