package org.pvmon.revenue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A station's tariffs over time (non-overlapping, each with its effective range) and the date it entered the
 * national subsidy catalogue (补贴目录; null: not yet, so no subsidy accrues).
 */
public record StationTariff(List<Tariff> tariffs, LocalDate catalogueDate) {
    public StationTariff {
        List<Tariff> sorted = new ArrayList<>(tariffs);
        sorted.sort(Comparator.comparing(Tariff::from));
        for (int i = 1; i < sorted.size(); i++) {
            Tariff prev = sorted.get(i - 1);
            if (prev.until() == null || prev.until().isAfter(sorted.get(i).from())) {
                throw new IllegalArgumentException("tariffs overlap: " + prev.from() + ".." + (prev.until() == null ? "open" : prev.until())
                        + " and from " + sorted.get(i).from());
            }
        }
        tariffs = List.copyOf(sorted);
    }

    /** The tariff in force on a local day, if any. */
    public Optional<Tariff> on(LocalDate day) {
        for (Tariff t : tariffs) if (t.covers(day)) return Optional.of(t);
        return Optional.empty();
    }

    /** What a kWh earns on {@code day}: the benchmark part, plus the subsidy once in the catalogue; 0 without a tariff. */
    public java.math.BigDecimal feedInOn(LocalDate day) {
        return on(day).map(t -> subsidyAccrues(day) ? t.feedInPerKwh() : t.benchmarkPerKwh()).orElse(java.math.BigDecimal.ZERO);
    }

    boolean subsidyAccrues(LocalDate day) {
        return catalogueDate != null && !day.isBefore(catalogueDate);
    }
}
