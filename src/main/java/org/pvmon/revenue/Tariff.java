package org.pvmon.revenue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The feed-in tariff of a station over [{@code from}, {@code until}) ({@code until} null: open-ended), in yuan per
 * kWh, split into its two parts: the coal-benchmark part paid by the grid company (燃煤基准电价) and the national
 * subsidy part (国补 = feed-in tariff - benchmark), which accrues only once the station is in the subsidy catalogue.
 */
public record Tariff(LocalDate from, LocalDate until, BigDecimal benchmarkPerKwh, BigDecimal subsidyPerKwh) {
    public Tariff {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(benchmarkPerKwh, "benchmarkPerKwh");
        Objects.requireNonNull(subsidyPerKwh, "subsidyPerKwh");
        if (until != null && !until.isAfter(from)) throw new IllegalArgumentException("tariff ends (" + until + ") before it starts (" + from + ")");
        if (benchmarkPerKwh.signum() < 0 || subsidyPerKwh.signum() < 0) throw new IllegalArgumentException("tariff parts must not be negative");
    }

    /** Shandong coal-benchmark price (yuan/kWh). */
    public static final BigDecimal SHANDONG_BENCHMARK = new BigDecimal("0.3949");

    /**
     * Resource zone III poverty-alleviation PV feed-in tariff by grid-connection year: 0.98 yuan/kWh for 2016
     * stations, 0.85 for 2017 stations (domain.md), split against the Shandong benchmark.
     */
    public static Tariff shandongPovertyPv(LocalDate gridConnection) {
        BigDecimal feedIn = switch (gridConnection.getYear()) {
            case 2016 -> new BigDecimal("0.98");
            case 2017 -> new BigDecimal("0.85");
            default -> throw new IllegalArgumentException("no zone III poverty-PV tariff known for grid connection in "
                    + gridConnection.getYear() + "; enter the station's tariff explicitly");
        };
        return new Tariff(gridConnection, null, SHANDONG_BENCHMARK, feedIn.subtract(SHANDONG_BENCHMARK));
    }

    /** Whether the two [from, until) ranges share a day. */
    public boolean overlaps(Tariff other) {
        boolean thisEndsBefore = until != null && !until.isAfter(other.from);
        boolean otherEndsBefore = other.until != null && !other.until.isAfter(from);
        return !thisEndsBefore && !otherEndsBefore;
    }

    boolean covers(LocalDate day) {
        return !day.isBefore(from) && (until == null || day.isBefore(until));
    }

    public BigDecimal feedInPerKwh() {
        return benchmarkPerKwh.add(subsidyPerKwh);
    }
}
