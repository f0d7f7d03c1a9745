package org.pvmon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A small load loop with the JDK HttpClient: GETs each URL in turn, one request at a time (or, with
 * {@code --together}, all URLs at once as one "page refresh", timed until the last answers), and prints latency
 * percentiles as {@code key=value} lines, with the count of non-200 answers.
 *
 * <pre>
 * HttpLoad --label NAME --requests N [--warmup W] [--max-seconds S] [--together] [--urls-file FILE] URL...
 * </pre>
 * A "request" in the output is one round over all URLs; {@code LABEL_each_*} are the single requests' latencies
 * (in turn only).
 * <pre>
 * </pre>
 */
public final class HttpLoad {
    public static void main(String[] args) throws Exception {
        List<String> urls = new ArrayList<>();
        String label = "load";
        int requests = 100;
        int warmup = 5;
        double maxSeconds = 120;
        boolean together = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--label" -> label = args[++i];
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--max-seconds" -> maxSeconds = Double.parseDouble(args[++i]);
                case "--together" -> together = true;
                case "--urls-file" -> urls.addAll(java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[++i])));
                default -> urls.add(args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < warmup; i++) round(http, urls, together);
        double[] ms = new double[requests];
        long bytes = 0;
        int n = 0;
        errors = 0;
        measuring = true;
        long start = System.nanoTime();
        while (n < requests && (System.nanoTime() - start) / 1e9 < maxSeconds) {
            long t0 = System.nanoTime();
            bytes = round(http, urls, together);
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] v = Arrays.copyOf(ms, n);
        double[] e = each.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (!together && urls.size() > 1 && e.length > 0) {
            System.out.printf("%seach_n=%d%n%seach_p50_ms=%.1f%n%seach_p95_ms=%.1f%n%seach_max_ms=%.1f%n%seach_mean_ms=%.1f%n",
                    label + "_", e.length, label + "_", pct(e, 50), label + "_", pct(e, 95), label + "_", e[e.length - 1],
                    label + "_", Arrays.stream(e).average().orElse(Double.NaN));
        }
        Arrays.sort(v);
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        String p = label + "_";
        System.out.printf("%sn=%d%n%sp50_ms=%.1f%n%sp95_ms=%.1f%n%sp99_ms=%.1f%n%smax_ms=%.1f%n%smean_ms=%.1f%n%sbytes=%d%n",
                p, n, p, pct(v, 50), p, pct(v, 95), p, pct(v, 99), p, v[v.length - 1], p, mean, p, bytes);
        System.out.printf("%serrors=%d%s%n", p, errors, firstError == null ? "" : "\n" + p + "first_error=" + firstError);
    }

    /** One request per URL (in turn, or all at once); returns the bytes of the last round's bodies. */
    private static long round(HttpClient http, List<String> urls, boolean together) throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> pending = new ArrayList<>();
        long bytes = 0;
        for (String u : urls) {
            HttpRequest r = Token.add(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(300)).GET()).build();
            long t0 = System.nanoTime();
            CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray());
            if (!together) {
                bytes += check(u, f.get());
                if (measuring) each.add((System.nanoTime() - t0) / 1e6);
            }
            else pending.add(f);
        }
        for (int i = 0; i < pending.size(); i++) bytes += check(urls.get(i), pending.get(i).get());
        return bytes;
    }

    private static int errors;
    private static boolean measuring;
    private static final List<Double> each = new ArrayList<>();
    private static String firstError;

    /** Counts a non-200 answer as an error (its latency still counts). */
    private static long check(String url, HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            errors++;
            if (firstError == null) {
                String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
                firstError = "HTTP " + r.statusCode() + " " + body.substring(0, Math.min(160, body.length())).replace('\n', ' ');
            }
        }
        return r.body().length;
    }

    /** Nearest-rank percentile of sorted values. */
    static double pct(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private HttpLoad() {
    }

}
