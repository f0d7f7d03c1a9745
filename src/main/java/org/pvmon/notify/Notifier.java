package org.pvmon.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pvmon.config.Config;
import org.pvmon.registry.Registry;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's notifications: one thread per configured receiver polls every {@code notify.poll-ms}, fans new
 * events out into that receiver's deliveries, then claims and sends its due deliveries oldest first. A failed attempt
 * is retried after {@code retry-initial x 2^(attempts-1)}, at most {@code retry-max}; a delivery still failing
 * {@code give-up-hours} after it was queued, or refused for good (e.g. HTTP 400), becomes FAILED. Times come from the
 * injected clock.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final Config.Notify cfg;
    private final Registry registry;
    private final Outbox outbox;
    private final Clock clock;
    private final List<Receiver> receivers = new ArrayList<>();
    private final Counter sent;
    private final Counter failedAttempts;
    private final Counter givenUp;
    private final Workers workers;
    private ScheduledExecutorService executor;
    private String holder;

    /** {@code workers}: supervises the senders' schedules. */
    public Notifier(Config.Notify cfg, Config.Mqtt broker, Registry registry, Outbox outbox, PrometheusRegistry metrics, Clock clock,
                    Workers workers) {
        this.cfg = cfg;
        this.workers = workers;
        this.registry = registry;
        this.outbox = outbox;
        this.clock = clock;
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        HttpClient http = HttpClient.newBuilder().connectTimeout(cfg.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        if (!cfg.webhookUrl().isEmpty()) receivers.add(new HttpReceiver(HttpReceiver.Kind.WEBHOOK, cfg.webhookUrl(), "", http, cfg.timeout(), json));
        if (!cfg.wecomUrl().isEmpty()) receivers.add(new HttpReceiver(HttpReceiver.Kind.WECOM, cfg.wecomUrl(), "", http, cfg.timeout(), json));
        if (!cfg.dingtalkUrl().isEmpty()) {
            receivers.add(new HttpReceiver(HttpReceiver.Kind.DINGTALK, cfg.dingtalkUrl(), cfg.dingtalkSecret(), http, cfg.timeout(), json));
        }
        if (!cfg.mqttTopic().isEmpty()) receivers.add(new MqttReceiver(broker, cfg.mqttTopic(), cfg.timeout(), json));
        sent = Counter.builder().name("pvmon_notify_sent_total").help("Notifications delivered by this instance, by receiver")
                .labelNames("receiver").register(metrics);
        failedAttempts = Counter.builder().name("pvmon_notify_failed_attempts_total")
                .help("Delivery attempts that failed (retried or given up), by receiver").labelNames("receiver").register(metrics);
        givenUp = Counter.builder().name("pvmon_notify_given_up_total")
                .help("Notifications given up (FAILED) by this instance, by receiver").labelNames("receiver").register(metrics);
        for (Receiver r : receivers) {
            sent.labelValues(r.name());
            failedAttempts.labelValues(r.name());
            givenUp.labelValues(r.name());
        }
        GaugeWithCallback.builder().name("pvmon_notify_deliveries")
                .help("Notification deliveries in the shared outbox, by receiver and status (pending, sent, failed)")
                .labelNames("receiver", "status").callback(cb -> {
                    try {
                        for (Map.Entry<String, Map<Outbox.Status, Long>> r : outbox.counts().entrySet()) {
                            r.getValue().forEach((s, n) -> cb.call(n, r.getKey(), s.name().toLowerCase(java.util.Locale.ROOT)));
                        }
                    } catch (RuntimeException e) {
                        log.debug("outbox counts unavailable: {}", e.toString());
                    }
                }).register(metrics);
    }

    /** The names of the configured receivers (empty: notifications are off). */
    public List<String> receivers() {
        return receivers.stream().map(Receiver::name).toList();
    }

    /** Starts one sender per receiver as claim holder {@code holder} (the instance's stable id). */
    public synchronized void start(String holder) {
        if (executor != null) throw new IllegalStateException("already started");
        this.holder = holder;
        if (receivers.isEmpty()) {
            log.info("notifications off (no notify.* receiver configured)");
            return;
        }
        executor = Executors.newScheduledThreadPool(receivers.size(), r -> {
            Thread t = new Thread(r, "notify");
            t.setDaemon(true);
            return t;
        });
        for (Receiver r : receivers) {
            Runnable sender = workers.periodic("notify-" + r.name(), () -> poll(r));
            executor.scheduleWithFixedDelay(sender, 0, cfg.poll().toMillis(), TimeUnit.MILLISECONDS);
        }
        log.info("notifications to {} (retry {} doubling up to {}, give up after {})", receivers(), cfg.retryInitial(),
                cfg.retryMax(), cfg.giveUpAfter());
    }

    /**
     * One poll of receiver {@code r}: fan out new events, then send every due delivery in order. A failure is logged and
     * the next poll tries again; an unexpected error goes to the supervisor ({@link Workers}), which keeps the sender going.
     */
    void poll(Receiver r) {
        try {
            outbox.fanOut(r.name(), clock.instant(), cfg.giveUpAfter());
            Duration lease = cfg.timeout().multipliedBy(2).plusSeconds(30);
            List<Outbox.Delivery> due;
            while (!Thread.currentThread().isInterrupted()
                    && !(due = outbox.claimDue(r.name(), holder, clock.instant(), lease, r.digestMax())).isEmpty()) {
                deliver(r, due);
            }
        } catch (RuntimeException e) {
            log.warn("notify {}: {}; trying again in {}", r.name(), e.toString(), cfg.poll(), e);
        }
    }

    /** Sends {@code due} (claimed, in event order) as one message and records the outcome of each. */
    private void deliver(Receiver r, List<Outbox.Delivery> due) {
        List<Notice> notices = new ArrayList<>(due.size());
        for (Outbox.Delivery d : due) notices.add(Notice.of(d.event(), registry, cfg.link()));
        String what = due.size() == 1 ? "alert " + due.get(0).event().alertId() + " " + due.get(0).event().event()
                : due.size() + " events (digest, alerts " + due.stream().map(d -> Long.toString(d.event().alertId())).toList() + ")";
        try {
            r.send(notices);
            Instant now = clock.instant();
            for (Outbox.Delivery d : due) {
                outbox.sent(d, holder, now);
                sent.labelValues(r.name()).inc();
            }
            int attempts = due.stream().mapToInt(Outbox.Delivery::attempts).max().orElse(0);
            if (attempts > 0) log.info("notify {}: {} delivered after {} failed attempts", r.name(), what, attempts);
        } catch (DeliveryException x) {
            Instant now = clock.instant();
            for (Outbox.Delivery d : due) {
                failedAttempts.labelValues(r.name()).inc();
                int attempts = d.attempts() + 1;
                if (x.permanent || !now.isBefore(d.createdAt().plus(cfg.giveUpAfter()))) {
                    outbox.failed(d, holder, now, x.getMessage());
                    givenUp.labelValues(r.name()).inc();
                    log.warn("notify {}: alert {} {} FAILED after {} attempts ({}): {}", r.name(), d.event().alertId(), d.event().event(),
                            attempts, x.permanent ? "refused for good" : "gave up", x.getMessage());
                } else {
                    Duration wait = backoff(cfg, attempts);
                    outbox.retry(d, holder, now, x.getMessage(), now.plus(wait));
                    log.warn("notify {}: alert {} {} attempt {} failed ({}); retrying in {}", r.name(), d.event().alertId(),
                            d.event().event(), attempts, x.getMessage(), wait);
                }
            }
        }
    }

    /** The wait after the {@code attempts}-th failed attempt: initial x 2^(attempts-1), at most the maximum. */
    static Duration backoff(Config.Notify cfg, int attempts) {
        Duration d = cfg.retryInitial().multipliedBy(1L << Math.min(attempts - 1, 30));
        return d.compareTo(cfg.retryMax()) > 0 ? cfg.retryMax() : d;
    }

    /** Stops the senders (an attempt in flight ends within its timeout) and closes the receivers. */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(cfg.timeout().toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                    log.warn("notification senders did not stop in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        for (Receiver r : receivers) r.close();
    }
}
