package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.statements.StatementLedger;
import org.pvmon.registry.StationEntry;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * A village's October statement from real readings: revenue by station share and part, the default plan's deductions
 * and allocations computed by hand, the lifecycle with who and when, and a published statement that no endpoint can
 * change.
 */
class StatementsIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30
            LC-01,联村光伏扶贫电站,王家庄村,岸堤镇,沂南县,50,35.56,118.47,2017-05-20
            """;
    static final String VILLAGE = "沂南县-岸堤镇-朱家坡村";
    private static final String OTHER = "沂南县-岸堤镇-王家庄村";
    static final String V = "/api/villages/" + URLEncoder.encode(VILLAGE, StandardCharsets.UTF_8);
    /** 2026-11-05 10:00 in Shanghai: October is complete. */
    static final Instant NOW = Instant.parse("2026-11-05T02:00:00Z");

    @Test
    void october_statement_reconciles_and_once_published_never_changes() {
        try (TestService service = new TestService(servers, CSV, Map.of()).start(Clock.fixed(NOW, ZoneOffset.UTC));
             Publisher pub = servers.publisher(20)) {
            Registry registry = Registry.openSqlite(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db"));
            register(registry);
            publishOctober(pub, "ZJP-01", 10_000, new long[] {10, 990, 1000, 10}); // 5 + 990 + 1000 + 5 = 2000 kWh in October
            publishOctober(pub, "LC-01", 5_000, new long[] {10, 990, 1000, 10});
            service.awaitStored(10);

            JsonNode preview = service.get(V + "/statements/preview?month=2026-10");
            assertPreviewByHand(preview);
            // The other owner of the joint station gets 40% of its 789.80: 315.92.
            JsonNode other = service.get("/api/villages/" + URLEncoder.encode(OTHER, StandardCharsets.UTF_8) + "/statements/preview?month=2026-10");
            assertThat(other.path("totals").path("basisYuan").decimalValue()).isEqualByComparingTo("315.92");

            assertThat(service.get(V + "/statements/preview?month=2026-13", 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.get(V + "/statements/preview?month=2026-12", 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.get(V + "/statements/preview", 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.get("/api/villages/" + URLEncoder.encode("沂南县-岸堤镇-无此村", StandardCharsets.UTF_8)
                    + "/statements/preview?month=2026-10", 404).path("error").asText()).isEqualTo("not_found");
            assertThat(service.post(V + "/statements?month=2026-11", null, 400).path("message").asText()).contains("not over");

            // Lifecycle: draft -> approved -> published, recording who and when.
            JsonNode draft = service.post(V + "/statements?month=2026-10", null, 201);
            long id = draft.path("id").asLong();
            String s = "/api/statements/" + id;
            assertThat(draft.path("status").asText()).isEqualTo("DRAFT");
            assertThat(draft.path("kind").asText()).isEqualTo("REGULAR");
            assertThat(draft.path("createdAt").asText()).isEqualTo(NOW.toString());
            assertThat(draft.path("statement").path("totals")).isEqualTo(preview.path("totals"));
            assertThat(draft.path("statement").path("households")).isEqualTo(preview.path("households"));
            assertThat(service.post(V + "/statements?month=2026-10", null, 409).path("message").asText()).contains("already has statement " + id);

            assertThat(service.post(s + "/publish", "{}", 409).path("message").asText()).contains("is DRAFT");
            // who approves is the signed-in user: a typed name is refused, not recorded
            assertThat(service.post(s + "/approve", "{\"by\":\"anonymous-attacker\"}", 400).path("parameter").asText()).isEqualTo("by");
            assertThat(service.post(s + "/approve", "not json", 400).path("parameter").asText()).isEqualTo("body");
            // the comment given with a step: optional text of at most 1000 characters, kept with the step
            assertThat(service.post(s + "/approve", "{\"comment\":42}", 400).path("parameter").asText()).isEqualTo("comment");
            assertThat(service.post(s + "/approve", "{\"comment\":\"" + "长".repeat(1001) + "\"}", 400).path("parameter").asText())
                    .isEqualTo("comment");
            String draftBody = new StatementLedger(registry.database()).find(id).orElseThrow().body();
            JsonNode approved = service.post(s + "/approve", "{\"comment\":\"  村两委会议 11月5日通过  \"}", 200);
            assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
            assertThat(approved.path("approved").path("by").asText()).isEqualTo("it-admin");
            assertThat(approved.path("approved").path("at").asText()).isEqualTo(NOW.toString());
            assertThat(approved.path("approved").path("comment").asText()).isEqualTo("村两委会议 11月5日通过");
            assertThat(new StatementLedger(registry.database()).find(id).orElseThrow().body()).as("the comment is the ledger's, not the document's").isEqualTo(draftBody);
            assertThat(service.get("/api/audit?action=statement.approve").path("entries").path(0).path("detail").asText())
                    .endsWith(": 村两委会议 11月5日通过");
            assertThat(service.delete(s, 409).path("message").asText()).contains("only a draft");
            JsonNode published = service.post(s + "/publish", "{\"comment\":\"\"}", 200);
            assertThat(published.path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(published.path("published").path("by").asText()).isEqualTo("it-admin");
            assertThat(published.path("published").path("comment").isNull()).as("an empty comment is none").isTrue();
            assertThat(published.path("approved").path("comment").asText()).isEqualTo("村两委会议 11月5日通过");

            // Every attempt to change the published statement is refused and changes nothing.
            StatementLedger ledger = new StatementLedger(registry.database());
            StatementLedger.Stored before = ledger.find(id).orElseThrow();
            String servedBefore = service.text(s, 200);
            assertThat(service.delete(s, 409).path("message").asText()).contains("a published statement never changes; create an adjustment");
            assertThat(service.post(s + "/approve", "{}", 409).path("message").asText()).contains("is PUBLISHED");
            assertThat(service.post(s + "/publish", "{}", 409).path("error").asText()).isEqualTo("conflict");
            assertThat(service.post(V + "/statements?month=2026-10", null, 409).path("message").asText()).contains("create an adjustment");
            assertThat(service.put(s, "{\"status\":\"DRAFT\"}", 404).path("error").asText()).isEqualTo("not_found"); // no route changes a statement
            assertThat(ledger.find(id).orElseThrow()).isEqualTo(before);
            assertThat(service.text(s, 200)).isEqualTo(servedBefore);

            // Paid asks the amount paid out (the allocations): none or another one is refused.
            assertThat(service.post(s + "/pay", "{}", 400).path("parameter").asText()).isEqualTo("amountYuan");
            JsonNode differs = service.post(s + "/pay", "{\"amountYuan\":\"1.00\"}", 400);
            assertThat(differs.path("error").asText()).isEqualTo("amount_differs");
            assertThat(differs.path("message").asText()).contains("pays out " + published.path("allocationsYuan").decimalValue().toPlainString());
            assertThat(service.post(s + "/pay", "{\"amountYuan\":\"abc\"}", 400).path("parameter").asText()).isEqualTo("amountYuan");
            assertThat(service.get(s).path("status").asText()).isEqualTo("PUBLISHED");
            String amount = "{\"amountYuan\":\"" + published.path("allocationsYuan").decimalValue().toPlainString() + "\"}";
            JsonNode paid = service.post(s + "/pay", amount.replace("}", ",\"comment\":\"一卡通发放\"}"), 200);
            assertThat(paid.path("status").asText()).isEqualTo("PAID");
            assertThat(paid.path("paid").path("by").asText()).isEqualTo("it-admin");
            assertThat(paid.path("paid").path("at").asText()).isEqualTo(NOW.toString());
            assertThat(paid.path("paid").path("comment").asText()).isEqualTo("一卡通发放");
            assertThat(service.get(V + "/statements").path("statements").path(0).path("paid").path("comment").asText()).isEqualTo("一卡通发放");
            assertThat(service.get("/api/audit?action=statement.pay").path("entries").path(0).path("detail").asText()).endsWith(" yuan: 一卡通发放");
            assertThat(paid.path("statement")).isEqualTo(published.path("statement"));
            assertThat(ledger.find(id).orElseThrow().body()).isEqualTo(before.body());
            assertThat(service.post(s + "/pay", amount, 409).path("message").asText()).contains("is PAID");

            // A correction is an adjustment statement that references it; nothing changed, so the differences are 0.
            JsonNode adjustment = service.post(s + "/adjustments", null, 201);
            assertThat(adjustment.path("kind").asText()).isEqualTo("ADJUSTMENT");
            assertThat(adjustment.path("status").asText()).isEqualTo("DRAFT");
            assertThat(adjustment.path("adjustsStatementId").asLong()).isEqualTo(id);
            assertThat(adjustment.path("statement").path("differences").path("basisYuan").decimalValue()).isEqualByComparingTo("0");
            assertThat(adjustment.path("statement").path("reconciles").asBoolean()).isTrue();
            assertThat(service.get(s).path("adjustedBy").path(0).asLong()).isEqualTo(adjustment.path("id").asLong());
            assertThat(service.post("/api/statements/" + adjustment.path("id").asLong() + "/adjustments", null, 409)
                    .path("message").asText()).contains("only a published statement");
            // A second correction of the same statement would pay the first one twice: adjust the latest instead.
            assertThat(service.post(s + "/adjustments", null, 409).path("message").asText()).contains("adjust the latest");
            service.delete("/api/statements/" + adjustment.path("id").asLong(), 204);
            service.get("/api/statements/" + adjustment.path("id").asLong(), 404);

            JsonNode list = service.get(V + "/statements");
            assertThat(list.path("statements")).hasSize(1);
            assertThat(list.path("statements").path(0).path("status").asText()).isEqualTo("PAID");
            assertThat(ledger.find(id).orElseThrow().body()).isEqualTo(before.body());

            // A month without money (August: no readings at all) pays out nothing: published, never marked paid.
            String august = "/api/statements/" + service.post(V + "/statements?month=2026-08", null, 201).path("id").asLong();
            service.post(august + "/approve", "{}", 200);
            JsonNode nothing = service.post(august + "/publish", "{}", 200);
            assertThat(nothing.path("allocationsYuan").decimalValue()).isEqualByComparingTo("0");
            JsonNode refused = service.post(august + "/pay", "{\"amountYuan\":\"0.00\"}", 409);
            assertThat(refused.path("error").asText()).isEqualTo("nothing_to_pay");
            assertThat(refused.path("message").asText()).contains("0.00");
            assertThat(service.get(august).path("status").asText()).isEqualTo("PUBLISHED");
        }
    }

    /**
     * By hand. Revenue, 2000 kWh from each station: ZJP-01 (own, catalogued, 0.98): benchmark 2000 x 0.3949 = 789.80,
     * subsidy 2000 x 0.5851 = 1170.20; LC-01 (60% ours, not catalogued): 789.80, our 60% = 473.88. Basis 2433.88.
     * Capacity 20 + 0.6 x 50 = 50 kWp: O&M 30 x 50 / 12 = 125.00; reserve 5% = 121.694 -> 121.69 (down);
     * distributable 2187.19. Post: 500.00 x 21/31 days = 338.709 -> 338.70. Rewards 40% = 874.876 -> 874.87 by weight
     * x days: base 1 x 31 = 31; disabled without labour 5 x 31 = 155; elderly alone 2 x 10 days = 20 (of 206): 131.6551,
     * 658.2759, 84.9388 -> floors 131.65, 658.27, 84.93 and the 2 fen left to the largest remainders (.88, .597):
     * 131.65, 658.28, 84.94. Public works 10% = 218.719 -> 218.71. Collective 2187.19 - 338.70 - 874.87 - 218.71 = 754.91.
     */
    private static void assertPreviewByHand(JsonNode p) {
        assertThat(p.path("reconciles").asBoolean()).isTrue();
        assertThat(p.path("basis").asText()).isEqualTo("ACCRUED");
        assertThat(p.path("village").asText()).isEqualTo(VILLAGE);
        assertThat(p.path("capacityKwp").decimalValue()).isEqualByComparingTo("50");
        JsonNode revenue = p.path("revenue");
        assertThat(revenue).hasSize(4);
        assertThat(line(revenue, "station", "LC-01", "part", "BENCHMARK").path("amountYuan").decimalValue()).isEqualByComparingTo("473.88");
        assertThat(line(revenue, "station", "LC-01", "part", "BENCHMARK").path("share").decimalValue()).isEqualByComparingTo("0.6");
        assertThat(line(revenue, "station", "ZJP-01", "part", "SUBSIDY").path("amountYuan").decimalValue()).isEqualByComparingTo("1170.20");
        JsonNode totals = p.path("totals");
        assertThat(totals.path("basisYuan").decimalValue()).isEqualByComparingTo("2433.88");
        assertThat(totals.path("deductionsYuan").decimalValue()).isEqualByComparingTo("246.69");
        assertThat(totals.path("distributableYuan").decimalValue()).isEqualByComparingTo("2187.19");
        assertThat(totals.path("collectiveYuan").decimalValue()).isEqualByComparingTo("754.91");
        assertThat(totals.path("basisYuan").decimalValue()).isEqualByComparingTo(totals.path("deductionsYuan").decimalValue()
                .add(totals.path("allocationsYuan").decimalValue()).add(totals.path("collectiveYuan").decimalValue()));
        assertThat(p.path("deductions").path(0).path("paidYuan").decimalValue()).isEqualByComparingTo("125.00");
        assertThat(p.path("deductions").path(3).path("paidYuan").decimalValue()).isEqualByComparingTo("121.69");
        JsonNode post = p.path("posts").path(0);
        assertThat(post.path("daysActive").asInt()).isEqualTo(21);
        assertThat(post.path("paidYuan").decimalValue()).isEqualByComparingTo("338.70");
        assertThat(post.path("holderName").asText()).isEqualTo("朱大山");
        JsonNode households = p.path("households");
        assertThat(households).hasSize(3); // H4 left in September
        assertThat(households.path(0).path("amountYuan").decimalValue()).isEqualByComparingTo("131.65");
        assertThat(households.path(1).path("amountYuan").decimalValue()).isEqualByComparingTo("658.28");
        assertThat(households.path(1).path("weight").decimalValue()).isEqualByComparingTo("5");
        assertThat(households.path(2).path("amountYuan").decimalValue()).isEqualByComparingTo("84.94");
        assertThat(households.path(2).path("daysEnrolled").asInt()).isEqualTo(10);
        assertThat(households.path(0).path("maskedIdNumber").asText()).isEqualTo("371321********1234");
        assertThat(p.toString()).doesNotContain("371321195001011234");
        assertThat(p.path("allocations").path(2).path("amountYuan").decimalValue()).isEqualByComparingTo("218.71");
    }

    private static JsonNode line(JsonNode lines, String k1, String v1, String k2, String v2) {
        for (JsonNode l : lines) if (l.path(k1).asText().equals(v1) && l.path(k2).asText().equals(v2)) return l;
        throw new AssertionError("no line " + k1 + "=" + v1 + ", " + k2 + "=" + v2 + " in " + lines);
    }

    /** A month that cannot pay its post in full: the unpaid wage is owed, and paid first in the next month's statement. */
    @Test
    void an_unpaid_wage_of_a_published_month_is_carried_into_the_next_month() {
        try (TestService service = new TestService(servers, CSV, Map.of()).start(Clock.fixed(NOW, ZoneOffset.UTC));
             Publisher pub = servers.publisher(20)) {
            Registry registry = Registry.openSqlite(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db"));
            register(registry);
            registry.upsertPost(VILLAGE, new Post("ZJP-P2", "护路员", "ZJP-H2", Money.ofYuan("800.00"),
                    new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 10, 31)))); // ends with October
            // A head name that a spreadsheet would run as a formula: exports must neutralize it.
            registry.upsertHousehold(VILLAGE, new Household("ZJP-H5", "=HYPERLINK(\"http://x\")", "371321198001015677", 2,
                    Set.of(Household.Attribute.DISABILITY), List.of(DateRange.from(LocalDate.of(2020, 1, 1)))));
            publishOctober(pub, "ZJP-01", 10_000, new long[] {1, 99, 100, 1});    // a dark month: 100 kWh
            publishOctober(pub, "LC-01", 5_000, new long[] {1, 99, 100, 1});
            service.awaitStored(10);

            JsonNode october = service.post(V + "/statements?month=2026-10", null, 201);
            String s = "/api/statements/" + october.path("id").asLong();
            BigDecimal owed = BigDecimal.ZERO;
            for (JsonNode f : october.path("statement").path("carriedForward")) {
                if (f.path("key").asText().equals("ZJP-P2")) owed = f.path("amountYuan").decimalValue();
            }
            assertThat(owed).isPositive();
            // Not carried while October is only a draft.
            assertThat(carriedIn(service.get(V + "/statements/preview?month=2026-11"), "ZJP-P2")).isNull();

            service.post(s + "/approve", "{}", 200);
            service.post(s + "/publish", "{}", 200);
            // The public notice (公示): names, masked IDs and amounts only, formula text neutralized, UTF-8 with BOM.
            String notice = service.text(s + "/export.csv?version=notice", 200);
            assertThat(notice).startsWith("\uFEFF").contains("光伏扶贫收益分配公示").contains("'=HYPERLINK(")
                    .contains("371321********5677").doesNotContain("371321198001015677").doesNotContain("权重");
            assertThat(service.text(s + "/export.csv", 200)).contains("权重 weight").contains("纳入天数 days");
            assertThat(service.get(s + "/export.csv?version=poster", 400).path("parameter").asText()).isEqualTo("version");

            JsonNode november = service.get(V + "/statements/preview?month=2026-11");
            assertThat(carriedIn(november, "ZJP-P2")).isEqualByComparingTo(owed); // the post ended, its arrears did not
            assertThat(november.path("reconciles").asBoolean()).isTrue();
        }
    }

    private static BigDecimal carriedIn(JsonNode statement, String post) {
        for (JsonNode p : statement.path("posts")) {
            if (p.path("post").asText().equals(post)) return p.path("carriedInYuan").decimalValue();
        }
        return null;
    }

    static void register(Registry registry) {
        StationEntry own = registry.stationEntry("ZJP-01").orElseThrow();
        registry.upsertStation(new StationEntry(own.station(), own.owners(), LocalDate.of(2018, 1, 1)));
        StationEntry joint = registry.stationEntry("LC-01").orElseThrow();
        registry.upsertStation(new StationEntry(joint.station(), List.of(new JointStation.Owner(VILLAGE, new BigDecimal("0.6")),
                new JointStation.Owner(OTHER, new BigDecimal("0.4"))), null));
        LocalDate long_ago = LocalDate.of(2020, 1, 1);
        registry.upsertHousehold(VILLAGE, new Household("ZJP-H1", "朱大山", "371321195001011234", 3, Set.of(), List.of(DateRange.from(long_ago))));
        registry.upsertHousehold(VILLAGE, new Household("ZJP-H2", "朱二河", "371321196203152347", 2,
                Set.of(Household.Attribute.DISABILITY, Household.Attribute.NO_LABOUR_CAPACITY), List.of(DateRange.from(long_ago))));
        registry.upsertHousehold(VILLAGE, new Household("ZJP-H3", "朱三秀", "371321194007203451", 1,
                Set.of(Household.Attribute.ELDERLY_LIVING_ALONE), List.of(DateRange.from(LocalDate.of(2026, 10, 22)))));
        registry.upsertHousehold(VILLAGE, new Household("ZJP-H4", "朱四海", "371321197811114568", 4, Set.of(),
                List.of(new DateRange(long_ago, LocalDate.of(2026, 9, 30)))));
        registry.upsertPost(VILLAGE, new Post("ZJP-P1", "保洁员", "ZJP-H1", Money.ofYuan("500.00"),
                DateRange.from(LocalDate.of(2026, 10, 11))));
    }

    /** Counter readings around October: {@code deltas} are the increases to each of the next four readings. */
    static void publishOctober(Publisher pub, String station, long start, long[] deltas) {
        String[] times = {"2026-09-30T23:00:00+08:00", "2026-10-01T01:00:00+08:00", "2026-10-15T12:00:00+08:00",
                "2026-10-31T23:00:00+08:00", "2026-11-01T01:00:00+08:00"};
        long counter = start;
        for (int i = 0; i < times.length; i++) {
            if (i > 0) counter += deltas[i - 1];
            pub.publish("pvmon/v1/stations/" + station + "/reading", "{\"station\":\"" + station + "\",\"ts\":\"" + times[i]
                    + "\",\"power_kw\":1.0,\"energy_kwh\":" + counter + "}");
        }
    }
}
