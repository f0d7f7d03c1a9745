package org.pvmon.alerting;

import org.pvmon.registry.ConflictException;

/**
 * A change to an alert that its lifecycle forbids (acknowledging or resolving a resolved alert, an unknown alert);
 * nothing was changed. The message says the current status.
 */
public final class AlertConflictException extends ConflictException {
    public AlertConflictException(String message) {
        super(message);
    }
}
