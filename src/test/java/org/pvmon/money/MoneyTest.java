package org.pvmon.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void yuan_with_more_than_two_decimals_is_refused_rather_than_rounded_silently() {
        assertThat(Money.ofYuan("12.34").fen()).isEqualTo(1234);
        assertThatThrownBy(() -> Money.ofYuan("0.005")).isInstanceOf(ArithmeticException.class);
        assertThat(Money.ofYuan(new BigDecimal("0.005"), RoundingMode.HALF_UP).fen()).isEqualTo(1);
    }

    @Test
    void energy_times_tariff_rounds_once_with_the_named_mode() {
        // 1234.567 kWh x 0.3949 yuan/kWh = 487.530... yuan
        Money revenue = Money.ofYuan(new BigDecimal("1234.567").multiply(new BigDecimal("0.3949")), RoundingMode.HALF_UP);
        assertThat(revenue.toString()).isEqualTo("487.53");
    }

    @Test
    void a_hundred_yuan_split_three_ways_adds_up_to_the_fen() {
        List<Money> shares = Money.ofYuan("100.00").allocate(List.of(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE));
        assertThat(shares).extracting(Money::toString).containsExactly("33.34", "33.33", "33.33");
    }

    @Test
    void the_leftover_fen_go_to_the_largest_remainders() {
        // 7 fen by weights 5:3:2 is exactly 3.5, 2.1, 1.4 fen: floors 3+2+1 = 6, the one fen left goes to the 0.5 remainder
        List<Money> shares = Money.ofFen(7).allocate(List.of(new BigDecimal(5), new BigDecimal(3), new BigDecimal(2)));
        assertThat(shares).extracting(Money::fen).containsExactly(4L, 2L, 1L);
    }

    @Test
    void random_allocations_always_add_up_and_never_go_negative() {
        Random r = new Random(1);
        for (int run = 0; run < 2000; run++) {
            long fen = r.nextInt(10_000_000);
            List<BigDecimal> weights = IntStream.range(0, 1 + r.nextInt(40))
                    .mapToObj(i -> BigDecimal.valueOf(r.nextInt(1000), r.nextInt(4))).collect(Collectors.toList());
            if (weights.stream().allMatch(w -> w.signum() == 0)) weights.set(0, BigDecimal.ONE);
            List<Money> shares = Money.ofFen(fen).allocate(weights);
            assertThat(Money.sum(shares).fen()).isEqualTo(fen);
            assertThat(shares).allMatch(m -> !m.isNegative());
            for (int i = 0; i < weights.size(); i++) {
                if (weights.get(i).signum() == 0) assertThat(shares.get(i).fen()).isZero();
            }
        }
    }
}
