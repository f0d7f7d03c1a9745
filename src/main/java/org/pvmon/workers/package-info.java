/**
 * The service's long-lived workers, supervised in one place ({@link org.pvmon.workers.Workers}): a worker thread or a
 * periodic task that fails unexpectedly is logged, counted ({@code pvmon_worker_failures_total}) and restarted (its
 * schedule keeps running); the process exits when the JVM cannot go on. Built once by {@code App} and handed to the
 * capabilities that own the workers; any package may use it, like {@code db} and {@code config}.
 */
package org.pvmon.workers;
