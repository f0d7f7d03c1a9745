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

    /** &Delta;T (TT - UT, s) estimated for the instant's (UTC) date; about 20 ns, so it is not cached. */
    static double deltaT(Instant t) {
        return DeltaT.estimate(LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond(), 86_400)));
    }
}
