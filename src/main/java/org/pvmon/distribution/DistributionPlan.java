package org.pvmon.distribution;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A village's approved distribution plan for one year (分配方案), versioned: deductions first, then allocations in
 * order. Validated on construction: post wages, if any, come first (wages are owed and have priority); the
 * collective comes last, exactly once; at most one household-reward pool; names are unique; percentage portions of
 * the distributable amount add up to at most 100%.
 *
 * @param basis which money is distributed: received cash (the default, what villages distribute) or accrued revenue
 */
public record DistributionPlan(String villageId, int year, int version, Basis basis, List<Deduction> deductions,
                               List<Allocation> allocations) {

    /** The money a plan distributes; the caller computes the amount ({@link VillageMonth#revenue()}). */
    public enum Basis { RECEIVED_CASH, ACCRUED }

    public DistributionPlan {
        Checks.nonBlank(villageId, "village id");
        if (version < 1) throw new IllegalArgumentException("plan version must be at least 1, was " + version);
        Objects.requireNonNull(basis, "basis");
        deductions = List.copyOf(deductions);
        allocations = List.copyOf(allocations);
        String plan = "plan " + villageId + "/" + year + " v" + version;
        Set<String> names = new HashSet<>();
        for (Deduction d : deductions) {
            if (!names.add(d.name())) throw new IllegalArgumentException(plan + ": deduction " + d.name() + " appears twice");
        }
        checkAllocations(plan, allocations);
    }

    /** A plan on the default basis, received cash. */
    public DistributionPlan(String villageId, int year, int version, List<Deduction> deductions, List<Allocation> allocations) {
        this(villageId, year, version, Basis.RECEIVED_CASH, deductions, allocations);
    }

    /**
     * This plan with the {@code posts} active in {@code month} or still owed wages ({@code owedPosts}) as its post-wage
     * line's posts, as {@link DefaultPlan} chooses them (a stored plan names the line; the posts are the registry's).
     */
    public DistributionPlan withPosts(List<Post> posts, java.time.YearMonth month, Set<String> owedPosts) {
        List<Post> paid = posts.stream().filter(p -> p.daysActive(month) > 0 || owedPosts.contains(p.id())).toList();
        return withPosts(paid);
    }

    /** This plan with {@code posts} as its post-wage line's posts; a plan without a post-wage line is returned as is. */
    public DistributionPlan withPosts(List<Post> posts) {
        List<Allocation> out = new java.util.ArrayList<>(allocations.size());
        for (Allocation a : allocations) out.add(a instanceof Allocation.PostWages w ? new Allocation.PostWages(w.name(), posts) : a);
        return new DistributionPlan(villageId, year, version, basis, deductions, out);
    }

    private static void checkAllocations(String plan, List<Allocation> allocations) {
        if (allocations.isEmpty() || !(allocations.get(allocations.size() - 1) instanceof Allocation.Collective)) {
            throw new IllegalArgumentException(plan + ": the last allocation must be the village collective (it takes the remainder)");
        }
        Set<String> names = new HashSet<>();
        int rewardPools = 0;
        BigDecimal percent = BigDecimal.ZERO;
        for (int i = 0; i < allocations.size(); i++) {
            Allocation a = allocations.get(i);
            if (!names.add(a.name())) throw new IllegalArgumentException(plan + ": allocation " + a.name() + " appears twice");
            if (a instanceof Allocation.Collective && i != allocations.size() - 1) {
                throw new IllegalArgumentException(plan + ": the village collective must appear once, last");
            }
            if (a instanceof Allocation.PostWages && i != 0) {
                throw new IllegalArgumentException(plan + ": post wages must be the first allocation (wages are paid first)");
            }
            if (a instanceof Allocation.HouseholdRewards r) {
                if (++rewardPools > 1) throw new IllegalArgumentException(plan + ": at most one household reward pool");
                if (r.pool().percent() != null) percent = percent.add(r.pool().percent());
            }
            if (a instanceof Allocation.PublicWorks w && w.amount().percent() != null) percent = percent.add(w.amount().percent());
        }
        if (percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException(plan + ": percentages of the distributable amount add up to " + percent + "%, more than 100%");
        }
    }
}
