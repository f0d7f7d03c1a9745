package org.pvmon.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pvmon.distribution.RandomCases.Case;
import org.pvmon.money.Money;
import org.pvmon.statements.PlanJson;

/**
 * The distribution properties hold for plans as they are stored (JSON in the registry, posts filled in from the
 * registry when a statement is computed): a stored plan reads back equal, and gives the very statement the plan gives.
 */
class StoredPlanPropertiesTest {
    private final DistributionEngine engine = new DistributionEngine();

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(RandomCases::next);
    }

    @Property(tries = 300)
    void a_stored_plan_gives_the_same_statement_which_reconciles_and_respects_the_caps(@ForAll("cases") Case c) {
        DistributionPlan plan = c.plan();
        DistributionPlan stored = PlanJson.fromBody(PlanJson.text(plan), plan.villageId(), plan.year(), plan.version())
                .withPosts(posts(plan));

        assertThat(stored).isEqualTo(plan);
        Statement s = engine.distribute(stored, c.month(), c.register());
        assertThat(s).isEqualTo(engine.distribute(plan, c.month(), c.register()));
        assertThat(s.reconciles()).isTrue();
        assertThat(s.deductionsTotal().plus(s.allocationsTotal()).plus(s.collective())).isEqualTo(c.month().basisAmount());
        Money cap = null;
        for (Allocation a : plan.allocations()) if (a instanceof Allocation.HouseholdRewards r) cap = r.annualCap();
        for (Statement.HouseholdLine h : s.households()) {
            assertThat(h.amount().isNegative()).isFalse();
            if (cap != null) {
                Money before = c.month().rewardsPaidThisYear().getOrDefault(h.householdId(), Money.ZERO);
                assertThat(h.amount()).isLessThanOrEqualTo(cap.minus(before).max(Money.ZERO));
            }
        }
    }

    private static List<Post> posts(DistributionPlan plan) {
        List<Post> out = new ArrayList<>();
        for (Allocation a : plan.allocations()) if (a instanceof Allocation.PostWages w) out.addAll(w.posts());
        return out;
    }
}
