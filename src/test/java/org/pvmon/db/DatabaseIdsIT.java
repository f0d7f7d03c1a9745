package org.pvmon.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import java.time.Clock;
import org.pvmon.access.Accounts;
import org.pvmon.alerting.AlertBook;
import org.pvmon.config.Config;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.statements.StatementConflictException;
import org.pvmon.statements.StatementLedger;
import org.pvmon.testing.Postgres;

/**
 * Ids given by the writer on PostgreSQL, where several instances insert at the same moments: every table with such ids
 * has its sequence, a database written before the sequences goes on after its highest ids, and two instances (two
 * connection pools) opening alerts and writing the same month's drafts at once never collide and never fail; two
 * instances started at once on an empty database make one first administrator.
 */
class DatabaseIdsIT {
    private static final Instant T0 = Instant.parse("2026-11-20T04:00:00Z");

    private static Postgres pg;

    @BeforeAll
    static void startPostgres() {
        pg = new Postgres().start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    private static PGSimpleDataSource source(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("pvmon");
        return ds;
    }

    @Test
    void every_table_with_writer_given_ids_has_a_sequence_that_starts_after_the_rows_written_before_it() {
        {
            Database db = Database.open(source(pg.createDatabase("current")));
            List<String> tables = db.jdbi().withHandle(h -> h.createQuery("SELECT c.table_name FROM information_schema.columns c "
                    + "JOIN information_schema.table_constraints t ON t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY' "
                    + "JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.column_name = c.column_name "
                    + "WHERE c.table_schema = current_schema() AND c.column_name = 'id' AND c.data_type = 'bigint' "
                    + "AND c.column_default IS NULL ORDER BY 1").mapTo(String.class).list());
            assertThat(tables).as("tables whose ids the writer gives").contains("statements", "alerts", "receipts",
                    "notification_events", "users", "api_tokens");
            for (String table : tables) {
                boolean has = db.jdbi().withHandle(h -> h.createQuery("SELECT to_regclass(:s) IS NOT NULL").bind("s", table + "_id_seq")
                        .mapTo(Boolean.class).one());
                assertThat(has).as("sequence %s_id_seq (db/postgresql)", table).isTrue();
            }
        }
    }

    @Test
    void a_database_written_before_the_sequences_goes_on_after_its_highest_ids() {
        {
            PGSimpleDataSource ds = source(pg.createDatabase("older"));
            // the schema as it was before the sequences (V10, db/postgresql): the shared migrations up to V9
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("9").load().migrate();
            org.jdbi.v3.core.Jdbi.create(ds).useHandle(h -> h.execute("INSERT INTO alerts (id, station_id, type, status, since, "
                    + "opened_at, updated_at, detail, lost_kwh, lost_fen) VALUES (41, 'S', 'OFFLINE', 'OPEN', 'x', 'x', 'x', 'd', '0', 0)"));
            Database db = Database.open(ds);
            long alert = db.jdbi().withHandle(h -> Database.nextId(h, "alerts"));
            long statement = db.jdbi().withHandle(h -> Database.nextId(h, "statements"));
            long[] more = db.jdbi().withHandle(h -> Database.nextIds(h, "statements", 3));
            assertThat(alert).isEqualTo(42);
            assertThat(statement).isEqualTo(1);
            assertThat(more).containsExactly(2, 3, 4);
        }
    }

    @Test
    void two_instances_opening_alerts_and_drafting_the_same_month_at_once_never_collide() throws Exception {
        {
            String url = pg.createDatabase("shared");
            Database one = Database.open(source(url));
            Database two = Database.open(source(url));
            Registry registry = new Registry(one);
            List<String> villages = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Village v = new Village("沂南县-界湖街道-村" + i, "村" + i, "界湖街道", "沂南县");
                registry.upsertVillage(v);
                villages.add(v.id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                // alerts: each instance opens 150 alerts of its own stations, one evaluation at a time, at the same moments
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Integer>> opened = new ArrayList<>();
                for (Database db : List.of(one, two)) {
                    String prefix = db == one ? "A" : "B";
                    opened.add(pool.submit(() -> {
                        start.await();
                        int n = 0;
                        AlertBook book = new AlertBook(db);
                        for (int i = 0; i < 150; i++) {
                            n += book.apply(new Evaluation(T0.plusMillis(i), List.of(new Condition(prefix + i, AlertType.OFFLINE, T0,
                                    "silent", BigDecimal.ONE, Money.ofFen(85))), Map.of(), Set.of())).opened().size();
                        }
                        return n;
                    }));
                }
                for (Future<Integer> f : opened) assertThat(f.get()).isEqualTo(150);
                assertThat(count(one, "SELECT COUNT(DISTINCT id) FROM alerts")).isEqualTo(300);
                assertThat(count(one, "SELECT COUNT(DISTINCT id) FROM notification_events")).isEqualTo(300);

                // month-end drafts of the same 40 villages asked of both instances at once, three times over
                for (int round = 0; round < 3; round++) {
                    YearMonth month = YearMonth.of(2026, 7 + round);
                    CyclicBarrier together = new CyclicBarrier(2);
                    List<Future<Map<String, Long>>> runs = new ArrayList<>();
                    for (Database db : List.of(one, two)) {
                        Callable<Map<String, Long>> run = () -> {
                            List<StatementLedger.NewStatement> drafts = new ArrayList<>();
                            for (String v : villages) {
                                drafts.add(new StatementLedger.NewStatement(v, month, StatementLedger.Kind.REGULAR, "ACCRUED", 1,
                                        new StatementLedger.Totals(100, 0, 80, 20), "{}", T0, null));
                            }
                            together.await();
                            return new StatementLedger(db).insertDrafts(drafts);
                        };
                        runs.add(pool.submit(run));
                    }
                    Map<String, Long> first = runs.get(0).get();
                    Map<String, Long> second = runs.get(1).get();
                    Set<String> both = new HashSet<>(first.keySet());
                    both.retainAll(second.keySet());
                    assertThat(both).as("a village drafted by both").isEmpty();
                    assertThat(first.size() + second.size()).isEqualTo(villages.size());
                    assertThat(count(one, "SELECT COUNT(*) FROM statements WHERE month = '" + month + "'")).isEqualTo(villages.size());
                }
            } finally {
                pool.shutdownNow();
            }
            one.close();
            two.close();
        }
    }

    @Test
    void two_instances_started_at_once_on_an_empty_database_create_one_first_administrator() throws Exception {
        String url = pg.createDatabase("empty");
        Database one = Database.open(source(url));
        Database two = Database.open(source(url));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Boolean>> created = new ArrayList<>();
            for (Database db : List.of(one, two)) {
                Accounts accounts = new Accounts(db, new Registry(db), Config.Auth.defaults(), Clock.systemUTC());
                created.add(pool.submit(() -> {
                    together.await();
                    return accounts.createFirstAdmin().isPresent();
                }));
            }
            assertThat(created.get(0).get() ^ created.get(1).get()).as("exactly one created it, neither failed").isTrue();
            assertThat(count(one, "SELECT COUNT(*) FROM users")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            one.close();
            two.close();
        }
    }

    @Test
    void the_same_alert_or_the_same_statement_written_by_two_instances_at_once_is_written_once() throws Exception {
        String url = pg.createDatabase("same");
        Database one = Database.open(source(url));
        Database two = Database.open(source(url));
        Village v = new Village("沂南县-界湖街道-同村", "同村", "界湖街道", "沂南县");
        new Registry(one).upsertVillage(v);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                // the scheduled evaluation on one instance, an operator's on the other: the same condition, at once
                String station = "S" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> opened = new ArrayList<>();
                for (Database db : List.of(one, two)) {
                    opened.add(pool.submit(() -> {
                        together.await();
                        return new AlertBook(db).apply(new Evaluation(T0, List.of(new Condition(station, AlertType.OFFLINE, T0,
                                "silent", BigDecimal.ONE, Money.ofFen(85))), Map.of(), Set.of())).opened().size();
                    }));
                }
                assertThat(opened.get(0).get() + opened.get(1).get()).as("opened once, neither failed").isEqualTo(1);

                // one village's statement of a month asked of both at once: one written, the other a conflict
                YearMonth month = YearMonth.of(2026, 1 + round);
                CyclicBarrier again = new CyclicBarrier(2);
                List<Future<String>> asked = new ArrayList<>();
                for (Database db : List.of(one, two)) {
                    asked.add(pool.submit(() -> {
                        again.await();
                        try {
                            new StatementLedger(db).insert(new StatementLedger.NewStatement(v.id(), month, StatementLedger.Kind.REGULAR,
                                    "ACCRUED", 1, new StatementLedger.Totals(100, 0, 80, 20), "{}", T0, null));
                            return "created";
                        } catch (StatementConflictException e) {
                            return "conflict: " + e.getMessage();
                        }
                    }));
                }
                List<String> answers = List.of(asked.get(0).get(), asked.get(1).get());
                assertThat(answers).as(answers.toString()).containsOnlyOnce("created")
                        .anySatisfy(a -> assertThat(a).startsWith("conflict: ").contains("already has statement"));
            }
            assertThat(count(one, "SELECT COUNT(*) FROM alerts")).isEqualTo(5);
            assertThat(count(one, "SELECT COUNT(*) FROM notification_events")).isEqualTo(5);
            assertThat(count(one, "SELECT COUNT(*) FROM statements")).isEqualTo(5);
        } finally {
            pool.shutdownNow();
            one.close();
            two.close();
        }
    }

    private static long count(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
