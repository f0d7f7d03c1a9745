package org.pvmon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pvmon.distribution.DefaultPlan;
import org.pvmon.distribution.DistributionEngine;
import org.pvmon.distribution.DistributionPlan;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.distribution.RevenueLine;
import org.pvmon.distribution.Shortfall;
import org.pvmon.distribution.Statement;
import org.pvmon.distribution.VillageMonth;
import org.pvmon.money.Money;
import org.pvmon.registry.PlanBook;
import org.pvmon.registry.ReceiptBook;
import org.pvmon.registry.Registry;
import org.pvmon.registry.StatementConflictException;
import org.pvmon.registry.StatementLedger;
import org.pvmon.registry.StatementLedger.Kind;
import org.pvmon.registry.StatementLedger.Status;
import org.pvmon.registry.StatementLedger.Stored;
import org.pvmon.registry.Village;
import org.pvmon.revenue.MonthRevenue;
import org.pvmon.revenue.RevenueCalculator;
import org.pvmon.station.Station;

/**
 * Monthly distribution statements (收益分配表) per village: a preview computed now, and the stored statements with
 * their lifecycle DRAFT → APPROVED → PUBLISHED (公示) → PAID. The month is distributed by the village's stored plan
 * version for it ({@link PlanBook}), or {@link DefaultPlan} when it has none; the plan's basis decides the money: the
 * cash received in the month (RECEIVED_CASH: its share of its stations' receipts that arrived in the month) or the
 * accrued revenue (ACCRUED: its share of energy x tariff).
 * A stored statement's body is the JSON written when it was created, returned byte for byte; a published statement
 * never changes, a correction is an adjustment statement that references it.
 */
final class StatementRoutes {
    private final Registry registry;
    private final StatementLedger ledger;
    private final StationEnergy energy;
    private final Clock clock;
    private final ObjectMapper json;
    private final RevenueCalculator calculator = new RevenueCalculator();
    private final DistributionEngine engine = new DistributionEngine();

    StatementRoutes(Registry registry, StationEnergy energy, Clock clock, ObjectMapper json) {
        this.registry = registry;
        this.ledger = registry.statements();
        this.energy = energy;
        this.clock = clock;
        this.json = json;
    }

    void register(Javalin app) {
        app.get("/api/villages/{villageId}/statements/preview", this::preview);
        app.get("/api/villages/{villageId}/statements", this::list);
        app.post("/api/villages/{villageId}/statements", this::create);
        app.get("/api/statements/{sid}", ctx -> ctx.json(view(stored(ctx))));
        new StatementExports(json, this::stored).register(app);
        app.delete("/api/statements/{sid}", this::delete);
        app.post("/api/statements/{sid}/approve", ctx -> advance(ctx, Status.APPROVED));
        app.post("/api/statements/{sid}/publish", ctx -> advance(ctx, Status.PUBLISHED));
        app.post("/api/statements/{sid}/pay", ctx -> advance(ctx, Status.PAID));
        app.post("/api/statements/{sid}/adjustments", this::adjust);
    }

    // ---- endpoints -------------------------------------------------------------------------------------------

    private void preview(Context ctx) {
        Village v = village(ctx);
        LocalDate today = today();
        YearMonth month = Params.month(ctx, "month", YearMonth.from(today), null);
        Map<String, Object> body = new LinkedHashMap<>(compute(v, month, today).body());
        body.put("computedAt", clock.instant());
        ctx.json(body);
    }

    private void list(Context ctx) {
        Village v = village(ctx);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Stored s : ledger.ofVillage(v.id())) rows.add(summary(s));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("village", v.id());
        body.put("name", v.name());
        body.put("statements", rows);
        ctx.json(body);
    }

    private void create(Context ctx) {
        Village v = village(ctx);
        YearMonth month = completeMonth(ctx);
        Computed c = compute(v, month, today());
        ctx.status(201).json(view(ledger.insert(newStatement(c, Kind.REGULAR, null))));
    }

    private void delete(Context ctx) {
        Stored s = stored(ctx);
        ledger.deleteDraft(s.id());
        ctx.status(204);
    }

    private void advance(Context ctx, Status to) {
        Stored s = stored(ctx);
        String by = by(ctx);
        ctx.json(view(ledger.advance(s.id(), to, by, clock.instant())));
    }

    /**
     * An adjustment of a published statement: the month recomputed now, stored in full (it is itself a complete
     * statement that reconciles), with {@code differences}: the recomputation less the statement it adjusts, total by
     * total, in yuan. The full body makes the corrected statement readable on its own; the differences are what is
     * still to be paid out (positive) or recovered (negative).
     */
    private void adjust(Context ctx) {
        Stored original = stored(ctx);
        // The differences are against the statement adjusted: adjusting one that already has an adjustment would pay
        // the earlier correction twice, so corrections form a chain, each adjusting the latest.
        List<Long> existing = ledger.adjustmentsOf(original.id());
        if (!existing.isEmpty()) {
            throw new StatementConflictException("statement " + original.id() + " already has adjustment "
                    + existing.get(existing.size() - 1) + "; adjust the latest adjustment instead (once it is published)");
        }
        Village v = registry.village(original.villageId()).orElseThrow(() -> ApiException.notFound("No village '" + original.villageId() + "'"));
        Computed c = compute(v, original.month(), today());
        StatementLedger.Totals now = totals(c.statement());
        StatementLedger.Totals was = original.totals();
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("adjustsStatementId", original.id());
        diff.put("basisYuan", yuan(now.basisFen() - was.basisFen()));
        diff.put("deductionsYuan", yuan(now.deductionsFen() - was.deductionsFen()));
        diff.put("allocationsYuan", yuan(now.allocationsFen() - was.allocationsFen()));
        diff.put("collectiveYuan", yuan(now.collectiveFen() - was.collectiveFen()));
        Map<String, Object> body = new LinkedHashMap<>(c.body());
        body.put("differences", diff);
        ctx.status(201).json(view(ledger.insert(newStatement(new Computed(c.statement(), body), Kind.ADJUSTMENT, original.id()))));
    }

    // ---- computing -------------------------------------------------------------------------------------------

    /** A statement and its JSON body (no timestamps: computing twice on the same data gives the same body). */
    private record Computed(Statement statement, Map<String, Object> body) {
    }

    /**
     * What the previous month's statement left owed (deductions and post wages it could not pay), from its latest
     * published version (an adjustment if there is one): paid first this month. Nothing when it was not published.
     */
    private List<Shortfall> carriedIn(Village v, YearMonth month) {
        YearMonth previous = month.minusMonths(1);
        Stored latest = null;
        for (Stored st : ledger.ofVillage(v.id())) {
            if (st.month().equals(previous) && st.status().isPublished() && (latest == null || st.id() > latest.id())) latest = st;
        }
        if (latest == null) return List.of();
        List<Shortfall> out = new ArrayList<>();
        try {
            for (JsonNode n : json.readTree(latest.body()).path("carriedForward")) {
                out.add(new Shortfall(Shortfall.Kind.valueOf(n.path("kind").asText()), n.path("key").asText(),
                        Money.ofYuan(n.path("amountYuan").decimalValue(), java.math.RoundingMode.UNNECESSARY)));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statement " + latest.id() + " has an unreadable body", e);
        }
        return out;
    }

    private Computed compute(Village v, YearMonth month, LocalDate today) {
        MonthPeriod period = MonthPeriod.of(month, today);
        List<Shortfall> carriedIn = carriedIn(v, month);
        Set<String> owedPosts = new HashSet<>();
        for (Shortfall sf : carriedIn) if (sf.kind() == Shortfall.Kind.POST_WAGE) owedPosts.add(sf.key());
        List<Post> posts = registry.postsOf(v.id());
        Optional<PlanBook.StoredPlan> stored = registry.plans().forMonth(v.id(), month);
        DistributionPlan plan = stored.map(p -> p.plan().withPosts(posts, month, owedPosts))
                .orElseGet(() -> DefaultPlan.forMonth(v.id(), month, posts, owedPosts));
        boolean received = plan.basis() == DistributionPlan.Basis.RECEIVED_CASH;

        List<JointStation> owned = registry.stationsOwnedBy(v.id());
        Map<String, Money[]> cash = new LinkedHashMap<>(); // station -> {benchmark, subsidy}: the village's part of the month's receipts
        List<Map<String, Object>> receiptRows = new ArrayList<>();
        if (received) {
            Map<String, JointStation> byId = new LinkedHashMap<>();
            for (JointStation j : owned) byId.put(j.stationId(), j);
            for (ReceiptBook.Receipt r : registry.receipts().receivedBetween(month.atDay(1), period.to())) {
                JointStation j = byId.get(r.receipt().stationId());
                if (j == null) continue;
                Money ours = partOf(j.split(r.receipt().amount()), v.id());
                Money[] acc = cash.computeIfAbsent(j.stationId(), k -> new Money[] {Money.ZERO, Money.ZERO});
                int i = r.receipt().part() == ReceiptBook.Part.BENCHMARK ? 0 : 1;
                acc[i] = acc[i].plus(ours);
                Map<String, Object> m = ReceiptRoutes.view(r);
                m.remove("voided");
                m.put("share", share(j, v.id()));
                m.put("villageAmountYuan", ours.yuan());
                receiptRows.add(m);
            }
        }
        List<RevenueLine> lines = new ArrayList<>();
        List<Map<String, Object>> stations = new ArrayList<>();
        BigDecimal capacity = BigDecimal.ZERO;
        for (JointStation j : owned) {
            Station s = registry.station(j.stationId()).orElseThrow();
            MonthRevenue r = calculator.month(month, energy.daily(s, period.from(), period.to()).days(), registry.tariffOf(s.id()));
            BigDecimal share = share(j, v.id());
            Money benchmark = partOf(j.split(r.benchmark()), v.id());
            Money subsidy = partOf(j.split(r.subsidy()), v.id());
            Money[] got = cash.getOrDefault(s.id(), new Money[] {Money.ZERO, Money.ZERO});
            lines.add(new RevenueLine(s.id(), share, RevenueLine.Part.BENCHMARK, received ? got[0] : benchmark));
            lines.add(new RevenueLine(s.id(), share, RevenueLine.Part.SUBSIDY, received ? got[1] : subsidy));
            capacity = capacity.add(j.capacityOf(v.id()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("station", s.id());
            m.put("name", s.name());
            m.put("share", share);
            m.put("capacityKwp", j.capacityKwp());
            m.put("energyKwh", r.energyKwh());
            m.put("estimated", r.estimated());
            m.put("daysWithoutDataCount", r.daysWithoutData().size());
            m.put("unpricedDaysCount", r.daysWithoutTariff().size());
            m.put("stationBenchmarkYuan", r.benchmark().yuan());
            m.put("stationSubsidyYuan", r.subsidy().yuan());
            m.put("benchmarkYuan", benchmark.yuan());
            m.put("subsidyYuan", subsidy.yuan());
            if (received) {
                m.put("receivedBenchmarkYuan", got[0].yuan());
                m.put("receivedSubsidyYuan", got[1].yuan());
            }
            stations.add(m);
        }
        VillageMonth vm = new VillageMonth(v.id(), month, plan.basis(), lines, capacity, carriedIn, rewardsPaidThisYear(v, month));
        Statement st = engine.distribute(plan, vm, registry.householdsOf(v.id()));
        Map<String, Object> body = StatementView.body(v, st, period.partial(), capacity, stations);
        if (stored.isPresent()) {
            PlanBook.StoredPlan p = stored.get();
            body.put("plan", "stored");
            body.put("planYear", p.year());
            body.put("planEffectiveFrom", p.effectiveFrom().toString());
            body.put("planCreatedBy", p.createdBy());
            body.put("planNote", "分配方案" + p.year() + "年第" + p.version() + "版，自" + p.effectiveFrom() + "起执行 | plan "
                    + p.year() + " version " + p.version() + ", applies from " + p.effectiveFrom());
        } else {
            body.put("planYear", month.getYear());
            body.put("planNote", "本村未录入" + month.getYear() + "年分配方案，按默认方案分配（应计收入） | no stored plan for "
                    + month.getYear() + ": distributed by the default plan (DefaultPlan, accrued basis)");
        }
        if (received) {
            body.put("receipts", receiptRows);
            body.put("basisNote", "本月实际到账资金（按到账日期，按股份） | cash received in " + month
                    + " (by the day it arrived, the village's share), whatever months it pays for");
        }
        return new Computed(st, body);
    }

    /**
     * What the household-reward pool paid each household earlier in {@code month}'s year, for the annual cap: from
     * each earlier month's latest published statement (an adjustment if there is one). Months not published yet do
     * not count (publish in order).
     */
    private Map<String, Money> rewardsPaidThisYear(Village v, YearMonth month) {
        Map<YearMonth, Stored> latest = new java.util.TreeMap<>();
        for (Stored st : ledger.ofVillage(v.id())) {
            if (st.month().getYear() != month.getYear() || !st.month().isBefore(month) || !st.status().isPublished()) continue;
            Stored was = latest.get(st.month());
            if (was == null || st.id() > was.id()) latest.put(st.month(), st);
        }
        Map<String, Money> out = new java.util.HashMap<>();
        for (Stored st : latest.values()) {
            try {
                for (JsonNode h : json.readTree(st.body()).path("households")) {
                    out.merge(h.path("household").asText(), Money.ofYuan(h.path("amountYuan").decimalValue(),
                            java.math.RoundingMode.UNNECESSARY), Money::plus);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("statement " + st.id() + " has an unreadable body", e);
            }
        }
        return out;
    }

    private static BigDecimal share(JointStation j, String villageId) {
        return j.owners().stream().filter(o -> o.villageId().equals(villageId)).findFirst().orElseThrow().share();
    }

    private static Money partOf(List<JointStation.VillageAmount> split, String villageId) {
        return split.stream().filter(a -> a.villageId().equals(villageId)).findFirst().orElseThrow().amount();
    }

    private StatementLedger.NewStatement newStatement(Computed c, Kind kind, Long adjusts) {
        String text;
        try {
            text = json.writeValueAsString(c.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the statement as JSON", e);
        }
        Statement st = c.statement();
        return new StatementLedger.NewStatement(st.villageId(), st.month(), kind, st.basis().name(), st.planVersion(),
                totals(st), text, clock.instant(), adjusts);
    }

    private static StatementLedger.Totals totals(Statement st) {
        return new StatementLedger.Totals(st.basisAmount().fen(), st.deductionsTotal().fen(), st.allocationsTotal().fen(),
                st.collective().fen());
    }

    // ---- views and parameters --------------------------------------------------------------------------------

    private Map<String, Object> summary(Stored s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("village", s.villageId());
        m.put("month", s.month().toString());
        m.put("kind", s.kind());
        m.put("status", s.status());
        m.put("basis", s.basis());
        m.put("planVersion", s.planVersion());
        m.put("basisYuan", yuan(s.totals().basisFen()));
        m.put("deductionsYuan", yuan(s.totals().deductionsFen()));
        m.put("allocationsYuan", yuan(s.totals().allocationsFen()));
        m.put("collectiveYuan", yuan(s.totals().collectiveFen()));
        m.put("createdAt", s.createdAt());
        m.put("approved", s.approved());
        m.put("published", s.published());
        m.put("paid", s.paid());
        m.put("adjustsStatementId", s.adjustsStatementId());
        return m;
    }

    private Map<String, Object> view(Stored s) {
        Map<String, Object> m = summary(s);
        m.put("adjustedBy", ledger.adjustmentsOf(s.id()));
        m.put("statement", new RawValue(s.body()));
        return m;
    }

    private Village village(Context ctx) {
        String id = ctx.pathParam("villageId");
        return registry.village(id).orElseThrow(() -> ApiException.notFound("No village '" + id + "' in the registry"));
    }

    private Stored stored(Context ctx) {
        String sid = ctx.pathParam("sid");
        long id;
        try {
            id = Long.parseLong(sid);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No statement '" + sid + "': statement ids are numbers");
        }
        return ledger.find(id).orElseThrow(() -> ApiException.notFound("No statement " + id));
    }

    /** A statement is made for a complete local month. */
    private YearMonth completeMonth(Context ctx) {
        YearMonth current = YearMonth.from(today());
        YearMonth month = Params.month(ctx, "month", current, null);
        if (month.equals(current)) {
            throw ApiException.badParameter("month", month + " is not over yet: a statement covers a complete month (preview it meanwhile)");
        }
        return month;
    }

    /** The person taking a lifecycle step: {@code {"by":"张三"}}. */
    private String by(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badParameter("by", "the body must be JSON {\"by\":\"name\"}: " + e.getOriginalMessage());
        }
        JsonNode by = body == null ? null : body.get("by");
        if (by == null || !by.isTextual() || by.asText().isBlank()) {
            throw ApiException.badParameter("by", "is required: the name of the person taking this step, as {\"by\":\"张三\"}");
        }
        String name = by.asText().strip();
        if (name.length() > 100) throw ApiException.badParameter("by", "must be at most 100 characters");
        return name;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ApiServer.ZONE));
    }

    private static BigDecimal yuan(long fen) {
        return Money.ofFen(fen).yuan();
    }
}
