package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeArgsTest {

    @Test
    void intervals_accept_short_and_iso_forms() {
        assertThat(TimeArgs.duration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(TimeArgs.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(TimeArgs.duration("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(TimeArgs.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(TimeArgs.duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> TimeArgs.duration("soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> TimeArgs.duration("0s")).hasMessageContaining("positive");
    }

    @Test
    void times_are_local_unless_they_carry_an_offset() {
        assertThat(TimeArgs.instant("2026-11-15", PvModel.ZONE)).isEqualTo(Instant.parse("2026-11-14T16:00:00Z"));
        assertThat(TimeArgs.instant("2026-11-15T08:30", PvModel.ZONE)).isEqualTo(Instant.parse("2026-11-15T00:30:00Z"));
        assertThat(TimeArgs.instant("2026-11-15T08:30:00Z", PvModel.ZONE)).isEqualTo(Instant.parse("2026-11-15T08:30:00Z"));
        assertThat(TimeArgs.instant("2026-11-15T08:30+08:00", PvModel.ZONE)).isEqualTo(Instant.parse("2026-11-15T00:30:00Z"));
    }

    @Test
    void boundaries_are_aligned_to_local_midnight() {
        Instant t = Instant.parse("2026-11-15T00:31:10Z"); // 08:31:10 local
        assertThat(TimeArgs.firstBoundary(t, Duration.ofMinutes(5), PvModel.ZONE)).isEqualTo(Instant.parse("2026-11-15T00:35:00Z"));
        assertThat(TimeArgs.firstBoundary(Instant.parse("2026-11-15T00:35:00Z"), Duration.ofMinutes(5), PvModel.ZONE))
                .isEqualTo(Instant.parse("2026-11-15T00:35:00Z"));
    }

    @Test
    void the_simulated_clock_runs_faster_but_never_passes_the_real_now() {
        MutableClock real = new MutableClock(Instant.parse("2026-11-22T02:00:00Z"));
        SimClock sim = new SimClock(real, Instant.parse("2026-11-22T00:00:00Z"), 60);
        real.advance(Duration.ofSeconds(60));
        assertThat(sim.now()).isEqualTo(Instant.parse("2026-11-22T01:00:00Z"));
        assertThat(sim.realTimeOf(Instant.parse("2026-11-22T01:30:00Z"))).isEqualTo(Instant.parse("2026-11-22T02:01:30Z"));
        real.advance(Duration.ofSeconds(300));
        assertThat(sim.now()).isEqualTo(real.instant());
        assertThat(sim.realTimeOf(real.instant().plusSeconds(60))).isEqualTo(real.instant().plusSeconds(60));
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
