package org.pvmon.bench;

import org.pvmon.energy.Periods;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.statements.PlanBook;
import org.pvmon.statements.StatementLedger;
import org.pvmon.statements.StatementBatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.EnergyCalculator;
import org.pvmon.energy.EnergyReport;
import org.pvmon.registry.Registry;
import org.pvmon.registry.VillageSet;
import org.pvmon.station.Station;

/**
 * The month-end statement run (drafts of every village of a county, or of every county) measured two ways. Bench code
 * (bench/statements), in this package only to reach the package-private {@link StatementBatch}; not in the service jar.
 *
 * <pre>
 * StatementsBench http --base URL --path /api/counties/{c}/statements --month yyyy-MM [--rounds N] [--warmup N] [--timeout-s S] --label L
 *     POSTs the run to the real service: N timed rounds after the warm-up ones, deleting the drafts created between
 *     rounds (not timed) so that each round creates them all again; then once more without deleting (nothing to create),
 *     unless --again false.
 * StatementsBench inprocess --db registry.db --month yyyy-MM [--county C] --label L
 *     the same run ({@link StatementBatch#drafts}) in this JVM on the registry file, with the month's energy from a
 *     stand-in computed in memory (the counters Gen writes, through {@link EnergyCalculator}: what a stored
 *     daily-energy table would hand over, without InfluxDB), for the phases other than the energy read at scale.
 * </pre>
 * Prints {@code label_key=value} lines.
 */
public final class StatementsBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String label;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) o.put(args[i].substring(2), args[i + 1]);
        label = o.getOrDefault("label", "run");
        if (args[0].equals("http")) http(o);
        else inprocess(o);
    }

    private static void http(Map<String, String> o) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Duration timeout = Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout-s", "900")));
        String url = o.get("base") + o.get("path") + (o.get("path").contains("?") ? "&" : "?") + "month=" + o.get("month");
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "1"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));
        List<Long> times = new ArrayList<>();
        for (int r = 0; r < warmup + rounds; r++) {
            long t = System.nanoTime();
            HttpResponse<String> res;
            try {
                res = client.send(Token.add(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody())).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.net.http.HttpTimeoutException e) {
                out("timeout_s", timeout.toSeconds());
                out("error", "no answer within " + timeout.toSeconds() + " s");
                return;
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            if (res.statusCode() != 200) {
                out("http_status", res.statusCode());
                out("failed_after_ms", ms);
                out("error", res.body().replace('\n', ' '));
                return;
            }
            JsonNode body = JSON.readTree(res.body());
            if (r >= warmup) times.add(ms);
            String p = r < warmup ? "warmup" + (r + 1) : "round" + (r - warmup + 1);
            out(p + "_ms", ms);
            out(p + "_created", body.path("created").asInt());
            out(p + "_phases", body.path("phasesMs").toString().replace("\"", ""));
            if (r == warmup + rounds - 1) {
                out("villages", body.path("villages").asInt());
                out("created", body.path("created").asInt());
                out("already_there", body.path("alreadyThere").asInt());
                out("nothing_to_distribute", body.path("nothingToDistribute").asInt());
                out("errors", body.path("errorCount").asInt());
                for (String k : List.of("registryReadsMs", "energyMs", "distributionMs", "writesMs", "chunks", "stations")) {
                    out("last_" + k, body.path("phasesMs").path(k).asLong());
                }
            }
            if (r < warmup + rounds - 1) { // delete what was created, so the next round creates it again
                for (JsonNode v : body.path("results")) {
                    if (v.path("result").asText().equals("CREATED")) {
                        HttpResponse<String> d = client.send(Token.add(HttpRequest.newBuilder(URI.create(o.get("base") + "/api/statements/"
                                + v.path("statementId").asLong())).DELETE()).build(), HttpResponse.BodyHandlers.ofString());
                        if (d.statusCode() != 204) throw new IllegalStateException("DELETE: HTTP " + d.statusCode() + " " + d.body());
                    }
                }
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length > 0) {
            out("n", sorted.length);
            out("p50_ms", sorted[(sorted.length - 1) / 2]);
            out("max_ms", sorted[sorted.length - 1]);
            out("all_ms", Arrays.toString(sorted).replace(" ", ""));
        }
        if (o.getOrDefault("again", "true").equals("false")) return; // --again false: no second run
        long t = System.nanoTime();
        HttpResponse<String> again = client.send(Token.add(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())).build(), HttpResponse.BodyHandlers.ofString());
        out("again_ms", (System.nanoTime() - t) / 1_000_000);
        out("again_created", JSON.readTree(again.body()).path("created").asInt());
        out("again_already_there", JSON.readTree(again.body()).path("alreadyThere").asInt());
    }

    private static void inprocess(Map<String, String> o) throws Exception {
        YearMonth month = YearMonth.parse(o.get("month"));
        long t0 = System.nanoTime();
        Registry registry = Registry.openSqlite(Path.of(o.get("db")));
        out("registry_open_ms", (System.nanoTime() - t0) / 1_000_000);
        // the service's month-end computation with its energy replaced by an in-memory stand-in (no InfluxDB)
        StatementBatch batch = new StatementBatch(registry, new StatementLedger(registry.database()), new PlanBook(registry.database()),
                new ReceiptBook(registry.database()), StatementsBench::standIn);
        VillageSet set = o.containsKey("county") ? VillageSet.counties(List.of(o.get("county"))) : VillageSet.all();
        StatementBatch.Phases phases = new StatementBatch.Phases();
        Map<StatementBatch.Result, Integer> counts = new LinkedHashMap<>();
        int[] counties = {0};
        long t = System.nanoTime();
        batch.drafts(set, month, month.atEndOfMonth().plusDays(5), Instant.now(), phases, (county, drafts) -> {
            counties[0]++;
            for (StatementBatch.Draft d : drafts) counts.merge(d.result(), 1, Integer::sum);
        });
        out("total_ms", (System.nanoTime() - t) / 1_000_000);
        out("phases", phases.view().toString().replace(" ", ""));
        out("counties", counties[0]);
        out("results", counts.toString().replace(" ", ""));
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) out("vmhwm_mb", Long.parseLong(line.replaceAll("\\D", "")) / 1024);
        }
        out("heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        out("process_cpu_s", os.getProcessCpuTime() / 1_000_000_000L); // the JVM's CPU time (all threads, JIT, GC): the machine is shared
    }

    /** The month's energy without InfluxDB: Gen's counters (one reading a day at local midnight), through the calculator. */
    private static Map<String, EnergyReport> standIn(List<Station> stations, LocalDate from, LocalDate to) {
        EnergyCalculator calculator = new EnergyCalculator();
        double dayKwhPerKwp = 0.6 * 10.5 / Math.PI * 2; // Gen.DAY_KWH_PER_KWP
        LocalDate day0 = from.minusDays(1);
        Map<String, EnergyReport> out = new LinkedHashMap<>();
        for (Station s : stations) {
            List<CounterSample> samples = new ArrayList<>();
            int k = 0;
            for (LocalDate d = day0; !d.isAfter(to.plusDays(2)); d = d.plusDays(1), k++) {
                double kwh = Math.round((2000 + dayKwhPerKwp * k) * s.capacityKwp() * 10) / 10.0;
                samples.add(new CounterSample(d.atStartOfDay(Periods.ZONE).toInstant(), kwh, 0));
            }
            out.put(s.id(), calculator.daily(samples, s.capacityKwp(), from, to.plusDays(1), Periods.ZONE));
        }
        return out;
    }

    private static void out(String key, Object value) {
        System.out.println(label + "_" + key + "=" + value);
    }
}
