package org.pvmon.audit;

import org.pvmon.registry.IdNumbers;

/**
 * An audit entry's text fields as stored: ID numbers masked (none is ever kept in the audit log), control characters
 * replaced by spaces (a newline or a tab stays in free text), cut to a bound with … at the end. Masking comes first, so
 * that a cut never leaves an unmasked piece of a number behind.
 */
final class Fields {
    private Fields() {
    }

    /** One line of at most {@code max} characters (actor, target, from); null stays null. */
    static String line(String s, int max) {
        return bounded(s, max, false);
    }

    /** Free text of at most {@code max} characters, newlines and tabs kept (detail); null stays null. */
    static String text(String s, int max) {
        return bounded(s, max, true);
    }

    private static String bounded(String s, int max, boolean multiline) {
        if (s == null) return null;
        String masked = IdNumbers.maskIn(s);
        StringBuilder out = new StringBuilder(Math.min(masked.length(), max));
        for (int i = 0; i < masked.length(); i++) {
            char c = masked.charAt(i);
            boolean kept = !Character.isISOControl(c) || multiline && (c == '\n' || c == '\t');
            out.append(kept ? c : ' ');
        }
        if (out.length() <= max) return out.toString();
        int cut = max - 1;
        if (Character.isHighSurrogate(out.charAt(cut - 1))) cut--; // never half a character
        return out.substring(0, cut) + "…";
    }
}
