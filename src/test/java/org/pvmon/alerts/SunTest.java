package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pvmon.alerts.Fixtures.at;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import net.e175.klaus.solarpositioning.SolarPosition;
import org.junit.jupiter.api.Test;

class SunTest {

    private static final double LAT = 35.55;
    private static final double LON = 118.46;

    @Test
    void the_sun_stands_high_at_noon_in_june_and_below_the_horizon_at_22() {
        assertThat(Sun.elevationDeg(LAT, LON, at("2024-06-12T12:00"))).isCloseTo(77.6, within(0.5));
        assertThat(Sun.elevationDeg(LAT, LON, at("2024-06-12T22:00"))).isNegative();
        assertThat(Sun.elevationDeg(LAT, LON, at("2024-12-20T12:00"))).isCloseTo(31.0, within(0.5));
    }

    @Test
    void clear_sky_gives_most_of_the_capacity_at_noon_and_nothing_at_night() {
        assertThat(Sun.clearSkyKwPerKwp(LAT, LON, at("2024-06-12T12:00"))).isBetween(0.75, 0.90);
        assertThat(Sun.clearSkyKwPerKwp(LAT, LON, at("2024-12-20T12:00"))).isBetween(0.60, 0.80);
        assertThat(Sun.clearSkyKwPerKwp(LAT, LON, at("2024-06-12T22:00"))).isZero();
    }

    /** Reda &amp; Andreas (2004), NREL/TP-560-34302, table A5.1: the SPA paper's reference point. */
    @Test
    void the_position_is_the_spa_papers_reference_point() {
        Instant t = OffsetDateTime.of(2003, 10, 17, 12, 30, 30, 0, ZoneOffset.ofHours(-7)).toInstant();

        SolarPosition sun = Sun.position(39.742476, -105.1786, 1830.14, 820, 11, 67, t);

        assertThat(sun.zenithAngle()).isCloseTo(50.11162, within(1e-4));
        assertThat(sun.azimuth()).isCloseTo(194.34024, within(1e-4));
    }

    /**
     * 1995, before the 2010-2110 that Grena 3 is made for, worked out by hand: the June solstice was on 21 June 1995 at
     * 20:34 UTC; 16.5 h before it the sun's longitude is 0.653&deg; short of 90&deg;, so its declination is the true
     * obliquity (23.4399&deg; mean, nutation -0.0022&deg;: 23.4377&deg;) less 0.0016&deg;, 23.4361&deg;. The sun
     * culminates due south at 90 - 35.55 + 23.4361 = 77.8861&deg;, less 0.0005&deg; of parallax, plus 0.0036&deg; of
     * refraction: 77.8892&deg;, at about 04:07:45 UTC (local mean noon at 118.46&deg; E is 04:06:10, and the
     * equation of time is -1.6 min).
     */
    @Test
    void a_date_before_2010_gets_a_sound_position() {
        Instant from = Instant.parse("1995-06-21T03:30:00Z");
        Instant transit = from;
        for (Instant t = from; t.isBefore(Instant.parse("1995-06-21T04:45:00Z")); t = t.plusSeconds(10)) {
            if (Sun.elevationDeg(LAT, LON, t) > Sun.elevationDeg(LAT, LON, transit)) {
                transit = t;
            }
        }
        assertThat(Sun.elevationDeg(LAT, LON, transit)).isCloseTo(77.8892, within(0.001));
        assertThat(transit).isBetween(Instant.parse("1995-06-21T04:07:15Z"), Instant.parse("1995-06-21T04:08:15Z"));
        assertThat(Sun.position(LAT, LON, transit).azimuth()).isCloseTo(180, within(0.5));
    }

    /** The rules see the apparent sun: refraction lifts it by about 0.5&deg; at the horizon, not at all at noon. */
    @Test
    void refraction_lifts_the_sun_at_the_horizon() {
        Instant sunrise = at("2024-06-12T04:52");
        Instant noon = at("2024-06-12T12:00");
        double deltaT = Sun.deltaT(sunrise);

        double airless = 90 - Sun.position(LAT, LON, 0, 0, Sun.STANDARD_TEMPERATURE_C, deltaT, sunrise).zenithAngle();
        assertThat(airless).isBetween(-1.0, 1.0);
        assertThat(Sun.elevationDeg(LAT, LON, sunrise) - airless).isBetween(0.35, 0.6);
        double airlessNoon = 90 - Sun.position(LAT, LON, 0, 0, Sun.STANDARD_TEMPERATURE_C, deltaT, noon).zenithAngle();
        assertThat(Sun.elevationDeg(LAT, LON, noon) - airlessNoon).isBetween(0.0, 0.01);
    }

    /**
     * The bound that lets the rules skip night-time positions: wherever it says the sun stays at or below a limit for
     * so many seconds, it does (every minute of three days of the year, from the equator to beyond China's north).
     */
    @Test
    void the_sun_stays_at_or_below_a_limit_as_long_as_seconds_at_most_says() {
        for (double lat : new double[] {0, 18.2, 35.55, 53.5, 66}) {
            for (String day : List.of("2024-03-20", "2024-06-21", "2024-12-21")) {
                Instant start = Instant.parse(day + "T00:00:00Z");
                double[] elevation = new double[1440];
                for (int m = 0; m < elevation.length; m++) {
                    elevation[m] = Sun.elevationDeg(lat, LON, start.plusSeconds(60L * m));
                }
                for (double limit : new double[] {-6, Sun.CLEAR_SKY_DARK_DEG, 10, 45}) {
                    for (int m = 0; m < elevation.length; m++) {
                        if (elevation[m] > limit) {
                            assertThat(Sun.secondsAtMost(elevation[m], limit)).isZero();
                            continue;
                        }
                        long minutes = Sun.secondsAtMost(elevation[m], limit) / 60;
                        for (int k = (int) Math.max(0, m - minutes); k <= Math.min(elevation.length - 1, m + minutes); k++) {
                            assertThat(elevation[k]).as("lat %s, %s, limit %s, minute %d from minute %d", lat, day, limit, k, m)
                                    .isLessThanOrEqualTo(limit);
                        }
                    }
                }
            }
        }
        // and it saves work: at midnight in Yinan in December the sun stays below 10° for hours
        assertThat(Sun.secondsAtMost(Sun.elevationDeg(LAT, LON, at("2024-12-20T00:00")), 10)).isGreaterThan(4 * 3600);
    }

    @Test
    void a_walk_that_skips_the_dark_gives_the_same_answers_with_fewer_positions() {
        for (double limit : new double[] {-6, Sun.CLEAR_SKY_DARK_DEG, 10}) {
            for (int direction : new int[] {1, -1}) {
                Sun.Dark dark = new Sun.Dark(limit);
                int computed = 0;
                Instant t = direction > 0 ? at("2024-12-20T00:00") : at("2024-12-20T23:55");
                for (int step = 0; step < 288; step++, t = t.plusSeconds(direction * 300L)) {
                    boolean above;
                    if (dark.covers(t)) {
                        above = false;
                    } else {
                        double elevation = Sun.elevationDeg(LAT, LON, t);
                        dark.saw(t, elevation);
                        above = elevation > limit;
                        computed++;
                    }
                    assertThat(above).as("limit %s at %s", limit, t).isEqualTo(Sun.elevationDeg(LAT, LON, t) > limit);
                }
                assertThat(computed).as("limit %s", limit).isLessThan(200);
            }
        }
    }

    @Test
    void clear_sky_is_nothing_at_or_below_the_dark_elevation() {
        for (Instant t = at("2024-06-12T04:00"); t.isBefore(at("2024-06-12T06:00")); t = t.plusSeconds(20)) {
            if (Sun.elevationDeg(LAT, LON, t) <= Sun.CLEAR_SKY_DARK_DEG) {
                assertThat(Sun.clearSkyKwPerKwp(LAT, LON, t)).isZero();
            }
        }
    }
}
