package org.pvmon.registry;

/** Argument checks whose messages name the field; they throw {@link RegistryException}. */
public final class Check {
    private Check() {
    }

    public static String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) throw new RegistryException(what + " must not be blank");
        return value;
    }

    public static void that(boolean ok, String message) {
        if (!ok) throw new RegistryException(message);
    }
}
