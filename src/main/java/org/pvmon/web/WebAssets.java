package org.pvmon.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The built-in web page (zh-CN first, English available), served from the jar: no CDN, no fonts or scripts from
 * the internet, since county and township networks are often offline. It reads only the service's own API.
 */
public final class WebAssets {
    private WebAssets() {
    }

    /** Serves {@code /web} from the classpath at {@code /} ({@code /} gives {@code index.html}). */
    public static void install(JavalinConfig cfg) {
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/web";
            sf.location = Location.CLASSPATH;
            sf.headers = java.util.Map.of("Cache-Control", "no-cache");
        });
    }
}
