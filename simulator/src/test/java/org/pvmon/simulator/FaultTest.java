package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTest {

    private static Instant local(int day, int hour) {
        return ZonedDateTime.of(2026, 11, day, hour, 0, 0, 0, PvModel.ZONE).toInstant();
    }

    @Test
    void a_fault_without_a_window_lasts_for_the_whole_run() {
        Fault f = Fault.parse("YN-JZ-003=offline", PvModel.ZONE);
        assertThat(f).isEqualTo(new Fault("YN-JZ-003", Fault.Kind.OFFLINE, 1, 0, null, null));
        Instant runStart = local(20, 0);
        assertThat(f.activeAt(local(19, 23), runStart)).isFalse();
        assertThat(f.activeAt(runStart, runStart)).isTrue();
        assertThat(f.activeAt(local(30, 12), runStart)).isTrue();
    }

    @Test
    void a_window_is_local_time_start_inclusive_end_exclusive() {
        Fault f = Fault.parse("YN-JZ-003=offline@2026-11-20T09:00/2026-11-20T15:00", PvModel.ZONE);
        assertThat(f.from()).isEqualTo(Instant.parse("2026-11-20T01:00:00Z"));
        assertThat(f.to()).isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
        assertThat(f.activeAt(local(20, 9), Instant.EPOCH)).isTrue();
        assertThat(f.activeAt(local(20, 15), Instant.EPOCH)).isFalse();

        Fault days = Fault.parse("YN-1=zero@2026-11-20/", PvModel.ZONE);
        assertThat(days.from()).isEqualTo(LocalDate.of(2026, 11, 20).atStartOfDay(PvModel.ZONE).toInstant());
        assertThat(days.to()).isNull();
    }

    @Test
    void kinds_with_arguments_are_parsed() {
        assertThat(Fault.parse("A=degraded:0.5", PvModel.ZONE).factor()).isEqualTo(0.5);
        assertThat(Fault.parse("A=meter-reset@2026-11-20T10:00/", PvModel.ZONE).kind()).isEqualTo(Fault.Kind.METER_RESET);
        assertThat(Fault.parse("A=inverter-fault", PvModel.ZONE).code()).isEqualTo(Fault.DEFAULT_FAULT_CODE);
        assertThat(Fault.parse("A=inverter-fault:517", PvModel.ZONE).code()).isEqualTo(517);
        assertThat(Fault.parse("A=ZERO", PvModel.ZONE).kind()).isEqualTo(Fault.Kind.ZERO);
    }

    @Test
    void bad_specs_say_what_is_wrong() {
        assertThatThrownBy(() -> Fault.parse("offline", PvModel.ZONE)).hasMessageContaining("missing station id");
        assertThatThrownBy(() -> Fault.parse("A=melted", PvModel.ZONE)).hasMessageContaining("unknown fault kind 'melted'");
        assertThatThrownBy(() -> Fault.parse("A=degraded", PvModel.ZONE)).hasMessageContaining("degraded needs a factor");
        assertThatThrownBy(() -> Fault.parse("A=degraded:1.5", PvModel.ZONE)).hasMessageContaining("within 0..1");
        assertThatThrownBy(() -> Fault.parse("A=offline:3", PvModel.ZONE)).hasMessageContaining("offline takes no argument");
        assertThatThrownBy(() -> Fault.parse("A=offline@2026-11-20T09:00", PvModel.ZONE)).hasMessageContaining("FROM/TO");
        assertThatThrownBy(() -> Fault.parse("A=offline@yesterday/today", PvModel.ZONE)).hasMessageContaining("'yesterday' is not a local time");
        assertThatThrownBy(() -> Fault.parse("A=offline@2026-11-20T15:00/2026-11-20T09:00", PvModel.ZONE)).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> Fault.parse("A B=offline", PvModel.ZONE)).hasMessageContaining("not a valid station id");
    }

    @Test
    void faults_change_the_readings_as_documented() {
        Station s = new Station("YN-1", "n", "v", "t", "c", 50, 35.55, 118.46, LocalDate.of(2016, 6, 1));
        Instant noon = local(20, 12);
        Reading normal = new Simulation(List.of(s), 42, FaultPlan.none()).reading(s, noon).orElseThrow();
        assertThat(normal.powerKw()).isPositive();

        Simulation offline = sim(s, "YN-1=offline@2026-11-20T09:00/2026-11-20T15:00");
        assertThat(offline.reading(s, noon)).isEmpty();
        assertThat(offline.reading(s, local(20, 16)).orElseThrow().energyKwh())
                .as("the meter keeps counting while the logger is offline")
                .isEqualTo(new Simulation(List.of(s), 42, FaultPlan.none()).reading(s, local(20, 16)).orElseThrow().energyKwh());

        Simulation zero = sim(s, "YN-1=zero@2026-11-20T09:00/2026-11-20T15:00");
        Reading z = zero.reading(s, noon).orElseThrow();
        assertThat(z.powerKw()).isZero();
        assertThat(z.state()).isEqualTo("running");
        assertThat(z.energyKwh()).isEqualTo(zero.reading(s, local(20, 9)).orElseThrow().energyKwh());

        Reading d = sim(s, "YN-1=degraded:0.5").reading(s, noon).orElseThrow();
        assertThat(d.powerKw()).isCloseTo(normal.powerKw() / 2, org.assertj.core.data.Offset.offset(1e-9));

        Simulation reset = sim(s, "YN-1=meter-reset@2026-11-20T10:00/");
        assertThat(reset.reading(s, local(20, 9)).orElseThrow().energyKwh()).isGreaterThan(100_000);
        double after = reset.reading(s, noon).orElseThrow().energyKwh();
        assertThat(after).isBetween(1.0, 100.0);

        Reading f = sim(s, "YN-1=inverter-fault:517").reading(s, noon).orElseThrow();
        assertThat(f.state()).isEqualTo("fault");
        assertThat(f.faultCode()).isEqualTo(517);
        assertThat(f.powerKw()).isZero();
    }

    private static Simulation sim(Station s, String spec) {
        return new Simulation(List.of(s), 42, new FaultPlan(List.of(Fault.parse(spec, PvModel.ZONE)), local(20, 0)));
    }
}
