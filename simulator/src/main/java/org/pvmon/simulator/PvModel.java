package org.pvmon.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import net.e175.klaus.solarpositioning.DeltaT;
import net.e175.klaus.solarpositioning.SPA;
import net.e175.klaus.solarpositioning.SolarPosition;

/**
 * The physics of one station, without faults: sun position (NREL SPA, see {@link #sunPosition}),
 * clear-sky irradiance (Haurwitz), the day's weather, beam/diffuse split (Erbs), isotropic
 * transposition onto a fixed south-facing plane, module temperature (NOCT), temperature derate,
 * system losses and inverter clipping at the station's capacity. A pure function of seed, station
 * and time.
 */
final class PvModel {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** What the station does at one instant. */
    record Sample(double powerKw, double poaWm2, double moduleTempC, boolean sunUp) {
    }

    /** Elevation of every station, m: the fleet file has none, so sea level. */
    static final double ELEVATION_M = 0;
    /** Air pressure for refraction, hPa: the standard atmosphere at {@link #ELEVATION_M}. */
    static final double PRESSURE_HPA = 1013.25;
    private static final double ALBEDO = 0.2;
    private static final double NOCT_RISE = (45 - 20) / 800.0; // °C per W/m²
    private static final double TEMP_COEFF = -0.004;  // per °C above 25 °C
    private static final double MIN_POA = 8;          // W/m²: below, the inverter stays in standby
    /** At or below this apparent sun elevation cos z &lt;= 0.01 (0.5730&deg;): night for the model, degrees. */
    private static final double NIGHT_DEG = 0.57;
    /**
     * Most the sun's elevation changes, degrees per second: at most cos(latitude) x the hour angle's 15.04&deg;/h
     * plus the declination's 0.017&deg;/h; 15.5&deg;/h leaves room.
     */
    private static final double MAX_ELEVATION_RATE = 15.5 / 3600;
    /** Most refraction adds, degrees: at most 0.61&deg; at 1013.25 hPa and 15 &deg;C, 0.72&deg; at -30 &deg;C. */
    private static final double MAX_REFRACTION = 1.0;

    /** A span of time, inclusive, throughout which the sun provably stays at or below {@link #NIGHT_DEG}. */
    private record Night(Instant from, Instant to) {
        boolean covers(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    private final Station station;
    private final Weather weather;
    private final double tiltRad;
    private final double azimuthDeg;
    private final double lossFactor; // 1 - system losses
    private final Instant connected;
    private volatile Weather.Day lastDay;
    private volatile Night lastNight = new Night(Instant.MAX, Instant.MIN);

    PvModel(Station station, long seed, Weather weather) {
        this.station = station;
        this.weather = weather;
        SplittableRandom r = new SplittableRandom(Noise.key(Noise.key(seed, station.id()), -1));
        this.tiltRad = Math.toRadians(r.nextDouble(25, 32));
        this.azimuthDeg = 180 + r.nextDouble(-8, 8);
        this.lossFactor = 1 - r.nextDouble(0.14, 0.18);
        this.connected = station.gridConnectionDate().atStartOfDay(ZONE).toInstant();
    }

    Station station() {
        return station;
    }

    Sample sample(Instant t) {
        if (t.isBefore(connected)) {
            return new Sample(0, 0, 0, false);
        }
        long localSecond = t.getEpochSecond() + ZONE.getRules().getOffset(t).getTotalSeconds();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(localSecond, 86_400));
        double secondOfDay = Math.floorMod(localSecond, 86_400) + t.getNano() / 1e9;
        Weather.Day day = day(date);
        double hour = secondOfDay / 3600;
        double ambient = Weather.ambientC(day, hour);

        if (lastNight.covers(t)) { // what the sun position would give, without computing it
            return new Sample(0, 0, ambient - 1, false);
        }
        SolarPosition sun = sunPosition(station.lat(), station.lon(), ELEVATION_M, PRESSURE_HPA, ambient,
                DeltaT.estimate(date), t);
        double cosZ = Math.cos(Math.toRadians(sun.zenithAngle()));
        if (cosZ <= 0.01) {
            rememberNight(t, 90 - sun.zenithAngle());
            return new Sample(0, 0, ambient - 1, false);
        }
        double e0 = 1367 * (1 + 0.033 * Math.cos(2 * Math.PI * date.getDayOfYear() / 365.0));
        double ghiClear = 1098 * cosZ * Math.exp(-0.057 / cosZ);                 // Haurwitz
        double ghi = ghiClear * Weather.clearSkyIndex(day, secondOfDay / 60);
        double kt = Math.min(1, ghi / (e0 * cosZ));
        double dhi = ghi * erbsDiffuseFraction(kt);
        double dni = cosZ > 0.065 ? Math.min(e0, (ghi - dhi) / cosZ) : 0;
        if (cosZ <= 0.065) {
            dhi = ghi;
        }
        double sinZ = Math.sqrt(1 - cosZ * cosZ);
        double cosAoi = cosZ * Math.cos(tiltRad)
                + sinZ * Math.sin(tiltRad) * Math.cos(Math.toRadians(sun.azimuth() - azimuthDeg));
        double poa = dni * Math.max(0, cosAoi)
                + dhi * (1 + Math.cos(tiltRad)) / 2
                + ghi * ALBEDO * (1 - Math.cos(tiltRad)) / 2;
        double moduleTemp = ambient + NOCT_RISE * poa;
        if (poa < MIN_POA) {
            return new Sample(0, poa, moduleTemp, true);
        }
        double dc = station.capacityKwp() * poa / 1000 * (1 + TEMP_COEFF * (moduleTemp - 25));
        double ac = Math.min(station.capacityKwp(), Math.max(0, dc * lossFactor));
        return new Sample(ac, poa, moduleTemp, true);
    }

    /**
     * Topocentric sun position by NREL's Solar Position Algorithm (Reda &amp; Andreas 2004, &plusmn;0.0003&deg;
     * over the years -2000..6000, so a backfill of any year is right), refraction included: azimuth
     * eastward from north and zenith angle, degrees. {@link #sample} passes sea level
     * ({@link #ELEVATION_M}, {@link #PRESSURE_HPA}), the simulated air temperature (refraction follows
     * it) and &Delta;T (TT - UT) estimated for the local date (Espenak &amp; Meeus; a few seconds off
     * move the sun by about 0.00004&deg;).
     *
     * @param elevationM   the site's elevation above sea level, m
     * @param pressureHPa  air pressure at the site, hPa
     * @param temperatureC air temperature at the site, &deg;C
     * @param deltaT       TT - UT, s
     */
    static SolarPosition sunPosition(double lat, double lon, double elevationM, double pressureHPa,
                                     double temperatureC, double deltaT, Instant t) {
        return SPA.calculateSolarPosition(ZonedDateTime.ofInstant(t, ZoneOffset.UTC), lat, lon, elevationM, deltaT,
                pressureHPa, temperatureC);
    }

    /**
     * Remembers how long around {@code t} the sun provably stays at or below {@link #NIGHT_DEG}, from its apparent
     * elevation at {@code t}, the most the elevation can change and the most refraction adds: SPA costs about
     * 4 &micro;s, and a night of 5-minute samples in order needs about 15 positions instead of 115-175. A sample
     * depends on nothing computed before: inside the span the position would say night too.
     */
    private void rememberNight(Instant t, double elevationDeg) {
        double margin = NIGHT_DEG - elevationDeg - MAX_REFRACTION;
        if (margin > 0) {
            long seconds = (long) (margin / MAX_ELEVATION_RATE);
            lastNight = new Night(t.minusSeconds(seconds), t.plusSeconds(seconds));
        }
    }

    private Weather.Day day(LocalDate date) {
        Weather.Day d = lastDay;
        if (d == null || !d.date().equals(date)) {
            d = weather.day(station.id(), station.lat(), station.lon(), date);
            lastDay = d;
        }
        return d;
    }

    /** Erbs et al. (1982): diffuse fraction of global horizontal irradiance from the clearness index. */
    static double erbsDiffuseFraction(double kt) {
        if (kt <= 0.22) {
            return 1 - 0.09 * kt;
        }
        if (kt <= 0.8) {
            return 0.9511 - 0.1604 * kt + 4.388 * kt * kt - 16.638 * kt * kt * kt + 12.336 * kt * kt * kt * kt;
        }
        return 0.165;
    }
}
