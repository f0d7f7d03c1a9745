package org.pvmon.http;

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
import org.pvmon.energy.Periods;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.statements.StatementLedger.Status;
import org.pvmon.statements.StatementLedger.Stored;
import org.pvmon.statements.Statements;

/**
 * A village's monthly distribution statements (收益分配表) over HTTP ({@link Statements}): a preview, the stored
 * statements with their lifecycle DRAFT → APPROVED → PUBLISHED (公示) → PAID, adjustments, and their exports. A stored
 * statement's document is returned byte for byte as {@code statement}.
 */
final class StatementRoutes {
    private final Registry registry;
    private final Statements statements;
    private final Clock clock;
    private final ObjectMapper json;

    StatementRoutes(Registry registry, Statements statements, Clock clock, ObjectMapper json) {
        this.registry = registry;
        this.statements = statements;
        this.clock = clock;
        this.json = json;
    }

    void register(Javalin app) {
        app.get("/api/villages/{villageId}/statements/preview", this::preview);
        app.get("/api/villages/{villageId}/statements", this::list);
        app.post("/api/villages/{villageId}/statements", this::create);
        app.get("/api/statements/{sid}", ctx -> ctx.json(view(stored(ctx))));
        new StatementExports(this::stored).register(app);
        app.delete("/api/statements/{sid}", this::delete);
        app.post("/api/statements/{sid}/approve", ctx -> advance(ctx, Status.APPROVED));
        app.post("/api/statements/{sid}/publish", ctx -> advance(ctx, Status.PUBLISHED));
        app.post("/api/statements/{sid}/pay", ctx -> advance(ctx, Status.PAID));
        app.post("/api/statements/{sid}/adjustments", ctx -> ctx.status(201).json(view(statements.adjust(stored(ctx)))));
    }

    // ---- endpoints -------------------------------------------------------------------------------------------

    private void preview(Context ctx) {
        Village v = village(ctx);
        ctx.json(statements.preview(v, Params.month(ctx, "month", YearMonth.from(today()), null)));
    }

    private void list(Context ctx) {
        Village v = village(ctx);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Stored s : statements.ofVillage(v)) rows.add(summary(s));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("village", v.id());
        body.put("name", v.name());
        body.put("statements", rows);
        ctx.json(body);
    }

    private void create(Context ctx) {
        Village v = village(ctx);
        YearMonth month = Params.month(ctx, "month", YearMonth.from(today()), null);
        ctx.status(201).json(view(statements.create(v, month)));
    }

    private void delete(Context ctx) {
        statements.deleteDraft(stored(ctx));
        ctx.status(204);
    }

    private void advance(Context ctx, Status to) {
        Stored s = stored(ctx);
        ctx.json(view(statements.advance(s, to, by(ctx))));
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
        m.put("adjustedBy", statements.adjustmentsOf(s.id()));
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
        return statements.find(id).orElseThrow(() -> ApiException.notFound("No statement " + id));
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
