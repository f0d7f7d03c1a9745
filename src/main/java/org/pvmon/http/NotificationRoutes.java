package org.pvmon.http;

import org.pvmon.energy.Periods;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pvmon.notify.Outbox;

/** The delivery state of alert notifications, read-only: {@code GET /api/notifications?status=pending|sent|failed&limit=}. */
final class NotificationRoutes {
    private final Outbox outbox;

    NotificationRoutes(Outbox outbox) {
        this.outbox = outbox;
    }

    void register(Javalin app) {
        app.get("/api/notifications", this::list, Rule.needs(org.pvmon.access.Permission.OPERATE));
    }

    private void list(Context ctx) {
        String s = ctx.queryParam("status");
        Outbox.Status status = null;
        if (s != null && !s.isBlank() && !s.strip().equals("all")) {
            try {
                status = Outbox.Status.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter("status", "must be pending, sent, failed or all, got '" + s + "'");
            }
        }
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        List<Map<String, Object>> rows = new ArrayList<>();
        Caller caller = Caller.of(ctx);
        for (Outbox.Delivery d : outbox.list(status, limit)) if (caller.seesStation(d.event().stationId())) rows.add(view(d));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status == null ? "all" : status.name().toLowerCase(Locale.ROOT));
        body.put("count", rows.size());
        body.put("notifications", rows);
        ctx.json(body);
    }

    private static Map<String, Object> view(Outbox.Delivery d) {
        Outbox.Event e = d.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.id());
        m.put("receiver", d.receiver());
        m.put("status", d.status().name().toLowerCase(Locale.ROOT));
        m.put("event", e.event());
        m.put("alertId", e.alertId());
        m.put("station", e.stationId());
        m.put("type", e.type().name());
        m.put("at", local(e.at()));
        m.put("queuedAt", local(d.createdAt()));
        m.put("attempts", d.attempts());
        m.put("nextAttemptAt", d.status() == Outbox.Status.PENDING ? local(d.nextAttemptAt()) : null);
        m.put("lastAttemptAt", local(d.lastAttemptAt()));
        m.put("lastError", d.lastError());
        m.put("sentAt", local(d.sentAt()));
        return m;
    }

    private static OffsetDateTime local(Instant t) {
        return t == null ? null : t.atZone(Periods.ZONE).toOffsetDateTime();
    }
}
