package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.registry.Registry;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * Receipts and stored plans end to end (real SQLite, InfluxDB, broker): a village's October statement on the received
 * basis from the cash that arrived in October (by its share of a joint station, a voided receipt ignored), by its
 * stored plan, a plan version from a later month, accrued vs received vs outstanding per station, village and county
 * computed by hand, the county roll-up, and a published statement that recording receipts or plans later never changes.
 */
class ReceiptsPlansIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String VILLAGE = "沂南县-岸堤镇-朱家坡村";
    private static final String OTHER = "沂南县-岸堤镇-王家庄村";
    private static final String V = "/api/villages/" + URLEncoder.encode(VILLAGE, StandardCharsets.UTF_8);
    private static final String COUNTY = "/api/counties/" + URLEncoder.encode("沂南县", StandardCharsets.UTF_8);
    /** 2026-11-05 10:00 in Shanghai: October is complete. */
    private static final Instant NOW = Instant.parse("2026-11-05T02:00:00Z");

    private static final String PLAN = """
            {"effectiveFrom":"%s","basis":"RECEIVED_CASH",
             "deductions":[{"name":"运维费","rule":"FIXED_MONTHLY","value":"100.00"}],
             "allocations":[{"kind":"POST_WAGES","name":"公益岗位工资"},
                            {"kind":"HOUSEHOLD_REWARDS","name":"奖励补助","percent":"%s","baseWeight":"1"},
                            {"kind":"PUBLIC_WORKS","name":"小型公益事业","fixedYuan":"100.00"},
                            {"kind":"COLLECTIVE","name":"村集体"}]}""";

    private static String receipt(String on, String from, String to, String part, String yuan, String ref) {
        return "{\"receivedOn\":\"" + on + "\",\"periodFrom\":\"" + from + "\",\"periodTo\":\"" + to + "\",\"part\":\"" + part
                + "\",\"amountYuan\":\"" + yuan + "\",\"reference\":\"" + ref + "\"}";
    }

    @Test
    void received_basis_statement_by_stored_plan_outstanding_and_county_roll_up() {
        try (TestService service = new TestService(servers, StatementsIT.CSV, Map.of()).start(Clock.fixed(NOW, ZoneOffset.UTC));
             Publisher pub = servers.publisher(20)) {
            Registry registry = Registry.openSqlite(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db"));
            StatementsIT.register(registry);
            StatementsIT.publishOctober(pub, "ZJP-01", 10_000, new long[] {10, 990, 1000, 10}); // 2000 kWh: 789.80 + 1170.20
            StatementsIT.publishOctober(pub, "LC-01", 5_000, new long[] {10, 990, 1000, 10});   // 2000 kWh: 789.80, no subsidy
            service.awaitStored(10);

            // Receipts: Q3 grid payments that arrived in October, a mistaken one voided, October's paid in November.
            service.post("/api/stations/ZJP-01/receipts", receipt("2026-10-20", "2026-07", "2026-09", "BENCHMARK", "1500.00", "Q3-ZJP"), 201);
            service.post("/api/stations/LC-01/receipts", receipt("2026-10-25", "2026-07", "2026-09", "BENCHMARK", "1000.00", "Q3-LC"), 201);
            long wrong = service.post("/api/stations/ZJP-01/receipts", receipt("2026-10-28", "2025-01", "2025-12", "SUBSIDY", "9999.99", "国补2025"), 201)
                    .path("id").asLong();
            JsonNode voided = service.post("/api/receipts/" + wrong + "/void", "{\"reason\":\"录错站点\"}", 200);
            assertThat(voided.path("voided").path("reason").asText()).isEqualTo("录错站点");
            service.post("/api/receipts/" + wrong + "/void", "{\"reason\":\"again\"}", 409);
            service.post("/api/stations/ZJP-01/receipts", receipt("2026-11-03", "2026-10", "2026-10", "BENCHMARK", "400.00", "10月-ZJP"), 201);
            service.post("/api/stations/ZJP-01/receipts", receipt("2026-09-15", "2026-04", "2026-06", "BENCHMARK", "1000.00", "Q2-ZJP"), 201);
            // Misuse names the field.
            assertThat(service.post("/api/stations/ZJP-01/receipts", receipt("2026-11-03", "2026-10", "2026-10", "BENCHMARK", "-1", "x"), 400)
                    .path("parameter").asText()).isEqualTo("amountYuan");
            assertThat(service.post("/api/stations/ZJP-01/receipts", receipt("2026-12-01", "2026-10", "2026-10", "BENCHMARK", "1", "x"), 400)
                    .path("parameter").asText()).isEqualTo("receivedOn");
            assertThat(service.post("/api/stations/ZJP-01/receipts", receipt("2026-10-03", "2026-10", "2026-11", "BENCHMARK", "1", "x"), 400)
                    .path("parameter").asText()).isEqualTo("periodTo");
            assertThat(service.post("/api/stations/ZJP-01/receipts", receipt("2026-10-03", "2026-10", "2026-10", "GRID", "1", "x"), 400)
                    .path("parameter").asText()).isEqualTo("part");
            service.post("/api/stations/ZJP-01/receipts", receipt("2026-11-03", "2026-10", "2026-10", "BENCHMARK", "1.00", "10月-ZJP"), 409);
            service.post("/api/stations/NOPE/receipts", receipt("2026-11-03", "2026-10", "2026-10", "BENCHMARK", "1.00", "y"), 404);
            assertThat(service.get("/api/stations/ZJP-01/receipts").path("receipts")).hasSize(4);
            // A receipts file is imported whole or not at all, with row and column; importing it twice records it once.
            String file = "\uFEFF站点编号,到账日期,所属期起,所属期止,款项,金额(元),凭证号\r\n"
                    + "LC-01,2026-04-20,2026-01,2026-03,电费,800.00,Q1-LC\r\n";
            assertThat(service.post("/api/receipts/import",
                    file + "LC-01,2026-04-20,2026-01,2026-03,电费,八百,Q1-LC2\r\n", 400).path("message").asText())
                    .contains("第3行 金额(元)");
            assertThat(service.post("/api/receipts/import", file, 201).path("imported").asInt()).isEqualTo(1);
            assertThat(service.post("/api/receipts/import", file, 201).path("imported").asInt()).isZero();
            assertThat(service.post("/api/receipts/import?by=x", file, 400).path("parameter").asText()).isEqualTo("by");

            // Without a stored plan: the default plan on the accrued basis, and the statement says so.
            JsonNode byDefault = service.get(V + "/statements/preview?month=2026-10");
            assertThat(byDefault.path("plan").asText()).isEqualTo("default");
            assertThat(byDefault.path("basis").asText()).isEqualTo("ACCRUED");
            assertThat(byDefault.path("planNote").asText()).contains("default plan");

            // A stored plan for 2026 (received basis), and a second version from October with a bigger reward pool.
            assertThat(service.post(V + "/plans", PLAN.formatted("2026-01", "fifty"), 400).path("parameter").asText()).isEqualTo("allocations[1].percent");
            JsonNode v1 = service.post(V + "/plans", PLAN.formatted("2026-01", "50"), 201);
            assertThat(v1.path("version").asInt()).isEqualTo(1);
            // September, by hand: the Q2 payment 1000.00 arrived; O&M 100.00 -> 900.00; no post yet; rewards 50% = 450.00
            // among H1, H2 and H4 (weight 1, 30 days each; H3 enrolls in October): 150.00 each. Published.
            JsonNode september = service.post(V + "/statements?month=2026-09", null, 201);
            assertThat(september.path("statement").path("plan").asText()).isEqualTo("stored");
            assertThat(september.path("planVersion").asInt()).isEqualTo(1);
            assertThat(september.path("statement").path("totals").path("basisYuan").decimalValue()).isEqualByComparingTo("1000.00");
            assertThat(september.path("statement").path("totals").path("collectiveYuan").decimalValue()).isEqualByComparingTo("350.00");
            for (JsonNode h : september.path("statement").path("households")) {
                assertThat(h.path("amountYuan").decimalValue()).isEqualByComparingTo("150.00");
            }
            service.post("/api/statements/" + september.path("id").asLong() + "/approve", "{}", 200);
            service.post("/api/statements/" + september.path("id").asLong() + "/publish", "{}", 200);
            // Version 2 from October: a bigger pool, and a cap of 300.00 a household a year.
            service.post(V + "/plans", PLAN.formatted("2026-10", "60").replace("\"baseWeight\":\"1\"",
                    "\"baseWeight\":\"1\",\"annualCapYuan\":\"300.00\""), 201);
            assertThat(service.post(V + "/plans", PLAN.formatted("2026-08", "60"), 400).path("parameter").asText()).isEqualTo("effectiveFrom");
            assertThat(service.get(V + "/plans?month=2026-09").path("applies").path("version").asInt()).isEqualTo(1);
            assertThat(service.get(V + "/plans").path("plans")).hasSize(2);

            // October on the received basis, by hand: cash received in October: ZJP-01 1500.00 + our 60% of LC-01's 1000.00
            // = 2100.00 (the voided receipt and November's do not count). O&M 100.00 -> distributable 2000.00. Post 500.00 x
            // 21/31 = 338.70; rewards 60% = 1200.00 asked, but the cap of 300.00 a year leaves H1 and H2 150.00 each after
            // September's published 150.00, H3 300.00: 600.00 paid; public works 100.00; collective 2000.00 - 338.70 -
            // 600.00 - 100.00 = 961.30.
            JsonNode october = service.get(V + "/statements/preview?month=2026-10");
            assertThat(october.path("basis").asText()).isEqualTo("RECEIVED_CASH");
            assertThat(october.path("planVersion").asInt()).isEqualTo(2);
            assertThat(october.path("planEffectiveFrom").asText()).isEqualTo("2026-10");
            JsonNode totals = october.path("totals");
            assertThat(totals.path("basisYuan").decimalValue()).isEqualByComparingTo("2100.00");
            assertThat(totals.path("distributableYuan").decimalValue()).isEqualByComparingTo("2000.00");
            assertThat(totals.path("collectiveYuan").decimalValue()).isEqualByComparingTo("961.30");
            assertThat(october.path("allocations").path(1).path("targetYuan").decimalValue()).isEqualByComparingTo("1200.00");
            assertThat(october.path("allocations").path(1).path("amountYuan").decimalValue()).isEqualByComparingTo("600.00");
            assertThat(line(october.path("households"), "household", "ZJP-H1").path("amountYuan").decimalValue()).isEqualByComparingTo("150.00");
            assertThat(line(october.path("households"), "household", "ZJP-H1").path("capped").asBoolean()).isTrue();
            assertThat(line(october.path("households"), "household", "ZJP-H3").path("amountYuan").decimalValue()).isEqualByComparingTo("300.00");
            assertThat(october.path("receipts")).hasSize(2);
            assertThat(october.path("receipts").path(1).path("villageAmountYuan").decimalValue()).isEqualByComparingTo("600.00");
            assertThat(october.path("reconciles").asBoolean()).isTrue();
            BigDecimal households = BigDecimal.ZERO;
            for (JsonNode h : october.path("households")) households = households.add(h.path("amountYuan").decimalValue());
            assertThat(households).isEqualByComparingTo("600.00");

            // Drawn up, approved, published: later receipts, voids and plan versions never change it.
            JsonNode draft = service.post(V + "/statements?month=2026-10", null, 201);
            String s = "/api/statements/" + draft.path("id").asLong();
            assertThat(draft.path("basis").asText()).isEqualTo("RECEIVED_CASH");
            assertThat(draft.path("planVersion").asInt()).isEqualTo(2);
            assertThat(service.text(s + "/export.html", 200)).contains("实收资金"); // the basis named in Chinese on paper
            service.post(s + "/approve", "{}", 200);
            service.post(s + "/publish", "{}", 200);
            String published = service.text(s, 200);
            long late = service.post("/api/stations/ZJP-01/receipts", receipt("2026-10-30", "2026-01", "2026-06", "SUBSIDY", "600.00", "国补2026上半年"), 201)
                    .path("id").asLong();
            service.post(V + "/plans", PLAN.formatted("2026-10", "70"), 201); // v3, also from October, without a cap
            assertThat(service.text(s, 200)).isEqualTo(published);
            assertThat(service.get(V + "/statements/preview?month=2026-10").path("totals").path("basisYuan").decimalValue())
                    .isEqualByComparingTo("2700.00"); // a recomputation (an adjustment) would see them
            service.post("/api/receipts/" + late + "/void", "{\"reason\":\"重复登记\"}", 200);
            service.post("/api/receipts/" + draft.path("id").asLong() + "0/void", "{\"reason\":\"x\"}", 404);
            assertThat(service.text(s, 200)).isEqualTo(published);
            assertThat(service.post(V + "/statements?month=2026-10", null, 409).path("message").asText()).contains("create an adjustment");

            // Accrued vs received vs outstanding, July to October, by hand. Each station made 2005 kWh: October's 2000 and
            // 5 on 30 September (half of the 10 kWh between 23:00 and 01:00). ZJP-01: September 1.97 + 2.93, October
            // 789.80 + 1170.20: accrued 791.77 + 1173.13 = 1964.90; received Q3 1500.00 + October 400.00 = 1900.00 (voided
            // ones not); outstanding 64.90, of which the whole subsidy (nothing of it received for these months).
            JsonNode station = service.get("/api/stations/ZJP-01/receivables?from=2026-07&to=2026-10");
            assertFigures(station, "1964.90", "1900.00", "64.90");
            assertThat(station.path("outstandingSubsidyYuan").decimalValue()).isEqualByComparingTo("1173.13");
            // From August the Q3 payment counts for two of its three months: 1000.00 + 400.00.
            assertFigures(service.get("/api/stations/ZJP-01/receivables?from=2026-08&to=2026-10"), "1964.90", "1400.00", "564.90");
            // The village: ZJP-01 whole, 60% of LC-01 (accrued 791.77 -> 475.06; received 1000.00 -> 600.00).
            assertFigures(service.get(V + "/receivables?from=2026-07&to=2026-10"), "2439.96", "2500.00", "-60.04");
            // The county: both stations whole: 1964.90 + 791.77 = 2756.67 accrued, 1900.00 + 1000.00 received.
            JsonNode county = service.get(COUNTY + "/receivables?from=2026-07&to=2026-10");
            assertFigures(county.path("totals"), "2756.67", "2900.00", "-143.33");
            BigDecimal villagesOutstanding = BigDecimal.ZERO;
            for (JsonNode v : county.path("villages")) villagesOutstanding = villagesOutstanding.add(v.path("outstandingYuan").decimalValue());
            assertThat(villagesOutstanding).isEqualByComparingTo("-143.33");
            assertThat(service.get(COUNTY + "/receivables?from=2026-10&to=2026-07", 400).path("parameter").asText()).isEqualTo("from");

            // The county roll-up for October.
            JsonNode rollUp = service.get(COUNTY + "/statements?month=2026-10");
            JsonNode ours = line(rollUp.path("villages"), "village", VILLAGE);
            assertThat(ours.path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(ours.path("distributableYuan").decimalValue()).isEqualByComparingTo("2000.00");
            assertThat(ours.path("householdsPaid").asInt()).isEqualTo(3);
            assertThat(ours.path("accruedYuan").decimalValue()).isEqualByComparingTo("2433.88");
            assertThat(ours.path("receivedYuan").decimalValue()).isEqualByComparingTo("400.00"); // only November's pays for October
            // The cash that arrived in October (the late subsidy receipt was voided): what the statement distributed.
            assertThat(ours.path("cashArrivedYuan").decimalValue()).isEqualByComparingTo(ours.path("basisYuan").decimalValue())
                    .isEqualByComparingTo("2100.00");
            assertThat(line(rollUp.path("villages"), "village", OTHER).path("cashArrivedYuan").decimalValue()).isEqualByComparingTo("400.00");
            assertThat(rollUp.path("totals").path("cashArrivedYuan").decimalValue()).isEqualByComparingTo("2500.00");
            assertThat(line(rollUp.path("villages"), "village", OTHER).path("status").asText()).isEqualTo("NONE");
            assertThat(rollUp.path("totals").path("byStatus").path("PUBLISHED").asInt()).isEqualTo(1);
            assertThat(rollUp.path("totals").path("byStatus").path("NONE").asInt()).isEqualTo(1);
            assertThat(rollUp.path("totals").path("accruedYuan").decimalValue()).isEqualByComparingTo("2749.80");
            assertThat(service.get(COUNTY + "/statements", 400).path("parameter").asText()).isEqualTo("month");
            service.get("/api/counties/" + URLEncoder.encode("无此县", StandardCharsets.UTF_8) + "/statements?month=2026-10", 404);
        }
    }

    private static void assertFigures(JsonNode n, String accrued, String received, String outstanding) {
        assertThat(n.path("accruedYuan").decimalValue()).as("accrued in " + n).isEqualByComparingTo(accrued);
        assertThat(n.path("receivedYuan").decimalValue()).as("received in " + n).isEqualByComparingTo(received);
        assertThat(n.path("outstandingYuan").decimalValue()).as("outstanding in " + n).isEqualByComparingTo(outstanding);
        assertThat(n.path("outstandingYuan").decimalValue()).isEqualByComparingTo(
                n.path("accruedYuan").decimalValue().subtract(n.path("receivedYuan").decimalValue()));
    }

    private static JsonNode line(JsonNode lines, String key, String id) {
        for (JsonNode v : lines) if (v.path(key).asText().equals(id)) return v;
        throw new AssertionError("no " + key + " " + id + " in " + lines);
    }
}
