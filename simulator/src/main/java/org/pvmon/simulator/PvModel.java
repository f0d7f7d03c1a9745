package org.pvmon.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import net.e175.klaus.solarpositioning.Grena3;
import net.e175.klaus.solarpositioning.SolarPosition;

/**
 * The physics of one station, without faults: sun position (Grena 3), clear-sky irradiance
 * (Haurwitz), the day's weather, beam/diffuse split (Erbs), isotropic transposition onto a fixed
 * south-facing plane, module temperature (NOCT), temperature derate, system losses and inverter
 * clipping at the station's capacity. A pure function of seed, station and time.
 */
final class PvModel {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** What the station does at one instant. */
    record Sample(double powerKw, double poaWm2, double moduleTempC, boolean sunUp) {
    }

    private static final double DELTA_T = 69.0;      // TT - UT in seconds, good enough for the 2020s
    private static final double ALBEDO = 0.2;
    private static final double NOCT_RISE = (45 - 20) / 800.0; // °C per W/m²
    private static final double TEMP_COEFF = -0.004;  // per °C above 25 °C
    private static final double MIN_POA = 8;          // W/m²: below, the inverter stays in standby

    private final Station station;
    private final Weather weather;
    private final double tiltRad;
    private final double azimuthDeg;
    private final double lossFactor; // 1 - system losses
    private final Instant connected;
    private volatile Weather.Day lastDay;

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

        SolarPosition sun = Grena3.calculateSolarPosition(
                ZonedDateTime.ofInstant(t, ZoneOffset.UTC), station.lat(), station.lon(), DELTA_T);
        double cosZ = Math.cos(Math.toRadians(sun.zenithAngle()));
        if (cosZ <= 0.01) {
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
