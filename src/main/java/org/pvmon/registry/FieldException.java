package org.pvmon.registry;

/** A value the registry refused, naming the field ({@code deductions[1].value}) so that the caller can point at it. */
public final class FieldException extends RuntimeException {
    private final String field;

    public FieldException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
