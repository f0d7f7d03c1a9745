package org.pvmon.simulator;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr: percent, messages per second and ETA. On a terminal it redraws one
 * line with {@code \r} a few times a second; otherwise it prints a line every few seconds.
 */
final class Progress {

    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long start;
    private final long periodNanos;
    private long lastPrint;

    Progress(long total, PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.total = total;
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.periodNanos = terminal ? 200_000_000L : 5_000_000_000L;
        this.lastPrint = start;
    }

    void update(long done) {
        long now = nanoTime.getAsLong();
        if (now - lastPrint >= periodNanos) {
            lastPrint = now;
            print(done, now, false);
        }
    }

    void finish(long done) {
        print(done, nanoTime.getAsLong(), true);
    }

    private void print(long done, long now, boolean last) {
        String line = line(done, now - start);
        if (terminal) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(long done, long elapsedNanos) {
        double seconds = Math.max(1e-9, elapsedNanos / 1e9);
        double rate = done / seconds;
        double pct = total == 0 ? 100 : 100.0 * done / total;
        int width = 30;
        int filled = (int) Math.min(width, Math.round(pct / 100 * width));
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String eta = rate > 0 && done < total ? clock((long) ((total - done) / rate)) : "0:00";
        return String.format(Locale.ROOT, "[%s] %5.1f%% %d/%d readings %,.0f msg/s ETA %s   ",
                bar, pct, done, total, rate, eta);
    }

    private static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
