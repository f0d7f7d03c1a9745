/**
 * A stored statement as files: CSV, XLSX, HTML and PDF, all printed from one {@link
 * org.pvmon.statements.export.StatementSheet}, in the office version (every line) or the public notice (公示: names,
 * masked IDs, amounts). Spreadsheet formulas in text are neutralised. Reads statements, owns nothing stored.
 */
package org.pvmon.statements.export;
