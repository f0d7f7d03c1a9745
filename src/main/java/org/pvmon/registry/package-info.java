/**
 * The registry, master data only: counties, townships, villages, stations (with ownership shares, tariffs and the
 * subsidy-catalogue date), registered poor households (with their enrollment periods) and public-welfare posts, in the
 * SQL database ({@link org.pvmon.db.Database}). {@link org.pvmon.registry.Registry} reads and writes it, one validated
 * transaction per write; {@link org.pvmon.registry.VillageInputs} reads many villages' statement inputs at once. Refused
 * input throws {@link org.pvmon.registry.RegistryException} (every problem) or {@link org.pvmon.registry.FieldException}
 * (one field); a change a lifecycle forbids throws {@link org.pvmon.registry.ConflictException}. Its files (CSV, XLSX):
 * {@link org.pvmon.registry.files}.
 */
package org.pvmon.registry;
