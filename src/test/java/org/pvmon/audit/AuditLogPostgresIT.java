package org.pvmon.audit;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.config.Config;
import org.pvmon.db.Database;
import org.pvmon.testing.HandClock;
import org.pvmon.testing.Postgres;

/**
 * The audit log on a real PostgreSQL, reached as the service reaches it (a pool per instance): appends of several
 * threads of two instances form one chain (the head row's lock), and each way of tampering is found at the right
 * entry, as on SQLite ({@link AuditLogTest}). One server for the class, a database per test.
 */
class AuditLogPostgresIT {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Postgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() {
        pg = new Postgres().start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    private Database open(String url) {
        return Database.open(new Config.RegistryDatabase(url, "pvmon", "", 10), dir);
    }

    private String newDatabase() {
        return pg.createDatabase("audit_" + DATABASES.incrementAndGet());
    }

    @Test
    void appends_of_many_threads_of_two_instances_form_one_chain_with_contiguous_seqs() throws Exception {
        String url = newDatabase();
        HandClock clock = new HandClock(AuditLogTest.T0);
        try (Database first = open(url); Database second = open(url)) {
            AuditCases.appendsOfManyThreadsFormOneChain(new AuditLog(first, clock, 183), new AuditLog(second, clock, 183));
        }
    }

    @Test
    void an_edited_entry_is_found_at_its_seq() {
        tampered(AuditCases::anEditedEntryIsFound);
    }

    @Test
    void a_deleted_entry_in_the_middle_is_found_at_its_seq() {
        tampered(AuditCases::aDeletedEntryInTheMiddleIsFound);
    }

    @Test
    void deleting_the_last_entries_is_found_through_the_head() {
        tampered(AuditCases::deletingTheLastEntriesIsFound);
    }

    @Test
    void two_entries_swapped_are_found_as_reordered() {
        tampered(AuditCases::twoSwappedEntriesAreFoundAsReordered);
    }

    @Test
    void an_entry_inserted_in_the_middle_is_found_at_its_seq() {
        tampered((db, audit, clock) -> AuditCases.anInsertedEntryIsFound(db, audit, clock, false));
        tampered((db, audit, clock) -> AuditCases.anInsertedEntryIsFound(db, audit, clock, true));
    }

    private interface Case {
        void run(Database db, AuditLog audit, HandClock clock);
    }

    private void tampered(Case c) {
        try (Database db = open(newDatabase())) {
            HandClock clock = new HandClock(AuditLogTest.T0);
            c.run(db, new AuditLog(db, clock, 183), clock);
        }
    }
}
