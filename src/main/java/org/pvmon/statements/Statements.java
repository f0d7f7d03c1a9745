package org.pvmon.statements;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvmon.energy.Periods;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.statements.StatementBatch.Computed;
import org.pvmon.statements.StatementLedger.Kind;
import org.pvmon.statements.StatementLedger.Status;
import org.pvmon.statements.StatementLedger.Stored;

/**
 * One village's monthly distribution statements (收益分配表): a preview computed now, and the stored statements with
 * their lifecycle DRAFT → APPROVED → PUBLISHED (公示) → PAID. The computation ({@link StatementBatch}) is the one the
 * county and national runs make for many villages at once, run over this village alone. A stored statement's body is
 * its {@link StatementDocument}, written when it was created; a published statement never changes, a correction is an
 * adjustment statement that references it.
 */
public final class Statements {
    private final Registry registry;
    private final StatementLedger ledger;
    private final StatementBatch batch;
    private final Clock clock;

    public Statements(Registry registry, StatementLedger ledger, StatementBatch batch, Clock clock) {
        this.registry = registry;
        this.ledger = ledger;
        this.batch = batch;
        this.clock = clock;
    }

    /** The village's statement of {@code month} computed now (up to today in the current month), not stored. */
    public Map<String, Object> preview(Village v, YearMonth month) {
        Map<String, Object> body = new LinkedHashMap<>(batch.one(v, month, today()).body());
        body.put("computedAt", clock.instant());
        return body;
    }

    /** The village's stored statements, oldest first. */
    public List<Stored> ofVillage(Village v) {
        return ledger.ofVillage(v.id());
    }

    public Optional<Stored> find(long id) {
        return ledger.find(id);
    }

    /** The adjustments that reference statement {@code id}, oldest first. */
    public List<Long> adjustmentsOf(long id) {
        return ledger.adjustmentsOf(id);
    }

    /** Stores the village's regular statement of a complete {@code month} as a draft. */
    public Stored create(Village v, YearMonth month) {
        StatementBatch.requireComplete(month, today(), "a statement covers");
        return ledger.insert(batch.newStatement(batch.one(v, month, today()), Kind.REGULAR, null, clock.instant()));
    }

    /** Deletes a draft (a statement approved or later is never deleted). */
    public void deleteDraft(Stored s) {
        ledger.deleteDraft(s.id());
    }

    /** The next lifecycle step of {@code s}, taken by {@code by} now, with their {@code comment} (may be null). */
    public Stored advance(Stored s, Status to, String by, String comment) {
        return ledger.advance(s.id(), to, by, clock.instant(), comment);
    }

    /**
     * Marks a published statement paid, taken by {@code by} now with their {@code comment} (may be null), once the payer
     * confirmed the amount it pays out (its allocations: post wages, household rewards, public works). A statement that
     * pays out nothing is never marked paid (it stays published; what it could not pay is carried into the next month),
     * and a confirmed amount that differs from the statement's is refused: the payer is looking at another statement, or
     * paid something else.
     *
     * @throws PaymentRefusedException when it pays out nothing or {@code confirmed} differs; nothing changes
     * @throws StatementConflictException when it is not published
     */
    public Stored pay(Stored s, Money confirmed, String by, String comment) {
        if (s.status() == Status.PUBLISHED) {
            Money owed = Money.ofFen(s.totals().allocationsFen());
            if (owed.isZero()) {
                throw new PaymentRefusedException(PaymentRefusedException.Reason.NOTHING_TO_PAY, "statement " + s.id()
                        + " pays out 0.00 yuan: there is nothing to mark paid; it stays published (what it could not pay is"
                        + " carried into the next month)");
            }
            if (confirmed.compareTo(owed) != 0) {
                throw new PaymentRefusedException(PaymentRefusedException.Reason.AMOUNT_DIFFERS, "statement " + s.id() + " pays out "
                        + owed.yuan() + " yuan (post wages, household rewards, public works), not " + confirmed.yuan()
                        + ": confirm the amount that was paid");
            }
        }
        return ledger.advance(s.id(), Status.PAID, by, clock.instant(), comment);
    }

    /**
     * An adjustment of a published statement: the month recomputed now, stored in full (it is itself a complete
     * statement that reconciles), with {@code differences}: the recomputation less the statement it adjusts, total by
     * total, in yuan. The full body makes the corrected statement readable on its own; the differences are what is
     * still to be paid out (positive) or recovered (negative).
     */
    public Stored adjust(Stored original) {
        // The differences are against the statement adjusted: adjusting one that already has an adjustment would pay
        // the earlier correction twice, so corrections form a chain, each adjusting the latest.
        List<Long> existing = ledger.adjustmentsOf(original.id());
        if (!existing.isEmpty()) {
            throw new StatementConflictException("statement " + original.id() + " already has adjustment "
                    + existing.get(existing.size() - 1) + "; adjust the latest adjustment instead (once it is published)");
        }
        Village v = registry.village(original.villageId())
                .orElseThrow(() -> new IllegalStateException("statement " + original.id() + "'s village " + original.villageId() + " is gone"));
        Computed c = batch.one(v, original.month(), today());
        StatementLedger.Totals now = StatementBatch.totals(c.statement());
        StatementLedger.Totals was = original.totals();
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("adjustsStatementId", original.id());
        diff.put("basisYuan", Money.ofFen(now.basisFen() - was.basisFen()).yuan());
        diff.put("deductionsYuan", Money.ofFen(now.deductionsFen() - was.deductionsFen()).yuan());
        diff.put("allocationsYuan", Money.ofFen(now.allocationsFen() - was.allocationsFen()).yuan());
        diff.put("collectiveYuan", Money.ofFen(now.collectiveFen() - was.collectiveFen()).yuan());
        Map<String, Object> body = new LinkedHashMap<>(c.body());
        body.put("differences", diff);
        return ledger.insert(batch.newStatement(new Computed(c.statement(), body), Kind.ADJUSTMENT, original.id(), clock.instant()));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Periods.ZONE));
    }
}
