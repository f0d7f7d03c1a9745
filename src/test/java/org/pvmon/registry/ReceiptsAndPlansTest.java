package org.pvmon.registry;

import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.files.ReceiptFiles;
import org.pvmon.statements.PlanBook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvmon.registry.Fixtures.EAST;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.distribution.Allocation;
import org.pvmon.distribution.DistributionPlan;
import org.pvmon.money.Money;

class ReceiptsAndPlansTest {
    private static final Instant T0 = Instant.parse("2026-11-05T02:00:00Z");

    @TempDir
    Path dir;

    private Registry registry() {
        return Fixtures.populate(Registry.openSqlite(dir.resolve("registry.db")));
    }

    private static ReceiptBook.NewReceipt q3(String reference, String yuan) {
        return new ReceiptBook.NewReceipt("YN-AD-001", LocalDate.of(2026, 10, 20), YearMonth.of(2026, 7), YearMonth.of(2026, 9),
                ReceiptBook.Part.BENCHMARK, Money.ofYuan(yuan), reference, "出纳", T0);
    }

    @Test
    void a_receipt_is_never_edited_a_voided_one_counts_nowhere_and_a_reference_is_recorded_once() {
        ReceiptBook book = new ReceiptBook(registry().database());
        ReceiptBook.Receipt r = book.record(q3("Q3-001", "1000.00"));
        assertThat(book.receivedBetween(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))).containsExactly(r);
        assertThat(book.payingFor(YearMonth.of(2026, 9), YearMonth.of(2026, 12))).containsExactly(r);
        assertThat(book.payingFor(YearMonth.of(2026, 10), YearMonth.of(2026, 12))).isEmpty();
        assertThatThrownBy(() -> book.record(q3("Q3-001", "1000.01"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already has reference 'Q3-001'");

        ReceiptBook.Receipt voided = book.voidReceipt(r.id(), "张三", "金额录错", T0.plusSeconds(60));
        assertThat(voided.counts()).isFalse();
        assertThat(voided.voided().reason()).isEqualTo("金额录错");
        assertThat(voided.receipt()).isEqualTo(r.receipt()); // the receipt itself is unchanged
        assertThat(book.receivedBetween(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))).isEmpty();
        assertThat(book.payingFor(YearMonth.of(2026, 7), YearMonth.of(2026, 9))).isEmpty();
        assertThatThrownBy(() -> book.voidReceipt(r.id(), "张三", "again", T0)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already voided");
        ReceiptBook.Receipt right = book.record(q3("Q3-001", "1000.01")); // the voided one frees its reference
        assertThat(book.all()).extracting(ReceiptBook.Receipt::id).containsExactly(r.id(), right.id());
        assertThatThrownBy(() -> book.record(new ReceiptBook.NewReceipt("NOPE", LocalDate.of(2026, 10, 20), YearMonth.of(2026, 7),
                YearMonth.of(2026, 9), ReceiptBook.Part.SUBSIDY, Money.ofYuan("1.00"), "x", "出纳", T0)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("unknown station NOPE");
    }

    @Test
    void a_receipts_file_is_rejected_whole_with_row_and_column_and_imported_once() {
        Registry registry = registry();
        ReceiptFiles files = new ReceiptFiles(registry, new ReceiptBook(registry.database()));
        String bad = "\uFEFF站点编号,到账日期,所属期起,所属期止,款项,金额(元),凭证号\r\n"
                + "YN-AD-001,2026-10-20,2026-07,2026-09,电费,1000.00,Q3-001\r\n"
                + "YN-AD-999,2026-10-20,2026-07,2026-09,电费,1000.00,Q3-002\r\n"
                + "YN-AD-001,2026-10-20,2026-07,2026-12,国补,10.001,Q3-003\r\n";
        assertThatThrownBy(() -> files.importReceipts(in(bad), "receipts.csv", "导入", T0)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("第3行 站点编号: 未知的站点“YN-AD-999” | row 3, column 站点编号")
                .hasMessageContaining("第4行 所属期止")
                .satisfies(e -> assertThat(((RegistryException) e).problems()).hasSize(2));
        assertThat(new ReceiptBook(registry.database()).all()).isEmpty();

        String good = "\uFEFF站点编号,到账日期,所属期起,所属期止,款项,金额(元),凭证号\r\n"
                + "YN-AD-001,2026-10-20,2026-07,2026-09,电费,1000.00,Q3-001\r\n"
                + "YN-AD-008,2026-10-28,2024-01,2024-12,国补,2345.67,国补2024-008\r\n";
        assertThat(files.importReceipts(in(good), "receipts.csv", "导入", T0)).isEqualTo(2);
        assertThat(files.importReceipts(in(good), "receipts.csv", "导入", T0)).isZero(); // imported once
        assertThat(new ReceiptBook(registry.database()).all()).hasSize(2);
        assertThat(new ReceiptBook(registry.database()).all().get(1).receipt().amount()).isEqualTo(Money.ofYuan("2345.67"));
    }

    private static final String PLAN = """
            {"effectiveFrom":"2026-01","by":"村委会",
             "deductions":[{"name":"运维费","rule":"PER_KWP_YEAR","value":"30"},{"name":"风险准备金","rule":"RESERVE_PERCENT","value":5}],
             "allocations":[{"kind":"POST_WAGES","name":"公益岗位工资"},
                            {"kind":"HOUSEHOLD_REWARDS","name":"奖励补助","percent":"40","weights":{"DISABILITY":"2"},"annualCapYuan":"1500.00"},
                            {"kind":"PUBLIC_WORKS","name":"小型公益事业","fixedYuan":"200.00"},
                            {"kind":"COLLECTIVE","name":"村集体"}]}""";

    @Test
    void plan_versions_apply_from_their_month_within_their_year_and_errors_name_the_field() {
        PlanBook plans = new PlanBook(registry().database());
        PlanBook.StoredPlan v1 = plans.add(EAST.id(), PLAN, T0);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.plan().basis()).isEqualTo(DistributionPlan.Basis.RECEIVED_CASH); // the default basis
        PlanBook.StoredPlan v2 = plans.add(EAST.id(), PLAN.replace("2026-01", "2026-07").replace("\"40\"", "\"50\""), T0);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(plans.forMonth(EAST.id(), YearMonth.of(2026, 6)).orElseThrow().version()).isEqualTo(1);
        assertThat(plans.forMonth(EAST.id(), YearMonth.of(2026, 7)).orElseThrow().version()).isEqualTo(2);
        assertThat(plans.forMonth(EAST.id(), YearMonth.of(2027, 1))).isEmpty();
        assertThat(plans.forMonth(EAST.id(), YearMonth.of(2025, 12))).isEmpty();
        Allocation.HouseholdRewards rewards = (Allocation.HouseholdRewards) plans.forMonth(EAST.id(), YearMonth.of(2026, 12))
                .orElseThrow().plan().allocations().get(1);
        assertThat(rewards.pool().percent()).isEqualByComparingTo("50");
        assertThat(rewards.annualCap()).isEqualTo(Money.ofYuan("1500.00"));

        assertThat(field(plans, PLAN.replace("2026-01", "2026-03"))).isEqualTo("effectiveFrom"); // before v2's month
        assertThat(field(plans, PLAN.replace("\"value\":\"30\"", "\"value\":\"thirty\""))).isEqualTo("deductions[0].value");
        assertThat(field(plans, PLAN.replace("RESERVE_PERCENT", "RESERVE"))).isEqualTo("deductions[1].rule");
        assertThat(field(plans, PLAN.replace("\"percent\":\"40\",", ""))).isEqualTo("allocations[1].percent");
        assertThat(field(plans, PLAN.replace("DISABILITY", "POOR"))).isEqualTo("allocations[1].weights.POOR");
        assertThat(field(plans, PLAN.replace("\"1500.00\"", "\"1500.001\""))).isEqualTo("allocations[1].annualCapYuan");
        assertThat(field(plans, PLAN.replace("\"by\":\"村委会\",", ""))).isEqualTo("by");
        assertThat(field(plans, PLAN.replace("\"effectiveFrom\":\"2026-01\",", "\"basis\":\"CASH\",\"effectiveFrom\":\"2026-08\","))).isEqualTo("basis");
        assertThat(field(plans, PLAN.replace("{\"kind\":\"POST_WAGES\",\"name\":\"公益岗位工资\"},", ""))).isEqualTo("allocations[0].kind");
        assertThat(field(plans, PLAN.replace("\"fixedYuan\":\"200.00\"", "\"percent\":\"70\""))).isEqualTo("allocations");
        assertThat(plans.ofVillage(EAST.id())).hasSize(2); // nothing refused was stored
    }

    private static String field(PlanBook plans, String json) {
        try {
            plans.add(EAST.id(), json, T0);
        } catch (FieldException e) {
            return e.field();
        }
        throw new AssertionError("accepted: " + json);
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
