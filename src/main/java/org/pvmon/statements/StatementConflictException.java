package org.pvmon.statements;

import org.pvmon.registry.ConflictException;

/**
 * A change to a statement that its lifecycle forbids (a second statement for a month, a step out of order, deleting or
 * changing a published statement); nothing was changed. The message says the current status and what to do instead.
 */
public final class StatementConflictException extends ConflictException {
    public StatementConflictException(String message) {
        super(message);
    }
}
