/**
 * Daily energy of stations: computed from the readings ({@link org.pvmon.dayenergy.StationEnergy}, through
 * {@link org.pvmon.energy.EnergyCalculator}) and stored per closed local day ({@link org.pvmon.dayenergy.DayBook}, tables
 * {@code station_days} and {@code station_days_stale}), so that months, statements and alerts read days instead of readings. Owns the schedule that
 * closes days ({@link org.pvmon.dayenergy.ClosedDays}, one instance at a time by lease) and the marks on days a late
 * reading changed ({@link org.pvmon.dayenergy.StaleDays}): a marked day is computed from the readings until stored again.
 */
package org.pvmon.dayenergy;
