package org.pvmon.distribution;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.pvmon.money.Money;

/**
 * The plan a village distributes by while it has no approved plan of its own (version 1, on the
 * {@link DistributionPlan.Basis#ACCRUED accrued} basis until received cash is recorded). It follows the 2017 national
 * rules (国开办发〔2017〕61号) and domain.md:
 * <ol>
 *   <li>Deductions: O&amp;M (运维费) 30 yuan/kWp/year (0.03 yuan/W/year, the usual ceiling) on the village's capacity
 *       share; insurance (保险费) and land rent (土地租金) 0.00 until the village sets them (listed so the statement shows
 *       they were considered); a 5% reserve (风险准备金), not owed.</li>
 *   <li>Public-welfare post wages (公益岗位工资) of the posts active in the month, first (wages are owed).</li>
 *   <li>Household rewards and subsidies (奖励补助): 40% of the distributable amount, by weight x days enrolled.
 *       Every enrolled household has base weight 1 (the rules forbid plain equal splitting, but every registered
 *       household is eligible); circumstances that remove earning power weigh most: disability 2, serious illness 2,
 *       no labour capacity 2; those that reduce it weigh 1: elderly living alone 1, weak labour capacity 1. So a
 *       disabled household without labour capacity weighs 5, an ordinary one 1 (差异化分配). No annual cap.</li>
 *   <li>Small public works (小型公益事业): 10% of the distributable amount.</li>
 *   <li>The village collective (村集体): the rest, including every rounding residue.</li>
 * </ol>
 */
public final class DefaultPlan {
    public static final BigDecimal OM_YUAN_PER_KWP_YEAR = new BigDecimal("30");
    public static final BigDecimal RESERVE_PERCENT = new BigDecimal("5");
    public static final BigDecimal REWARDS_PERCENT = new BigDecimal("40");
    public static final BigDecimal PUBLIC_WORKS_PERCENT = new BigDecimal("10");

    private DefaultPlan() {
    }

    /** The default plan of {@code villageId} for {@code month}'s year, paying the {@code posts} active in {@code month}. */
    public static DistributionPlan forMonth(String villageId, YearMonth month, List<Post> posts) {
        return forMonth(villageId, month, posts, java.util.Set.of());
    }

    /**
     * The default plan, its wages covering the posts active in the month plus those still owed wages from an earlier
     * month ({@code owedPosts}: a post that has ended is still paid its arrears).
     */
    public static DistributionPlan forMonth(String villageId, YearMonth month, List<Post> posts, java.util.Set<String> owedPosts) {
        List<Post> active = posts.stream().filter(p -> p.daysActive(month) > 0 || owedPosts.contains(p.id())).toList();
        Map<Household.Attribute, BigDecimal> weights = new EnumMap<>(Household.Attribute.class);
        weights.put(Household.Attribute.DISABILITY, BigDecimal.valueOf(2));
        weights.put(Household.Attribute.SERIOUS_ILLNESS, BigDecimal.valueOf(2));
        weights.put(Household.Attribute.NO_LABOUR_CAPACITY, BigDecimal.valueOf(2));
        weights.put(Household.Attribute.ELDERLY_LIVING_ALONE, BigDecimal.ONE);
        weights.put(Household.Attribute.WEAK_LABOUR_CAPACITY, BigDecimal.ONE);
        return new DistributionPlan(villageId, month.getYear(), 1, DistributionPlan.Basis.ACCRUED,
                List.of(Deduction.perKwpYear("运维费 O&M", OM_YUAN_PER_KWP_YEAR),
                        Deduction.fixedMonthly("保险费 insurance", Money.ZERO),
                        Deduction.fixedMonthly("土地租金 land rent", Money.ZERO),
                        Deduction.reserve("风险准备金 reserve", RESERVE_PERCENT)),
                List.of(new Allocation.PostWages("公益岗位工资 post wages", active),
                        new Allocation.HouseholdRewards("奖励补助 household rewards", Portion.percentOfDistributable(REWARDS_PERCENT),
                                BigDecimal.ONE, weights, null),
                        new Allocation.PublicWorks("小型公益事业 public works", Portion.percentOfDistributable(PUBLIC_WORKS_PERCENT)),
                        new Allocation.Collective("村集体 village collective")));
    }
}
