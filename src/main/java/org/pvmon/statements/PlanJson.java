package org.pvmon.statements;

import org.pvmon.registry.FieldException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.pvmon.distribution.Allocation;
import org.pvmon.distribution.Deduction;
import org.pvmon.distribution.DistributionPlan;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.Portion;
import org.pvmon.money.Money;

/**
 * A distribution plan as JSON (docs/api.md, "Plans"), both ways. Reading checks every field and names the first bad
 * one ({@link FieldException}: {@code allocations[1].percent}). Decimals are read exactly (a JSON number or a string).
 *
 * <pre>{@code
 * {"effectiveFrom":"2026-07", "basis":"RECEIVED_CASH", "by":"张三",
 *  "deductions":[{"name":"运维费","rule":"PER_KWP_YEAR","value":"30"}, {"name":"保险费","rule":"FIXED_MONTHLY","value":"20.00"},
 *                {"name":"风险准备金","rule":"RESERVE_PERCENT","value":"5"}],
 *  "allocations":[{"kind":"POST_WAGES","name":"公益岗位工资"},
 *                 {"kind":"HOUSEHOLD_REWARDS","name":"奖励补助","percent":"50","baseWeight":"1",
 *                  "weights":{"DISABILITY":"2"},"annualCapYuan":"1500.00"},
 *                 {"kind":"PUBLIC_WORKS","name":"小型公益事业","fixedYuan":"200.00"},
 *                 {"kind":"COLLECTIVE","name":"村集体"}]}
 * }</pre>
 * The post-wage line pays the registry's posts of the month ({@link DistributionPlan#withPosts}); it must come first.
 */
public final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A plan version as submitted: the month it applies from, the plan (posts empty), who wrote it. */
    public record Submitted(YearMonth effectiveFrom, DistributionPlan plan, String by) {
    }

    private PlanJson() {
    }

    /** Reads a submitted plan for {@code villageId} as version {@code version}. */
    public static Submitted read(String text, String villageId, int version) {
        JsonNode root;
        try {
            root = JSON.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw new FieldException("body", "must be a JSON plan (docs/api.md, Plans): " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new FieldException("body", "must be a JSON object (docs/api.md, Plans)");
        YearMonth from = month(root, "effectiveFrom");
        String by = text(root, "by", 100);
        DistributionPlan plan = plan(root, villageId, from.getYear(), version);
        if (!(plan.allocations().get(0) instanceof Allocation.PostWages)) {
            throw new FieldException("allocations[0].kind", "must be POST_WAGES: wages of public-welfare posts are paid first");
        }
        return new Submitted(from, plan, by);
    }

    /** A stored plan body back as the plan (posts empty). */
    public static DistributionPlan fromBody(String body, String villageId, int year, int version) {
        try {
            return plan(JSON.readTree(body), villageId, year, version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan " + villageId + "/" + year + " v" + version + " has an unreadable body", e);
        }
    }

    /** The plan's body as stored and shown: basis, deductions and allocations, decimals as exact text. */
    public static ObjectNode body(DistributionPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("basis", plan.basis().name());
        ArrayNode ds = root.putArray("deductions");
        for (Deduction d : plan.deductions()) {
            ObjectNode n = ds.addObject();
            n.put("name", d.name());
            n.put("rule", d.owed() ? d.rule().name() : "RESERVE_PERCENT");
            n.put("value", d.value().toPlainString());
        }
        ArrayNode as = root.putArray("allocations");
        for (Allocation a : plan.allocations()) {
            ObjectNode n = as.addObject();
            if (a instanceof Allocation.PostWages) n.put("kind", "POST_WAGES");
            else if (a instanceof Allocation.HouseholdRewards) n.put("kind", "HOUSEHOLD_REWARDS");
            else if (a instanceof Allocation.PublicWorks) n.put("kind", "PUBLIC_WORKS");
            else n.put("kind", "COLLECTIVE");
            n.put("name", a.name());
            if (a instanceof Allocation.HouseholdRewards r) {
                portion(n, r.pool());
                n.put("baseWeight", r.baseWeight().toPlainString());
                ObjectNode w = n.putObject("weights");
                r.attributeWeights().forEach((k, v) -> w.put(k.name(), v.toPlainString()));
                if (r.annualCap() != null) n.put("annualCapYuan", r.annualCap().yuan().toPlainString());
            }
            if (a instanceof Allocation.PublicWorks p) portion(n, p.amount());
        }
        return root;
    }

    public static String text(DistributionPlan plan) {
        return body(plan).toString();
    }

    private static void portion(ObjectNode n, Portion p) {
        if (p.fixed() != null) n.put("fixedYuan", p.fixed().yuan().toPlainString());
        else n.put("percent", p.percent().toPlainString());
    }

    // ---- reading ----

    private static DistributionPlan plan(JsonNode root, String villageId, int year, int version) {
        DistributionPlan.Basis basis = DistributionPlan.Basis.RECEIVED_CASH;
        JsonNode b = root.get("basis");
        if (b != null && !b.isNull()) {
            try {
                basis = DistributionPlan.Basis.valueOf(b.asText());
            } catch (IllegalArgumentException e) {
                throw new FieldException("basis", "must be RECEIVED_CASH (the default: cash received in the month) or ACCRUED, got '" + b.asText() + "'");
            }
        }
        List<Deduction> deductions = new ArrayList<>();
        JsonNode ds = array(root, "deductions");
        for (int i = 0; i < ds.size(); i++) deductions.add(deduction(ds.get(i), "deductions[" + i + "]"));
        List<Allocation> allocations = new ArrayList<>();
        JsonNode as = array(root, "allocations");
        if (as.isEmpty()) throw new FieldException("allocations", "must list at least POST_WAGES first and COLLECTIVE last");
        for (int i = 0; i < as.size(); i++) allocations.add(allocation(as.get(i), "allocations[" + i + "]"));
        try {
            return new DistributionPlan(villageId, year, version, basis, deductions, allocations);
        } catch (IllegalArgumentException e) {
            throw new FieldException(e.getMessage().contains("deduction") ? "deductions" : "allocations", e.getMessage());
        }
    }

    private static Deduction deduction(JsonNode n, String at) {
        if (n == null || !n.isObject()) throw new FieldException(at, "must be an object {name, rule, value}");
        String name = text(n, at + ".name", "name", 100);
        String rule = text(n, at + ".rule", "rule", 40);
        BigDecimal value = decimal(n, at + ".value", "value");
        try {
            return switch (rule) {
                case "PER_KWP_YEAR" -> Deduction.perKwpYear(name, value);
                case "PERCENT_OF_BASIS" -> Deduction.percentOfBasis(name, value);
                case "FIXED_MONTHLY" -> new Deduction(name, Deduction.Rule.FIXED_MONTHLY, value, true);
                case "RESERVE_PERCENT" -> Deduction.reserve(name, value);
                default -> throw new FieldException(at + ".rule", "must be PER_KWP_YEAR (yuan/kWp/year), PERCENT_OF_BASIS, "
                        + "FIXED_MONTHLY (yuan a month) or RESERVE_PERCENT (a reserve, not owed), got '" + rule + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new FieldException(at + ".value", e.getMessage());
        }
    }

    private static Allocation allocation(JsonNode n, String at) {
        if (n == null || !n.isObject()) throw new FieldException(at, "must be an object {kind, name, ...}");
        String kind = text(n, at + ".kind", "kind", 40);
        String name = text(n, at + ".name", "name", 100);
        try {
            return switch (kind) {
                case "POST_WAGES" -> new Allocation.PostWages(name, List.of());
                case "HOUSEHOLD_REWARDS" -> rewards(n, at, name);
                case "PUBLIC_WORKS" -> new Allocation.PublicWorks(name, portion(n, at));
                case "COLLECTIVE" -> new Allocation.Collective(name);
                default -> throw new FieldException(at + ".kind", "must be POST_WAGES, HOUSEHOLD_REWARDS, PUBLIC_WORKS or COLLECTIVE, got '" + kind + "'");
            };
        } catch (FieldException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new FieldException(at, e.getMessage());
        }
    }

    private static Allocation.HouseholdRewards rewards(JsonNode n, String at, String name) {
        Portion pool = portion(n, at);
        BigDecimal base = n.has("baseWeight") ? decimal(n, at + ".baseWeight", "baseWeight") : BigDecimal.ONE;
        if (base.signum() < 0) throw new FieldException(at + ".baseWeight", "must not be negative");
        Map<Household.Attribute, BigDecimal> weights = new EnumMap<>(Household.Attribute.class);
        JsonNode w = n.get("weights");
        if (w != null && !w.isNull()) {
            if (!w.isObject()) throw new FieldException(at + ".weights", "must be an object {\"DISABILITY\":\"2\", ...}");
            for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                Household.Attribute a;
                try {
                    a = Household.Attribute.valueOf(key);
                } catch (IllegalArgumentException e) {
                    throw new FieldException(at + ".weights." + key, "unknown attribute; one of " + java.util.Arrays.toString(Household.Attribute.values()));
                }
                BigDecimal v = decimal(w, at + ".weights." + key, key);
                if (v.signum() < 0) throw new FieldException(at + ".weights." + key, "must not be negative");
                weights.put(a, v);
            }
        }
        Money cap = null;
        if (n.has("annualCapYuan") && !n.get("annualCapYuan").isNull()) cap = yuan(n, at + ".annualCapYuan", "annualCapYuan");
        return new Allocation.HouseholdRewards(name, pool, base, weights, cap);
    }

    private static Portion portion(JsonNode n, String at) {
        boolean percent = n.has("percent") && !n.get("percent").isNull();
        boolean fixed = n.has("fixedYuan") && !n.get("fixedYuan").isNull();
        if (percent == fixed) throw new FieldException(at + ".percent", "give either percent (of the distributable amount) or fixedYuan (a month), one of them");
        if (fixed) return Portion.fixed(yuan(n, at + ".fixedYuan", "fixedYuan"));
        BigDecimal p = decimal(n, at + ".percent", "percent");
        if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) throw new FieldException(at + ".percent", "must be 0-100, got " + p.toPlainString());
        return Portion.percentOfDistributable(p);
    }

    private static Money yuan(JsonNode n, String at, String key) {
        BigDecimal v = decimal(n, at, key);
        if (v.signum() < 0) throw new FieldException(at, "must not be negative");
        if (v.stripTrailingZeros().scale() > 2) throw new FieldException(at, "at most two decimals (fen), got " + v.toPlainString());
        return Money.ofYuan(v, java.math.RoundingMode.UNNECESSARY);
    }

    private static BigDecimal decimal(JsonNode n, String at, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) throw new FieldException(at, "is required (a decimal number)");
        if (v.isNumber()) return v.decimalValue();
        try {
            return new BigDecimal(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new FieldException(at, "must be a decimal number, got '" + v.asText() + "'");
        }
    }

    private static JsonNode array(JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) return JSON.createArrayNode();
        if (!v.isArray()) throw new FieldException(key, "must be a list");
        return v;
    }

    private static String text(JsonNode n, String key, int max) {
        return text(n, key, key, max);
    }

    private static String text(JsonNode n, String at, String key, int max) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new FieldException(at, "is required (text)");
        String s = v.asText().strip();
        if (s.length() > max) throw new FieldException(at, "at most " + max + " characters");
        return s;
    }

    private static YearMonth month(JsonNode n, String key) {
        String s = text(n, key, 7);
        try {
            return YearMonth.parse(s);
        } catch (DateTimeParseException e) {
            throw new FieldException(key, "must be a month yyyy-MM (the first month the version applies to), got '" + s + "'");
        }
    }
}
