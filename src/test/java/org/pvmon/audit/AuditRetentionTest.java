package org.pvmon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.audit.AuditLog.Entry;
import org.pvmon.audit.AuditLog.Query;
import org.pvmon.db.Database;
import org.pvmon.db.Leases;
import org.pvmon.testing.HandClock;
import org.pvmon.workers.Workers;

/** The daily verify and purge: one instance a day (lease), and never over a broken chain. */
class AuditRetentionTest {
    @TempDir
    Path dir;
    private Database db;
    private HandClock clock;
    private AuditLog audit;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("registry.db"));
        clock = new HandClock(AuditLogTest.T0);
        audit = new AuditLog(db, clock, 183);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private AuditRetention retention(String holder) {
        AuditRetention r = new AuditRetention(audit, new Leases(db), clock, new Workers(new PrometheusRegistry()));
        r.start(holder); // the first run is minutes away: the test runs them by hand
        return r;
    }

    private void oldEntries(int n, Instant at) {
        Instant now = clock.instant();
        clock.set(at);
        for (int i = 0; i < n; i++) audit.record("admin", "statement.approve", "statement:" + i, null, null);
        clock.set(now);
    }

    @Test
    void one_instance_a_day_purges_the_old_entries_while_the_other_waits_its_turn() {
        oldEntries(3, AuditLogTest.T0); // entries 1-3
        oldEntries(2, AuditLogTest.T0.plus(Duration.ofDays(1))); // entries 4-5
        Instant day184 = AuditLogTest.T0.plus(Duration.ofDays(184));
        clock.set(day184);
        try (AuditRetention a = retention("pvmon-1"); AuditRetention b = retention("pvmon-2")) {
            a.runOnce();
            assertThat(audit.list(new Query(null, null, null, null, null, 100))).extracting(Entry::seq).containsExactly(6L, 5L, 4L);

            clock.set(day184.plus(Duration.ofHours(12))); // entries 4-5 are old now too
            b.runOnce();
            assertThat(audit.list(new Query(null, null, null, null, null, 100))).as("pvmon-1 holds the lease today").hasSize(3);

            clock.set(day184.plus(Duration.ofHours(23)).plusSeconds(1));
            b.runOnce();
            assertThat(audit.list(new Query(null, null, null, null, null, 100))).extracting(Entry::seq).containsExactly(7L, 6L);
            assertThat(audit.list(new Query(null, null, null, null, null, 100))).extracting(Entry::action)
                    .containsOnly("audit.purge");
            assertThat(audit.verify().intact()).isTrue();
        }
    }

    @Test
    void a_broken_chain_is_reported_and_nothing_is_purged() {
        oldEntries(3, AuditLogTest.T0);
        db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log WHERE seq = 2"));
        clock.set(AuditLogTest.T0.plus(Duration.ofDays(200)));
        try (AuditRetention a = retention("pvmon-1")) {
            a.runOnce();
        }
        assertThat(audit.list(new Query(null, null, null, null, null, 100))).extracting(Entry::seq).containsExactly(3L, 1L);
    }
}
