package org.pvmon.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.config.Config;
import org.pvmon.registry.Registry;

/** Sessions end when idle, at their absolute limit and when the user is disabled; one-time passwords; lockout ends by itself. */
class SessionsTest {
    @TempDir
    Path dir;

    /** A clock that the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-20T02:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final Config.Auth auth = new Config.Auth(Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(15), "auto",
            List.of(), List.of());

    @Test
    void a_session_ends_after_the_idle_time_and_at_the_absolute_limit_even_when_used() {
        MovingClock clock = new MovingClock();
        Registry registry = Registry.openSqlite(dir.resolve("registry.db"));
        Accounts accounts = new Accounts(registry.database(), registry, auth, clock);
        Sessions sessions = new Sessions(registry.database(), auth, clock);
        User u = accounts.createFirstAdmin().orElseThrow().user();

        Sessions.Session idle = sessions.open(u, "10.0.0.1");
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(idle.secret())).isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.find(idle.secret())).as("31 minutes idle").isEmpty();

        Sessions.Session busy = sessions.open(u, "10.0.0.1");
        for (int i = 0; i < 24; i++) { // a request every 25 minutes for 10 hours: kept alive
            clock.advance(Duration.ofMinutes(25));
            assertThat(sessions.find(busy.secret())).as("after " + (i + 1) * 25 + " minutes").isPresent();
        }
        clock.advance(Duration.ofMinutes(25 * 5)); // past 12 hours in steps under the idle time
        assertThat(sessions.find(busy.secret())).as("12 hours after sign-in").isEmpty();

        Sessions.Session live = sessions.open(u, "10.0.0.1");
        assertThat(sessions.find("not-a-session")).isEmpty();
        accounts.update(u.id(), null, null, null, true);
        assertThat(sessions.find(live.secret())).as("the user was disabled").isEmpty();
    }

    @Test
    void a_one_time_password_must_become_a_strong_one_and_a_lock_ends_by_itself() {
        MovingClock clock = new MovingClock();
        Registry registry = Registry.openSqlite(dir.resolve("registry.db"));
        Accounts accounts = new Accounts(registry.database(), registry, auth, clock);
        Accounts.Created admin = accounts.createFirstAdmin().orElseThrow();
        assertThat(accounts.createFirstAdmin()).as("only on the very first start").isEmpty();
        assertThat(admin.user().mustChangePassword()).isTrue();
        assertThat(accounts.signIn("ADMIN", admin.password(), "a").mustChangePassword()).isTrue();

        for (String weak : List.of("short1", "onlyletterslong", "1234567890123", "xadmin-2026-longer")) {
            assertThatThrownBy(() -> accounts.changePassword(admin.user().id(), admin.password(), weak))
                    .isInstanceOf(AccessException.class).extracting(e -> ((AccessException) e).reason()).isEqualTo(AccessException.Reason.WEAK_PASSWORD);
        }
        assertThatThrownBy(() -> accounts.changePassword(admin.user().id(), "wrong", "Good-password-1"))
                .extracting(e -> ((AccessException) e).reason()).isEqualTo(AccessException.Reason.BAD_CREDENTIALS);
        assertThat(accounts.changePassword(admin.user().id(), admin.password(), "Good-password-1").mustChangePassword()).isFalse();

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> accounts.signIn("admin", "nope", "b")).extracting(e -> ((AccessException) e).reason())
                    .isEqualTo(AccessException.Reason.BAD_CREDENTIALS);
        }
        assertThatThrownBy(() -> accounts.signIn("admin", "Good-password-1", "b")).as("locked: even the right password")
                .extracting(e -> ((AccessException) e).reason()).isEqualTo(AccessException.Reason.LOCKED);
        clock.advance(Duration.ofMinutes(16));
        assertThat(accounts.signIn("admin", "Good-password-1", "b").username()).isEqualTo("admin");
    }
}
