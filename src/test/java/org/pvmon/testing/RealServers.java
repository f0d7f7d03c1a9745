package org.pvmon.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one real mosquitto and one real influxd for a test class, started before all
 * tests and closed after them. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RealServers servers = new RealServers();
 *
 * @Test
 * void readings_reach_influx() {
 *     String db = servers.createDatabase("ingest");
 *     ... servers.mosquitto().url(), servers.influxd().url() ...
 * }
 * }</pre>
 *
 * Tests share the servers, so each test uses its own names ({@link #uniqueName(String)}) for
 * databases, client ids and station ids. Tests that stop or restart a server must leave it running.
 */
public final class RealServers implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);

    private Mosquitto mosquitto;
    private Influxd influxd;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (mosquitto != null) {
            throw new IllegalStateException("RealServers is already started: register it on a static field "
                    + "with @RegisterExtension, once per class");
        }
        Mosquitto broker = new Mosquitto();
        Influxd influx = new Influxd();
        try {
            broker.start();
            influx.start();
        } catch (RuntimeException e) {
            closeQuietly(influx, e);
            closeQuietly(broker, e);
            throw e;
        }
        mosquitto = broker;
        influxd = influx;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RuntimeException failure = null;
        for (AutoCloseable server : new AutoCloseable[] {influxd, mosquitto}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the test servers failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        influxd = null;
        mosquitto = null;
        if (failure != null) {
            throw failure;
        }
    }

    public Mosquitto mosquitto() {
        if (mosquitto == null) {
            throw new IllegalStateException("servers not started: register RealServers on a static field "
                    + "(@RegisterExtension static final RealServers servers = new RealServers())");
        }
        return mosquitto;
    }

    public Influxd influxd() {
        if (influxd == null) {
            throw new IllegalStateException("servers not started: register RealServers on a static field "
                    + "(@RegisterExtension static final RealServers servers = new RealServers())");
        }
        return influxd;
    }

    /** The broker's service listener, {@code tcp://127.0.0.1:<port>} (logins required: {@link Mosquitto#service()}, {@link Mosquitto#bench()}). */
    public String mqttUrl() {
        return mosquitto().url();
    }

    /** A publisher on the service listener with the bench's login (it may publish for any station), a unique client id. */
    public Publisher publisher(int window) {
        return new Publisher(mqttUrl(), mosquitto().bench(), uniqueName("pub"), window);
    }

    /** The InfluxDB URL, {@code http://127.0.0.1:<port>}. */
    public String influxUrl() {
        return influxd().url();
    }

    /**
     * A name unique in this test run and across runs, made of {@code [A-Za-z0-9_]} only, so it is a
     * valid InfluxDB database name, MQTT client id and topic level: {@code prefix_<run>_<n>}.
     */
    public String uniqueName(String prefix) {
        return prefix + "_" + RUN + "_" + COUNTER.incrementAndGet();
    }

    /** Creates a database with a {@link #uniqueName(String) unique name} and returns the name. */
    public String createDatabase(String prefix) {
        String name = uniqueName(prefix);
        influxd().createDatabase(name);
        return name;
    }

    private static void closeQuietly(AutoCloseable server, RuntimeException failure) {
        try {
            server.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
