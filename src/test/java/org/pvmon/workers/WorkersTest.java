package org.pvmon.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkersTest {
    private final PrometheusRegistry metrics = new PrometheusRegistry();
    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private final Workers workers = new Workers(metrics, exits::add);

    @Test
    void a_periodic_task_that_throws_once_keeps_running() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleWithFixedDelay(workers.periodic("every-10ms", () -> {
                if (runs.incrementAndGet() == 2) throw new IllegalStateException("the second run fails");
            }), 0, 10, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 5);
        } finally {
            timer.shutdownNow();
        }
        assertThat(failures("every-10ms")).isEqualTo(1);
        assertThat(exits).isEmpty();
        assertThat(workers.dead()).isEmpty();
    }

    @Test
    void a_periodic_task_that_throws_an_error_keeps_running_too() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleWithFixedDelay(workers.periodic("every-10ms", () -> {
                if (runs.incrementAndGet() == 1) throw new AssertionError("not a VirtualMachineError");
            }), 0, 10, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        } finally {
            timer.shutdownNow();
        }
        assertThat(failures("every-10ms")).isEqualTo(1);
        assertThat(exits).isEmpty();
    }

    @Test
    void a_virtual_machine_error_ends_the_process() {
        workers.periodic("oom", () -> {
            throw new OutOfMemoryError("Java heap space");
        }).run();
        assertThat(exits).containsExactly(Workers.EXIT_STATUS);

        Thread t = workers.thread("overflow", () -> {
            throw new StackOverflowError();
        });
        t.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !t.isAlive());
        assertThat(exits).containsExactly(Workers.EXIT_STATUS, Workers.EXIT_STATUS);
        assertThat(workers.dead()).isEmpty(); // not restarted either: the process is gone
    }

    @Test
    void a_worker_thread_that_throws_once_is_restarted_on_the_same_thread() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> threads = new CopyOnWriteArrayList<>();
        Thread t = workers.thread("loop", () -> {
            threads.add(Thread.currentThread().getName());
            if (runs.incrementAndGet() == 1) throw new Error("the first run fails");
            while (!stop.get()) Thread.onSpinWait();
        });
        t.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
        assertThat(t.isAlive()).isTrue();
        assertThat(failures("loop")).isEqualTo(1);
        assertThat(workers.dead()).isEmpty();
        stop.set(true);
        t.join(5000);
        assertThat(t.isAlive()).as("ended once its loop returned").isFalse();
        assertThat(threads).containsExactly("loop", "loop");
        assertThat(workers.dead()).as("asked to stop, not dead").isEmpty();
    }

    @Test
    void a_worker_thread_that_keeps_failing_is_given_up_and_listed_dead() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Thread t = workers.thread("broken", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always");
        });
        t.start();
        t.join(Workers.RESTART_DELAY.multipliedBy(Workers.MAX_FAILURES + 5).toMillis());
        assertThat(t.isAlive()).isFalse();
        assertThat(runs.get()).isEqualTo(Workers.MAX_FAILURES + 1);
        assertThat(failures("broken")).isEqualTo(Workers.MAX_FAILURES + 1);
        assertThat(workers.dead()).containsOnlyKeys("broken");
        assertThat(workers.dead().get("broken").error()).contains("IllegalStateException: always");
        assertThat(exits).isEmpty();
    }

    private long failures(String worker) {
        for (var m : metrics.scrape()) {
            if (!(m instanceof CounterSnapshot c) || !c.getMetadata().getName().equals("pvmon_worker_failures")) continue;
            for (var d : c.getDataPoints()) if (d.getLabels().get("worker").equals(worker)) return (long) d.getValue();
        }
        throw new AssertionError("no pvmon_worker_failures_total{worker=\"" + worker + "\"}");
    }
}
