package org.pvmon.registry;

/**
 * An administrative village (行政村) of a township (乡镇/街道) of a county (区县). {@code id} is stable: given (e.g. the
 * 12-digit statistical division code) or, for villages the registry creates from station files, {@link #idFor}.
 */
public record Village(String id, String name, String township, String county) {
    public Village {
        Check.nonBlank(id, "village id");
        Check.nonBlank(name, "village " + id + " name");
        Check.nonBlank(township, "village " + id + " township");
        Check.nonBlank(county, "village " + id + " county");
    }

    /** A village named from its place: {@code 沂南县-界湖街道-东辛庄村}. */
    public static Village of(String name, String township, String county) {
        return new Village(idFor(county, township, name), name, township, county);
    }

    /** The id the registry gives a village it creates: county, township and name joined by '-'. */
    public static String idFor(String county, String township, String name) {
        return county + "-" + township + "-" + name;
    }
}
