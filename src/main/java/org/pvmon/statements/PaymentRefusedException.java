package org.pvmon.statements;

/**
 * Marking a statement paid was refused: it pays out nothing, or the amount the payer confirmed is not the amount it pays
 * out. Nothing was changed; the message says the statement's amount.
 */
public final class PaymentRefusedException extends RuntimeException {
    /** Why paying was refused. */
    public enum Reason {
        /** The statement pays out 0.00 yuan: it stays published, what it could not pay is carried into the next month. */
        NOTHING_TO_PAY,
        /** The confirmed amount differs from what the statement pays out. */
        AMOUNT_DIFFERS
    }

    private final Reason reason;

    PaymentRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
