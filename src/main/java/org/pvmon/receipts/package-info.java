/**
 * Money that arrived and money earned: receipts, the cash the grid company and the subsidy paid for a station
 * ({@link org.pvmon.receipts.ReceiptBook}, table {@code receipts}: recorded, never edited, voided with a reason),
 * accrued revenue per station and village and month ({@link org.pvmon.receipts.AccruedRevenue}: energy × tariff), and
 * what is still owed ({@link org.pvmon.receipts.Receivables}: accrued vs received vs outstanding; each village's share
 * of the cash that arrived in a month).
 */
package org.pvmon.receipts;
