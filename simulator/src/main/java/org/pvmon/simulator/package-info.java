/**
 * The pvmon fleet simulator: simulates the data loggers of a fleet of village PV stations
 * and publishes their readings over MQTT exactly as described in {@code docs/telemetry.md}.
 *
 * <p>Physics ({@link org.pvmon.simulator.PvModel}, {@link org.pvmon.simulator.Weather}) and the
 * energy counter ({@link org.pvmon.simulator.EnergyLedger}) are pure functions of seed, station and
 * time, so backfill and live runs agree reading for reading. The MQTT side
 * ({@link org.pvmon.simulator.BackfillPublisher}, {@link org.pvmon.simulator.LiveRunner}) only
 * schedules and publishes.
 */
package org.pvmon.simulator;
