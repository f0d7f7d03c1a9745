package org.pvmon.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of an audit entry: SHA-256, as lowercase hexadecimal, over an unambiguous encoding of its fields. Each
 * field is its UTF-8 bytes preceded by their count as a 4-byte big-endian integer (-1 and no bytes for a null), after
 * a version tag; so no two different entries encode alike, whatever characters their fields hold. The fields: seq (as
 * decimal text), at (exactly the text stored), actor, action, target, detail, from, and the previous entry's hash.
 */
final class Chain {
    /** The hash before the first entry. */
    static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "pvmon-audit-1";

    private Chain() {
    }

    static String hash(long seq, String at, String actor, String action, String target, String detail, String from,
                       String prevHash) {
        MessageDigest sha = sha256();
        for (String field : new String[] {VERSION, Long.toString(seq), at, actor, action, target, detail, from, prevHash}) {
            if (field == null) {
                sha.update(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
