/**
 * Stations as every capability sees them ({@link org.pvmon.station.Station}: id, place, capacity, coordinates, grid
 * connection), the directory ingest and the views look them up in ({@link org.pvmon.station.StationDirectory}, replaced
 * when the registry's stations change), the station-list file format, and a logger's last-will status
 * ({@link org.pvmon.station.LoggerStatus}). Values only: no I/O beyond reading the station file.
 */
package org.pvmon.station;
