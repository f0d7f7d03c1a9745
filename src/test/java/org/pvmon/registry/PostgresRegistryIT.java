package org.pvmon.registry;

import org.pvmon.notify.Outbox;
import org.pvmon.db.Leases;
import org.pvmon.statements.PlanBook;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.alerting.AlertBook;
import org.pvmon.dayenergy.DayBook;
import org.pvmon.registry.files.RegistryCsv;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.energy.DayEnergy;
import org.pvmon.money.Money;
import org.pvmon.testing.Postgres;
import org.pvmon.testing.ProjectDir;

/**
 * The registry's schema and SQL on a real PostgreSQL (the option for several instances on one database): every migration
 * runs, the demo registry imports and reads back exactly as it does from SQLite, and the statements the service's
 * periodic jobs rely on (stored daily energy and its stale marks, alerts with one open per station and type, the
 * notification outbox's claims, leases) behave the same.
 */
class PostgresRegistryIT {
    @TempDir
    Path dir;

    private static Map<String, Object> plans(Registry r) {
        Map<String, Object> out = new java.util.TreeMap<>();
        new PlanBook(r.database()).forMonth(VillageSet.all(), YearMonth.of(2026, 10)).forEach((v, sp) -> out.put(v, List.of(sp.version(), sp.effectiveFrom(), sp.plan(), sp.createdBy())));
        return out;
    }

    private static List<Object> receipts(Registry r) {
        return new ReceiptBook(r.database()).receivedBetween(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)).stream()
                .map(x -> (Object) List.of(x.id(), x.receipt().stationId(), x.receipt().receivedOn(), x.receipt().part(),
                        x.receipt().amount(), x.receipt().reference()))
                .toList();
    }

    @Test
    void the_registry_migrates_imports_and_works_on_postgresql_as_on_sqlite() {
        Path demo = ProjectDir.resolve("simulator/fleets/demo-registry");
        try (Postgres pg = new Postgres().start()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(pg.createDatabase("pvmon"));
            ds.setUser("pvmon");
            Registry p = Registry.open(ds);
            Registry s = Registry.openSqlite(dir.resolve("registry.db"));
            new RegistryCsv(p, new ReceiptBook(p.database()), new PlanBook(p.database())).importAll(demo);
            new RegistryCsv(s, new ReceiptBook(s.database()), new PlanBook(s.database())).importAll(demo);

            assertThat(p.villages()).hasSize(63).isEqualTo(s.villages());
            assertThat(p.stations()).hasSize(60).isEqualTo(s.stations());
            assertThat(p.tariffs()).isEqualTo(s.tariffs());
            assertThat(p.owners()).isEqualTo(s.owners());
            String village = p.villages().get(0).id();
            assertThat(p.householdsOf(village)).isNotEmpty().isEqualTo(s.householdsOf(village));
            assertThat(p.villageInputs().villages(VillageSet.all())).isEqualTo(s.villageInputs().villages(VillageSet.all()));
            assertThat(plans(p)).hasSize(63).isEqualTo(plans(s)); // (each import stamps its own time: not compared)
            assertThat(receipts(p)).isNotEmpty().isEqualTo(receipts(s));

            for (Registry r : List.of(p, s)) {
                String station = r.stations().get(0).id();
                LocalDate d = LocalDate.of(2026, 11, 1);
                Instant t = Instant.parse("2026-11-02T01:00:00Z");
                DayEnergy day = new DayEnergy(d, new BigDecimal("12.345"), true, true, 3, 1, 0, Duration.ofHours(2),
                        List.of("meter reset at 10:00", "second note"));
                new DayBook(r.database()).store(List.of(new DayBook.Row(station, day, true)), t, t);
                assertThat(new DayBook(r.database()).read(List.of(station), d, d).get(station)[0]).isEqualTo(day);
                assertThat(new DayBook(r.database()).read(null, d, d)).containsOnlyKeys(station);
                assertThat(new DayBook(r.database()).counts(d, d)).isEqualTo(Map.of(d, 1));
                assertThat(new DayBook(r.database()).firstOpen(d, d)).isEqualTo(Map.of(station, d));
                new DayBook(r.database()).markStale(Map.of(new DayBook.StationDay(station, d), t.plusSeconds(5)));
                assertThat(new DayBook(r.database()).stale(d, d)).containsExactly(new DayBook.StationDay(station, d));
                new DayBook(r.database()).store(List.of(new DayBook.Row(station, day, false)), t.plusSeconds(1), t.plusSeconds(2)); // read before the mark
                assertThat(new DayBook(r.database()).marked(List.of(station), d, d)).as("a mark made after the read stays").hasSize(1);
                new DayBook(r.database()).store(List.of(new DayBook.Row(station, day, false)), t.plusSeconds(9), t.plusSeconds(9));
                assertThat(new DayBook(r.database()).marked(null, d, d)).isEmpty();

                assertThat(new Leases(r.database()).acquire("job", "a", t, Duration.ofMinutes(1))).isTrue();
                assertThat(new Leases(r.database()).acquire("job", "b", t, Duration.ofMinutes(1))).isFalse();
                Evaluation outage = new Evaluation(t, List.of(new Condition(station, AlertType.OFFLINE, t.minusSeconds(600),
                        "silent", BigDecimal.ONE, Money.ofFen(85))), Map.of(), Set.of());
                assertThat(new AlertBook(r.database()).apply(outage).opened()).hasSize(1);
                assertThat(new AlertBook(r.database()).apply(outage).opened()).as("one open alert per station and type").isEmpty();
                assertThat(new Outbox(r.database()).fanOut("wecom", t, Duration.ofHours(24))).isEqualTo(1);
                assertThat(new Outbox(r.database()).claimDue("wecom", "a", t, Duration.ofMinutes(1), 10)).hasSize(1);
                assertThat(new Outbox(r.database()).claimDue("wecom", "b", t, Duration.ofMinutes(1), 10)).as("claimed by a").isEmpty();
            }
        }
    }
}
