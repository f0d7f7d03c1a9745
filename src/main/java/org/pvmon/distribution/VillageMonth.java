package org.pvmon.distribution;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pvmon.money.Money;

/**
 * What one village has to distribute in one local month, and what the engine needs to know from earlier months.
 *
 * @param basis               which money {@code revenue} is: must match the plan's basis
 * @param revenue             the basis by station share and part; their sum is the amount distributed and must not be
 *                            negative (a negative month is corrected by an adjustment statement, not distributed)
 * @param capacityKwp         the village's share of its stations' capacity, for per-kWp deductions
 * @param carriedIn           shortfalls left by the previous month's statement, paid first
 * @param rewardsPaidThisYear household id to what the household-reward pool paid it earlier this calendar year
 *                            (absent: nothing), for the annual cap
 */
public record VillageMonth(String villageId, YearMonth month, DistributionPlan.Basis basis, List<RevenueLine> revenue,
                           BigDecimal capacityKwp, List<Shortfall> carriedIn, Map<String, Money> rewardsPaidThisYear) {
    public VillageMonth {
        Checks.nonBlank(villageId, "village id");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(basis, "basis");
        revenue = List.copyOf(revenue);
        Checks.nonNegative(capacityKwp, "village " + villageId + " capacity (kWp)");
        carriedIn = List.copyOf(carriedIn);
        rewardsPaidThisYear = Map.copyOf(rewardsPaidThisYear);
        Money total = Money.sum(revenue.stream().map(RevenueLine::amount).toList());
        if (total.isNegative()) {
            throw new IllegalArgumentException("village " + villageId + " " + month + ": the basis is negative (" + total
                    + "); a negative month is not distributed, correct the earlier statement with an adjustment statement");
        }
        Set<String> keys = new HashSet<>();
        for (Shortfall s : carriedIn) {
            if (!keys.add(s.kind() + "/" + s.key())) {
                throw new IllegalArgumentException("village " + villageId + " " + month + ": shortfall " + s.kind() + " " + s.key() + " carried in twice");
            }
        }
        rewardsPaidThisYear.forEach((id, paid) -> Checks.nonNegative(paid, "rewards paid this year to household " + id));
    }

    /** The amount distributed: the sum of the revenue lines. */
    public Money basisAmount() {
        return Money.sum(revenue.stream().map(RevenueLine::amount).toList());
    }
}
