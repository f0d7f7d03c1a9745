package org.pvmon.http;

import io.javalin.http.Context;

/**
 * Where the HTTP layer reports who changed what (the audit log, built by App): the actor is the authenticated user,
 * never a name the request typed; {@code from} is the client's address.
 */
final class Audit {
    private final org.pvmon.audit.AuditLog sink;
    private final org.pvmon.config.Config.Auth auth;

    Audit(org.pvmon.audit.AuditLog sink, org.pvmon.config.Config.Auth auth) {
        this.sink = sink;
        this.auth = auth;
    }

    /** The client's address as recorded (behind a trusted proxy, the address it forwarded for). */
    String from(Context ctx) {
        return Guard.clientAddress(ctx, auth);
    }

    /** A change by the signed-in caller. */
    void record(Context ctx, String action, String target, String detail) {
        record(ctx, Caller.of(ctx).user.username(), action, target, detail);
    }

    void record(Context ctx, String actor, String action, String target, String detail) {
        sink.record(actor, action, target, detail, from(ctx));
    }
}
