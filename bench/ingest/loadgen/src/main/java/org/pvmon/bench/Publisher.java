package org.pvmon.bench;

/** One publisher connection: QoS 1 publishes, completion reported to a {@link Listener}. */
interface Publisher extends AutoCloseable {
    /** Completion of one publish; called on the client's own thread. */
    interface Listener {
        /** PUBACK received; {@code reasonCode} is the MQTT 5 reason code (0 for MQTT 3.1.1). */
        void acked(long sentNanos, long probeMillis, int reasonCode);

        void failed(long sentNanos, long probeMillis, Throwable error);
    }

    /** Sends (or queues for the next {@link #flush()}) one QoS 1 message. {@code probeMillis} 0 = not a probe. */
    void publish(String topic, byte[] payload, long sentNanos, long probeMillis) throws Exception;

    /** Pushes out what {@link #publish} buffered (no-op for clients that send at once). */
    void flush() throws Exception;

    /** The in-flight limit the broker announced (MQTT 5 Receive Maximum), or 0 when it announced none. */
    int brokerReceiveMaximum();

    boolean isConnected();

    @Override
    void close();
}
