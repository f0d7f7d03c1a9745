package org.pvmon.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.registry.VillageSet;

/**
 * A stored statement is a format of its own: the bytes written for a month's statement are the bytes recorded in
 * {@code src/test/resources/statements/} (written by the code that stored statements before the API and the stored
 * format were separated), whatever the API's JSON settings. Covers a stored plan on the received basis with receipts,
 * the default plan, a shortfall carried in from a published month, joint stations and prorated households.
 */
class StatementDocumentTest {
    private static final YearMonth SEP = YearMonth.of(2026, 9);
    private static final YearMonth OCT = YearMonth.of(2026, 10);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 5);
    private static final Instant AT = Instant.parse("2026-11-05T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void stored_statements_are_byte_for_byte_the_recorded_format() throws Exception {
        Map<String, String> stored = storedOctober();
        if (System.getProperty("pvmon.record-golden") != null) { // only when the stored format is changed on purpose
            Files.createDirectories(Path.of("src/test/resources/statements"));
            for (Map.Entry<String, String> e : stored.entrySet()) {
                Files.writeString(Path.of("src/test/resources/statements", e.getKey() + ".json"), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        for (Map.Entry<String, String> e : stored.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(golden(e.getKey()));
        }
        assertThat(stored).hasSize(6);
    }

    /** October's stored bodies per village index, after September's drafts and one published September. */
    private Map<String, String> storedOctober() {
        try (Registry registry = Registry.openSqlite(dir.resolve("registry.db"))) {
            List<Village> villages = StatementBatchTest.populate(registry);
            StatementBatch batch = new StatementBatch(registry, new StatementLedger(registry.database()), new PlanBook(registry.database()), new ReceiptBook(registry.database()), StatementBatchTest::energy, 2);
            StatementLedger ledger = new StatementLedger(registry.database());
            Map<String, Long> sep = new LinkedHashMap<>();
            batch.drafts(VillageSet.all(), SEP, TODAY, AT, new StatementBatch.Phases(),
                    (county, ds) -> ds.forEach(d -> sep.put(d.village().id(), d.statementId())));
            long published = sep.get(villages.get(2).id());
            ledger.advance(published, StatementLedger.Status.APPROVED, "张三", AT);
            ledger.advance(published, StatementLedger.Status.PUBLISHED, "李四", AT);
            Map<String, String> out = new LinkedHashMap<>();
            batch.drafts(VillageSet.all(), OCT, TODAY, AT, new StatementBatch.Phases(), (county, ds) -> ds.forEach(d ->
                    out.put("village-" + villages.indexOf(d.village()), ledger.find(d.statementId()).orElseThrow().body())));
            return out;
        }
    }

    private static String golden(String name) throws IOException {
        String resource = "/statements/" + name + ".json";
        try (InputStream in = StatementDocumentTest.class.getResourceAsStream(resource)) {
            if (in == null) return Files.readString(Path.of("src/test/resources/statements", name + ".json"), StandardCharsets.UTF_8);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
