package org.pvmon.distribution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.pvmon.distribution.Household.Attribute;
import org.pvmon.money.Money;

/** Random plans, months and registers for the property tests: valid inputs, often short of money. */
final class RandomCases {
    /** One village month to distribute, and a seed to shuffle the register with. */
    record Case(DistributionPlan plan, VillageMonth month, List<Household> register, long shuffleSeed) {
    }

    private RandomCases() {
    }

    static Case next(Random r) {
        YearMonth ym = YearMonth.of(2023 + r.nextInt(3), 1 + r.nextInt(12));
        List<Household> register = register(r, ym);
        DistributionPlan plan = plan(r, ym.getYear(), register);
        return new Case(plan, month(r, plan, ym, register), register, r.nextLong());
    }

    /** A month of {@code plan}'s village with random revenue, carry-over and rewards paid so far. */
    static VillageMonth month(Random r, DistributionPlan plan, YearMonth ym, List<Household> register) {
        List<RevenueLine> revenue = new ArrayList<>();
        long scale = r.nextInt(4) == 0 ? 50_000 : 10_000_000;   // often short of money
        long total = 0;
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            long fen = (long) (r.nextDouble() * scale);
            total += fen;
            revenue.add(new RevenueLine("S-" + i, share(r), RevenueLine.Part.values()[r.nextInt(2)], Money.ofFen(fen)));
        }
        if (r.nextInt(5) == 0 && total > 0) {   // an adjustment that leaves the month non-negative
            revenue.add(new RevenueLine("S-0", BigDecimal.ONE, RevenueLine.Part.ADJUSTMENT, Money.ofFen(-r.nextLong(total + 1))));
        }
        return new VillageMonth(plan.villageId(), ym, plan.basis(), revenue, BigDecimal.valueOf(r.nextInt(5_000_000), 4),
                carriedIn(r, plan), paidThisYear(r, register));
    }

    private static BigDecimal share(Random r) {
        return BigDecimal.valueOf(1 + r.nextInt(10_000), 4);
    }

    private static List<Household> register(Random r, YearMonth ym) {
        List<Household> register = new ArrayList<>();
        for (int i = 0, n = r.nextInt(26); i < n; i++) {
            EnumSet<Attribute> attributes = EnumSet.noneOf(Attribute.class);
            for (Attribute a : Attribute.values()) if (r.nextInt(5) == 0) attributes.add(a);
            register.add(new Household(String.format("H%03d", i), "户主" + i, "3703211980010" + (10000 + i), 1 + r.nextInt(6),
                    attributes, enrollments(r, ym)));
        }
        return register;
    }

    /** 0 to 3 non-overlapping ranges around {@code ym}, some ending or starting inside it, the last maybe open. */
    private static List<DateRange> enrollments(Random r, YearMonth ym) {
        List<DateRange> ranges = new ArrayList<>();
        LocalDate day = ym.atDay(1).minusDays(r.nextInt(60));
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            LocalDate from = day.plusDays(r.nextInt(20));
            boolean open = i == n - 1 && r.nextBoolean();
            LocalDate to = open ? null : from.plusDays(r.nextInt(40));
            ranges.add(new DateRange(from, to));
            if (open) break;
            day = to.plusDays(1);
        }
        return ranges;
    }

    static DistributionPlan plan(Random r, int year, List<Household> register) {
        List<Deduction> deductions = new ArrayList<>();
        if (r.nextBoolean()) deductions.add(Deduction.perKwpYear("运维费", BigDecimal.valueOf(r.nextInt(6000), 2)));
        if (r.nextBoolean()) deductions.add(Deduction.percentOfBasis("运维费%", BigDecimal.valueOf(r.nextInt(1500), 2)));
        if (r.nextBoolean()) deductions.add(Deduction.fixedMonthly("保险费", Money.ofFen(r.nextInt(100_000))));
        if (r.nextBoolean()) deductions.add(Deduction.fixedMonthly("土地租金", Money.ofFen(r.nextInt(300_000))));
        if (r.nextBoolean()) deductions.add(Deduction.reserve("维修准备金", BigDecimal.valueOf(r.nextInt(1000), 2)));
        List<Allocation> allocations = new ArrayList<>();
        if (!register.isEmpty() && r.nextInt(4) > 0) allocations.add(wages(r, year, register));
        int percentLeft = 100;
        if (r.nextInt(5) > 0) {
            Portion pool = r.nextBoolean() ? Portion.fixed(Money.ofFen(r.nextInt(3_000_000)))
                    : Portion.percentOfDistributable(BigDecimal.valueOf(r.nextInt(70 * 100 + 1), 2));
            if (pool.percent() != null) percentLeft -= pool.percent().intValue() + 1;
            allocations.add(new Allocation.HouseholdRewards("奖励补助", pool, BigDecimal.valueOf(r.nextInt(3)),
                    attributeWeights(r), r.nextBoolean() ? Money.ofFen(r.nextInt(500_000)) : null));
        }
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            Portion amount = r.nextBoolean() ? Portion.fixed(Money.ofFen(r.nextInt(1_000_000)))
                    : Portion.percentOfDistributable(BigDecimal.valueOf(r.nextInt(percentLeft / 2 * 100 + 1), 2));
            if (amount.percent() != null) percentLeft -= amount.percent().intValue() + 1;
            allocations.add(new Allocation.PublicWorks("小型公益事业" + i, amount));
        }
        allocations.add(new Allocation.Collective("村集体"));
        return new DistributionPlan("V-1", year, 1 + r.nextInt(3),
                r.nextBoolean() ? DistributionPlan.Basis.RECEIVED_CASH : DistributionPlan.Basis.ACCRUED, deductions, allocations);
    }

    private static Allocation.PostWages wages(Random r, int year, List<Household> register) {
        List<Post> posts = new ArrayList<>();
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
            LocalDate from = LocalDate.of(year, 1, 1).plusDays(r.nextInt(365));
            DateRange active = r.nextBoolean() ? DateRange.from(from) : new DateRange(from, from.plusDays(r.nextInt(120)));
            posts.add(new Post("P" + i, "岗位" + i, register.get(r.nextInt(register.size())).id(),
                    Money.ofFen(r.nextInt(200_000)), active));
        }
        return new Allocation.PostWages("公益岗位工资", posts);
    }

    private static Map<Attribute, BigDecimal> attributeWeights(Random r) {
        Map<Attribute, BigDecimal> weights = new EnumMap<>(Attribute.class);
        for (Attribute a : Attribute.values()) if (r.nextBoolean()) weights.put(a, BigDecimal.valueOf(r.nextInt(400), 2));
        return weights;
    }

    /** Random arrears for some of the plan's owed deductions and posts. */
    private static List<Shortfall> carriedIn(Random r, DistributionPlan plan) {
        List<Shortfall> owed = new ArrayList<>();
        for (Deduction d : plan.deductions()) {
            if (d.owed() && r.nextInt(4) == 0) owed.add(new Shortfall(Shortfall.Kind.DEDUCTION, d.name(), Money.ofFen(r.nextInt(200_000))));
        }
        for (Allocation a : plan.allocations()) {
            if (a instanceof Allocation.PostWages w) {
                for (Post p : w.posts()) {
                    if (r.nextInt(4) == 0) owed.add(new Shortfall(Shortfall.Kind.POST_WAGE, p.id(), Money.ofFen(r.nextInt(200_000))));
                }
            }
        }
        return owed;
    }

    private static Map<String, Money> paidThisYear(Random r, List<Household> register) {
        Map<String, Money> paid = new HashMap<>();
        for (Household h : register) if (r.nextBoolean()) paid.put(h.id(), Money.ofFen(r.nextInt(600_000)));
        return paid;
    }
}
