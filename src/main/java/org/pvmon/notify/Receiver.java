package org.pvmon.notify;

/** Where notifications go. {@link #send} blocks at most about the configured timeout; it must not be called concurrently. */
interface Receiver extends AutoCloseable {
    /** The receiver's name in the outbox, the API and the metrics: webhook, wecom, dingtalk, mqtt. */
    String name();

    void send(Notice notice) throws DeliveryException;

    @Override
    default void close() {
    }
}
