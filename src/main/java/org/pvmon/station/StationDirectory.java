package org.pvmon.station;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;


/**
 * The stations the service knows, by id: what ingest, the alerts and the views look a station up in. Built from the
 * registry's stations ({@code Registry.directory()}) and replaced when they change; the station list file is read by
 * {@code registry.files} like every registry file.
 */
public final class StationDirectory {
    /** Station ids as they appear in MQTT topics and InfluxQL: safe to embed in both. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private volatile Map<String, Station> byId;

    public StationDirectory(Collection<Station> stations) {
        this.byId = index(stations);
    }

    /**
     * Replaces the stations (after the registry's stations were edited): ingest, alerts and the views see the new list
     * from their next lookup; a reader sees the old or the new list, never a mix.
     */
    public void replace(Collection<Station> stations) {
        this.byId = index(stations);
    }

    private static Map<String, Station> index(Collection<Station> stations) {
        Map<String, Station> m = new LinkedHashMap<>();
        for (Station s : stations) m.put(s.id(), s);
        return Collections.unmodifiableMap(m);
    }

    public Optional<Station> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Station> all() {
        return List.copyOf(byId.values());
    }
}
