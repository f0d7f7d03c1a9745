package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pvmon.money.Money;

/**
 * A station owned jointly by several villages (联村电站), e.g. 125 kWp built with poverty funds for 11 villages. Its
 * revenue is split pro rata to the ownership shares, which must add up to exactly 1.
 */
public record JointStation(String stationId, BigDecimal capacityKwp, List<Owner> owners) {

    /** A village's ownership share, in (0, 1]. */
    public record Owner(String villageId, BigDecimal share) {
        public Owner {
            Checks.nonBlank(villageId, "village id");
            Objects.requireNonNull(share, "share");
            if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("village " + villageId + ": ownership share must be in (0, 1], was " + share);
            }
        }
    }

    /** A village's part of an amount split by {@link #split}. */
    public record VillageAmount(String villageId, BigDecimal share, Money amount) {
    }

    public JointStation {
        Checks.nonBlank(stationId, "station id");
        Checks.nonNegative(capacityKwp, "station " + stationId + " capacity (kWp)");
        owners = List.copyOf(owners);
        if (owners.isEmpty()) throw new IllegalArgumentException("station " + stationId + " has no owner villages");
        Set<String> ids = new HashSet<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Owner o : owners) {
            if (!ids.add(o.villageId())) throw new IllegalArgumentException("station " + stationId + ": village " + o.villageId() + " is listed twice");
            total = total.add(o.share());
        }
        if (total.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalArgumentException("station " + stationId + ": ownership shares add up to " + total.toPlainString()
                    + ", not exactly 1; write them so that they do (e.g. give the last village the rest)");
        }
    }

    /**
     * {@code amount} split among the owners in their order, pro rata to their shares by largest remainder: the parts
     * add up to {@code amount} exactly. A negative amount (an adjustment) is split as its opposite and negated, so a
     * correction mirrors the split it corrects.
     */
    public List<VillageAmount> split(Money amount) {
        Money magnitude = amount.isNegative() ? amount.negate() : amount;
        List<Money> parts = magnitude.allocate(owners.stream().map(Owner::share).toList());
        List<VillageAmount> out = new ArrayList<>(owners.size());
        for (int i = 0; i < owners.size(); i++) {
            Money part = amount.isNegative() ? parts.get(i).negate() : parts.get(i);
            out.add(new VillageAmount(owners.get(i).villageId(), owners.get(i).share(), part));
        }
        return out;
    }

    /** A village's share of the capacity (share x capacity, exact), for per-kWp deductions. */
    public BigDecimal capacityOf(String villageId) {
        for (Owner o : owners) if (o.villageId().equals(villageId)) return o.share().multiply(capacityKwp);
        throw new IllegalArgumentException("village " + villageId + " owns no share of station " + stationId);
    }
}
