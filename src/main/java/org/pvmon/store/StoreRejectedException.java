package org.pvmon.store;

/** InfluxDB refused records for good (HTTP 400); retrying the same records will not help. */
public final class StoreRejectedException extends RuntimeException {
    public StoreRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
