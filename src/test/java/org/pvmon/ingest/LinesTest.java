package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pvmon.store.Reading;

class LinesTest {
    private static String number(double d) {
        return Lines.number(new StringBuilder(), d).toString();
    }

    @Test
    void numbers_read_back_as_the_same_double() {
        Random rnd = new Random(17);
        for (int i = 0; i < 2_000_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Math.round(rnd.nextDouble() * 1e9) / 1e3 * (rnd.nextBoolean() ? 1 : -1); // counters, 3 decimals
                case 1 -> Math.round(rnd.nextGaussian() * 1e4) / Math.pow(10, rnd.nextInt(8)); // 0-7 decimals
                case 2 -> Double.longBitsToDouble(rnd.nextLong()); // anything at all
                default -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(24) - 12);
            };
            if (!Double.isFinite(d)) continue;
            String s = number(d);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(s))).as(s).isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void logger_values_are_written_as_their_decimals() {
        assertThat(number(12.5)).isEqualTo("12.5");
        assertThat(number(40213.7)).isEqualTo("40213.7");
        assertThat(number(0.05)).isEqualTo("0.05");
        assertThat(number(-0.5)).isEqualTo("-0.5");
        assertThat(number(100.001)).isEqualTo("100.001");
        assertThat(number(7)).isEqualTo("7");
        assertThat(number(0)).isEqualTo("0.0");
        assertThat(number(999_999_999.999)).isEqualTo("999999999.999");
        assertThat(number(1e9)).isEqualTo("1.0E9");
        assertThat(number(1.0 / 3)).isEqualTo(Double.toString(1.0 / 3));
    }

    @Test
    void a_reading_in_millis_and_in_nanos_is_the_same_point() {
        Reading r = new Reading("ST00001", Instant.parse("2026-12-06T05:00:00.123Z"), 12.5, 40213.7, "running", 0, 35.7, Double.NaN);
        assertThat(Lines.reading(new StringBuilder(), r, true).toString())
                .isEqualTo("reading,station=ST00001 power_kw=12.5,energy_kwh=40213.7,state=\"running\",fault_code=0.0,module_temp_c=35.7 1796533200123");
        assertThat(Lines.reading(r))
                .isEqualTo("reading,station=ST00001 power_kw=12.5,energy_kwh=40213.7,state=\"running\",fault_code=0.0,module_temp_c=35.7 1796533200123000000");
        assertThat(Lines.wholeMillis(r)).isTrue();
    }
}
