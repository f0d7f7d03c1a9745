/**
 * The fleet in memory: every station's latest reading and today's energy for the overview, refreshed on a schedule
 * ({@link org.pvmon.fleet.FleetState}), and each station's recent readings for the alert rules
 * ({@link org.pvmon.fleet.ReadingWindow}: 5-minute power bins, the idle stretch, and only the readings a day's energy
 * needs once they have settled), fed by ingest as readings become durable and loaded from InfluxDB at start. Owns no
 * table; until loaded, its users fall back to InfluxDB.
 */
package org.pvmon.fleet;
