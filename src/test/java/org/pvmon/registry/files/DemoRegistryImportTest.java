package org.pvmon.registry.files;

import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.statements.PlanBook;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.registry.files.RegistryCsv.Table;
import org.pvmon.testing.ProjectDir;

/** The demo registry that scripts/run.sh loads imports cleanly, whole, and round-trips. */
class DemoRegistryImportTest {
    @TempDir
    Path dir;

    static final Path DEMO = ProjectDir.resolve("simulator/fleets/demo-registry");

    private void check(Registry r) {
        assertThat(r.villages()).hasSize(63);
        assertThat(r.stations()).hasSize(60);
        int tariffs = 0, nullCat = 0;
        for (var s : r.stations()) {
            tariffs += r.tariffOf(s.id()).tariffs().size();
            if (r.stationEntry(s.id()).orElseThrow().catalogueDate() == null) nullCat++;
        }
        assertThat(tariffs).isEqualTo(60);
        JointStation ad8 = r.ownersOf("YN-AD-008").orElseThrow();
        assertThat(ad8.owners()).hasSize(11);
        assertThat(ad8.owners().stream().map(JointStation.Owner::share).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("1");
        int households = 0, enrollments = 0, posts = 0;
        for (Village v : r.villages()) {
            List<Household> hs = r.householdsOf(v.id());
            households += hs.size();
            for (Household h : hs) enrollments += h.enrollments().size();
            List<Post> ps = r.postsOf(v.id());
            posts += ps.size();
            assertThat(hs.size()).isBetween(20, 120);
            assertThat(ps.size()).isBetween(2, 8);
        }
        assertThat(households).isEqualTo(2989);
        assertThat(enrollments).isEqualTo(3043);
        assertThat(posts).isEqualTo(276);
        // Money: 7 quarterly grid payments per station and the late 2024 subsidy batch of the 50 catalogued ones;
        // a 2026 plan per village, a second version from July in every third (importing twice adds nothing).
        assertThat(new ReceiptBook(r.database()).all()).hasSize(60 * 7 + 50);
        assertThat(new ReceiptBook(r.database()).receivedBetween(java.time.LocalDate.of(2026, 10, 1), java.time.LocalDate.of(2026, 10, 31))).hasSize(60 + 50);
        int versions = 0;
        for (Village v : r.villages()) {
            List<PlanBook.StoredPlan> plans = new PlanBook(r.database()).ofVillage(v.id());
            versions += plans.size();
            assertThat(new PlanBook(r.database()).forMonth(v.id(), java.time.YearMonth.of(2026, 10))).isPresent();
        }
        assertThat(versions).isEqualTo(63 + 21);
    }

    @Test
    void a_fresh_registry_imports_the_whole_demo_directory() {
        Registry r = Registry.openSqlite(dir.resolve("a.db"));
        new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importAll(DEMO);
        check(r);
        new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importAll(DEMO); // idempotent
        check(r);
    }

    @Test
    void starting_the_service_on_the_imported_demo_registry_creates_no_village_from_a_joint_station_label() {
        Registry r = Registry.openSqlite(dir.resolve("e.db"));
        RegistryCsv csv = new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database()));
        csv.importCsv(Table.VILLAGES, DEMO.resolve(Table.VILLAGES.fileName()));
        csv.importCsv(Table.STATIONS, DEMO.resolve(Table.STATIONS.fileName()));
        List<String> imported = r.villages().stream().map(Village::id).toList();
        csv.importStationList(ProjectDir.resolve("simulator/fleets/demo-county.csv")); // what the service does at start
        assertThat(r.villages()).extracting(Village::id).containsExactlyElementsOf(imported).hasSize(63)
                .noneMatch(id -> id.contains("联村"));
    }

    @Test
    void a_registry_seeded_from_the_station_list_first_imports_it_too() {
        Registry r = Registry.openSqlite(dir.resolve("b.db"));
        RegistryCsv csv = new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database()));
        csv.importStationList(ProjectDir.resolve("simulator/fleets/demo-county.csv"));
        csv.importAll(DEMO);
        assertThat(r.ownersOf("YN-AD-008").orElseThrow().owners()).hasSize(11);
        csv.importStationList(ProjectDir.resolve("simulator/fleets/demo-county.csv")); // a restart keeps the owners
        assertThat(r.ownersOf("YN-AD-008").orElseThrow().owners()).hasSize(11);
    }

    @Test
    void exporting_and_importing_again_gives_the_same_registry() throws IOException {
        Registry r = Registry.openSqlite(dir.resolve("c.db"));
        new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).importAll(DEMO);
        new RegistryCsv(r, new ReceiptBook(r.database()), new PlanBook(r.database())).exportAll(dir.resolve("out"));
        Registry again = Registry.openSqlite(dir.resolve("d.db"));
        new RegistryCsv(again, new ReceiptBook(again.database()), new PlanBook(again.database())).importAll(dir.resolve("out"));
        new RegistryCsv(again, new ReceiptBook(again.database()), new PlanBook(again.database())).exportAll(dir.resolve("out2"));
        for (Table t : Table.values()) {
            Set<List<String>> demo = rows(DEMO.resolve(t.fileName()));
            Set<List<String>> first = rows(dir.resolve("out").resolve(t.fileName()));
            assertThat(rows(dir.resolve("out2").resolve(t.fileName()))).as(t.name()).isEqualTo(first);
            assertThat(first).as(t.name()).hasSameSizeAs(demo);
        }
    }

    private static Set<List<String>> rows(Path f) throws IOException {
        Set<List<String>> out = new HashSet<>();
        try (Reader rd = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            boolean header = true;
            for (CSVRecord rec : CSVFormat.DEFAULT.parse(rd)) {
                if (header) { header = false; continue; }
                List<String> row = new ArrayList<>();
                for (String v : rec) row.add(v.matches("-?\\d+\\.\\d+") ? new BigDecimal(v).stripTrailingZeros().toPlainString() : v);
                out.add(row);
            }
        }
        return out;
    }
}
