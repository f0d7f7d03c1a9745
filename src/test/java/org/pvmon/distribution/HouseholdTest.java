package org.pvmon.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HouseholdTest {
    @Test
    void an_id_number_for_a_public_notice_keeps_the_first_six_and_last_four_characters() {
        assertThat(Household.maskedId("370321198001011234")).isEqualTo("370321********1234");
        assertThat(Household.maskedId("37032119800101123X")).isEqualTo("370321********123X");
    }

    @Test
    void an_old_fifteen_digit_id_number_is_masked_the_same_way() {
        assertThat(Household.maskedId("370321800101123")).isEqualTo("370321*****1123");
    }

    @Test
    void an_id_number_too_short_to_keep_ten_characters_is_masked_entirely() {
        assertThat(Household.maskedId("1234567890")).isEqualTo("**********");
        assertThat(Household.maskedId("")).isEmpty();
    }

    @Test
    void a_household_printed_in_a_log_shows_its_id_number_masked() {
        Household h = new Household("H1", "李四", "370321198001011234", 4, Set.of(Household.Attribute.DISABILITY),
                List.of(DateRange.from(LocalDate.of(2024, 1, 1))));

        assertThat(h.toString()).contains("370321********1234").doesNotContain("370321198001011234");
        assertThat(h.idNumber()).isEqualTo("370321198001011234");
    }

    @Test
    void days_enrolled_count_local_dates_with_both_ends_included() {
        Household h = new Household("H1", "李四", "370321198001011234", 1, Set.of(), List.of(
                new DateRange(LocalDate.of(2024, 1, 20), LocalDate.of(2024, 2, 1)),
                new DateRange(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 2, 29))));

        assertThat(h.daysEnrolled(java.time.YearMonth.of(2024, 1))).isEqualTo(12);
        assertThat(h.daysEnrolled(java.time.YearMonth.of(2024, 2))).isEqualTo(2);
        assertThat(h.daysEnrolled(java.time.YearMonth.of(2024, 3))).isZero();
    }
}
