/**
 * Distribution (收益分配): turns a village's money for a month into its distribution statement, by the village's
 * approved, versioned plan (domain.md, "Distribution").
 *
 * <p>Owns the distribution rules: deductions first (O&amp;M per kWp-year or as a percentage, insurance, land rent, a
 * reserve), then the allocations in plan order: public-welfare post wages (first, prorated by days active), rewards
 * and subsidies to households by differentiated weights (base weight plus attribute weights, prorated by the days each
 * household was enrolled, an optional annual cap), small public works, and the village collective, which takes the
 * remainder including every rounding residue. When money is short, owed amounts are paid pro rata and the unpaid part
 * is carried forward to be paid first next month; the priority order is defined on
 * {@link org.pvmon.distribution.DistributionEngine}. Also owns the split of a joint station's revenue among its owner
 * villages ({@link org.pvmon.distribution.JointStation}) and the masking of ID numbers for public notices
 * ({@link org.pvmon.distribution.Household#maskedId(String)}), and the default plan a village distributes by until it
 * has its own ({@link org.pvmon.distribution.DefaultPlan}).
 *
 * <p>Pure logic: no I/O, no clock, no database. The caller computes the basis (received cash by default, or accrued
 * revenue), the register and the carry-over from earlier months, and stores the
 * {@link org.pvmon.distribution.Statement}. All money is {@link org.pvmon.money.Money}, exact to the fen; every
 * statement reconciles to the fen. Dates are Asia/Shanghai calendar dates ({@link java.time.LocalDate},
 * {@link java.time.YearMonth}), ranges include both ends.
 */
package org.pvmon.distribution;
