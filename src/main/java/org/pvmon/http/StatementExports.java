package org.pvmon.http;

import org.pvmon.statements.export.StatementCsv;
import org.pvmon.statements.export.StatementHtml;
import org.pvmon.statements.export.StatementPdf;
import org.pvmon.statements.export.StatementSheet;
import org.pvmon.statements.export.StatementXlsx;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.function.Function;
import org.pvmon.statements.export.StatementSheet.Version;
import org.pvmon.statements.StatementDocument;
import org.pvmon.statements.StatementLedger.Status;
import org.pvmon.statements.StatementLedger.Stored;

/**
 * {@code GET /api/statements/{sid}/export.csv|.xlsx|.html|.pdf?version=office|notice}: a stored statement as a file,
 * every format printed from one {@link StatementSheet}. {@code office} (default) has every line; {@code notice} is
 * the public notice (公示): names, masked IDs and amounts, made only of an approved or published statement.
 */
final class StatementExports {
    private final Function<Context, Stored> stored;

    /** {@code stored}: the statement a request names by its {@code sid} path parameter (404 when there is none). */
    StatementExports(Function<Context, Stored> stored) {
        this.stored = stored;
    }

    void register(Javalin app) {
        Rule read = Rule.needs(org.pvmon.access.Permission.MONEY_READ);
        app.get("/api/statements/{sid}/export.csv", ctx -> {
            StatementSheet s = sheet(ctx, "csv");
            ctx.contentType("text/csv; charset=utf-8").result(StatementCsv.of(s));
        }, read);
        app.get("/api/statements/{sid}/export.xlsx", ctx -> {
            StatementSheet s = sheet(ctx, "xlsx");
            binary(ctx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StatementXlsx.of(s));
        }, read);
        app.get("/api/statements/{sid}/export.html", ctx -> {
            StatementSheet s = sheet(ctx, null);
            ctx.contentType("text/html; charset=utf-8").result(StatementHtml.of(s));
        }, read);
        app.get("/api/statements/{sid}/export.pdf", ctx -> {
            StatementSheet s = sheet(ctx, "pdf");
            binary(ctx, "application/pdf", StatementPdf.of(s));
        }, read);
    }

    /** A file that is no text: served without the {@code charset} Javalin's UTF-8 default would add to its type. */
    static void binary(Context ctx, String type, byte[] body) {
        ctx.res().setCharacterEncoding(null);
        ctx.contentType(type).result(body);
    }

    /** The statement's sheet in the requested version; {@code download}: the file extension to offer to save as. */
    private StatementSheet sheet(Context ctx, String download) {
        Stored st = stored.apply(ctx);
        Version version = Version.of(ctx.queryParam("version"));
        if (version == Version.NOTICE && !st.status().isPublished() && st.status() != Status.APPROVED) {
            throw ApiException.badParameter("version", "a public notice is made of an approved or published statement; statement "
                    + st.id() + " is " + st.status());
        }
        if (download != null) {
            String name = "statement-" + st.id() + "-" + st.month() + (version == Version.NOTICE ? "-notice" : "") + "." + download;
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        }
        return StatementSheet.of(StatementDocument.read(st), st, version);
    }
}
