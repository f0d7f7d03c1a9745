/**
 * Alerts: detection rules that tell which stations are OFFLINE, IDLE, UNDERPERFORMING or have a METER problem,
 * since when, and what it has cost so far (lost kWh, and lost yuan at the station's feed-in tariff).
 *
 * <p>Owns the rules of the domain's "Alerts" section and the answer to what users complained about in other tools:
 * OFFLINE fires 3 reporting intervals after the last reading (the station's own interval when it reports less often than
 * configured, e.g. every 5 minutes), or at once on the logger's last will, but only
 * when the silence overlaps daylight at the station (sun elevation from its coordinates), so there are no alarms
 * at night and none at dusk when loggers power down with their inverters, while an alert raised in the afternoon
 * stays raised overnight; IDLE catches zero output in daylight within half an hour, judged against the township's
 * (else county's) peers so that overcast and snow are not faults; UNDERPERFORMING compares daily yield with the
 * same-day peer median over several days, skipping rainy days; every condition has an explicit recovery rule so
 * alerts clear themselves (see {@link org.pvmon.alerts.Evaluation}).
 *
 * <p>Pure logic, evaluated at an explicit instant (the caller's {@link java.time.Clock}): no I/O; the only state
 * kept between evaluations is two bounded caches of pure functions (clear-sky energy of spans and of whole days), so
 * an answer never depends on what was asked before. The sun's position is NREL SPA (topocentric, with refraction and
 * the date's ΔT). Most of an area silent at once is a {@link org.pvmon.alerts.DataGap}, not an OFFLINE per station.
 * The entry point is {@link org.pvmon.alerts.AlertEvaluator}, configured by
 * {@link org.pvmon.alerts.AlertRules}; inputs are {@link org.pvmon.alerts.StationInput}s (station, readings,
 * logger status, daily energies from {@link org.pvmon.energy}) and, for silences longer than their days, the peers'
 * medians of the days before ({@link org.pvmon.alerts.PeerHistory}), the result an
 * {@link org.pvmon.alerts.Evaluation} of {@link org.pvmon.alerts.Condition}s. Storage, the lifecycle of alerts
 * (open, update, resolve), notification and display live elsewhere.
 */
package org.pvmon.alerts;
