package org.pvmon.alerts;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The result of one evaluation of the fleet.
 *
 * <p>How the alert lifecycle is meant to use it, per station and type: a condition and no open alert: open one;
 * a condition and an open alert: update its figures (keep the alert's own {@code since}), except an OFFLINE condition
 * whose silence began after the open alert's: the station reported in between, so that alert is resolved and a new
 * one opened; no condition and an
 * open alert: resolve it only when {@link #recovered} says so, else keep it open. Missing data (a station the
 * store forgot, peers that stopped reporting) therefore never closes an alert by itself.
 *
 * @param at         the evaluation instant
 * @param conditions the conditions true now, at most one per station and type, by station id then type
 * @param recovered  per station id, the types for which it shows positive evidence of health (never a type that
 *                   is also in {@code conditions})
 * @param failed     station ids whose evaluation threw (logged); they have neither conditions nor recoveries
 * @param gaps       silences upstream of the stations ({@link DataGap}): their stations have no OFFLINE condition
 */
public record Evaluation(Instant at, List<Condition> conditions, Map<String, Set<AlertType>> recovered,
                         Set<String> failed, List<DataGap> gaps) {

    /** An evaluation without data gaps. */
    public Evaluation(Instant at, List<Condition> conditions, Map<String, Set<AlertType>> recovered, Set<String> failed) {
        this(at, conditions, recovered, failed, List.of());
    }

    public Evaluation {
        Objects.requireNonNull(at, "at");
        conditions = conditions.stream()
                .sorted(Comparator.comparing(Condition::stationId).thenComparing(Condition::type)).toList();
        recovered = recovered.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        failed = Set.copyOf(failed);
        gaps = List.copyOf(gaps);
    }

    /** The condition of this station and type, if it holds now. */
    public Optional<Condition> condition(String stationId, AlertType type) {
        return conditions.stream().filter(c -> c.stationId().equals(stationId) && c.type() == type).findFirst();
    }

    /** True when an open alert of this station and type may be resolved now. */
    public boolean recovered(String stationId, AlertType type) {
        return recovered.getOrDefault(stationId, Set.of()).contains(type);
    }
}
