package org.pvmon.db;

import org.pvmon.registry.Registry;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.pvmon.testing.HandClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeasesTest {
    private static final Instant T0 = Instant.parse("2026-11-20T04:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void of_two_holders_only_one_holds_the_lease_until_it_expires_then_the_other_takes_over() {
        Registry registry = Registry.openSqlite(dir.resolve("registry.db"));
        Leases a = new Leases(registry.database());
        Leases b = new Leases(Database.openSqlite(dir.resolve("registry.db"))); // a second instance on the same database

        assertThat(a.acquire("alert-evaluation", "one", T0, TTL)).isTrue();
        assertThat(b.acquire("alert-evaluation", "two", T0.plusSeconds(1), TTL)).isFalse();
        assertThat(a.acquire("alert-evaluation", "one", T0.plusSeconds(60), TTL)).as("renewed by its holder").isTrue();
        assertThat(b.acquire("alert-evaluation", "two", T0.plus(TTL).plusSeconds(1), TTL)).as("renewal moved the expiry").isFalse();
        assertThat(a.holder("alert-evaluation", T0.plusSeconds(61))).contains("one");

        Instant expired = T0.plusSeconds(60).plus(TTL).plusSeconds(1);
        assertThat(b.acquire("alert-evaluation", "two", expired, TTL)).as("after expiry").isTrue();
        assertThat(a.acquire("alert-evaluation", "one", expired.plusSeconds(1), TTL)).isFalse();
        assertThat(a.holder("alert-evaluation", expired)).contains("two");
    }

    @Test
    void a_released_lease_is_free_at_once_and_leases_are_independent_by_name() {
        Leases leases = new Leases(Database.openSqlite(dir.resolve("registry.db")));
        assertThat(leases.acquire("alert-evaluation", "one", T0, TTL)).isTrue();
        assertThat(leases.acquire("other-job", "two", T0, TTL)).isTrue();
        leases.release("alert-evaluation", "two"); // not the holder: no effect
        assertThat(leases.acquire("alert-evaluation", "two", T0, TTL)).isFalse();
        leases.release("alert-evaluation", "one");
        assertThat(leases.acquire("alert-evaluation", "two", T0, TTL)).isTrue();
    }

    /** Two instances' leases on one database, on one wall clock and each its own monotonic clock, moved by hand. */
    private final HandClock wall = new HandClock(T0);
    private final AtomicLong nanosA = new AtomicLong(1_000_000_000L);
    private final AtomicLong nanosB = new AtomicLong(-5_000_000_000L); // monotonic clocks have no common origin

    private void pass(Duration d) {
        wall.set(wall.instant().plus(d));
        nanosA.addAndGet(d.toNanos());
        nanosB.addAndGet(d.toNanos());
    }

    @Test
    void a_kept_lease_is_held_by_one_instance_and_taken_over_within_ttl_and_one_renewal_of_its_holder_dying() {
        Database db = Database.openSqlite(dir.resolve("registry.db"));
        Leases one = Leases.byHand(db, wall, nanosA::get, new PrometheusRegistry());
        Leases two = Leases.byHand(Database.openSqlite(dir.resolve("registry.db")), wall, nanosB::get, new PrometheusRegistry());
        Leases.Lease a = one.keep("energy-days", "pvmon-1");
        Leases.Lease b = two.keep("energy-days", "pvmon-2");
        assertThat(a.held()).isTrue();
        assertThat(b.held()).isFalse();

        for (int i = 0; i < 30; i++) { // five minutes of renewals: the holder keeps it however long its job runs
            pass(Leases.RENEW_EVERY);
            one.renewAll();
            two.renewAll();
            assertThat(a.held()).isTrue();
            assertThat(b.held()).isFalse();
        }

        // pvmon-1 dies right after a renewal (kill -9: nothing released); pvmon-2 goes on trying every RENEW_EVERY
        Duration waited = Duration.ZERO;
        while (!b.held()) {
            pass(Leases.RENEW_EVERY);
            waited = waited.plus(Leases.RENEW_EVERY);
            two.renewAll();
            assertThat(waited).isLessThanOrEqualTo(Leases.TTL.plus(Leases.RENEW_EVERY));
        }
        assertThat(waited).as("taken once the lease expired, at the next try").isGreaterThanOrEqualTo(Leases.TTL);
        assertThat(new Leases(db).holder("energy-days", wall.instant())).contains("pvmon-2");
        assertThat(a.held()).as("the dead holder's own view ran out before the expiry").isFalse();
    }

    @Test
    void a_holder_that_cannot_renew_stops_counting_on_its_lease_before_it_expires() {
        Leases one = Leases.byHand(Database.openSqlite(dir.resolve("registry.db")), wall, nanosA::get, new PrometheusRegistry());
        Leases.Lease a = one.keep("alert-evaluation", "pvmon-1");
        pass(Leases.TTL.minus(Leases.MARGIN).minusSeconds(1));
        assertThat(a.held()).isTrue();
        pass(Duration.ofSeconds(1)); // no renewal since (the database was away): TTL - MARGIN after the last one
        assertThat(a.held()).isFalse();
        assertThat(new Leases(Database.openSqlite(dir.resolve("registry.db"))).holder("alert-evaluation", wall.instant()))
                .as("still written as its own for MARGIN: nobody else may start yet").contains("pvmon-1");
    }

    @Test
    void a_holder_started_again_under_its_name_takes_its_lease_back_at_once_and_a_closed_one_is_free_at_once() {
        Leases one = Leases.byHand(Database.openSqlite(dir.resolve("registry.db")), wall, nanosA::get, new PrometheusRegistry());
        one.keep("alert-evaluation", "pvmon-1"); // then killed: never closed
        pass(Duration.ofSeconds(3));
        Leases again = Leases.byHand(Database.openSqlite(dir.resolve("registry.db")), wall, nanosA::get, new PrometheusRegistry());
        Leases.Lease restarted = again.keep("alert-evaluation", "pvmon-1");
        assertThat(restarted.held()).isTrue();

        Leases two = Leases.byHand(Database.openSqlite(dir.resolve("registry.db")), wall, nanosB::get, new PrometheusRegistry());
        Leases.Lease b = two.keep("alert-evaluation", "pvmon-2");
        assertThat(b.held()).isFalse();
        restarted.close(); // a clean stop releases it
        assertThat(restarted.held()).isFalse();
        two.renewAll();
        assertThat(b.held()).isTrue();
    }

    @Test
    void the_metric_says_which_leases_this_instance_holds() throws Exception {
        PrometheusRegistry metrics = new PrometheusRegistry();
        Leases one = Leases.byHand(Database.openSqlite(dir.resolve("registry.db")), wall, nanosA::get, metrics);
        new Leases(Database.openSqlite(dir.resolve("registry.db"))).acquire("energy-days", "pvmon-2", T0, Leases.TTL);
        one.keep("alert-evaluation", "pvmon-1");
        one.keep("energy-days", "pvmon-1");
        var out = new java.io.ByteArrayOutputStream();
        new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, metrics.scrape());
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("pvmon_lease_held{lease=\"alert-evaluation\"} 1.0").contains("pvmon_lease_held{lease=\"energy-days\"} 0.0");
    }
}
