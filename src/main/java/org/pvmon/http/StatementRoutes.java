package org.pvmon.http;

import org.pvmon.energy.Periods;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.statements.StatementBatch;
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
import java.util.Map;
import org.pvmon.distribution.Statement;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.statements.StatementConflictException;
import org.pvmon.statements.StatementLedger;
import org.pvmon.statements.StatementLedger.Kind;
import org.pvmon.statements.StatementLedger.Status;
import org.pvmon.statements.StatementLedger.Stored;
import org.pvmon.registry.Village;
import org.pvmon.statements.StatementBatch.Computed;

/**
 * Monthly distribution statements (收益分配表) per village: a preview computed now, and the stored statements with
 * their lifecycle DRAFT → APPROVED → PUBLISHED (公示) → PAID. The computation ({@link StatementBatch}) is the one the
 * county and national runs make for many villages at once, run over this village alone.
 * A stored statement's body is the JSON written when it was created, returned byte for byte; a published statement
 * never changes, a correction is an adjustment statement that references it.
 */
final class StatementRoutes {
    private final Registry registry;
    private final StatementLedger ledger;
    private final Clock clock;
    private final ObjectMapper json;
    private final StatementBatch batch;

    StatementRoutes(Registry registry, StationEnergy energy, Clock clock, ObjectMapper json) {
        this.registry = registry;
        this.ledger = new StatementLedger(registry.database());
        this.batch = new StatementBatch(registry, StatementBatch.Energy.of(energy), json);
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
        Map<String, Object> body = new LinkedHashMap<>(batch.one(v, month, today).body());
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
        Computed c = batch.one(v, month, today());
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
        Computed c = batch.one(v, original.month(), today());
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

    private StatementLedger.NewStatement newStatement(Computed c, Kind kind, Long adjusts) {
        return batch.newStatement(c, kind, adjusts, clock.instant());
    }

    private static StatementLedger.Totals totals(Statement st) {
        return StatementBatch.totals(st);
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
        return LocalDate.now(clock.withZone(Periods.ZONE));
    }

    private static BigDecimal yuan(long fen) {
        return Money.ofFen(fen).yuan();
    }
}
