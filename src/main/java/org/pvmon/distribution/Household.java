package org.pvmon.distribution;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered household (建档立卡户) of the village register, with the periods it was enrolled. A household may leave
 * and re-enter (dynamic management, 动态调整): {@code enrollments} are inclusive date ranges that must not overlap.
 *
 * <p>The head's name and ID number (身份证号) are sensitive: they are kept exactly as given, {@link #toString()}
 * shows the ID masked, and statements carry only the masked ID ({@link #maskedId(String)}), ready for a public notice.
 *
 * @param size household members (informational: reward weights are per household, not per person)
 */
public record Household(String id, String headName, String idNumber, int size, Set<Attribute> attributes,
                        List<DateRange> enrollments) {

    /** Circumstances that earn a household extra reward weight (差异化分配); the plan says how much each adds. */
    public enum Attribute {
        /** 残疾 */
        DISABILITY,
        /** 大病 */
        SERIOUS_ILLNESS,
        /** 独居老人 */
        ELDERLY_LIVING_ALONE,
        /** 无劳动能力 */
        NO_LABOUR_CAPACITY,
        /** 弱劳动能力 */
        WEAK_LABOUR_CAPACITY
    }

    public Household {
        Checks.nonBlank(id, "household id");
        Objects.requireNonNull(headName, "headName");
        Objects.requireNonNull(idNumber, "idNumber");
        if (size < 1) throw new IllegalArgumentException("household " + id + ": size must be at least 1, was " + size);
        attributes = enumSet(Objects.requireNonNull(attributes, "attributes"));
        List<DateRange> sorted = new ArrayList<>(Objects.requireNonNull(enrollments, "enrollments"));
        sorted.sort(Comparator.comparing(DateRange::from));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw new IllegalArgumentException("household " + id + ": enrollments " + sorted.get(i - 1) + " and "
                        + sorted.get(i) + " overlap");
            }
        }
        enrollments = List.copyOf(sorted);
    }

    /** Whether the household is enrolled on {@code day}. */
    public boolean enrolledOn(LocalDate day) {
        return enrollments.stream().anyMatch(r -> r.contains(day));
    }

    /** Days of {@code month} the household was enrolled (0 to the length of the month). */
    int daysEnrolled(YearMonth month) {
        int days = 0;
        for (DateRange r : enrollments) days += r.daysIn(month);
        return days;
    }

    /** This household's ID number masked for a public notice, see {@link #maskedId(String)}. */
    public String maskedIdNumber() {
        return maskedId(idNumber);
    }

    /**
     * An ID number as a public notice (公示) may show it: the first 6 characters (the region code) and the last 4 kept,
     * every character between replaced by {@code *} ({@code 370321198001011234} becomes {@code 370321********1234}).
     * Numbers of 10 characters or fewer are masked entirely, since keeping 10 would show all of them.
     */
    public static String maskedId(String idNumber) {
        String id = Objects.requireNonNull(idNumber, "idNumber").strip();
        int n = id.length();
        if (n <= 10) return "*".repeat(n);
        return id.substring(0, 6) + "*".repeat(n - 10) + id.substring(n - 4);
    }

    /** Shows the ID number masked, so that logs and error messages never carry it in full. */
    @Override
    public String toString() {
        return "Household[id=" + id + ", headName=" + headName + ", idNumber=" + maskedIdNumber() + ", size=" + size
                + ", attributes=" + attributes + ", enrollments=" + enrollments + "]";
    }

    private static Set<Attribute> enumSet(Collection<Attribute> given) {
        EnumSet<Attribute> set = EnumSet.noneOf(Attribute.class);
        for (Attribute a : given) set.add(Objects.requireNonNull(a, "attribute"));
        return Collections.unmodifiableSet(set);
    }
}
