package org.pvmon.http;

import io.javalin.security.RouteRole;
import java.util.EnumMap;
import java.util.Map;
import org.pvmon.access.Permission;

/**
 * The access rule of one endpoint, declared where the endpoint is registered ({@code app.get(path, handler, rule)}) and
 * enforced by {@link Guard} alone: {@link #PUBLIC} (health probes, signing in), {@link #SIGNED_IN} (any user: their own
 * session and password), or a {@link Permission} of the user's role. An endpoint registered without a rule is refused
 * to everybody (and fails the access matrix test). {@code upload}: the body is a file (CSV, XLSX), not JSON.
 */
record Rule(String name, Permission permission, boolean upload) implements RouteRole {
    static final Rule PUBLIC = new Rule("public", null, false);
    static final Rule SIGNED_IN = new Rule("signed-in", null, false);
    private static final Map<Permission, Rule> JSON = new EnumMap<>(Permission.class);
    private static final Map<Permission, Rule> UPLOAD = new EnumMap<>(Permission.class);

    static {
        for (Permission p : Permission.values()) {
            JSON.put(p, new Rule(p.name(), p, false));
            UPLOAD.put(p, new Rule(p.name() + " (upload)", p, true));
        }
    }

    /** Needs {@code p}; a body, if any, is JSON. */
    static Rule needs(Permission p) {
        return JSON.get(p);
    }

    /** Needs {@code p}; the body is an uploaded file. */
    static Rule upload(Permission p) {
        return UPLOAD.get(p);
    }
}
