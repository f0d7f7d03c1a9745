package org.pvmon.http;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.pvmon.testing.Publisher;
import java.time.ZoneOffset;

/** The alert tests' township at a November noon: three producing peers, one idle station, one that falls silent. */
public final class AlertFleet {
    public static final OffsetDateTime NOON = OffsetDateTime.of(2026, 11, 20, 12, 0, 0, 0, ZoneOffset.ofHours(8));
    public static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            A-P1,一村光伏扶贫电站,一村,界湖街道,沂南县,20,35.55,118.46,2016-06-30
            A-P2,二村光伏扶贫电站,二村,界湖街道,沂南县,20,35.56,118.47,2016-06-30
            A-P3,三村光伏扶贫电站,三村,界湖街道,沂南县,20,35.54,118.45,2016-06-30
            A-IDLE,四村光伏扶贫电站,四村,界湖街道,沂南县,20,35.57,118.44,2016-06-30
            A-OFF,五村光伏扶贫电站,五村,界湖街道,沂南县,20,35.53,118.48,2016-06-30
            """;

    private AlertFleet() {
    }

    /**
     * 08:00-12:00 every 5 minutes: the peers produce 12 kW (0.6 kW/kWp), A-IDLE reports 0 kW, A-OFF falls silent
     * after 09:00. Returns the number of readings published.
     */
    public static int publishMorning(Publisher pub) {
        return morning(pub).published();
    }

    /** What {@link #publishMorning} published: how many readings, and each station's counter at its last one (kWh). */
    public record Morning(int published, Map<String, Double> counters) {
    }

    /** As {@link #publishMorning}, also giving the counters, for a test that publishes on from them. */
    public static Morning morning(Publisher pub) {
        Map<String, Double> counters = new HashMap<>(Map.of("A-P1", 5000.0, "A-P2", 5000.0, "A-P3", 5000.0, "A-IDLE", 5000.0, "A-OFF", 5000.0));
        int published = 0;
        for (OffsetDateTime t = NOON.minusHours(4); !t.isAfter(NOON); t = t.plusMinutes(5)) {
            for (String id : counters.keySet()) {
                boolean producing = !id.equals("A-IDLE");
                if (id.equals("A-OFF") && t.isAfter(NOON.minusHours(3))) continue; // silent since 09:00
                double power = producing ? 12.0 : 0.0;
                counters.merge(id, producing ? 1.0 : 0.0, Double::sum);       // 12 kW for 5 minutes = 1 kWh
                pub.publish("pvmon/v1/stations/" + id + "/reading", "{\"station\":\"" + id + "\",\"ts\":\"" + t
                        + "\",\"power_kw\":" + power + ",\"energy_kwh\":" + counters.get(id) + "}");
                published++;
            }
        }
        return new Morning(published, Map.copyOf(counters));
    }
}
