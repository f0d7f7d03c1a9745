package org.pvmon.loggers;

import java.security.SecureRandom;

/**
 * New logger passwords: 20 characters drawn uniformly by a {@link SecureRandom} from 57 letters and digits, without the
 * ones an installer misreads on a printed sheet or types wrong into a logger's web page (0/O, 1/l/I): about 116 bits.
 */
final class Passwords {
    static final int LENGTH = 20;
    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private Passwords() {
    }

    static String generate(SecureRandom random) {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
