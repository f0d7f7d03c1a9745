package org.pvmon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void the_fast_reading_agrees_with_the_iso_parser_on_many_random_timestamps() {
        Random r = new Random(7);
        String[] offsets = {"Z", "+08:00", "-05:30", "+00:00", "+14:00", "-12:00"};
        for (int i = 0; i < 20_000; i++) {
            String frac = switch (r.nextInt(4)) {
                case 0 -> "";
                case 1 -> "." + r.nextInt(10);
                case 2 -> String.format(".%03d", r.nextInt(1000));
                default -> String.format(".%09d", r.nextInt(1_000_000_000));
            };
            String ts = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", 2000 + r.nextInt(40), 1 + r.nextInt(12),
                    1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), frac, offsets[r.nextInt(offsets.length)]);
            assertThat(Timestamps.parse(ts)).as(ts).isEqualTo(OffsetDateTime.parse(ts).toInstant());
        }
    }

    @Test
    void other_iso_forms_are_still_accepted_and_non_iso_text_refused() {
        assertThat(Timestamps.parse("2026-06-01T12:00+08:00")).isEqualTo(OffsetDateTime.parse("2026-06-01T12:00+08:00").toInstant());
        assertThatThrownBy(() -> Timestamps.parse("2026-06-01T12:00:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-13-01T12:00:00+08:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-02-30T12:00:00+08:00")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse("yesterday noon")).isInstanceOf(DateTimeParseException.class);
    }
}
