package org.pvmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.pvmon.station.LoggerStatus;

/**
 * OFFLINE: the station has been silent for the timeout since its last reading, or its logger's last will says
 * offline (and no reading came after it), and the silence has overlapped daylight at the station.
 *
 * <p>The daylight overlap is the night rule. A station that goes quiet at dusk (many loggers are powered from
 * the inverter) raises nothing overnight; if it is still quiet once the sun is above the daylight elevation in
 * the morning, OFFLINE is raised with {@code since} = its last reading of the evening before. A station that
 * went quiet in daylight stays OFFLINE through the night (its silence overlapped daylight), so an afternoon
 * alert does not flap closed at dusk and reopen at dawn; it clears only when the station reports again.
 */
final class OfflineRule implements Rule {

    private static final Duration STEP = Duration.ofMinutes(5);

    private final AlertRules rules;

    OfflineRule(AlertRules rules) {
        this.rules = rules;
    }

    @Override
    public AlertType type() {
        return AlertType.OFFLINE;
    }

    @Override
    public Optional<Condition> check(StationInput s, Fleet fleet) {
        Instant now = fleet.now();
        Instant last = s.newestReading();
        Instant will = lastWill(s.logger(), last);
        Duration timeout = rules.offline().timeoutFor(s.observedInterval());
        Instant timeoutAt = last == null ? null : last.plus(timeout);
        Instant silentFrom = earliest(will, timeoutAt);
        if (silentFrom == null || now.isBefore(silentFrom) || !daylightBetween(s, silentFrom, now)) {
            return Optional.empty();
        }
        Instant since = s.silentSince(); // the newest reading, else the last will
        String detail = will != null
                ? "logger went offline (last will) at " + fleet.local(will)
                        + (last == null ? "; no reading known" : "; last reading " + fleet.local(last))
                : "no reading since " + fleet.local(last) + " (" + Texts.duration(Duration.between(last, now))
                        + "; timeout " + Texts.duration(timeout) + ")";
        if (s.lastState() != null && !s.lastState().equals("running")) {
            detail += "; last inverter state " + s.lastState();
        }
        double kwh = fleet.expectedKwhPerKwp(s, since, now) * s.capacityKwp();
        detail += "; " + Texts.kwh(kwh) + " since then";
        return Optional.of(AlertEvaluator.condition(s, type(), since, detail, kwh));
    }

    /** Reporting again: a reading within the timeout, and no last will after it. */
    @Override
    public boolean recovered(StationInput s, Fleet fleet) {
        Instant last = s.newestReading();
        return last != null && fleet.now().isBefore(last.plus(rules.offline().timeoutFor(s.observedInterval())))
                && lastWill(s.logger(), last) == null;
    }

    /** The last-will time when the logger's status says offline and no reading came after it, else null. */
    private static Instant lastWill(LoggerStatus status, Instant lastReading) {
        if (status == null || status.since() == null || !"offline".equalsIgnoreCase(status.state())) {
            return null;
        }
        return lastReading == null || !lastReading.isAfter(status.since()) ? status.since() : null;
    }

    /**
     * True when the sun is above the daylight elevation at some point of [from, to] (5-minute steps). A silence
     * over the night is common (loggers powered by the inverter): steps where the sun provably stays below the
     * elevation are not computed, so a night costs a few sun positions, not 150.
     */
    private boolean daylightBetween(StationInput s, Instant from, Instant to) {
        if (Duration.between(from, to).toHours() >= 24) {
            return true; // every day has daylight at Chinese latitudes
        }
        Sun.Dark dark = new Sun.Dark(rules.daylightElevationDeg());
        for (Instant t = to; !t.isBefore(from); t = t.minus(STEP)) {
            if (daylight(s, t, dark)) {
                return true;
            }
        }
        return daylight(s, from, dark);
    }

    private boolean daylight(StationInput s, Instant t, Sun.Dark dark) {
        if (dark.covers(t)) {
            return false;
        }
        double elevation = Sun.elevationDeg(s.station().lat(), s.station().lon(), t);
        dark.saw(t, elevation);
        return elevation > rules.daylightElevationDeg();
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
