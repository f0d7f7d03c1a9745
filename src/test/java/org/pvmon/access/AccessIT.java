package org.pvmon.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pvmon.App;
import org.pvmon.http.ApiServer;
import org.pvmon.testing.TestService;

/**
 * Access control as an attacker and each role meet it, on the real service (SQL database only): every endpoint of the
 * route table answered for every role as its rule says (an endpoint without a rule fails here), another scope's ids
 * answered exactly like missing ones, lists narrowed to the scope, cross-site changes refused, tokens revoked at once,
 * lockout after repeated failures, the first administrator's one-time password forced to change.
 */
class AccessIT {
    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30
            DXZ-01,东辛庄村光伏扶贫电站,东辛庄村,界湖街道,沂南县,30,35.55,118.46,2016-06-30
            LC-01,刘村光伏扶贫电站,刘村,城关镇,临沭县,25,34.9,118.6,2017-05-20
            """;
    private static final String ZJP = "沂南县-岸堤镇-朱家坡村";
    private static final String DXZ = "沂南县-界湖街道-东辛庄村";
    private static final Instant NOW = Instant.parse("2026-11-05T02:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestService service;
    private static final Map<Role, String> TOKENS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        service = TestService.withoutTimeSeries(CSV, Map.of("PVMON_AUTH_LOCKOUT_FAILURES", "3")).startHttp(Clock.fixed(NOW, ZoneOffset.UTC));
        service.put("/api/registry/households", """
                户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
                H1,朱家坡村,张大山,370321198001011237,3,残疾,2016-01-01,
                H2,东辛庄村,李秀英,11010519491231002X,1,独居老人,2016-01-01,
                """, 200);
        TOKENS.put(Role.ADMIN, service.token());
        TOKENS.put(Role.COUNTY_MANAGER, service.tokenFor("county", Role.COUNTY_MANAGER, Scope.county("沂南县")));
        TOKENS.put(Role.TOWNSHIP_OFFICER, service.tokenFor("township", Role.TOWNSHIP_OFFICER, Scope.township("沂南县", "岸堤镇")));
        TOKENS.put(Role.VILLAGE_OFFICER, service.tokenFor("village", Role.VILLAGE_OFFICER, new Scope("沂南县", "岸堤镇", ZJP)));
        TOKENS.put(Role.OM, service.tokenFor("om", Role.OM, Scope.county("沂南县")));
        TOKENS.put(Role.AUDITOR, service.tokenFor("auditor", Role.AUDITOR, Scope.EVERYWHERE));
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
    }

    @Test
    void every_endpoint_answers_every_role_as_its_rule_says() throws Exception {
        List<ApiServer.Endpoint> endpoints = service.endpoints();
        assertThat(endpoints).hasSizeGreaterThan(50);
        assertThat(endpoints).as("endpoints without an access rule").filteredOn(e -> e.rule() == null).isEmpty();
        List<String> wrong = new ArrayList<>();
        for (ApiServer.Endpoint e : endpoints) {
            String path = fill(e.path(), e.method());
            int anonymous = send(e.method(), path, null).statusCode();
            if (e.rule().equals("public")) {
                if (anonymous == 401 || anonymous == 403) wrong.add(e + " refused without credentials: " + anonymous);
                continue;
            }
            if (anonymous != 401) wrong.add(e + " without credentials: " + anonymous);
            for (Map.Entry<Role, String> role : TOKENS.entrySet()) {
                boolean may = e.permission() == null || role.getKey().may(Permission.valueOf(e.permission()));
                int status = send(e.method(), path, role.getValue()).statusCode();
                boolean refused = status == 401 || status == 403;
                if (may == refused) wrong.add(e + " as " + role.getKey() + ": " + status + (may ? " (should be allowed)" : " (should be refused)"));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void docs_api_lists_every_endpoint_with_its_rule() throws Exception {
        StringBuilder table = new StringBuilder("| method | path | rule |\n|---|---|---|\n");
        service.endpoints().stream().sorted(java.util.Comparator.comparing(ApiServer.Endpoint::path).thenComparing(ApiServer.Endpoint::method))
                .forEach(e -> table.append("| ").append(e.method()).append(" | `").append(e.path()).append("` | ").append(e.rule()).append(" |\n"));
        String doc = Files.readString(java.nio.file.Path.of("docs/api.md"));
        String listed = doc.substring(doc.indexOf("<!-- endpoints:begin -->") + "<!-- endpoints:begin -->".length() + 1, doc.indexOf("<!-- endpoints:end -->"));
        assertThat(listed).as("docs/api.md between the endpoints markers; the table to put there:\n" + table).isEqualTo(table.toString());
    }

    @Test
    void every_id_bearing_endpoint_answers_another_scopes_id_exactly_as_a_missing_one() throws Exception {
        // records of other scopes: a receipt through the API; a statement and an alert written as their books store them
        String admin = TOKENS.get(Role.ADMIN);
        Map<String, String> receipt = new LinkedHashMap<>();
        for (String station : List.of("LC-01", "DXZ-01")) {
            HttpResponse<String> r = send("POST", "/api/stations/" + station + "/receipts", admin, "application/json",
                    "{\"receivedOn\":\"2026-10-20\",\"periodFrom\":\"2026-09\",\"part\":\"BENCHMARK\",\"amountYuan\":\"10.00\",\"reference\":\"scope-" + station + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            receipt.put(station, body(r).path("id").asText());
        }
        Map<String, String> statement = new LinkedHashMap<>();
        Map<String, String> alert = new LinkedHashMap<>();
        org.jdbi.v3.core.Jdbi jdbi = service.parts().services().registry().database().jdbi();
        long next = 500;
        for (String[] place : new String[][] {{"沂南县-界湖街道-东辛庄村", "DXZ-01"}, {"临沭县-城关镇-刘村", "LC-01"}}) {
            long id = next++;
            jdbi.useHandle(h -> h.execute("INSERT INTO statements (id, village_id, month, kind, status, basis, plan_version, basis_fen, deductions_fen, "
                    + "allocations_fen, collective_fen, body, created_at) VALUES (?, ?, '2026-10', 'REGULAR', 'DRAFT', 'ACCRUED', 0, 0, 0, 0, 0, '{}', "
                    + "'2026-11-05T02:00:00.000Z')", id, place[0]));
            jdbi.useHandle(h -> h.execute("INSERT INTO alerts (id, station_id, type, status, since, opened_at, updated_at, detail, lost_kwh, lost_fen) "
                    + "VALUES (?, ?, 'OFFLINE', 'OPEN', '2026-11-05T01:00:00.000Z', '2026-11-05T01:00:00.000Z', '2026-11-05T01:00:00.000Z', 'x', '0.0', 0)",
                    id, place[1]));
            statement.put(place[1], String.valueOf(id));
            alert.put(place[1], String.valueOf(id));
        }
        // the county manager of 沂南县 and the village officer of 朱家坡村, each with ids of a place outside their scope
        Map<Role, Map<String, String>> others = Map.of(
                Role.COUNTY_MANAGER, Map.of("villageId", "临沭县-城关镇-刘村", "id", "LC-01", "county", "临沭县",
                        "sid", statement.get("LC-01"), "rid", receipt.get("LC-01"), "aid", alert.get("LC-01")),
                Role.VILLAGE_OFFICER, Map.of("villageId", DXZ, "id", "DXZ-01", "county", "临沭县",
                        "sid", statement.get("DXZ-01"), "rid", receipt.get("DXZ-01"), "aid", alert.get("DXZ-01")));
        Map<String, String> missing = Map.of("villageId", "沂南县-岸堤镇-没有村", "id", "NOPE-01", "county", "没有县",
                "sid", "999999", "rid", "999999", "aid", "999999");
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (ApiServer.Endpoint e : service.endpoints()) {
            List<String> params = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(e.path());
            while (m.find()) params.add(m.group(1));
            if (params.stream().noneMatch(missing::containsKey)) continue;
            for (Map.Entry<Role, Map<String, String>> caller : others.entrySet()) {
                String token = TOKENS.get(caller.getKey());
                for (String param : params) {
                    if (!missing.containsKey(param)) continue;
                    String other = path(e.path(), param, caller.getValue().get(param));
                    String none = path(e.path(), param, missing.get(param));
                    HttpResponse<String> a = send(e.method(), other, token);
                    HttpResponse<String> b = send(e.method(), none, token);
                    String am = a.body().replace(enc(caller.getValue().get(param)), "ID").replace(caller.getValue().get(param), "ID");
                    String bm = b.body().replace(enc(missing.get(param)), "ID").replace(missing.get(param), "ID");
                    if (a.statusCode() != b.statusCode() || !am.equals(bm)) {
                        wrong.add(e.method() + " " + e.path() + " as " + caller.getKey() + " {" + param + "}: another scope's " + a.statusCode()
                                + " " + a.body() + " / missing " + b.statusCode() + " " + b.body());
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(60);
        assertThat(wrong).isEmpty();
    }

    /** {@code template} with {@code param} set to {@code value} and the other parameters filled as by {@link #fill}. */
    private static String path(String template, String param, String value) {
        return fill(template.replace("{" + param + "}", enc(value)), "GET");
    }

    @Test
    void another_scopes_ids_are_answered_like_missing_ones() throws Exception {
        String village = TOKENS.get(Role.VILLAGE_OFFICER);
        String dxz = "/api/registry/villages/" + enc(DXZ) + "/households";
        String nowhere = "/api/registry/villages/" + enc("沂南县-岸堤镇-没有村") + "/households";
        HttpResponse<String> other = send("GET", dxz, village);
        HttpResponse<String> missing = send("GET", nowhere, village);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(body(other).path("error").asText()).isEqualTo(body(missing).path("error").asText()).isEqualTo("not_found");
        assertThat(body(other).path("message").asText()).isEqualTo("No village '" + DXZ + "' in the registry");
        assertThat(body(missing).path("message").asText()).isEqualTo("No village '沂南县-岸堤镇-没有村' in the registry");
        assertThat(send("GET", "/api/registry/villages/" + enc(ZJP) + "/households", village).statusCode()).isEqualTo(200);
        // stations and counties the same way
        assertThat(body(send("GET", "/api/stations/DXZ-01/receivables", village)).path("message").asText())
                .isEqualTo(body(send("GET", "/api/stations/NOPE-01/receivables", village)).path("message").asText().replace("NOPE-01", "DXZ-01"));
        assertThat(send("GET", "/api/counties/" + enc("临沭县") + "/receivables", TOKENS.get(Role.COUNTY_MANAGER)).statusCode()).isEqualTo(404);
        // (its own county is found: computing it needs InfluxDB, which this test does not run)
        assertThat(send("GET", "/api/counties/" + enc("沂南县") + "/receivables", TOKENS.get(Role.COUNTY_MANAGER)).statusCode()).isNotEqualTo(404);

        // lists show the scope only
        assertThat(names(send("GET", "/api/registry/villages", village))).containsExactly(ZJP);
        assertThat(names(send("GET", "/api/registry/villages", TOKENS.get(Role.COUNTY_MANAGER)))).containsExactlyInAnyOrder(ZJP, DXZ);
        assertThat(names(send("GET", "/api/registry/stations", TOKENS.get(Role.TOWNSHIP_OFFICER)))).containsExactly("ZJP-01");
        assertThat(names(send("GET", "/api/registry/villages", TOKENS.get(Role.AUDITOR)))).hasSize(3);
        // the register's export: the scope's rows, full ID numbers only for the roles that edit it
        String mine = send("GET", "/api/registry/households/export.csv", village).body();
        assertThat(mine).contains("370321198001011237").doesNotContain("李秀英");
        String audited = send("GET", "/api/registry/households/export.csv", TOKENS.get(Role.AUDITOR)).body();
        assertThat(audited).contains("张大山").contains("李秀英").doesNotContain("370321198001011237").contains("370321********1237");
        assertThat(send("GET", "/api/registry/households/export.csv", TOKENS.get(Role.OM)).statusCode()).isEqualTo(403);
        // an upload of another village's household: that village is unknown to a village officer
        HttpResponse<String> foreign = send("PUT", "/api/registry/households", village, "text/csv", """
                户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
                H2,东辛庄村,李秀英,11010519491231002X,2,独居老人,2016-01-01,
                """);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("未知的村");
    }

    @Test
    void a_change_from_another_site_is_refused_and_the_actor_is_the_signed_in_user() throws Exception {
        String password = service.tokenFor("clerk", Role.COUNTY_MANAGER, Scope.county("沂南县")) != null ? TestService.PASSWORD : null;
        HttpResponse<String> login = send("POST", "/api/session", null, "application/json",
                "{\"username\":\"clerk\",\"password\":\"" + password + "\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
        String cookie = setCookie.split(";")[0];
        String csrf = body(login).path("csrfToken").asText();
        String path = "/api/villages/" + enc(ZJP) + "/plans";
        String plan = "{\"effectiveFrom\":\"2026-11\",\"basis\":\"ACCRUED\",\"deductions\":[],\"allocations\":[{\"kind\":\"POST_WAGES\",\"name\":\"公益岗位工资\"},{\"kind\":\"COLLECTIVE\",\"name\":\"村集体\"}]}";
        // a form post of another site: its Origin, no token, a form body
        assertThat(browser(path, cookie, "https://evil.example", null, "application/x-www-form-urlencoded", "a=1").statusCode()).isEqualTo(403);
        // text/plain from another site with the token stolen somehow: still its Origin
        assertThat(browser(path, cookie, "https://evil.example", csrf, "text/plain", plan).statusCode()).isEqualTo(403);
        // the service's own page without the token
        assertThat(browser(path, cookie, service.baseUrl(), null, "application/json", plan).statusCode()).isEqualTo(403);
        // own page, token, but a text body: JSON endpoints take JSON only
        assertThat(browser(path, cookie, service.baseUrl(), csrf, "text/plain", plan).statusCode()).isEqualTo(415);
        HttpResponse<String> ok = browser(path, cookie, service.baseUrl(), csrf, "application/json", plan);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(body(ok).path("createdBy").asText()).isEqualTo("clerk");
        // a typed name is refused
        assertThat(browser(path, cookie, service.baseUrl(), csrf, "application/json", plan.replace("{\"effectiveFrom", "{\"by\":\"x\",\"effectiveFrom"))
                .statusCode()).isEqualTo(400);
        // signed out: the cookie opens nothing
        assertThat(browser("/api/session", cookie, service.baseUrl(), csrf, null, null, "DELETE").statusCode()).isEqualTo(204);
        assertThat(browser(path, cookie, service.baseUrl(), csrf, "application/json", plan).statusCode()).isEqualTo(401);
    }

    @Test
    void a_revoked_token_is_refused_on_the_next_request() throws Exception {
        String admin = TOKENS.get(Role.ADMIN);
        HttpResponse<String> created = send("POST", "/api/tokens", admin, "application/json", "{\"user\":\"auditor\",\"name\":\"grafana\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String secret = body(created).path("secret").asText();
        assertThat(secret).startsWith("pvm_");
        assertThat(send("GET", "/api/tokens", admin).body()).doesNotContain(secret).contains("grafana");
        assertThat(send("GET", "/api/registry/villages", secret).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/tokens/" + body(created).path("id").asLong(), admin).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/registry/villages", secret).statusCode()).isEqualTo(401);
    }

    @Test
    void the_audit_log_names_the_signed_in_user_and_its_chain_verifies() throws Exception {
        HttpResponse<String> created = send("POST", "/api/tokens", TOKENS.get(Role.ADMIN), "application/json", "{\"user\":\"om\",\"name\":\"prometheus\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode entries = body(send("GET", "/api/audit?action=token.create", TOKENS.get(Role.AUDITOR))).path("entries");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("it-admin");
            assertThat(e.path("detail").asText()).contains("prometheus for om");
            assertThat(e.path("from").asText()).isEqualTo("127.0.0.1");
        });
        JsonNode verify = body(send("GET", "/api/audit/verify", TOKENS.get(Role.AUDITOR)));
        assertThat(verify.path("intact").asBoolean()).isTrue();
        String csv = send("GET", "/api/audit/export.csv?action=token.create", TOKENS.get(Role.AUDITOR)).body();
        assertThat(csv).startsWith("\uFEFF序号 seq").contains("prometheus for om");
        assertThat(send("GET", "/api/audit", TOKENS.get(Role.COUNTY_MANAGER)).statusCode()).isEqualTo(403);
    }

    @Test
    void an_administrator_issues_a_stations_logger_login_whose_password_is_shown_once() throws Exception {
        String admin = TOKENS.get(Role.ADMIN);
        send("POST", "/api/stations/LC-01/logger/revoke", admin); // whatever the matrix test left
        HttpResponse<String> issued = send("POST", "/api/stations/LC-01/logger/issue", admin);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String password = body(issued).path("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        assertThat(body(issued).path("sheet").path("text").asText()).contains("LC-01").contains(password);
        HttpResponse<String> later = send("GET", "/api/stations/LC-01/logger", admin);
        assertThat(later.body()).contains("logger-LC-01").doesNotContain(password);
        assertThat(send("GET", "/api/loggers", admin).body()).doesNotContain(password);
        assertThat(send("POST", "/api/stations/LC-01/logger/rotate", TOKENS.get(Role.OM)).statusCode()).isEqualTo(403);
        assertThat(body(send("GET", "/api/audit?action=logger.issue", TOKENS.get(Role.AUDITOR))).path("entries").toString())
                .contains("station:LC-01").doesNotContain(password);
    }

    @Test
    void repeated_failures_lock_the_account_and_unknown_names_alike() throws Exception {
        service.tokenFor("victim", Role.AUDITOR, Scope.EVERYWHERE);
        for (String name : List.of("victim", "nobody-at-all")) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = send("POST", "/api/session", null, "application/json", "{\"username\":\"" + name + "\",\"password\":\"wrong-" + i + "\"}");
                assertThat(r.statusCode()).as(name + " attempt " + i + ": " + r.body()).isEqualTo(401);
                assertThat(body(r).path("error").asText()).isEqualTo("bad_credentials");
            }
            HttpResponse<String> locked = send("POST", "/api/session", null, "application/json",
                    "{\"username\":\"" + name + "\",\"password\":\"" + TestService.PASSWORD + "\"}");
            assertThat(locked.statusCode()).as(name).isEqualTo(423);
        }
    }

    @Test
    void the_first_administrator_must_change_the_one_time_password_before_anything_else() throws Exception {
        String oneTime = Files.readString(App.firstPasswordFile(service.dataDir())).strip();
        assertThat(oneTime).hasSize(16);
        HttpResponse<String> login = send("POST", "/api/session", null, "application/json",
                "{\"username\":\"admin\",\"password\":\"" + oneTime + "\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(body(login).path("mustChangePassword").asBoolean()).isTrue();
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = body(login).path("csrfToken").asText();
        HttpResponse<String> blocked = browser("/api/registry/villages", cookie, null, null, null, null, "GET");
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(body(blocked).path("error").asText()).isEqualTo("password_change_required");
        assertThat(browser("/api/session/password", cookie, service.baseUrl(), csrf, "application/json",
                "{\"current\":\"" + oneTime + "\",\"password\":\"short\"}").statusCode()).isEqualTo(400);
        assertThat(browser("/api/session/password", cookie, service.baseUrl(), csrf, "application/json",
                "{\"current\":\"" + oneTime + "\",\"password\":\"A-new-password-1\"}").statusCode()).isEqualTo(200);
        assertThat(browser("/api/registry/villages", cookie, null, null, null, null, "GET").statusCode()).isEqualTo(200);
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    /** A path of the route table with its parameters filled by ids that exist where the fixture has them. */
    private static String fill(String path, String method) {
        return path.replace("{villageId}", enc(ZJP)).replace("{id}", "ZJP-01").replace("{county}", enc("沂南县"))
                .replace("{table}", method.equals("PUT") ? "households" : "stations")
                .replace("{sid}", "999999").replace("{rid}", "999999").replace("{aid}", "999999")
                .replace("{uid}", "999999").replace("{tid}", "999999");
    }

    private static HttpResponse<String> send(String method, String path, String token) throws Exception {
        boolean body = method.equals("POST") || method.equals("PUT");
        return send(method, path, token, body ? "application/json" : null, body ? "{}" : null);
    }

    private static HttpResponse<String> send(String method, String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (type != null) b.header("Content-Type", type);
        return HTTP.send(TestService.authorized(b, token).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> browser(String path, String cookie, String origin, String csrf, String type, String body) throws Exception {
        return browser(path, cookie, origin, csrf, type, body, "POST");
    }

    /** What a browser sends: the session cookie, its Origin, maybe the CSRF header. */
    private static HttpResponse<String> browser(String path, String cookie, String origin, String csrf, String type, String body, String method)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (origin != null) b.header("Origin", origin);
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        if (type != null) b.header("Content-Type", type);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static List<String> names(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode n : body(r)) out.add(n.path("id").asText());
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
