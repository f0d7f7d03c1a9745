package org.pvmon.http;

import io.javalin.http.Context;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.pvmon.access.Permission;
import org.pvmon.access.Scope;
import org.pvmon.access.Sessions;
import org.pvmon.access.User;
import org.pvmon.distribution.JointStation;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.station.Station;

/**
 * Who is asking (set by {@link Guard} on every request it lets through) and what of the registry they may see: the
 * places of their {@link Scope}. A station is seen by the scopes of its owner villages (a joint station by each owner's);
 * a station without owners by its county's and township's. Lists and roll-ups keep what {@link #sees} answers true for.
 */
final class Caller {
    private static final String ATTRIBUTE = "pvmon.caller";

    final User user;
    /** The dashboard session the request came with; null for an API token. */
    final Sessions.Session session;
    private final Registry registry;
    private Set<String> villages; // the ids of the villages in scope, read once per request when a list asks
    private java.util.Map<String, JointStation> owners; // every station's owners, read once when a list asks about many stations
    private int stationChecks;
    private java.util.Map<String, Station> stations; // every station, read once when a list asks about many
    private int stationLookups;

    Caller(User user, Sessions.Session session, Registry registry) {
        this.user = user;
        this.session = session;
        this.registry = registry;
    }

    static Caller of(Context ctx) {
        Caller c = ctx.attribute(ATTRIBUTE);
        if (c == null) throw new IllegalStateException("no caller: the endpoint " + ctx.path() + " is public");
        return c;
    }

    static Optional<Caller> find(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    void attach(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    /** The actor of a change, as ledgers record it. */
    String actor() {
        return user.actor();
    }

    boolean may(Permission p) {
        return user.may(p);
    }

    Scope scope() {
        return user.scope();
    }

    boolean everywhere() {
        return user.scope().everywhere();
    }

    boolean sees(Village v) {
        return user.scope().covers(v);
    }

    boolean seesVillage(String villageId) {
        if (everywhere()) return true;
        return visibleVillages().contains(villageId);
    }

    boolean seesCounty(String county) {
        return user.scope().coversCounty(county);
    }

    boolean sees(Station s) {
        if (everywhere()) return true;
        // one station (a path's id): its owners alone; a list: every station's owners in one query
        if (owners == null && ++stationChecks > 8) owners = registry.owners();
        Optional<JointStation> owners = this.owners != null ? Optional.ofNullable(this.owners.get(s.id())) : registry.ownersOf(s.id());
        if (owners.isPresent() && !owners.get().owners().isEmpty()) {
            for (JointStation.Owner o : owners.get().owners()) if (visibleVillages().contains(o.villageId())) return true;
            return false;
        }
        Scope sc = user.scope();
        return sc.village() == null && sc.county().equals(s.county()) && (sc.township() == null || sc.township().equals(s.township()));
    }

    boolean seesStation(String stationId) {
        if (everywhere()) return true;
        if (stations == null && ++stationLookups > 8) {
            stations = new java.util.HashMap<>();
            for (Station s : registry.stations()) stations.put(s.id(), s);
        }
        Optional<Station> s = stations != null ? Optional.ofNullable(stations.get(stationId)) : registry.station(stationId);
        return s.map(this::sees).orElse(false);
    }

    private Set<String> visibleVillages() {
        if (villages == null) {
            Set<String> ids = new HashSet<>();
            for (Village v : registry.villages()) if (user.scope().covers(v)) ids.add(v.id());
            villages = ids;
        }
        return villages;
    }
}
