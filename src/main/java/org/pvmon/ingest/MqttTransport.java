package org.pvmon.ingest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The byte streams under an MQTT connection: TCP ({@code tcp://}), TLS ({@code ssl://}, the broker's certificate
 * checked against the CAs and its host name), or a WebSocket ({@code ws://}, {@code wss://}, subprotocol "mqtt",
 * through the JDK's client). The input stream's reads time out as {@link #readTimeout} says
 * ({@link SocketTimeoutException}); {@link #close} may come from any thread and ends a blocked read.
 */
record MqttTransport(InputStream in, OutputStream out, ReadTimeout timeouts, Runnable closer) {
    /** Sets how long a read waits. */
    interface ReadTimeout {
        void set(int millis) throws IOException;
    }

    /** Reads wait at most this long (0: for ever). */
    void readTimeout(int millis) throws IOException {
        timeouts.set(millis);
    }

    /** Closes the connection; never throws. */
    void close() {
        closer.run();
    }

    /**
     * Opens a connection to {@code url} (tcp, ssl, ws or wss), within {@code timeoutMillis}. {@code tls}: the CAs for
     * ssl/wss, null for the JVM's.
     */
    static MqttTransport open(String url, SSLContext tls, int timeoutMillis) throws IOException {
        URI uri = URI.create(url);
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (host == null) throw new IOException("no host in " + url);
        switch (scheme) {
            case "tcp" -> {
                Socket s = connect(host, uri.getPort() < 0 ? 1883 : uri.getPort(), timeoutMillis);
                return over(s, s);
            }
            case "ssl" -> {
                int port = uri.getPort() < 0 ? 8883 : uri.getPort();
                Socket plain = connect(host, port, timeoutMillis);
                try {
                    SSLSocketFactory f = tls == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : tls.getSocketFactory();
                    SSLSocket s = (SSLSocket) f.createSocket(plain, host, port, true);
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                    s.setSSLParameters(p);
                    s.setSoTimeout(timeoutMillis);
                    s.startHandshake();
                    return over(s, plain);
                } catch (IOException | RuntimeException e) {
                    plain.close();
                    throw e;
                }
            }
            case "ws", "wss" -> {
                return WebSockets.open(uri, tls, timeoutMillis);
            }
            default -> throw new IOException("not an MQTT url: " + url);
        }
    }

    private static Socket connect(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true); // acknowledgements and pings are flushed on purpose, never held back
            s.setKeepAlive(true); // a half-open connection is noticed by the system too
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A TCP or TLS socket's streams. Closing closes {@code tcp}, the TCP socket under a TLS one: closing the TLS socket
     * itself would wait for a write blocked on a broker that stopped reading, which is what the close is meant to end.
     */
    private static MqttTransport over(Socket socket, Socket tcp) throws IOException {
        return new MqttTransport(socket.getInputStream(), socket.getOutputStream(), socket::setSoTimeout, () -> {
            try {
                tcp.close();
            } catch (IOException e) {
                // closed anyway
            }
        });
    }

    /**
     * MQTT over a WebSocket, a byte stream whatever the frames (MQTT 5 §6): each piece of a binary message is queued for
     * the input stream as it comes, and the next piece is requested only once the reader took it, so memory holds one
     * piece however large the message (a huge PUBLISH is skipped by the session as over a socket) and a slow reader holds
     * the broker back. A flush sends what was written as one binary message; a text frame ends the connection.
     */
    private static final class WebSockets {
        private static final byte[] END = new byte[0];
        private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private volatile WebSocket socket;
        private volatile int timeoutMillis;
        private volatile boolean closed;
        private final InputStream in = new In();
        private final OutputStream out = new Out();

        static MqttTransport open(URI uri, SSLContext tls, int timeoutMillis) throws IOException {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mqtt" : uri.getRawPath();
            String scheme = uri.getScheme();
            int port = uri.getPort() < 0 ? (scheme.equals("wss") ? 443 : 80) : uri.getPort();
            URI target = URI.create(scheme + "://" + uri.getHost() + ":" + port + path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis));
            if (tls != null) b.sslContext(tls);
            WebSockets t = new WebSockets();
            CompletableFuture<WebSocket> opening = b.build().newWebSocketBuilder().subprotocols("mqtt")
                    .buildAsync(target, t.new Listener());
            try {
                t.socket = opening.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IOException("WebSocket to " + target + ": " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                opening.whenComplete((ws, error) -> {
                    if (ws != null) ws.abort(); // opened too late: nobody reads it
                });
                throw new SocketTimeoutException("WebSocket to " + target + ": no answer in " + timeoutMillis + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted opening " + target);
            }
            return new MqttTransport(t.in, t.out, millis -> t.timeoutMillis = millis, t::close);
        }

        private void close() {
            closed = true;
            received.offer(END);
            WebSocket ws = socket;
            if (ws != null) ws.abort();
        }

        private final class Listener implements WebSocket.Listener {
            @Override
            public void onOpen(WebSocket ws) {
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                received.offer(b);
                return null; // the reader requests the next piece once it took this one
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                received.offer(END); // MQTT over WebSocket is binary only (MQTT 5 §6.0.0-1)
                ws.abort();
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                received.offer(END);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                received.offer(END);
            }
        }

        private final class In extends InputStream {
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (pos >= current.length) {
                    if (current == END) return -1;
                    byte[] next;
                    try {
                        int t = timeoutMillis;
                        next = t == 0 ? received.take() : received.poll(t, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted reading from the broker");
                    }
                    if (next == null) throw new SocketTimeoutException("nothing from the broker in " + timeoutMillis + " ms");
                    current = next;
                    pos = 0;
                    if (next == END) {
                        received.offer(END); // every later read ends too
                        return -1;
                    }
                    WebSocket ws = socket;
                    if (ws != null) ws.request(1);
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        }

        private final class Out extends OutputStream {
            @Override
            public void write(int b) {
                partial.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                partial.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (partial.size() == 0) return;
                if (closed) throw new EOFException("connection closed");
                CompletableFuture<WebSocket> sent = socket.sendBinary(ByteBuffer.wrap(partial.toByteArray()), true);
                partial.reset();
                try {
                    sent.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new IOException("WebSocket send failed: " + e.getCause().getMessage(), e.getCause());
                } catch (TimeoutException e) {
                    throw new IOException("WebSocket send took over 30 s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted writing to the broker");
                }
            }
        }
    }
}
