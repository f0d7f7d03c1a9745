package org.pvmon.distribution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.pvmon.money.Money;

/**
 * Distributes one village's money for one month by its approved plan and returns the statement (收益分配表).
 *
 * <h2>Priority</h2>
 * Money goes out strictly in this order; a step gets nothing until every step before it is paid in full:
 * <ol>
 *   <li>deduction arrears carried in from earlier months;</li>
 *   <li>this month's owed deductions (O&amp;M, insurance, land rent);</li>
 *   <li>this month's reserves; what is left after them is the <em>distributable</em> amount;</li>
 *   <li>post wage arrears carried in;</li>
 *   <li>this month's post wages (prorated by the days each post was active);</li>
 *   <li>the other allocations in plan order (household rewards, public works), each up to its target, never more
 *       than is left;</li>
 *   <li>the village collective: whatever is left, including every rounding residue.</li>
 * </ol>
 * When one of steps 1 to 5 cannot be paid in full, what is left is shared among its lines pro rata to what each is
 * owed (largest remainder, to the fen: a fair rule that needs no ranking of posts or bills), and the unpaid part of
 * each line is carried forward ({@link Statement#carriedForward()}), to be paid first next month. So a month that
 * cannot even cover its deductions pays them pro rata, distributes nothing, and carries the rest (wages included); a
 * reserve is not owed, so what it cannot get lapses. Household rewards and public works are not owed either: in a
 * short month they simply get less.
 *
 * <h2>Rounding</h2>
 * Every computed amount (a percentage, a per-kWp O&amp;M charge, a prorated wage) is rounded down to the fen with
 * {@link #ROUNDING}, so nobody is paid more than the exact amount and the fractions stay in the remainder, which is
 * the collective's. Splits (of the reward pool, of a short step) use {@link Money#allocate} and add up exactly.
 *
 * <p>Deterministic: lines follow the plan's order, households the order of their ids, so the same inputs give an
 * equal statement. Stateless and thread-safe.
 */
public final class DistributionEngine {
    /** The one rounding of every computed amount: down to the fen (the residue goes to the collective). */
    public static final RoundingMode ROUNDING = RoundingMode.DOWN;

    /**
     * The statement of {@code month} under {@code plan}.
     *
     * @param register the village's registered households (any order); post holders must be among them
     * @throws IllegalArgumentException when the inputs do not belong together (another village, year or basis), a
     *                                  household id appears twice, a post's holder is not registered, or a carried-in
     *                                  shortfall has no deduction or post in the plan to go to
     */
    public Statement distribute(DistributionPlan plan, VillageMonth month, List<Household> register) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(month, "month");
        checkBelongTogether(plan, month);
        return new Run(plan, month, index(register)).statement();
    }

    private static void checkBelongTogether(DistributionPlan plan, VillageMonth month) {
        String what = "village month " + month.villageId() + " " + month.month();
        if (!plan.villageId().equals(month.villageId())) {
            throw new IllegalArgumentException(what + " cannot use the plan of village " + plan.villageId());
        }
        if (plan.year() != month.month().getYear()) {
            throw new IllegalArgumentException(what + " cannot use the plan for year " + plan.year());
        }
        if (plan.basis() != month.basis()) {
            throw new IllegalArgumentException(what + " is " + month.basis() + " but the plan distributes " + plan.basis());
        }
    }

    private static Map<String, Household> index(List<Household> register) {
        Map<String, Household> byId = new TreeMap<>();
        for (Household h : register) {
            if (byId.put(h.id(), h) != null) throw new IllegalArgumentException("household " + h.id() + " appears twice in the register");
        }
        return byId;
    }

    /** One distribution: what is left so far and the lines written. */
    private static final class Run {
        private final DistributionPlan plan;
        private final VillageMonth month;
        private final Map<String, Household> households;
        private final Map<String, Money> deductionArrears = new LinkedHashMap<>();
        private final Map<String, Money> wageArrears = new LinkedHashMap<>();
        private final List<Statement.DeductionLine> deductionLines = new ArrayList<>();
        private final List<Statement.AllocationLine> allocationLines = new ArrayList<>();
        private final List<Statement.PostLine> postLines = new ArrayList<>();
        private final List<Statement.HouseholdLine> householdLines = new ArrayList<>();
        private Money left;

        Run(DistributionPlan plan, VillageMonth month, Map<String, Household> households) {
            this.plan = plan;
            this.month = month;
            this.households = households;
            for (Shortfall s : month.carriedIn()) {
                (s.kind() == Shortfall.Kind.DEDUCTION ? deductionArrears : wageArrears).put(s.key(), s.amount());
            }
            this.left = month.basisAmount();
        }

        Statement statement() {
            deductions();
            Money distributable = left;
            for (Allocation a : plan.allocations()) {
                if (a instanceof Allocation.PostWages w) wages(w);
                else if (a instanceof Allocation.HouseholdRewards r) rewards(r, distributable);
                else if (a instanceof Allocation.PublicWorks p) publicWorks(p, distributable);
            }
            checkAllArrearsPlaced();
            return new Statement(month.villageId(), month.month(), plan.version(), plan.basis(), month.revenue(),
                    deductionLines, allocationLines, postLines, householdLines, left);
        }

        private void deductions() {
            Money basis = month.basisAmount();
            List<Money> arrears = new ArrayList<>();
            List<Money> dues = new ArrayList<>();
            for (Deduction d : plan.deductions()) {
                Money owed = deductionArrears.remove(d.name());
                if (owed != null && !d.owed() && !owed.isZero()) {
                    throw new IllegalArgumentException("shortfall carried in for " + d.name() + ", a reserve, which is never owed");
                }
                arrears.add(owed == null ? Money.ZERO : owed);
                dues.add(d.monthly(basis, month.capacityKwp()));
            }
            List<Money> paidArrears = take(arrears);
            List<Money> paidOwed = take(onlyWhere(dues, true));
            List<Money> paidReserves = take(onlyWhere(dues, false));
            for (int i = 0; i < dues.size(); i++) {
                Deduction d = plan.deductions().get(i);
                Money paid = paidArrears.get(i).plus(paidOwed.get(i)).plus(paidReserves.get(i));
                Money unpaid = d.owed() ? arrears.get(i).plus(dues.get(i)).minus(paid) : Money.ZERO;
                deductionLines.add(new Statement.DeductionLine(d.name(), d.describe(basis, month.capacityKwp()),
                        arrears.get(i), dues.get(i), paid, unpaid));
            }
        }

        /** {@code dues} of the deductions whose {@code owed} is as given, zero for the others. */
        private List<Money> onlyWhere(List<Money> dues, boolean owed) {
            List<Money> out = new ArrayList<>(dues.size());
            for (int i = 0; i < dues.size(); i++) out.add(plan.deductions().get(i).owed() == owed ? dues.get(i) : Money.ZERO);
            return out;
        }

        private void wages(Allocation.PostWages w) {
            List<Money> arrears = new ArrayList<>();
            List<Money> dues = new ArrayList<>();
            for (Post p : w.posts()) {
                if (!households.containsKey(p.holderHouseholdId())) {
                    throw new IllegalArgumentException("post " + p.id() + ": holder household " + p.holderHouseholdId() + " is not in the register");
                }
                Money owed = wageArrears.remove(p.id());
                arrears.add(owed == null ? Money.ZERO : owed);
                dues.add(p.wageFor(month.month()));
            }
            List<Money> paidArrears = take(arrears);
            List<Money> paidDues = take(dues);
            Money target = Money.sum(arrears).plus(Money.sum(dues));
            Money paidTotal = Money.sum(paidArrears).plus(Money.sum(paidDues));
            for (int i = 0; i < dues.size(); i++) {
                Post p = w.posts().get(i);
                Money paid = paidArrears.get(i).plus(paidDues.get(i));
                postLines.add(new Statement.PostLine(p.id(), p.title(), p.holderHouseholdId(),
                        households.get(p.holderHouseholdId()).headName(), p.daysActive(month.month()), arrears.get(i),
                        dues.get(i), paid, arrears.get(i).plus(dues.get(i)).minus(paid)));
            }
            allocationLines.add(new Statement.AllocationLine(Statement.Kind.POST_WAGES, w.name(), target, paidTotal,
                    target.minus(paidTotal)));
        }

        private void rewards(Allocation.HouseholdRewards r, Money distributable) {
            Money target = r.pool().target(distributable);
            List<Household> enrolled = new ArrayList<>();
            List<BigDecimal> weights = new ArrayList<>();
            List<Money> rooms = new ArrayList<>();
            for (Household h : households.values()) {
                int days = h.daysEnrolled(month.month());
                if (days == 0) continue;
                enrolled.add(h);
                weights.add(r.weightOf(h).multiply(BigDecimal.valueOf(days)));
                Money before = month.rewardsPaidThisYear().getOrDefault(h.id(), Money.ZERO);
                rooms.add(r.annualCap() == null ? null : r.annualCap().minus(before).max(Money.ZERO));
            }
            RewardSplit.Result split = RewardSplit.split(target.min(left), weights, rooms);
            for (int i = 0; i < enrolled.size(); i++) {
                Household h = enrolled.get(i);
                householdLines.add(new Statement.HouseholdLine(h.id(), h.headName(), h.maskedIdNumber(), r.weightOf(h),
                        h.daysEnrolled(month.month()), split.amounts().get(i), split.capped().get(i)));
            }
            left = left.minus(split.total());
            allocationLines.add(new Statement.AllocationLine(Statement.Kind.HOUSEHOLD_REWARDS, r.name(), target,
                    split.total(), Money.ZERO));
        }

        private void publicWorks(Allocation.PublicWorks p, Money distributable) {
            Money target = p.amount().target(distributable);
            Money paid = target.min(left);
            left = left.minus(paid);
            allocationLines.add(new Statement.AllocationLine(Statement.Kind.PUBLIC_WORKS, p.name(), target, paid, Money.ZERO));
        }

        /** Pays one priority step out of what is left. */
        private List<Money> take(List<Money> dues) {
            List<Money> paid = Priority.pay(left, dues);
            left = left.minus(Money.sum(paid));
            return paid;
        }

        private void checkAllArrearsPlaced() {
            if (!deductionArrears.isEmpty() || !wageArrears.isEmpty()) {
                throw new IllegalArgumentException("village month " + month.villageId() + " " + month.month()
                        + ": shortfalls carried in for deductions " + deductionArrears.keySet() + " and posts "
                        + wageArrears.keySet() + " have no line in plan v" + plan.version() + "; keep them in the plan until paid");
            }
        }
    }
}
