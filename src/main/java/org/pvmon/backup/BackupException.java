package org.pvmon.backup;

/** A backup or restore that was refused or failed; the message says why and what to do, for the operator. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
