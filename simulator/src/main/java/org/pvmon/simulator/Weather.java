package org.pvmon.simulator;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Daily weather for a county, with spatial correlation: the day's weather type and level are
 * drawn once per day for the county (from the seed), each station adds a little noise of its own
 * (from seed, station and day), and on partly cloudy days the county's cloud field drifts over
 * the stations (a station further east sees the same clouds later) with fast fluctuations.
 */
final class Weather {

    enum DayType { CLEAR, HAZY, PARTLY_CLOUDY, OVERCAST }

    /** One station's weather for one local day. */
    record Day(LocalDate date, DayType type, double level, double cloudFraction, double shadeIndex,
               double tempOffsetC, double tempAmplitudeC, long countyKey, long stationKey, double cloudShiftMinutes) {
    }

    // probabilities of CLEAR, HAZY, PARTLY_CLOUDY, OVERCAST in mid-winter and mid-summer (rainy season)
    private static final double[] WINTER = {0.42, 0.28, 0.17, 0.13};
    private static final double[] SUMMER = {0.18, 0.17, 0.35, 0.30};

    private final long seed;

    Weather(long seed) {
        this.seed = seed;
    }

    Day day(String stationId, double lat, double lon, LocalDate date) {
        long countyKey = Noise.key(Noise.key(seed, "county"), date.toEpochDay());
        SplittableRandom county = new SplittableRandom(countyKey);
        double summer = (1 - Math.cos(2 * Math.PI * (date.getDayOfYear() - 15) / 365.25)) / 2;
        DayType type = pickType(county.nextDouble(), summer);
        double level;
        double cloudFraction = 0;
        double shade = 1;
        double tempAmplitude;
        switch (type) {
            case CLEAR -> {
                level = county.nextDouble(0.86, 0.98);
                tempAmplitude = 6;
            }
            case HAZY -> {
                level = county.nextDouble(0.62, 0.82);
                tempAmplitude = 4.5;
            }
            case PARTLY_CLOUDY -> {
                level = county.nextDouble(0.85, 0.98);
                cloudFraction = county.nextDouble(0.25, 0.7);
                shade = county.nextDouble(0.25, 0.45);
                tempAmplitude = 4.5;
            }
            default -> {
                level = county.nextDouble(0.10, 0.35);
                tempAmplitude = 2.5;
            }
        }
        double tempOffset = county.nextDouble(-3, 3);

        long stationKey = Noise.key(Noise.key(seed, stationId), date.toEpochDay());
        SplittableRandom station = new SplittableRandom(stationKey);
        double gauss = (station.nextDouble() + station.nextDouble() + station.nextDouble() - 1.5) * 2; // ~N(0,1)
        level *= 1 + 0.03 * gauss;
        tempOffset += station.nextDouble(-0.8, 0.8);
        // clouds drift west to east at ~30 km/h: ~180 minutes per degree of longitude
        double shift = -lon * 182 + lat * 40;
        return new Day(date, type, level, cloudFraction, shade, tempOffset, tempAmplitude, countyKey, stationKey, shift);
    }

    private static DayType pickType(double u, double summer) {
        double acc = 0;
        DayType[] types = DayType.values();
        for (int i = 0; i < types.length - 1; i++) {
            acc += WINTER[i] + (SUMMER[i] - WINTER[i]) * summer;
            if (u < acc) {
                return types[i];
            }
        }
        return types[types.length - 1];
    }

    /** Clear-sky index (measured / clear-sky irradiance) at a minute of the local day. */
    static double clearSkyIndex(Day d, double minuteOfDay) {
        double slowAmp = switch (d.type()) {
            case CLEAR -> 0.03;
            case HAZY -> 0.08;
            case PARTLY_CLOUDY -> 0.05;
            case OVERCAST -> 0.35;
        };
        double slow = 1 + slowAmp * (2 * Noise.value(d.countyKey() ^ 0x51L, minuteOfDay / 90) - 1);
        double k = d.level() * slow;
        double jitter = 0.01;
        if (d.type() == DayType.PARTLY_CLOUDY) {
            double cloud = 0.75 * Noise.value(d.countyKey() ^ 0xC10DL, (minuteOfDay + d.cloudShiftMinutes()) / 6)
                    + 0.25 * Noise.value(d.stationKey() ^ 0xC11DL, minuteOfDay / 4);
            double threshold = 1 - d.cloudFraction();
            double s = smoothstep(threshold - 0.04, threshold + 0.04, cloud);
            double edge = 4 * s * (1 - s); // cloud-edge enhancement
            k *= (1 - s * (1 - d.shadeIndex())) * (1 + 0.12 * edge);
            jitter = 0.06;
        } else if (d.type() == DayType.OVERCAST) {
            jitter = 0.08;
        } else if (d.type() == DayType.HAZY) {
            jitter = 0.02;
        }
        k *= 1 + jitter * (Noise.uniform(d.stationKey(), (long) Math.floor(minuteOfDay)) - 0.5);
        return Math.max(0.03, Math.min(1.15, k));
    }

    /** Ambient air temperature (Yinan: January mean about -0.5 °C, July about 26.5 °C). */
    static double ambientC(Day d, double hourOfDay) {
        double seasonal = 13.2 - 13.5 * Math.cos(2 * Math.PI * (d.date().getDayOfYear() - 20) / 365.25);
        return seasonal + d.tempOffsetC() + d.tempAmplitudeC() * Math.cos(2 * Math.PI * (hourOfDay - 15) / 24);
    }

    private static double smoothstep(double a, double b, double x) {
        double t = Math.max(0, Math.min(1, (x - a) / (b - a)));
        return t * t * (3 - 2 * t);
    }
}
