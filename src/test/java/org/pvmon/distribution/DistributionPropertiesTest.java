package org.pvmon.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.pvmon.distribution.RandomCases.Case;
import org.pvmon.distribution.Statement.HouseholdLine;
import org.pvmon.money.Money;

/** Properties over many random plans, registers and months (issue: "every statement sums exactly; no household
 * negative or above its cap; same inputs, same statement"). */
class DistributionPropertiesTest {
    private final DistributionEngine engine = new DistributionEngine();

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(RandomCases::next);
    }

    @Property(tries = 300)
    void every_statement_reconciles_to_the_fen(@ForAll("cases") Case c) {
        Statement s = distribute(c);

        assertThat(s.reconciles()).isTrue();
        assertThat(s.deductionsTotal().plus(s.allocationsTotal()).plus(s.collective())).isEqualTo(c.month().basisAmount());
    }

    @Property(tries = 300)
    void no_household_is_paid_a_negative_amount_or_beyond_its_annual_cap(@ForAll("cases") Case c) {
        Statement s = distribute(c);
        Money cap = rewardsOf(c.plan()) == null ? null : rewardsOf(c.plan()).annualCap();

        for (HouseholdLine h : s.households()) {
            assertThat(h.amount().isNegative()).isFalse();
            if (cap != null) {
                Money before = c.month().rewardsPaidThisYear().getOrDefault(h.householdId(), Money.ZERO);
                assertThat(h.amount()).isLessThanOrEqualTo(cap.minus(before).max(Money.ZERO));
            }
        }
    }

    @Property(tries = 300)
    void the_collective_is_never_negative_and_nobody_is_paid_more_than_is_owed(@ForAll("cases") Case c) {
        Statement s = distribute(c);

        assertThat(s.collective().isNegative()).isFalse();
        s.deductions().forEach(d -> assertThat(d.paid()).isLessThanOrEqualTo(d.carriedIn().plus(d.due())));
        s.posts().forEach(p -> assertThat(p.paid()).isLessThanOrEqualTo(p.carriedIn().plus(p.due())));
        s.allocations().forEach(a -> assertThat(a.amount()).isLessThanOrEqualTo(a.target()));
    }

    @Property(tries = 150)
    void the_same_inputs_in_any_register_order_give_an_equal_statement(@ForAll("cases") Case c) {
        List<Household> shuffled = new ArrayList<>(c.register());
        Collections.shuffle(shuffled, new Random(c.shuffleSeed()));

        assertThat(engine.distribute(c.plan(), c.month(), shuffled)).isEqualTo(distribute(c));
    }

    @Property(tries = 150)
    void a_month_with_enough_money_for_every_bill_and_wage_carries_nothing_forward(@ForAll("cases") Case c) {
        Statement s = distribute(c);
        Money owed = Money.ZERO;
        for (int i = 0; i < s.deductions().size(); i++) {   // deduction lines follow the plan's deductions
            Statement.DeductionLine d = s.deductions().get(i);
            owed = owed.plus(c.plan().deductions().get(i).owed() ? d.carriedIn().plus(d.due()) : d.due());
        }
        Money wages = Money.sum(s.posts().stream().map(p -> p.carriedIn().plus(p.due())).toList());

        if (owed.plus(wages).compareTo(s.basisAmount()) <= 0) {
            assertThat(s.carriedForward()).isEmpty();
            assertThat(s.deductions()).allMatch(d -> d.paid().equals(d.carriedIn().plus(d.due())));
        }
    }

    @Property(tries = 30)
    void a_year_of_months_chained_by_their_carry_over_keeps_every_household_within_its_cap(@ForAll("cases") Case c,
                                                                                           @ForAll long seed) {
        Random r = new Random(seed);
        Map<String, Money> paidThisYear = new HashMap<>();
        List<Shortfall> carried = List.of();
        for (int m = 1; m <= 12; m++) {
            VillageMonth random = RandomCases.month(r, c.plan(), YearMonth.of(c.plan().year(), m), c.register());
            VillageMonth month = new VillageMonth(random.villageId(), random.month(), random.basis(), random.revenue(),
                    random.capacityKwp(), carried, paidThisYear);
            Statement s = engine.distribute(c.plan(), month, c.register());
            assertThat(s.reconciles()).isTrue();
            for (HouseholdLine h : s.households()) paidThisYear.merge(h.householdId(), h.amount(), Money::plus);
            carried = s.carriedForward();
        }
        Allocation.HouseholdRewards rewards = rewardsOf(c.plan());
        if (rewards != null && rewards.annualCap() != null) {
            assertThat(paidThisYear.values()).allMatch(paid -> paid.compareTo(rewards.annualCap()) <= 0);
        }
    }

    @Property(tries = 300)
    void a_joint_station_split_adds_up_exactly_and_each_village_is_within_a_fen_of_its_exact_share(
            @ForAll @IntRange(min = 1, max = 30) int villages, @ForAll long seed) {
        Random r = new Random(seed);
        long[] units = new long[villages];
        long total = 0;
        for (int i = 0; i < villages; i++) total += units[i] = 1 + r.nextInt(1000);
        List<JointStation.Owner> owners = new ArrayList<>();
        BigDecimal given = BigDecimal.ZERO;
        for (int i = 0; i < villages; i++) {   // shares rounded down to 6 decimals (never 0), the last takes the rest
            BigDecimal share = i == villages - 1 ? BigDecimal.ONE.subtract(given)
                    : BigDecimal.valueOf(units[i] * 1_000_000 / total, 6);
            given = given.add(share);
            owners.add(new JointStation.Owner("V" + i, share));
        }
        Money amount = Money.ofFen(r.nextInt(100_000_000));

        List<JointStation.VillageAmount> parts = new JointStation("S", new BigDecimal("125"), owners).split(amount);

        assertThat(Money.sum(parts.stream().map(JointStation.VillageAmount::amount).toList())).isEqualTo(amount);
        for (JointStation.VillageAmount p : parts) {
            BigDecimal exactFen = p.share().multiply(BigDecimal.valueOf(amount.fen()));
            assertThat(BigDecimal.valueOf(p.amount().fen()).subtract(exactFen).abs()).isLessThan(BigDecimal.ONE);
        }
    }

    private Statement distribute(Case c) {
        return engine.distribute(c.plan(), c.month(), c.register());
    }

    private static Allocation.HouseholdRewards rewardsOf(DistributionPlan plan) {
        for (Allocation a : plan.allocations()) if (a instanceof Allocation.HouseholdRewards r) return r;
        return null;
    }
}
