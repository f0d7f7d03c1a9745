package org.pvmon.loggers;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * mosquitto 2.0's password-file hash, {@code $7$<iterations>$<salt>$<hash>}: PBKDF2 with HMAC-SHA512, a 12-byte random
 * salt, a 64-byte key, salt and key in standard base64 with padding (what {@code mosquitto_passwd} writes and the broker
 * reads, checked against both in the tests). 101 iterations, as {@code mosquitto_passwd}: the passwords pvmon issues are
 * 20 random characters (over 110 bits), which no amount of stretching makes harder to guess, while every iteration costs
 * the broker CPU at each of the fleet's connects (thousands of loggers reconnect together after an outage).
 */
final class MosquittoPassword {
    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int KEY_BITS = 512;

    private MosquittoPassword() {
    }

    /** The password file's form of {@code password}, with a fresh salt from {@code random}. */
    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return "$7$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** True when {@code encoded} (a {@code $7$} hash) is the hash of {@code password}; false for anything else. */
    static boolean matches(String password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        // "", "7", iterations, salt, hash
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("7")) return false;
        try {
            int iterations = Integer.parseInt(parts[2]);
            byte[] salt = Base64.getDecoder().decode(parts[3]);
            byte[] expected = Base64.getDecoder().decode(parts[4]);
            if (iterations < 1 || expected.length != KEY_BITS / 8) return false;
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code encoded} has the form mosquitto reads (so a damaged row never reaches the broker's file). */
    static boolean wellFormed(String encoded) {
        return encoded != null && encoded.matches("\\$7\\$[1-9][0-9]{0,6}\\$[A-Za-z0-9+/]+={0,2}\\$[A-Za-z0-9+/]{86}==");
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
        try {
            // PBEKeySpec takes chars: the JDK's PBKDF2 encodes them as UTF-8, as mosquitto hashes the password's bytes
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
