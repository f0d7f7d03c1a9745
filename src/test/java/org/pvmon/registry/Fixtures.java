package org.pvmon.registry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.money.Money;
import org.pvmon.revenue.Tariff;
import org.pvmon.station.Station;

/** A small registry: two villages of 岸堤镇, a single-village and a joint station, households with re-entry, a post. */
public final class Fixtures {
    public static final Village EAST = Village.of("东岭村", "岸堤镇", "沂南县");
    public static final Village WEST = new Village("371321105201", "西岭村", "岸堤镇", "沂南县");

    private Fixtures() {
    }

    /** A valid 18-character ID number (GB 11643 check character) for sequence {@code n} (0-999). */
    public static String idNumber(int n) {
        String first17 = "37132119800101" + String.format("%03d", n);
        return first17 + IdNumbers.checkCharacter(first17);
    }

    public static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    public static StationEntry single() {
        return new StationEntry(new Station("YN-AD-001", "东岭村光伏扶贫电站", "东岭村", "岸堤镇", "沂南县", 21.48, 35.695, 118.288,
                d("2016-06-30")), List.of(new JointStation.Owner(EAST.id(), BigDecimal.ONE)), d("2018-03-01"));
    }

    public static StationEntry joint() {
        return new StationEntry(new Station("YN-AD-008", "岸堤镇联村电站", "联村", "岸堤镇", "沂南县", 125, 35.7, 118.29,
                d("2017-06-28")), List.of(new JointStation.Owner(EAST.id(), new BigDecimal("0.333333333333333333333")),
                new JointStation.Owner(WEST.id(), new BigDecimal("0.666666666666666666667"))), null);
    }

    public static List<Tariff> tariffs() {
        return List.of(new Tariff(d("2016-06-30"), d("2020-01-01"), new BigDecimal("0.3949"), new BigDecimal("0.5851")),
                new Tariff(d("2020-01-01"), null, new BigDecimal("0.39490"), new BigDecimal("0.4551")));
    }

    /** Left on 2020-06-30, back on 2021-03-01, still enrolled. */
    public static Household reentered() {
        return new Household("H001", "张三", idNumber(1), 3, Set.of(Household.Attribute.DISABILITY, Household.Attribute.SERIOUS_ILLNESS),
                List.of(new DateRange(d("2019-01-01"), d("2020-06-30")), DateRange.from(d("2021-03-01"))));
    }

    public static Household alone() {
        return new Household("H002", "李四", idNumber(2), 1, Set.of(Household.Attribute.ELDERLY_LIVING_ALONE),
                List.of(DateRange.from(d("2019-01-01"))));
    }

    public static Household west() {
        return new Household("H101", "王五", idNumber(3), 4, Set.of(), List.of(DateRange.from(d("2019-05-01"))));
    }

    public static Post cleaner() {
        return new Post("P001", "保洁员", "H002", Money.ofYuan("300.50"), new DateRange(d("2021-01-01"), d("2021-12-31")));
    }

    /** Everything above, written. */
    public static Registry populate(Registry r) {
        r.upsertVillage(EAST);
        r.upsertVillage(WEST);
        r.upsertStation(single());
        r.upsertStation(joint());
        r.putTariffs("YN-AD-001", tariffs());
        r.upsertHousehold(EAST.id(), reentered());
        r.upsertHousehold(EAST.id(), alone());
        r.upsertHousehold(WEST.id(), west());
        r.upsertPost(EAST.id(), cleaner());
        return r;
    }
}
