package org.pvmon.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pvmon.access.AccessException;
import org.pvmon.access.Accounts;
import org.pvmon.access.ApiTokens;
import org.pvmon.access.Permission;
import org.pvmon.access.Role;
import org.pvmon.access.Scope;
import org.pvmon.access.Sessions;
import org.pvmon.access.User;
import org.pvmon.config.Config;

/**
 * Signing in and out, one's own password ({@code /api/session}), and the administrator's users and API tokens
 * ({@code /api/users}, {@code /api/tokens}). One-time passwords and token secrets appear once, in the answer that
 * creates them.
 */
final class AccessRoutes {
    private final Accounts accounts;
    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Config.Auth auth;
    private final Clock clock;
    private final Audit audit;

    AccessRoutes(Accounts accounts, Sessions sessions, ApiTokens tokens, Config.Auth auth, Clock clock, Audit audit) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.auth = auth;
        this.clock = clock;
        this.audit = audit;
    }

    void register(Javalin app) {
        app.post("/api/session", this::signIn, Rule.PUBLIC);
        app.get("/api/session", this::current, Rule.PUBLIC); // "am I signed in?": a page asks before it shows anything
        app.delete("/api/session", this::signOut, Rule.SIGNED_IN);
        app.post("/api/session/password", this::changePassword, Rule.SIGNED_IN);
        app.get("/api/users", ctx -> ctx.json(accounts.users().stream().map(AccessRoutes::view).toList()), Rule.needs(Permission.USERS_MANAGE));
        app.post("/api/users", this::createUser, Rule.needs(Permission.USERS_MANAGE));
        app.put("/api/users/{uid}", this::updateUser, Rule.needs(Permission.USERS_MANAGE));
        app.post("/api/users/{uid}/password", this::resetPassword, Rule.needs(Permission.USERS_MANAGE));
        app.get("/api/tokens", ctx -> ctx.json(tokens.list().stream().map(AccessRoutes::view).toList()), Rule.needs(Permission.USERS_MANAGE));
        app.post("/api/tokens", this::createToken, Rule.needs(Permission.USERS_MANAGE));
        app.delete("/api/tokens/{tid}", this::revokeToken, Rule.needs(Permission.USERS_MANAGE));
    }

    private void signIn(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase(Guard.ownOrigin(ctx)) && !auth.allowedOrigins().contains(origin)) {
            throw new ApiException(403, "csrf", null, "跨站登录被拒绝 / refused: sign in from this service's own page");
        }
        JsonNode body = Params.jsonObject(ctx);
        String username = Params.text(body, "username", 64);
        String password = Params.text(body, "password", 200);
        User u;
        try {
            u = accounts.signIn(username, password, audit.from(ctx));
        } catch (AccessException e) {
            audit.record(ctx, username.toLowerCase(Locale.ROOT), "login.failed", "user:" + username.toLowerCase(Locale.ROOT), e.reason().name());
            throw e;
        }
        Sessions.Session s = sessions.open(u, audit.from(ctx));
        StringBuilder cookie = new StringBuilder(Guard.COOKIE + "=" + s.secret() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + auth.sessionMax().toSeconds());
        if (secure(ctx)) cookie.append("; Secure");
        ctx.header("Set-Cookie", cookie.toString());
        audit.record(ctx, u.username(), "login", "user:" + u.username(), null);
        ctx.json(sessionView(u, s.csrfToken()));
    }

    private boolean secure(Context ctx) {
        return switch (auth.secureCookie()) {
            case "always" -> true;
            case "never" -> false;
            default -> Guard.ownOrigin(ctx).startsWith("https:");
        };
    }

    private void current(Context ctx) {
        java.util.Optional<Caller> c = Caller.find(ctx);
        if (c.isEmpty()) {
            ctx.json(Map.of("signedIn", false));
            return;
        }
        ctx.json(sessionView(c.get().user, c.get().session == null ? null : c.get().session.csrfToken()));
    }

    private void signOut(Context ctx) {
        Caller c = Caller.of(ctx);
        sessions.end(ctx.cookie(Guard.COOKIE));
        ctx.header("Set-Cookie", Guard.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        audit.record(ctx, c.user.username(), "logout", "user:" + c.user.username(), null);
        ctx.status(204);
    }

    private void changePassword(Context ctx) {
        Caller c = Caller.of(ctx);
        JsonNode body = Params.jsonObject(ctx);
        User u = accounts.changePassword(c.user.id(), Params.text(body, "current", 200), Params.text(body, "password", 200));
        if (c.session != null) sessions.endOthers(u.id(), ctx.cookie(Guard.COOKIE));
        audit.record(ctx, u.username(), "user.password.change", "user:" + u.username(), null);
        ctx.json(sessionView(u, c.session == null ? null : c.session.csrfToken()));
    }

    private void createUser(Context ctx) {
        JsonNode body = Params.jsonObject(ctx);
        Accounts.Created created = accounts.create(Params.text(body, "username", 64), Params.optionalText(body, "displayName", 100),
                role(body, true), scope(body, accounts));
        audit.record(ctx, Caller.of(ctx).user.username(), "user.create", "user:" + created.user().username(),
                created.user().role() + " " + created.user().scope().label());
        Map<String, Object> m = view(created.user());
        m.put("oneTimePassword", created.password());
        ctx.status(201).json(m);
    }

    private void updateUser(Context ctx) {
        long id = id(ctx, "uid");
        JsonNode body = Params.jsonObject(ctx);
        Boolean disabled = body.hasNonNull("disabled") ? body.get("disabled").asBoolean() : null;
        if (Boolean.TRUE.equals(disabled) && id == Caller.of(ctx).user.id()) {
            throw ApiException.badParameter("disabled", "you cannot disable yourself");
        }
        User u = accounts.update(id, Params.optionalText(body, "displayName", 100), role(body, false),
                body.has("scope") ? scope(body, accounts) : null, disabled);
        audit.record(ctx, Caller.of(ctx).user.username(), "user.update", "user:" + u.username(),
                u.role() + " " + u.scope().label() + (u.disabled() ? " disabled" : ""));
        ctx.json(view(u));
    }

    private void resetPassword(Context ctx) {
        Accounts.Created created = accounts.resetPassword(id(ctx, "uid"));
        audit.record(ctx, Caller.of(ctx).user.username(), "user.password.reset", "user:" + created.user().username(), null);
        Map<String, Object> m = view(created.user());
        m.put("oneTimePassword", created.password());
        ctx.json(m);
    }

    private void createToken(Context ctx) {
        JsonNode body = Params.jsonObject(ctx);
        String username = Params.text(body, "user", 64).toLowerCase(Locale.ROOT);
        User owner = accounts.user(username).orElseThrow(() -> ApiException.badParameter("user", "no user '" + username + "'"));
        Instant expires = null;
        if (body.hasNonNull("expiresInDays")) {
            int days = body.get("expiresInDays").asInt(-1);
            if (days < 1 || days > 3650) throw ApiException.badParameter("expiresInDays", "must be 1-3650");
            expires = clock.instant().plus(Duration.ofDays(days));
        }
        ApiTokens.Token t = tokens.create(owner, Params.text(body, "name", 100), expires, Caller.of(ctx).user.username());
        audit.record(ctx, Caller.of(ctx).user.username(), "token.create", "token:" + t.id(), t.name() + " for " + owner.username());
        Map<String, Object> m = view(t);
        m.put("secret", t.secret());
        ctx.status(201).json(m);
    }

    private void revokeToken(Context ctx) {
        long id = id(ctx, "tid");
        ApiTokens.Token t = tokens.token(id).orElseThrow(() -> ApiException.notFound("No token " + id));
        t = tokens.revoke(t.id());
        audit.record(ctx, Caller.of(ctx).user.username(), "token.revoke", "token:" + t.id(), t.name());
        ctx.json(view(t));
    }

    // ---- views -----------------------------------------------------------------------------------------------------

    private static Map<String, Object> sessionView(User u, String csrf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signedIn", true);
        m.putAll(view(u));
        m.put("permissions", u.role().permissions().stream().map(Enum::name).sorted().toList());
        if (csrf != null) m.put("csrfToken", csrf);
        return m;
    }

    static Map<String, Object> view(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("username", u.username());
        m.put("displayName", u.displayName());
        m.put("role", u.role().name());
        m.put("roleName", Map.of("zh", u.role().chinese(), "en", u.role().english()));
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("county", u.scope().county());
        scope.put("township", u.scope().township());
        scope.put("village", u.scope().village());
        scope.put("label", u.scope().label());
        m.put("scope", scope);
        m.put("mustChangePassword", u.mustChangePassword());
        m.put("disabled", u.disabled());
        m.put("lockedUntil", u.lockedUntil());
        m.put("createdAt", u.createdAt());
        return m;
    }

    private static Map<String, Object> view(ApiTokens.Token t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("user", t.username());
        m.put("name", t.name());
        m.put("hint", t.hint() + "…");
        m.put("createdAt", t.createdAt());
        m.put("createdBy", t.createdBy());
        m.put("expiresAt", t.expiresAt());
        m.put("lastUsedAt", t.lastUsedAt());
        m.put("revokedAt", t.revokedAt());
        return m;
    }

    private static Role role(JsonNode body, boolean required) {
        String r = required ? Params.text(body, "role", 30) : Params.optionalText(body, "role", 30);
        if (r == null) return null;
        try {
            return Role.valueOf(r.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("role", "must be one of ADMIN, COUNTY_MANAGER, TOWNSHIP_OFFICER, VILLAGE_OFFICER, OM, AUDITOR");
        }
    }

    /** {@code {"county":…}}, {@code {"county":…,"township":…}} or {@code {"village":id}}; none: everywhere. */
    private static Scope scope(JsonNode body, Accounts accounts) {
        JsonNode s = body.get("scope");
        if (s == null || s.isNull()) return Scope.EVERYWHERE;
        if (!s.isObject()) throw ApiException.badParameter("scope", "must be {\"county\":…, \"township\":…} or {\"village\":…}");
        String village = Params.optionalText(s, "village", 200);
        if (village != null) return accounts.villageScope(village);
        try {
            return new Scope(Params.optionalText(s, "county", 100), Params.optionalText(s, "township", 100), Params.optionalText(s, "village", 200));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("scope", e.getMessage());
        }
    }

    private static long id(Context ctx, String param) {
        try {
            return Long.parseLong(ctx.pathParam(param));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No " + (param.equals("uid") ? "user " : "token ") + ctx.pathParam(param));
        }
    }
}
