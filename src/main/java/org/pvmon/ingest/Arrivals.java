package org.pvmon.ingest;

/**
 * How many readings ingest has received since it started, and how many of them were late: received more than
 * {@link #LATE_AFTER_MINUTES} minutes after their own time (a backfill, the broker's backlog after the service was down,
 * a logger sending its buffer after an outage). Two snapshots tell whether ingest is catching up.
 */
public record Arrivals(long received, long late) {
    public static final int LATE_AFTER_MINUTES = 10;
    /** Fewer late readings than this in a period is one logger's buffer, not a backlog. */
    static final int BACKLOG_MIN = 20;

    /**
     * Whether, between {@code earlier} and this snapshot, ingest was mostly catching up: at least {@value #BACKLOG_MIN}
     * late readings and more late than current ones. While it is, the newest stored reading of a station says little
     * about whether its logger is talking now, so the scheduled alert evaluation waits (no OFFLINE for a whole fleet
     * whose readings are still being replayed, and no notification storm of alerts opened and resolved a minute later).
     */
    public boolean catchingUpSince(Arrivals earlier) {
        long late = this.late - earlier.late;
        long received = this.received - earlier.received;
        return late >= BACKLOG_MIN && late * 2 > received;
    }
}
