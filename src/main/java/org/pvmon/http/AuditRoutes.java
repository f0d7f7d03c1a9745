package org.pvmon.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.pvmon.access.Permission;
import org.pvmon.audit.AuditLog;
import org.pvmon.energy.Periods;
import org.pvmon.registry.files.Sheet;

/**
 * The audit log for administrators and auditors: a page of entries (newest first, filtered), the same as a CSV file,
 * and whether the hash chain is intact ({@link AuditLog#verify}). Reading it is not recorded; exporting it is.
 */
final class AuditRoutes {
    /** At most this many entries in one export (about a year of a county's changes). */
    static final int MAX_EXPORT = 100_000;

    private final AuditLog log;
    private final Audit audit;

    AuditRoutes(AuditLog log, Audit audit) {
        this.log = log;
        this.audit = audit;
    }

    void register(Javalin app) {
        Rule read = Rule.needs(Permission.AUDIT_READ);
        app.get("/api/audit", this::list, read);
        app.get("/api/audit/export.csv", this::export, read);
        app.get("/api/audit/verify", ctx -> ctx.json(log.verify()), read);
    }

    /** {@code ?from=&to=} local days (Asia/Shanghai, inclusive), {@code actor}, {@code action}, {@code before} (a seq), {@code limit}. */
    private void list(Context ctx) {
        AuditLog.Query q = query(ctx, Params.integer(ctx, "limit", 100, 1, 1000), before(ctx));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<AuditLog.Entry> entries = log.list(q);
        for (AuditLog.Entry e : entries) rows.add(view(e));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", rows);
        body.put("next", entries.size() == q.limit() ? entries.get(entries.size() - 1).seq() : null); // ?before= for the next page
        ctx.json(body);
    }

    private void export(Context ctx) {
        StringWriter out = new StringWriter();
        int n = 0;
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").build())) {
            csv.printRecord("序号 seq", "时间 at", "操作人 actor", "操作 action", "对象 target", "详情 detail", "来源 from", "前一哈希 prev_hash", "哈希 hash");
            Long before = before(ctx);
            while (n < MAX_EXPORT) {
                List<AuditLog.Entry> page = log.list(query(ctx, 1000, before));
                for (AuditLog.Entry e : page) {
                    csv.printRecord(e.seq(), local(e.at()), cell(e.actor()), cell(e.action()), cell(e.target()), cell(e.detail()),
                            cell(e.from()), e.prevHash(), e.hash());
                    n++;
                }
                if (page.size() < 1000) break;
                before = page.get(page.size() - 1).seq();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        audit.record(ctx, "audit.export", "audit", n + " entries");
        ctx.header("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(("\uFEFF" + out).getBytes(StandardCharsets.UTF_8));
    }

    private static AuditLog.Query query(Context ctx, int limit, Long before) {
        LocalDate from = Params.optionalDate(ctx, "from");
        LocalDate to = Params.optionalDate(ctx, "to");
        if (from != null && to != null && to.isBefore(from)) throw ApiException.badParameter("to", "is before from");
        String actor = blankToNull(ctx.queryParam("actor"));
        String action = blankToNull(ctx.queryParam("action"));
        if (actor != null && actor.length() > 100) throw ApiException.badParameter("actor", "must be at most 100 characters");
        if (action != null && action.length() > 64) throw ApiException.badParameter("action", "must be at most 64 characters");
        return new AuditLog.Query(from == null ? null : from.atStartOfDay(Periods.ZONE).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(Periods.ZONE).toInstant(), actor, action, before, limit);
    }

    private static Long before(Context ctx) {
        String b = ctx.queryParam("before");
        if (b == null || b.isBlank()) return null;
        try {
            long v = Long.parseLong(b.strip());
            if (v < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("before", "must be an entry's number (seq), got '" + b + "'");
        }
    }

    private static Map<String, Object> view(AuditLog.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("at", local(e.at()));
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("detail", e.detail());
        m.put("from", e.from());
        m.put("hash", e.hash());
        return m;
    }

    private static OffsetDateTime local(Instant t) {
        return t.atZone(Periods.ZONE).toOffsetDateTime();
    }

    /** A cell a spreadsheet does not run (the registry exports' rule: a leading apostrophe before = + - @). */
    private static String cell(String s) {
        return s == null ? null : Sheet.neutralised(s);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
