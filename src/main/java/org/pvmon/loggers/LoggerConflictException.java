package org.pvmon.loggers;

import org.pvmon.registry.ConflictException;

/**
 * A credential change the credential's state forbids (issuing a second one, rotating or revoking one that is not
 * active); nothing was changed. The message says the state and what to do instead. Answered as HTTP 409.
 */
public final class LoggerConflictException extends ConflictException {
    LoggerConflictException(String message) {
        super(message);
    }
}
