package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.e175.klaus.solarpositioning.DeltaT;
import net.e175.klaus.solarpositioning.SolarPosition;
import org.junit.jupiter.api.Test;

class PvModelTest {

    private static final double LAT = 35.55;
    private static final double LON = 118.46;
    /** Connected long before 1995, so the model produces in 1995. */
    private static final Station OLD = new Station("YN-OLD-001", "旧电站", "东辛庄村", "界湖街道", "沂南县",
            30, LAT, LON, LocalDate.of(1990, 1, 1));

    /** Reda &amp; Andreas (2004), NREL/TP-560-34302, table A5.1: the SPA paper's reference point. */
    @Test
    void the_sun_position_is_the_spa_papers_reference_point() {
        Instant t = OffsetDateTime.of(2003, 10, 17, 12, 30, 30, 0, ZoneOffset.ofHours(-7)).toInstant();

        SolarPosition sun = PvModel.sunPosition(39.742476, -105.1786, 1830.14, 820, 11, 67, t);

        assertThat(sun.zenithAngle()).isCloseTo(50.11162, within(1e-4));
        assertThat(sun.azimuth()).isCloseTo(194.34024, within(1e-4));
    }

    /**
     * 1995, before the 2010-2110 that Grena 3 is made for, worked out by hand (as in the service's SunTest): on
     * 21 June 1995 the sun culminates due south at 90 - 35.55 + 23.4361 (declination) - 0.0005 (parallax) + 0.0036
     * (refraction) = 77.8892&deg;, at about 04:07:45 UTC.
     */
    @Test
    void a_date_before_2010_gets_a_sound_sun_position() {
        double deltaT = DeltaT.estimate(LocalDate.of(1995, 6, 21));
        Instant transit = null;
        double highest = -90;
        for (Instant t = Instant.parse("1995-06-21T03:30:00Z"); t.isBefore(Instant.parse("1995-06-21T04:45:00Z"));
                t = t.plusSeconds(10)) {
            double elevation = 90 - PvModel.sunPosition(LAT, LON, PvModel.ELEVATION_M, PvModel.PRESSURE_HPA, 15,
                    deltaT, t).zenithAngle();
            if (elevation > highest) {
                highest = elevation;
                transit = t;
            }
        }
        assertThat(highest).isCloseTo(77.8892, within(0.001));
        assertThat(transit).isBetween(Instant.parse("1995-06-21T04:07:15Z"), Instant.parse("1995-06-21T04:08:15Z"));
    }

    /**
     * The model sees the apparent sun: its sun is up (cos z above 0.01, an elevation of 0.573&deg;) while the sun
     * without an atmosphere is still 0.3-0.6&deg; lower, i.e. a few minutes earlier than without refraction; and the
     * sun is up at a June noon of 1995.
     */
    @Test
    void the_model_sees_the_refracted_sun_and_works_in_1995() {
        PvModel model = new PvModel(OLD, 42, new Weather(42));
        Instant t = ZonedDateTime.of(1995, 6, 21, 4, 30, 0, 0, PvModel.ZONE).toInstant();
        while (!model.sample(t).sunUp()) {
            t = t.plusSeconds(10);
        }
        double airless = 90 - PvModel.sunPosition(LAT, LON, 0, 0, 15, DeltaT.estimate(LocalDate.of(1995, 6, 21)), t)
                .zenithAngle();
        assertThat(airless).isBetween(0.573 - 0.6, 0.573 - 0.3);

        PvModel.Sample noon = model.sample(ZonedDateTime.of(1995, 6, 21, 12, 10, 0, 0, PvModel.ZONE).toInstant());
        assertThat(noon.sunUp()).isTrue();
        assertThat(noon.poaWm2()).isPositive();
    }

    /** Night samples skip the sun position where it provably says night: the same samples in any order. */
    @Test
    void skipping_the_night_changes_no_sample() {
        Weather weather = new Weather(42);
        PvModel forward = new PvModel(OLD, 42, weather);
        PvModel backward = new PvModel(OLD, 42, weather);
        for (LocalDate date : List.of(LocalDate.of(2025, 6, 21), LocalDate.of(2025, 12, 21))) {
            Instant start = date.atStartOfDay(PvModel.ZONE).toInstant();
            List<PvModel.Sample> fresh = new ArrayList<>();
            List<PvModel.Sample> walked = new ArrayList<>();
            for (int m = 0; m < 1440; m++) {
                fresh.add(new PvModel(OLD, 42, weather).sample(start.plusSeconds(60L * m)));
                walked.add(forward.sample(start.plusSeconds(60L * m)));
            }
            List<PvModel.Sample> back = new ArrayList<>();
            for (int m = 1439; m >= 0; m--) {
                back.add(0, backward.sample(start.plusSeconds(60L * m)));
            }
            assertThat(walked).isEqualTo(fresh);
            assertThat(back).isEqualTo(fresh);
            assertThat(fresh.stream().filter(PvModel.Sample::sunUp).count()).isBetween(560L, 900L);
        }
    }
}
