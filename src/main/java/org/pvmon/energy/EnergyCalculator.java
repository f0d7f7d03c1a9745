package org.pvmon.energy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Computes a station's energy per local day from its readings.
 *
 * <p>Rules, interval by interval between consecutive samples that carry a counter:
 * <ul>
 *   <li>energy = counter at end - counter at start;</li>
 *   <li>a decrease is a reset: the energy is the new counter value if that is plausible, else 0
 *       (energy unknown); the reset is counted on the day of the sample that shows it;</li>
 *   <li>a rise above {@code capacity kWp x hours x capacityTolerance + jumpSlackKwh} is a meter jump:
 *       not counted, flagged on the day of the sample that shows it (the same limit decides whether a
 *       new counter value after a reset is plausible);</li>
 *   <li>an interval that spans several local days (a reporting gap, a night without readings) is
 *       shared between them pro rata by time, so gaps lose no energy. Samples in between that lack a
 *       counter but carry power shape the split instead (pro rata by their integrated power) when
 *       power covers the whole interval; the total still comes from the counter.</li>
 * </ul>
 * Outside the counter's reach (no counter at all, or before its first or after its last reading)
 * power is integrated by the trapezoid rule over intervals no longer than {@code maxPowerInterval};
 * such days are marked estimated. Longer intervals, or intervals without power, add nothing and are
 * noted on the day.
 *
 * <p>Pass samples from a little before {@code from} and a little after {@code to} (e.g. 3 days) so
 * that intervals crossing the range's edges are shared correctly. Stateless and thread-safe.
 */
public final class EnergyCalculator {

    /** How the range total is rounded to 0.001 kWh (the days are allocated to add up to it). */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    /** Default: readings may exceed capacity x time by 20% (as the ingest power tolerance). */
    public static final double DEFAULT_CAPACITY_TOLERANCE = 1.2;
    /** Default absolute slack for counter resolution and clock jitter, in kWh. */
    public static final double DEFAULT_JUMP_SLACK_KWH = 0.5;
    /** Default longest interval over which power is integrated. */
    public static final Duration DEFAULT_MAX_POWER_INTERVAL = Duration.ofMinutes(15);

    private final double capacityTolerance;
    private final double jumpSlackKwh;
    private final Duration maxPowerInterval;

    /** A calculator with the default limits. */
    public EnergyCalculator() {
        this(DEFAULT_CAPACITY_TOLERANCE, DEFAULT_JUMP_SLACK_KWH, DEFAULT_MAX_POWER_INTERVAL);
    }

    /**
     * @param capacityTolerance factor over capacity x time a counter may rise (&ge; 1)
     * @param jumpSlackKwh      absolute slack added to that limit, kWh (&ge; 0)
     * @param maxPowerInterval  longest interval over which power is integrated (&gt; 0)
     */
    public EnergyCalculator(double capacityTolerance, double jumpSlackKwh, Duration maxPowerInterval) {
        if (!(capacityTolerance >= 1.0) || Double.isInfinite(capacityTolerance)) {
            throw new IllegalArgumentException("capacityTolerance must be a finite number >= 1, was "
                    + capacityTolerance);
        }
        if (!(jumpSlackKwh >= 0.0) || Double.isInfinite(jumpSlackKwh)) {
            throw new IllegalArgumentException("jumpSlackKwh must be a finite number >= 0, was " + jumpSlackKwh);
        }
        Objects.requireNonNull(maxPowerInterval, "maxPowerInterval");
        if (maxPowerInterval.isNegative() || maxPowerInterval.isZero()) {
            throw new IllegalArgumentException("maxPowerInterval must be positive, was " + maxPowerInterval);
        }
        this.capacityTolerance = capacityTolerance;
        this.jumpSlackKwh = jumpSlackKwh;
        this.maxPowerInterval = maxPowerInterval;
    }

    /**
     * Energy per local day in [{@code from}, {@code to}).
     *
     * @param samples     the station's readings, strictly increasing in time
     * @param capacityKwp the station's capacity in kWp (&gt; 0)
     * @param from        first local day (inclusive)
     * @param to          end local day (exclusive); equal to {@code from} gives an empty report
     * @param zone        the zone whose days are meant (Asia/Shanghai in practice)
     * @throws IllegalArgumentException when samples are not strictly increasing in time, the
     *                                  capacity is not positive, or {@code to} is before {@code from}
     */
    public EnergyReport daily(List<CounterSample> samples, double capacityKwp, LocalDate from, LocalDate to,
            ZoneId zone) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (!(capacityKwp > 0) || Double.isInfinite(capacityKwp)) {
            throw new IllegalArgumentException("capacityKwp must be a positive number, was " + capacityKwp);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        }
        checkSorted(samples);

        DayLedger ledger = new DayLedger(from, to, zone);
        samples.forEach(s -> ledger.sample(s.time()));
        int first = -1;
        int last = -1;
        for (int j = 0; j < samples.size(); j++) {
            if (samples.get(j).hasCounter()) {
                if (last >= 0) {
                    counterInterval(samples, last, j, capacityKwp, ledger);
                } else {
                    first = j;
                }
                last = j;
            }
        }
        for (int m = 0; m + 1 < samples.size(); m++) {
            boolean withinCounter = first >= 0 && m >= first && m + 1 <= last;
            if (!withinCounter) {
                powerInterval(samples.get(m), samples.get(m + 1), ledger);
            }
        }
        List<DayEnergy> days = ledger.build();
        BigDecimal total = days.stream().map(DayEnergy::kwh).reduce(BigDecimal.ZERO.setScale(3), BigDecimal::add);
        return new EnergyReport(from, to, days, total);
    }

    /** The most a counter may rise over {@code hours} at {@code capacityKwp}: beyond it is a jump. */
    private double limit(double capacityKwp, double hours) {
        return capacityKwp * hours * capacityTolerance + jumpSlackKwh;
    }

    /**
     * True when two readings (epoch ms, counter kWh) both carry a counter and it rose between them as this calculator
     * counts a rise as it is: not down (a reset), not beyond what the capacity allows (a jump).
     */
    public boolean normalRise(long fromMs, double fromKwh, long toMs, double toKwh, double capacityKwp) {
        double delta = toKwh - fromKwh;
        return CounterSample.isCounter(fromKwh) && CounterSample.isCounter(toKwh) && delta >= 0
                && delta <= limit(capacityKwp, (toMs - fromMs) / 3_600_000.0);
    }

    /** Samples i and j carry a counter; those in between (if any) do not. */
    private void counterInterval(List<CounterSample> samples, int i, int j, double capacityKwp, DayLedger ledger) {
        CounterSample a = samples.get(i);
        CounterSample b = samples.get(j);
        double limit = limit(capacityKwp, DayLedger.nanos(a.time(), b.time()) / 3.6e12);
        double delta = b.energyKwh() - a.energyKwh();
        double energy;
        if (delta < 0) {
            boolean plausible = b.energyKwh() <= limit;
            ledger.reset(b.time(), String.format(Locale.ROOT,
                    "meter reset at %s: counter %.3f -> %.3f kWh; %s", ledger.local(b.time()), a.energyKwh(),
                    b.energyKwh(), plausible ? String.format(Locale.ROOT, "counted %.3f kWh", b.energyKwh())
                            : String.format(Locale.ROOT, "new value above %.3f kWh possible since %s, not counted",
                                    limit, ledger.local(a.time()))));
            if (!plausible) {
                return;
            }
            energy = b.energyKwh();
        } else if (delta > limit) {
            ledger.jump(b.time(), String.format(Locale.ROOT,
                    "meter jump at %s: +%.3f kWh since %s, more than the %.3f kWh the capacity allows; not counted",
                    ledger.local(b.time()), delta, ledger.local(a.time()), limit));
            return;
        } else {
            energy = delta;
        }
        share(samples, i, j, energy, ledger);
        Duration span = Duration.between(a.time(), b.time());
        if (span.compareTo(maxPowerInterval) > 0 && energy > Math.max(jumpSlackKwh, 0.001)
                && ledger.crossesMidnight(a.time(), b.time())) {
            ledger.noteOver(a.time(), b.time(), String.format(Locale.ROOT,
                    "counter not read between %s and %s: its %.3f kWh are shared between the days by %s",
                    ledger.local(a.time()), ledger.local(b.time()), energy,
                    j > i + 1 && powerShape(samples, i, j) > 0 ? "power readings" : "time"));
        }
    }

    /** Spreads a counter interval's energy over its sub-intervals, by integrated power when possible. */
    private void share(List<CounterSample> samples, int i, int j, double energy, DayLedger ledger) {
        double shape = j > i + 1 ? powerShape(samples, i, j) : 0;
        if (shape <= 0) {
            ledger.spread(samples.get(i).time(), samples.get(j).time(), energy, false);
            return;
        }
        for (int m = i; m < j; m++) {
            CounterSample a = samples.get(m);
            CounterSample b = samples.get(m + 1);
            ledger.spread(a.time(), b.time(), energy * (trapezoid(a, b) / shape), false);
        }
    }

    /** Integrated power over samples i..j, or -1 when some sub-interval cannot be integrated. */
    private double powerShape(List<CounterSample> samples, int i, int j) {
        double sum = 0;
        for (int m = i; m < j; m++) {
            CounterSample a = samples.get(m);
            CounterSample b = samples.get(m + 1);
            if (!integrable(a, b)) {
                return -1;
            }
            sum += trapezoid(a, b);
        }
        return sum;
    }

    private void powerInterval(CounterSample a, CounterSample b, DayLedger ledger) {
        if (integrable(a, b)) {
            ledger.spread(a.time(), b.time(), trapezoid(a, b), true);
        } else {
            ledger.uncovered(a.time(), b.time());
        }
    }

    private boolean integrable(CounterSample a, CounterSample b) {
        return a.hasPower() && b.hasPower() && Duration.between(a.time(), b.time()).compareTo(maxPowerInterval) <= 0;
    }

    /** kWh by the trapezoid rule; negative power (night consumption) counts as 0. */
    private static double trapezoid(CounterSample a, CounterSample b) {
        double hours = DayLedger.nanos(a.time(), b.time()) / 3.6e12;
        return (Math.max(0, a.powerKw()) + Math.max(0, b.powerKw())) / 2 * hours;
    }

    private static void checkSorted(List<CounterSample> samples) {
        for (int k = 1; k < samples.size(); k++) {
            Instant prev = samples.get(k - 1).time();
            Instant cur = samples.get(k).time();
            if (!cur.isAfter(prev)) {
                throw new IllegalArgumentException("samples must be strictly increasing in time: sample " + k
                        + " (" + cur + ") is not after sample " + (k - 1) + " (" + prev + ")");
            }
        }
    }

    static String hoursMinutes(Duration d) {
        return String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
    }
}
