package org.pvmon.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.energy.Periods;
import org.pvmon.money.Money;
import org.pvmon.registry.VillageSet;
import org.pvmon.statements.CountyStatements;
import org.pvmon.statements.StatementBatch;

/**
 * {@code /api/counties/{county}/statements} (the county roll-up of a month's statements, {@link CountyStatements}) and
 * the month-end runs that draw up the drafts of a county's or every county's villages.
 */
final class CountyRoutes {
    private final CountyStatements counties;
    private final Clock clock;

    private final Audit audit;

    CountyRoutes(CountyStatements counties, Clock clock, Audit audit) {
        this.audit = audit;
        this.counties = counties;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/counties/{county}/statements", this::statements, Rule.needs(org.pvmon.access.Permission.MONEY_READ));
        app.post("/api/counties/{county}/statements", this::createCounty, Rule.needs(org.pvmon.access.Permission.STATEMENT_PREPARE));
        app.post("/api/statements/drafts", this::createAll, Rule.needs(org.pvmon.access.Permission.STATEMENT_PREPARE));
    }

    // ---- month-end drafts for many villages --------------------------------------------------------------------

    /** Counts of a run's results, for a county or all of them. */
    private static final class Tally {
        int villages;
        int created;
        int alreadyThere;
        int nothingToDistribute;
        final List<Map<String, Object>> errors = new ArrayList<>();

        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("villages", villages);
            m.put("created", created);
            m.put("alreadyThere", alreadyThere);
            m.put("nothingToDistribute", nothingToDistribute);
            m.put("errorCount", errors.size());
            m.put("errors", errors);
            return m;
        }
    }

    /**
     * The month's draft statements of every village of a county that has none yet (month-end, before the villages
     * approve, publish and pay): created, already there, nothing to distribute (no station share), or an error, per
     * village.
     */
    private void createCounty(Context ctx) {
        String county = ctx.pathParam("county");
        YearMonth month = completeMonth(ctx);
        if (!counties.hasCounty(county)) throw ApiException.noCounty(county);
        Tally tally = new Tally();
        List<Map<String, Object>> rows = new ArrayList<>();
        StatementBatch.Phases phases = new StatementBatch.Phases();
        long t0 = System.nanoTime();
        drafts(VillageSet.counties(List.of(county)), month, phases, (c, results) -> {
            for (Map<String, Object> r : results) count(tally, r);
            rows.addAll(results);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("county", county);
        body.put("month", month.toString());
        body.putAll(tally.view());
        body.put("results", rows);
        body.put("phasesMs", timing(phases, t0));
        audit.record(ctx, "statement.drafts", "county:" + county, month + ": " + tally.created + " created");
        ctx.status(200).json(body);
    }

    /**
     * The month's draft statements of every village of every county (the national or a provincial run: {@code county}
     * repeated names the counties), county by county; the answer has each county's counts and every error.
     */
    private void createAll(Context ctx) {
        YearMonth month = completeMonth(ctx);
        List<String> names = ctx.queryParams("county").stream().filter(c -> !c.isBlank()).toList();
        Caller caller = Caller.of(ctx);
        if (!caller.everywhere()) { // a county's manager: their county; below a county there is no month-end run
            if (caller.scope().township() != null) {
                throw new ApiException(403, "forbidden", null, "月末草稿按县生成 / month-end drafts are made for a whole county; create your villages' statements one by one");
            }
            for (String n : names) if (!caller.seesCounty(n)) throw ApiException.badParameter("county", "no county '" + n + "' in the registry (or it has no villages)");
            if (names.isEmpty()) names = List.of(caller.scope().county());
        }
        VillageSet set = names.isEmpty() ? VillageSet.all() : VillageSet.counties(names);
        if (!names.isEmpty()) {
            List<String> unknown = counties.unknown(names);
            if (!unknown.isEmpty()) {
                throw ApiException.badParameter("county", "no county '" + unknown.get(0) + "' in the registry (or it has no villages)");
            }
        }
        Tally total = new Tally();
        List<Map<String, Object>> perCounty = new ArrayList<>();
        StatementBatch.Phases phases = new StatementBatch.Phases();
        long t0 = System.nanoTime();
        drafts(set, month, phases, (county, results) -> {
            Tally tally = new Tally();
            for (Map<String, Object> r : results) {
                count(tally, r);
                count(total, r);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("county", county);
            m.putAll(tally.view());
            m.remove("errors");
            perCounty.add(m);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("month", month.toString());
        body.put("counties", perCounty.size());
        body.putAll(total.view());
        body.put("byCounty", perCounty);
        body.put("phasesMs", timing(phases, t0));
        audit.record(ctx, "statement.drafts", names.isEmpty() ? "all" : "county:" + String.join(",", names), month + ": " + total.created + " created");
        ctx.status(200).json(body);
    }

    /** {@link CountyStatements#drafts} with each village's result as JSON. */
    private void drafts(VillageSet set, YearMonth month, StatementBatch.Phases phases,
                        java.util.function.BiConsumer<String, List<Map<String, Object>>> perCounty) {
        counties.drafts(set, month, phases, (county, drafts) -> {
            List<Map<String, Object>> results = new ArrayList<>(drafts.size());
            for (StatementBatch.Draft d : drafts) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("village", d.village().id());
                m.put("name", d.village().name());
                m.put("result", d.result());
                if (d.statementId() != null) m.put("statementId", d.statementId());
                if (d.status() != null) m.put("status", d.status());
                if (d.distributable() != null) m.put("distributableYuan", d.distributable().yuan());
                if (d.reason() != null) m.put("reason", d.reason());
                results.add(m);
            }
            perCounty.accept(county, results);
        });
    }

    private static void count(Tally t, Map<String, Object> r) {
        t.villages++;
        switch ((StatementBatch.Result) r.get("result")) {
            case CREATED -> t.created++;
            case ALREADY_THERE -> t.alreadyThere++;
            case NOTHING_TO_DISTRIBUTE -> t.nothingToDistribute++;
            case ERROR -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("village", r.get("village"));
                e.put("reason", r.get("reason"));
                t.errors.add(e);
            }
        }
    }

    private static Map<String, Object> timing(StatementBatch.Phases phases, long t0) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalMs", (System.nanoTime() - t0) / 1_000_000);
        m.putAll(phases.view());
        return m;
    }

    /** Drafts are made for a complete local month. */
    private YearMonth completeMonth(Context ctx) {
        YearMonth month = Params.month(ctx, "month", YearMonth.from(LocalDate.now(clock.withZone(Periods.ZONE))), null);
        counties.requireComplete(month);
        return month;
    }

    // ---- the roll-up -------------------------------------------------------------------------------------------

    private void statements(Context ctx) {
        String county = ctx.pathParam("county");
        YearMonth month = Params.month(ctx, "month", YearMonth.from(LocalDate.now(clock.withZone(Periods.ZONE))), null);
        CountyStatements.Rollup r = counties.rollup(county, month)
                .orElseThrow(() -> ApiException.noCounty(county));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CountyStatements.VillageMonth v : r.villages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("village", v.village().id());
            m.put("name", v.village().name());
            m.put("township", v.village().township());
            m.put("status", v.status());
            if (v.regular() != null) {
                m.put("statementId", v.regular().id());
                m.put("latestStatementId", v.latest().id());
                m.put("latestStatus", v.latest().status());
                m.put("basis", v.latest().basis());
                m.put("planVersion", v.latest().planVersion());
                m.put("plan", v.summary().plan());
                m.put("basisYuan", Money.ofFen(v.latest().totals().basisFen()).yuan());
                m.put("distributableYuan", v.summary().distributable().yuan());
                m.put("householdsPaid", v.summary().householdsPaid());
            } else {
                m.put("statementId", null);
                m.put("distributableYuan", null);
                m.put("householdsPaid", null);
            }
            m.putAll(ReceiptRoutes.figures(v.money()));
            m.put("cashArrivedYuan", v.cashArrived().yuan());
            rows.add(m);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("villages", r.villages().size());
        totals.put("byStatus", r.byStatus());
        totals.put("distributableYuan", r.distributable().yuan());
        totals.put("householdsPaid", r.householdsPaid());
        totals.putAll(ReceiptRoutes.figures(r.money()));
        totals.put("cashArrivedYuan", r.cashArrived().yuan());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("county", county);
        body.put("month", month.toString());
        body.put("partial", r.partial());
        body.put("totals", totals);
        body.put("villages", rows);
        ctx.json(body);
    }
}
