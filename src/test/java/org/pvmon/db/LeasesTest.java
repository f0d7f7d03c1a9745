package org.pvmon.db;

import org.pvmon.registry.Registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
}
