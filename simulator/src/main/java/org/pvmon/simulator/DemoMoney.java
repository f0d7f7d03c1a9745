package org.pvmon.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo register's money: receipts (cash that arrived) and the villages' distribution plans, as the pvmon registry
 * imports them ({@code receipts.csv}, {@code plans.json}). Deterministic, from the register alone.
 *
 * <ul>
 *   <li>Grid payments of the benchmark part (电费), quarterly, for 2025 Q1 to 2026 Q3, each arriving 20-27 days after
 *       its quarter: energy from a planning yield of about 1,200 kWh/kWp a year (zone III; 1,100-1,300), shaped by
 *       month and varied per station by -8% to +5%, x 0.3949 yuan/kWh.</li>
 *   <li>A national-subsidy batch (国补), late: the whole of 2024 for every catalogued station, arriving on 2026-10-28;
 *       2025 and 2026 are still owed.</li>
 *   <li>Plans for 2026 on the received-cash basis: O&amp;M 30 yuan/kWp/year (every fourth village: 5% of the basis),
 *       insurance 10.00 a month in every third village, a 5% reserve; post wages first; household rewards 40-50% by
 *       weight (base 1, disability, serious illness, no labour capacity 2, elderly living alone, weak labour 1) capped
 *       at 3,000 yuan a household a year; public works 10% (every fifth village: 300.00 a month); the collective.
 *       Every third village adopted a second version from 2026-07: rewards 10 points more, cap 2,500.</li>
 * </ul>
 */
final class DemoMoney {
    /** kWh per kWp in each month of a year of about 1,200 (Shandong, zone III planning shape). */
    private static final int[] MONTH_YIELD = {75, 85, 110, 125, 135, 120, 105, 105, 100, 95, 75, 70};
    static final BigDecimal BENCHMARK = new BigDecimal("0.3949");

    private DemoMoney() {
    }

    /** Rows of receipts.csv: 站点编号,到账日期,所属期起,所属期止,款项,金额(元),凭证号,登记人. */
    static List<List<String>> receipts(DemoRegistry.Register r) {
        List<List<String>> rows = new ArrayList<>();
        List<Station> stations = r.stations();
        for (int i = 0; i < stations.size(); i++) {
            Station s = stations.get(i);
            BigDecimal factor = BigDecimal.valueOf(92 + (i * 37) % 14, 2);
            for (YearMonth q = YearMonth.of(2025, 1); !q.isAfter(YearMonth.of(2026, 7)); q = q.plusMonths(3)) {
                YearMonth end = q.plusMonths(2);
                LocalDate on = end.plusMonths(1).atDay(20 + i % 8);
                int quarter = (q.getMonthValue() - 1) / 3 + 1;
                rows.add(List.of(s.id(), on.toString(), q.toString(), end.toString(), "电费",
                        amount(s, factor, q, end, BENCHMARK).toPlainString(),
                        "国网结算-" + q.getYear() + "Q" + quarter + "-" + s.id(), "县财政局 出纳"));
            }
            if (r.catalogue().get(s.id()) != null) {
                BigDecimal subsidy = new BigDecimal(s.gridConnectionDate().getYear() <= 2016 ? "0.5851" : "0.4551");
                rows.add(List.of(s.id(), "2026-10-28", "2024-01", "2024-12", "国补",
                        amount(s, factor, YearMonth.of(2024, 1), YearMonth.of(2024, 12), subsidy).toPlainString(),
                        "国补2024年度第一批-" + s.id(), "县财政局 出纳"));
            }
        }
        rows.sort((a, b) -> a.get(1).compareTo(b.get(1)) != 0 ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        return rows;
    }

    private static BigDecimal amount(Station s, BigDecimal factor, YearMonth from, YearMonth to, BigDecimal rate) {
        BigDecimal kwh = BigDecimal.ZERO;
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            kwh = kwh.add(BigDecimal.valueOf(s.capacityKwp()).multiply(BigDecimal.valueOf(MONTH_YIELD[m.getMonthValue() - 1])).multiply(factor));
        }
        return kwh.setScale(0, RoundingMode.HALF_UP).multiply(rate).setScale(2, RoundingMode.HALF_UP);
    }

    /** plans.json: a list of plan versions, each {"village": id, "effectiveFrom", "basis", "by", "deductions", "allocations"}. */
    static String plans(DemoRegistry.Register r) {
        StringBuilder sb = new StringBuilder("[\n");
        List<DemoRegistry.Village> villages = r.villages();
        boolean first = true;
        for (int i = 0; i < villages.size(); i++) {
            DemoRegistry.Village v = villages.get(i);
            int rewards = 40 + (i % 3) * 5;
            for (int version = 1; version <= (i % 3 == 0 ? 2 : 1); version++) {
                if (!first) sb.append(",\n");
                first = false;
                boolean second = version == 2;
                sb.append("  {\"village\": \"").append(v.id()).append("\", \"effectiveFrom\": \"").append(second ? "2026-07" : "2026-01")
                        .append("\", \"basis\": \"RECEIVED_CASH\", \"by\": \"").append(v.name()).append("委会\",\n");
                sb.append("   \"deductions\": [");
                sb.append(i % 4 == 3 ? "{\"name\": \"运维费\", \"rule\": \"PERCENT_OF_BASIS\", \"value\": \"5\"}"
                        : "{\"name\": \"运维费\", \"rule\": \"PER_KWP_YEAR\", \"value\": \"30\"}");
                if (i % 3 == 0) sb.append(", {\"name\": \"保险费\", \"rule\": \"FIXED_MONTHLY\", \"value\": \"10.00\"}");
                sb.append(", {\"name\": \"风险准备金\", \"rule\": \"RESERVE_PERCENT\", \"value\": \"5\"}],\n");
                sb.append("   \"allocations\": [{\"kind\": \"POST_WAGES\", \"name\": \"公益岗位工资\"}, ");
                sb.append("{\"kind\": \"HOUSEHOLD_REWARDS\", \"name\": \"奖励补助\", \"percent\": \"").append(rewards + (second ? 10 : 0))
                        .append("\", \"baseWeight\": \"1\", \"weights\": {\"DISABILITY\": \"2\", \"SERIOUS_ILLNESS\": \"2\", "
                                + "\"NO_LABOUR_CAPACITY\": \"2\", \"ELDERLY_LIVING_ALONE\": \"1\", \"WEAK_LABOUR_CAPACITY\": \"1\"}, \"annualCapYuan\": \"")
                        .append(second ? "2500.00" : "3000.00").append("\"}, ");
                sb.append(i % 5 == 0 ? "{\"kind\": \"PUBLIC_WORKS\", \"name\": \"小型公益事业\", \"fixedYuan\": \"300.00\"}, "
                        : "{\"kind\": \"PUBLIC_WORKS\", \"name\": \"小型公益事业\", \"percent\": \"10\"}, ");
                sb.append("{\"kind\": \"COLLECTIVE\", \"name\": \"村集体\"}]}");
            }
        }
        return sb.append("\n]\n").toString();
    }
}
