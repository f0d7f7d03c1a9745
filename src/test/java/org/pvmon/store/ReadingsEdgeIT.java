package org.pvmon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pvmon.config.Config;
import org.pvmon.testing.RealServers;

/**
 * The edge readings of many stations (the last before / first after a day, within 31 days), looked for in small steps
 * against a real InfluxDB, are exactly what one query over the whole 31 days gives: by name when few stations are not
 * near the edge, step by step for every station when many are (a fleet silent for days).
 */
class ReadingsEdgeIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    private static final Instant T = Instant.parse("2026-11-20T16:00:00Z");
    private static final Duration LOOKUP = Duration.ofDays(31);

    @Test
    void stepwise_edges_equal_one_query_over_the_whole_lookup() {
        try (InfluxStore store = new InfluxStore(new Config.Influx("v1", servers.influxUrl(), servers.uniqueName("edges"), "", "", "", "", "", ""))) {
            store.prepare();
            List<String> lines = new ArrayList<>();
            // 6,000 stations silent for 3-25 days before and after T: more than are named, so every station is looked for step by step
            for (int i = 0; i < 6000; i++) {
                long days = 3 + i % 23;
                lines.add(line("F" + i, T.minus(Duration.ofDays(days)).plusSeconds(i), 100 + i));
                lines.add(line("F" + i, T.plus(Duration.ofDays(days)).plusSeconds(i), 200 + i));
            }
            lines.add(line("NEAR", T.minusSeconds(3600), 1));     // an hour before
            lines.add(line("NEAR", T.minus(Duration.ofDays(5)), 0)); // and an older one: not the last
            lines.add(line("NEAR", T.plusSeconds(60), 2));
            lines.add(line("OLD", T.minus(Duration.ofDays(40)), 3)); // beyond the lookup: none
            lines.add(line("OLD", T.plus(Duration.ofDays(40)), 4));
            lines.add(line("EDGE", T.minus(LOOKUP), 5));             // exactly at the lookup's start: counted
            lines.add(line("EDGE", T, 6));                           // exactly at T: the first from T, not the last before
            for (int i = 0; i < lines.size(); i += 5000) store.write(lines.subList(i, Math.min(lines.size(), i + 5000)));
            Readings readings = new Readings(store);

            List<String> all = new ArrayList<>(List.of("NEAR", "OLD", "EDGE", "NONE"));
            for (int i = 0; i < 6000; i++) all.add("F" + i);
            Map<String, Reading> before = readings.lastBefore(T, LOOKUP, all);
            Map<String, Reading> after = readings.firstFrom(T, LOOKUP, all);
            assertThat(kwh(before)).isEqualTo(kwh(readings.lastBefore(T, LOOKUP, (String) null)));
            assertThat(kwh(after)).isEqualTo(kwh(readings.firstFrom(T, LOOKUP, (String) null)));
            assertThat(before).hasSize(6002).doesNotContainKeys("OLD", "NONE");
            assertThat(before.get("NEAR").energyKwh()).isEqualTo(1);
            assertThat(before.get("EDGE").energyKwh()).isEqualTo(5);
            assertThat(after.get("EDGE").energyKwh()).isEqualTo(6);
            assertThat(before.get("F4321").energyKwh()).isEqualTo(4421);

            // a few stations: the ones not near are named
            List<String> few = List.of("NEAR", "OLD", "EDGE", "F17", "F5999");
            assertThat(kwh(readings.lastBefore(T, LOOKUP, few))).isEqualTo(kwh(before).entrySet().stream()
                    .filter(e -> few.contains(e.getKey())).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertThat(kwh(readings.firstFrom(T, LOOKUP, few))).containsEntry("F17", 217.0).containsEntry("NEAR", 2.0).doesNotContainKey("OLD");
        }
    }

    private static Map<String, Double> kwh(Map<String, Reading> edges) {
        return edges.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().energyKwh()));
    }

    private static String line(String station, Instant t, double kwh) {
        return "reading,station=" + station + " power_kw=1.0,energy_kwh=" + kwh + ",state=\"running\",fault_code=0.0 "
                + (t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }
}
