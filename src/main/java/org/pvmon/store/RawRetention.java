package org.pvmon.store;

import java.time.LocalDate;
import org.pvmon.config.Config;

/**
 * How long InfluxDB keeps the raw readings: {@code keptDays} what its retention policy says now (0: for ever),
 * {@code targetDays} what {@code influx.raw-keep-days} asks (0: leave it). What the service relies on is what is kept,
 * never only what is asked: a policy shortened by hand, or left short after the setting went back to 0, still limits
 * which days can be computed again.
 */
public record RawRetention(int keptDays, int targetDays) {
    /** The policy is to be shortened to the target once every older day is stored with its hourly means. */
    public boolean shorteningPending() {
        return targetDays > 0 && (keptDays == 0 || keptDays > targetDays);
    }

    /** The first local day whose raw readings are all kept on {@code today}; null: all are kept. */
    public LocalDate rawFrom(LocalDate today) {
        return keptDays == 0 ? null : today.minusDays(keptDays - 1L);
    }

    /** The first local day whose energy can be computed from the readings on {@code today} (its edges kept too); null: every day. */
    public LocalDate computableFrom(LocalDate today) {
        LocalDate from = rawFrom(today);
        return from == null ? null : from.plusDays(Config.Retention.EDGE_DAYS);
    }
}
