package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer out = CharBuffer.allocate(16);

    /** The JDK's strict decoder as the reference: does it decode b without an error? */
    private boolean jdkAccepts(byte[] b) {
        jdk.reset();
        out.clear();
        return !jdk.decode(ByteBuffer.wrap(b), out, true).isError() && !jdk.flush(out).isError();
    }

    /**
     * Also checks what ReadingParser relies on to skip this check for most payloads: decoded to a String, every
     * ill-formed sequence shows as a U+FFFD.
     */
    private void agreesWithTheJdk(byte[] b) {
        boolean ours = Utf8.firstInvalid(b) < 0;
        if (ours != jdkAccepts(b)) {
            throw new AssertionError(HexFormat.of().formatHex(b) + ": ours " + ours + ", the JDK's " + !ours);
        }
        if (!ours && new String(b, StandardCharsets.UTF_8).indexOf('\uFFFD') < 0) {
            throw new AssertionError(HexFormat.of().formatHex(b) + " is ill-formed but decodes to a String without U+FFFD");
        }
    }

    @Test
    void agrees_with_the_jdk_decoder_on_every_sequence_of_one_and_two_bytes() {
        for (int a = 0; a < 256; a++) {
            agreesWithTheJdk(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) agreesWithTheJdk(new byte[] {(byte) a, (byte) b});
        }
    }

    @Test
    void agrees_with_the_jdk_decoder_on_every_three_byte_sequence_that_starts_above_df() {
        for (int a = 0xE0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0; c < 256; c++) agreesWithTheJdk(new byte[] {(byte) a, (byte) b, (byte) c});
            }
        }
    }

    @Test
    void agrees_with_the_jdk_decoder_on_four_byte_sequences_around_every_boundary() {
        int[] tails = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int a = 0xF0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : tails) {
                    for (int d : tails) agreesWithTheJdk(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                }
            }
        }
    }

    @Test
    void well_formed_text_in_every_length_of_sequence_is_valid() {
        byte[] text = "station 大寨村 ☀ 𝔸 é".getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8.firstInvalid(text)).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
    }

    @Test
    void the_offset_is_where_the_ill_formed_sequence_starts() {
        assertThat(Utf8.firstInvalid(bytes("ab", "ED A0 80", "cd"))).as("a surrogate").isEqualTo(2);
        assertThat(Utf8.firstInvalid(bytes("大", "E4 B8", "d"))).as("a sequence missing its last byte").isEqualTo(3);
        assertThat(Utf8.firstInvalid(bytes("abc", "E4 B8"))).as("cut off at the end").isEqualTo(3);
        assertThat(Utf8.firstInvalid(bytes("a", "80"))).as("a stray continuation byte").isEqualTo(1);
        assertThat(Utf8.firstInvalid(bytes("", "C0 AF"))).as("overlong").isZero();
        assertThat(Utf8.firstInvalid(bytes("ab", "F4 90 80 80"))).as("above U+10FFFF").isEqualTo(2);
        assertThat(Utf8.firstInvalid(bytes("ab", "F4 8F BF BF"))).as("U+10FFFF itself").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(bytes("ab", "ED 9F BF"))).as("U+D7FF, below the surrogates").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(bytes("ab", "EE 80 80"))).as("U+E000, above them").isEqualTo(-1);
    }

    private static byte[] bytes(String text, String hex) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] h = HexFormat.ofDelimiter(" ").parseHex(hex);
        byte[] out = new byte[t.length + h.length];
        System.arraycopy(t, 0, out, 0, t.length);
        System.arraycopy(h, 0, out, t.length, h.length);
        return out;
    }

    private static byte[] bytes(String text, String hex, String after) {
        byte[] head = bytes(text, hex);
        byte[] a = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + a.length);
        System.arraycopy(a, 0, out, head.length, a.length);
        return out;
    }
}
