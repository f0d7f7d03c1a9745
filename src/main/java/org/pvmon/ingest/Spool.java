package org.pvmon.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A local on-disk queue of line-protocol records that InfluxDB could not take: appended and fsynced before
 * the MQTT messages are acknowledged, replayed in order when InfluxDB is back. The read position is kept in
 * its own file, so a crash replays at most one chunk twice (harmless: points are idempotent).
 * Not thread-safe: owned by the batch writer thread.
 */
final class Spool implements AutoCloseable {
    private final Path data;
    private final Path position;
    private FileChannel channel;
    private long readPos;
    private long pendingLines;

    Spool(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.data = dir.resolve("spool.lp");
        this.position = dir.resolve("spool.pos");
        this.channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        truncatePartialLine();
        this.readPos = Files.exists(position) ? Long.parseLong(Files.readString(position).trim()) : 0;
        if (readPos > channel.size()) readPos = 0;
        this.pendingLines = countLinesFrom(readPos);
        if (pendingLines == 0) reset();
    }

    boolean isEmpty() {
        return pendingLines == 0;
    }

    long pendingLines() {
        return pendingLines;
    }

    /** Appends records and forces them to disk; when this returns, they survive a crash. */
    void append(List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder(lines.size() * 160);
        for (String l : lines) {
            if (l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a spooled record must be one line: " + l.substring(0, Math.min(80, l.length())));
            }
            sb.append(l).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        channel.position(channel.size());
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
        pendingLines += lines.size();
    }

    /** The next records to replay, oldest first, without consuming them. */
    Chunk peek(int max) throws IOException {
        List<String> out = new ArrayList<>(Math.min(max, 10_000));
        long pos = readPos;
        channel.position(readPos);
        BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8), 1 << 16);
        String line;
        while (out.size() < max && (line = r.readLine()) != null) {
            out.add(line);
            pos += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return new Chunk(out, pos);
    }

    /** Marks a peeked chunk as stored; when nothing is left, the file starts afresh. */
    void consumed(Chunk chunk) throws IOException {
        readPos = chunk.endPos();
        pendingLines -= chunk.lines().size();
        if (pendingLines <= 0) {
            reset();
        } else {
            writePosition();
        }
    }

    record Chunk(List<String> lines, long endPos) {
    }

    private void reset() throws IOException {
        channel.truncate(0);
        channel.force(true);
        readPos = 0;
        pendingLines = 0;
        writePosition();
    }

    private void writePosition() throws IOException {
        Path tmp = position.resolveSibling("spool.pos.tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(ByteBuffer.wrap(Long.toString(readPos).getBytes(StandardCharsets.US_ASCII)));
            c.force(false);
        }
        Files.move(tmp, position, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A crash during append can leave half a line; its messages were never acknowledged, so drop it. */
    private void truncatePartialLine() throws IOException {
        long size = channel.size();
        if (size == 0) return;
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') break;
            end--;
        }
        if (end != size) channel.truncate(end);
    }

    private long countLinesFrom(long pos) throws IOException {
        long n = 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long p = pos;
        while (true) {
            buf.clear();
            int r = channel.read(buf, p);
            if (r <= 0) break;
            for (int i = 0; i < r; i++) if (buf.get(i) == '\n') n++;
            p += r;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
