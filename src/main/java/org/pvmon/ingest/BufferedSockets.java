package org.pvmon.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets for the broker connections, buffered both ways.
 *
 * <p>In: Paho 1.2.5 reads each packet through an unbuffered {@code DataInputStream} on the socket: the fixed header's
 * byte, each byte of the remaining length and the rest are separate reads, so three or more system calls per reading at
 * full speed. Buffered, one read takes whatever the broker has sent (many packets). A read still blocks until bytes
 * arrive, and a timeout or a closed socket still ends it the same way.
 *
 * <p>Out: Paho writes and flushes every packet on its own, and the batch writer acknowledges a whole batch at once, so
 * that is one system call (and one wake-up of the broker) per PUBACK. Here a flush only asks for the bytes to be sent
 * within {@link #FLUSH_DELAY_MICROS} µs, on the {@code flusher}: the acknowledgements of a batch leave in a few writes.
 * Nothing waits for that flush (Paho never reads its own writes back), closing the socket sends what is left first, and
 * a failed deferred write fails the next write or flush (the receiving side sees the dropped connection anyway).
 */
final class BufferedSockets extends SocketFactory {
    static final int BUFFER = 64 * 1024;
    static final long FLUSH_DELAY_MICROS = 1000;

    private final ScheduledExecutorService flusher;

    /** {@code flusher}: a thread of the caller's that sends what a flush left buffered. */
    BufferedSockets(ScheduledExecutorService flusher) {
        this.flusher = flusher;
    }

    @Override
    public Socket createSocket() {
        return new BufferedSocket(flusher);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, new java.net.InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new java.net.InetSocketAddress(localHost, localPort), new java.net.InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new java.net.InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new java.net.InetSocketAddress(localAddress, localPort), new java.net.InetSocketAddress(address, port));
    }

    /** A buffered socket bound to {@code local} (null: any) and connected to {@code remote}. */
    private Socket connected(java.net.InetSocketAddress local, java.net.InetSocketAddress remote) throws IOException {
        Socket s = new BufferedSocket(flusher);
        if (local != null) s.bind(local);
        s.connect(remote);
        return s;
    }

    private static final class BufferedSocket extends Socket {
        private final ScheduledExecutorService flusher;
        private InputStream in;
        private OutputStream out;

        BufferedSocket(ScheduledExecutorService flusher) {
            this.flusher = flusher;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) in = new BufferedInputStream(super.getInputStream(), BUFFER);
            return in;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) out = new DeferredFlush(super.getOutputStream(), flusher);
            return out;
        }

        @Override
        public void close() throws IOException {
            OutputStream o;
            synchronized (this) {
                o = out;
            }
            try {
                if (o instanceof DeferredFlush d && !isClosed()) d.drain(); // what is still buffered (a DISCONNECT) first
            } catch (IOException e) {
                // closing anyway
            } finally {
                super.close();
            }
        }
    }

    /** A buffer in front of the socket whose flush is done on the flusher shortly after it is asked for. */
    static final class DeferredFlush extends OutputStream {
        private final OutputStream out;
        private final ScheduledExecutorService flusher;
        private final byte[] buf = new byte[BUFFER];
        private int count;
        private boolean scheduled;
        private IOException failed;

        DeferredFlush(OutputStream out, ScheduledExecutorService flusher) {
            this.out = out;
            this.flusher = flusher;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            check();
            if (count == buf.length) drain();
            buf[count++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            check();
            if (len > buf.length - count) {
                drain();
                if (len >= buf.length) {
                    out.write(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        /** Asks for the buffered bytes to be sent within {@link #FLUSH_DELAY_MICROS} µs; does not wait for it. */
        @Override
        public synchronized void flush() throws IOException {
            check();
            if (count == 0 || scheduled) return;
            scheduled = true;
            try {
                flusher.schedule(this::deferred, FLUSH_DELAY_MICROS, TimeUnit.MICROSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) { // shutting down: send it now
                scheduled = false;
                drain();
            }
        }

        private synchronized void deferred() {
            scheduled = false;
            try {
                drain();
            } catch (IOException e) {
                failed = e;
            }
        }

        /** Sends everything buffered now. */
        synchronized void drain() throws IOException {
            if (count > 0) {
                int n = count;
                count = 0;
                out.write(buf, 0, n);
            }
            out.flush();
        }

        private void check() throws IOException {
            if (failed != null) throw failed;
        }

        @Override
        public void close() throws IOException {
            try {
                synchronized (this) {
                    drain();
                }
            } finally {
                out.close();
            }
        }
    }
}
