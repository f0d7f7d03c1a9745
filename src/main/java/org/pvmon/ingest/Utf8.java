package org.pvmon.ingest;

/**
 * Strict UTF-8 (RFC 3629; the well-formed byte sequences of the Unicode standard, table 3-7): no overlong forms, no
 * encoded surrogates (ED A0 80 to ED BF BF), nothing above U+10FFFF, no stray or missing continuation bytes. Jackson's
 * reader lets some of these through (surrogates, overlong forms, anything in values it skips), so ingest checks the
 * whole payload first: {@link ReadingParser} calls this only when decoding the payload produced a U+FFFD, to tell a
 * sent U+FFFD from a replaced sequence and to say where the bad bytes are. No allocation, thread-safe.
 */
final class Utf8 {
    private Utf8() {
    }

    /** The offset where the first ill-formed sequence starts, or -1 when all of {@code b} is well-formed UTF-8. */
    static int firstInvalid(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n) {
            int c = b[i];
            if (c >= 0) { // ASCII
                i++;
                continue;
            }
            c &= 0xFF;
            int more;
            int lo = 0x80, hi = 0xBF; // the range of the second byte
            if (c >= 0xC2 && c <= 0xDF) {
                more = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                more = 2;
                if (c == 0xE0) lo = 0xA0; // below: overlong
                else if (c == 0xED) hi = 0x9F; // above: a surrogate
            } else if (c >= 0xF0 && c <= 0xF4) {
                more = 3;
                if (c == 0xF0) lo = 0x90; // below: overlong
                else if (c == 0xF4) hi = 0x8F; // above: beyond U+10FFFF
            } else {
                return i; // a continuation byte, C0/C1 (overlong), F5-FF
            }
            if (i + more >= n) return i;
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) return i;
            for (int k = 2; k <= more; k++) {
                if ((b[i + k] & 0xC0) != 0x80) return i;
            }
            i += more + 1;
        }
        return -1;
    }
}
