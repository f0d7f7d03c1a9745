package org.pvmon.http;

import org.pvmon.access.Permission;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.energy.Periods;
import org.pvmon.receipts.AccruedRevenue;
import org.pvmon.revenue.MonthPeriod;
import org.pvmon.revenue.MonthRevenue;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/**
 * Accrued revenue per station and local month (energy from the counters × the registry's tariffs, benchmark and
 * subsidy parts), and the county roll-up with each village's share of its stations. What a county manager asks:
 * what did each station earn this month.
 */
final class RevenueRoutes {
    private final StationDirectory stations;
    private final AccruedRevenue revenue;
    private final Clock clock;

    RevenueRoutes(StationDirectory stations, AccruedRevenue revenue, Clock clock) {
        this.stations = stations;
        this.revenue = revenue;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/stations/{id}/revenue/monthly", this::station, Rule.needs(Permission.MONEY_READ));
        app.get("/api/revenue/monthly", this::fleet, Rule.needs(Permission.MONEY_READ));
    }

    private void station(Context ctx) {
        String id = ctx.pathParam("id");
        Station s = stations.find(id).orElseThrow(() -> ApiException.noStation(id));
        AccruedRevenue.StationMonth m = revenue.station(s, month(ctx));
        MonthRevenue r = m.revenue();
        Map<String, Object> body = summary(m);
        body.put("catalogueDate", m.tariff().catalogueDate());
        body.put("tariffs", m.tariff().tariffs());
        body.put("segments", r.segments());
        body.put("daysWithoutData", r.daysWithoutData());
        body.put("daysWithoutTariff", r.daysWithoutTariff());
        ctx.json(body);
    }

    private void fleet(Context ctx) {
        Caller c = Caller.of(ctx);
        List<Station> seen = c.everywhere() ? stations.all() : stations.all().stream().filter(c::sees).toList();
        AccruedRevenue.FleetMonth f = revenue.fleet(seen, month(ctx));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AccruedRevenue.StationMonth m : f.stations()) rows.add(summary(m));
        List<Map<String, Object>> villages = new ArrayList<>();
        for (AccruedRevenue.VillageMonth v : f.villages()) {
            if (!c.seesVillage(v.villageId())) continue; // the other owners of a joint station
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("village", v.villageId());
            m.put("name", v.name());
            m.put("benchmarkYuan", v.benchmark().yuan());
            m.put("subsidyYuan", v.subsidy().yuan());
            m.put("totalYuan", v.total().yuan());
            villages.add(m);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("energyKwh", f.energyKwh());
        totals.put("benchmarkYuan", f.benchmark().yuan());
        totals.put("subsidyYuan", f.subsidy().yuan());
        totals.put("totalYuan", f.total().yuan());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("month", f.period().month().toString());
        body.put("partial", f.period().partial());
        body.put("timezone", Periods.ZONE.getId());
        body.put("totals", totals);
        body.put("stations", rows);
        body.put("villages", villages);
        ctx.json(body);
    }

    private static Map<String, Object> summary(AccruedRevenue.StationMonth sm) {
        Station s = sm.station();
        MonthPeriod p = sm.period();
        MonthRevenue r = sm.revenue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("station", s.id());
        m.put("name", s.name());
        m.put("township", s.township());
        m.put("month", p.month().toString());
        m.put("partial", p.partial());
        m.put("energyKwh", r.energyKwh());
        m.put("benchmarkYuan", r.benchmark().yuan());
        m.put("subsidyYuan", r.subsidy().yuan());
        m.put("totalYuan", r.total().yuan());
        m.put("estimated", r.estimated());
        m.put("daysWithoutDataCount", r.daysWithoutData().size());
        m.put("unpricedDaysCount", r.daysWithoutTariff().size());
        return m;
    }

    private YearMonth month(Context ctx) {
        YearMonth current = YearMonth.from(LocalDate.now(clock.withZone(Periods.ZONE)));
        return Params.month(ctx, "month", current, current);
    }
}
