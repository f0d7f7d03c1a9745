package org.pvmon.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets (session ids, tokens, one-time passwords) and the SHA-256 under which high-entropy ones are stored. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private Secrets() {
    }

    /** 256 random bits, URL-safe text. */
    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A one-time password people can type: 16 characters without look-alikes (0/O, 1/l/I), ~93 bits. */
    static String password() {
        StringBuilder s = new StringBuilder(16);
        for (int i = 0; i < 16; i++) s.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
        return s.toString();
    }

    /** SHA-256 hex: enough for 256-bit random secrets (no dictionary to try); passwords use Argon2id instead. */
    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
