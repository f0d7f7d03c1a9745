package org.pvmon.ingest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One network connection of an MQTT 5 subscriber: CONNECT, SUBSCRIBE, PUBLISH received at QoS 0 or 1, PUBACK sent
 * when the caller says so, PINGREQ, DISCONNECT. Only what ingest needs of MQTT 5 (OASIS standard, March 2019); it never
 * publishes, and it asks for at most QoS 1, so the broker sends nothing at QoS 2 (§3.8.4).
 *
 * <p>Why not a general client: on ingest's hot path Paho 1.2.5 copied every payload byte by byte through a
 * synchronized stream, built a token with a resource-bundle lookup and a logger per PUBACK and handed every message
 * across three threads, about half of the service's CPU per reading (bench/README.md). Here the receiving thread
 * decodes straight from its own buffer and hands the message to ingest, and the batch writer's acknowledgements go out
 * in one write per batch ({@link #flush}).
 *
 * <p>Input is bounded before it is read: a packet other than PUBLISH over {@link #MAX_CONTROL_PACKET} bytes ends the
 * connection; of a PUBLISH payload at most {@code maxPayload + 1} bytes are kept, the rest skipped, so a huge payload is
 * refused as too large without being held. Writes come from several threads (acknowledgements from the batch writer,
 * pings from the keep-alive timer) and are serialised here.
 */
final class MqttSession implements AutoCloseable {
    static final int MAX_CONTROL_PACKET = 64 * 1024;
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final int BUFFER = 64 * 1024;

    /** What the session hands over: every PUBLISH, on the receiving thread. */
    interface Receiver {
        /**
         * A message: {@code payload} holds at most the receiver's maxPayload + 1 bytes of a payload of
         * {@code length} bytes; {@code packetId} is 0 at QoS 0. Acknowledge with {@link #ack} once it is durable.
         */
        void publish(MqttSession session, String topic, byte[] payload, int length, int qos, int packetId) throws InterruptedException;
    }

    /** The broker broke the protocol, refused us, or sent a DISCONNECT: the connection is over. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** A subscription: the filter and the maximum QoS asked for. */
    record Subscription(String filter, int qos) {
    }

    /** The settings of a CONNECT. */
    record Connect(String clientId, boolean cleanStart, long sessionExpirySeconds, int keepAliveSeconds, int receiveMaximum,
                   String username, String password) {
    }

    private final MqttTransport transport;
    private final InputStream in;
    private final OutputStream out;
    private final int maxPayload;
    private final byte[] rbuf = new byte[BUFFER];
    private int rpos;
    private int rlim;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final byte[] wbuf = new byte[BUFFER];
    private int wlen;
    private volatile long lastWrite = System.nanoTime();
    /** When the write in progress began (System.nanoTime), 0 when none is: a write stuck longer than the write timeout ends the connection. */
    private volatile long writingSince;
    private volatile boolean subscribed;
    private volatile boolean dead;
    private volatile int keepAliveSeconds;
    private boolean sessionPresent;
    private long sessionExpiryGranted = -1;
    private List<Subscription> asked = List.of();

    private final long writeTimeoutNanos;

    MqttSession(MqttTransport transport, int maxPayload) throws IOException {
        this(transport, maxPayload, WRITE_TIMEOUT);
    }

    /** {@code writeTimeout}: how long a write may be stuck before {@link #keepAlive} ends the connection. */
    MqttSession(MqttTransport transport, int maxPayload, Duration writeTimeout) throws IOException {
        this.transport = transport;
        this.in = transport.in();
        this.out = transport.out();
        this.maxPayload = maxPayload;
        this.writeTimeoutNanos = writeTimeout.toNanos();
    }

    /** Sends CONNECT and waits for the CONNACK (at most {@code timeoutMillis}); throws when the broker refuses. */
    void connect(Connect c, int timeoutMillis) throws IOException {
        byte[] id = utf8(c.clientId());
        byte[] user = c.username().isEmpty() ? null : utf8(c.username());
        byte[] pass = user == null ? null : utf8(c.password());
        Packet p = new Packet(0x10);
        p.bytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5});
        p.u8((user != null ? 0xC0 : 0) | (c.cleanStart() ? 0x02 : 0));
        p.u16(c.keepAliveSeconds());
        Packet props = new Packet(0);
        props.u8(0x11).u32(Math.min(c.sessionExpirySeconds(), 0xFFFF_FFFFL)); // Session Expiry Interval
        props.u8(0x21).u16(c.receiveMaximum()); // Receive Maximum
        p.properties(props);
        p.string(id);
        if (user != null) p.string(user).string(pass);
        send(p);
        keepAliveSeconds = c.keepAliveSeconds();
        transport.readTimeout(timeoutMillis);
        int header = u8();
        int length = varInt(); // the remaining length
        if (header != 0x20) throw new ProtocolException("expected CONNACK, got packet type " + (header >>> 4));
        bounded(length);
        long end = consumedAfter(length);
        int flags = u8();
        int reason = u8();
        if (length == 2) {
            throw new ProtocolException("the broker answered with an MQTT 3.1.1 CONNACK (return code " + reason
                    + "): it does not speak MQTT 5");
        }
        if (length < 3) throw new ProtocolException("a CONNACK of " + length + " bytes");
        String reasonString = null;
        long propsEnd = within(end, varInt());
        while (consumed() < propsEnd) {
            int pid = u8();
            if (pid == 0x13) {
                int server = u16(); // Server Keep Alive replaces ours; 0 (none) still gets our pings, which a client may always send
                if (server > 0) keepAliveSeconds = server;
            } else if (pid == 0x11) {
                sessionExpiryGranted = u32() & 0xFFFF_FFFFL;
            } else if (pid == 0x1F) {
                reasonString = string(checked(propsEnd, u16()));
            } else {
                skipProperty(pid);
            }
        }
        if (consumed() != propsEnd) throw new ProtocolException("properties longer than their length");
        skip(remaining(end));
        if (reason >= 0x80) {
            throw new ProtocolException("the broker refused the connection: " + reasonName(reason)
                    + (reasonString == null ? "" : " (" + reasonString + ")"));
        }
        sessionPresent = (flags & 1) != 0;
    }

    /** Whether the broker still had this client's session (its queued messages follow). */
    boolean sessionPresent() {
        return sessionPresent;
    }

    /** The session expiry the broker set instead of the one asked for, or -1 when it took ours. */
    long sessionExpiryGranted() {
        return sessionExpiryGranted;
    }

    /**
     * Sends SUBSCRIBE (packet id 1); {@link #subscribed()} turns true when the broker grants every filter its QoS (a
     * QoS 1 filter granted only QoS 0 would lose what is published while the service is away: refused like a failure).
     */
    void subscribe(List<Subscription> subs) throws IOException {
        asked = List.copyOf(subs);
        Packet p = new Packet(0x82);
        p.u16(1);
        p.u8(0); // no properties
        for (Subscription s : subs) p.string(utf8(s.filter())).u8(s.qos());
        send(p);
    }

    boolean subscribed() {
        return subscribed && !dead;
    }

    /** The broker granted the subscription on this connection (whether or not it is still up). */
    boolean wasSubscribed() {
        return subscribed;
    }

    /**
     * Reads packets until the connection ends (the exception says how), handing each PUBLISH to {@code receiver}. A
     * silent broker (nothing, not even a PINGRESP, for 1.5 keep-alive intervals) ends it too.
     */
    void receive(Receiver receiver) throws IOException, InterruptedException {
        transport.readTimeout(keepAliveSeconds * 1500);
        try {
            while (true) {
                int header = u8();
                int length = varInt(); // the remaining length
                int type = header >>> 4;
                if (type == 3) {
                    publish(header, length, receiver);
                    continue;
                }
                bounded(length);
                switch (type) {
                    case 9 -> suback(length);
                    case 13 -> skip(length); // PINGRESP
                    case 14 -> throw disconnect(length);
                    default -> throw new ProtocolException("unexpected packet type " + type + " from the broker");
                }
            }
        } catch (SocketTimeoutException e) {
            throw new ProtocolException("the broker sent nothing for " + keepAliveSeconds * 3 / 2 + " s");
        } finally {
            dead = true;
        }
    }

    private void publish(int header, int length, Receiver receiver) throws IOException, InterruptedException {
        int qos = (header >>> 1) & 3;
        if (qos > 1) throw new ProtocolException("a QoS " + qos + " PUBLISH on a subscription of QoS 1");
        long end = consumedAfter(length);
        String topic = string(checked(end, u16()));
        int packetId = qos > 0 ? u16() : 0;
        if (qos > 0 && packetId == 0) throw new ProtocolException("a QoS 1 PUBLISH with packet identifier 0");
        skip(checked(end, varInt())); // properties: none that ingest uses (no topic alias was offered)
        int payloadLength = remaining(end);
        byte[] payload = new byte[Math.min(payloadLength, maxPayload + 1)];
        read(payload);
        skip(payloadLength - payload.length);
        receiver.publish(this, topic, payload, payloadLength, qos, packetId);
    }

    private void suback(int length) throws IOException {
        long end = consumedAfter(length);
        u16(); // packet id: the only SUBSCRIBE
        skip(checked(end, varInt()));
        StringBuilder refused = new StringBuilder();
        int i = 0;
        for (; consumed() < end; i++) {
            int rc = u8();
            Subscription s = i < asked.size() ? asked.get(i) : null;
            if (rc >= 0x80) {
                refused.append(refused.isEmpty() ? "" : ", ").append(reasonName(rc));
            } else if (s != null && rc < s.qos()) {
                refused.append(refused.isEmpty() ? "" : ", ").append("only QoS ").append(rc).append(" for ").append(s.filter())
                        .append(" (the broker's max_qos or ACL?)");
            }
        }
        if (i != asked.size()) throw new ProtocolException("a SUBACK with " + i + " reason codes for " + asked.size() + " filters");
        if (!refused.isEmpty()) throw new ProtocolException("the broker refused the subscription: " + refused);
        subscribed = true;
    }

    private ProtocolException disconnect(int length) throws IOException {
        long end = consumedAfter(length);
        int reason = length > 0 ? u8() : 0;
        String reasonString = null;
        if (length > 1) {
            long propsEnd = within(end, varInt());
            while (consumed() < propsEnd) {
                int pid = u8();
                if (pid == 0x1F) reasonString = string(checked(propsEnd, u16()));
                else skipProperty(pid);
            }
            if (consumed() != propsEnd) throw new ProtocolException("properties longer than their length");
        }
        skip(remaining(end));
        return new ProtocolException("the broker disconnected: " + reasonName(reason) + (reasonString == null ? "" : " (" + reasonString + ")"));
    }

    /** Queues the PUBACK of {@code packetId}; sent by the next {@link #flush}. Nothing when the connection is gone. */
    void ack(int packetId) {
        writeLock.lock();
        try {
            if (dead) return;
            if (wlen + 4 > wbuf.length) flushLocked();
            wbuf[wlen++] = 0x40;
            wbuf[wlen++] = 2;
            wbuf[wlen++] = (byte) (packetId >>> 8);
            wbuf[wlen++] = (byte) packetId;
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends what is queued. A failed write ends the connection (the receiving thread then sees it closed). */
    void flush() {
        writeLock.lock();
        try {
            flushLocked();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Called about once a second (the keep-alive timer): ends the connection when a write has been stuck for
     * the write timeout (a broker that stopped reading would otherwise hold the batch writer), and sends a
     * PINGREQ when nothing was sent for half the keep-alive interval. Never waits for another thread's write.
     */
    void keepAlive() {
        if (dead) return;
        long since = writingSince;
        if (since != 0 && System.nanoTime() - since > writeTimeoutNanos) {
            dead = true;
            transport.close(); // frees the stuck write with an exception
            return;
        }
        if (System.nanoTime() - lastWrite < TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2) return;
        if (!writeLock.tryLock()) return; // a write is under way: that is traffic enough
        try {
            if (dead) return;
            if (wlen + 2 > wbuf.length) flushLocked();
            wbuf[wlen++] = (byte) 0xC0;
            wbuf[wlen++] = 0;
            flushLocked();
        } finally {
            writeLock.unlock();
        }
    }

    private void flushLocked() {
        if (wlen == 0 || dead) {
            wlen = 0;
            return;
        }
        try {
            write(wbuf, 0, wlen);
        } catch (IOException e) {
            dead = true;
            transport.close();
        } finally {
            wlen = 0;
        }
    }

    /** Writes and flushes under the write lock, timed for {@link #keepAlive}'s watch. */
    private void write(byte[] b, int off, int len) throws IOException {
        writingSince = System.nanoTime();
        try {
            out.write(b, off, len);
            out.flush();
            lastWrite = System.nanoTime();
        } finally {
            writingSince = 0;
        }
    }

    private void send(Packet p) throws IOException {
        writeLock.lock();
        try {
            flushLocked();
            if (dead) throw new EOFException("connection closed");
            byte[] b = p.encode();
            write(b, 0, b.length);
        } finally {
            writeLock.unlock();
        }
    }

    /** A normal DISCONNECT (the broker keeps the session for its expiry interval), then the connection closed. */
    void disconnect() {
        boolean locked = false;
        try {
            locked = writeLock.tryLock(1, TimeUnit.SECONDS); // not behind a stuck write
            if (locked && !dead) {
                flushLocked();
                write(new byte[] {(byte) 0xE0, 0}, 0, 2);
            }
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dead = true;
            if (locked) writeLock.unlock();
            transport.close();
        }
    }

    @Override
    public void close() {
        dead = true;
        transport.close();
    }

    // ---- reading: from the session's own buffer, counting what was consumed ----

    private long consumedBase; // bytes consumed before rbuf[0]

    /** Bytes read from the connection so far. */
    private long consumed() {
        return consumedBase + rpos;
    }

    /** The consumed count once {@code n} more bytes are read. */
    private long consumedAfter(int n) {
        return consumed() + n;
    }

    private void fill() throws IOException {
        if (rpos < rlim) return;
        consumedBase += rpos;
        rpos = 0;
        rlim = 0;
        int n = in.read(rbuf, 0, rbuf.length);
        if (n < 0) throw new EOFException("the broker closed the connection");
        rlim = n;
    }

    private int u8() throws IOException {
        if (rpos >= rlim) fill();
        return rbuf[rpos++] & 0xFF;
    }

    private int u16() throws IOException {
        return (u8() << 8) | u8();
    }

    private int u32() throws IOException {
        return (u16() << 16) | u16();
    }

    private int varInt() throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = u8();
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return value;
        }
        throw new ProtocolException("a variable byte integer longer than 4 bytes");
    }

    /** The consumed count after {@code n} more bytes, which must not go past {@code end} (the enclosing packet's or block's). */
    private long within(long end, int n) throws ProtocolException {
        long after = consumed() + n;
        if (after > end) throw new ProtocolException("a length of " + n + " beyond the end of its packet");
        return after;
    }

    /** {@code n}, a length just read, which must not go past {@code end}. */
    private int checked(long end, int n) throws ProtocolException {
        within(end, n);
        return n;
    }

    /** The bytes left before {@code end}; throws when reading went past it. */
    private int remaining(long end) throws ProtocolException {
        long left = end - consumed();
        if (left < 0) throw new ProtocolException("a packet shorter than its contents");
        return (int) left;
    }

    private static void bounded(int length) throws ProtocolException {
        if (length > MAX_CONTROL_PACKET) throw new ProtocolException("a control packet of " + length + " bytes");
    }

    private void read(byte[] into) throws IOException {
        int off = 0;
        while (off < into.length) {
            if (rpos >= rlim) fill();
            int n = Math.min(into.length - off, rlim - rpos);
            System.arraycopy(rbuf, rpos, into, off, n);
            rpos += n;
            off += n;
        }
    }

    private void skip(int n) throws IOException {
        if (n < 0) throw new ProtocolException("a packet shorter than its contents");
        while (n > 0) {
            if (rpos >= rlim) fill();
            int k = Math.min(n, rlim - rpos);
            rpos += k;
            n -= k;
        }
    }

    private String string(int length) throws IOException {
        if (rlim - rpos >= length) {
            String s = new String(rbuf, rpos, length, StandardCharsets.UTF_8);
            rpos += length;
            return s;
        }
        byte[] b = new byte[length];
        read(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void skipProperty(int id) throws IOException {
        switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8();
            case 0x13, 0x21, 0x22, 0x23 -> u16();
            case 0x02, 0x11, 0x18, 0x27 -> u32();
            case 0x0B -> varInt();
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> skip(u16());
            case 0x26 -> {
                skip(u16());
                skip(u16());
            }
            default -> throw new ProtocolException("unknown property 0x" + Integer.toHexString(id));
        }
    }

    /** The reason code's name (MQTT 5 §2.4), for logs. */
    static String reasonName(int rc) {
        String name = switch (rc) {
            case 0x00 -> "normal disconnection";
            case 0x04 -> "disconnect with will message";
            case 0x80 -> "unspecified error";
            case 0x81 -> "malformed packet";
            case 0x82 -> "protocol error";
            case 0x83 -> "implementation specific error";
            case 0x84 -> "unsupported protocol version";
            case 0x85 -> "client identifier not valid";
            case 0x86 -> "bad user name or password";
            case 0x87 -> "not authorized";
            case 0x88 -> "server unavailable";
            case 0x89 -> "server busy";
            case 0x8A -> "banned";
            case 0x8B -> "server shutting down";
            case 0x8C -> "bad authentication method";
            case 0x8D -> "keep alive timeout";
            case 0x8E -> "session taken over";
            case 0x8F -> "topic filter invalid";
            case 0x91 -> "packet identifier in use";
            case 0x93 -> "receive maximum exceeded";
            case 0x94 -> "topic alias invalid";
            case 0x95 -> "packet too large";
            case 0x97 -> "quota exceeded";
            case 0x98 -> "administrative action";
            case 0x9E -> "shared subscriptions not supported";
            case 0xA1 -> "subscription identifiers not supported";
            case 0xA2 -> "wildcard subscriptions not supported";
            default -> null;
        };
        return "reason code 0x" + String.format("%02X", rc) + (name == null ? "" : " " + name);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A control packet being written: the variable header and payload, the fixed header added by {@link #encode}. */
    private static final class Packet {
        private final int header;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(64);

        Packet(int header) {
            this.header = header;
        }

        Packet u8(int v) {
            body.write(v);
            return this;
        }

        Packet u16(int v) {
            body.write(v >>> 8);
            body.write(v);
            return this;
        }

        Packet u32(long v) {
            return u16((int) (v >>> 16) & 0xFFFF).u16((int) v & 0xFFFF);
        }

        Packet bytes(byte[] b) {
            body.writeBytes(b);
            return this;
        }

        Packet string(byte[] b) {
            return u16(b.length).bytes(b);
        }

        Packet properties(Packet props) {
            varInt(body, props.body.size());
            body.writeBytes(props.body.toByteArray());
            return this;
        }

        byte[] encode() {
            ByteArrayOutputStream b = new ByteArrayOutputStream(body.size() + 5);
            b.write(header);
            varInt(b, body.size());
            b.writeBytes(body.toByteArray());
            return b.toByteArray();
        }

        private static void varInt(ByteArrayOutputStream b, int v) {
            do {
                int digit = v & 0x7F;
                v >>>= 7;
                b.write(v > 0 ? digit | 0x80 : digit);
            } while (v > 0);
        }
    }
}
