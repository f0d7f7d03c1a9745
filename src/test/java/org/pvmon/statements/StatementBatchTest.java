package org.pvmon.statements;

import org.pvmon.energy.Periods;
import org.pvmon.http.ApiServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.EnergyCalculator;
import org.pvmon.energy.EnergyReport;
import org.pvmon.money.Money;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.Registry;
import org.pvmon.registry.StationEntry;
import org.pvmon.registry.Village;
import org.pvmon.registry.VillageSet;
import org.pvmon.revenue.Tariff;
import org.pvmon.station.Station;

/**
 * Many villages computed together, in several chunks read ahead of each other, give exactly the statements each
 * village computed alone gives (real SQLite; the month's energy from a deterministic stand-in): joint stations across
 * chunks, a stored plan on the received basis with receipts, a published previous month carrying a shortfall in.
 */
class StatementBatchTest {
    private static final YearMonth SEP = YearMonth.of(2026, 9);
    private static final YearMonth OCT = YearMonth.of(2026, 10);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 5);
    private static final Instant AT = Instant.parse("2026-11-05T02:00:00Z");
    private final ObjectMapper json = ApiServer.mapper();

    @TempDir
    Path dir;

    @Test
    void chunked_batch_equals_each_village_alone_and_drafts_are_made_once() throws Exception {
        Registry registry = Registry.openSqlite(dir.resolve("registry.db"));
        List<Village> villages = populate(registry);
        StatementBatch alone = new StatementBatch(registry, new StatementLedger(registry.database()), new PlanBook(registry.database()), new ReceiptBook(registry.database()), StatementBatchTest::energy);
        StatementBatch chunked = new StatementBatch(registry, new StatementLedger(registry.database()), new PlanBook(registry.database()), new ReceiptBook(registry.database()), StatementBatchTest::energy, 2); // one county per chunk

        // September drafts for everyone, in chunks; 县B's first village publishes (its unpaid wage is carried into October).
        StatementBatch.Phases phases = new StatementBatch.Phases();
        Map<String, StatementBatch.Draft> sep = drafts(chunked, VillageSet.all(), SEP, phases);
        assertThat(phases.chunks).isEqualTo(3);
        assertThat(sep.values()).extracting(StatementBatch.Draft::result).containsOnly(StatementBatch.Result.CREATED);
        long published = sep.get(villages.get(2).id()).statementId();
        new StatementLedger(registry.database()).advance(published, StatementLedger.Status.APPROVED, "张三", AT);
        StatementLedger.Stored before = new StatementLedger(registry.database()).advance(published, StatementLedger.Status.PUBLISHED, "李四", AT);
        assertThat(json.readTree(before.body()).path("carriedForward")).isNotEmpty();

        // October: every village's statement from the chunked run is its statement computed alone, byte for byte.
        Map<String, String> batch = new LinkedHashMap<>();
        chunked.run(VillageSet.all(), OCT, TODAY, false, new StatementBatch.Phases(), (county, outcomes) -> {
            for (StatementBatch.Outcome o : outcomes) {
                assertThat(o.failure()).isNull();
                batch.put(o.village().id(), text(o.computed()));
            }
        });
        assertThat(batch.keySet()).containsExactlyElementsOf(villages.stream().map(Village::id).toList());
        for (Village v : villages) assertThat(batch.get(v.id())).as(v.id()).isEqualTo(text(alone.one(v, OCT, TODAY)));
        assertThat(json.readTree(batch.get(villages.get(2).id())).path("posts").path(0).path("carriedInYuan").decimalValue()).isPositive();
        assertThat(json.readTree(batch.get(villages.get(0).id())).path("basis").asText()).isEqualTo("RECEIVED_CASH");
        assertThat(json.readTree(batch.get(villages.get(0).id())).path("totals").path("basisYuan").decimalValue())
                .isEqualByComparingTo("700.00"); // 500.00 of its own station + 40% of the joint station's 500.00

        // September again: nothing created, the published statement untouched.
        Map<String, StatementBatch.Draft> again = drafts(chunked, VillageSet.all(), SEP, new StatementBatch.Phases());
        assertThat(again.values()).extracting(StatementBatch.Draft::result).containsOnly(StatementBatch.Result.ALREADY_THERE);
        assertThat(again.get(villages.get(2).id()).status()).isEqualTo(StatementLedger.Status.PUBLISHED);
        assertThat(new StatementLedger(registry.database()).find(published).orElseThrow()).isEqualTo(before);
        // October's drafts are the October statements above.
        Map<String, StatementBatch.Draft> oct = drafts(chunked, VillageSet.counties(List.of("县A", "县C")), OCT, new StatementBatch.Phases());
        assertThat(oct).hasSize(4);
        for (StatementBatch.Draft d : oct.values()) {
            assertThat(json.readTree(new StatementLedger(registry.database()).find(d.statementId()).orElseThrow().body()))
                    .isEqualTo(json.readTree(batch.get(d.village().id())));
        }
    }

    private Map<String, StatementBatch.Draft> drafts(StatementBatch b, VillageSet set, YearMonth month, StatementBatch.Phases phases) {
        Map<String, StatementBatch.Draft> out = new LinkedHashMap<>();
        b.drafts(set, month, TODAY, AT, phases, (county, ds) -> ds.forEach(d -> out.put(d.village().id(), d)));
        return out;
    }

    private String text(StatementBatch.Computed c) {
        try {
            return json.writeValueAsString(c.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** 100 kWh a day per 10 kWp, from counters at local midnight (the calculator StationEnergy uses). */
    static Map<String, EnergyReport> energy(List<Station> stations, LocalDate from, LocalDate to) {
        Map<String, EnergyReport> out = new LinkedHashMap<>();
        for (Station s : stations) {
            List<CounterSample> samples = new ArrayList<>();
            int k = 0;
            for (LocalDate d = from.minusDays(1); !d.isAfter(to.plusDays(1)); d = d.plusDays(1), k++) {
                samples.add(new CounterSample(d.atStartOfDay(Periods.ZONE).toInstant(), 1000 + k * s.capacityKwp() * 10, 0));
            }
            out.put(s.id(), new EnergyCalculator().daily(samples, s.capacityKwp(), from, to.plusDays(1), Periods.ZONE));
        }
        return out;
    }

    /** 3 counties of 2 villages, each with its station; a joint station of 县A's first and 县C's second village. */
    static List<Village> populate(Registry r) {
        List<Village> villages = new ArrayList<>();
        int n = 0;
        for (String county : List.of("县A", "县B", "县C")) {
            for (String name : List.of("东村", "西村")) {
                Village v = Village.of(name, "镇", county);
                r.upsertVillage(v);
                villages.add(v);
                String station = "S" + n;
                r.upsertStation(new StationEntry(new Station(station, name + "电站", name, "镇", county, 20 + 10 * n, 35.5, 118.4,
                        LocalDate.of(2016, 6, 30)), List.of(new JointStation.Owner(v.id(), BigDecimal.ONE)), LocalDate.of(2018, 1, 1)));
                r.putTariffs(station, List.of(new Tariff(LocalDate.of(2016, 6, 30), null, new BigDecimal("0.3949"), new BigDecimal("0.5851"))));
                for (int h = 0; h < 4; h++) {
                    String id = "H" + n + h;
                    r.upsertHousehold(v.id(), new Household(id, "户主" + n + h, idNumber(n * 10 + h), 1 + h,
                            h == 1 ? Set.of(Household.Attribute.DISABILITY) : Set.of(),
                            List.of(DateRange.from(h == 3 ? LocalDate.of(2026, 10, 20) : LocalDate.of(2020, 1, 1)))));
                }
                // a wage too big for a dark month in 县B: a shortfall carried forward
                r.upsertPost(v.id(), new Post("P" + n, "保洁员", "H" + n + "0", Money.ofYuan(county.equals("县B") ? "90000.00" : "300.00"),
                        DateRange.from(LocalDate.of(2026, 1, 1))));
                n++;
            }
        }
        r.upsertStation(new StationEntry(new Station("J1", "联村电站", "联村", "镇", "县A", 50, 35.5, 118.4, LocalDate.of(2017, 5, 1)),
                List.of(new JointStation.Owner(villages.get(0).id(), new BigDecimal("0.4")),
                        new JointStation.Owner(villages.get(5).id(), new BigDecimal("0.6"))), null));
        r.putTariffs("J1", List.of(new Tariff(LocalDate.of(2017, 5, 1), null, new BigDecimal("0.3949"), new BigDecimal("0.4551"))));
        new PlanBook(r.database()).add(villages.get(0).id(), """
                {"effectiveFrom":"2026-10","basis":"RECEIVED_CASH","by":"村委会","deductions":[],
                 "allocations":[{"kind":"POST_WAGES","name":"工资"},
                                {"kind":"HOUSEHOLD_REWARDS","name":"奖励补助","percent":"50","baseWeight":"1"},
                                {"kind":"COLLECTIVE","name":"村集体"}]}""", AT);
        ReceiptBook book = new ReceiptBook(r.database());
        book.record(new ReceiptBook.NewReceipt("S0", LocalDate.of(2026, 10, 20), YearMonth.of(2026, 7), YearMonth.of(2026, 9),
                ReceiptBook.Part.BENCHMARK, Money.ofYuan("500.00"), "Q3-S0", "出纳", AT));
        book.record(new ReceiptBook.NewReceipt("J1", LocalDate.of(2026, 10, 3), YearMonth.of(2026, 7), YearMonth.of(2026, 9),
                ReceiptBook.Part.BENCHMARK, Money.ofYuan("500.00"), "Q3-J1", "出纳", AT));
        return villages;
    }

    /** A valid 18-character ID number (GB 11643 check character). */
    private static String idNumber(int n) {
        String first17 = "37132119800101" + String.format("%03d", n);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * w[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }
}
