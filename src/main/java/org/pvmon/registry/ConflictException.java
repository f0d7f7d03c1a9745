package org.pvmon.registry;

/**
 * A change that the lifecycle of what it changes forbids (a statement step out of order, a receipt voided twice, an
 * alert resolved twice); nothing was changed. The message says the current state and what to do instead. Answered as
 * HTTP 409.
 */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
