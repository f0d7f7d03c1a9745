package org.pvmon.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Every request body is bounded before it is read, whatever its framing: a declared Content-Length over the limit is
 * answered 413 at once, without reading; a body without one (chunked) is counted while it is read and the read fails
 * with {@link TooLarge} past the limit (answered 413 by {@link ApiServer}'s error mapping). Both name the setting.
 */
final class BodyLimit implements Filter {
    /** A body that went past the limit while it was read. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super(message(max));
        }
    }

    private final long max;

    BodyLimit(long max) {
        this.max = max;
    }

    static String message(long max) {
        return "the request body is over " + max + " bytes (setting uploads.max-body-bytes)";
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        if (req.getContentLengthLong() > max) {
            HttpServletResponse res = (HttpServletResponse) response;
            res.setStatus(413);
            res.setContentType("application/json;charset=utf-8");
            res.setHeader("Connection", "close"); // the unread body is not drained
            res.getOutputStream().write(("{\"error\":\"too_large\",\"message\":\"" + message(max) + "\",\"parameter\":\"body\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(req) {
            private ServletInputStream in;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (in == null) in = new Bounded(super.getInputStream(), max);
                return in;
            }
        }, response);
    }

    /** Counts what is read and fails past {@code max}. */
    private static final class Bounded extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        Bounded(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private int count(int n) {
            if (n > 0) {
                read += n;
                if (read > max) throw new TooLarge(max);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return count(in.read(b, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
