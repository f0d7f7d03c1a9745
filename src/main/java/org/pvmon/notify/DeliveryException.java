package org.pvmon.notify;

/** A notification a receiver did not take; {@code permanent}: retrying the same message cannot succeed (e.g. HTTP 400). */
final class DeliveryException extends Exception {
    final boolean permanent;

    DeliveryException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }
}
