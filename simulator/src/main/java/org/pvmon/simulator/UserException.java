package org.pvmon.simulator;

/** A problem the user can fix (bad file, bad option, unreachable broker): printed as one line, no stack trace. */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
