package org.pvmon.bench;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A minimal MQTT 3.1.1 QoS 1 publisher on a plain socket (tcp:// only): CONNECT (clean session), PUBLISH with
 * packet ids, PUBACKs read on a thread of its own, DISCONNECT. Publishes are buffered and written in bulk when
 * {@link #flush()} is called (the caller flushes before it would block on its in-flight window), which costs a
 * fraction of Paho's CPU per message, so the load generator leaves the CPU to what is measured.
 */
final class RawPublisher implements Publisher {
    private static final int IDS = 65536; // packet ids 1..65535

    private final Socket socket;
    private final OutputStream out;
    private final Listener listener;
    private final AtomicLongArray sentAt = new AtomicLongArray(IDS); // 0 = id free
    private final AtomicLongArray probeAt = new AtomicLongArray(IDS);
    private final Thread reader;
    private volatile boolean connected;
    private volatile boolean closing;
    private int nextId = 1;
    private final byte[] header = new byte[8];

    /** {@code username}, {@code password}: the broker login (null: none). */
    RawPublisher(String broker, String clientId, String username, String password, Listener listener) throws IOException {
        URI uri = URI.create(broker);
        if (!"tcp".equals(uri.getScheme())) throw new IOException("--client raw supports tcp:// only, got " + broker);
        this.listener = listener;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort()), 10_000);
        socket.setSoTimeout(15_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] user = username == null ? null : username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = username == null || password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        // CONNECT: "MQTT", level 4, clean session (+ user name and password flags), keep alive 0 (off), client id [, user, password]
        int flags = 0x02 | (user != null ? 0x80 : 0) | (pass != null ? 0x40 : 0);
        int len = 10 + 2 + id.length + (user != null ? 2 + user.length : 0) + (pass != null ? 2 + pass.length : 0);
        out.write(0x10);
        writeLength(out, len);
        out.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) flags, 0, 0});
        for (byte[] field : new byte[][] {id, user, pass}) {
            if (field == null) continue;
            out.write(field.length >> 8);
            out.write(field.length & 0xff);
            out.write(field);
        }
        out.flush();
        int type = in.readUnsignedByte();
        int rl = readLength(in);
        byte[] body = in.readNBytes(rl);
        if (type != 0x20 || rl != 2 || body[1] != 0) {
            socket.close();
            throw new IOException("CONNECT refused by " + broker + " (packet 0x" + Integer.toHexString(type) + ", return code "
                    + (body.length > 1 ? body[1] : -1) + ")");
        }
        socket.setSoTimeout(0);
        connected = true;
        reader = new Thread(() -> readLoop(in), "raw-mqtt-reader-" + clientId);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void publish(String topic, byte[] payload, long sentNanos, long probeMillis) throws IOException {
        if (!connected) throw new IOException("not connected");
        int id = nextId;
        while (sentAt.get(id) != 0) id = id == IDS - 1 ? 1 : id + 1; // still in flight: skip it
        nextId = id == IDS - 1 ? 1 : id + 1;
        probeAt.set(id, probeMillis);
        sentAt.set(id, sentNanos == 0 ? 1 : sentNanos);
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        out.write(0x32); // PUBLISH, QoS 1, no retain
        writeLength(out, 2 + t.length + 2 + payload.length);
        header[0] = (byte) (t.length >> 8);
        header[1] = (byte) t.length;
        out.write(header, 0, 2);
        out.write(t);
        header[0] = (byte) (id >> 8);
        header[1] = (byte) id;
        out.write(header, 0, 2);
        out.write(payload);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public int brokerReceiveMaximum() {
        return 0;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    private void readLoop(DataInputStream in) {
        Throwable error = null;
        try {
            while (true) {
                int type = in.readUnsignedByte();
                int rl = readLength(in);
                if (type == 0x40 && rl == 2) { // PUBACK
                    int id = in.readUnsignedShort();
                    long sent = sentAt.get(id);
                    long probe = probeAt.get(id);
                    sentAt.set(id, 0);
                    if (sent != 0) listener.acked(sent, probe, 0);
                } else {
                    in.skipNBytes(rl); // PINGRESP or anything else: not expected
                }
            }
        } catch (EOFException e) {
            error = closing ? null : new IOException("broker closed the connection");
        } catch (IOException e) {
            error = closing ? null : e;
        } finally {
            connected = false;
            for (int id = 1; id < IDS; id++) {
                long sent = sentAt.get(id);
                if (sent != 0) {
                    sentAt.set(id, 0);
                    listener.failed(sent, probeAt.get(id), error == null ? new IOException("connection closed") : error);
                }
            }
        }
    }

    private static void writeLength(OutputStream o, int len) throws IOException {
        do {
            int b = len % 128;
            len /= 128;
            o.write(len > 0 ? b | 0x80 : b);
        } while (len > 0);
    }

    private static int readLength(InputStream in) throws IOException {
        int value = 0, mult = 1, b;
        do {
            b = in.read();
            if (b < 0) throw new EOFException();
            value += (b & 0x7f) * mult;
            mult *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (connected) {
                synchronized (this) {
                    out.write(new byte[] {(byte) 0xE0, 0});
                    out.flush();
                }
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // ignore
        }
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
