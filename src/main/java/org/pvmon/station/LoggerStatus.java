package org.pvmon.station;

import java.time.Instant;

/** What a station's logger last said on its status topic ({@code online}, or {@code offline} from its last will). */
public record LoggerStatus(String state, Instant since) {
}
