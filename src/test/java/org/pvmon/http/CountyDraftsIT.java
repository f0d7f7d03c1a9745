package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/**
 * Month-end drafts for a whole county and for every county (real SQLite, InfluxDB, broker): each village's draft is
 * exactly its preview (every total to the fen, every household line), a second run creates nothing, a published
 * statement is never touched, a village without a station share is reported, and misuse is a 4xx naming the parameter.
 */
class CountyDraftsIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String CSV = StatementsIT.CSV + "FX-01,北村光伏扶贫电站,北村,城关镇,费县,30,35.27,117.98,2017-01-10\n";
    private static final String YINAN = "/api/counties/" + enc("沂南县");
    private static final String OTHER = "沂南县-岸堤镇-王家庄村";
    private static final Village EMPTY = Village.of("无站村", "岸堤镇", "沂南县");

    @Test
    void county_drafts_equal_the_previews_are_idempotent_and_never_touch_a_published_statement() {
        try (TestService service = new TestService(servers, CSV, Map.of()).start(Clock.fixed(StatementsIT.NOW, ZoneOffset.UTC));
             Publisher pub = servers.publisher(20)) {
            Registry registry = Registry.openSqlite(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db"));
            StatementsIT.register(registry);
            registry.upsertVillage(EMPTY);
            StatementsIT.publishOctober(pub, "ZJP-01", 10_000, new long[] {10, 990, 1000, 10});
            StatementsIT.publishOctober(pub, "LC-01", 5_000, new long[] {10, 990, 1000, 10});
            StatementsIT.publishOctober(pub, "FX-01", 7_000, new long[] {3, 297, 300, 3});
            service.awaitStored(15);
            JsonNode zjpPreview = preview(service, StatementsIT.VILLAGE);
            JsonNode otherPreview = preview(service, OTHER);

            // Misuse names the parameter; nothing is written.
            assertThat(service.post(YINAN + "/statements", null, 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.post(YINAN + "/statements?month=2026-13", null, 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.post(YINAN + "/statements?month=2026-11", null, 400).path("message").asText()).contains("not over");
            assertThat(service.post(YINAN + "/statements?month=2027-01", null, 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.post("/api/counties/" + enc("无此县") + "/statements?month=2026-10", null, 404).path("error").asText())
                    .isEqualTo("not_found");
            assertThat(service.post("/api/statements/drafts?month=2026-10&county=" + enc("无此县"), null, 400).path("parameter").asText())
                    .isEqualTo("county");
            assertThat(service.post("/api/statements/drafts?month=Oct", null, 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.get(YINAN + "/statements?month=2026-10").path("totals").path("byStatus").path("NONE").asInt()).isEqualTo(3);

            // The county's run: a draft for each village with a station share, each exactly its preview.
            JsonNode run = service.post(YINAN + "/statements?month=2026-10", null, 200);
            assertThat(run.path("villages").asInt()).isEqualTo(3);
            assertThat(run.path("created").asInt()).isEqualTo(2);
            assertThat(run.path("alreadyThere").asInt()).isZero();
            assertThat(run.path("nothingToDistribute").asInt()).isEqualTo(1);
            assertThat(run.path("errors")).isEmpty();
            assertThat(result(run, EMPTY.id()).path("result").asText()).isEqualTo("NOTHING_TO_DISTRIBUTE");
            long zjp = result(run, StatementsIT.VILLAGE).path("statementId").asLong();
            long other = result(run, OTHER).path("statementId").asLong();
            JsonNode zjpDraft = service.get("/api/statements/" + zjp);
            assertThat(zjpDraft.path("status").asText()).isEqualTo("DRAFT");
            assertThat(zjpDraft.path("createdAt").asText()).isEqualTo(StatementsIT.NOW.toString());
            assertSameStatement(zjpDraft.path("statement"), zjpPreview);
            assertSameStatement(service.get("/api/statements/" + other).path("statement"), otherPreview);
            assertThat(zjpDraft.path("statement").path("totals").path("basisYuan").decimalValue()).isEqualByComparingTo("2433.88"); // StatementsIT, by hand
            assertThat(result(run, StatementsIT.VILLAGE).path("distributableYuan").decimalValue()).isEqualByComparingTo("2187.19");
            assertThat(run.path("phasesMs").path("stations").asInt()).isEqualTo(2);

            // Again: nothing new. The village's own endpoint agrees there is one.
            JsonNode again = service.post(YINAN + "/statements?month=2026-10", null, 200);
            assertThat(again.path("created").asInt()).isZero();
            assertThat(again.path("alreadyThere").asInt()).isEqualTo(2);
            assertThat(result(again, OTHER).path("statementId").asLong()).isEqualTo(other);
            assertThat(service.post(StatementsIT.V + "/statements?month=2026-10", null, 409).path("message").asText()).contains("already has statement " + zjp);

            // Published, it is never touched; a deleted draft is made again.
            service.post("/api/statements/" + zjp + "/approve", "{}", 200);
            service.post("/api/statements/" + zjp + "/publish", "{}", 200);
            String published = service.text("/api/statements/" + zjp, 200);
            service.delete("/api/statements/" + other, 204);
            JsonNode third = service.post(YINAN + "/statements?month=2026-10", null, 200);
            assertThat(third.path("created").asInt()).isEqualTo(1);
            assertThat(result(third, StatementsIT.VILLAGE).path("result").asText()).isEqualTo("ALREADY_THERE");
            assertThat(result(third, StatementsIT.VILLAGE).path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(service.text("/api/statements/" + zjp, 200)).isEqualTo(published);
            assertSameStatement(service.get("/api/statements/" + result(third, OTHER).path("statementId").asLong()).path("statement"), otherPreview);

            // The roll-up shows them.
            JsonNode rollUp = service.get(YINAN + "/statements?month=2026-10");
            assertThat(rollUp.path("totals").path("byStatus").path("PUBLISHED").asInt()).isEqualTo(1);
            assertThat(rollUp.path("totals").path("byStatus").path("DRAFT").asInt()).isEqualTo(1);
            assertThat(rollUp.path("totals").path("byStatus").path("NONE").asInt()).isEqualTo(1);
            assertThat(rollUp.path("totals").path("distributableYuan").decimalValue()).isEqualByComparingTo(
                    zjpPreview.path("totals").path("distributableYuan").decimalValue().add(otherPreview.path("totals").path("distributableYuan").decimalValue()));

            // Every county: only 费县's village is new; then nothing.
            JsonNode fei = preview(service, "费县-城关镇-北村");
            JsonNode all = service.post("/api/statements/drafts?month=2026-10", null, 200);
            assertThat(all.path("counties").asInt()).isEqualTo(2);
            assertThat(all.path("villages").asInt()).isEqualTo(4);
            assertThat(all.path("created").asInt()).isEqualTo(1);
            assertThat(all.path("alreadyThere").asInt()).isEqualTo(2);
            assertThat(all.path("nothingToDistribute").asInt()).isEqualTo(1);
            assertThat(all.path("byCounty").path(0).path("county").asText()).isEqualTo("沂南县");
            assertThat(all.path("byCounty").path(1).path("created").asInt()).isEqualTo(1);
            JsonNode feiList = service.get("/api/villages/" + enc("费县-城关镇-北村") + "/statements");
            assertSameStatement(service.get("/api/statements/" + feiList.path("statements").path(0).path("id").asLong()).path("statement"), fei);
            assertThat(service.post("/api/statements/drafts?month=2026-10", null, 200).path("created").asInt()).isZero();
            // Only the counties named: September for 费县 alone.
            JsonNode september = service.post("/api/statements/drafts?month=2026-09&county=" + enc("费县"), null, 200);
            assertThat(september.path("villages").asInt()).isEqualTo(1);
            assertThat(september.path("created").asInt()).isEqualTo(1);
            assertThat(service.text("/api/statements/" + zjp, 200)).isEqualTo(published);
        }
    }

    private static JsonNode preview(TestService service, String village) {
        return service.get("/api/villages/" + enc(village) + "/statements/preview?month=2026-10");
    }

    /** The stored statement is the preview, field by field (the preview adds only when it was computed). */
    private static void assertSameStatement(JsonNode stored, JsonNode preview) {
        ObjectNode p = preview.deepCopy();
        p.remove("computedAt");
        assertThat(stored.path("totals")).isEqualTo(p.path("totals"));
        assertThat(stored.path("households")).isEqualTo(p.path("households"));
        assertThat(stored).isEqualTo(p);
    }

    private static JsonNode result(JsonNode run, String village) {
        for (JsonNode r : run.path("results")) if (r.path("village").asText().equals(village)) return r;
        throw new AssertionError("no result for " + village + " in " + run);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
