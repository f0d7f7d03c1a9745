package org.pvmon.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.pvmon.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the detection rules over the whole fleet at one instant: which conditions are true now
 * (OFFLINE, IDLE, UNDERPERFORMING, METER; at most one per station and type), with since when, lost kWh and lost
 * yuan so far, and which stations have recovered from which type. Pure: no clock, no I/O, no state between calls (but
 * for two bounded caches of clear-sky energies, pure functions whose results do not depend on what was asked before:
 * whole days by latitude band and calendar day, {@link ClearSkyDays}, and spans at a station, {@link Fleet.ClearSkyMemo});
 * thread-safe. The rules are described on {@link AlertType} and in the package documentation.
 */
public final class AlertEvaluator {

    /** Lost energy is rounded to 0.1 kWh (it is an estimate) with this mode, then priced. */
    public static final RoundingMode KWH_ROUNDING = RoundingMode.HALF_UP;
    /** Lost yuan = rounded lost kWh x feed-in tariff, rounded to the fen with this mode. */
    public static final RoundingMode MONEY_ROUNDING = RoundingMode.HALF_UP;

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final AlertRules rules;
    private final ZoneId zone;
    private final Rule offline;
    private final List<Rule> others;
    private final List<Rule> allRules;
    private final ClearSkyDays clearSkyDays;
    private final Fleet.ClearSkyMemo clearSkySpans = new Fleet.ClearSkyMemo();

    /**
     * @param rules the thresholds
     * @param zone  the zone of local days (Asia/Shanghai)
     */
    public AlertEvaluator(AlertRules rules, ZoneId zone) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.offline = new OfflineRule(rules);
        this.others = List.of(new IdleRule(rules), new UnderperformingRule(rules), new MeterRule(rules));
        List<Rule> all = new ArrayList<>(others);
        all.add(0, offline);
        this.allRules = List.copyOf(all);
        this.clearSkyDays = new ClearSkyDays(zone);
    }

    public AlertRules rules() {
        return rules;
    }

    /**
     * Evaluates every station of {@code fleet} at {@code now}, without the peers' days before the inputs' (a silence
     * longer than the inputs' days counts a typical clear-sky day for each day before them).
     *
     * @see #evaluate(Instant, Collection, PeerHistory)
     */
    public Evaluation evaluate(Instant now, Collection<StationInput> fleet) {
        return evaluate(now, fleet, PeerHistory.NONE);
    }

    /**
     * Evaluates every station of {@code fleet} at {@code now}; the fleet also provides each station's peers, and
     * {@code history} what the peers made on days before the inputs' days (lost energy of a long silence).
     * A station whose evaluation throws is logged and listed in {@link Evaluation#failed()}; the others go on.
     *
     * @throws IllegalArgumentException when two inputs have the same station id
     */
    public Evaluation evaluate(Instant now, Collection<StationInput> fleet, PeerHistory history) {
        Objects.requireNonNull(now, "now");
        Set<String> ids = new HashSet<>();
        for (StationInput s : fleet) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("station " + s.id() + " appears twice in the fleet");
            }
        }
        Fleet view = new Fleet(now, zone, rules.minPeers(), fleet, history, clearSkyDays, clearSkySpans);
        StationInput[] all = fleet.toArray(new StationInput[0]);
        List<List<Condition>> found = new ArrayList<>(Collections.nCopies(all.length, null));
        List<Set<AlertType>> healthy = new ArrayList<>(Collections.nCopies(all.length, null));
        // stations are independent once the fleet view is built: evaluated on all cores, collected in input order
        IntStream.range(0, all.length).parallel().forEach(i -> {
            StationInput s = all[i];
            try {
                List<Condition> f = new ArrayList<>(2);
                Set<AlertType> h = EnumSet.noneOf(AlertType.class);
                Optional<Condition> off = offline.check(s, view);
                off.ifPresent(f::add);
                for (Rule rule : others) {
                    if (rule.type() != AlertType.IDLE || off.isEmpty()) {
                        rule.check(s, view).ifPresent(f::add);
                    }
                }
                for (Rule rule : allRules) {
                    if (f.stream().noneMatch(c -> c.type() == rule.type()) && rule.recovered(s, view)) {
                        h.add(rule.type());
                    }
                }
                found.set(i, f);
                healthy.set(i, h);
            } catch (RuntimeException e) {
                log.warn("alert evaluation of station {} failed: {}", s.id(), e.toString(), e);
            }
        });
        List<Condition> conditions = new ArrayList<>();
        Map<String, Set<AlertType>> recovered = new HashMap<>();
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < all.length; i++) {
            if (found.get(i) == null) {
                failed.add(all[i].id());
            } else {
                conditions.addAll(found.get(i));
                recovered.put(all[i].id(), healthy.get(i));
            }
        }
        // Most of a county or township silent since the same moment: the readings are not arriving, one gap, not N faults.
        List<DataGap> gaps = DataGap.find(fleet, conditions.stream().filter(c -> c.type() == AlertType.OFFLINE).toList());
        if (!gaps.isEmpty()) {
            Set<String> inGap = new HashSet<>();
            for (DataGap g : gaps) inGap.addAll(g.stations());
            conditions.removeIf(c -> c.type() == AlertType.OFFLINE && inGap.contains(c.stationId()));
        }
        return new Evaluation(now, conditions, recovered, failed, gaps);
    }

    /** A condition with {@code kwh} rounded to 0.1 kWh and priced at the station's feed-in tariff. */
    static Condition condition(StationInput s, AlertType type, Instant since, String detail, double kwh) {
        BigDecimal lostKwh = BigDecimal.valueOf(Math.max(0, kwh)).setScale(1, KWH_ROUNDING);
        Money lostYuan = Money.ofYuan(lostKwh.multiply(s.feedInYuanPerKwh()), MONEY_ROUNDING);
        return new Condition(s.id(), type, since, detail, lostKwh, lostYuan);
    }
}
