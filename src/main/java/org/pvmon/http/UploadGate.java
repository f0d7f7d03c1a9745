package org.pvmon.http;

import java.util.concurrent.Semaphore;

/**
 * One upload (a registry table, a receipts file) is read and parsed at a time: with the bounds of {@code uploads.*}
 * this caps the memory uploads can take, so that they never take what ingest needs. An upload that arrives meanwhile
 * is answered 503 {@code busy} at once (try again in a moment), not queued in memory.
 */
final class UploadGate {
    /** Another upload is being read. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("another upload is being read; try again in a moment (one upload at a time)");
        }
    }

    /** Work that reads an upload. */
    interface Work {
        void run() throws Exception;
    }

    private final Semaphore permit = new Semaphore(1);

    /** Runs {@code work} holding the gate; throws {@link Busy} when another upload holds it. */
    void one(Work work) throws Exception {
        if (!permit.tryAcquire()) throw new Busy();
        try {
            work.run();
        } finally {
            permit.release();
        }
    }
}
