package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's stand-in chat robot answers like one and keeps every notification it received, one per line. */
class WebhookSinkTest {

    @Test
    void every_post_is_answered_ok_and_appended_as_one_line(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("webhook.log");
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
        Thread sink = new Thread(() -> Main.commandLine(clock).execute("webhook-sink", "--port", String.valueOf(port), "--out", out.toString()));
        sink.setDaemon(true);
        sink.start();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = null;
        for (int i = 0; i < 100 && r == null; i++) {
            try {
                r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wecom"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"msgtype\":\"markdown\",\n\"markdown\":{\"content\":\"电站离线\"}}",
                                StandardCharsets.UTF_8)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException notYet) {
                Thread.sleep(50);
            }
        }
        assertThat(r).isNotNull();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"errcode\":0");
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactly(
                "2026-11-22T04:00:00Z /wecom {\"msgtype\":\"markdown\",\\n\"markdown\":{\"content\":\"电站离线\"}}");
    }
}
