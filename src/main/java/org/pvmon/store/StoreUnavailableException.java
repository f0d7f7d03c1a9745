package org.pvmon.store;

/** InfluxDB cannot take or answer a request now; the caller keeps the data and retries. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
