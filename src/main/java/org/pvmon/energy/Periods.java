package org.pvmon.energy;

import java.time.ZoneId;

/** Periods are local: days, months and hours are Asia/Shanghai (UTC+8) periods, never UTC ones. */
public final class Periods {
    /** The zone of every local period: Asia/Shanghai. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Periods() {
    }
}
