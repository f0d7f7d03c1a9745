package org.pvmon.statements;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.distribution.RevenueLine;
import org.pvmon.distribution.Shortfall;
import org.pvmon.distribution.Statement;
import org.pvmon.registry.Village;

/**
 * A distribution statement as JSON (docs/api.md, "Statements"): amounts in yuan with two decimals, households with
 * masked ID numbers only (ready for a public notice, 公示), and the totals that reconcile to the fen.
 */
final class StatementDocument {
    private StatementDocument() {
    }

    static Map<String, Object> body(Village v, Statement st, boolean partial, BigDecimal capacityKwp, List<Map<String, Object>> stations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("village", v.id());
        m.put("name", v.name());
        m.put("township", v.township());
        m.put("county", v.county());
        m.put("month", st.month().toString());
        m.put("partial", partial);
        m.put("basis", st.basis());
        m.put("plan", "default");
        m.put("planVersion", st.planVersion());
        m.put("capacityKwp", capacityKwp);
        m.put("stations", stations);
        m.put("revenue", each(st.revenue(), StatementDocument::revenue));
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("basisYuan", st.basisAmount().yuan());
        totals.put("deductionsYuan", st.deductionsTotal().yuan());
        totals.put("distributableYuan", st.distributable().yuan());
        totals.put("allocationsYuan", st.allocationsTotal().yuan());
        totals.put("collectiveYuan", st.collective().yuan());
        m.put("totals", totals);
        m.put("deductions", each(st.deductions(), StatementDocument::deduction));
        m.put("allocations", each(st.allocations(), StatementDocument::allocation));
        m.put("posts", each(st.posts(), StatementDocument::post));
        m.put("households", each(st.households(), StatementDocument::household));
        m.put("collectiveYuan", st.collective().yuan());
        m.put("carriedForward", each(st.carriedForward(), StatementDocument::shortfall));
        m.put("reconciles", st.reconciles());
        return m;
    }

    private static Map<String, Object> revenue(RevenueLine r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("station", r.stationId());
        m.put("share", r.share());
        m.put("part", r.part());
        m.put("amountYuan", r.amount().yuan());
        return m;
    }

    private static Map<String, Object> deduction(Statement.DeductionLine d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("rule", d.rule());
        m.put("carriedInYuan", d.carriedIn().yuan());
        m.put("dueYuan", d.due().yuan());
        m.put("paidYuan", d.paid().yuan());
        m.put("shortfallYuan", d.shortfall().yuan());
        return m;
    }

    private static Map<String, Object> allocation(Statement.AllocationLine a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", a.kind());
        m.put("name", a.name());
        m.put("targetYuan", a.target().yuan());
        m.put("amountYuan", a.amount().yuan());
        m.put("shortfallYuan", a.shortfall().yuan());
        return m;
    }

    private static Map<String, Object> post(Statement.PostLine p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("post", p.postId());
        m.put("title", p.title());
        m.put("holderHousehold", p.holderHouseholdId());
        m.put("holderName", p.holderName());
        m.put("daysActive", p.daysActive());
        m.put("carriedInYuan", p.carriedIn().yuan());
        m.put("dueYuan", p.due().yuan());
        m.put("paidYuan", p.paid().yuan());
        m.put("shortfallYuan", p.shortfall().yuan());
        return m;
    }

    private static Map<String, Object> household(Statement.HouseholdLine h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("household", h.householdId());
        m.put("headName", h.headName());
        m.put("maskedIdNumber", h.maskedIdNumber());
        m.put("weight", h.weight());
        m.put("daysEnrolled", h.daysEnrolled());
        m.put("amountYuan", h.amount().yuan());
        m.put("capped", h.capped());
        return m;
    }

    private static Map<String, Object> shortfall(Shortfall s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", s.kind());
        m.put("key", s.key());
        m.put("amountYuan", s.amount().yuan());
        return m;
    }

    private static <T> List<Map<String, Object>> each(List<T> items, java.util.function.Function<T, Map<String, Object>> view) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (T t : items) out.add(view.apply(t));
        return out;
    }
}
