package org.pvmon.http;

import org.pvmon.energy.Periods;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.statements.PlanBook;
import org.pvmon.statements.PlanJson;
import org.pvmon.registry.Village;
import org.pvmon.registry.Registry;

/**
 * Villages' distribution plans (分配方案), stored per year and versioned: create a version (it applies from its
 * month until the next version's), list the versions, and see which applies to a month. A version never changes and
 * a stored statement keeps the version it was computed with: a new version changes only statements created after it.
 */
final class PlanRoutes {
    private final Registry registry;
    private final PlanBook plans;
    private final Clock clock;

    private final Audit audit;

    PlanRoutes(Registry registry, PlanBook plans, Clock clock, Audit audit) {
        this.audit = audit;
        this.registry = registry;
        this.plans = plans;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/api/villages/{villageId}/plans", this::create, Rule.needs(org.pvmon.access.Permission.PLAN_EDIT));
        app.get("/api/villages/{villageId}/plans", this::list, Rule.needs(org.pvmon.access.Permission.MONEY_READ));
    }

    private void create(Context ctx) {
        Village v = village(ctx);
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) Params.jsonObject(ctx);
        if (body.has("by")) throw ApiException.badParameter("by", "is not accepted: the plan is recorded as the signed-in user's");
        body.put("by", Caller.of(ctx).actor());
        PlanBook.StoredPlan p = plans.add(v.id(), body.toString(), clock.instant());
        audit.record(ctx, "plan.create", "village:" + v.id(), p.year() + " v" + p.version() + " from " + p.effectiveFrom());
        ctx.status(201).json(view(p));
    }

    /** Every version; {@code ?month=yyyy-MM} adds {@code applies}: the version for that month (null: the default plan). */
    private void list(Context ctx) {
        Village v = village(ctx);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PlanBook.StoredPlan p : plans.ofVillage(v.id())) rows.add(view(p));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("village", v.id());
        body.put("name", v.name());
        body.put("plans", rows);
        if (ctx.queryParam("month") != null) {
            YearMonth current = YearMonth.from(LocalDate.now(clock.withZone(Periods.ZONE)));
            YearMonth m = Params.month(ctx, "month", current.plusYears(1), null);
            body.put("month", m.toString());
            body.put("applies", plans.forMonth(v.id(), m).map(PlanRoutes::view).orElse(null));
        }
        ctx.json(body);
    }

    static Map<String, Object> view(PlanBook.StoredPlan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("village", p.villageId());
        m.put("year", p.year());
        m.put("version", p.version());
        m.put("effectiveFrom", p.effectiveFrom().toString());
        m.put("createdBy", p.createdBy());
        m.put("createdAt", p.createdAt().toString());
        m.put("plan", PlanJson.body(p.plan()));
        return m;
    }

    private Village village(Context ctx) {
        String id = ctx.pathParam("villageId");
        return registry.village(id).orElseThrow(() -> ApiException.noVillage(id));
    }
}
