package org.pvmon.access;

/**
 * A sign-in or account change refused: {@code reason} says which (the HTTP layer maps it to a status), the message
 * says it in Chinese and English. Never names a password or says whether an unknown username exists.
 */
public final class AccessException extends RuntimeException {
    public enum Reason { BAD_CREDENTIALS, LOCKED, THROTTLED, WEAK_PASSWORD, INVALID, NOT_FOUND, CONFLICT }

    private final Reason reason;

    public AccessException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
