package org.pvmon.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvmon.registry.Fixtures.EAST;
import static org.pvmon.registry.Fixtures.WEST;
import static org.pvmon.registry.Fixtures.d;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.money.Money;
import org.pvmon.station.Station;

class RegistryTest {

    @TempDir
    Path dir;

    private Registry open() {
        return Registry.openSqlite(dir.resolve("data").resolve("registry.db"));
    }

    @Test
    void opening_creates_the_schema_with_foreign_keys_and_wal_and_reopening_keeps_the_data() {
        Registry r = open();
        assertThat(r.counts()).containsOnlyKeys("counties", "townships", "villages", "stations", "station_owners", "tariffs",
                "households", "household_attributes", "enrollments", "posts").allSatisfy((table, rows) -> assertThat(rows).isZero());
        r.upsertVillage(EAST);

        Registry again = open();

        assertThat(again.villages()).containsExactly(EAST);
        int migrations = again.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")
                .mapTo(Integer.class).one());
        int foreignKeys = again.jdbi().withHandle(h -> h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());
        String journal = again.jdbi().withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        assertThat(migrations).as("every migration applied").isEqualTo(migrationFiles());
        assertThat(foreignKeys).isEqualTo(1);
        assertThat(journal).isEqualToIgnoringCase("wal");
    }

    @Test
    void the_database_itself_refuses_an_owner_of_an_unknown_station() {
        Registry r = open();
        r.upsertVillage(EAST);

        assertThatThrownBy(() -> r.jdbi().useHandle(h -> h.execute(
                "INSERT INTO station_owners (station_id, village_id, list_order, share) VALUES ('NOPE', ?, 0, '1')", EAST.id())))
                .hasMessageContaining("FOREIGN KEY");
    }

    @Test
    void every_entity_round_trips_with_decimals_exact_to_the_scale() {
        Registry r = Fixtures.populate(open());

        assertThat(r.villages()).containsExactlyInAnyOrder(EAST, WEST);
        assertThat(r.stations()).containsExactly(Fixtures.single().station(), Fixtures.joint().station());
        assertThat(r.station("YN-AD-001")).contains(Fixtures.single().station());
        assertThat(r.stationEntry("YN-AD-001")).contains(Fixtures.single());
        assertThat(r.stationEntry("YN-AD-008")).contains(Fixtures.joint());
        JointStation joint = r.ownersOf("YN-AD-008").orElseThrow();
        assertThat(joint.owners()).extracting(JointStation.Owner::share)
                .containsExactly(new BigDecimal("0.333333333333333333333"), new BigDecimal("0.666666666666666666667"));
        assertThat(joint.capacityKwp()).isEqualByComparingTo("125");
        assertThat(r.ownersOf("YN-AD-001").orElseThrow().owners()).containsExactly(new JointStation.Owner(EAST.id(), BigDecimal.ONE));
        assertThat(r.tariffOf("YN-AD-001").tariffs()).containsExactlyElementsOf(Fixtures.tariffs());
        assertThat(r.tariffOf("YN-AD-001").tariffs().get(1).benchmarkPerKwh()).hasToString("0.39490");
        assertThat(r.tariffOf("YN-AD-001").catalogueDate()).isEqualTo(d("2018-03-01"));
        assertThat(r.tariffOf("YN-AD-008").tariffs()).isEmpty();
        assertThat(r.tariffOf("YN-AD-008").catalogueDate()).isNull();
        assertThat(r.householdsOf(EAST.id())).containsExactly(Fixtures.reentered(), Fixtures.alone());
        assertThat(r.householdsOf(WEST.id())).containsExactly(Fixtures.west());
        assertThat(r.postsOf(EAST.id())).containsExactly(Fixtures.cleaner());
        assertThat(r.postsOf(EAST.id()).get(0).monthlyWage()).isEqualTo(Money.ofFen(30050));
        assertThat(r.stationsOwnedBy(WEST.id())).extracting(JointStation::stationId).containsExactly("YN-AD-008");
        assertThat(r.directory().find("YN-AD-008")).contains(Fixtures.joint().station());
    }

    @Test
    void writing_everything_twice_changes_nothing() {
        Registry r = Fixtures.populate(open());
        Map<String, Integer> once = r.counts();

        Fixtures.populate(r);

        assertThat(r.counts()).isEqualTo(once);
        assertThat(once).containsEntry("stations", 2).containsEntry("station_owners", 3).containsEntry("enrollments", 4);
    }

    @Test
    void ownership_shares_not_adding_up_to_exactly_1_are_rejected_and_nothing_is_written() {
        Registry r = open();
        r.upsertVillage(EAST);
        r.upsertVillage(WEST);
        StationEntry joint = Fixtures.joint();
        StationEntry bad = new StationEntry(joint.station(), List.of(new JointStation.Owner(EAST.id(), new BigDecimal("0.3333")),
                new JointStation.Owner(WEST.id(), new BigDecimal("0.6666"))), null);

        assertThatThrownBy(() -> r.upsertStation(bad)).isInstanceOf(RegistryException.class)
                .hasMessage("station YN-AD-008 owners: ownership shares add up to 0.9999, not exactly 1");
        assertThat(r.stations()).isEmpty();
    }

    @Test
    void a_station_without_capacity_is_rejected_naming_the_field() {
        Registry r = open();
        r.upsertVillage(EAST);
        Station s = Fixtures.single().station();
        Station zero = new Station(s.id(), s.name(), s.village(), s.township(), s.county(), 0, s.lat(), s.lon(), s.gridConnectionDate());

        assertThatThrownBy(() -> r.upsertStation(new StationEntry(zero, Fixtures.single().owners(), null)))
                .hasMessageContaining("capacity (kWp) must be more than 0");
    }

    @Test
    void a_household_that_left_and_re_entered_keeps_both_periods_and_a_later_exit_replaces_them() {
        Registry r = open();
        r.upsertVillage(EAST);
        r.upsertHousehold(EAST.id(), Fixtures.reentered());
        assertThat(r.household("H001").orElseThrow().enrollments())
                .containsExactly(new DateRange(d("2019-01-01"), d("2020-06-30")), DateRange.from(d("2021-03-01")));

        Household h = Fixtures.reentered();
        r.upsertHousehold(EAST.id(), new Household(h.id(), h.headName(), h.idNumber(), h.size(), h.attributes(),
                List.of(new DateRange(d("2019-01-01"), d("2020-06-30")), new DateRange(d("2021-03-01"), d("2022-12-31")))));

        assertThat(r.household("H001").orElseThrow().enrollments()).last().isEqualTo(new DateRange(d("2021-03-01"), d("2022-12-31")));
    }

    @Test
    void a_wrong_id_number_check_character_is_rejected_with_the_number_masked() {
        Registry r = open();
        r.upsertVillage(EAST);
        Household h = Fixtures.alone();
        String wrong = h.idNumber().substring(0, 17) + (h.idNumber().charAt(17) == '0' ? '1' : '0');

        assertThatThrownBy(() -> r.upsertHousehold(EAST.id(), new Household("H002", "李四", wrong, 1, Set.of(), List.of())))
                .hasMessageContaining("household H002 ID number 371321********").hasMessageContaining("wrong check character")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void a_post_held_by_a_household_of_another_village_is_rejected() {
        Registry r = open();
        r.upsertVillage(EAST);
        r.upsertVillage(WEST);
        r.upsertHousehold(WEST.id(), Fixtures.west());

        assertThatThrownBy(() -> r.upsertPost(EAST.id(), new Post("P9", "护路员", "H101", Money.ofYuan("200"), DateRange.from(d("2021-01-01")))))
                .hasMessage("post P9 holder: household H101 is of village 371321105201, not of " + EAST.id());
        assertThat(r.postsOf(EAST.id())).isEmpty();
    }

    @Test
    void two_households_cannot_share_an_id_number() {
        Registry r = open();
        r.upsertVillage(EAST);
        r.upsertHousehold(EAST.id(), Fixtures.alone());
        Household copy = new Household("H003", "李四", Fixtures.alone().idNumber(), 1, Set.of(), List.of());

        assertThatThrownBy(() -> r.upsertHousehold(EAST.id(), copy)).hasMessageContaining("already the ID number of household H002");
    }

    /** The number of migration scripts SQLite runs: the shared ones (V1 registry, V2 statements, ...) and its own (db/sqlite). */
    private static int migrationFiles() {
        int n = 0;
        for (String folder : new String[] {"/db/migration", "/db/sqlite"}) {
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(Registry.class.getResource(folder).toURI()))) {
                n += (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            } catch (java.io.IOException | java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }
}
