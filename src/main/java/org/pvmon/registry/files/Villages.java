package org.pvmon.registry.files;

import org.pvmon.registry.Village;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The villages known while importing a file: those of the registry plus those the file creates. A village is
 * referred to in files by its id, or by its name when that name is unique (or unique in a township).
 */
public final class Villages {
    private final Map<String, Village> byId = new LinkedHashMap<>();
    private final Map<String, List<Village>> byName = new HashMap<>();
    private final Map<String, Village> byPlace = new HashMap<>();
    private final Map<String, Village> created = new LinkedHashMap<>();

    public Villages(List<Village> known) {
        for (Village v : known) add(v);
    }

    private void add(Village v) {
        byId.put(v.id(), v);
        byName.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v);
        byPlace.put(Village.idFor(v.county(), v.township(), v.name()), v);
    }

    /**
     * The village {@code ref} names in a households or posts file: its id, or its name when only one village has it;
     * null, with the problem reported, otherwise.
     */
    public Village resolve(Sheet.Row row, String column, String ref) {
        if (ref.isEmpty()) return null;
        Village v = byId.get(ref);
        if (v != null) return v;
        List<Village> named = byName.getOrDefault(ref, List.of());
        if (named.size() == 1) return named.get(0);
        if (named.isEmpty()) {
            row.problem(column, "未知的村“" + ref + "”（先导入村或电站）", "unknown village '" + ref + "' (import villages or stations first)");
        } else {
            row.problem(column, "有" + named.size() + "个村叫“" + ref + "”，请填写村编号", named.size() + " villages are named '" + ref
                    + "': give the village id");
        }
        return null;
    }

    /**
     * The village {@code ref} names in a stations file: its id, else the village of that name in the station's
     * township, which is created (on write) when new.
     */
    public Village resolveOrCreate(String ref, String township, String county) {
        Village v = byId.get(ref);
        if (v != null) return v;
        v = byPlace.get(Village.idFor(county, township, ref));
        if (v != null) return v;
        v = Village.of(ref, township, county);
        add(v);
        created.put(v.id(), v);
        return v;
    }

    /** The villages {@link #resolveOrCreate} created, to be written before the stations that refer to them. */
    public List<Village> created() {
        return List.copyOf(created.values());
    }

    /** How a village is written in a file: its name when no other village has that name, else its id. */
    public String ref(String villageId) {
        Village v = byId.get(villageId);
        if (v == null) return villageId;
        return byName.getOrDefault(v.name(), List.of()).size() == 1 ? v.name() : v.id();
    }

    /** How an owner village is written in a station row: its name when it is the village of that name in the station's township. */
    public String refIn(String villageId, String township, String county) {
        Village v = byId.get(villageId);
        if (v == null) return villageId;
        Village atPlace = byPlace.get(Village.idFor(county, township, v.name()));
        return atPlace != null && atPlace.id().equals(v.id()) ? v.name() : v.id();
    }
}
