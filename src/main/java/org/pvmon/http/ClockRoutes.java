package org.pvmon.http;

import org.pvmon.energy.Periods;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/clock}: the service's own now, today and month in Asia/Shanghai. The web page asks for "today" and
 * "this month" by this clock instead of the office PC's, which is often wrong in village offices; it is also the
 * clock every other endpoint defaults its dates to.
 */
final class ClockRoutes {
    private final Clock clock;

    ClockRoutes(Clock clock) {
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/clock", ctx -> {
            ZonedDateTime now = clock.instant().atZone(Periods.ZONE);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("now", now.toOffsetDateTime());
            body.put("today", LocalDate.from(now));
            body.put("month", YearMonth.from(now).toString());
            body.put("timezone", Periods.ZONE.getId());
            ctx.json(body);
        }, Rule.SIGNED_IN);
    }
}
