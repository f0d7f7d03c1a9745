/**
 * Revenue: tariffs with effective date ranges (benchmark part + national subsidy part, subsidy only from the
 * catalogue date) and accrued revenue per station and local month from daily energy. Cash received, the SQL
 * registry and statements build on this (revenue issue).
 */
package org.pvmon.revenue;
