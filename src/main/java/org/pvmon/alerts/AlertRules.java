package org.pvmon.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of the detection rules, validated on construction; a bad value fails with a message that names
 * the setting ({@code alerts.*}). {@link #defaults()} documents each default and why.
 *
 * @param evaluateEvery        how often the rules run. Default 1 min: with 60 s readings an OFFLINE is seen
 *                             within a minute of its timeout, which is what "alarms that fire late" asked for.
 * @param daylightElevationDeg the sun must be higher than this at the station for OFFLINE to be raised and for
 *                             clear sky to count as evidence of IDLE. Default 10&deg;: inverters start and
 *                             produce meaningfully only a while after sunrise (a tilted south-facing array sees
 *                             a few tens of W/m&sup2; at lower sun), and many loggers are powered from the
 *                             inverter, so they go quiet at dusk and wake up after sunrise; 10&deg; (about an
 *                             hour after sunrise in Shandong) leaves them time and keeps night and dusk silent.
 * @param minPeers             peers are the other stations of the township when at least this many of them
 *                             report, else the county's. Default 3: a median of fewer stations is swayed by one
 *                             faulty peer. UNDERPERFORMING needs this many peers on the day; IDLE and lost energy
 *                             use whatever the county offers (any weather evidence beats none).
 * @param offline              OFFLINE thresholds
 * @param idle                 IDLE thresholds
 * @param underperforming      UNDERPERFORMING thresholds
 * @param meter                METER thresholds
 */
public record AlertRules(Duration evaluateEvery, double daylightElevationDeg, int minPeers, Offline offline,
                         Idle idle, Underperforming underperforming, Meter meter) {

    public AlertRules {
        Objects.requireNonNull(evaluateEvery, "alerts.evaluate-every-seconds");
        require(evaluateEvery.toSeconds() >= 10, "alerts.evaluate-every-seconds", "must be at least 10 s, got " + evaluateEvery);
        require(daylightElevationDeg >= -6 && daylightElevationDeg <= 45, "alerts.daylight-elevation-deg",
                "must be -6..45 degrees, got " + daylightElevationDeg);
        require(minPeers >= 1 && minPeers <= 50, "alerts.min-peers", "must be 1..50, got " + minPeers);
        Objects.requireNonNull(offline, "alerts.offline");
        Objects.requireNonNull(idle, "alerts.idle");
        Objects.requireNonNull(underperforming, "alerts.underperforming");
        Objects.requireNonNull(meter, "alerts.meter");
    }

    /** Every default: 1 min, 10&deg;, 3 peers, and the defaults of each rule. */
    public static AlertRules defaults() {
        return new AlertRules(Duration.ofMinutes(1), 10.0, 3, Offline.defaults(), Idle.defaults(),
                Underperforming.defaults(), Meter.defaults());
    }

    /**
     * OFFLINE: no reading for {@code missedIntervals} reporting intervals, or the logger's last will.
     *
     * @param reportingInterval how often loggers report at least. Default 60 s, the telemetry default. A station whose
     *                          readings come less often (many loggers send every 5 or 15 minutes) is judged by its own
     *                          observed interval instead, see {@link #timeoutFor}.
     * @param missedIntervals   intervals without a reading before a station is offline. Default 3: one lost
     *                          message over a rural 4G link is normal, three in a row is not; together with a
     *                          1-minute evaluation the alarm fires 3-4 minutes after the last reading.
     */
    public record Offline(Duration reportingInterval, int missedIntervals) {
        public Offline {
            Objects.requireNonNull(reportingInterval, "alerts.offline.reporting-interval-seconds");
            require(reportingInterval.toSeconds() >= 1 && reportingInterval.toHours() < 24,
                    "alerts.offline.reporting-interval-seconds", "must be 1 s..24 h, got " + reportingInterval);
            require(missedIntervals >= 1 && missedIntervals <= 100, "alerts.offline.missed-intervals",
                    "must be 1..100, got " + missedIntervals);
        }

        public static Offline defaults() {
            return new Offline(Duration.ofSeconds(60), 3);
        }

        /** Silence after which a station is offline: interval x missed intervals. */
        public Duration timeout() {
            return reportingInterval.multipliedBy(missedIntervals);
        }

        /**
         * The timeout for a station observed to report every {@code observed} (null: unknown): missed intervals x the
         * longer of the configured and the observed interval, so a logger sending every 5 minutes is not offline after
         * 3 minutes.
         */
        public Duration timeoutFor(Duration observed) {
            Duration interval = observed != null && observed.compareTo(reportingInterval) > 0 ? observed : reportingInterval;
            return interval.multipliedBy(missedIntervals);
        }
    }

    /**
     * IDLE: reporting, but power at most {@code powerFraction} of capacity while the sun should make it produce.
     *
     * @param powerFraction         "about zero": power &le; this x capacity. Default 0.01 (1%): standby draw and
     *                              meter noise stay below it, any working array in daylight is well above it.
     * @param minDuration           how long the expectation must have been clearly above zero during the idle
     *                              stretch. Default 30 min: passing clouds and inverter restarts last minutes;
     *                              half an hour of nothing while peers produce is a fault, and it is caught the
     *                              same day instead of after months.
     * @param peerProducingKwPerKwp peers "produce" when their median specific power is above this. Default 0.10
     *                              kW/kWp (10% of capacity): clearly above overcast noise. When peers report
     *                              near zero (thick overcast, snow on the modules) it is weather: no IDLE,
     *                              whatever the clear sky says.
     * @param clearSkyMinKwPerKwp   with no reporting peer at all, clear-sky expected power above this (and the
     *                              sun above the daylight elevation) counts instead. Default 0.20 kW/kWp: even
     *                              heavy overcast rarely takes a working array below 1% when clear sky promises
     *                              20%; snow can, which is why peers win whenever there are any.
     * @param recoveryReadings      IDLE ends when this many consecutive readings are above the power threshold.
     *                              Default 3: one spike (a restart attempt) is not a recovery, three minutes of
     *                              output are.
     */
    public record Idle(double powerFraction, Duration minDuration, double peerProducingKwPerKwp,
                       double clearSkyMinKwPerKwp, int recoveryReadings) {
        public Idle {
            require(powerFraction > 0 && powerFraction < 0.5, "alerts.idle.power-fraction",
                    "must be above 0 and below 0.5, got " + powerFraction);
            Objects.requireNonNull(minDuration, "alerts.idle.min-duration-minutes");
            require(minDuration.toMinutes() >= 5 && minDuration.toHours() <= 12, "alerts.idle.min-duration-minutes",
                    "must be 5 min..12 h, got " + minDuration);
            require(peerProducingKwPerKwp > powerFraction && peerProducingKwPerKwp <= 1,
                    "alerts.idle.peer-producing-kw-per-kwp",
                    "must be above alerts.idle.power-fraction and at most 1, got " + peerProducingKwPerKwp);
            require(clearSkyMinKwPerKwp > powerFraction && clearSkyMinKwPerKwp <= 1,
                    "alerts.idle.clear-sky-min-kw-per-kwp",
                    "must be above alerts.idle.power-fraction and at most 1, got " + clearSkyMinKwPerKwp);
            require(recoveryReadings >= 1 && recoveryReadings <= 60, "alerts.idle.recovery-readings",
                    "must be 1..60, got " + recoveryReadings);
        }

        public static Idle defaults() {
            return new Idle(0.01, Duration.ofMinutes(30), 0.10, 0.20, 3);
        }
    }

    /**
     * UNDERPERFORMING: daily kWh/kWp below {@code fraction} of the same-day peer median on {@code days}
     * consecutive evaluated days.
     *
     * @param fraction           default 0.70: soiling, a dead string or a failed MPPT cost 20-50%; module
     *                           mismatch, orientation and shading differences between village stations stay
     *                           within 15-20% of the median, so 70% flags faults, not siting.
     * @param days               default 3: one bad day is noise (a local shower, a grid trip); three in a row
     *                           are a fault worth a visit.
     * @param lowEnergyKwhPerKwp days whose peer median is below this are skipped (neither bad nor good).
     *                           Default 1.0 kWh/kWp: a rainy day in Shandong (a clear day gives 5-6); ratios of
     *                           small numbers are noise.
     */
    public record Underperforming(double fraction, int days, double lowEnergyKwhPerKwp) {
        public Underperforming {
            require(fraction > 0 && fraction < 1, "alerts.underperforming.fraction",
                    "must be above 0 and below 1, got " + fraction);
            require(days >= 1 && days <= 30, "alerts.underperforming.days", "must be 1..30, got " + days);
            require(lowEnergyKwhPerKwp >= 0 && lowEnergyKwhPerKwp <= 5,
                    "alerts.underperforming.low-energy-kwh-per-kwp", "must be 0..5, got " + lowEnergyKwhPerKwp);
        }

        public static Underperforming defaults() {
            return new Underperforming(0.70, 3, 1.0);
        }
    }

    /**
     * METER: a counter reset or jump on one of the last {@code days} local days (today included).
     *
     * @param days default 7: a reset is usually a replaced meter or logger; the crew gets a week to confirm it
     *             was planned, then the alert clears itself (alarms that never clear were a complaint).
     */
    public record Meter(int days) {
        public Meter {
            require(days >= 1 && days <= 60, "alerts.meter.days", "must be 1..60, got " + days);
        }

        public static Meter defaults() {
            return new Meter(7);
        }
    }

    private static void require(boolean ok, String setting, String message) {
        if (!ok) {
            throw new IllegalArgumentException(setting + " " + message);
        }
    }
}
