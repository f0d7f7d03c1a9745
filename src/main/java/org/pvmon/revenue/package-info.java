/**
 * Revenue: tariffs with effective date ranges (benchmark part + national subsidy part, subsidy only from the
 * catalogue date) and accrued revenue per station and local month ({@link org.pvmon.revenue.MonthPeriod}) from daily
 * energy. Pure logic: receipts and statements build on it.
 */
package org.pvmon.revenue;
