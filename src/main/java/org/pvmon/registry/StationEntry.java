package org.pvmon.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.pvmon.distribution.JointStation;
import org.pvmon.station.Station;

/**
 * A station as written to the registry: its {@link Station} fields ({@code village} is the label shown for it), the
 * villages that own it with their shares (one owner with share 1 for a single-village station; empty while not
 * known), and the date it entered the national subsidy catalogue (null: not yet).
 */
public record StationEntry(Station station, List<JointStation.Owner> owners, LocalDate catalogueDate) {
    public StationEntry {
        Objects.requireNonNull(station, "station");
        owners = List.copyOf(owners);
    }
}
