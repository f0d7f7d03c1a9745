package org.pvmon.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.pvmon.access.ApiTokens;
import org.pvmon.access.Sessions;
import org.pvmon.access.User;
import org.pvmon.alerting.AlertBook;
import org.pvmon.config.Config;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.Registry;
import org.pvmon.statements.Statements;

/**
 * Access control, in one place: before every matched endpoint, who is asking (an API token in
 * {@code Authorization: Bearer}, else the dashboard's session cookie), whether a change from a browser comes from the
 * service's own pages (Origin/Referer and the session's CSRF token), whether the user's role has the endpoint's
 * {@link Rule}, and whether every id in the path lies in the user's scope; an id outside it is answered exactly as one
 * that does not exist. Lists are narrowed by the handlers with {@link Caller}.
 */
final class Guard {
    static final String COOKIE = "pvmon_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Registry registry;
    private final Statements statements;
    private final ReceiptBook receipts;
    private final AlertBook alerts;
    private final Config.Auth auth;

    Guard(Sessions sessions, ApiTokens tokens, Registry registry, Statements statements, ReceiptBook receipts, AlertBook alerts,
          Config.Auth auth) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.registry = registry;
        this.statements = statements;
        this.receipts = receipts;
        this.alerts = alerts;
        this.auth = auth;
    }

    void before(Context ctx) {
        Rule rule = rule(ctx);
        if (rule == null) {
            if (isStaticFile(ctx)) return; // the dashboard's own files: the sign-in page must load
            throw new ApiException(403, "no_access_rule", null, "This endpoint declares no access rule; it is refused to everybody.");
        }
        Optional<Caller> caller = authenticate(ctx);
        caller.ifPresent(c -> c.attach(ctx));
        if (rule == Rule.PUBLIC) return;
        Caller c = caller.orElseThrow(() -> new ApiException(401, "unauthenticated", null, "请先登录 / sign in first (a session, or Authorization: Bearer <token>)"));
        if (!READS.contains(ctx.method())) {
            if (c.session != null) checkSameOrigin(ctx, c.session);
            checkContentType(ctx, rule);
        }
        if (rule == Rule.SIGNED_IN) return;
        if (c.session != null && c.user.mustChangePassword()) { // a person's one-time password; a token was issued on purpose
            throw new ApiException(403, "password_change_required", null, "请先修改初始密码 / change your one-time password first (POST /api/session/password)");
        }
        if (!c.may(rule.permission())) {
            throw new ApiException(403, "forbidden", null, "您的角色无此权限 / your role (" + c.user.role().english() + ") may not do this");
        }
        checkScope(ctx, c);
    }

    /** The rule the matched endpoint declared, or null: none (or a static file). */
    private static Rule rule(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        for (RouteRole r : roles) if (r instanceof Rule rule) return rule;
        return null;
    }

    private static boolean isStaticFile(Context ctx) {
        String p = ctx.path();
        return !(p.startsWith("/api") || p.startsWith("/health") || p.startsWith("/metrics"));
    }

    private Optional<Caller> authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ApiException(401, "unauthenticated", null, "Authorization must be 'Bearer <token>'");
            }
            User u = tokens.authenticate(header.substring(7).strip())
                    .orElseThrow(() -> new ApiException(401, "unauthenticated", null, "令牌无效、已撤销或已过期 / the token is unknown, revoked or expired"));
            return Optional.of(new Caller(u, null, registry));
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie == null) return Optional.empty();
        return sessions.find(cookie).map(s -> new Caller(s.user(), s, registry));
    }

    /**
     * A change made with a session cookie must come from the service's own pages: the Origin (or, without it, the
     * Referer) is the service's address (as the browser reached it: Host, and X-Forwarded-Proto behind a proxy) or one
     * of {@code auth.allowed-origins}, and the session's CSRF token is in {@value #CSRF_HEADER}. A page of another site
     * can send the cookie but neither.
     */
    private void checkSameOrigin(Context ctx, Sessions.Session session) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) origin = originOf(ctx.header("Referer"));
        if (origin == null || !(origin.equalsIgnoreCase(ownOrigin(ctx)) || auth.allowedOrigins().contains(origin))) {
            throw new ApiException(403, "csrf", null, "跨站请求被拒绝 / refused: a change must come from this service's own pages (Origin "
                    + (origin == null ? "missing" : origin) + ")");
        }
        String token = ctx.header(CSRF_HEADER);
        if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(), session.csrfToken().getBytes())) {
            throw new ApiException(403, "csrf", null, "缺少或错误的 CSRF 令牌 / the " + CSRF_HEADER + " header must carry the session's token (GET /api/session)");
        }
    }

    /**
     * The client's address: the connection's, or behind a trusted proxy ({@code auth.trusted-proxies}) the last address
     * of {@code X-Forwarded-For}, the one that proxy saw (the ones before it are the client's own word).
     */
    static String clientAddress(Context ctx, Config.Auth auth) {
        String remote = ctx.req().getRemoteAddr();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || !auth.trustedProxies().contains(remote)) return remote;
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() || last.length() > 64 ? remote : last;
    }

    static String ownOrigin(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto");
        String scheme = proto != null ? proto.split(",")[0].strip().toLowerCase(Locale.ROOT) : ctx.scheme();
        return scheme + "://" + ctx.host();
    }

    private static String originOf(String referer) {
        if (referer == null) return null;
        try {
            URI u = URI.create(referer);
            if (u.getScheme() == null || u.getRawAuthority() == null) return null;
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** JSON endpoints take JSON only: a form or text/plain body (what another site's page can send) is refused. */
    private static void checkContentType(Context ctx, Rule rule) {
        if (rule.upload()) return;
        String type = ctx.header("Content-Type");
        if (type == null) return; // no body
        String base = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "Content-Type", "Content-Type must be application/json, got " + base);
        }
    }

    /**
     * Every id in the path must exist and be in the caller's scope; one that does not, or is outside it, is answered as
     * missing, here, before the handler reads anything else of the request: the answer for an id of another scope is
     * the answer for a missing one, whatever else is wrong with the request.
     */
    private void checkScope(Context ctx, Caller c) {
        for (String name : ctx.pathParamMap().keySet()) {
            String value = ctx.pathParam(name);
            switch (name) {
                case "villageId" -> {
                    if (!registry.village(value).map(c::sees).orElse(false)) throw ApiException.noVillage(value);
                }
                case "id" -> {
                    if (!registry.station(value).map(c::sees).orElse(false)) throw ApiException.noStation(value);
                }
                case "county" -> {
                    if (!c.seesCounty(value) || !registry.hasCounty(value)) {
                        throw ApiException.noCounty(value);
                    }
                }
                case "sid" -> {
                    if (!number(value).flatMap(statements::find).map(s -> c.seesVillage(s.villageId())).orElse(false)) {
                        throw ApiException.noStatement(value);
                    }
                }
                case "rid" -> {
                    if (!number(value).flatMap(receipts::find).map(r -> c.seesStation(r.receipt().stationId())).orElse(false)) {
                        throw ApiException.noReceipt(value);
                    }
                }
                case "aid" -> {
                    if (!number(value).flatMap(alerts::find).map(a -> c.seesStation(a.stationId())).orElse(false)) {
                        throw ApiException.noAlert(value);
                    }
                }
                case "table", "uid", "tid" -> { } // not places: a registry table's rows are narrowed by its handler; users and tokens are the administrator's
                default -> throw new IllegalStateException("path parameter {" + name + "} of " + ctx.endpointHandlerPath()
                        + " has no scope rule in Guard");
            }
        }
    }

    private static Optional<Long> number(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

}
