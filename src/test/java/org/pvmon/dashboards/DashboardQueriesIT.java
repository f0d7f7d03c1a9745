package org.pvmon.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.testing.ProjectDir;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * Every query of the Grafana dashboards in {@code dashboards/}, run the way Grafana would run it: readings go through
 * the real pipeline (MQTT -> service -> InfluxDB), the template variables are resolved by running their own queries
 * (and their Grafana regex), the macros are substituted, and each InfluxQL query must answer without error and with
 * data in every column, so a misspelled measurement, field or tag fails here. The panels on pvmon's own API
 * (Infinity plugin) are fetched from the running service and their root selector and columns must be in the answer.
 */
class DashboardQueriesIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String INFLUX_UID = "pvmon-influxdb";
    private static final String API_UID = "pvmon-api";
    /** What Grafana would put for {@code $timeFilter} with "last 3 days"; the readings below lie inside it. */
    private static final String TIME_FILTER = "time > now() - 3d";
    private static final String INTERVAL = "1m";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern GROUP_BY_TAG = Pattern.compile("GROUP BY (?:time\\([^)]*\\), *)?\"([A-Za-z_]+)\"");

    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            YN-JH-001,东辛庄村光伏扶贫电站,东辛庄村,界湖街道,沂南县,30,35.53806,118.46452,2017-02-07
            YN-JH-002,西高庄村光伏扶贫电站,西高庄村,界湖街道,沂南县,210,35.55394,118.47672,2016-09-01
            YN-AD-001,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.60,118.30,2016-06-30
            """;
    private static final List<String> STATIONS = List.of("YN-JH-001", "YN-JH-002", "YN-AD-001");

    @Test
    void every_dashboard_query_runs_against_real_readings_and_returns_data() throws Exception {
        List<Dashboard> dashboards = loadDashboards();
        assertThat(dashboards).extracting(Dashboard::file)
                .containsExactlyInAnyOrder("pvmon-fleet.json", "pvmon-station.json", "pvmon-revenue.json");

        // days closed within seconds, so that the day before yesterday's hourly means are there for the panel reading them
        try (TestService service = new TestService(servers, CSV, Map.of("PVMON_ENERGY_CLOSE_EVERY_SECONDS", "1",
                "PVMON_ENERGY_CLOSE_AFTER_MINUTES", "1")).start();
             Publisher pub = servers.publisher(50)) {
            int records = publishSixHours(pub) + publishAClosedDay(pub);
            service.awaitStored(records);
            String db = service.database();
            org.awaitility.Awaitility.await("the closed day stored with its hourly means").atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> service.get("/health/ready").path("energyDays").asText().equals("complete"));

            int influxQueries = 0;
            int apiQueries = 0;
            for (Dashboard d : dashboards) {
                Map<String, String> single = new LinkedHashMap<>();
                Map<String, String> all = new LinkedHashMap<>();
                influxQueries += resolveVariables(d, db, single, all);
                for (Map<String, String> selection : List.of(single, all)) {
                    for (Target t : d.targets()) {
                        String where = d.file() + " panel '" + t.panel() + "' " + t.refId() + " with " + selection;
                        if (t.influx()) {
                            String q = substitute(t.text(), selection, where);
                            assertReturnsData(db, q, where);
                            if (selection == single) influxQueries++;
                        } else {
                            assertApiAnswers(service, t, selection, where);
                            if (selection == single) apiQueries++;
                        }
                    }
                }
            }
            System.out.println("DashboardQueriesIT: " + influxQueries + " InfluxQL queries (each run twice: one station, All) and "
                    + apiQueries + " pvmon API queries checked in " + dashboards.size() + " dashboards");
            // Not vacuous: the three dashboards hold this many queries (variables included).
            assertThat(influxQueries).as("InfluxQL queries checked").isGreaterThanOrEqualTo(25);
            assertThat(apiQueries).as("pvmon API queries checked").isGreaterThanOrEqualTo(3);
        }
    }

    /** Six hours of 5-minute readings for three stations up to now, with every optional field, and two bad readings. */
    private static int publishSixHours(Publisher pub) {
        OffsetDateTime end = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.MINUTES);
        int n = 0;
        for (int s = 0; s < STATIONS.size(); s++) {
            String id = STATIONS.get(s);
            double counter = 10_000 * (s + 1);
            for (int i = 71; i >= 0; i--) {
                OffsetDateTime t = end.minusMinutes(5L * i);
                counter += 0.5 + s;
                pub.publish("pvmon/v1/stations/" + id + "/reading", "{\"station\":\"" + id + "\",\"ts\":\"" + t
                        + "\",\"power_kw\":" + (6 + s + i % 3) + ",\"energy_kwh\":" + counter
                        + ",\"state\":\"" + (i % 10 == 0 ? "standby" : "running") + "\",\"fault_code\":" + (i == 3 ? 17 : 0)
                        + ",\"module_temp_c\":" + (30 + i % 5) + ",\"irradiance_wm2\":" + (500 + i) + "}");
                n++;
            }
        }
        pub.publish("pvmon/v1/stations/YN-JH-001/reading", "{\"station\":\"YN-JH-001\",\"power_kw\":\"a lot\"}");
        pub.publish("pvmon/v1/stations/YN-AD-001/reading", "not json");
        return n + 2;
    }

    /** An hourly reading of each station through the day before yesterday (local), counters below the six hours' above. */
    private static int publishAClosedDay(Publisher pub) {
        OffsetDateTime day = OffsetDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.DAYS).minusDays(2);
        int n = 0;
        for (int s = 0; s < STATIONS.size(); s++) {
            String id = STATIONS.get(s);
            for (int h = 0; h < 24; h++) {
                pub.publish("pvmon/v1/stations/" + id + "/reading", "{\"station\":\"" + id + "\",\"ts\":\"" + day.plusHours(h)
                        + "\",\"power_kw\":" + (h >= 6 && h <= 18 ? 5 + s : 0) + ",\"energy_kwh\":" + (10_000 * (s + 1) - 100 + h) + "}");
                n++;
            }
        }
        return n;
    }

    /**
     * Runs the dashboard's query variables in order, as Grafana does (each may use the ones before it), applying their
     * regex, and fills two selections: the first value of each ({@code single}) and All ({@code all}).
     * @return the number of variable queries run
     */
    private static int resolveVariables(Dashboard d, String db, Map<String, String> single, Map<String, String> all) {
        int run = 0;
        for (JsonNode v : d.json().path("templating").path("list")) {
            String name = v.path("name").asText();
            String where = d.file() + " variable $" + name;
            switch (v.path("type").asText()) {
                case "query" -> {
                    assertThat(v.path("datasource").path("uid").asText()).as(where).isEqualTo(INFLUX_UID);
                    List<String> firstValues = values(db, substitute(v.path("query").asText(), single, where), v, where);
                    List<String> allValues = values(db, substitute(v.path("query").asText(), all, where), v, where);
                    run++;
                    expectVariableValues(name, firstValues, allValues, where);
                    single.put(name, regexEscape(firstValues.get(0)));
                    all.put(name, v.path("includeAll").asBoolean() ? allValue(v, allValues) : regexEscape(allValues.get(0)));
                }
                case "textbox", "constant", "custom" -> {
                    String value = v.path("query").asText();
                    assertThat(value).as(where + " default value").isNotBlank();
                    single.put(name, value);
                    all.put(name, value);
                }
                default -> throw new AssertionError(where + ": variable type " + v.path("type") + " is not checked by this test");
            }
        }
        return run;
    }

    /** The variables pvmon's dashboards define, checked against the stations written above. */
    private static void expectVariableValues(String name, List<String> first, List<String> all, String where) {
        switch (name) {
            case "township" -> {
                assertThat(first).as(where).containsExactly("YN-AD", "YN-JH");
                assertThat(all).as(where).containsExactly("YN-AD", "YN-JH");
            }
            // the station list follows the township: first township (YN-AD) alone, then All
            case "station" -> {
                assertThat(first).as(where).containsExactly("YN-AD-001");
                assertThat(all).as(where).containsExactlyInAnyOrderElementsOf(STATIONS);
            }
            default -> throw new AssertionError(where + ": unknown variable; add what it should list to this test");
        }
    }

    /** Grafana's value for All: the custom all value, else every option as a regex alternation. */
    private static String allValue(JsonNode v, List<String> values) {
        if (v.hasNonNull("allValue") && !v.path("allValue").asText().isEmpty()) return v.path("allValue").asText();
        return "(" + String.join("|", values.stream().map(DashboardQueriesIT::regexEscape).toList()) + ")";
    }

    /** A variable query's values after the variable's regex (a capture group's text when it has one), deduplicated and sorted. */
    private static List<String> values(String db, String query, JsonNode variable, String where) {
        JsonNode result = run(db, query, where);
        Set<String> out = new LinkedHashSet<>();
        String regex = variable.path("regex").asText("");
        Pattern p = regex.isEmpty() ? null : Pattern.compile(regex.substring(1, regex.lastIndexOf('/')));
        for (JsonNode series : result.path("series")) {
            for (JsonNode row : series.path("values")) {
                String value = row.path(row.size() - 1).asText();
                if (p == null) {
                    out.add(value);
                    continue;
                }
                Matcher m = p.matcher(value);
                if (m.find()) out.add(m.groupCount() > 0 ? m.group(1) : value);
            }
        }
        assertThat(out).as(where + ": " + query + " lists nothing").isNotEmpty();
        return out.stream().sorted().toList();
    }

    private static void assertReturnsData(String db, String query, String where) {
        JsonNode result = run(db, query, where);
        JsonNode series = result.path("series");
        assertThat(series.isArray() && series.size() > 0).as(where + ": no series from " + query).isTrue();
        String groupTag = outerGroupByTag(query);
        for (JsonNode s : series) {
            assertThat(s.path("values").size()).as(where + ": empty series from " + query).isGreaterThan(0);
            JsonNode columns = s.path("columns");
            for (int c = 1; c < columns.size(); c++) {
                boolean any = false;
                for (JsonNode row : s.path("values")) any |= !row.path(c).isNull();
                assertThat(any).as(where + ": column " + columns.path(c) + " is all null in " + query).isTrue();
            }
            if (groupTag != null) {
                assertThat(s.path("tags").path(groupTag).asText()).as(where + ": series without tag " + groupTag + " from " + query)
                        .isNotEmpty();
            }
        }
    }

    /** The tag the outermost query groups by (not inside a subquery's parentheses), or null. */
    private static String outerGroupByTag(String query) {
        Matcher m = GROUP_BY_TAG.matcher(query);
        while (m.find()) {
            String before = query.substring(0, m.start());
            long depth = before.chars().filter(c -> c == '(').count() - before.chars().filter(c -> c == ')').count();
            if (depth == 0) return m.group(1);
        }
        return null;
    }

    /** One statement's result; fails on an HTTP or InfluxQL error. */
    private static JsonNode run(String db, String query, String where) {
        try {
            JsonNode r = JSON.readTree(servers.influxd().query(query, db));
            assertThat(r.path("error").isMissingNode()).as(where + ": " + r).isTrue();
            JsonNode results = r.path("results");
            assertThat(results.size()).as(where + ": one statement per query: " + query).isEqualTo(1);
            assertThat(results.path(0).path("error").isMissingNode()).as(where + ": " + query + " -> " + r).isTrue();
            return results.path(0);
        } catch (IOException e) {
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
    }

    private static void assertApiAnswers(TestService service, Target t, Map<String, String> selection, String where) {
        JsonNode q = t.json();
        assertThat(q.path("type").asText()).as(where).isEqualTo("json");
        assertThat(q.path("source").asText()).as(where).isEqualTo("url");
        String url = substitute(t.text(), selection, where);
        assertThat(url).as(where + ": a path on the pvmon service (the data source holds the base URL)").startsWith("/api/");
        JsonNode body = service.get(url);
        JsonNode root = q.path("root_selector").asText("").isEmpty() ? body : body.path(q.path("root_selector").asText());
        assertThat(root.isMissingNode()).as(where + ": " + url + " has no " + q.path("root_selector")).isFalse();
        List<JsonNode> rows = new ArrayList<>();
        if (root.isArray()) root.forEach(rows::add);
        else rows.add(root);
        assertThat(rows).as(where + ": " + url + " gave no rows").isNotEmpty();
        assertThat(q.path("columns").size()).as(where + ": columns").isGreaterThan(0);
        for (JsonNode column : q.path("columns")) {
            String selector = column.path("selector").asText();
            for (JsonNode row : rows) {
                assertThat(row.has(selector)).as(where + ": " + url + " rows have no field " + selector + ": " + row).isTrue();
            }
        }
    }

    /** Grafana's macros and template variables, as Grafana's InfluxDB data source interpolates them. */
    static String substitute(String text, Map<String, String> variables, String where) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String format = m.group(2);
            String value;
            if (name.equals("timeFilter") || name.equals("__timeFilter")) value = TIME_FILTER;
            else if (name.equals("__interval") || name.equals("interval")) value = INTERVAL;
            else if (name.equals("__to") && "date:YYYY-MM".equals(format)) value = YearMonth.now(SHANGHAI).toString();
            else if (variables.containsKey(name) && (format == null || format.equals("regex"))) value = variables.get(name);
            else throw new AssertionError(where + ": unknown variable or macro " + m.group() + " in " + text);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Grafana's kbn.regexEscape, which its InfluxDB data source applies to multi-value and All variables. */
    private static String regexEscape(String value) {
        return value.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\$0");
    }

    private record Dashboard(String file, JsonNode json) {
        /** Every panel's targets, rows included; the panel's data source applies where a target names none. */
        List<Target> targets() {
            List<Target> out = new ArrayList<>();
            collect(json.path("panels"), out);
            return out;
        }

        private void collect(JsonNode panels, List<Target> out) {
            for (JsonNode panel : panels) {
                collect(panel.path("panels"), out);
                for (JsonNode target : panel.path("targets")) {
                    JsonNode ds = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                    String uid = ds.path("uid").asText();
                    String where = file + " panel '" + panel.path("title").asText() + "'";
                    assertThat(uid).as(where + " data source").isIn(INFLUX_UID, API_UID);
                    boolean influx = uid.equals(INFLUX_UID);
                    if (influx) {
                        assertThat(target.path("rawQuery").asBoolean()).as(where + ": raw InfluxQL, so this test can run it").isTrue();
                    }
                    String text = influx ? target.path("query").asText() : target.path("url").asText();
                    assertThat(text).as(where + " query").isNotBlank();
                    out.add(new Target(panel.path("title").asText(), target.path("refId").asText(), influx, text, target));
                }
            }
        }
    }

    private record Target(String panel, String refId, boolean influx, String text, JsonNode json) {
    }

    private static List<Dashboard> loadDashboards() throws IOException {
        Path dir = ProjectDir.resolve("dashboards");
        try (Stream<Path> files = Files.list(dir)) {
            List<Dashboard> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = JSON.readTree(f.toFile());
                assertThat(json.path("uid").asText()).as(f + " uid").isNotBlank();
                out.add(new Dashboard(f.getFileName().toString(), json));
            }
            return out;
        }
    }
}
