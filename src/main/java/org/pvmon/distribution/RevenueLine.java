package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.Objects;
import org.pvmon.money.Money;

/**
 * Part of a village's basis for the month: its {@code share} of one station's revenue, one part of it. Amounts are
 * the village's (already split, see {@link JointStation#split}). An adjustment may be negative; the month's total may not.
 *
 * @param share the village's ownership share of the station, in (0, 1]; 1 for a station it owns alone
 */
public record RevenueLine(String stationId, BigDecimal share, Part part, Money amount) {
    /** Benchmark part (grid company), national subsidy part (国补), or an adjustment. */
    public enum Part { BENCHMARK, SUBSIDY, ADJUSTMENT }

    public RevenueLine {
        Checks.nonBlank(stationId, "station id");
        Objects.requireNonNull(share, "share");
        if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("station " + stationId + ": share must be in (0, 1], was " + share);
        }
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(amount, "amount");
    }
}
