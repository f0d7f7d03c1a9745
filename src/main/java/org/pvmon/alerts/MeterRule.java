package org.pvmon.alerts;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.pvmon.energy.DayEnergy;

/**
 * METER: a local day among the last {@code days} (today included) on which the energy calculation saw a counter
 * reset (the counter went down) or a jump (a rise beyond what the capacity allows). {@code since} is the start of
 * the earliest such day; no energy is lost (the reading, not the station, is suspect). Clears itself once the
 * flagged days are older than the window, provided the station has energy data in it.
 */
final class MeterRule implements Rule {

    private final AlertRules rules;

    MeterRule(AlertRules rules) {
        this.rules = rules;
    }

    @Override
    public AlertType type() {
        return AlertType.METER;
    }

    @Override
    public Optional<Condition> check(StationInput s, Fleet fleet) {
        if (!anyFlagged(s, fleet)) {
            return Optional.empty(); // the usual case, without building lists
        }
        List<DayEnergy> flagged = window(s, fleet).stream().filter(d -> d.resets() > 0 || d.jumps() > 0).toList();
        if (flagged.isEmpty()) {
            return Optional.empty();
        }
        int resets = flagged.stream().mapToInt(DayEnergy::resets).sum();
        int jumps = flagged.stream().mapToInt(DayEnergy::jumps).sum();
        DayEnergy first = flagged.get(0);
        String detail = resets + " counter reset(s) and " + jumps + " jump(s) since " + first.date()
                + (first.notes().isEmpty() ? "" : ": " + first.notes().get(0));
        return Optional.of(AlertEvaluator.condition(s, type(), fleet.startOf(first.date()), detail, 0));
    }

    @Override
    public boolean recovered(StationInput s, Fleet fleet) {
        LocalDate today = fleet.today();
        LocalDate from = today.minusDays(rules.meter().days() - 1L);
        boolean data = false;
        for (DayEnergy d : s.days()) {
            if (d.date().isBefore(from) || d.date().isAfter(today)) {
                continue;
            }
            if (d.resets() > 0 || d.jumps() > 0) {
                return false;
            }
            data |= d.hasData();
        }
        return data;
    }

    private boolean anyFlagged(StationInput s, Fleet fleet) {
        LocalDate today = fleet.today();
        LocalDate from = today.minusDays(rules.meter().days() - 1L);
        for (DayEnergy d : s.days()) {
            if (!d.date().isBefore(from) && !d.date().isAfter(today) && (d.resets() > 0 || d.jumps() > 0)) {
                return true;
            }
        }
        return false;
    }

    private List<DayEnergy> window(StationInput s, Fleet fleet) {
        LocalDate today = fleet.today();
        LocalDate from = today.minusDays(rules.meter().days() - 1L);
        return s.days().stream().filter(d -> !d.date().isBefore(from) && !d.date().isAfter(today)).toList();
    }
}
