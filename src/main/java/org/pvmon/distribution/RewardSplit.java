package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pvmon.money.Money;

/**
 * Shares a reward pool by weight under per-household room (what each may still receive this year), by water-filling:
 * share the pool among the households not yet capped; whoever's share exceeds its room gets exactly its room and drops
 * out; share what is left among the rest; repeat. Ends when a round caps nobody, or nobody is left (the rest of the
 * pool is then unpaid). Each round either finishes or caps at least one household, so there are at most n rounds.
 */
final class RewardSplit {
    /** Per household: the amount, and whether its room limited it. */
    record Result(List<Money> amounts, List<Boolean> capped) {
        Money total() {
            return Money.sum(amounts);
        }
    }

    private RewardSplit() {
    }

    /**
     * @param weights non-negative weights, one per household
     * @param rooms   one per household; null: unlimited
     */
    static Result split(Money pool, List<BigDecimal> weights, List<Money> rooms) {
        int n = weights.size();
        Money[] amounts = new Money[n];
        Arrays.fill(amounts, Money.ZERO);
        Boolean[] capped = new Boolean[n];
        Arrays.fill(capped, Boolean.FALSE);
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < n; i++) if (weights.get(i).signum() > 0) open.add(i);
        Money left = pool;
        while (!open.isEmpty() && !left.isZero()) {
            List<Money> shares = left.allocate(open.stream().map(weights::get).toList());
            List<Integer> over = new ArrayList<>();
            for (int k = 0; k < open.size(); k++) {
                Money room = rooms.get(open.get(k));
                if (room != null && shares.get(k).compareTo(room) > 0) over.add(k);
            }
            if (over.isEmpty()) {
                for (int k = 0; k < open.size(); k++) amounts[open.get(k)] = shares.get(k);
                left = Money.ZERO;
            } else {
                List<Integer> stillOpen = new ArrayList<>();
                int o = 0;
                for (int k = 0; k < open.size(); k++) {
                    int i = open.get(k);
                    if (o < over.size() && over.get(o) == k) {
                        amounts[i] = rooms.get(i);
                        capped[i] = true;
                        left = left.minus(rooms.get(i));
                        o++;
                    } else {
                        stillOpen.add(i);
                    }
                }
                open = stillOpen;
            }
        }
        return new Result(List.of(amounts), List.of(capped));
    }
}
