package org.pvmon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvmon.alerts.AlertType;
import org.pvmon.config.Config;
import org.pvmon.money.Money;

/** What each receiver posts: the generic event JSON, and the WeCom and DingTalk robots' markdown messages in Chinese. */
class MessageFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant AT = Instant.parse("2026-11-20T04:00:00Z");

    private static Notice notice(String event, String resolvedBy, String comment) {
        Outbox.Event e = new Outbox.Event(7, 3, event, AT, "YN-05", AlertType.OFFLINE, AT.minusSeconds(3 * 3600),
                "no reading since 09:00", new BigDecimal("36.0"), Money.ofFen(3542), resolvedBy, comment);
        return new Notice(e, "五村光伏扶贫电站", "界湖街道", "沂南县", List.of("五村", "六村"), 23,
                "http://pvmon.example.cn/api/alerts/3");
    }

    private static JsonNode body(HttpReceiver.Kind kind, Notice n) throws Exception {
        return JSON.readTree(new HttpReceiver(kind, "http://127.0.0.1:1/x", "", HttpClient.newHttpClient(), Duration.ofSeconds(1), JSON)
                .body(n));
    }

    @Test
    void the_webhook_posts_the_event_json() throws Exception {
        JsonNode b = body(HttpReceiver.Kind.WEBHOOK, notice("opened", null, null));

        assertThat(b.path("event").asText()).isEqualTo("opened");
        assertThat(b.path("eventId").asLong()).isEqualTo(7);
        assertThat(b.path("alertId").asLong()).isEqualTo(3);
        assertThat(b.path("type").asText()).isEqualTo("OFFLINE");
        assertThat(b.path("typeName").asText()).isEqualTo("离线");
        assertThat(b.path("station").asText()).isEqualTo("YN-05");
        assertThat(b.path("villages").toString()).isEqualTo("[\"五村\",\"六村\"]");
        assertThat(b.path("since").asText()).isEqualTo("2026-11-20T09:00:00+08:00");
        assertThat(b.path("at").asText()).isEqualTo("2026-11-20T12:00:00+08:00");
        assertThat(b.path("lostKwh").decimalValue()).isEqualByComparingTo("36.0");
        assertThat(b.path("lostYuan").decimalValue()).isEqualByComparingTo("35.42");
        assertThat(b.path("affectedHouseholds").asInt()).isEqualTo(23);
        assertThat(b.path("detail").asText()).isEqualTo("no reading since 09:00");
        assertThat(b.path("link").asText()).isEqualTo("http://pvmon.example.cn/api/alerts/3");
        assertThat(b.has("resolvedBy")).as("only a resolved event says who resolved it").isFalse();
    }

    @Test
    void wecom_gets_a_markdown_message_in_chinese() throws Exception {
        JsonNode b = body(HttpReceiver.Kind.WECOM, notice("opened", null, null));

        assertThat(b.path("msgtype").asText()).isEqualTo("markdown");
        assertThat(b.path("markdown").size()).isEqualTo(1);
        String content = b.path("markdown").path("content").asText();
        assertThat(content.split("\n")).containsExactly(
                "### 【告警】五村光伏扶贫电站 离线",
                "> 电站：五村光伏扶贫电站（YN-05）",
                "> 村：五村、六村（界湖街道，沂南县）",
                "> 开始时间：2026-11-20 09:00",
                "> 告警时间：2026-11-20 12:00",
                "> 损失电量：36.0 kWh",
                "> 损失收益：35.42 元",
                "> 受影响贫困户：23 户",
                "> 详情：no reading since 09:00",
                "[查看告警](http://pvmon.example.cn/api/alerts/3)");
    }

    @Test
    void dingtalk_gets_a_title_and_markdown_text_with_paragraph_breaks() throws Exception {
        JsonNode b = body(HttpReceiver.Kind.DINGTALK, notice("resolved", "李四", "更换采集器"));

        assertThat(b.path("msgtype").asText()).isEqualTo("markdown");
        assertThat(b.path("markdown").path("title").asText()).isEqualTo("【恢复】五村光伏扶贫电站 离线已恢复");
        String text = b.path("markdown").path("text").asText();
        assertThat(text).startsWith("### 【恢复】五村光伏扶贫电站 离线已恢复\n\n> 电站：");
        assertThat(text).contains("\n\n> 恢复时间：2026-11-20 12:00\n\n> 处理：由 李四 手动解除（更换采集器）\n\n");
    }

    @Test
    void a_station_without_registered_owners_shows_households_as_not_registered() {
        Notice n = notice("resolved", "auto", "the station recovered");
        Notice unknown = new Notice(n.event(), n.stationName(), null, null, List.of(), null, null);

        assertThat(Markdown.text(unknown, "\n")).contains("> 村：未登记\n").contains("> 受影响贫困户：未登记")
                .contains("> 处理：电站已恢复，自动解除").doesNotContain("查看告警");
    }

    @Test
    void notifications_due_at_once_reach_a_robot_as_one_digest_line_each_within_its_size_limit() throws Exception {
        List<Notice> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) burst.add(notice("opened", null, null));
        List<String> eleven = java.util.stream.IntStream.rangeClosed(1, 11).mapToObj(i -> "联建" + i + "村").toList();
        Outbox.Event e = new Outbox.Event(8, 4, "resolved", AT, "YN-06", AlertType.IDLE, AT.minusSeconds(3600),
                "zero power", new BigDecimal("12.5"), Money.ofFen(1225), "auto", null);
        burst.add(new Notice(e, "联建光伏扶贫电站", "界湖街道", "沂南县", eleven, 310, "http://pvmon.example.cn/api/alerts/4"));
        HttpReceiver wecom = new HttpReceiver(HttpReceiver.Kind.WECOM, "http://127.0.0.1:1/x", "", HttpClient.newHttpClient(), Duration.ofSeconds(1), JSON);
        assertThat(wecom.digestMax()).isEqualTo(10);

        String content = JSON.readTree(wecom.body(burst)).path("markdown").path("content").asText();
        String[] lines = content.split("\n");
        assertThat(lines).hasSize(11);
        assertThat(lines[0]).isEqualTo("### 【告警汇总】9 条告警、1 条恢复");
        assertThat(lines[1]).isEqualTo("> 【告警】五村光伏扶贫电站 离线｜五村、六村｜自 11-20 09:00｜损失 35.42 元｜23 户 [查看](http://pvmon.example.cn/api/alerts/3)");
        assertThat(lines[10]).isEqualTo("> 【恢复】联建光伏扶贫电站 零发电已恢复｜联建1村、联建2村、联建3村等 11 村｜11-20 12:00 恢复｜损失 12.25 元｜310 户 [查看](http://pvmon.example.cn/api/alerts/4)");
        assertThat(content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as("WeCom markdown limit").isLessThan(4096);

        JsonNode ding = JSON.readTree(new HttpReceiver(HttpReceiver.Kind.DINGTALK, "http://127.0.0.1:1/x", "", HttpClient.newHttpClient(),
                Duration.ofSeconds(1), JSON).body(burst));
        assertThat(ding.path("markdown").path("title").asText()).isEqualTo("【告警汇总】9 条告警、1 条恢复");
        assertThat(ding.path("markdown").path("text").asText().split("\n\n")).hasSize(11);
        assertThat(new HttpReceiver(HttpReceiver.Kind.WEBHOOK, "http://127.0.0.1:1/x", "", HttpClient.newHttpClient(), Duration.ofSeconds(1), JSON)
                .digestMax()).as("the generic webhook: one event per request").isEqualTo(1);
    }

    @Test
    void the_back_off_doubles_from_the_initial_wait_up_to_the_maximum() {
        Config.Notify cfg = new Config.Notify("", "", "", "", "", "", Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofMillis(1000), Duration.ofHours(1), Duration.ofMillis(50));
        assertThat(List.of(1, 2, 3, 4, 5, 40)).map(a -> Notifier.backoff(cfg, a)).map(Duration::toMillis).containsExactly(200L, 400L, 800L, 1000L, 1000L, 1000L);
    }
}
