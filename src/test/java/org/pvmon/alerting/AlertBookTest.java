package org.pvmon.alerting;

import org.pvmon.db.Database;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.alerts.AlertType;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.money.Money;
import org.pvmon.alerting.AlertBook.Changes;
import org.pvmon.alerting.AlertBook.Status;
import org.pvmon.alerting.AlertBook.Stored;

class AlertBookTest {
    private static final Instant T0 = Instant.parse("2026-11-20T04:00:00Z");

    @TempDir
    Path dir;

    private AlertBook book() {
        return new AlertBook(Database.openSqlite(dir.resolve("registry.db")));
    }

    private static Condition offline(String kwh) {
        return new Condition("S1", AlertType.OFFLINE, T0.minusSeconds(3600), "silent", new BigDecimal(kwh),
                Money.ofFen(new BigDecimal(kwh).multiply(new BigDecimal("39.49")).longValue()));
    }

    private static Evaluation eval(Instant at, List<Condition> conditions, Map<String, Set<AlertType>> recovered) {
        return new Evaluation(at, conditions, recovered, Set.of());
    }

    @Test
    void a_condition_opens_one_alert_updates_it_and_recovery_resolves_it_even_when_acknowledged() {
        AlertBook book = book();
        Changes first = book.apply(eval(T0, List.of(offline("12.0")), Map.of()));
        assertThat(first.opened()).hasSize(1);
        long id = first.opened().get(0);

        Changes second = book.apply(eval(T0.plusSeconds(60), List.of(offline("12.2")), Map.of()));
        assertThat(second.opened()).isEmpty();
        assertThat(second.updated()).containsExactly(id);
        Stored a = book.find(id).orElseThrow();
        assertThat(a.lostKwh()).isEqualTo(new BigDecimal("12.2"));
        assertThat(a.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(a.since()).isEqualTo(T0.minusSeconds(3600));

        book.acknowledge(id, "王工", "crew on the way", T0.plusSeconds(90));
        assertThat(book.apply(eval(T0.plusSeconds(120), List.of(), Map.of())).resolved()).as("no evidence of recovery").isEmpty();
        assertThat(book.find(id).orElseThrow().status()).isEqualTo(Status.ACKNOWLEDGED);

        Changes third = book.apply(eval(T0.plusSeconds(180), List.of(), Map.of("S1", Set.of(AlertType.OFFLINE))));
        assertThat(third.resolved()).containsExactly(id);
        Stored done = book.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(Status.RESOLVED);
        assertThat(done.resolved().by()).isEqualTo(AlertBook.AUTO);
        assertThat(done.acknowledged().by()).isEqualTo("王工");

        Changes again = book.apply(eval(T0.plusSeconds(240), List.of(offline("1.0")), Map.of()));
        assertThat(again.opened()).as("a resolved alert never reopens").hasSize(1).doesNotContain(id);
        assertThat(book.all()).hasSize(2);
        assertThat(book.open()).hasSize(1);
    }

    /**
     * An OFFLINE alert opened over a gap in the data (silent since 23:45 the night before) and readings that arrive
     * later up to 09:10, after which the station is silent again: that is another outage, resolved and opened as its
     * own, each notified; not folded into the first.
     */
    @Test
    void an_offline_silence_that_began_later_than_the_open_alerts_is_a_new_alert() {
        AlertBook book = book();
        Instant gap = Instant.parse("2026-11-19T15:45:00Z"); // 23:45 local, the night before
        long first = book.apply(eval(T0, List.of(new Condition("S1", AlertType.OFFLINE, gap, "silent", new BigDecimal("40.0"),
                Money.ofYuan("15.80"))), Map.of())).opened().get(0);

        Instant realOutage = Instant.parse("2026-11-20T01:10:00Z"); // 09:10 local
        Changes c = book.apply(eval(T0.plusSeconds(120), List.of(new Condition("S1", AlertType.OFFLINE, realOutage, "silent",
                new BigDecimal("2.0"), Money.ofYuan("0.79"))), Map.of()));

        assertThat(c.resolved()).containsExactly(first);
        assertThat(c.opened()).hasSize(1).doesNotContain(first);
        assertThat(book.find(first).orElseThrow().resolved().comment()).contains("readings arrived after");
        assertThat(book.find(c.opened().get(0)).orElseThrow().since()).isEqualTo(realOutage);
        assertThat(book.open()).hasSize(1);

        Changes same = book.apply(eval(T0.plusSeconds(180), List.of(new Condition("S1", AlertType.OFFLINE, realOutage, "silent",
                new BigDecimal("2.1"), Money.ofYuan("0.83"))), Map.of()));
        assertThat(same.updated()).as("the same silence updates it").containsExactly(c.opened().get(0));
        assertThat(same.opened()).isEmpty();
    }

    @Test
    void a_resolved_alert_cannot_be_acknowledged_or_resolved_again_and_an_older_evaluation_does_not_move_it_back() {
        AlertBook book = book();
        long id = book.apply(eval(T0, List.of(offline("5.0")), Map.of())).opened().get(0);
        assertThat(book.apply(eval(T0.minusSeconds(60), List.of(offline("4.0")), Map.of())).updated()).isEmpty();
        book.resolve(id, "李四", "logger replaced", T0.plusSeconds(60));
        assertThatThrownBy(() -> book.acknowledge(id, "张三", null, T0.plusSeconds(120)))
                .isInstanceOf(AlertConflictException.class).hasMessageContaining("RESOLVED");
        assertThatThrownBy(() -> book.resolve(id, "张三", null, T0.plusSeconds(120))).isInstanceOf(AlertConflictException.class);
        assertThatThrownBy(() -> book.resolve(99, "张三", null, T0)).isInstanceOf(AlertConflictException.class);
        assertThat(book.find(id).orElseThrow().resolved().comment()).isEqualTo("logger replaced");
    }
}
