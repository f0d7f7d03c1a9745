package org.pvmon.access;

import java.util.Collection;
import java.util.Objects;
import org.pvmon.registry.Village;

/**
 * Where a user may act: a place of the county → township → village tree. {@link #EVERYWHERE} has no place;
 * a county scope has {@code county}; a township scope {@code county} and {@code township}; a village scope all three
 * (the village's id, with its county and township). A scope covers every place beneath it.
 */
public record Scope(String county, String township, String village) {
    public static final Scope EVERYWHERE = new Scope(null, null, null);

    public Scope {
        county = blankToNull(county);
        township = blankToNull(township);
        village = blankToNull(village);
        if (township != null && county == null) throw new IllegalArgumentException("a township scope needs its county");
        if (village != null && township == null) throw new IllegalArgumentException("a village scope needs its township and county");
    }

    public static Scope county(String county) {
        return new Scope(Objects.requireNonNull(county), null, null);
    }

    public static Scope township(String county, String township) {
        return new Scope(county, Objects.requireNonNull(township), null);
    }

    public static Scope of(Village v) {
        return new Scope(v.county(), v.township(), v.id());
    }

    public boolean everywhere() {
        return county == null;
    }

    public boolean covers(Village v) {
        if (county == null) return true;
        if (!county.equals(v.county())) return false;
        if (township != null && !township.equals(v.township())) return false;
        return village == null || village.equals(v.id());
    }

    /** A whole county is inside this scope (a county's roll-up: only for scopes at or above the county). */
    public boolean coversCounty(String name) {
        return county == null || (township == null && county.equals(name));
    }

    /** Any of {@code villages} is inside this scope (a joint station is seen by each of its owners). */
    public boolean coversAny(Collection<Village> villages) {
        for (Village v : villages) if (covers(v)) return true;
        return false;
    }

    /** Where, as people say it: 全部 / 沂南县 / 沂南县 界湖街道 / 沂南县 界湖街道 (village id). */
    public String label() {
        if (county == null) return "全部 / everywhere";
        if (township == null) return county;
        if (village == null) return county + " " + township;
        String prefix = county + "-" + township + "-"; // ids the registry made from the place: the name is enough
        return county + " " + township + " " + (village.startsWith(prefix) ? village.substring(prefix.length()) : village);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
