package org.pvmon.fleet;

import java.time.Duration;
import java.time.Instant;
import org.pvmon.station.LoggerStatus;
import org.pvmon.store.Reading;

/** Whether a station is online, as the station views show it. */
public final class Online {
    private Online() {
    }

    /**
     * {@code online}: a reading within {@code offlineAfter} of {@code now} and no last-will "offline" since;
     * {@code offline}: otherwise; {@code no_data}: the station never reported (within the 30 days looked at).
     */
    public static String state(Reading latest, LoggerStatus status, Instant now, Duration offlineAfter) {
        if (status != null && status.state().equals("offline") && (latest == null || !latest.time().isAfter(status.since()))) {
            return "offline";
        }
        if (latest == null) return "no_data";
        return latest.time().isAfter(now.minus(offlineAfter)) ? "online" : "offline";
    }
}
