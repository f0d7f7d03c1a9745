package org.pvmon.http;

import org.pvmon.energy.Periods;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.fleet.FleetState;
import org.pvmon.statements.MonthPeriod;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvmon.distribution.JointStation;
import org.pvmon.energy.EnergyReport;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.revenue.MonthRevenue;
import org.pvmon.revenue.RevenueCalculator;
import org.pvmon.revenue.StationTariff;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/**
 * Accrued revenue per station and local month (energy from the counters × the registry's tariffs, benchmark and
 * subsidy parts), and the county roll-up with each village's share of its stations. What a county manager asks:
 * what did each station earn this month.
 */
final class RevenueRoutes {
    private final StationDirectory stations;
    private final Registry registry;
    private final StationEnergy energy;
    private final FleetState fleet;
    private final Clock clock;
    private final RevenueCalculator calculator = new RevenueCalculator();

    RevenueRoutes(StationDirectory stations, Registry registry, StationEnergy energy, FleetState fleet, Clock clock) {
        this.stations = stations;
        this.registry = registry;
        this.energy = energy;
        this.fleet = fleet;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/stations/{id}/revenue/monthly", this::station);
        app.get("/api/revenue/monthly", this::fleet);
    }

    private void station(Context ctx) {
        String id = ctx.pathParam("id");
        Station s = stations.find(id).orElseThrow(() -> ApiException.notFound("No station '" + id + "'; GET /api/stations lists them"));
        MonthPeriod p = period(ctx);
        EnergyReport days = energy.daily(s, p.from(), p.to());
        StationTariff tariff = registry.tariffOf(s.id());
        MonthRevenue r = calculator.month(p.month(), days.days(), tariff);
        Map<String, Object> body = summary(s, p, r);
        body.put("catalogueDate", tariff.catalogueDate());
        body.put("tariffs", tariff.tariffs());
        body.put("segments", r.segments());
        body.put("daysWithoutData", r.daysWithoutData());
        body.put("daysWithoutTariff", r.daysWithoutTariff());
        ctx.json(body);
    }

    private void fleet(Context ctx) {
        MonthPeriod p = period(ctx);
        List<Station> all = stations.all();
        Map<String, EnergyReport> reports = fleet.daily(all, p.from(), p.to(), () -> energy.daily(all, p.from(), p.to()));
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Money[]> byVillage = new TreeMap<>(); // village id -> {benchmark, subsidy}
        BigDecimal kwh = BigDecimal.ZERO;
        Money benchmark = Money.ZERO;
        Money subsidy = Money.ZERO;
        Map<String, StationTariff> tariffs = registry.tariffs();
        Map<String, JointStation> owners = registry.owners();
        for (Station s : all) {
            MonthRevenue r = calculator.month(p.month(), reports.get(s.id()).days(), tariffs.get(s.id()));
            rows.add(summary(s, p, r));
            kwh = kwh.add(r.energyKwh());
            benchmark = benchmark.plus(r.benchmark());
            subsidy = subsidy.plus(r.subsidy());
            JointStation j = owners.get(s.id());
            if (j != null) addShares(byVillage, j, r);
        }
        Map<String, String> names = new java.util.HashMap<>();
        for (Village v : registry.villages()) names.put(v.id(), v.name());
        List<Map<String, Object>> villages = new ArrayList<>();
        for (Map.Entry<String, Money[]> e : byVillage.entrySet()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("village", e.getKey());
            v.put("name", names.getOrDefault(e.getKey(), e.getKey()));
            v.put("benchmarkYuan", e.getValue()[0].yuan());
            v.put("subsidyYuan", e.getValue()[1].yuan());
            v.put("totalYuan", e.getValue()[0].plus(e.getValue()[1]).yuan());
            villages.add(v);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("energyKwh", kwh);
        totals.put("benchmarkYuan", benchmark.yuan());
        totals.put("subsidyYuan", subsidy.yuan());
        totals.put("totalYuan", benchmark.plus(subsidy).yuan());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("month", p.month().toString());
        body.put("partial", p.partial());
        body.put("timezone", Periods.ZONE.getId());
        body.put("totals", totals);
        body.put("stations", rows);
        body.put("villages", villages);
        ctx.json(body);
    }

    /** Each owner village's share of a station's month, part by part (largest remainder: the shares add up). */
    private static void addShares(Map<String, Money[]> byVillage, JointStation j, MonthRevenue r) {
        List<JointStation.VillageAmount> b = j.split(r.benchmark());
        List<JointStation.VillageAmount> s = j.split(r.subsidy());
        for (int i = 0; i < b.size(); i++) {
            Money[] acc = byVillage.computeIfAbsent(b.get(i).villageId(), k -> new Money[] {Money.ZERO, Money.ZERO});
            acc[0] = acc[0].plus(b.get(i).amount());
            acc[1] = acc[1].plus(s.get(i).amount());
        }
    }

    private static Map<String, Object> summary(Station s, MonthPeriod p, MonthRevenue r) {
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

    private MonthPeriod period(Context ctx) {
        LocalDate today = LocalDate.now(clock.withZone(Periods.ZONE));
        YearMonth current = YearMonth.from(today);
        YearMonth m = Params.month(ctx, "month", current, current);
        return MonthPeriod.of(m, today);
    }
}
