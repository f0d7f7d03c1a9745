package org.pvmon.station;

import java.util.List;

/** The station file cannot be used; {@link #problems()} lists every row/column problem found. */
public final class StationFileException extends RuntimeException {
    private final List<String> problems;

    public StationFileException(String message, List<String> problems) {
        super(problems.isEmpty() ? message : message + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
