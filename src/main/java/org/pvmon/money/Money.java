package org.pvmon.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An amount of Chinese yuan, exact to the fen (分, 0.01 yuan), held as a count of fen. Every operation that can
 * lose precision takes a named {@link RoundingMode}; splitting an amount ({@link #allocate}) always adds up to the
 * fen, with the residue placed by the largest-remainder rule.
 */
public record Money(long fen) implements Comparable<Money> {
    public static final Money ZERO = new Money(0);

    public static Money ofFen(long fen) {
        return new Money(fen);
    }

    /** Yuan with at most two decimals ("12.34"); more decimals are an error, not a silent rounding. */
    public static Money ofYuan(String yuan) {
        return ofYuan(new BigDecimal(yuan), RoundingMode.UNNECESSARY);
    }

    public static Money ofYuan(BigDecimal yuan, RoundingMode rounding) {
        return new Money(yuan.movePointRight(2).setScale(0, rounding).longValueExact());
    }

    /** The amount in yuan, scale 2. */
    public BigDecimal yuan() {
        return BigDecimal.valueOf(fen, 2);
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    public Money negate() {
        return new Money(Math.negateExact(fen));
    }

    /** This amount times {@code factor}, rounded to the fen with {@code rounding}. */
    public Money times(BigDecimal factor, RoundingMode rounding) {
        return new Money(BigDecimal.valueOf(fen).multiply(factor).setScale(0, rounding).longValueExact());
    }

    public boolean isNegative() {
        return fen < 0;
    }

    public boolean isZero() {
        return fen == 0;
    }

    public Money min(Money other) {
        return fen <= other.fen ? this : other;
    }

    public Money max(Money other) {
        return fen >= other.fen ? this : other;
    }

    /**
     * Splits this (non-negative) amount in proportion to {@code weights} (non-negative, not all zero): each share is
     * rounded down to the fen, then the fen left over go one each to the largest remainders (ties: the earlier
     * position). The shares always add up to this amount exactly.
     */
    public List<Money> allocate(List<BigDecimal> weights) {
        if (fen < 0) throw new IllegalArgumentException("cannot allocate a negative amount " + this);
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal w : weights) {
            if (w.signum() < 0) throw new IllegalArgumentException("negative weight " + w);
            total = total.add(w);
        }
        List<Money> out = new ArrayList<>(weights.size());
        if (weights.isEmpty()) {
            if (fen != 0) throw new IllegalArgumentException("no weights to allocate " + this + " to");
            return out;
        }
        if (total.signum() == 0) throw new IllegalArgumentException("weights are all zero");
        BigInteger amount = BigInteger.valueOf(fen);
        long given = 0;
        List<int[]> order = new ArrayList<>();
        BigDecimal[] remainders = new BigDecimal[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            BigDecimal exact = new BigDecimal(amount).multiply(weights.get(i));
            BigDecimal[] qr = exact.divideAndRemainder(total);
            long share = qr[0].longValueExact();
            out.add(new Money(share));
            given += share;
            remainders[i] = qr[1];
            order.add(new int[] {i});
        }
        long left = fen - given;
        order.sort(Comparator.<int[], BigDecimal>comparing(o -> remainders[o[0]]).reversed().thenComparingInt(o -> o[0]));
        for (int k = 0; k < left; k++) {
            int i = order.get(k)[0];
            out.set(i, new Money(out.get(i).fen + 1));
        }
        return out;
    }

    public static Money sum(Iterable<Money> amounts) {
        long s = 0;
        for (Money m : amounts) s = Math.addExact(s, m.fen);
        return new Money(s);
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(fen, o.fen);
    }

    /** "1234.56" (yuan, two decimals). */
    @Override
    public String toString() {
        return yuan().toPlainString();
    }
}
