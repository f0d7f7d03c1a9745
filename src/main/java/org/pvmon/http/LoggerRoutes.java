package org.pvmon.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pvmon.access.Permission;
import org.pvmon.loggers.CredentialSheet;
import org.pvmon.loggers.LoggerCredentials;

/**
 * Stations' broker logins for administrators ({@link LoggerCredentials}): list, issue, rotate, revoke, and a station's
 * credential sheet for the installer. A password is in the answer that creates it and nowhere else (the sheet shown
 * later has none).
 */
final class LoggerRoutes {
    private final LoggerCredentials loggers;
    private final Audit audit;

    LoggerRoutes(LoggerCredentials loggers, Audit audit) {
        this.loggers = loggers;
        this.audit = audit;
    }

    void register(Javalin app) {
        Rule manage = Rule.needs(Permission.LOGGERS_MANAGE);
        app.get("/api/loggers", ctx -> ctx.json(loggers.list().stream().filter(a -> Caller.of(ctx).seesStation(a.stationId()))
                .map(LoggerRoutes::view).toList()), manage);
        app.get("/api/stations/{id}/logger", ctx -> {
            String id = ctx.pathParam("id");
            LoggerCredentials.Account a = loggers.find(id).orElseThrow(() -> ApiException.notFound("Station " + id + " has no logger credential"));
            Map<String, Object> m = view(a);
            m.put("sheet", sheet(loggers.sheet(id)));
            ctx.json(m);
        }, manage);
        app.post("/api/stations/{id}/logger/issue", ctx -> issued(ctx, "logger.issue", loggers.issue(ctx.pathParam("id"))), manage);
        app.post("/api/stations/{id}/logger/rotate", ctx -> issued(ctx, "logger.rotate", loggers.rotate(ctx.pathParam("id"))), manage);
        app.post("/api/stations/{id}/logger/revoke", ctx -> {
            LoggerCredentials.Revoked r = loggers.revoke(ctx.pathParam("id"));
            audit.record(ctx, "logger.revoke", "station:" + r.account().stationId(), r.broker().outcome().name());
            Map<String, Object> m = view(r.account());
            m.put("broker", r.broker());
            ctx.json(m);
        }, manage);
    }

    private void issued(Context ctx, String action, LoggerCredentials.Issued i) {
        audit.record(ctx, action, "station:" + i.account().stationId(), i.broker().outcome().name());
        Map<String, Object> m = view(i.account());
        m.put("password", i.password()); // shown once
        m.put("sheet", sheet(i.sheet()));
        m.put("broker", i.broker());
        ctx.status(201).json(m);
    }

    private static Map<String, Object> view(LoggerCredentials.Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("station", a.stationId());
        m.put("username", a.username());
        m.put("state", a.state());
        m.put("issuedAt", a.issuedAt());
        m.put("rotatedAt", a.rotatedAt());
        m.put("revokedAt", a.revokedAt());
        return m;
    }

    private static Map<String, Object> sheet(CredentialSheet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", s.text());
        m.put("readingTopic", s.readingTopic());
        m.put("statusTopic", s.statusTopic());
        return m;
    }
}
