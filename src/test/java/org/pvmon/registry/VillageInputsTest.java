package org.pvmon.registry;

import org.pvmon.statements.PlanBook;
import org.pvmon.statements.StatementLedger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.registry.Fixtures.EAST;
import static org.pvmon.registry.Fixtures.WEST;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.distribution.DateRange;
import org.pvmon.money.Money;

/** The bulk reads give, village by village, exactly what the per-village reads give, and only for the villages asked. */
class VillageInputsTest {
    private static final Instant T0 = Instant.parse("2026-11-05T02:00:00Z");
    private static final Village ELSEWHERE = Village.of("北村", "城关镇", "费县");

    @TempDir
    Path dir;

    private Registry registry() {
        Registry r = Fixtures.populate(Registry.openSqlite(dir.resolve("registry.db")));
        r.upsertVillage(ELSEWHERE);
        r.upsertHousehold(ELSEWHERE.id(), new org.pvmon.distribution.Household("H900", "赵六", Fixtures.idNumber(9), 2,
                java.util.Set.of(), List.of(DateRange.from(LocalDate.of(2020, 1, 1)))));
        new PlanBook(r.database()).add(WEST.id(), """
                {"effectiveFrom":"2026-03","basis":"RECEIVED_CASH","by":"村委会","deductions":[],
                 "allocations":[{"kind":"POST_WAGES","name":"工资"},{"kind":"COLLECTIVE","name":"村集体"}]}""", T0);
        new PlanBook(r.database()).add(WEST.id(), """
                {"effectiveFrom":"2026-11","basis":"ACCRUED","by":"村委会","deductions":[],
                 "allocations":[{"kind":"POST_WAGES","name":"工资"},{"kind":"COLLECTIVE","name":"村集体"}]}""", T0);
        return r;
    }

    @Test
    void bulk_reads_equal_the_per_village_reads() {
        Registry r = registry();
        VillageInputs in = r.villageInputs();
        VillageSet county = VillageSet.counties(List.of("沂南县"));
        assertThat(in.villages(county)).containsExactlyElementsOf(r.villages().stream().filter(v -> v.county().equals("沂南县")).toList());
        assertThat(in.villages(VillageSet.all())).containsExactlyElementsOf(r.villages());
        assertThat(in.villages(VillageSet.ids(List.of(WEST.id())))).containsExactly(WEST);
        assertThat(in.villages(VillageSet.ids(List.of()))).isEmpty();

        VillageInputs.Ownership own = in.ownership(county);
        Map<String, List<org.pvmon.distribution.Household>> households = in.households(county);
        Map<String, List<org.pvmon.distribution.Post>> posts = in.posts(county);
        for (Village v : List.of(EAST, WEST)) {
            assertThat(own.ownedBy(v.id())).isEqualTo(r.stationsOwnedBy(v.id()));
            assertThat(households.get(v.id())).isEqualTo(r.householdsOf(v.id()));
            assertThat(posts.getOrDefault(v.id(), List.of())).isEqualTo(r.postsOf(v.id()));
            for (var j : own.ownedBy(v.id())) {
                assertThat(own.tariffOf(j.stationId())).isEqualTo(r.tariffOf(j.stationId()));
                assertThat(own.stations().get(j.stationId())).isEqualTo(r.station(j.stationId()).orElseThrow());
            }
        }
        assertThat(households).doesNotContainKey(ELSEWHERE.id());
        assertThat(in.households(VillageSet.counties(List.of("费县"))).keySet()).containsExactly(ELSEWHERE.id());
        assertThat(in.ownership(VillageSet.counties(List.of("费县"))).stations()).isEmpty();

        for (YearMonth m : List.of(YearMonth.of(2026, 2), YearMonth.of(2026, 10), YearMonth.of(2026, 11))) {
            Map<String, PlanBook.StoredPlan> plans = new PlanBook(r.database()).forMonth(county, m);
            for (Village v : List.of(EAST, WEST)) assertThat(plans.get(v.id())).isEqualTo(new PlanBook(r.database()).forMonth(v.id(), m).orElse(null));
        }
        assertThat(new PlanBook(r.database()).forMonth(county, YearMonth.of(2026, 10)).get(WEST.id()).version()).isEqualTo(1);
    }

    @Test
    void drafts_are_written_together_and_a_village_that_has_one_is_skipped_untouched() {
        Registry r = registry();
        StatementLedger ledger = new StatementLedger(r.database());
        YearMonth oct = YearMonth.of(2026, 10);
        StatementLedger.Stored east = ledger.insert(draft(EAST, oct));
        ledger.advance(east.id(), StatementLedger.Status.APPROVED, "张三", T0);
        StatementLedger.Stored published = ledger.advance(east.id(), StatementLedger.Status.PUBLISHED, "李四", T0);

        Map<String, Long> written = ledger.insertDrafts(List.of(draft(EAST, oct), draft(WEST, oct), draft(ELSEWHERE, oct)));
        assertThat(written.keySet()).containsExactly(WEST.id(), ELSEWHERE.id());
        assertThat(ledger.find(east.id()).orElseThrow()).isEqualTo(published);
        assertThat(ledger.insertDrafts(List.of(draft(WEST, oct)))).isEmpty();
        assertThat(ledger.ofVillages(VillageSet.all(), oct, oct).get(WEST.id())).extracting(StatementLedger.Stored::id)
                .containsExactly(written.get(WEST.id()));
        assertThat(ledger.ofVillages(VillageSet.counties(List.of("沂南县")), oct, oct)).containsOnlyKeys(EAST.id(), WEST.id());
        assertThat(ledger.ofVillages(VillageSet.all(), oct.minusMonths(2), oct.minusMonths(1))).isEmpty();
    }

    private static StatementLedger.NewStatement draft(Village v, YearMonth m) {
        long fen = Money.ofYuan("100.00").fen();
        return new StatementLedger.NewStatement(v.id(), m, StatementLedger.Kind.REGULAR, "ACCRUED", 1,
                new StatementLedger.Totals(fen, 0, 0, fen), "{\"village\":\"" + v.id() + "\"}", T0, null);
    }
}
