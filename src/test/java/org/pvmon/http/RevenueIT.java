package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.registry.Registry;
import org.pvmon.registry.StationEntry;
import org.pvmon.testing.Publisher;
import org.pvmon.testing.RealServers;
import org.pvmon.testing.TestService;

/** Monthly revenue from real readings: local month edges, tariff by grid year, subsidy only with a catalogue date. */
class RevenueIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            R-16,东岭村光伏扶贫电站,东岭村,界湖街道,沂南县,20,35.55,118.46,2016-06-30
            R-17,西岭村光伏扶贫电站,西岭村,界湖街道,沂南县,20,35.56,118.47,2017-05-20
            """;

    @Test
    void october_revenue_counts_local_october_only_and_the_subsidy_only_in_the_catalogue() {
        // A fixed clock: the readings stay inside the accepted age window whenever this runs.
        Clock now = Clock.fixed(java.time.Instant.parse("2026-11-22T04:00:00Z"), java.time.ZoneOffset.UTC);
        try (TestService service = new TestService(servers, CSV, Map.of()).start(now);
             Publisher pub = servers.publisher(20)) {
            Registry registry = Registry.openSqlite(Path.of(service.env().get("PVMON_DATA_DIR")).resolve("registry.db"));
            StationEntry r16 = registry.stationEntry("R-16").orElseThrow();
            registry.upsertStation(new StationEntry(r16.station(), r16.owners(), LocalDate.of(2018, 1, 1)));

            String[][] readings = {
                    {"2026-09-30T23:00:00+08:00", "1000"}, {"2026-10-01T01:00:00+08:00", "1010"},
                    {"2026-10-15T12:00:00+08:00", "1100"}, {"2026-10-31T23:00:00+08:00", "1300"},
                    {"2026-11-01T01:00:00+08:00", "1310"}};
            for (String station : new String[] {"R-16", "R-17"}) {
                for (String[] r : readings) {
                    pub.publish("pvmon/v1/stations/" + station + "/reading", "{\"station\":\"" + station + "\",\"ts\":\"" + r[0]
                            + "\",\"power_kw\":1.0,\"energy_kwh\":" + r[1] + "}");
                }
            }
            service.awaitStored(10);

            // October (Asia/Shanghai): half of each 2-hour interval across a month edge, plus 90 + 200 inside = 300 kWh.
            JsonNode in = service.get("/api/stations/R-16/revenue/monthly?month=2026-10");
            assertThat(in.path("energyKwh").decimalValue()).isEqualByComparingTo("300");
            assertThat(in.path("benchmarkYuan").decimalValue()).isEqualByComparingTo("118.47"); // 300 x 0.3949
            assertThat(in.path("subsidyYuan").decimalValue()).isEqualByComparingTo("175.53");   // 300 x 0.5851
            assertThat(in.path("totalYuan").decimalValue()).isEqualByComparingTo("294.00");     // 300 x 0.98
            assertThat(in.path("partial").asBoolean()).isFalse();

            JsonNode out = service.get("/api/stations/R-17/revenue/monthly?month=2026-10");
            assertThat(out.path("catalogueDate").isNull()).isTrue();
            assertThat(out.path("subsidyYuan").decimalValue()).isEqualByComparingTo("0");
            assertThat(out.path("totalYuan").decimalValue()).isEqualByComparingTo("118.47");

            JsonNode county = service.get("/api/revenue/monthly?month=2026-10");
            assertThat(county.path("totals").path("energyKwh").decimalValue()).isEqualByComparingTo("600");
            assertThat(county.path("totals").path("totalYuan").decimalValue()).isEqualByComparingTo("412.47");
            assertThat(county.path("villages")).hasSize(2);
            assertThat(county.path("villages").path(0).path("name").asText()).isIn("东岭村", "西岭村");

            assertThat(service.get("/api/revenue/monthly?month=2026-13", 400).path("parameter").asText()).isEqualTo("month");
            assertThat(service.get("/api/revenue/monthly?month=2099-01", 400).path("message").asText()).contains("not begun");
        }
    }
}
