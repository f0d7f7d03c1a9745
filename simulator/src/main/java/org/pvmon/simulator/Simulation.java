package org.pvmon.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole fleet: physics, faults and counters. {@link #reading} is a pure function of
 * (fleet, seed, faults, station, time): the same inputs give the same reading in any order.
 */
public final class Simulation {

    private final FaultPlan faults;
    private final Map<String, PvModel> models = new LinkedHashMap<>();
    private final Map<String, EnergyLedger> ledgers = new LinkedHashMap<>();

    public Simulation(List<Station> stations, long seed, FaultPlan faults) {
        this.faults = faults;
        Weather weather = new Weather(seed);
        for (Station s : stations) {
            PvModel model = new PvModel(s, seed, weather);
            models.put(s.id(), model);
            boolean faulty = faults.affectsEnergy(s.id());
            EnergyLedger ledger = new EnergyLedger(
                    faulty ? t -> model.sample(t).powerKw() * faults.effect(s.id(), t).factor()
                           : t -> model.sample(t).powerKw(),
                    EnergyLedger.baseAtEpoch(s, seed));
            ledgers.put(s.id(), ledger);
        }
    }

    public List<Station> stations() {
        return models.values().stream().map(PvModel::station).toList();
    }

    /** The station's reading at {@code t}, or empty when it publishes none (logger offline, not yet connected). */
    public Optional<Reading> reading(Station station, Instant t) {
        if (!producesReadings(station, t)) {
            return Optional.empty();
        }
        FaultPlan.Effect effect = faults.effect(station.id(), t);
        if (effect.offline()) {
            return Optional.empty();
        }
        PvModel.Sample sample = model(station).sample(t);
        double power = sample.powerKw() * effect.factor();
        EnergyLedger ledger = ledgers.get(station.id());
        double energy = ledger.counterAt(t);
        Instant reset = faults.lastMeterReset(station.id(), t);
        if (reset != null) {
            energy = Math.max(0, energy - ledger.counterAt(reset));
        }
        String state;
        if (effect.faultCode() != 0) {
            state = "fault";
        } else if (effect.zero() || power > 0) {
            state = "running";
        } else {
            state = "standby";
        }
        return Optional.of(new Reading(station.id(), OffsetDateTime.ofInstant(t, PvModel.ZONE), power, energy,
                state, effect.faultCode(), sample.moduleTempC(), sample.poaWm2()));
    }

    /** Whether the station exists (is grid-connected) at {@code t}; it publishes nothing before. */
    public boolean producesReadings(Station station, Instant t) {
        return !t.isBefore(station.gridConnectionDate().atStartOfDay(PvModel.ZONE).toInstant());
    }

    /** Whether the station's logger is offline by a fault at {@code t}. */
    public boolean offline(Station station, Instant t) {
        return faults.effect(station.id(), t).offline();
    }

    /** Energy of one local day (faults included), in kWh. */
    public double dayEnergy(Station station, java.time.LocalDate date) {
        return ledgers.get(station.id()).dayEnergy(date);
    }

    /** Computes the counters up to {@code t} for all stations in parallel, so the first readings come fast. */
    public void warmUp(Instant t) {
        ledgers.values().parallelStream().forEach(l -> l.counterAt(t));
    }

    private PvModel model(Station station) {
        PvModel m = models.get(station.id());
        if (m == null) {
            throw new IllegalArgumentException("unknown station " + station.id());
        }
        return m;
    }
}
