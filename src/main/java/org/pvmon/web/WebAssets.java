package org.pvmon.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The built-in web dashboard (zh-CN first, English available), served from the jar: no CDN, no fonts or scripts from
 * the internet, since county and township networks are often offline. It reads only the service's own API. Its charts
 * are Apache ECharts, served from the org.mvnpm:echarts jar at {@code /vendor/echarts/echarts.min.js}.
 */
public final class WebAssets {
    /** The version of org.mvnpm:echarts in pom.xml: its files sit under a directory named after it. */
    static final String ECHARTS_VERSION = "6.0.0";

    private WebAssets() {
    }

    /** Serves {@code /web} from the classpath at {@code /} ({@code /} gives {@code index.html}) and ECharts at {@code /vendor/echarts}. */
    public static void install(JavalinConfig cfg) {
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/web";
            sf.location = Location.CLASSPATH;
            sf.headers = Map.of("Cache-Control", "no-cache");
        });
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/vendor/echarts";
            sf.directory = "/META-INF/resources/_static/echarts/" + ECHARTS_VERSION + "/dist";
            sf.location = Location.CLASSPATH;
            sf.precompress = true; // 1.1 MB, about a third gzipped: compressed once, not per request
            sf.headers = Map.of("Cache-Control", "no-cache");
        });
    }
}
