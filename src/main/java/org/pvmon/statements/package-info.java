/**
 * Monthly distribution statements (收益分配表), the county's ledger of what each village distributes: the computation of
 * many villages at once ({@link org.pvmon.statements.StatementBatch}, by each village's stored plan,
 * {@link org.pvmon.statements.PlanBook}, through {@link org.pvmon.distribution.DistributionEngine}); one village's
 * statements and their lifecycle DRAFT → APPROVED → PUBLISHED (公示) → PAID and adjustments
 * ({@link org.pvmon.statements.Statements}); the county roll-up and month-end drafts
 * ({@link org.pvmon.statements.CountyStatements}). Owns the tables {@code statements} ({@link
 * org.pvmon.statements.StatementLedger}) and {@code plans}, and the stored format of a statement
 * ({@link org.pvmon.statements.StatementDocument}), which is not the API's view: a published statement never changes.
 */
package org.pvmon.statements;
