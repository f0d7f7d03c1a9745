package org.pvmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import net.e175.klaus.solarpositioning.SolarPosition;

/**
 * IDLE: the station reports, but its power has been at most {@code powerFraction} of capacity over an idle
 * stretch during which, for at least {@code minDuration}, it should clearly have produced.
 *
 * <p>The idle stretch is the trailing run of readings at or below the power threshold; it ends only after
 * {@code recoveryReadings} consecutive readings above it (one spike does not end it). "Should have produced"
 * means: the peers' median specific power is above {@code peerProducingKwPerKwp}; with no reporting peer at
 * all, the sun is above the daylight elevation and the clear-sky expectation above
 * {@code clearSkyMinKwPerKwp}. When peers report near zero it is weather (thick overcast, snow): no IDLE, even
 * if the clear sky says otherwise. The stretch includes nights, so an IDLE raised at noon stays raised overnight
 * and clears only when the station produces again. {@code since} is the first reading of the stretch; a station
 * that never woke up in the morning is idle since its last reading of the evening before (the night adds no
 * expected energy). The evaluator does not raise IDLE while the station is OFFLINE.
 */
final class IdleRule implements Rule {

    private final AlertRules rules;

    IdleRule(AlertRules rules) {
        this.rules = rules;
    }

    @Override
    public AlertType type() {
        return AlertType.IDLE;
    }

    @Override
    public Optional<Condition> check(StationInput s, Fleet fleet) {
        Instant since = stretchStart(s);
        if (since == null) {
            return Optional.empty();
        }
        Fleet.Peers peers = fleet.powerPeers(s);
        AlertRules.Idle idle = rules.idle();
        long evidence = peers.size() > 0
                ? fleet.secondsWhere(since, t -> fleet.medianPower(peers, t) > idle.peerProducingKwPerKwp())
                : fleet.secondsWhere(since, clearSkyProduces(s));
        if (evidence < idle.minDuration().toSeconds()) {
            return Optional.empty();
        }
        double kwh = fleet.expectedKwhPerKwp(s, since, fleet.now()) * s.capacityKwp();
        String detail = String.format(Locale.ROOT, "power at most %s kW (%s of %s kWp) since %s while %s; %s since then",
                Texts.number(threshold(s)), Texts.percent(idle.powerFraction()), Texts.number(s.capacityKwp()),
                fleet.local(since), reason(peers, evidence, fleet), Texts.kwh(kwh));
        if (s.lastState() != null && !s.lastState().equals("running")) {
            detail += "; inverter state " + s.lastState();
        }
        return Optional.of(AlertEvaluator.condition(s, type(), since, detail, kwh));
    }

    /** Producing again: the last {@code recoveryReadings} readings with power are all above the threshold. */
    @Override
    public boolean recovered(StationInput s, Fleet fleet) {
        return scan(s).producing();
    }

    /** First reading of the trailing idle stretch, or null when the station is not idle. */
    private Instant stretchStart(StationInput s) {
        return scan(s).since();
    }

    private Recent.Idle scan(StationInput s) {
        return s.recent().idle(threshold(s), rules.idle().recoveryReadings());
    }

    private String reason(Fleet.Peers peers, long evidenceSeconds, Fleet fleet) {
        String during = Texts.duration(Duration.ofSeconds(evidenceSeconds));
        if (peers.size() == 0) {
            return "clear sky promised output for " + during + " (no reporting peer)";
        }
        double nowMedian = fleet.medianPower(peers, fleet.now().minusSeconds(1));
        return String.format(Locale.ROOT, "%d peers (%s) produced for %s%s", peers.size(), peers.scope(), during,
                Double.isFinite(nowMedian) ? " (median now " + Texts.number(nowMedian) + " kW/kWp)" : "");
    }

    /**
     * Whether the clear sky promises output in the 5-minute bin starting at an instant (tested at the bin's middle),
     * for one walk over the bins (bins in the night need no sun position).
     */
    private Predicate<Instant> clearSkyProduces(StationInput s) {
        Sun.Dark dark = new Sun.Dark(rules.daylightElevationDeg());
        return binStart -> {
            Instant t = binStart.plusSeconds(Fleet.BIN_SECONDS / 2);
            if (dark.covers(t)) {
                return false;
            }
            SolarPosition sun = Sun.position(s.station().lat(), s.station().lon(), t);
            double elevation = Sun.elevationDeg(sun);
            dark.saw(t, elevation);
            return elevation > rules.daylightElevationDeg()
                    && Sun.clearSkyKwPerKwp(sun) > rules.idle().clearSkyMinKwPerKwp();
        };
    }

    private double threshold(StationInput s) {
        return rules.idle().powerFraction() * s.capacityKwp();
    }
}
