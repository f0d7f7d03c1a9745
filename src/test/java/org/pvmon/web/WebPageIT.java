package org.pvmon.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.pvmon.testing.Browser;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/** The built-in page in real headless Chromium: Chinese first, English on request, stations from the live API. */
class WebPageIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            W-1,东辛庄村光伏扶贫电站,东辛庄村,界湖街道,沂南县,30,35.55,118.46,2016-06-30
            W-2,西岸堤村光伏扶贫电站,西岸堤村,岸堤镇,沂南县,21.48,35.60,118.30,2017-05-20
            """;

    @Test
    void overview_lists_stations_in_chinese_and_switches_to_english() {
        try (TestService service = new TestService(servers, CSV, Map.of()).start();
             Publisher pub = new Publisher(servers.mqttUrl(), servers.uniqueName("pub"), 10);
             Browser browser = new Browser()) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
            pub.publish("pvmon/v1/stations/W-1/reading", "{\"station\":\"W-1\",\"ts\":\"" + now.minusMinutes(5)
                    + "\",\"power_kw\":12.0,\"energy_kwh\":1000.0}");
            pub.publish("pvmon/v1/stations/W-1/reading", "{\"station\":\"W-1\",\"ts\":\"" + now
                    + "\",\"power_kw\":12.5,\"energy_kwh\":1001.0}");
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/api/stations/W-1").path("online").asText().equals("online"));

            ChromeDriver page = browser.driver();
            page.get(service.baseUrl() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> page.findElements(By.cssSelector("tr.station")).size() == 2);

            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("村级光伏扶贫电站监测");
            assertThat(page.getTitle()).contains("村级光伏扶贫电站监测");
            WebElement w1 = row(page, "W-1");
            assertThat(w1.getText()).contains("东辛庄村光伏扶贫电站").contains("界湖街道").contains("在线").contains("12.50");
            assertThat(row(page, "W-2").getText()).contains("无数据");
            assertThat(page.findElement(By.id("sum-online")).getText()).isEqualTo("1");
            assertThat(page.findElement(By.id("sum-nodata")).getText()).isEqualTo("1");
            assertThat(page.findElement(By.id("alerts")).getText()).contains("没有未处理的告警");
            // 1 kWh this month at the benchmark part only (no catalogue date): 0.3949 yuan -> 0.39
            assertThat(page.findElement(By.id("sum-revenue")).getText()).isEqualTo("0.39");
            assertThat(w1.findElements(By.tagName("td")).get(7).getText()).isEqualTo("0.39");

            w1.click();
            await().atMost(Duration.ofSeconds(10)).until(() -> !page.findElements(By.cssSelector("#curve polyline")).isEmpty());
            assertThat(page.findElement(By.id("detail-title")).getText()).contains("W-1");
            List<WebElement> days = page.findElements(By.cssSelector("#detail-days tbody tr"));
            assertThat(days).hasSize(7);

            page.findElement(By.id("lang-en")).click();
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Village PV Poverty-Alleviation Stations");
            assertThat(row(page, "W-1").getText()).contains("Online");
            assertThat(row(page, "W-2").getText()).contains("No data");

            page.navigate().refresh(); // the choice is remembered
            await().atMost(Duration.ofSeconds(20)).until(() -> page.findElements(By.cssSelector("tr.station")).size() == 2);
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Village PV Poverty-Alleviation Stations");
        }
    }

    @Test
    void open_alerts_are_listed_with_since_and_lost_yuan_in_both_languages() {
        try (TestService service = new TestService(servers, org.pvmon.api.AlertFleet.CSV, Map.of())
                .start(java.time.Clock.fixed(org.pvmon.api.AlertFleet.NOON.toInstant(), ZoneOffset.UTC));
             Publisher pub = new Publisher(servers.mqttUrl(), servers.uniqueName("pub"), 50);
             Browser browser = new Browser()) {
            service.awaitStored(org.pvmon.api.AlertFleet.publishMorning(pub));
            service.post("/api/alerts/evaluate", null, 200);

            ChromeDriver page = browser.driver();
            page.get(service.baseUrl() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> page.findElements(By.cssSelector("tr.alert")).size() == 2);
            WebElement off = page.findElement(By.cssSelector("tr.alert[data-id='A-OFF']"));
            assertThat(off.getText()).contains("五村光伏扶贫电站").contains("离线").contains("11/20 09:00").contains("未确认");
            assertThat(page.findElement(By.cssSelector("tr.alert[data-id='A-IDLE']")).getText()).contains("零发电");

            page.findElement(By.id("lang-en")).click();
            assertThat(page.findElement(By.cssSelector("tr.alert[data-id='A-OFF']")).getText()).contains("Offline").contains("Open");
        }
    }

    private static WebElement row(ChromeDriver page, String id) {
        return page.findElement(By.cssSelector("tr.station[data-id='" + id + "']"));
    }
}
