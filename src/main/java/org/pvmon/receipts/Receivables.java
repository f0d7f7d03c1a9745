package org.pvmon.receipts;

import org.pvmon.dayenergy.StationEnergy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvmon.distribution.JointStation;
import org.pvmon.energy.DayEnergy;
import org.pvmon.energy.EnergyReport;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.revenue.RevenueCalculator;
import org.pvmon.revenue.StationTariff;
import org.pvmon.station.Station;

/**
 * Accrued vs received vs outstanding over a range of local months, per station and per village (by ownership share).
 *
 * <ul>
 *   <li>Accrued: energy x tariff of the months in the range (as {@code /api/revenue/monthly}), per part.</li>
 *   <li>Received: the receipts (not voided) that pay for those months, per part, whenever they arrived. A receipt
 *       paying for several months (a quarter, a year) counts equally for each of its months (largest remainder, to the
 *       fen), so a range that covers part of its period counts that part.</li>
 *   <li>Outstanding = accrued - received, per part (negative: more arrived than the readings account for, e.g. months
 *       without readings).</li>
 * </ul>
 * A village's figures are its shares of its stations' figures, each station's range total split by the ownership
 * shares (largest remainder), so the villages of a station add up to the station exactly.
 */
public final class Receivables {
    /**
     * Accrued and received, per part; {@code daysWithoutData}: the station-days of the range whose energy is not known
     * (no readings), for which nothing accrued: an accrued 0.00 of a silent station is not a station that earned nothing.
     * A village counts every day of each station it owns a share of.
     */
    public record Figures(Money accruedBenchmark, Money accruedSubsidy, Money receivedBenchmark, Money receivedSubsidy, int daysWithoutData) {
        public static final Figures ZERO = new Figures(Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, 0);

        public Money accrued() {
            return accruedBenchmark.plus(accruedSubsidy);
        }

        public Money received() {
            return receivedBenchmark.plus(receivedSubsidy);
        }

        public Money outstanding() {
            return accrued().minus(received());
        }

        Figures plus(Figures o) {
            return new Figures(accruedBenchmark.plus(o.accruedBenchmark), accruedSubsidy.plus(o.accruedSubsidy),
                    receivedBenchmark.plus(o.receivedBenchmark), receivedSubsidy.plus(o.receivedSubsidy), daysWithoutData + o.daysWithoutData);
        }
    }

    /** Per station (every station asked for) and per village (every village owning a share of one of them). */
    public record Result(Map<String, Figures> stations, Map<String, Figures> villages) {
        public Figures total() {
            Figures t = Figures.ZERO;
            for (Figures f : stations.values()) t = t.plus(f);
            return t;
        }
    }

    private final Registry registry;
    private final ReceiptBook receipts;
    private final StationEnergy energy;
    private final RevenueCalculator calculator = new RevenueCalculator();

    public Receivables(Registry registry, ReceiptBook receipts, StationEnergy energy) {
        this.registry = registry;
        this.receipts = receipts;
        this.energy = energy;
    }

    /**
     * Each village's share of the cash that arrived in {@code month} up to {@code today} (receipts by the day received,
     * whatever months they pay for): what its statement distributes on the received basis.
     */
    public Map<String, Money> arrivedByVillage(YearMonth month, LocalDate today) {
        LocalDate last = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
        Map<String, JointStation> owners = registry.owners();
        Map<String, Money> out = new HashMap<>();
        for (ReceiptBook.Receipt r : receipts.receivedBetween(month.atDay(1), last)) {
            JointStation j = owners.get(r.receipt().stationId());
            if (j == null) continue;
            for (JointStation.VillageAmount part : j.split(r.receipt().amount())) out.merge(part.villageId(), part.amount(), Money::plus);
        }
        return out;
    }

    /** The figures of {@code stations} for the months {@code from..to} (the current month up to {@code today}). */
    public Result of(List<Station> stations, YearMonth from, YearMonth to, LocalDate today) {
        LocalDate last = to.atEndOfMonth().isAfter(today) ? today : to.atEndOfMonth();
        Map<String, EnergyReport> reports = stations.isEmpty() ? Map.of() : energy.daily(stations, from.atDay(1), last);
        Map<String, StationTariff> tariffs = registry.tariffs();
        Map<String, Figures> byStation = new LinkedHashMap<>();
        for (Station s : stations) {
            Money b = Money.ZERO;
            Money sub = Money.ZERO;
            Map<YearMonth, List<DayEnergy>> months = new TreeMap<>();
            int missing = 0;
            for (DayEnergy d : reports.get(s.id()).days()) {
                months.computeIfAbsent(YearMonth.from(d.date()), k -> new ArrayList<>()).add(d);
                if (!d.hasData()) missing++;
            }
            for (Map.Entry<YearMonth, List<DayEnergy>> e : months.entrySet()) {
                var r = calculator.month(e.getKey(), e.getValue(), tariffs.getOrDefault(s.id(), new StationTariff(List.of(), null)));
                b = b.plus(r.benchmark());
                sub = sub.plus(r.subsidy());
            }
            byStation.put(s.id(), new Figures(b, sub, Money.ZERO, Money.ZERO, missing));
        }
        for (ReceiptBook.Receipt r : receipts.payingFor(from, to)) {
            Figures f = byStation.get(r.receipt().stationId());
            if (f == null) continue;
            Money part = inRange(r.receipt(), from, to);
            boolean benchmark = r.receipt().part() == ReceiptBook.Part.BENCHMARK;
            byStation.put(r.receipt().stationId(), f.plus(new Figures(Money.ZERO, Money.ZERO,
                    benchmark ? part : Money.ZERO, benchmark ? Money.ZERO : part, 0)));
        }
        Map<String, JointStation> owners = registry.owners();
        Map<String, Figures> byVillage = new TreeMap<>();
        for (Map.Entry<String, Figures> e : byStation.entrySet()) {
            JointStation j = owners.get(e.getKey());
            if (j == null) continue;
            Figures f = e.getValue();
            var ab = j.split(f.accruedBenchmark());
            var as = j.split(f.accruedSubsidy());
            var rb = j.split(f.receivedBenchmark());
            var rs = j.split(f.receivedSubsidy());
            for (int i = 0; i < ab.size(); i++) {
                byVillage.merge(ab.get(i).villageId(), new Figures(ab.get(i).amount(), as.get(i).amount(), rb.get(i).amount(),
                        rs.get(i).amount(), f.daysWithoutData()), Figures::plus);
            }
        }
        return new Result(byStation, byVillage);
    }

    /** The part of a receipt that pays for the months {@code from..to}: its amount spread equally over its months. */
    static Money inRange(ReceiptBook.NewReceipt r, YearMonth from, YearMonth to) {
        int n = r.months();
        List<Money> parts = r.amount().allocate(Collections.nCopies(n, BigDecimal.ONE));
        Money sum = Money.ZERO;
        for (int i = 0; i < n; i++) {
            YearMonth m = r.periodFrom().plusMonths(i);
            if (!m.isBefore(from) && !m.isAfter(to)) sum = sum.plus(parts.get(i));
        }
        return sum;
    }
}
