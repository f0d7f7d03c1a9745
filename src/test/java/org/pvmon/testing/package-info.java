/**
 * Test-only harness: real mosquitto and influxd processes on free loopback ports with their own
 * temp directories ({@link org.pvmon.testing.RealServers}, {@link org.pvmon.testing.Mosquitto},
 * {@link org.pvmon.testing.Influxd}), and the service and the simulator as separate OS processes
 * ({@link org.pvmon.testing.ServiceProcess}, {@link org.pvmon.testing.SimulatorProcess}).
 *
 * <p>The brokers are configured from the same files the demo ships ({@code etc/mosquitto.conf},
 * {@code etc/influxdb.conf.template}), so the tests run what users run. Every process started here
 * is destroyed by a JVM shutdown hook if a test forgets to close it.
 */
package org.pvmon.testing;
