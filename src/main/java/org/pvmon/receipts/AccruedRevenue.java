package org.pvmon.receipts;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.distribution.JointStation;
import org.pvmon.energy.EnergyReport;
import org.pvmon.energy.Periods;
import org.pvmon.fleet.FleetState;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.revenue.MonthPeriod;
import org.pvmon.revenue.MonthRevenue;
import org.pvmon.revenue.RevenueCalculator;
import org.pvmon.revenue.StationTariff;
import org.pvmon.station.Station;

/**
 * Accrued revenue per station and local month (energy from the counters × the registry's tariffs, benchmark and
 * subsidy parts), and the fleet's month with each village's share of its stations. What a county manager asks: what
 * did each station earn this month.
 */
public final class AccruedRevenue {
    private final Registry registry;
    private final StationEnergy energy;
    private final FleetState fleet;
    private final Clock clock;
    private final RevenueCalculator calculator = new RevenueCalculator();

    public AccruedRevenue(Registry registry, StationEnergy energy, FleetState fleet, Clock clock) {
        this.registry = registry;
        this.energy = energy;
        this.fleet = fleet;
        this.clock = clock;
    }

    /** A station's month, with the tariffs it was priced by. */
    public record StationMonth(Station station, MonthPeriod period, MonthRevenue revenue, StationTariff tariff) {
    }

    /** A village's share of its stations' month, per part (largest remainder: the shares add up). */
    public record VillageMonth(String villageId, String name, Money benchmark, Money subsidy) {
        public Money total() {
            return benchmark.plus(subsidy);
        }
    }

    /** Every station's month, the villages' shares (by village id) and the fleet's totals. */
    public record FleetMonth(MonthPeriod period, List<StationMonth> stations, List<VillageMonth> villages, BigDecimal energyKwh,
                             Money benchmark, Money subsidy) {
        public Money total() {
            return benchmark.plus(subsidy);
        }
    }

    /** The month as far as it has gone: the current month runs up to today. */
    public MonthPeriod period(YearMonth month) {
        return MonthPeriod.of(month, LocalDate.now(clock.withZone(Periods.ZONE)));
    }

    /** {@code s}'s {@code month}. */
    public StationMonth station(Station s, YearMonth month) {
        MonthPeriod p = period(month);
        EnergyReport days = energy.daily(s, p.from(), p.to());
        StationTariff tariff = registry.tariffOf(s.id());
        return new StationMonth(s, p, calculator.month(p.month(), days.days(), tariff), tariff);
    }

    /** The {@code month} of every station of {@code all} (the fleet's in-memory days where it has them). */
    public FleetMonth fleet(List<Station> all, YearMonth month) {
        MonthPeriod p = period(month);
        Map<String, EnergyReport> reports = fleet.daily(all, p.from(), p.to(), () -> energy.daily(all, p.from(), p.to()));
        Map<String, StationTariff> tariffs = registry.tariffs();
        Map<String, JointStation> owners = registry.owners();
        List<StationMonth> rows = new java.util.ArrayList<>(all.size());
        Map<String, Money[]> byVillage = new TreeMap<>(); // village id -> {benchmark, subsidy}
        BigDecimal kwh = BigDecimal.ZERO;
        Money benchmark = Money.ZERO;
        Money subsidy = Money.ZERO;
        for (Station s : all) {
            MonthRevenue r = calculator.month(p.month(), reports.get(s.id()).days(), tariffs.get(s.id()));
            rows.add(new StationMonth(s, p, r, tariffs.get(s.id())));
            kwh = kwh.add(r.energyKwh());
            benchmark = benchmark.plus(r.benchmark());
            subsidy = subsidy.plus(r.subsidy());
            JointStation j = owners.get(s.id());
            if (j != null) addShares(byVillage, j, r);
        }
        Map<String, String> names = new HashMap<>();
        for (Village v : registry.villages()) names.put(v.id(), v.name());
        List<VillageMonth> villages = new java.util.ArrayList<>();
        for (Map.Entry<String, Money[]> e : byVillage.entrySet()) {
            villages.add(new VillageMonth(e.getKey(), names.getOrDefault(e.getKey(), e.getKey()), e.getValue()[0], e.getValue()[1]));
        }
        return new FleetMonth(p, rows, villages, kwh, benchmark, subsidy);
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
}
