package org.pvmon.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few HTTP calls the benchmark makes: the service's ingest counters and InfluxDB 1.x {@code /query}. */
final class Http {
    private static final Pattern NUMBER_FIELD = Pattern.compile("\"([A-Za-z]+)\"\\s*:\\s*(-?\\d+)");
    private static final Pattern EPOCH_ROW = Pattern.compile("\\[\\s*(\\d+)\\s*,");
    private static final Pattern COUNT_ROW = Pattern.compile("\\[\\s*\\[\\s*-?\\d+\\s*,\\s*(\\d+)\\s*\\]\\s*\\]");

    /** The service's API wants a signed-in user: run.sh makes an API token and passes it here. */
    private static final String TOKEN = System.getenv("PVMON_TOKEN");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    String get(String url, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (TOKEN != null && !TOKEN.isBlank() && url.contains("/api/")) b.header("Authorization", "Bearer " + TOKEN);
        HttpRequest req = b.build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IOException("GET " + url + " -> HTTP " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    /** GET {service}/api/ingest/counters: top-level numeric fields (received, written, rejected, ...). */
    Map<String, Long> counters(String serviceUrl) throws IOException, InterruptedException {
        String body = get(serviceUrl + "/api/ingest/counters", Duration.ofSeconds(5));
        Map<String, Long> m = new HashMap<>();
        Matcher mm = NUMBER_FIELD.matcher(body);
        while (mm.find()) m.putIfAbsent(mm.group(1), Long.parseLong(mm.group(2)));
        return m;
    }

    String influxQuery(String influxUrl, String db, String q, Duration timeout) throws IOException, InterruptedException {
        String url = influxUrl + "/query?epoch=ms&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)
                + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        String body = get(url, timeout);
        if (body.contains("\"error\"")) throw new IOException("InfluxQL " + q + ": " + body);
        return body;
    }

    /** The epoch-ms times of the rows of a result queried with epoch=ms. */
    static List<Long> epochRows(String body) {
        List<Long> out = new ArrayList<>();
        Matcher m = EPOCH_ROW.matcher(body);
        while (m.find()) out.add(Long.parseLong(m.group(1)));
        return out;
    }

    /** The number of a {@code SELECT count(...)} without GROUP BY; 0 when there is no series at all. */
    static long countResult(String body) throws IOException {
        Matcher m = COUNT_ROW.matcher(body);
        if (m.find()) return Long.parseLong(m.group(1));
        if (body.contains("\"series\"")) throw new IOException("cannot read a count from " + body);
        return 0;
    }
}
