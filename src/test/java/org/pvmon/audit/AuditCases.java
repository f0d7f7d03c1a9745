package org.pvmon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.pvmon.audit.AuditLog.Entry;
import org.pvmon.audit.AuditLog.Query;
import org.pvmon.audit.AuditLog.Verification;
import org.pvmon.db.Database;
import org.pvmon.testing.HandClock;

/**
 * The cases both databases must pass (SQLite in {@link AuditLogTest}, PostgreSQL in {@link AuditLogPostgresIT}): ten
 * entries appended, then tampered with through plain SQL, as someone with write access to a table would.
 */
final class AuditCases {
    private AuditCases() {
    }

    /** Ten entries, one a second from T0: actors admin and li by turns, receipt.record every third, else statement.approve. */
    static void appendTen(AuditLog audit, HandClock clock) {
        for (int i = 0; i < 10; i++) {
            clock.set(AuditLogTest.T0.plusSeconds(i));
            long seq = i + 1;
            audit.record(i % 2 == 0 ? "admin" : "li", seq % 3 == 0 ? "receipt.record" : "statement.approve",
                    "statement:" + seq, "{\"month\":\"2026-10\"}", "10.0.0." + seq);
        }
    }

    static void anEditedEntryIsFound(Database db, AuditLog audit, HandClock clock) {
        appendTen(audit, clock);
        db.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET detail = '{\"month\":\"2026-09\"}' WHERE seq = 4"));

        Verification v = audit.verify();

        assertThat(v).isEqualTo(new Verification(false, 10, 4L, "edited (entry 4 does not match its hash)"));
    }

    static void aDeletedEntryInTheMiddleIsFound(Database db, AuditLog audit, HandClock clock) {
        appendTen(audit, clock);
        db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log WHERE seq = 6"));

        assertThat(audit.verify()).isEqualTo(new Verification(false, 9, 6L, "deleted (entry 6 is missing)"));
    }

    static void deletingTheLastEntriesIsFound(Database db, AuditLog audit, HandClock clock) {
        appendTen(audit, clock);
        db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log WHERE seq >= 9"));

        assertThat(audit.verify()).isEqualTo(new Verification(false, 8, 9L,
                "deleted (the last entries are missing: the head records entry 10 as the last)"));
    }

    /** Entries 4 and 5 swap places: their seq and at exchanged, everything else left with its row. */
    static void twoSwappedEntriesAreFoundAsReordered(Database db, AuditLog audit, HandClock clock) {
        appendTen(audit, clock);
        db.jdbi().useTransaction(h -> {
            String at4 = h.createQuery("SELECT at FROM audit_log WHERE seq = 4").mapTo(String.class).one();
            String at5 = h.createQuery("SELECT at FROM audit_log WHERE seq = 5").mapTo(String.class).one();
            h.execute("UPDATE audit_log SET seq = -4, at = ? WHERE seq = 4", at5);
            h.execute("UPDATE audit_log SET seq = 4, at = ? WHERE seq = 5", at4);
            h.execute("UPDATE audit_log SET seq = 5 WHERE seq = -4");
        });

        Verification v = audit.verify();

        assertThat(v).isEqualTo(new Verification(false, 10, 4L, "reordered (entry 4 holds an entry that follows a later one)"));
    }

    /**
     * An entry slipped in as entry 5, the later ones moved up by one and the head told: with a made-up hash, or with
     * the hash it would have had ({@code linked}), which only the entry after it shows.
     */
    static void anInsertedEntryIsFound(Database db, AuditLog audit, HandClock clock, boolean linked) {
        appendTen(audit, clock);
        Entry four = audit.list(new Query(null, null, null, null, 5L, 1)).get(0);
        String at = Database.ts(four.at().plusMillis(500));
        String hash = linked ? Chain.hash(5, at, "admin", "receipt.void", "receipt:7", null, "10.0.0.4", four.hash()) : "f".repeat(64);
        db.jdbi().useTransaction(h -> {
            h.execute("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 5");
            h.execute("UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000");
            h.execute("INSERT INTO audit_log (seq, at, actor, action, target, detail, from_address, prev_hash, hash) "
                    + "VALUES (5, ?, 'admin', 'receipt.void', 'receipt:7', NULL, '10.0.0.4', ?, ?)", at, four.hash(), hash);
            h.execute("UPDATE audit_head SET last_seq = 11");
        });

        assertThat(audit.verify()).isEqualTo(new Verification(false, 11, 5L, "inserted (entry 6 follows entry 4)"));
    }

    /** Several threads append through {@code first} and {@code second} (another instance on the same database). */
    static void appendsOfManyThreadsFormOneChain(AuditLog first, AuditLog second) throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                AuditLog log = t % 2 == 0 ? first : second;
                String actor = "user" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) log.record(actor, "receipt.record", "receipt:" + i, null, "10.0.0.1");
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        int n = threads * each;
        assertThat(first.verify()).isEqualTo(new Verification(true, n, null, null));
        assertThat(second.list(new Query(null, null, null, null, null, 1000))).extracting(Entry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).map(i -> n + 1 - i).boxed().toList());
        assertThat(first.list(new Query(null, null, "user3", null, null, 1000))).hasSize(each);
    }
}
