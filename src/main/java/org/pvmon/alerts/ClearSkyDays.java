package org.pvmon.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clear-sky energy of whole local days (kWh/kWp), kept between evaluations: a silence of months without peer data
 * is valued a clear-sky day per day, each up to some 180 SPA sun positions (the night needs only a few; under 1 ms),
 * and that every minute. Kept per latitude to 0.1&deg; (computed at the middle of the band) and calendar day (computed
 * in the leap year 2024): a day's sum depends on latitude and season, hardly on longitude (it moves the day's curve, not
 * its sum; computed at the zone's meridian, where the sun culminates near local noon) or on the year (well under 1%).
 * At most 366 values per 0.1&deg; the fleet spans. A cache of a pure function: results do not depend on what was asked
 * before. Thread-safe. Spans at a station, which must be exact (a part of a day as a share of the whole), are kept by
 * {@link Fleet.ClearSkyMemo} instead.
 */
final class ClearSkyDays {

    private static final int REFERENCE_YEAR = 2024; // a leap year: every calendar day exists
    private static final double BAND_DEG = 0.1;

    private final ZoneId zone;
    private final Map<Long, Double> kept = new ConcurrentHashMap<>();

    ClearSkyDays(ZoneId zone) {
        this.zone = zone;
    }

    /** Clear-sky energy of local day {@code day} at latitude {@code lat}, kWh/kWp. */
    double kwhPerKwp(double lat, LocalDate day) {
        long band = Math.round(lat / BAND_DEG);
        MonthDay md = MonthDay.from(day);
        long key = band * 1000 + md.getMonthValue() * 32L + md.getDayOfMonth(); // month-day below 1000
        return kept.computeIfAbsent(key, k -> compute(band * BAND_DEG, md.atYear(REFERENCE_YEAR)));
    }

    private double compute(double lat, LocalDate day) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        double lon = zone.getRules().getOffset(from).getTotalSeconds() / 240.0; // 4 minutes of time per degree
        return Fleet.clearSkyKwh(lat, lon, from, to); // the rules' SPA sun, 5-minute bins, the night skipped
    }
}
