package org.pvmon.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Lets the client's v2 WriteApi talk to InfluxDB 1.x (Debian ships 1.6.7, which has no {@code /api/v2/write}):
 * maps {@code /api/v2/write?org&bucket&precision} onto {@code /write?db&rp&precision} and sends Basic auth
 * (1.6.7 rejects {@code Authorization: Token user:pass}). A <em>network</em> interceptor, because the client
 * adds its Authorization header after application interceptors have run. Queries ({@code /query}) keep
 * their path and only get their auth header fixed.
 */
final class V1WriteInterceptor implements Interceptor {
    private final String database;
    private final String retentionPolicy;
    private final String basicAuth;

    V1WriteInterceptor(String database, String retentionPolicy, String username, String password) {
        this.database = database;
        this.retentionPolicy = retentionPolicy;
        this.basicAuth = username.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Request.Builder b = request.newBuilder().removeHeader("Authorization");
        if (basicAuth != null) b.header("Authorization", basicAuth);
        HttpUrl url = request.url();
        if (url.encodedPath().endsWith("/api/v2/write")) {
            HttpUrl.Builder u = url.newBuilder().encodedPath(url.encodedPath().replace("/api/v2/write", "/write"))
                    .removeAllQueryParameters("org").removeAllQueryParameters("bucket")
                    .removeAllQueryParameters("precision").setQueryParameter("db", database)
                    .setQueryParameter("precision", v1Precision(url.queryParameter("precision")));
            // a bucket "database/policy" names its own retention policy (as InfluxDB 1.8+ and 2.x read it)
            String bucket = url.queryParameter("bucket");
            int slash = bucket == null ? -1 : bucket.indexOf('/');
            String rp = slash >= 0 ? bucket.substring(slash + 1) : retentionPolicy;
            if (!rp.isEmpty()) u.setQueryParameter("rp", rp);
            b.url(u.build());
        }
        return chain.proceed(b.build());
    }

    /** 1.x knows n|u|ms|s|m|h and silently reads anything else as nanoseconds. */
    static String v1Precision(String v2) {
        if (v2 == null) return "n";
        return switch (v2) {
            case "ns" -> "n";
            case "us" -> "u";
            case "ms", "s" -> v2;
            default -> throw new IllegalArgumentException("unsupported write precision " + v2);
        };
    }
}
