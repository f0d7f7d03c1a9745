package org.pvmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pvmon.energy.CounterSample;

/** {@link Recent} from a list of readings: each answer computed from all of them when asked. Immutable. */
final class RecentList implements Recent {

    private final List<CounterSample> readings; // time order

    RecentList(List<CounterSample> readings) {
        List<CounterSample> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparing(CounterSample::time));
        this.readings = List.copyOf(sorted);
    }

    @Override
    public Instant newest() {
        return readings.isEmpty() ? null : readings.get(readings.size() - 1).time();
    }

    @Override
    public Duration observedInterval() {
        long[] nanos = new long[readings.size()];
        for (int i = 0; i < nanos.length; i++) {
            Instant t = readings.get(i).time();
            nanos[i] = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
        return Recent.observedInterval(nanos, nanos.length);
    }

    @Override
    public Idle idle(double thresholdKw, int recoveryReadings) {
        IdleStretch stretch = new IdleStretch(thresholdKw, recoveryReadings);
        for (CounterSample r : readings) stretch.add(r.time().toEpochMilli(), r.powerKw());
        return stretch.result();
    }

    @Override
    public double[] meanPowerKw(long fromSecond, int bins) {
        double[] sum = new double[bins];
        int[] count = new int[bins];
        for (CounterSample r : readings) {
            long k = Math.floorDiv(r.time().getEpochSecond() - fromSecond, BIN_SECONDS);
            if (k >= 0 && k < bins && Double.isFinite(r.powerKw())) {
                sum[(int) k] += Math.max(0, r.powerKw());
                count[(int) k]++;
            }
        }
        double[] mean = new double[bins];
        for (int k = 0; k < bins; k++) mean[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
        return mean;
    }

    @Override
    public long firstPowerBin(long notBeforeSecond) {
        long from = Math.floorDiv(notBeforeSecond, BIN_SECONDS) * BIN_SECONDS;
        for (CounterSample r : readings) {
            long t = r.time().getEpochSecond();
            if (t >= from && Double.isFinite(r.powerKw())) return Math.floorDiv(t, BIN_SECONDS) * BIN_SECONDS;
        }
        return Long.MAX_VALUE;
    }
}
