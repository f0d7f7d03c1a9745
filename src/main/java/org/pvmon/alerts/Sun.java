package org.pvmon.alerts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import net.e175.klaus.solarpositioning.Grena3;
import net.e175.klaus.solarpositioning.SolarPosition;

/**
 * Sun elevation and clear-sky expected power at a place, as the simulator computes them: Grena 3 sun position
 * (0.01&deg; over 2010-2110, fast enough to call thousands of times a minute), Haurwitz clear-sky GHI, a fixed
 * 15% diffuse share, isotropic transposition onto a south-facing 30&deg; plane (typical for Shandong village
 * arrays) and a performance ratio of 0.85 (temperature, wiring, inverter). Good to about 10-15% on a clear day,
 * which is all a threshold and an upper-bound loss estimate need.
 */
final class Sun {

    private static final double DELTA_T = 69.0; // TT - UT in seconds, good enough for the 2020s
    private static final double TILT = Math.toRadians(30);
    private static final double DIFFUSE_SHARE = 0.15;
    private static final double ALBEDO = 0.2;
    private static final double PERFORMANCE_RATIO = 0.85;

    private Sun() {
    }

    /** Sun elevation above the horizon in degrees (negative at night), without refraction. */
    static double elevationDeg(double lat, double lon, Instant t) {
        return 90 - position(lat, lon, t).zenithAngle();
    }

    /** Expected AC power under a clear sky, kW per kWp of capacity (0..1). */
    static double clearSkyKwPerKwp(double lat, double lon, Instant t) {
        SolarPosition sun = position(lat, lon, t);
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

    private static SolarPosition position(double lat, double lon, Instant t) {
        return Grena3.calculateSolarPosition(ZonedDateTime.ofInstant(t, ZoneOffset.UTC), lat, lon, DELTA_T);
    }
}
