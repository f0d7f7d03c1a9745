package org.pvmon.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvmon.distribution.Fixtures.COLLECTIVE;
import static org.pvmon.distribution.Fixtures.dec;
import static org.pvmon.distribution.Fixtures.yuan;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvmon.distribution.JointStation.Owner;
import org.pvmon.distribution.JointStation.VillageAmount;
import org.pvmon.money.Money;

class JointStationTest {
    /** 125 kWp built with 1,000,000 yuan for 11 villages, shares by what each contributed (domain.md). */
    private static final List<String> SHARES = List.of("0.0917", "0.0903", "0.0911", "0.0889", "0.0923", "0.0897",
            "0.0905", "0.0915", "0.0893", "0.0919", "0.0928");

    private static JointStation elevenVillages() {
        List<Owner> owners = new ArrayList<>();
        for (int i = 0; i < SHARES.size(); i++) owners.add(new Owner("V" + (i + 1), dec(SHARES.get(i))));
        return new JointStation("S-125", dec("125"), owners);
    }

    @Test
    void a_joint_station_s_month_split_among_11_villages_adds_up_to_the_fen() {
        List<VillageAmount> parts = elevenVillages().split(yuan("12345.67"));

        assertThat(parts).extracting(p -> p.amount().toString()).containsExactly("1132.10", "1114.81", "1124.69",
                "1097.53", "1139.50", "1107.41", "1117.28", "1129.63", "1102.47", "1134.57", "1145.68");
        assertThat(Money.sum(parts.stream().map(VillageAmount::amount).toList())).isEqualTo(yuan("12345.67"));
        for (VillageAmount p : parts) {
            BigDecimal exact = p.share().multiply(yuan("12345.67").yuan());
            assertThat(p.amount().yuan().subtract(exact).abs()).isLessThan(dec("0.01"));
        }
    }

    @Test
    void each_of_the_11_villages_distributes_its_part_and_every_statement_reconciles() {
        JointStation station = elevenVillages();
        DistributionEngine engine = new DistributionEngine();
        Money total = Money.ZERO;
        for (VillageAmount part : station.split(yuan("12345.67"))) {
            DistributionPlan plan = new DistributionPlan(part.villageId(), 2024, 1,
                    List.of(Deduction.perKwpYear("运维费", dec("30"))), List.of(COLLECTIVE));
            VillageMonth month = new VillageMonth(part.villageId(), YearMonth.of(2024, 6), DistributionPlan.Basis.RECEIVED_CASH,
                    List.of(new RevenueLine("S-125", part.share(), RevenueLine.Part.BENCHMARK, part.amount())),
                    station.capacityOf(part.villageId()), List.of(), Map.of());
            Statement s = engine.distribute(plan, month, List.of());
            assertThat(s.reconciles()).isTrue();
            total = total.plus(s.basisAmount());
        }
        assertThat(total).isEqualTo(yuan("12345.67"));
        // V1: 0.0917 x 125 kWp = 11.4625 kWp; x 30 / 12 = 28.65625 -> 28.65
        assertThat(station.capacityOf("V1")).isEqualByComparingTo("11.4625");
    }

    @Test
    void shares_of_one_eleventh_written_as_decimals_must_still_add_up_to_exactly_one() {
        List<Owner> owners = new ArrayList<>();
        for (int i = 1; i <= 11; i++) owners.add(new Owner("V" + i, dec("0.0909")));
        assertThatThrownBy(() -> new JointStation("S-125", dec("125"), owners))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to 0.9999, not exactly 1");

        owners.set(10, new Owner("V11", dec("0.0910")));
        List<VillageAmount> parts = new JointStation("S-125", dec("125"), owners).split(yuan("0.10"));
        assertThat(Money.sum(parts.stream().map(VillageAmount::amount).toList())).isEqualTo(yuan("0.10"));
    }

    @Test
    void a_village_listed_twice_is_refused() {
        assertThatThrownBy(() -> new JointStation("S-1", dec("10"),
                List.of(new Owner("V1", dec("0.5")), new Owner("V1", dec("0.5")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("village V1 is listed twice");
    }

    @Test
    void a_negative_adjustment_is_split_as_the_mirror_of_the_positive_amount() {
        JointStation station = elevenVillages();
        List<VillageAmount> plus = station.split(yuan("12345.67"));
        List<VillageAmount> minus = station.split(yuan("-12345.67"));

        for (int i = 0; i < plus.size(); i++) assertThat(minus.get(i).amount()).isEqualTo(plus.get(i).amount().negate());
    }
}
