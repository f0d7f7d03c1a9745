package org.pvmon.registry;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Which villages a bulk read is for: every village, the villages of some counties, or some villages by id. Bulk reads
 * ({@link VillageInputs}, {@link PlanBook#forMonth(VillageSet, java.time.YearMonth)}, {@link StatementLedger#ofVillages},
 * {@link ReceiptBook#receivedBetween(java.time.LocalDate, java.time.LocalDate, VillageSet)}) select with one query per
 * kind of row whatever the number of villages, through {@link #ids()} (indexed: villages by id or county, households,
 * posts and statements by village).
 */
public record VillageSet(Kind kind, List<String> values) {
    /** How the villages are named. */
    public enum Kind { ALL, COUNTIES, IDS }

    public VillageSet {
        values = List.copyOf(values);
        if (kind == Kind.ALL && !values.isEmpty()) throw new IllegalArgumentException("ALL takes no values");
    }

    public static VillageSet all() {
        return new VillageSet(Kind.ALL, List.of());
    }

    public static VillageSet counties(Collection<String> counties) {
        return new VillageSet(Kind.COUNTIES, List.copyOf(counties));
    }

    public static VillageSet ids(Collection<String> villageIds) {
        return new VillageSet(Kind.IDS, List.copyOf(villageIds));
    }

    /** Whether no village can be in it (an empty list of ids or counties). */
    public boolean isEmpty() {
        return kind != Kind.ALL && values.isEmpty();
    }

    /** A subquery giving the ids of the villages; bind it with {@link #bind}. */
    public String ids() {
        return switch (kind) {
            case ALL -> "SELECT id FROM villages";
            case COUNTIES -> "SELECT id FROM villages WHERE county IN (<villageSet>)";
            case IDS -> "SELECT id FROM villages WHERE id IN (<villageSet>)";
        };
    }

    /** Binds the values of {@link #ids()} (nothing for ALL). */
    public <T extends SqlStatement<T>> T bind(T statement) {
        return kind == Kind.ALL ? statement : statement.bindList("villageSet", values);
    }
}
