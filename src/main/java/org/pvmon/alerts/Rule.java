package org.pvmon.alerts;

import java.util.Optional;

/** One detection rule: whether its condition holds for a station now, and whether the station has recovered. */
interface Rule {

    AlertType type();

    /** The condition, when it holds for {@code s} at {@link Fleet#now()}. */
    Optional<Condition> check(StationInput s, Fleet fleet);

    /**
     * True when {@code s} shows positive evidence that it is healthy in this respect, so an open alert of this
     * type may be resolved. Not the same as "no condition": missing data is neither.
     */
    boolean recovered(StationInput s, Fleet fleet);
}
