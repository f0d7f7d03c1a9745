package org.pvmon.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code webhook-sink}: stands in for the O&M crew's group chat robot in the demo. Every POST it receives is answered
 * 200 {@code {"errcode":0}} (as WeCom and DingTalk robots answer) and appended as one line to {@code --out}, with the
 * time it arrived, so that the demo shows which alert notifications reached the crew.
 */
@Command(name = "webhook-sink", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Receive webhook notifications (pvmon alert events) on 127.0.0.1:PORT and append each body as one "
                + "line to a file, like a chat robot would receive them.")
final class WebhookSinkCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Loopback port to listen on.")
    int port;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File each received body is appended to.")
    Path out;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    WebhookSinkCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 1 || port > 65535) throw new UserException("--port must be 1-65535");
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        PrintWriter console = spec.commandLine().getOut();
        server.createContext("/", exchange -> receive(exchange, console));
        server.start();
        console.println("webhook-sink listening on http://127.0.0.1:" + port + "/ -> " + out);
        console.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            stopped.countDown();
        }, "webhook-sink-stop"));
        stopped.await();
        return 0;
    }

    private synchronized void receive(HttpExchange exchange, PrintWriter console) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String line = clock.instant() + " " + exchange.getRequestURI().getPath() + " "
                    + body.replace("\r", "\\r").replace("\n", "\\n") + "\n";
            Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            console.print(line);
            console.flush();
            byte[] answer = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }
}
