package org.pvmon.notify;

/** Where notifications go. {@link #send} blocks at most about the configured timeout; it must not be called concurrently. */
interface Receiver extends AutoCloseable {
    /** The receiver's name in the outbox, the API and the metrics: webhook, wecom, dingtalk, mqtt. */
    String name();

    void send(Notice notice) throws DeliveryException;

    /**
     * How many notifications due at once this receiver takes in one message (a chat robot's digest, so that a county-wide
     * outage is a few messages within the robot's rate limit instead of one per station); 1: one message each.
     */
    default int digestMax() {
        return 1;
    }

    /** Sends {@code notices} (1 to {@link #digestMax()}, in event order) as one message. */
    default void send(java.util.List<Notice> notices) throws DeliveryException {
        if (notices.size() != 1) throw new IllegalArgumentException(name() + " sends one notification per message");
        send(notices.get(0));
    }

    @Override
    default void close() {
    }
}
