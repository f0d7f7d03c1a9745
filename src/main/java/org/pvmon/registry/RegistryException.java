package org.pvmon.registry;

import java.util.List;

/**
 * A write or import the registry refused; nothing was written. {@link #problems()} lists every problem found (the
 * message shows the first 50), for a CSV import each as {@code 第N行 列名: 问题 | row N, column 列名: problem}.
 */
public final class RegistryException extends RuntimeException {
    private static final int SHOWN = 50;
    private final List<String> problems;

    public RegistryException(String message) {
        this(message, List.of());
    }

    public RegistryException(String message, List<String> problems) {
        super(describe(message, problems));
        this.problems = List.copyOf(problems);
    }

    /** The message with the first {@value #SHOWN} problems, so that a file with thousands of bad rows stays readable. */
    private static String describe(String message, List<String> problems) {
        if (problems.isEmpty()) return message;
        String shown = String.join("\n  ", problems.subList(0, Math.min(SHOWN, problems.size())));
        String more = problems.size() > SHOWN ? "\n  ... " + (problems.size() - SHOWN) + " more" : "";
        return message + ":\n  " + shown + more;
    }

    /** Every problem found (empty when the message says it all). */
    public List<String> problems() {
        return problems;
    }
}
