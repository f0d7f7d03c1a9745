package org.pvmon.statements;

import org.pvmon.registry.Registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvmon.registry.Fixtures.EAST;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.statements.StatementLedger.Kind;
import org.pvmon.statements.StatementLedger.NewStatement;
import org.pvmon.statements.StatementLedger.Status;
import org.pvmon.statements.StatementLedger.Stored;
import org.pvmon.statements.StatementLedger.Totals;

class StatementLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-05T02:00:00Z");
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    @TempDir
    Path dir;

    private StatementLedger ledger() {
        Registry r = Registry.openSqlite(dir.resolve("registry.db"));
        r.upsertVillage(EAST);
        return new StatementLedger(r.database());
    }

    private static NewStatement regular(String body) {
        return new NewStatement(EAST.id(), OCTOBER, Kind.REGULAR, "ACCRUED", 1, new Totals(1000, 100, 600, 300), body, T0, null);
    }

    @Test
    void a_statement_moves_draft_approved_published_paid_recording_who_and_when_and_its_body_never_changes() {
        StatementLedger ledger = ledger();
        Stored draft = ledger.insert(regular("{\"a\":1.50}"));
        assertThat(draft.status()).isEqualTo(Status.DRAFT);
        ledger.advance(draft.id(), Status.APPROVED, "张三", T0.plusSeconds(60));
        Stored published = ledger.advance(draft.id(), Status.PUBLISHED, "李四", T0.plusSeconds(120));
        Stored paid = ledger.advance(draft.id(), Status.PAID, "王五", T0.plusSeconds(180));

        assertThat(paid.approved()).isEqualTo(new StatementLedger.Step("张三", T0.plusSeconds(60)));
        assertThat(paid.published()).isEqualTo(new StatementLedger.Step("李四", T0.plusSeconds(120)));
        assertThat(paid.paid()).isEqualTo(new StatementLedger.Step("王五", T0.plusSeconds(180)));
        assertThat(paid.body()).isEqualTo(published.body()).isEqualTo("{\"a\":1.50}");
        assertThat(paid.totals()).isEqualTo(new Totals(1000, 100, 600, 300));
    }

    @Test
    void a_step_keeps_its_comment_beside_who_and_when_and_the_body_stays_as_written() {
        StatementLedger ledger = ledger();
        Stored draft = ledger.insert(regular("{\"a\":1.50}"));
        ledger.advance(draft.id(), Status.APPROVED, "张三", T0, "村两委会议通过");
        Stored published = ledger.advance(draft.id(), Status.PUBLISHED, "李四", T0.plusSeconds(60));

        assertThat(published.approved()).isEqualTo(new StatementLedger.Step("张三", T0, "村两委会议通过"));
        assertThat(published.published().comment()).isNull();
        assertThat(published.body()).isEqualTo("{\"a\":1.50}");
    }

    @Test
    void steps_out_of_order_and_changes_to_a_published_statement_are_refused_and_change_nothing() {
        StatementLedger ledger = ledger();
        Stored s = ledger.insert(regular("{}"));
        assertThatThrownBy(() -> ledger.advance(s.id(), Status.PUBLISHED, "李四", T0))
                .isInstanceOf(StatementConflictException.class).hasMessageContaining("is DRAFT");
        ledger.advance(s.id(), Status.APPROVED, "张三", T0);
        ledger.advance(s.id(), Status.PUBLISHED, "李四", T0);
        Stored before = ledger.find(s.id()).orElseThrow();

        assertThatThrownBy(() -> ledger.deleteDraft(s.id())).isInstanceOf(StatementConflictException.class)
                .hasMessageContaining("a published statement never changes; create an adjustment");
        assertThatThrownBy(() -> ledger.advance(s.id(), Status.APPROVED, "张三", T0)).isInstanceOf(StatementConflictException.class);
        assertThatThrownBy(() -> ledger.insert(regular("{\"again\":true}"))).isInstanceOf(StatementConflictException.class)
                .hasMessageContaining("already has statement " + s.id());
        assertThat(ledger.find(s.id())).contains(before);
    }

    @Test
    void only_a_published_statement_is_adjusted_and_the_adjustment_references_it() {
        StatementLedger ledger = ledger();
        Stored s = ledger.insert(regular("{}"));
        NewStatement adjustment = new NewStatement(EAST.id(), OCTOBER, Kind.ADJUSTMENT, "ACCRUED", 1, new Totals(0, 0, 0, 0), "{}", T0, s.id());
        assertThatThrownBy(() -> ledger.insert(adjustment)).isInstanceOf(StatementConflictException.class)
                .hasMessageContaining("only a published statement");
        ledger.advance(s.id(), Status.APPROVED, "张三", T0);
        ledger.advance(s.id(), Status.PUBLISHED, "李四", T0);

        Stored a = ledger.insert(adjustment);

        assertThat(a.adjustsStatementId()).isEqualTo(s.id());
        assertThat(ledger.adjustmentsOf(s.id())).containsExactly(a.id());
        assertThat(ledger.ofVillage(EAST.id())).extracting(Stored::id).containsExactly(s.id(), a.id());
    }

    @Test
    void deleting_a_draft_frees_the_month() {
        StatementLedger ledger = ledger();
        Stored s = ledger.insert(regular("{}"));
        ledger.deleteDraft(s.id());
        assertThat(ledger.find(s.id())).isEmpty();
        assertThat(ledger.insert(regular("{}")).status()).isEqualTo(Status.DRAFT);
    }

    @Test
    void two_officials_creating_the_same_statement_at_once_get_one_statement_and_one_conflict_never_an_error() throws Exception {
        StatementLedger ledger = ledger();
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "{\"by\":" + i + "}";
            results.add(pool.submit(() -> {
                start.await();
                try {
                    return ledger.insert(regular(body));
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        start.countDown();
        java.util.List<Object> outcomes = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Object> f : results) outcomes.add(f.get());
        pool.shutdown();
        assertThat(outcomes).filteredOn(o -> o instanceof Stored).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof Stored)).hasSize(n - 1)
                .allSatisfy(o -> assertThat(o).isInstanceOf(StatementConflictException.class));
    }
}
