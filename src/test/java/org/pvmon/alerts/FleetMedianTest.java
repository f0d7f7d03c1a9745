package org.pvmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * The peer median the evaluator takes from a group's one sorted array without the station's own value is the median
 * of the peers' values as a list of them would give it: bit for bit, ties and duplicates included.
 */
class FleetMedianTest {

    @Test
    void median_without_the_station_equals_the_median_of_the_others() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            int n = random.nextInt(12);
            double[] group = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values, so duplicates of the station's own are common; some missing (NaN)
                group[i] = random.nextInt(8) == 0 ? Double.NaN : random.nextInt(6) * 0.37;
            }
            double[] sorted = Arrays.stream(group).filter(Double::isFinite).sorted().toArray();
            int self = n == 0 ? -1 : random.nextInt(n);
            double own = self < 0 ? Double.NaN : group[self];
            double[] others = new double[Math.max(0, n - 1)];
            for (int i = 0, j = 0; i < n; i++) if (i != self) others[j++] = group[i];
            double expected = Fleet.median(self < 0 ? group : others);
            assertThat(Double.valueOf(Fleet.medianWithout(sorted, own))).as("group %s without #%d", Arrays.toString(group), self)
                    .isEqualTo(Double.valueOf(expected)); // boxed: NaN equals NaN, 0.0 differs from -0.0
        }
    }

    @Test
    void no_value_left_is_no_median() {
        assertThat(Fleet.medianWithout(new double[] {0.5}, 0.5)).isNaN();
        assertThat(Fleet.medianWithout(new double[0], Double.NaN)).isNaN();
        assertThat(Fleet.medianWithout(DoubleStream.of(1, 2, 3).toArray(), 2)).isEqualTo(2.0);
    }
}
