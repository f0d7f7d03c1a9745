package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pvmon.money.Money;

/** One use of the distributable money, in the order the plan lists them. */
public sealed interface Allocation
        permits Allocation.PostWages, Allocation.HouseholdRewards, Allocation.PublicWorks, Allocation.Collective {

    String name();

    /** Wages of public-welfare posts (公益岗位工资): owed, so what a short month cannot pay is carried forward. */
    record PostWages(String name, List<Post> posts) implements Allocation {
        public PostWages {
            Checks.nonBlank(name, "allocation name");
            posts = List.copyOf(posts);
            Set<String> ids = new HashSet<>();
            for (Post p : posts) {
                if (!ids.add(p.id())) throw new IllegalArgumentException("post id " + p.id() + " appears twice in " + name);
            }
        }
    }

    /**
     * Rewards and subsidies to enrolled households (奖励补助), by differentiated weights.
     *
     * <p>A household's weight is {@code baseWeight} plus the weight of each of its attributes (attributes the plan
     * does not list add 0): with base 1 and disability 2, a disabled household weighs 3 and an ordinary one 1; a
     * household that is both disabled and elderly living alone (1) weighs 4. The pool is shared in proportion to
     * weight x days enrolled in the month, so a household enrolled 10 of 30 days gets a third of what it would get
     * for the whole month.
     *
     * @param annualCap most a household may receive from this pool in a calendar year; null: no cap. A household's
     *                  share above its remaining room goes to the other households; once all are at their cap, the
     *                  rest stays with the collective.
     */
    record HouseholdRewards(String name, Portion pool, BigDecimal baseWeight,
                            Map<Household.Attribute, BigDecimal> attributeWeights, Money annualCap) implements Allocation {
        public HouseholdRewards {
            Checks.nonBlank(name, "allocation name");
            Objects.requireNonNull(pool, name + " pool");
            Checks.nonNegative(baseWeight, name + " base weight");
            EnumMap<Household.Attribute, BigDecimal> weights = new EnumMap<>(Household.Attribute.class);
            attributeWeights.forEach((a, w) -> weights.put(Objects.requireNonNull(a, "attribute"),
                    Checks.nonNegative(w, name + " weight of " + a)));
            attributeWeights = Collections.unmodifiableMap(weights);
            if (annualCap != null) Checks.nonNegative(annualCap, name + " annual cap");
        }

        /** The weight of {@code household}: base plus its attributes' weights. */
        BigDecimal weightOf(Household household) {
            BigDecimal weight = baseWeight;
            for (Household.Attribute a : household.attributes()) weight = weight.add(attributeWeights.getOrDefault(a, BigDecimal.ZERO));
            return weight;
        }
    }

    /** Small public works (小型公益事业), e.g. road repair: up to its portion of what is left. */
    record PublicWorks(String name, Portion amount) implements Allocation {
        public PublicWorks {
            Checks.nonBlank(name, "allocation name");
            Objects.requireNonNull(amount, name + " amount");
        }
    }

    /** The village collective (村集体): whatever is left, including every rounding residue. Always last. */
    record Collective(String name) implements Allocation {
        public Collective {
            Checks.nonBlank(name, "allocation name");
        }
    }
}
