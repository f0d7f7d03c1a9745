package org.pvmon.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The alert tests' township at a November noon: three producing peers, one idle station, one that falls silent. */
final class AlertFleet {
    static final OffsetDateTime NOON = OffsetDateTime.of(2026, 11, 20, 12, 0, 0, 0, ZoneOffset.ofHours(8));
    static final String CSV = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            A-P1,一村光伏扶贫电站,一村,界湖街道,沂南县,20,35.55,118.46,2016-06-30
            A-P2,二村光伏扶贫电站,二村,界湖街道,沂南县,20,35.56,118.47,2016-06-30
            A-P3,三村光伏扶贫电站,三村,界湖街道,沂南县,20,35.54,118.45,2016-06-30
            A-IDLE,四村光伏扶贫电站,四村,界湖街道,沂南县,20,35.57,118.44,2016-06-30
            A-OFF,五村光伏扶贫电站,五村,界湖街道,沂南县,20,35.53,118.48,2016-06-30
            """;

    private AlertFleet() {
    }
}
