package org.pvmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's offline shell: the service worker keeps every file of the page (and nothing of the API), and the
 * manifest's icons exist. A module added without adding it to {@code sw.js} would be missing offline.
 */
class WebShellTest {
    private static Path web() throws URISyntaxException {
        return Path.of(WebShellTest.class.getResource("/web/index.html").toURI()).getParent();
    }

    private static List<String> shell() throws Exception {
        String sw = Files.readString(web().resolve("sw.js"), StandardCharsets.UTF_8);
        Matcher list = Pattern.compile("const SHELL = \\[(.*?)\\];", Pattern.DOTALL).matcher(sw);
        assertThat(list.find()).as("sw.js has its SHELL list").isTrue();
        List<String> out = new ArrayList<>();
        Matcher entry = Pattern.compile("'([^']*)'").matcher(list.group(1));
        while (entry.find()) out.add(entry.group(1));
        return out;
    }

    @Test
    void the_service_worker_keeps_every_file_of_the_page_and_nothing_of_the_api() throws Exception {
        Path web = web();
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> all = Files.walk(web)) {
            all.filter(Files::isRegularFile).map(p -> "/" + web.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("/sw.js") && !p.equals("/index.html")).forEach(files::add);
        }
        files.add("/"); // index.html, as the page is asked for
        files.add("/vendor/echarts/echarts.min.js");
        List<String> shell = shell();
        assertThat(new TreeSet<>(shell)).isEqualTo(files);
        assertThat(shell).doesNotHaveDuplicates().noneMatch(p -> p.startsWith("/api") || p.startsWith("/health") || p.startsWith("/metrics"));
        assertThat(WebShellTest.class.getResource("/META-INF/resources/_static/echarts/" + WebAssets.ECHARTS_VERSION + "/dist/echarts.min.js"))
                .as("ECharts where WebAssets serves it").isNotNull();
    }

    @Test
    void the_manifest_names_icons_that_exist_and_the_page_links_it() throws IOException, URISyntaxException {
        JsonNode manifest = new ObjectMapper().readTree(web().resolve("manifest.json").toFile());
        assertThat(manifest.path("start_url").asText()).isEqualTo("/");
        assertThat(manifest.path("icons")).isNotEmpty();
        for (JsonNode icon : manifest.path("icons")) {
            assertThat(web().resolve(icon.path("src").asText().substring(1))).as(icon.path("src").asText()).isRegularFile();
        }
        assertThat(Files.readString(web().resolve("index.html"), StandardCharsets.UTF_8))
                .contains("<link rel=\"manifest\" href=\"/manifest.json\">").contains("<script type=\"module\" src=\"/main.js\"></script>");
    }
}
