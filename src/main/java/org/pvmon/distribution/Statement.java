package org.pvmon.distribution;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pvmon.money.Money;

/**
 * A village's monthly distribution statement (收益分配表): the basis by station share and part, every deduction,
 * every allocation, every post and household line, and the collective. Everything is exact to the fen and
 * {@link #reconciles()}: basis = deductions + allocations + collective. Households carry only masked ID numbers, so
 * the statement can be published (公示) as is.
 */
public record Statement(String villageId, YearMonth month, int planVersion, DistributionPlan.Basis basis,
                        List<RevenueLine> revenue, List<DeductionLine> deductions, List<AllocationLine> allocations,
                        List<PostLine> posts, List<HouseholdLine> households, Money collective) {

    /**
     * A deduction: {@code carriedIn + due} was owed, {@code paid} was paid; {@code shortfall} is carried forward
     * (0 for a reserve, whose unpaid part lapses).
     */
    public record DeductionLine(String name, String rule, Money carriedIn, Money due, Money paid, Money shortfall) {
    }

    /** The kinds of allocation line; the collective is {@link #collective()}, not a line. */
    public enum Kind { POST_WAGES, HOUSEHOLD_REWARDS, PUBLIC_WORKS }

    /**
     * An allocation: it asked for {@code target} (for wages: arrears plus this month's wages) and got {@code amount};
     * only wages carry a {@code shortfall} forward, other allocations simply get less in a short month.
     */
    public record AllocationLine(Kind kind, String name, Money target, Money amount, Money shortfall) {
    }

    /** A post's wages: arrears {@code carriedIn}, this month's {@code due} for {@code daysActive}, {@code paid}, still owed {@code shortfall}. */
    public record PostLine(String postId, String title, String holderHouseholdId, String holderName, int daysActive,
                           Money carriedIn, Money due, Money paid, Money shortfall) {
    }

    /**
     * A household's reward: its {@code weight} (base plus attributes), days enrolled this month, the amount, and
     * whether its annual cap limited the amount.
     */
    public record HouseholdLine(String householdId, String headName, String maskedIdNumber, BigDecimal weight,
                                int daysEnrolled, Money amount, boolean capped) {
    }

    public Statement {
        Objects.requireNonNull(month, "month");
        revenue = List.copyOf(revenue);
        deductions = List.copyOf(deductions);
        allocations = List.copyOf(allocations);
        posts = List.copyOf(posts);
        households = List.copyOf(households);
        Objects.requireNonNull(collective, "collective");
    }

    /** The amount distributed: the sum of the revenue lines. */
    public Money basisAmount() {
        return Money.sum(revenue.stream().map(RevenueLine::amount).toList());
    }

    public Money deductionsTotal() {
        return Money.sum(deductions.stream().map(DeductionLine::paid).toList());
    }

    /** The basis less the deductions paid: what the allocations and the collective share. */
    public Money distributable() {
        return basisAmount().minus(deductionsTotal());
    }

    /** The allocation lines' amounts, without the collective. */
    public Money allocationsTotal() {
        return Money.sum(allocations.stream().map(AllocationLine::amount).toList());
    }

    /** Everything that left the basis other than deductions: allocations plus the collective. */
    public Money totalDistributed() {
        return allocationsTotal().plus(collective);
    }

    /** What is still owed after this month, deductions first: the next month's {@link VillageMonth#carriedIn()}. */
    public List<Shortfall> carriedForward() {
        List<Shortfall> owed = new ArrayList<>();
        for (DeductionLine d : deductions) {
            if (!d.shortfall().isZero()) owed.add(new Shortfall(Shortfall.Kind.DEDUCTION, d.name(), d.shortfall()));
        }
        for (PostLine p : posts) {
            if (!p.shortfall().isZero()) owed.add(new Shortfall(Shortfall.Kind.POST_WAGE, p.postId(), p.shortfall()));
        }
        return owed;
    }

    /**
     * True when the statement adds up to the fen: basis = deductions + allocations + collective; the post lines add
     * up to the wages line and the household lines to the reward line; every line's paid + shortfall is at most what
     * was owed; and no amount is negative.
     */
    public boolean reconciles() {
        if (!basisAmount().equals(deductionsTotal().plus(allocationsTotal()).plus(collective))) return false;
        if (collective.isNegative()) return false;
        for (DeductionLine d : deductions) {
            if (anyNegative(d.carriedIn(), d.due(), d.paid(), d.shortfall())) return false;
            if (d.paid().plus(d.shortfall()).compareTo(d.carriedIn().plus(d.due())) > 0) return false;
        }
        for (PostLine p : posts) {
            if (anyNegative(p.carriedIn(), p.due(), p.paid(), p.shortfall())) return false;
            if (!p.paid().plus(p.shortfall()).equals(p.carriedIn().plus(p.due()))) return false;
        }
        for (HouseholdLine h : households) {
            if (h.amount().isNegative()) return false;
        }
        for (AllocationLine a : allocations) {
            if (anyNegative(a.target(), a.amount(), a.shortfall())) return false;
            if (a.amount().plus(a.shortfall()).compareTo(a.target()) > 0) return false;
        }
        return linesOf(Kind.POST_WAGES).equals(Money.sum(posts.stream().map(PostLine::paid).toList()))
                && linesOf(Kind.HOUSEHOLD_REWARDS).equals(Money.sum(households.stream().map(HouseholdLine::amount).toList()));
    }

    private Money linesOf(Kind kind) {
        return Money.sum(allocations.stream().filter(a -> a.kind() == kind).map(AllocationLine::amount).toList());
    }

    private static boolean anyNegative(Money... amounts) {
        for (Money m : amounts) if (m.isNegative()) return true;
        return false;
    }
}
