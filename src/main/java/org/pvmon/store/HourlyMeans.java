package org.pvmon.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hourly means of the readings (measurement {@value InfluxStore#HOURLY_MEASUREMENT} in the retention policy
 * {@value InfluxStore#HOURLY_RP}): computed from a closed day's readings when its energy is stored (org.pvmon.dayenergy),
 * so that curves of days whose raw readings InfluxDB no longer keeps can still be drawn. Written by the service itself
 * rather than by a continuous query: the same on InfluxDB 1.x, 2.x and 3.x, and a day that late readings change is
 * summarised again with them (a continuous query only sees the last hours).
 */
public final class HourlyMeans {
    /** Records per write request. */
    private static final int PER_WRITE = 5_000;
    private static final long HOUR_MS = 3_600_000L;

    private final InfluxStore store;

    public HourlyMeans(InfluxStore store) {
        this.store = store;
    }

    /**
     * Writes the hourly means of each station's readings within [from, to) (readings outside are ignored: the edges a
     * day's energy is computed with); returns the hours written. Hours are whole hours of UTC, which are whole hours of
     * local time in Asia/Shanghai.
     */
    public int write(Map<String, List<Reading>> byStation, Instant from, Instant to) {
        StringBuilder body = new StringBuilder();
        int lines = 0;
        int written = 0;
        for (Map.Entry<String, List<Reading>> e : byStation.entrySet()) {
            List<Reading> in = new ArrayList<>();
            for (Reading r : e.getValue()) {
                if (!r.time().isBefore(from) && r.time().isBefore(to)) in.add(r);
            }
            for (HourMean h : of(e.getKey(), in)) {
                line(body, h).append('\n');
                if (++lines == PER_WRITE) {
                    store.writeHourly(body.toString());
                    written += lines;
                    body.setLength(0);
                    lines = 0;
                }
            }
        }
        store.writeHourly(body.toString());
        return written + lines;
    }

    /** The hourly means of one station's readings, hour by hour. */
    public static List<HourMean> of(String station, List<Reading> readings) {
        List<Reading> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparing(Reading::time));
        List<HourMean> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            long hour = Math.floorDiv(sorted.get(i).time().toEpochMilli(), HOUR_MS);
            Mean power = new Mean();
            Mean temp = new Mean();
            Mean irradiance = new Mean();
            double max = Double.NaN;
            double fault = Double.NaN;
            double energy = Double.NaN;
            int n = 0;
            for (; i < sorted.size() && Math.floorDiv(sorted.get(i).time().toEpochMilli(), HOUR_MS) == hour; i++) {
                Reading r = sorted.get(i);
                if (!Double.isNaN(r.powerKw())) n++; // readings with a power, as InfluxDB's count(power_kw) for the hours it keeps
                power.add(r.powerKw());
                temp.add(r.moduleTempC());
                irradiance.add(r.irradianceWm2());
                if (!Double.isNaN(r.powerKw()) && !(r.powerKw() <= max)) max = r.powerKw();
                if (!Double.isNaN(r.faultCode()) && !(r.faultCode() <= fault)) fault = r.faultCode();
                if (!Double.isNaN(r.energyKwh())) energy = r.energyKwh();
            }
            out.add(new HourMean(station, Instant.ofEpochMilli(hour * HOUR_MS), power.value(), max, energy, temp.value(),
                    irradiance.value(), fault, n));
        }
        return out;
    }

    /** Appends one hour's record (second precision), the fields a reading did not have left out. */
    static StringBuilder line(StringBuilder b, HourMean h) {
        b.append(InfluxStore.HOURLY_MEASUREMENT).append(",station=").append(h.station()).append(" samples=").append(h.samples()).append('i');
        field(b, "power_kw", h.powerKw());
        field(b, "power_max_kw", h.powerMaxKw());
        field(b, "energy_kwh", h.energyKwh());
        field(b, "module_temp_c", h.moduleTempC());
        field(b, "irradiance_wm2", h.irradianceWm2());
        field(b, "fault_code", h.faultCode());
        return b.append(' ').append(h.hour().getEpochSecond());
    }

    private static void field(StringBuilder b, String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return;
        // 4 decimals (0.1 W of power, 0.1 Wh of the counter): more than loggers send; never an exponent
        b.append(',').append(name).append('=').append(BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
    }

    /** A running mean of the values that are numbers. */
    private static final class Mean {
        private double sum;
        private int n;

        void add(double v) {
            if (Double.isNaN(v)) return;
            sum += v;
            n++;
        }

        double value() {
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}
