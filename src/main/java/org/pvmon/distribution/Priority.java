package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.pvmon.money.Money;

/** Pays one priority tier out of what is available. */
final class Priority {
    private Priority() {
    }

    /**
     * What each of {@code dues} is paid out of {@code available}: everything when it suffices, else {@code available}
     * shared pro rata to the dues by largest remainder (so no due is overpaid and the payments add up exactly).
     */
    static List<Money> pay(Money available, List<Money> dues) {
        Money total = Money.sum(dues);
        if (total.compareTo(available) <= 0) return List.copyOf(dues);
        if (available.isZero()) return dues.stream().map(d -> Money.ZERO).toList();
        List<BigDecimal> weights = new ArrayList<>(dues.size());
        for (Money d : dues) weights.add(BigDecimal.valueOf(d.fen()));
        return available.allocate(weights);
    }
}
