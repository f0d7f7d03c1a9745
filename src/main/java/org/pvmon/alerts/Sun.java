package org.pvmon.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import net.e175.klaus.solarpositioning.DeltaT;
import net.e175.klaus.solarpositioning.SPA;
import net.e175.klaus.solarpositioning.SolarPosition;

/**
 * Sun position and clear-sky expected power at a place, as the simulator computes them.
 *
 * <p>Sun position: NREL's Solar Position Algorithm (Reda &amp; Andreas 2004, &plusmn;0.0003&deg; over -2000..6000;
 * the library reproduces the paper's reference point to 1e-6&deg;), topocentric, with atmospheric refraction, so
 * elevations are the apparent ones (about 0.5&deg; higher at the horizon, 0.09&deg; at 10&deg;). The station
 * registry has no elevation, so the rules place every station at sea level ({@link #SEA_LEVEL_M}) in the standard
 * atmosphere ({@link #STANDARD_PRESSURE_HPA}, {@link #STANDARD_TEMPERATURE_C}); for Shandong's village arrays
 * (mostly below 500 m) that moves the sun by well under 0.001&deg; (parallax) and refraction by a few percent of
 * itself. &Delta;T (TT - UT) follows the date ({@link DeltaT#estimate(LocalDate)}, Espenak &amp; Meeus), so a
 * backfill or an imported history of any year gets the right one; a few seconds of error in &Delta;T move the sun
 * by about 0.00004&deg; (it only shifts the ephemeris time, not the hour angle). About 4 &micro;s a call.
 *
 * <p>Clear-sky power: Haurwitz clear-sky GHI, a fixed 15% diffuse share, isotropic transposition onto a
 * south-facing 30&deg; plane (typical for Shandong village arrays) and a performance ratio of 0.85 (temperature,
 * wiring, inverter). Good to about 10-15% on a clear day, which is all a threshold and an upper-bound loss estimate
 * need.
 */
final class Sun {

    /** Elevation of a station whose elevation is unknown (all of them: the registry has no elevation), m. */
    static final double SEA_LEVEL_M = 0;
    /** Air pressure for refraction where it is unknown: the standard atmosphere at sea level, hPa. */
    static final double STANDARD_PRESSURE_HPA = 1013.25;
    /**
     * Air temperature for refraction where it is unknown: the standard atmosphere at sea level, &deg;C (Shandong's
     * annual mean is about 13 &deg;C; refraction scales with 1/(273 + T), so the choice moves it by under 1%).
     */
    static final double STANDARD_TEMPERATURE_C = 15;

    /**
     * At or below this apparent elevation {@link #clearSkyKwPerKwp} is 0 (it is 0 for cos z &lt;= 0.01, i.e. at or
     * below 0.5730&deg;), degrees.
     */
    static final double CLEAR_SKY_DARK_DEG = 0.57;
    /**
     * Most the geometric elevation changes, degrees per second: by at most cos(latitude) x the hour angle's rate
     * (15.04&deg;/h) plus the declination's (at most 0.017&deg;/h); 15.5&deg;/h leaves room.
     */
    private static final double MAX_ELEVATION_RATE = 15.5 / 3600;
    /**
     * Most refraction adds to the elevation, degrees: SPA adds none below -0.8334&deg; and at most 0.61&deg; in the
     * standard atmosphere (0.9&deg; at 1100 hPa and -60 &deg;C).
     */
    private static final double MAX_REFRACTION = 1.0;

    private static final double TILT = Math.toRadians(30);
    private static final double DIFFUSE_SHARE = 0.15;
    private static final double ALBEDO = 0.2;
    private static final double PERFORMANCE_RATIO = 0.85;

    private Sun() {
    }

    /** Apparent sun elevation above the horizon in degrees (negative at night), refraction included. */
    static double elevationDeg(double lat, double lon, Instant t) {
        return elevationDeg(position(lat, lon, t));
    }

    /** Expected AC power under a clear sky, kW per kWp of capacity (0..1). */
    static double clearSkyKwPerKwp(double lat, double lon, Instant t) {
        return clearSkyKwPerKwp(position(lat, lon, t));
    }

    /** Apparent elevation in degrees of a position from {@link #position}. */
    static double elevationDeg(SolarPosition sun) {
        return 90 - sun.zenithAngle();
    }

    /** Expected AC power under a clear sky with the sun at {@code sun}, kW per kWp of capacity (0..1). */
    static double clearSkyKwPerKwp(SolarPosition sun) {
        double cosZ = Math.cos(Math.toRadians(sun.zenithAngle()));
        if (cosZ <= 0.01) {
            return 0;
        }
        double ghi = 1098 * cosZ * Math.exp(-0.057 / cosZ); // Haurwitz, W/m2
        double dhi = ghi * DIFFUSE_SHARE;
        double dni = (ghi - dhi) / cosZ;
        double sinZ = Math.sqrt(1 - cosZ * cosZ);
        double cosAoi = cosZ * Math.cos(TILT) + sinZ * Math.sin(TILT) * Math.cos(Math.toRadians(sun.azimuth() - 180));
        double poa = dni * Math.max(0, cosAoi) + dhi * (1 + Math.cos(TILT)) / 2 + ghi * ALBEDO * (1 - Math.cos(TILT)) / 2;
        return Math.min(1, poa / 1000 * PERFORMANCE_RATIO);
    }

    /**
     * Topocentric sun position at a station as the rules see it: at sea level in the standard atmosphere, &Delta;T of
     * the instant's date (see the class comment).
     */
    static SolarPosition position(double lat, double lon, Instant t) {
        return position(lat, lon, SEA_LEVEL_M, STANDARD_PRESSURE_HPA, STANDARD_TEMPERATURE_C, deltaT(t), t);
    }

    /**
     * Topocentric sun position by SPA, refraction included: azimuth eastward from north, zenith angle, degrees.
     *
     * @param elevationM   the site's elevation above sea level, m
     * @param pressureHPa  mean air pressure at the site, hPa
     * @param temperatureC mean air temperature at the site, &deg;C
     * @param deltaT       TT - UT, s
     */
    static SolarPosition position(double lat, double lon, double elevationM, double pressureHPa, double temperatureC,
                                  double deltaT, Instant t) {
        return SPA.calculateSolarPosition(ZonedDateTime.ofInstant(t, ZoneOffset.UTC), lat, lon, elevationM, deltaT,
                pressureHPa, temperatureC);
    }

    /**
     * Seconds before and after an instant at which the sun stood at apparent elevation {@code elevationDeg} (as
     * {@link #position(double, double, Instant)} gives it) during which it provably stays at or below
     * {@code limitDeg}: 0 when it might rise above it at once. From the most the elevation can change in a second
     * and the most refraction can add, so walks over the night need a position only every few hours.
     */
    static long secondsAtMost(double elevationDeg, double limitDeg) {
        double margin = limitDeg - elevationDeg - MAX_REFRACTION;
        return margin <= 0 ? 0 : (long) (margin / MAX_ELEVATION_RATE);
    }

    /**
     * For one station's walk over instants (in either direction, one thread): the span around the last instant
     * looked at during which the sun provably stays at or below a limit elevation, so that instants inside it need
     * no position (SPA costs about 4 &micro;s; a night of 5-minute steps is about 150 of them).
     */
    static final class Dark {
        private final double limitDeg;
        private Instant from = Instant.MAX;
        private Instant to = Instant.MIN;

        Dark(double limitDeg) {
            this.limitDeg = limitDeg;
        }

        /** True when the sun is provably at or below the limit at {@code t}. */
        boolean covers(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }

        /** Notes that the sun stood at apparent elevation {@code elevationDeg} at {@code t}. */
        void saw(Instant t, double elevationDeg) {
            long seconds = secondsAtMost(elevationDeg, limitDeg);
            if (seconds > 0) {
                from = t.minusSeconds(seconds);
                to = t.plusSeconds(seconds);
            }
        }
    }

    /** &Delta;T (TT - UT, s) estimated for the instant's (UTC) date; about 20 ns, so it is not cached. */
    static double deltaT(Instant t) {
        return DeltaT.estimate(LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond(), 86_400)));
    }
}
