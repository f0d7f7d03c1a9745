package org.pvmon.distribution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pvmon.distribution.Household.Attribute;
import org.pvmon.money.Money;

/** Small builders for plans, months and registers in tests. */
final class Fixtures {
    static final String VILLAGE = "V-370321-101";
    static final Allocation.Collective COLLECTIVE = new Allocation.Collective("村集体");

    private Fixtures() {
    }

    static Money yuan(String yuan) {
        return Money.ofYuan(yuan);
    }

    static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    /** A household enrolled over the given inclusive ranges (pairs of from, to; to null: open). */
    static Household household(String id, List<DateRange> enrollments, Attribute... attributes) {
        return new Household(id, "户主" + id, "370321198001011" + String.format("%03d", Math.abs(id.hashCode()) % 1000), 3,
                attributes.length == 0 ? Set.of() : Set.of(attributes), enrollments);
    }

    /** A household enrolled since 2020, still enrolled. */
    static Household household(String id, Attribute... attributes) {
        return household(id, List.of(DateRange.from(LocalDate.of(2020, 1, 1))), attributes);
    }

    /** Base weight 1; disability and serious illness add 2, elderly living alone and no labour capacity add 1. */
    static Allocation.HouseholdRewards rewards(Portion pool, Money annualCap) {
        Map<Attribute, BigDecimal> weights = new EnumMap<>(Attribute.class);
        weights.put(Attribute.DISABILITY, dec("2"));
        weights.put(Attribute.SERIOUS_ILLNESS, dec("2"));
        weights.put(Attribute.ELDERLY_LIVING_ALONE, dec("1"));
        weights.put(Attribute.NO_LABOUR_CAPACITY, dec("1"));
        return new Allocation.HouseholdRewards("奖励补助", pool, BigDecimal.ONE, weights, annualCap);
    }

    static Post post(String id, String holder, String monthlyWage) {
        return new Post(id, "保洁员 " + id, holder, yuan(monthlyWage), DateRange.from(LocalDate.of(2020, 1, 1)));
    }

    static DistributionPlan plan(int year, List<Deduction> deductions, Allocation... allocations) {
        List<Allocation> all = new ArrayList<>(List.of(allocations));
        all.add(COLLECTIVE);
        return new DistributionPlan(VILLAGE, year, 1, deductions, all);
    }

    static VillageMonth month(YearMonth month, Money received, BigDecimal capacityKwp, List<Shortfall> carriedIn,
                              Map<String, Money> rewardsPaidThisYear) {
        return new VillageMonth(VILLAGE, month, DistributionPlan.Basis.RECEIVED_CASH,
                List.of(new RevenueLine("S-001", BigDecimal.ONE, RevenueLine.Part.BENCHMARK, received)), capacityKwp,
                carriedIn, rewardsPaidThisYear);
    }

    static VillageMonth month(YearMonth month, Money received) {
        return month(month, received, dec("100"), List.of(), Map.of());
    }
}
