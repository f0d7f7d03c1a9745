package org.pvmon.alerts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pvmon.energy.DayEnergy;

/**
 * UNDERPERFORMING: on each of the last {@code days} evaluated days, the station's yield (kWh/kWp) was below
 * {@code fraction} of the same-day median of its peers.
 *
 * <p>Only complete local days (before today) are evaluated. A day is skipped (neither bad nor good, and it does
 * not break a run) when the station has no usable energy that day (no data: OFFLINE's business; a counter reset
 * or jump: METER's), when fewer than {@code minPeers} peers have a usable day, or when the peers' median is below
 * {@code lowEnergyKwhPerKwp} (rainy day). {@code since} is the start of the first day of the trailing run of bad
 * days; the lost energy is the shortfall against the peer median over all days of that run. Recovered when the
 * latest evaluated day is at or above the fraction: one normal day after a repair or cleaning is the evidence a
 * crew expects, and a borderline station can then re-raise only after another {@code days} bad days, so it
 * cannot flap daily.
 */
final class UnderperformingRule implements Rule {

    private final AlertRules rules;

    UnderperformingRule(AlertRules rules) {
        this.rules = rules;
    }

    /** One evaluated day: the station's yield, the peer median, where the peers come from. */
    private record Verdict(LocalDate date, double yield, double median, String scope) {
        double ratio() {
            return yield / median;
        }
    }

    @Override
    public AlertType type() {
        return AlertType.UNDERPERFORMING;
    }

    @Override
    public Optional<Condition> check(StationInput s, Fleet fleet) {
        List<Verdict> run = new ArrayList<>();
        for (Verdict v : evaluatedDays(s, fleet)) {
            if (v.ratio() >= rules.underperforming().fraction()) {
                break;
            }
            run.add(v);
        }
        if (run.size() < rules.underperforming().days()) {
            return Optional.empty();
        }
        Verdict first = run.get(run.size() - 1);
        double kwh = run.stream().mapToDouble(v -> v.median() - v.yield()).sum() * s.capacityKwp();
        String days = run.stream().limit(7).map(v -> String.format(Locale.ROOT, "%s %s (%s of %s kWh/kWp)",
                v.date(), Texts.percent(v.ratio()), Texts.number(v.yield()), Texts.number(v.median())))
                .collect(Collectors.joining(", "));
        String detail = String.format(Locale.ROOT, "%d evaluated days below %s of the %s median since %s: %s%s; "
                        + "%.1f kWh short of the median", run.size(), Texts.percent(rules.underperforming().fraction()),
                run.get(0).scope(), first.date(), days, run.size() > 7 ? ", ..." : "", kwh);
        return Optional.of(AlertEvaluator.condition(s, type(), fleet.startOf(first.date()), detail, kwh));
    }

    @Override
    public boolean recovered(StationInput s, Fleet fleet) {
        List<Verdict> days = evaluatedDays(s, fleet);
        return !days.isEmpty() && days.get(0).ratio() >= rules.underperforming().fraction();
    }

    /** Evaluated days, newest first (computed once per station and evaluation: check and recovered both ask). */
    @SuppressWarnings("unchecked")
    private List<Verdict> evaluatedDays(StationInput s, Fleet fleet) {
        return (List<Verdict>) fleet.memo(s, Fleet.Memo.UNDERPERFORMING_DAYS, () -> computeDays(s, fleet));
    }

    private List<Verdict> computeDays(StationInput s, Fleet fleet) {
        List<Verdict> out = new ArrayList<>();
        LocalDate today = fleet.today();
        List<DayEnergy> days = s.days();
        for (int i = days.size() - 1; i >= 0; i--) {
            LocalDate d = days.get(i).date();
            double yield = fleet.specificYield(s, d);
            if (!d.isBefore(today) || !Double.isFinite(yield)) {
                continue;
            }
            Fleet.Peers peers = fleet.dayPeers(s, d);
            if (peers.size() < rules.minPeers()) {
                continue;
            }
            double median = fleet.medianYield(peers, d);
            if (median >= rules.underperforming().lowEnergyKwhPerKwp() && median > 0) {
                out.add(new Verdict(d, yield, median, peers.scope()));
            }
        }
        return out;
    }
}
