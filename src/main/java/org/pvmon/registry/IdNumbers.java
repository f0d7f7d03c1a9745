package org.pvmon.registry;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pvmon.distribution.Household;

/**
 * Citizen ID numbers (公民身份号码, GB 11643-1999): 17 digits (6 region code, 8 birth date yyyyMMdd, 3 sequence) and a
 * check character from the ISO 7064 MOD 11-2 sum, 0-9 or X.
 *
 * <p>An ID number is sensitive personal data (个人信息保护法): it never goes to a log or an error message in full.
 * {@link #mask} masks one number (as a public notice shows it), {@link #maskIn} every number-shaped run in a text,
 * {@link #maskIn(Throwable)} an exception and its causes, for logging.
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

    /**
     * Something shaped like an ID number, valid or not: a run of letters and digits (at least 15, at least 14 of them
     * digits), so that the 18- and 15-character numbers are caught, and a mistyped one (a digit too many or too few, an
     * O for a 0) too. Ordinary words, dates, amounts and station ids have far fewer digits.
     */
    private static final Pattern SHAPED = Pattern.compile("[0-9A-Za-z]{15,}");

    /** {@code id} masked: the first 6 and last 4 characters kept, the ones between {@code *} (see {@link Household#maskedId}). */
    public static String mask(String id) {
        return Household.maskedId(id);
    }

    /** {@code text} with every run shaped like an ID number (see {@link #SHAPED}) {@link #mask masked}; null stays null. */
    public static String maskIn(String text) {
        return maskIn(text, Integer.MAX_VALUE);
    }

    /**
     * {@link #maskIn(String)} for a log line whatever wrote it: only runs of at most 20 characters (an ID number, mistyped
     * by a character or two) are masked, so that a hash or a key a log line is there to show (the audit chain's head)
     * stays whole.
     */
    public static String maskInLog(String text) {
        return maskIn(text, 20);
    }

    private static String maskIn(String text, int longest) {
        if (text == null) return null;
        Matcher m = SHAPED.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            if (run.length() > longest || run.chars().filter(c -> c >= '0' && c <= '9').count() < 14) continue;
            if (out == null) out = new StringBuilder(text.length());
            out.append(text, last, m.start()).append(mask(run));
            last = m.end();
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /**
     * {@code t} for a log: the same class names and stack traces, every message {@link #maskIn masked} (the cause's,
     * the suppressed ones' too). A database error can quote the row it refused (PostgreSQL's "Key (id_number)=(…)").
     */
    public static Throwable maskIn(Throwable t) {
        return t == null ? null : new Masked(t);
    }

    /** A copy of an exception to log: its message masked, starting with the original's class name. */
    private static final class Masked extends RuntimeException {
        Masked(Throwable t) {
            this(t, 0);
        }

        private Masked(Throwable t, int depth) { // depth: a cycle of causes stops somewhere
            super(maskIn(t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage()),
                    t.getCause() == null || t.getCause() == t || depth > 16 ? null : new Masked(t.getCause(), depth + 1), true, true);
            setStackTrace(t.getStackTrace());
            if (depth <= 16) for (Throwable s : t.getSuppressed()) addSuppressed(new Masked(s, depth + 1));
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the original's is set instead
        }

        @Override
        public String toString() {
            return getMessage();
        }
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
