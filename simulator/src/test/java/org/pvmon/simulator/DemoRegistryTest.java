package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.simulator.DemoRegistry.Household;
import org.pvmon.simulator.DemoRegistry.Period;
import org.pvmon.simulator.DemoRegistry.Post;
import org.pvmon.simulator.DemoRegistry.Register;
import org.pvmon.simulator.DemoRegistry.Village;
import picocli.CommandLine;

class DemoRegistryTest {

    private static final List<String> FILES = List.of("villages.csv", "stations.csv", "tariffs.csv", "households.csv", "posts.csv",
            "receipts.csv", "plans.json");
    private static final Register DEMO = DemoRegistry.generate(FleetFile.read(Path.of("fleets/demo-county.csv")), 42);

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = Main.commandLine(Clock.systemUTC());
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void the_committed_demo_registry_is_what_seed_42_generates() throws IOException {
        assertThat(run("demo-registry", "--out", dir.toString(), "--seed", "42")).isZero();
        for (String f : FILES) {
            assertThat(Files.readAllBytes(dir.resolve(f))).as(f + " (regenerate: see fleets/demo-registry/README.md)")
                    .isEqualTo(Files.readAllBytes(Path.of("fleets/demo-registry", f)));
        }
    }

    @Test
    void another_seed_gives_other_people() throws IOException {
        run("demo-registry", "--out", dir.resolve("a").toString(), "--seed", "7");
        assertThat(Files.readString(dir.resolve("a/households.csv"))).isNotEqualTo(Files.readString(Path.of("fleets/demo-registry/households.csv")));
    }

    @Test
    void id_numbers_pass_the_gb_11643_check_and_are_unique() {
        Set<String> seen = new HashSet<>();
        for (Household h : DEMO.households()) {
            String id = h.idNumber();
            assertThat(id).matches("3713\\d{13}[0-9X]");
            assertThat(id.charAt(17)).isEqualTo(DemoRegistry.People.checkCharacter(id.substring(0, 17)));
            LocalDate birth = LocalDate.parse(id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14));
            assertThat(birth).isBetween(LocalDate.of(1925, 1, 1), LocalDate.of(1995, 12, 31));
            assertThat(seen.add(id)).as(id).isTrue();
        }
    }

    @Test
    void every_village_has_20_to_120_households_and_2_to_8_posts() {
        Map<Village, Integer> households = new HashMap<>();
        Map<Village, Integer> posts = new HashMap<>();
        for (Household h : DEMO.households()) households.merge(h.village(), 1, Integer::sum);
        for (Post p : DEMO.posts()) posts.merge(p.village(), 1, Integer::sum);
        assertThat(DEMO.villages()).hasSize(63);
        for (Village v : DEMO.villages()) {
            assertThat(households.get(v)).as(v.name()).isBetween(20, 120);
            assertThat(posts.get(v)).as(v.name()).isBetween(2, 8);
        }
        assertThat(DEMO.households().size()).isBetween(2800, 3200);
    }

    @Test
    void enrollments_are_ordered_and_a_few_households_left_or_came_back() {
        int exited = 0;
        int reentered = 0;
        for (Household h : DEMO.households()) {
            List<Period> ps = h.periods();
            for (int i = 0; i < ps.size(); i++) {
                Period p = ps.get(i);
                if (p.to() != null) assertThat(p.to()).isAfter(p.from());
                if (i > 0) assertThat(p.from()).isAfter(ps.get(i - 1).to());
            }
            if (ps.size() > 1) reentered++;
            else if (ps.get(0).to() != null) exited++;
        }
        int n = DEMO.households().size();
        assertThat(exited).isBetween(n * 6 / 100, n * 11 / 100);
        assertThat(reentered).isBetween(n / 100, n * 3 / 100);
    }

    @Test
    void posts_are_held_by_enrolled_households_of_their_village_that_can_work() {
        for (Post p : DEMO.posts()) {
            assertThat(p.holder().village()).isEqualTo(p.village());
            assertThat(p.holder().attributes()).doesNotContain("无劳动能力");
            assertThat(p.holder().periods()).anyMatch(e -> e.covers(p.from(), p.to()));
            assertThat(new BigDecimal(p.wage())).isBetween(new BigDecimal("300"), new BigDecimal("800"));
            assertThat(new BigDecimal(p.wage()).remainder(new BigDecimal("0.5"))).isZero();
        }
    }

    @Test
    void the_joint_station_is_owned_by_11_villages_whose_shares_add_up_to_exactly_1() {
        String owners = DEMO.ownersText().get("YN-AD-008");
        BigDecimal total = BigDecimal.ZERO;
        Set<BigDecimal> distinct = new HashSet<>();
        for (String part : owners.split(";")) {
            BigDecimal share = new BigDecimal(part.substring(part.indexOf(':') + 1));
            assertThat(share.scale()).isEqualTo(4);
            total = total.add(share);
            distinct.add(share);
        }
        assertThat(owners.split(";")).hasSize(11);
        assertThat(total).isEqualByComparingTo("1");
        assertThat(distinct.size()).isGreaterThan(5);
    }

    @Test
    void catalogue_dates_come_in_batches_after_grid_connection_and_about_10_stations_have_none() {
        long none = DEMO.catalogue().values().stream().filter(d -> d == null).count();
        assertThat(none).isEqualTo(10);
        for (Station s : DEMO.stations()) {
            LocalDate d = DEMO.catalogue().get(s.id());
            if (d != null) assertThat(d).isAfter(s.gridConnectionDate().plusYears(1));
            if (s.gridConnectionDate().getYear() == 2016) assertThat(d).isNotNull();
        }
    }
}
