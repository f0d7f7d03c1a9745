package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pvmon.alerts.Fixtures.at;

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
}
