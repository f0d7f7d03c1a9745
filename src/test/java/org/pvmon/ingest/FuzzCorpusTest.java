package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pvmon.ingest.Rejection.Reason;

/**
 * The payloads under src/test/resources/ingest/fuzz (its README says how they are laid out): hostile and odd payloads
 * kept as files, each run through the parser on every build.
 */
class FuzzCorpusTest {
    private static final Path CORPUS = corpus();
    private final ReadingParser parser = ReadingParserTest.newParser();

    static Stream<Path> accepted() {
        return files(CORPUS.resolve("accept"), ".json");
    }

    static Stream<Path> rejected() {
        return files(CORPUS.resolve("reject"), ".bin");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void each_payload_under_accept_is_a_reading(Path file) throws IOException {
        ReadingParser.Result r = parser.parse(ReadingParserTest.TOPIC, Files.readAllBytes(file));

        assertThat(r.rejection()).as("rejection of %s", CORPUS.relativize(file)).isNull();
        assertThat(r.reading()).isNotNull();
        assertThat(r.reading().station()).isEqualTo("YN-JZ-001");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void each_payload_under_reject_is_rejected_with_the_reason_of_its_folder(Path file) throws IOException {
        Reason expected = reason(file.getParent().getFileName().toString());
        byte[] payload = Files.readAllBytes(file);

        ReadingParser.Result r = parser.parse(ReadingParserTest.TOPIC, payload);

        assertThat(r.reading()).as("reading parsed from %s", CORPUS.relativize(file)).isNull();
        assertThat(r.rejection()).isNotNull();
        assertThat(r.rejection().reason()).as("reason of %s, detail: %s", CORPUS.relativize(file), r.rejection().detail())
                .isEqualTo(expected);
        assertThat(r.rejection().detail()).isNotBlank();
        assertThat(r.rejection().station()).isEqualTo("YN-JZ-001");
        String kept = new String(payload, 0, Math.min(payload.length, ReadingParser.MAX_PAYLOAD), StandardCharsets.UTF_8);
        assertThat(r.rejection().payload()).isEqualTo(kept);
    }

    @Test
    void the_corpus_holds_the_cases_of_the_strict_contract() {
        assertThat(accepted()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(rejected().map(f -> f.getParent().getFileName().toString()).distinct())
                .contains("malformed_json", "invalid_utf8", "duplicate_key", "too_large");
    }

    /** Every corpus payload cut, spliced and with bytes changed, 300 ways each: the parser answers, never throws. */
    @Test
    void no_mutation_of_a_corpus_payload_makes_the_parser_throw() {
        List<Path> all = Stream.concat(accepted(), rejected()).toList();
        Random random = new Random(12);
        int readings = 0, rejections = 0;
        for (Path file : all) {
            byte[] original = read(file);
            for (int i = 0; i < 300; i++) {
                byte[] mutated = mutate(original, random);
                ReadingParser.Result r;
                try {
                    r = parser.parse(ReadingParserTest.TOPIC, mutated);
                } catch (RuntimeException e) {
                    throw new AssertionError("the parser threw on " + CORPUS.relativize(file) + " mutated to "
                            + HexFormat.of().formatHex(mutated), e);
                }
                if ((r.reading() == null) == (r.rejection() == null)) {
                    throw new AssertionError("not exactly one of reading and rejection for " + CORPUS.relativize(file)
                            + " mutated to " + HexFormat.of().formatHex(mutated));
                }
                if (r.reading() != null) readings++; else rejections++;
            }
        }
        assertThat(readings).as("some mutations are still readings").isPositive();
        assertThat(rejections).isPositive();
    }

    private static byte[] mutate(byte[] b, Random random) {
        byte[] out = b.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int n = out.length;
            int at = n == 0 ? 0 : random.nextInt(n);
            switch (random.nextInt(5)) {
                case 0 -> { // one byte changed to anything
                    if (n > 0) out[at] = (byte) random.nextInt(256);
                }
                case 1 -> { // one byte inserted, often a JSON character
                    byte[] interesting = "{}[]\",:\\ 0-e.\u0000".getBytes(StandardCharsets.UTF_8);
                    byte x = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
                    out = splice(out, at, at, new byte[] {x});
                }
                case 2 -> out = Arrays.copyOf(out, at); // cut off
                case 3 -> { // a range removed
                    int end = Math.min(n, at + 1 + random.nextInt(8));
                    out = splice(out, at, end, new byte[0]);
                }
                default -> { // a range repeated
                    int end = Math.min(n, at + 1 + random.nextInt(16));
                    out = splice(out, end, end, Arrays.copyOfRange(out, at, end));
                }
            }
        }
        return out;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] with) {
        byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }

    private static Reason reason(String wireName) {
        return Arrays.stream(Reason.values()).filter(r -> r.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new AssertionError("folder reject/" + wireName + " is not a reason's wire name"));
    }

    private static Stream<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> found = s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
            return found.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path corpus() {
        try {
            return Path.of(FuzzCorpusTest.class.getResource("/ingest/fuzz").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
