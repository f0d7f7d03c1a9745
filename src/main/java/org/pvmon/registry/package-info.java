/**
 * The registry: the SQL home of counties, townships, villages, stations (with ownership shares, tariffs and the
 * subsidy-catalogue date), registered poor households (with their enrollment periods) and public-welfare posts.
 *
 * <p>{@link org.pvmon.registry.Registry} reads and writes it (embedded SQLite by default, PostgreSQL as the option for
 * several instances; schema migrations by Flyway from {@code db/migration}); {@link org.pvmon.registry.files.RegistryCsv}
 * imports and exports it as CSV with Chinese headers, UTF-8 with BOM, a bad file rejected whole. Both throw
 * {@link org.pvmon.registry.RegistryException}, which lists every problem found.
 *
 * <p>The same database keeps the county's ledger of distribution statements ({@link org.pvmon.statements.StatementLedger},
 * {@code Registry.statements()}): each village's monthly statements with their lifecycle and adjustments; a change the
 * lifecycle forbids throws {@link org.pvmon.statements.StatementConflictException}.
 *
 * <p>It also keeps the alerts ({@link org.pvmon.alerts.monitor.AlertBook}, {@code Registry.alerts()}): one open alert per
 * station and type, acknowledged and resolved with who, when and why, and their history, applied from the pure
 * evaluations of {@link org.pvmon.alerts}; and named {@link org.pvmon.db.Leases} so that one instance at a time
 * runs the periodic alert evaluation. Alerts opened and resolved are recorded in the notification
 * {@link org.pvmon.notify.Outbox} ({@code Registry.outbox()}) in the same transaction; {@link org.pvmon.notify} delivers them.
 */
package org.pvmon.registry;
