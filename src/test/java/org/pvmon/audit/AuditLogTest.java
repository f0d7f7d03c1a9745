package org.pvmon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.audit.AuditLog.Entry;
import org.pvmon.audit.AuditLog.Query;
import org.pvmon.audit.AuditLog.Verification;
import org.pvmon.db.Database;
import org.pvmon.registry.IdNumbers;
import org.pvmon.testing.HandClock;

/**
 * The audit log on a SQLite file: the chain verifies, and each way of tampering with it through plain SQL (an edited,
 * a deleted, a reordered, an inserted entry; the last entries cut) is seen at the right entry; purging keeps what is
 * left verifiable; appends of many threads form one chain; no ID number is stored. {@link AuditLogPostgresIT} runs the
 * tampering and concurrency cases on PostgreSQL.
 */
class AuditLogTest {
    static final Instant T0 = Instant.parse("2026-11-20T04:00:00Z");
    /** A valid ID number (check character right): 11010519491231002X. */
    static final String ID_NUMBER = "11010519491231002X";

    @TempDir
    Path dir;
    private Database db;
    private HandClock clock;
    private AuditLog audit;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("registry.db"));
        clock = new HandClock(T0);
        audit = new AuditLog(db, clock, 183);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void entries_chain_each_to_the_one_before_and_the_chain_verifies() {
        AuditCases.appendTen(audit, clock);

        List<Entry> all = audit.list(new Query(null, null, null, null, null, 1000));
        assertThat(all).extracting(Entry::seq).containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        for (int i = 0; i < all.size() - 1; i++) assertThat(all.get(i).prevHash()).isEqualTo(all.get(i + 1).hash());
        assertThat(all.get(9).prevHash()).isEqualTo(Chain.GENESIS);
        assertThat(all.get(0).at()).isEqualTo(T0.plusSeconds(9));
        assertThat(audit.verify()).isEqualTo(new Verification(true, 10, null, null));
    }

    @Test
    void an_empty_log_verifies() {
        assertThat(audit.verify()).isEqualTo(new Verification(true, 0, null, null));
    }

    @Test
    void an_edited_entry_is_found_at_its_seq() {
        AuditCases.anEditedEntryIsFound(db, audit, clock);
    }

    @Test
    void an_entry_edited_with_its_hash_computed_again_breaks_the_link_to_the_next() {
        AuditCases.appendTen(audit, clock);
        Entry five = audit.list(new Query(null, null, null, null, 6L, 1)).get(0);
        String forged = Chain.hash(5, Database.ts(five.at()), five.actor(), "statement.delete", five.target(), five.detail(),
                five.from(), five.prevHash());
        db.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET action = 'statement.delete', hash = ? WHERE seq = 5", forged));

        Verification v = audit.verify();

        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(5L);
        assertThat(v.problem()).startsWith("edited");
    }

    @Test
    void a_deleted_entry_in_the_middle_is_found_at_its_seq() {
        AuditCases.aDeletedEntryInTheMiddleIsFound(db, audit, clock);
    }

    @Test
    void deleting_the_last_entries_is_found_through_the_head() {
        AuditCases.deletingTheLastEntriesIsFound(db, audit, clock);
    }

    @Test
    void two_entries_swapped_are_found_as_reordered() {
        AuditCases.twoSwappedEntriesAreFoundAsReordered(db, audit, clock);
    }

    @Test
    void an_entry_inserted_in_the_middle_is_found_at_its_seq() {
        AuditCases.anInsertedEntryIsFound(db, audit, clock, false);
    }

    @Test
    void an_entry_inserted_with_a_hash_that_links_is_found_at_its_seq() {
        AuditCases.anInsertedEntryIsFound(db, audit, clock, true);
    }

    @Test
    void an_entry_appended_behind_the_heads_back_is_found_as_inserted() {
        AuditCases.appendTen(audit, clock);
        Entry last = audit.list(new Query(null, null, null, null, null, 1)).get(0);
        String at = "2026-11-20T04:00:10.000Z";
        String hash = Chain.hash(11, at, "mallory", "receipt.void", "receipt:1", null, null, last.hash());
        db.jdbi().useHandle(h -> h.execute("INSERT INTO audit_log (seq, at, actor, action, target, detail, from_address, prev_hash, "
                + "hash) VALUES (11, ?, 'mallory', 'receipt.void', 'receipt:1', NULL, NULL, ?, ?)", at, last.hash(), hash));

        Verification v = audit.verify();

        assertThat(v.firstBadSeq()).isEqualTo(11L);
        assertThat(v.problem()).startsWith("inserted");
        assertThat(v.entries()).isEqualTo(11);
    }

    @Test
    void the_head_row_deleted_is_reported() {
        AuditCases.appendTen(audit, clock);
        db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_head"));

        Verification v = audit.verify();

        assertThat(v).isEqualTo(new Verification(false, 10, null, "deleted (the head row, which records the last entry, is missing)"));
        assertThatThrownBy(() -> audit.record("admin", "user.create", "user:x", null, null)).hasMessageContaining("head row is missing");
    }

    @Test
    void purging_deletes_entries_older_than_the_days_to_keep_and_what_is_left_verifies() {
        for (int day = 0; day < 10; day++) {
            clock.set(T0.plus(Duration.ofDays(day)));
            audit.record("admin", "statement.approve", "statement:" + day, null, "10.0.0.1");
        }
        clock.set(T0.plus(Duration.ofDays(183 + 4)).plusSeconds(1)); // days 0-4 are older than 183 days

        assertThat(audit.purge()).isEqualTo(5);

        assertThat(audit.verify()).isEqualTo(new Verification(true, 6, null, null));
        List<Entry> left = audit.list(new Query(null, null, null, null, null, 100));
        assertThat(left).extracting(Entry::seq).containsExactly(11L, 10L, 9L, 8L, 7L, 6L);
        assertThat(left.get(0).action()).isEqualTo("audit.purge");
        assertThat(left.get(0).actor()).isEqualTo("system");
        assertThat(left.get(0).detail()).startsWith("5 entries up to entry 5 ");
        assertThat(audit.purge()).as("nothing more to delete").isZero();
        audit.record("admin", "user.create", "user:li", null, "10.0.0.1");
        assertThat(audit.verify().intact()).isTrue();

        db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log WHERE seq = 6"));
        assertThat(audit.verify().firstBadSeq()).as("the first entry kept is still checked against the anchor").isEqualTo(6L);
    }

    @Test
    void purging_stops_at_the_first_entry_to_keep_even_before_older_stamps() {
        AuditCases.appendTen(audit, clock);
        clock.set(T0.minus(Duration.ofDays(1000))); // a clock put back: entry 11 looks old
        audit.record("admin", "statement.approve", "statement:11", null, null);
        clock.set(T0.plus(Duration.ofDays(183)).plusMillis(4500)); // entries 1-5 are older than 183 days

        assertThat(audit.purge()).isEqualTo(5);

        assertThat(audit.list(new Query(null, null, null, null, null, 100))).extracting(Entry::seq)
                .containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void purging_everything_old_leaves_only_its_own_entry_and_a_chain_that_verifies() {
        AuditCases.appendTen(audit, clock);
        clock.set(T0.plus(Duration.ofDays(400)));

        assertThat(audit.purge()).isEqualTo(10);

        assertThat(audit.verify()).isEqualTo(new Verification(true, 1, null, null));
        assertThat(audit.head().anchorSeq()).isEqualTo(11);
    }

    @Test
    void a_broken_chain_is_not_purged_so_the_evidence_stays() {
        AuditCases.appendTen(audit, clock);
        db.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2"));
        clock.set(T0.plus(Duration.ofDays(400)));

        assertThatThrownBy(audit::purge).isInstanceOf(IllegalStateException.class)
                .hasMessage("audit chain broken at entry 2: edited (entry 2 does not match its hash); nothing purged");
        assertThat(audit.list(new Query(null, null, null, null, null, 100))).hasSize(10);
    }

    @Test
    void appends_of_many_threads_form_one_chain_with_contiguous_seqs() throws Exception {
        try (Database another = Database.openSqlite(dir.resolve("registry.db"))) { // a second pool, as another process's
            AuditCases.appendsOfManyThreadsFormOneChain(audit, new AuditLog(another, clock, 183));
        }
    }

    @Test
    void an_id_number_is_masked_in_every_field_before_it_is_stored() {
        assertThat(IdNumbers.problem(ID_NUMBER)).as("a valid ID number").isEmpty();

        Entry e = audit.record(ID_NUMBER, "login.failed", "household:" + ID_NUMBER,
                "{\"idNumber\":\"" + ID_NUMBER + "\",\"note\":\"户主 " + ID_NUMBER.toLowerCase() + "\"}", "10.0.0.9");

        String masked = IdNumbers.mask(ID_NUMBER);
        assertThat(e.actor()).isEqualTo(masked);
        assertThat(e.target()).isEqualTo("household:" + masked);
        assertThat(e.detail()).isEqualTo("{\"idNumber\":\"" + masked + "\",\"note\":\"户主 " + IdNumbers.mask(ID_NUMBER.toLowerCase()) + "\"}");
        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT actor || target || detail FROM audit_log").mapTo(String.class).one());
        assertThat(stored).doesNotContainIgnoringCase(ID_NUMBER).doesNotContain(ID_NUMBER.substring(0, 17));
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void every_field_is_bounded_and_control_characters_are_dropped() {
        Entry e = audit.record("x".repeat(300) + "\nforged line", "login.failed", "t".repeat(500), "line 1\nline 2\u0000" + "d".repeat(5000),
                "f".repeat(100));

        assertThat(e.actor()).hasSize(100).endsWith("…").doesNotContain("\n");
        assertThat(e.target()).hasSize(200);
        assertThat(e.detail()).hasSize(2000).startsWith("line 1\nline 2 d");
        assertThat(e.from()).hasSize(64);
        assertThat(audit.record("😀".repeat(60), "login.failed", null, null, null).actor())
                .as("never half a character").isEqualTo("😀".repeat(49) + "…");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void an_action_must_be_a_lower_case_name_dotted_by_subject_and_an_actor_is_required() {
        assertThatThrownBy(() -> audit.record("admin", "statement approve", null, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case name");
        assertThatThrownBy(() -> audit.record("admin", "Statement.Approve", null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> audit.record("admin", "statement.", null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(audit.record("li", "login", "user:li", null, "10.0.0.1").action()).isEqualTo("login");
        assertThat(audit.record("admin", "user.password.reset", "user:li", null, "10.0.0.1").action()).isEqualTo("user.password.reset");
        assertThatThrownBy(() -> audit.record(null, "statement.approve", null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(audit.record("", "login.failed", null, null, "10.0.0.1").actor()).as("a failed login with no name typed").isEmpty();
    }

    @Test
    void listing_filters_by_time_actor_and_action_and_pages_by_seq() {
        AuditCases.appendTen(audit, clock); // actors admin/li alternate, actions statement.approve and receipt.record by thirds

        assertThat(audit.list(new Query(T0.plusSeconds(2), T0.plusSeconds(5), null, null, null, 100))).extracting(Entry::seq)
                .containsExactly(5L, 4L, 3L);
        assertThat(audit.list(new Query(null, null, "li", null, null, 100))).extracting(Entry::seq).containsExactly(10L, 8L, 6L, 4L, 2L);
        assertThat(audit.list(new Query(null, null, null, "receipt.record", null, 100))).extracting(Entry::seq)
                .containsExactly(9L, 6L, 3L);
        List<Entry> page1 = audit.list(new Query(null, null, null, null, null, 4));
        List<Entry> page2 = audit.list(new Query(null, null, null, null, page1.get(3).seq(), 4));
        assertThat(page1).extracting(Entry::seq).containsExactly(10L, 9L, 8L, 7L);
        assertThat(page2).extracting(Entry::seq).containsExactly(6L, 5L, 4L, 3L);
        assertThat(audit.list(new Query(null, null, "li", "receipt.record", 7L, 100))).extracting(Entry::seq).containsExactly(6L);
    }

    @Test
    void a_query_asks_for_1_to_1000_entries_and_a_keep_of_at_least_183_days() {
        assertThatThrownBy(() -> new Query(null, null, null, null, null, 1001)).hasMessageContaining("limit must be 1-1000");
        assertThatThrownBy(() -> new Query(null, null, null, null, null, 0)).hasMessageContaining("limit must be 1-1000");
        assertThatThrownBy(() -> new Query(T0, T0, null, null, null, 10)).hasMessageContaining("from must be before to");
        assertThatThrownBy(() -> new AuditLog(db, clock, 182)).hasMessageContaining("at least 183");
    }
}
