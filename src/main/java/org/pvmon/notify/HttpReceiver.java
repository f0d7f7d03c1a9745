package org.pvmon.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver over HTTP POST with a JSON body: the generic webhook (the event JSON), or a WeCom / DingTalk group robot
 * (their markdown message). 2xx is delivered, except a robot's {@code errcode} other than 0; 408, 429, 5xx, timeouts and
 * connection errors are retried; other 4xx and robot error codes (bad key, content refused) fail for good, except the
 * robots' rate limits, which are retried.
 */
final class HttpReceiver implements Receiver {
    /** The message format. */
    enum Kind {
        WEBHOOK("webhook"), WECOM("wecom"), DINGTALK("dingtalk");

        final String receiverName;

        Kind(String receiverName) {
            this.receiverName = receiverName;
        }
    }

    /** Robot error codes worth retrying: system busy (-1), WeCom 45009 and DingTalk 130101 (sent too fast). */
    private static final Set<Integer> TRANSIENT_ERRCODES = Set.of(-1, 45009, 130101);

    private final Kind kind;
    private final String url;
    private final String dingtalkSecret;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;

    HttpReceiver(Kind kind, String url, String dingtalkSecret, HttpClient http, Duration timeout, ObjectMapper json) {
        this.kind = kind;
        this.url = url;
        this.dingtalkSecret = dingtalkSecret;
        this.http = http;
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    public String name() {
        return kind.receiverName;
    }

    /**
     * The chat robots take up to 10 notifications due at once in one digest message (WeCom accepts 20 messages a minute
     * per robot and 4,096 bytes of markdown; 10 digest lines stay well under that); the generic webhook one per POST.
     */
    @Override
    public int digestMax() {
        return kind == Kind.WEBHOOK ? 1 : 10;
    }

    /** The body this receiver posts for {@code notices}: one notification's message, or a robot's digest of several. */
    String body(List<Notice> notices) {
        if (notices.size() == 1) return body(notices.get(0));
        if (kind == Kind.WEBHOOK) throw new IllegalArgumentException("the webhook posts one event per request");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msgtype", "markdown");
        if (kind == Kind.WECOM) {
            body.put("markdown", Map.of("content", Markdown.digest(notices, "\n")));
        } else {
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("title", Markdown.digestTitle(notices));
            md.put("text", Markdown.digest(notices, "\n\n"));
            body.put("markdown", md);
        }
        return write(body);
    }

    /** The body this receiver posts for {@code n}. */
    String body(Notice n) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (kind) {
            case WEBHOOK -> body = n.json();
            case WECOM -> {
                body.put("msgtype", "markdown");
                body.put("markdown", Map.of("content", Markdown.text(n, "\n")));
            }
            case DINGTALK -> {
                body.put("msgtype", "markdown");
                Map<String, Object> md = new LinkedHashMap<>();
                md.put("title", Markdown.title(n));
                md.put("text", Markdown.text(n, "\n\n"));
                body.put("markdown", md);
            }
        }
        return write(body);
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void send(Notice n) throws DeliveryException {
        post(body(n));
    }

    @Override
    public void send(List<Notice> notices) throws DeliveryException {
        post(body(notices));
    }

    private void post(String body) throws DeliveryException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target())).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", false);
        }
        int status = r.statusCode();
        if (status < 200 || status > 299) {
            boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
            throw new DeliveryException("HTTP " + status + ": " + abbreviate(r.body()), permanent);
        }
        if (kind != Kind.WEBHOOK) robotAnswer(r.body());
    }

    /** A robot answers HTTP 200 with {"errcode":0,"errmsg":"ok"}, or another errcode when it refused the message. */
    private void robotAnswer(String body) throws DeliveryException {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new DeliveryException("not a robot answer: " + abbreviate(body), false);
        }
        int code = answer.path("errcode").asInt(0);
        if (code != 0) {
            throw new DeliveryException("errcode " + code + ": " + answer.path("errmsg").asText(""), !TRANSIENT_ERRCODES.contains(code));
        }
    }

    /** The URL, for DingTalk with a secret ("加签") signed: timestamp and HmacSHA256 of "timestamp\nsecret". */
    private String target() {
        if (kind != Kind.DINGTALK || dingtalkSecret.isEmpty()) return url;
        long now = System.currentTimeMillis(); // the robot checks the signature time against its own clock (1 h)
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(dingtalkSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String sign = Base64.getEncoder().encodeToString(mac.doFinal((now + "\n" + dingtalkSecret).getBytes(StandardCharsets.UTF_8)));
            return url + (url.contains("?") ? "&" : "?") + "timestamp=" + now + "&sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
