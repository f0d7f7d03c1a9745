package org.pvmon.statements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.money.Money;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.distribution.RevenueLine;
import org.pvmon.distribution.Shortfall;
import org.pvmon.distribution.Statement;
import org.pvmon.registry.Village;

/**
 * The stored format of a distribution statement: the JSON document written into the ledger when a statement is
 * created (docs/api.md, "Statements"), returned byte for byte ever after, read back for what later months need (what
 * it carried forward, what each household got) and for the county roll-up. Amounts in yuan with two decimals,
 * households with masked ID numbers only (ready for a public notice, 公示), and the totals that reconcile to the fen.
 *
 * <p>It is its own format, not the API's view: written with this class's own JSON settings, so that a change to how
 * the API writes JSON cannot change what is stored (StatementDocumentTest holds the bytes). Changing this format
 * changes what new statements store; statements already stored keep theirs, so readers must accept both.
 */
public final class StatementDocument {
    /** The document's JSON settings, fixed here (the API's mapper may change without changing stored statements). */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private StatementDocument() {
    }

    /** The text stored for {@code body}. */
    static String write(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the statement as JSON", e);
        }
    }

    /** A stored statement's document as a JSON tree (what the exports render). */
    public static JsonNode read(StatementLedger.Stored st) {
        try {
            return JSON.readTree(st.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statement " + st.id() + " has an unreadable body", e);
        }
    }

    /** What the county roll-up shows of a stored statement. */
    public record Summary(Money distributable, int householdsPaid, String plan) {
    }

    /** The distributable amount, the households paid more than zero, and the plan ("default" or "stored"). */
    public static Summary summary(StatementLedger.Stored st) {
        JsonNode body = read(st);
        int paid = 0;
        for (JsonNode h : body.path("households")) if (h.path("amountYuan").decimalValue().signum() > 0) paid++;
        return new Summary(yuan(body.path("totals").path("distributableYuan")), paid, body.path("plan").asText("default"));
    }

    /** What the statement left owed (deductions and post wages it could not pay). */
    static List<Shortfall> carriedForward(StatementLedger.Stored st) {
        List<Shortfall> out = new ArrayList<>();
        for (JsonNode n : read(st).path("carriedForward")) {
            out.add(new Shortfall(Shortfall.Kind.valueOf(n.path("kind").asText()), n.path("key").asText(), yuan(n.path("amountYuan"))));
        }
        return out;
    }

    /** What each household got, by household id. */
    static Map<String, Money> householdAmounts(StatementLedger.Stored st) {
        Map<String, Money> out = new HashMap<>();
        for (JsonNode h : read(st).path("households")) out.merge(h.path("household").asText(), yuan(h.path("amountYuan")), Money::plus);
        return out;
    }

    private static Money yuan(JsonNode n) {
        return Money.ofYuan(n.decimalValue(), RoundingMode.UNNECESSARY);
    }

    /** A receipt the statement distributes (received basis): the receipt, the village's share and its part of it. */
    static Map<String, Object> receipt(ReceiptBook.Receipt r, BigDecimal share, Money villageAmount) {
        ReceiptBook.NewReceipt x = r.receipt();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("station", x.stationId());
        m.put("receivedOn", x.receivedOn().toString());
        m.put("periodFrom", x.periodFrom().toString());
        m.put("periodTo", x.periodTo().toString());
        m.put("part", x.part());
        m.put("amountYuan", x.amount().yuan());
        m.put("reference", x.reference());
        m.put("recordedBy", x.recordedBy());
        m.put("recordedAt", x.recordedAt().toString());
        m.put("share", share);
        m.put("villageAmountYuan", villageAmount.yuan());
        return m;
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
