package org.pvmon.notify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvmon.alerts.AlertType;
import org.pvmon.energy.Periods;
import org.pvmon.registry.Registry;
import org.pvmon.station.Station;

/**
 * One notification: an outbox event with what a reader needs about the station, its villages (the owners, else the
 * station's village label) and the registered households of those villages enrolled on the event's day.
 *
 * @param affectedHouseholds null when the station has no owners in the registry (unknown, not zero)
 * @param link               the alert's link ({@code notify.link} with {@code {id}} replaced), or null
 */
record Notice(Outbox.Event event, String stationName, String township, String county, List<String> villages,
              Integer affectedHouseholds, String link) {

    static final ZoneId ZONE = Periods.ZONE;

    static Notice of(Outbox.Event e, Registry registry, String linkTemplate) {
        Optional<Station> s = registry.station(e.stationId());
        List<String> villages = new ArrayList<>();
        Integer households = null;
        List<Registry.Affected> affected = registry.affectedBy(e.stationId(), e.at().atZone(ZONE).toLocalDate());
        if (!affected.isEmpty()) {
            households = 0;
            for (Registry.Affected a : affected) {
                villages.add(a.villageName());
                households += a.householdsEnrolled();
            }
        } else {
            s.ifPresent(st -> villages.add(st.village()));
        }
        String link = linkTemplate.isEmpty() ? null : linkTemplate.replace("{id}", Long.toString(e.alertId()));
        return new Notice(e, s.map(Station::name).orElse(e.stationId()), s.map(Station::township).orElse(null),
                s.map(Station::county).orElse(null), List.copyOf(villages), households, link);
    }

    boolean opened() {
        return event.event().equals("opened");
    }

    /** The generic JSON event (webhook body and MQTT payload), documented in docs/operations.md. */
    Map<String, Object> json() {
        Outbox.Event e = event;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", e.event());
        m.put("eventId", e.id());
        m.put("alertId", e.alertId());
        m.put("type", e.type().name());
        m.put("typeName", typeName(e.type()));
        m.put("station", e.stationId());
        m.put("stationName", stationName);
        m.put("township", township);
        m.put("county", county);
        m.put("villages", villages);
        m.put("since", local(e.since()));
        m.put("at", local(e.at()));
        m.put("lostKwh", e.lostKwh());
        m.put("lostYuan", e.lostYuan().yuan());
        m.put("affectedHouseholds", affectedHouseholds);
        m.put("detail", e.detail());
        m.put("link", link);
        if (!opened()) {
            m.put("resolvedBy", e.resolvedBy());
            m.put("comment", e.comment());
        }
        return m;
    }

    static OffsetDateTime local(Instant t) {
        return t.atZone(ZONE).toOffsetDateTime();
    }

    static String typeName(AlertType t) {
        return switch (t) {
            case OFFLINE -> "离线";
            case IDLE -> "零发电";
            case UNDERPERFORMING -> "发电偏低";
            case METER -> "电表异常";
        };
    }

    BigDecimal lostYuan() {
        return event.lostYuan().yuan();
    }
}
