package org.pvmon.http;

import org.pvmon.energy.Periods;
import org.pvmon.alerting.AlertMonitor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.DataGap;
import org.pvmon.alerts.Evaluation;
import org.pvmon.access.Permission;
import org.pvmon.alerting.AlertBook;
import org.pvmon.registry.Registry;
import org.pvmon.alerting.AlertBook.Stored;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/**
 * Alerts: what is wrong right now (the rules evaluated on demand, {@code /api/alerts/current}) and the kept alerts
 * with their lifecycle (one open alert per station and type, acknowledge, resolve automatically on recovery or by hand,
 * history), kept up to date by {@link AlertMonitor}.
 */
final class AlertRoutes {
    private static final int MAX_COMMENT = 1000;

    private final StationDirectory stations;
    private final AlertMonitor monitor;
    private final AlertBook book;
    private final Registry registry;
    private final Clock clock;
    private final ObjectMapper json;

    private final Audit audit;

    AlertRoutes(StationDirectory stations, AlertMonitor monitor, AlertBook book, Registry registry, Clock clock, ObjectMapper json,
                Audit audit) {
        this.audit = audit;
        this.stations = stations;
        this.monitor = monitor;
        this.book = book;
        this.registry = registry;
        this.clock = clock;
        this.json = json;
    }

    void register(Javalin app) {
        Rule read = Rule.needs(Permission.FLEET_READ);
        app.get("/api/alerts/current", this::current, read);
        app.get("/api/alerts", this::list, read);
        app.post("/api/alerts/evaluate", this::evaluate, Rule.needs(Permission.OPERATE));
        app.get("/api/alerts/{aid}", ctx -> ctx.json(view(stored(ctx))), read);
        app.post("/api/alerts/{aid}/acknowledge", this::acknowledge, Rule.needs(Permission.ALERT_HANDLE));
        app.post("/api/alerts/{aid}/resolve", this::resolve, Rule.needs(Permission.ALERT_HANDLE));
    }

    /** How far back {@code GET /api/alerts/current?at=} may look (the readings of 14 days before it are read). */
    private static final Duration MAX_LOOKBACK = Duration.ofDays(400);

    /**
     * What is wrong right now, or with {@code ?at=} (an ISO-8601 instant with its offset, e.g.
     * 2026-11-20T05:30:00+08:00) what the rules conclude at that past instant from the readings stored before it:
     * nothing is stored or notified either way.
     */
    private void current(Context ctx) {
        String atParam = ctx.queryParam("at");
        Evaluation e;
        if (atParam == null || atParam.isBlank()) {
            e = monitor.evaluate();
        } else {
            Instant at;
            try {
                at = OffsetDateTime.parse(atParam.strip()).toInstant();
            } catch (DateTimeParseException ex) {
                throw ApiException.badParameter("at", "must be an instant with its offset, e.g. 2026-11-20T05:30:00+08:00, got '" + atParam + "'");
            }
            Instant now = clock.instant();
            if (at.isAfter(now)) throw ApiException.badParameter("at", at + " is in the future: the rules are evaluated on stored readings");
            if (at.isBefore(now.minus(MAX_LOOKBACK))) throw ApiException.badParameter("at", "at most " + MAX_LOOKBACK.toDays() + " days back");
            e = monitor.evaluateAt(at);
        }
        Caller caller = Caller.of(ctx);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Condition c : e.conditions()) {
            if (!caller.seesStation(c.stationId())) continue;
            Map<String, Object> m = stationFields(c.stationId());
            m.put("type", c.type().name());
            m.put("since", local(c.since()));
            m.put("detail", c.detail());
            m.put("lostKwh", c.lostKwh());
            m.put("lostYuan", c.lostYuan().yuan());
            rows.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", local(e.at()));
        body.put("conditions", rows);
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (DataGap g : e.gaps()) {
            if (!caller.everywhere() && g.stations().stream().noneMatch(caller::seesStation)) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("area", g.area());
            m.put("since", local(g.since()));
            m.put("stationCount", g.stations().size());
            m.put("stations", g.stations());
            gaps.add(m);
        }
        body.put("dataGaps", gaps);
        body.put("failed", e.failed());
        ctx.json(body);
    }

    private void list(Context ctx) {
        String status = Optional.ofNullable(ctx.queryParam("status")).orElse("open").trim();
        List<Stored> alerts = switch (status) {
            case "open", "" -> book.open();
            case "all" -> book.all();
            default -> throw ApiException.badParameter("status", "must be open (OPEN and ACKNOWLEDGED) or all, got '" + status + "'");
        };
        Caller caller = Caller.of(ctx);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Stored a : alerts) if (caller.seesStation(a.stationId())) rows.add(view(a));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.isEmpty() ? "open" : status);
        body.put("count", rows.size());
        body.put("alerts", rows);
        ctx.json(body);
    }

    private void evaluate(Context ctx) {
        AlertMonitor.Outcome o = monitor.evaluateNow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", local(o.changes().at()));
        body.put("opened", o.changes().opened());
        body.put("updated", o.changes().updated());
        body.put("resolved", o.changes().resolved());
        body.put("failed", o.evaluation().failed());
        audit.record(ctx, "alert.evaluate", "fleet", null);
        ctx.json(body);
    }

    private void acknowledge(Context ctx) {
        Stored a = stored(ctx);
        Step step = step(ctx);
        Stored done = book.acknowledge(a.id(), Caller.of(ctx).actor(), step.comment(), clock.instant());
        audit.record(ctx, "alert.acknowledge", "alert:" + a.id(), step.comment());
        ctx.json(view(done));
    }

    private void resolve(Context ctx) {
        Stored a = stored(ctx);
        Step step = step(ctx);
        Stored done = book.resolve(a.id(), Caller.of(ctx).actor(), step.comment(), clock.instant());
        audit.record(ctx, "alert.resolve", "alert:" + a.id(), step.comment());
        ctx.json(view(done));
    }

    private Stored stored(Context ctx) {
        String aid = ctx.pathParam("aid");
        long id;
        try {
            id = Long.parseLong(aid);
        } catch (NumberFormatException e) {
            throw ApiException.noAlert(aid);
        }
        return book.find(id).orElseThrow(() -> ApiException.noAlert(aid));
    }

    private record Step(String comment) {
    }

    /** {@code {"comment":"..."}} (optional): why. Who is the signed-in user. */
    private Step step(Context ctx) {
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? null : json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badParameter("body", "must be JSON {\"comment\":\"...\"}: " + e.getOriginalMessage());
        }
        if (body == null) return new Step(null);
        if (body.has("by")) throw ApiException.badParameter("by", "is not accepted: the step is recorded as the signed-in user's");
        JsonNode c = body.get("comment");
        String comment = null;
        if (c != null && !c.isNull()) {
            if (!c.isTextual()) throw ApiException.badParameter("comment", "must be text");
            comment = c.asText().strip();
            if (comment.length() > MAX_COMMENT) throw ApiException.badParameter("comment", "must be at most " + MAX_COMMENT + " characters");
            if (comment.isEmpty()) comment = null;
        }
        return new Step(comment);
    }

    private Map<String, Object> view(Stored a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.putAll(stationFields(a.stationId()));
        m.put("type", a.type().name());
        m.put("status", a.status().name());
        m.put("since", local(a.since()));
        m.put("openedAt", local(a.openedAt()));
        m.put("updatedAt", local(a.updatedAt()));
        m.put("detail", a.detail());
        m.put("lostKwh", a.lostKwh());
        m.put("lostYuan", a.lostYuan().yuan());
        affected(m, a.stationId());
        m.put("acknowledged", step(a.acknowledged()));
        m.put("resolved", step(a.resolved()));
        return m;
    }

    /** The villages owning the station and their households enrolled today: who loses income while it is down. */
    private void affected(Map<String, Object> m, String stationId) {
        List<Map<String, Object>> villages = new ArrayList<>();
        int households = 0;
        for (Registry.Affected a : registry.affectedBy(stationId, LocalDate.now(clock.withZone(Periods.ZONE)))) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("village", a.villageId());
            v.put("name", a.villageName());
            v.put("share", a.share());
            v.put("households", a.householdsEnrolled());
            villages.add(v);
            households += a.householdsEnrolled();
        }
        m.put("affectedVillages", villages);
        m.put("affectedHouseholds", households);
    }

    private static Map<String, Object> step(AlertBook.Step s) {
        if (s == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", s.by());
        m.put("at", local(s.at()));
        m.put("comment", s.comment());
        return m;
    }

    private Map<String, Object> stationFields(String stationId) {
        Optional<Station> s = stations.find(stationId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("station", stationId);
        m.put("name", s.map(Station::name).orElse(null));
        m.put("township", s.map(Station::township).orElse(null));
        m.put("village", s.map(Station::village).orElse(null));
        return m;
    }

    private static OffsetDateTime local(Instant t) {
        return t.atZone(Periods.ZONE).toOffsetDateTime();
    }
}
