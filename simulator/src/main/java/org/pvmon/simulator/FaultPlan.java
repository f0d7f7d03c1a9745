package org.pvmon.simulator;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The faults of a run, looked up per station and instant. */
public final class FaultPlan {

    /** What the faults make of a station at one instant. */
    public record Effect(boolean offline, double factor, boolean zero, int faultCode) {
        static final Effect NONE = new Effect(false, 1, false, 0);
    }

    private final Map<String, List<Fault>> byStation;
    private final Instant runStart;

    public FaultPlan(Collection<Fault> faults, Instant runStart) {
        this.byStation = faults.stream().collect(Collectors.groupingBy(Fault::stationId));
        this.runStart = runStart;
    }

    public static FaultPlan none() {
        return new FaultPlan(List.of(), Instant.EPOCH);
    }

    public Effect effect(String stationId, Instant t) {
        List<Fault> faults = byStation.get(stationId);
        if (faults == null) {
            return Effect.NONE;
        }
        boolean offline = false;
        boolean zero = false;
        double factor = 1;
        int code = 0;
        for (Fault f : faults) {
            if (f.kind() == Fault.Kind.METER_RESET || !f.activeAt(t, runStart)) {
                continue;
            }
            switch (f.kind()) {
                case OFFLINE -> offline = true;
                case ZERO -> zero = true;
                case DEGRADED -> factor *= f.factor();
                case INVERTER_FAULT -> code = f.code();
                default -> { }
            }
        }
        if (zero || code != 0) {
            factor = 0;
        }
        return new Effect(offline, factor, zero, code);
    }

    /** The latest meter reset at or before {@code t}, or null. */
    public Instant lastMeterReset(String stationId, Instant t) {
        List<Fault> faults = byStation.get(stationId);
        if (faults == null) {
            return null;
        }
        Instant last = null;
        for (Fault f : faults) {
            if (f.kind() == Fault.Kind.METER_RESET) {
                Instant at = f.effectiveStart(runStart);
                if (!at.isAfter(t) && (last == null || at.isAfter(last))) {
                    last = at;
                }
            }
        }
        return last;
    }

    /** Whether any fault changes the energy a station produces (those need their own ledger). */
    public boolean affectsEnergy(String stationId) {
        return byStation.getOrDefault(stationId, List.of()).stream()
                .anyMatch(f -> f.kind() == Fault.Kind.ZERO || f.kind() == Fault.Kind.DEGRADED
                        || f.kind() == Fault.Kind.INVERTER_FAULT);
    }

    public Collection<String> stationIds() {
        return byStation.keySet();
    }
}
