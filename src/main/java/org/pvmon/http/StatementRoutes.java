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
import org.pvmon.access.Permission;
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
    static final int MAX_COMMENT = 1000;

    private final Registry registry;
    private final Statements statements;
    private final Clock clock;
    private final ObjectMapper json;

    private final Audit audit;

    StatementRoutes(Registry registry, Statements statements, Clock clock, ObjectMapper json, Audit audit) {
        this.audit = audit;
        this.registry = registry;
        this.statements = statements;
        this.clock = clock;
        this.json = json;
    }

    void register(Javalin app) {
        Rule read = Rule.needs(Permission.MONEY_READ);
        Rule prepare = Rule.needs(Permission.STATEMENT_PREPARE);
        Rule approve = Rule.needs(Permission.STATEMENT_APPROVE);
        app.get("/api/villages/{villageId}/statements/preview", this::preview, read);
        app.get("/api/villages/{villageId}/statements", this::list, read);
        app.post("/api/villages/{villageId}/statements", this::create, prepare);
        app.get("/api/statements/{sid}", ctx -> ctx.json(view(stored(ctx))), read);
        new StatementExports(this::stored).register(app);
        app.delete("/api/statements/{sid}", this::delete, prepare);
        app.post("/api/statements/{sid}/approve", ctx -> advance(ctx, Status.APPROVED), approve);
        app.post("/api/statements/{sid}/publish", ctx -> advance(ctx, Status.PUBLISHED), approve);
        app.post("/api/statements/{sid}/pay", this::pay, approve);
        app.post("/api/statements/{sid}/adjustments", this::adjust, prepare);
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
        Stored s = statements.create(v, month);
        audit.record(ctx, "statement.create", "statement:" + s.id(), v.id() + " " + month + " " + s.kind());
        ctx.status(201).json(view(s));
    }

    private void delete(Context ctx) {
        Stored s = stored(ctx);
        statements.deleteDraft(s);
        audit.record(ctx, "statement.delete", "statement:" + s.id(), s.villageId() + " " + s.month());
        ctx.status(204);
    }

    private void adjust(Context ctx) {
        Stored of = stored(ctx);
        Stored s = statements.adjust(of);
        audit.record(ctx, "statement.adjust", "statement:" + s.id(), "adjusts statement " + of.id());
        ctx.status(201).json(view(s));
    }

    private void advance(Context ctx, Status to) {
        Stored s = stored(ctx);
        String comment = comment(stepBody(ctx));
        Stored done = statements.advance(s, to, Caller.of(ctx).actor(), comment);
        audit.record(ctx, "statement." + switch (to) {
            case APPROVED -> "approve";
            case PUBLISHED -> "publish";
            case PAID -> "pay";
            default -> to.name().toLowerCase(java.util.Locale.ROOT);
        }, "statement:" + s.id(), stepDetail(s, comment));
        ctx.json(view(done));
    }

    /** Paid, with the amount confirmed: {@code {"amountYuan":"789.80"}}, what the statement pays out (and a comment). */
    private void pay(Context ctx) {
        Stored s = stored(ctx);
        JsonNode body = stepBody(ctx);
        String comment = comment(body);
        JsonNode amount = body == null ? null : body.get("amountYuan");
        if (amount == null || amount.isNull()) {
            throw ApiException.badParameter("amountYuan", "confirm the amount paid out (the statement's allocationsYuan, "
                    + yuan(s.totals().allocationsFen()) + ")");
        }
        Money confirmed;
        try {
            confirmed = Money.ofYuan(new BigDecimal(amount.asText().trim()), java.math.RoundingMode.UNNECESSARY);
        } catch (ArithmeticException | NumberFormatException e) {
            throw ApiException.badParameter("amountYuan", "must be yuan with at most two decimals, got '" + amount.asText() + "'");
        }
        Stored done = statements.pay(s, confirmed, Caller.of(ctx).actor(), comment);
        audit.record(ctx, "statement.pay", "statement:" + s.id(), stepDetail(s, comment));
        ctx.json(view(done));
    }

    /** The audit log's detail of a step: the village, the month, what it pays out, and the comment given with it. */
    private static String stepDetail(Stored s, String comment) {
        return s.villageId() + " " + s.month() + " " + yuan(s.totals().allocationsFen()) + " yuan" + (comment == null ? "" : ": " + comment);
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
        return registry.village(id).orElseThrow(() -> ApiException.noVillage(id));
    }

    private Stored stored(Context ctx) {
        String sid = ctx.pathParam("sid");
        long id;
        try {
            id = Long.parseLong(sid);
        } catch (NumberFormatException e) {
            throw ApiException.noStatement(sid);
        }
        return statements.find(id).orElseThrow(() -> ApiException.noStatement(sid));
    }

    /**
     * A step's {@code comment} (optional text, at most {@value #MAX_COMMENT} characters, trimmed; empty is none): why
     * it was approved, where the notice was posted, how the money went out. Stored with the step, never in the document.
     */
    private static String comment(JsonNode body) {
        JsonNode c = body == null ? null : body.get("comment");
        if (c == null || c.isNull()) return null;
        if (!c.isTextual()) throw ApiException.badParameter("comment", "must be text");
        String comment = c.asText().strip();
        if (comment.length() > MAX_COMMENT) throw ApiException.badParameter("comment", "must be at most " + MAX_COMMENT + " characters");
        return comment.isEmpty() ? null : comment;
    }

    /** A step's body (null when empty), refused when it names who took the step. */
    private JsonNode stepBody(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) return null;
        JsonNode body;
        try {
            body = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badParameter("body", "must be empty or JSON {\"comment\":\"...\"}: " + e.getOriginalMessage());
        }
        if (body != null && body.has("by")) {
            throw ApiException.badParameter("by", "is not accepted: the step is recorded as the signed-in user's");
        }
        return body;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Periods.ZONE));
    }

    private static BigDecimal yuan(long fen) {
        return Money.ofFen(fen).yuan();
    }
}
