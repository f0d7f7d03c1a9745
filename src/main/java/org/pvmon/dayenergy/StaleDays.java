package org.pvmon.dayenergy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pvmon.dayenergy.DayBook.StationDay;

/**
 * Station-days this instance knows to be stale (a late reading of or next to them, a silent station reporting again)
 * but has not yet marked in the database: {@link StationEnergy} does not serve their stored rows, so what this
 * instance ingested shows at once; {@link ClosedDays} writes them to the database at its next period.
 */
public final class StaleDays {
    private final Map<StationDay, Instant> marks = new ConcurrentHashMap<>();

    void mark(String station, LocalDate day, Instant at) {
        marks.put(new StationDay(station, day), at);
    }

    boolean contains(String station, LocalDate day) {
        return !marks.isEmpty() && marks.containsKey(new StationDay(station, day));
    }

    boolean isEmpty() {
        return marks.isEmpty();
    }

    /** A copy of the marks, to write to the database. */
    Map<StationDay, Instant> snapshot() {
        return new HashMap<>(marks);
    }

    /** Forgets {@code written} once in the database (a mark made again meanwhile, at another instant, stays). */
    void written(Map<StationDay, Instant> written) {
        written.forEach(marks::remove);
    }
}
