package org.pvmon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The errors Jetty answers itself, before or after Javalin (a malformed request line or URI, headers too large, an
 * Error thrown out of a handler): the same JSON body as every other error, {@code {"error":…,"message":…}}, never
 * Jetty's HTML page or an empty body. No stack trace, no exception text.
 */
final class JsonErrors extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request Jetty could not parse (bad request line, URI or headers): answered before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        Map<String, Object> body = new LinkedHashMap<>();
        String name = HttpStatus.getMessage(status);
        body.put("error", name.toLowerCase(java.util.Locale.ROOT).replace(' ', '_'));
        body.put("message", reason == null || reason.isBlank() ? name : reason);
        try {
            return ByteBuffer.wrap(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            return ByteBuffer.wrap("{\"error\":\"bad_request\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        baseRequest.setHandled(true);
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object m = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String reason = HttpStatus.getMessage(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", status >= 500 ? "internal_error" : reason.toLowerCase(java.util.Locale.ROOT).replace(' ', '_'));
        body.put("message", status >= 500 ? "Unexpected error; see the service log." : m instanceof String s && !s.isBlank() ? s : reason);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
