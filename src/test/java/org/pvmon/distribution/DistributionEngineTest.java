package org.pvmon.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvmon.distribution.Fixtures.COLLECTIVE;
import static org.pvmon.distribution.Fixtures.VILLAGE;
import static org.pvmon.distribution.Fixtures.dec;
import static org.pvmon.distribution.Fixtures.household;
import static org.pvmon.distribution.Fixtures.month;
import static org.pvmon.distribution.Fixtures.plan;
import static org.pvmon.distribution.Fixtures.post;
import static org.pvmon.distribution.Fixtures.rewards;
import static org.pvmon.distribution.Fixtures.yuan;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvmon.distribution.Household.Attribute;
import org.pvmon.distribution.Statement.HouseholdLine;
import org.pvmon.distribution.Statement.PostLine;
import org.pvmon.money.Money;

class DistributionEngineTest {
    private static final YearMonth JUNE = YearMonth.of(2024, 6);
    private final DistributionEngine engine = new DistributionEngine();

    @Test
    void a_simple_month_pays_deductions_wages_households_and_works_and_leaves_the_rest_to_the_collective() {
        DistributionPlan plan = plan(2024, List.of(
                        Deduction.perKwpYear("运维费", dec("30")),              // 30 x 100 kWp / 12 = 250.00
                        Deduction.fixedMonthly("保险费", yuan("50.00")),
                        Deduction.fixedMonthly("土地租金", yuan("100.00")),
                        Deduction.reserve("维修准备金", dec("5"))),             // 5% of 10,000.00 = 500.00
                new Allocation.PostWages("公益岗位工资", List.of(post("P1", "H1", "800.00"), post("P2", "H2", "600.00"))),
                rewards(Portion.percentOfDistributable(dec("40")), null),   // 40% of 9,100.00 = 3,640.00
                new Allocation.PublicWorks("小型公益事业", Portion.fixed(yuan("1000.00"))));
        List<Household> register = List.of(household("H1"), household("H2"), household("H3"), household("H4"));

        Statement s = engine.distribute(plan, month(JUNE, yuan("10000.00")), register);

        assertThat(s.deductions()).extracting(d -> d.paid().toString()).containsExactly("250.00", "50.00", "100.00", "500.00");
        assertThat(s.distributable()).isEqualTo(yuan("9100.00"));
        assertThat(s.posts()).extracting(p -> p.paid().toString()).containsExactly("800.00", "600.00");
        assertThat(s.posts()).extracting(PostLine::holderName).containsExactly("户主H1", "户主H2");
        assertThat(s.households()).extracting(h -> h.amount().toString()).containsExactly("910.00", "910.00", "910.00", "910.00");
        assertThat(s.allocations()).extracting(a -> a.amount().toString()).containsExactly("1400.00", "3640.00", "1000.00");
        assertThat(s.collective()).isEqualTo(yuan("3060.00"));
        assertThat(s.totalDistributed()).isEqualTo(yuan("9100.00"));
        assertThat(s.carriedForward()).isEmpty();
        assertThat(s.reconciles()).isTrue();
    }

    @Test
    void om_per_kwp_year_is_a_twelfth_of_the_year_on_the_village_capacity() {
        // 0.03 yuan/W/year = 30 yuan/kWp/year; 125 kWp: 3,750.00 a year, 312.50 a month
        DistributionPlan plan = plan(2024, List.of(Deduction.perKwpYear("运维费", dec("30"))));
        Statement s = engine.distribute(plan, month(JUNE, yuan("5000.00"), dec("125"), List.of(), Map.of()), List.of());

        assertThat(s.deductions().get(0).paid()).isEqualTo(yuan("312.50"));
        assertThat(s.deductions().get(0).rule()).isEqualTo("30 yuan/kWp/year x 125 kWp / 12");
        assertThat(s.collective()).isEqualTo(yuan("4687.50"));
    }

    @Test
    void a_household_enrolled_10_of_30_days_gets_a_third_of_a_full_month_share() {
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("400.00")), null));
        Household partMonth = household("H2", List.of(DateRange.from(LocalDate.of(2024, 6, 21))));

        Statement s = engine.distribute(plan, month(JUNE, yuan("400.00")), List.of(household("H1"), partMonth));

        assertThat(s.households()).extracting(HouseholdLine::daysEnrolled).containsExactly(30, 10);
        assertThat(s.households()).extracting(h -> h.amount().toString()).containsExactly("300.00", "100.00");
        assertThat(s.reconciles()).isTrue();
    }

    @Test
    void a_part_month_share_is_within_a_fen_of_the_exact_third_when_the_pool_does_not_divide() {
        // weights x days 30:30:30:10 of 1,000.01: exact 300.003 x 3 and 100.001; the leftover fen goes to H1
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("1000.01")), null));
        Household partMonth = household("H4", List.of(DateRange.from(LocalDate.of(2024, 6, 21))));

        Statement s = engine.distribute(plan, month(JUNE, yuan("1000.01")),
                List.of(household("H1"), household("H2"), household("H3"), partMonth));

        assertThat(s.households()).extracting(h -> h.amount().toString()).containsExactly("300.01", "300.00", "300.00", "100.00");
        assertThat(s.collective()).isEqualTo(Money.ZERO);
    }

    @Test
    void a_household_leaving_and_re_entering_in_the_same_month_is_paid_for_its_enrolled_days_only() {
        YearMonth march = YearMonth.of(2024, 3);   // 31 days
        Household leftAndCameBack = household("H2", List.of(
                new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 3, 5)),   // 5 days of March
                DateRange.from(LocalDate.of(2024, 3, 20))));                          // 12 days of March
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("48.00")), null));

        Statement s = engine.distribute(plan, month(march, yuan("48.00")), List.of(household("H1"), leftAndCameBack));

        assertThat(s.households()).extracting(HouseholdLine::daysEnrolled).containsExactly(31, 17);
        assertThat(s.households()).extracting(h -> h.amount().toString()).containsExactly("31.00", "17.00");
    }

    @Test
    void households_not_enrolled_in_the_month_get_no_line() {
        Household gone = household("H2", List.of(new DateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 5, 31))));
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("100.00")), null));

        Statement s = engine.distribute(plan, month(JUNE, yuan("100.00")), List.of(household("H1"), gone));

        assertThat(s.households()).extracting(HouseholdLine::householdId).containsExactly("H1");
        assertThat(s.households().get(0).amount()).isEqualTo(yuan("100.00"));
    }

    @Test
    void differentiated_weights_add_each_attribute_to_the_base_weight() {
        // base 1; disability +2 (weighs 3); elderly living alone +1 (weighs 2); both (weighs 4): total weight 10
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("1000.00")), null));
        List<Household> register = List.of(household("H1"), household("H2", Attribute.DISABILITY),
                household("H3", Attribute.DISABILITY, Attribute.ELDERLY_LIVING_ALONE), household("H4", Attribute.ELDERLY_LIVING_ALONE));

        Statement s = engine.distribute(plan, month(JUNE, yuan("1000.00")), register);

        assertThat(s.households()).extracting(h -> h.weight().intValueExact()).containsExactly(1, 3, 4, 2);
        assertThat(s.households()).extracting(h -> h.amount().toString()).containsExactly("100.00", "300.00", "400.00", "200.00");
    }

    @Test
    void a_household_reaching_its_annual_cap_mid_year_gets_the_rest_of_its_room_and_the_others_share_the_excess() {
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("600.00")), yuan("1200.00")));
        List<Household> register = List.of(household("H1"), household("H2"), household("H3"));

        Statement june = engine.distribute(plan,
                month(JUNE, yuan("600.00"), dec("100"), List.of(), Map.of("H1", yuan("1150.00"), "H2", yuan("200.00"))), register);

        assertThat(june.households()).extracting(h -> h.amount().toString()).containsExactly("50.00", "275.00", "275.00");
        assertThat(june.households()).extracting(HouseholdLine::capped).containsExactly(true, false, false);

        Statement july = engine.distribute(plan,
                month(JUNE.plusMonths(1), yuan("600.00"), dec("100"), List.of(), Map.of("H1", yuan("1200.00"))), register);

        assertThat(july.households()).extracting(h -> h.amount().toString()).containsExactly("0.00", "300.00", "300.00");
        assertThat(july.households()).extracting(HouseholdLine::capped).containsExactly(true, false, false);
    }

    @Test
    void when_every_household_is_at_its_cap_the_pool_stays_with_the_collective() {
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("600.00")), yuan("1200.00")));
        Map<String, Money> paid = Map.of("H1", yuan("1200.00"), "H2", yuan("1199.99"));

        Statement s = engine.distribute(plan, month(JUNE, yuan("1000.00"), dec("100"), List.of(), paid),
                List.of(household("H1"), household("H2")));

        assertThat(s.households()).extracting(h -> h.amount().toString()).containsExactly("0.00", "0.01");
        assertThat(s.allocations().get(0).amount()).isEqualTo(yuan("0.01"));
        assertThat(s.collective()).isEqualTo(yuan("999.99"));
        assertThat(s.reconciles()).isTrue();
    }

    @Test
    void short_wages_are_paid_pro_rata_and_the_shortfall_is_paid_first_next_month() {
        DistributionPlan plan = plan(2024, List.of(Deduction.fixedMonthly("土地租金", yuan("200.00"))),
                new Allocation.PostWages("公益岗位工资", List.of(post("P1", "H1", "600.00"), post("P2", "H2", "400.00"))),
                rewards(Portion.percentOfDistributable(dec("20")), null));
        List<Household> register = List.of(household("H1"), household("H2"));

        // 1,000.00 - rent 200.00 = 800.00 for 1,000.00 of wages: 480.00 and 320.00, the rest owed
        Statement june = engine.distribute(plan, month(JUNE, yuan("1000.00")), register);

        assertThat(june.posts()).extracting(p -> p.paid().toString()).containsExactly("480.00", "320.00");
        assertThat(june.posts()).extracting(p -> p.shortfall().toString()).containsExactly("120.00", "80.00");
        assertThat(june.allocations().get(1).amount()).isEqualTo(Money.ZERO);   // nothing left for households
        assertThat(june.collective()).isEqualTo(Money.ZERO);
        assertThat(june.carriedForward()).containsExactly(
                new Shortfall(Shortfall.Kind.POST_WAGE, "P1", yuan("120.00")),
                new Shortfall(Shortfall.Kind.POST_WAGE, "P2", yuan("80.00")));
        assertThat(june.reconciles()).isTrue();

        // 2,000.00 - 200.00 = 1,800.00: arrears 200.00, wages 1,000.00, households 20% of 1,800.00 = 360.00, rest 240.00
        Statement july = engine.distribute(plan,
                month(JUNE.plusMonths(1), yuan("2000.00"), dec("100"), june.carriedForward(), Map.of()), register);

        assertThat(july.posts()).extracting(p -> p.carriedIn().toString()).containsExactly("120.00", "80.00");
        assertThat(july.posts()).extracting(p -> p.paid().toString()).containsExactly("720.00", "480.00");
        assertThat(july.carriedForward()).isEmpty();
        assertThat(july.allocations().get(1).amount()).isEqualTo(yuan("360.00"));
        assertThat(july.collective()).isEqualTo(yuan("240.00"));
        assertThat(july.reconciles()).isTrue();
    }

    @Test
    void arrears_are_paid_in_full_before_the_current_month_s_wages() {
        DistributionPlan plan = plan(2024, List.of(),
                new Allocation.PostWages("公益岗位工资", List.of(post("P1", "H1", "600.00"), post("P2", "H2", "400.00"))));
        List<Shortfall> owed = List.of(new Shortfall(Shortfall.Kind.POST_WAGE, "P1", yuan("120.00")),
                new Shortfall(Shortfall.Kind.POST_WAGE, "P2", yuan("80.00")));

        // 300.00: arrears 200.00 first, then 100.00 of the month's 1,000.00 pro rata (60.00 and 40.00)
        Statement s = engine.distribute(plan, month(JUNE, yuan("300.00"), dec("100"), owed, Map.of()),
                List.of(household("H1"), household("H2")));

        assertThat(s.posts()).extracting(p -> p.paid().toString()).containsExactly("180.00", "120.00");
        assertThat(s.posts()).extracting(p -> p.shortfall().toString()).containsExactly("540.00", "360.00");
    }

    @Test
    void when_deductions_cannot_be_covered_they_are_paid_pro_rata_and_nothing_is_distributed() {
        DistributionPlan plan = plan(2024, List.of(
                        Deduction.fixedMonthly("土地租金", yuan("300.00")),
                        Deduction.fixedMonthly("保险费", yuan("100.00")),
                        Deduction.reserve("维修准备金", dec("10"))),
                new Allocation.PostWages("公益岗位工资", List.of(post("P1", "H1", "500.00"))),
                rewards(Portion.percentOfDistributable(dec("50")), null));

        Statement s = engine.distribute(plan, month(JUNE, yuan("100.00")), List.of(household("H1")));

        assertThat(s.deductions()).extracting(d -> d.paid().toString()).containsExactly("75.00", "25.00", "0.00");
        assertThat(s.deductions()).extracting(d -> d.shortfall().toString()).containsExactly("225.00", "75.00", "0.00");
        assertThat(s.distributable()).isEqualTo(Money.ZERO);
        assertThat(s.households()).extracting(HouseholdLine::amount).containsOnly(Money.ZERO);
        assertThat(s.collective()).isEqualTo(Money.ZERO);
        assertThat(s.carriedForward()).containsExactly(
                new Shortfall(Shortfall.Kind.DEDUCTION, "土地租金", yuan("225.00")),
                new Shortfall(Shortfall.Kind.DEDUCTION, "保险费", yuan("75.00")),
                new Shortfall(Shortfall.Kind.POST_WAGE, "P1", yuan("500.00")));
        assertThat(s.reconciles()).isTrue();
    }

    @Test
    void rounding_residue_of_percentages_lands_in_the_collective() {
        // 333.33: O&M 3% = 9.9999 -> 9.99; reserve 5% = 16.6665 -> 16.66; distributable 306.68
        // households 33% = 101.2044 -> 101.20 (33.74 + 33.73 + 33.73); works 17% = 52.1356 -> 52.13
        // the collective's exact 50% would be 153.34; the residue of 0.01 makes it 153.35
        DistributionPlan plan = plan(2024,
                List.of(Deduction.percentOfBasis("运维费", dec("3")), Deduction.reserve("维修准备金", dec("5"))),
                rewards(Portion.percentOfDistributable(dec("33")), null),
                new Allocation.PublicWorks("小型公益事业", Portion.percentOfDistributable(dec("17"))));

        Statement s = engine.distribute(plan, month(JUNE, yuan("333.33")),
                List.of(household("H1"), household("H2"), household("H3")));

        assertThat(s.deductions()).extracting(d -> d.paid().toString()).containsExactly("9.99", "16.66");
        assertThat(s.distributable()).isEqualTo(yuan("306.68"));
        assertThat(s.households()).extracting(h -> h.amount().toString()).containsExactly("33.74", "33.73", "33.73");
        assertThat(s.allocations()).extracting(a -> a.amount().toString()).containsExactly("101.20", "52.13");
        assertThat(s.collective()).isEqualTo(yuan("153.35"));
        assertThat(s.reconciles()).isTrue();
    }

    @Test
    void a_post_active_for_part_of_the_month_is_paid_for_its_days_rounded_down() {
        Post fromTheSixteenth = new Post("P1", "护路员", "H1", yuan("800.00"), DateRange.from(LocalDate.of(2024, 6, 16)));
        Post tenDaysOfJuly = new Post("P2", "保洁员", "H1", yuan("1000.00"),
                new DateRange(LocalDate.of(2024, 7, 22), LocalDate.of(2024, 7, 31)));
        DistributionPlan plan = plan(2024, List.of(), new Allocation.PostWages("公益岗位工资", List.of(fromTheSixteenth, tenDaysOfJuly)));

        Statement june = engine.distribute(plan, month(JUNE, yuan("2000.00")), List.of(household("H1")));
        Statement july = engine.distribute(plan, month(JUNE.plusMonths(1), yuan("2000.00")), List.of(household("H1")));

        assertThat(june.posts()).extracting(PostLine::daysActive).containsExactly(15, 0);
        assertThat(june.posts()).extracting(p -> p.paid().toString()).containsExactly("400.00", "0.00");
        // 1,000.00 x 10 / 31 = 322.5806... -> 322.58
        assertThat(july.posts()).extracting(p -> p.paid().toString()).containsExactly("800.00", "322.58");
    }

    @Test
    void the_statement_does_not_depend_on_the_order_of_the_register() {
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("100.00")), null));
        List<Household> register = new ArrayList<>();
        for (int i = 1; i <= 7; i++) register.add(household("H" + i, i % 2 == 0 ? new Attribute[] {Attribute.DISABILITY} : new Attribute[0]));
        Statement first = engine.distribute(plan, month(JUNE, yuan("100.00")), register);
        Collections.reverse(register);

        assertThat(engine.distribute(plan, month(JUNE, yuan("100.00")), register)).isEqualTo(first);
        assertThat(first.households()).extracting(HouseholdLine::householdId).isSorted();
    }

    @Test
    void household_lines_carry_only_the_masked_id_number() {
        Household h = new Household("H1", "张三", "370321198001011234", 2, java.util.Set.of(),
                List.of(DateRange.from(LocalDate.of(2020, 1, 1))));
        DistributionPlan plan = plan(2024, List.of(), rewards(Portion.fixed(yuan("10.00")), null));

        Statement s = engine.distribute(plan, month(JUNE, yuan("10.00")), List.of(h));

        assertThat(s.households().get(0).maskedIdNumber()).isEqualTo("370321********1234");
        assertThat(s.toString()).doesNotContain("370321198001011234");
    }

    @Test
    void a_negative_basis_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> new VillageMonth(VILLAGE, JUNE, DistributionPlan.Basis.RECEIVED_CASH, List.of(
                        new RevenueLine("S-001", dec("1"), RevenueLine.Part.BENCHMARK, yuan("100.00")),
                        new RevenueLine("S-001", dec("1"), RevenueLine.Part.ADJUSTMENT, yuan("-150.00"))),
                dec("100"), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basis is negative (-50.00)")
                .hasMessageContaining("adjustment statement");
    }

    @Test
    void a_month_on_another_basis_village_or_year_than_the_plan_is_refused() {
        DistributionPlan accrued = new DistributionPlan(VILLAGE, 2024, 1, DistributionPlan.Basis.ACCRUED, List.of(), List.of(COLLECTIVE));
        assertThatThrownBy(() -> engine.distribute(accrued, month(JUNE, yuan("1.00")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RECEIVED_CASH but the plan distributes ACCRUED");
        DistributionPlan other = new DistributionPlan("V-OTHER", 2024, 1, List.of(), List.of(COLLECTIVE));
        assertThatThrownBy(() -> engine.distribute(other, month(JUNE, yuan("1.00")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan of village V-OTHER");
        assertThatThrownBy(() -> engine.distribute(plan(2023, List.of()), month(JUNE, yuan("1.00")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan for year 2023");
    }

    @Test
    void a_plan_must_end_with_the_collective_and_start_with_wages() {
        Allocation works = new Allocation.PublicWorks("小型公益事业", Portion.fixed(yuan("1.00")));
        Allocation wages = new Allocation.PostWages("公益岗位工资", List.of());
        assertThatThrownBy(() -> new DistributionPlan(VILLAGE, 2024, 1, List.of(), List.of(works)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last allocation must be the village collective");
        assertThatThrownBy(() -> new DistributionPlan(VILLAGE, 2024, 1, List.of(), List.of(new Allocation.Collective("集体"), works, COLLECTIVE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collective must appear once, last");
        assertThatThrownBy(() -> new DistributionPlan(VILLAGE, 2024, 1, List.of(), List.of(works, works, COLLECTIVE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allocation 小型公益事业 appears twice");
        assertThatThrownBy(() -> new DistributionPlan(VILLAGE, 2024, 1, List.of(), List.of(works, wages, COLLECTIVE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("post wages must be the first allocation");
        assertThatThrownBy(() -> plan(2024, List.of(), rewards(Portion.percentOfDistributable(dec("70")), null),
                new Allocation.PublicWorks("小型公益事业", Portion.percentOfDistributable(dec("40")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to 110%");
    }

    @Test
    void a_shortfall_with_nowhere_to_go_is_refused() {
        List<Shortfall> owed = List.of(new Shortfall(Shortfall.Kind.POST_WAGE, "P9", yuan("10.00")));
        assertThatThrownBy(() -> engine.distribute(plan(2024, List.of()), month(JUNE, yuan("100.00"), dec("1"), owed, Map.of()), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("posts [P9]");
    }

    @Test
    void a_post_held_by_an_unregistered_household_is_refused() {
        DistributionPlan plan = plan(2024, List.of(), new Allocation.PostWages("公益岗位工资", List.of(post("P1", "H404", "1.00"))));
        assertThatThrownBy(() -> engine.distribute(plan, month(JUNE, yuan("1.00")), List.of(household("H1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holder household H404 is not in the register");
    }

    @Test
    void overlapping_enrollments_are_refused() {
        assertThatThrownBy(() -> household("H1", List.of(new DateRange(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 1)),
                DateRange.from(LocalDate.of(2024, 3, 1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
    }
}
