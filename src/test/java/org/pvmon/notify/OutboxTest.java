package org.pvmon.notify;

import org.pvmon.alerting.AlertBook;
import org.pvmon.registry.Registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.money.Money;
import org.pvmon.notify.Outbox.Delivery;
import org.pvmon.notify.Outbox.Status;

class OutboxTest {
    private static final Instant T0 = Instant.parse("2026-11-20T04:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Registry registry() {
        return Registry.openSqlite(dir.resolve("registry.db"));
    }

    private static Evaluation offline(Instant at, String station, String kwh) {
        return new Evaluation(at, List.of(new Condition(station, AlertType.OFFLINE, T0.minusSeconds(3600), "silent",
                new BigDecimal(kwh), Money.ofFen(1234))), Map.of(), Set.of());
    }

    private static Evaluation recovered(Instant at, String station) {
        return new Evaluation(at, List.of(), Map.of(station, Set.of(AlertType.OFFLINE)), Set.of());
    }

    @Test
    void opening_and_resolving_an_alert_records_one_event_each_with_the_figures_of_that_moment() {
        Registry r = registry();
        AlertBook book = new AlertBook(r.database());
        Outbox outbox = new Outbox(r.database());
        long id = book.apply(offline(T0, "S1", "12.0")).opened().get(0);
        book.apply(offline(T0.plusSeconds(60), "S1", "12.5")); // an update is not an event
        book.apply(recovered(T0.plusSeconds(120), "S1"));
        long manual = book.apply(offline(T0.plusSeconds(180), "S2", "3.0")).opened().get(0);
        book.resolve(manual, "李四", "logger replaced", T0.plusSeconds(240));

        assertThat(outbox.fanOut("webhook", T0.plusSeconds(300), DAY)).isEqualTo(4);
        assertThat(outbox.fanOut("webhook", T0.plusSeconds(300), DAY)).as("once per event and receiver").isZero();
        List<Delivery> all = outbox.list(null, 100);
        assertThat(all).extracting(d -> d.event().alertId() + " " + d.event().event())
                .containsExactly(manual + " resolved", manual + " opened", id + " resolved", id + " opened");
        Outbox.Event opened = all.get(3).event();
        assertThat(opened.at()).isEqualTo(T0);
        assertThat(opened.lostKwh()).isEqualTo(new BigDecimal("12.0"));
        assertThat(opened.stationId()).isEqualTo("S1");
        assertThat(all.get(2).event().lostKwh()).as("resolved carries the latest figures").isEqualTo(new BigDecimal("12.5"));
        assertThat(all.get(2).event().resolvedBy()).isEqualTo(AlertBook.AUTO);
        assertThat(all.get(0).event().resolvedBy()).isEqualTo("李四");
        assertThat(all.get(0).event().comment()).isEqualTo("logger replaced");
        assertThat(all).allMatch(d -> d.status() == Status.PENDING && d.attempts() == 0);
    }

    @Test
    void only_one_holder_claims_a_delivery_and_a_receiver_gets_its_events_in_order() {
        Registry r = registry();
        Outbox outbox = new Outbox(r.database());
        new AlertBook(r.database()).apply(offline(T0, "S1", "1.0"));
        new AlertBook(r.database()).apply(offline(T0.plusSeconds(1), "S2", "1.0"));
        outbox.fanOut("wecom", T0, DAY);
        Instant now = T0.plusSeconds(2);

        Delivery first = outbox.claimNext("wecom", "pvmon-1", now, LEASE).orElseThrow();
        assertThat(first.event().stationId()).isEqualTo("S1");
        assertThat(outbox.claimNext("wecom", "pvmon-2", now, LEASE)).as("claimed by pvmon-1").isEmpty();

        outbox.retry(first, "pvmon-1", now, "HTTP 500: busy", now.plusSeconds(10));
        assertThat(outbox.claimNext("wecom", "pvmon-2", now.plusSeconds(5), LEASE))
                .as("the head waits for its retry, and the later event waits behind it").isEmpty();
        Delivery again = outbox.claimNext("wecom", "pvmon-2", now.plusSeconds(10), LEASE).orElseThrow();
        assertThat(again.event().id()).isEqualTo(first.event().id());
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("HTTP 500: busy");

        outbox.sent(again, "pvmon-1", now.plusSeconds(11)); // not the holder: no effect
        assertThat(outbox.list(Status.SENT, 10)).isEmpty();
        outbox.sent(again, "pvmon-2", now.plusSeconds(11));
        assertThat(outbox.list(Status.SENT, 10)).extracting(d -> d.event().stationId()).containsExactly("S1");
        assertThat(outbox.claimNext("wecom", "pvmon-1", now.plusSeconds(12), LEASE)).map(d -> d.event().stationId())
                .isEqualTo(Optional.of("S2"));
    }

    @Test
    void an_expired_claim_is_taken_over_and_a_failed_delivery_lets_the_next_one_go() {
        Registry r = registry();
        Outbox outbox = new Outbox(r.database());
        new AlertBook(r.database()).apply(offline(T0, "S1", "1.0"));
        new AlertBook(r.database()).apply(offline(T0.plusSeconds(1), "S2", "1.0"));
        outbox.fanOut("dingtalk", T0, DAY);

        Delivery crashed = outbox.claimNext("dingtalk", "pvmon-1", T0.plusSeconds(2), LEASE).orElseThrow();
        Delivery taken = outbox.claimNext("dingtalk", "pvmon-2", T0.plusSeconds(2).plus(LEASE).plusMillis(1), LEASE).orElseThrow();
        assertThat(taken.event().id()).isEqualTo(crashed.event().id());

        outbox.failed(taken, "pvmon-2", T0.plusSeconds(40), "errcode 310000: keywords not in content");
        assertThat(outbox.list(Status.FAILED, 10)).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastError()).contains("310000");
        });
        assertThat(outbox.claimNext("dingtalk", "pvmon-2", T0.plusSeconds(41), LEASE)).map(d -> d.event().stationId())
                .isEqualTo(Optional.of("S2"));
        assertThat(outbox.counts()).containsEntry("dingtalk", Map.of(Status.PENDING, 1L, Status.SENT, 0L, Status.FAILED, 1L));
    }

    @Test
    void a_receiver_gets_only_the_events_of_the_window_and_receivers_are_independent() {
        Registry r = registry();
        Outbox outbox = new Outbox(r.database());
        new AlertBook(r.database()).apply(offline(T0, "S1", "1.0"));
        new AlertBook(r.database()).apply(offline(T0.plus(Duration.ofHours(30)), "S2", "1.0"));

        assertThat(outbox.fanOut("mqtt", T0.plus(Duration.ofHours(31)), DAY)).as("the 30-hour-old event is out of the window").isEqualTo(1);
        assertThat(outbox.fanOut("webhook", T0.plus(Duration.ofHours(31)), Duration.ofHours(48))).isEqualTo(2);
        Delivery m = outbox.claimNext("mqtt", "pvmon-1", T0.plus(Duration.ofHours(31)), LEASE).orElseThrow();
        assertThat(m.event().stationId()).isEqualTo("S2");
        assertThat(outbox.claimNext("webhook", "pvmon-1", T0.plus(Duration.ofHours(31)), LEASE).orElseThrow().event().stationId())
                .isEqualTo("S1");
    }
}
