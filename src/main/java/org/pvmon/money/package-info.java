/** Money: exact amounts in fen with named rounding and allocation that always adds up ({@link org.pvmon.money.Money}). */
package org.pvmon.money;
