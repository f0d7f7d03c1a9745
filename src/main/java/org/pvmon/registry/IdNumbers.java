package org.pvmon.registry;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Citizen ID numbers (公民身份号码, GB 11643-1999): 17 digits (6 region code, 8 birth date yyyyMMdd, 3 sequence) and a
 * check character from the ISO 7064 MOD 11-2 sum, 0-9 or X.
 */
public final class IdNumbers {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    private IdNumbers() {
    }

    /** What is wrong with {@code id} (null when it is valid), in Chinese and English. */
    public static Optional<Issue> problem(String id) {
        if (id.length() != 18) return Optional.of(new Issue("应为18位，实为" + id.length() + "位", "must be 18 characters, has " + id.length()));
        for (int i = 0; i < 17; i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return Optional.of(new Issue("前17位应为数字", "the first 17 characters must be digits"));
            }
        }
        char last = id.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return Optional.of(new Issue("第18位应为数字或X", "the 18th character must be a digit or X"));
        }
        try {
            LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
        } catch (DateTimeException e) {
            return Optional.of(new Issue("第7-14位不是有效的出生日期", "characters 7-14 are not a valid birth date"));
        }
        char expected = checkCharacter(id.substring(0, 17));
        if (last != expected) {
            return Optional.of(new Issue("校验码错误（应为" + expected + "）", "wrong check character (expected " + expected + ")"));
        }
        return Optional.empty();
    }

    /** The check character of 17 digits. */
    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        return CHECK.charAt(sum % 11);
    }

    /** A problem described in Chinese and English. */
    public record Issue(String zh, String en) {
    }
}
