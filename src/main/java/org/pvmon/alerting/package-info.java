/**
 * The alerts kept and kept up to date: the schedule that evaluates the pure rules of {@link org.pvmon.alerts} every
 * minute, one instance at a time by lease ({@link org.pvmon.alerting.AlertMonitor}), their inputs from the fleet in
 * memory or InfluxDB ({@link org.pvmon.alerting.FleetInputs}; for silences longer than the rules' 14 days, the peers'
 * stored days before those, kept as medians: {@code OlderPeerDays}), and the table {@code alerts} with the lifecycle of
 * each alert: opened, updated, acknowledged, resolved by itself or by hand ({@link org.pvmon.alerting.AlertBook},
 * which records each opened and resolved alert in the notification outbox in the same transaction).
 */
package org.pvmon.alerting;
