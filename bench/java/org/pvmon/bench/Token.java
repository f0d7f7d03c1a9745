package org.pvmon.bench;

import java.net.http.HttpRequest;

/**
 * The service's API wants a signed-in user: the benchmarks send the API token of {@code PVMON_TOKEN} (bench/lib.sh's
 * bench_service makes one with {@code pvmon users token}).
 */
final class Token {
    private static final String TOKEN = System.getenv("PVMON_TOKEN");

    private Token() {
    }

    static HttpRequest.Builder add(HttpRequest.Builder b) {
        return TOKEN == null || TOKEN.isBlank() ? b : b.header("Authorization", "Bearer " + TOKEN);
    }
}
