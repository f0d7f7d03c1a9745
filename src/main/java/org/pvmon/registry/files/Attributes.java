package org.pvmon.registry.files;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.pvmon.distribution.Household.Attribute;

/** The Chinese names of {@link Attribute} in CSV files: 残疾;大病;独居老人;无劳动能力;弱劳动能力. */
final class Attributes {
    private static final Map<Attribute, String> LABEL = new EnumMap<>(Attribute.class);
    private static final Map<String, Attribute> PARSE = new LinkedHashMap<>();

    static {
        label(Attribute.DISABILITY, "残疾", "残疾人");
        label(Attribute.SERIOUS_ILLNESS, "大病", "重病");
        label(Attribute.ELDERLY_LIVING_ALONE, "独居老人", "独居");
        label(Attribute.NO_LABOUR_CAPACITY, "无劳动能力", "无劳动力");
        label(Attribute.WEAK_LABOUR_CAPACITY, "弱劳动能力", "弱劳动力");
        for (Attribute a : Attribute.values()) PARSE.put(a.name(), a);
    }

    private Attributes() {
    }

    private static void label(Attribute a, String label, String alias) {
        LABEL.put(a, label);
        PARSE.put(label, a);
        PARSE.put(alias, a);
    }

    static Optional<Attribute> parse(String token) {
        return Optional.ofNullable(PARSE.get(token.strip()));
    }

    /** The accepted names, for error messages. */
    static String known() {
        return String.join("、", LABEL.values());
    }

    static String format(Set<Attribute> attributes) {
        StringJoiner j = new StringJoiner(";");
        for (Attribute a : Attribute.values()) if (attributes.contains(a)) j.add(LABEL.get(a));
        return j.toString();
    }
}
