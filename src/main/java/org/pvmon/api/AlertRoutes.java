package org.pvmon.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.alerts.AlertEvaluator;
import org.pvmon.alerts.AlertRules;
import org.pvmon.alerts.Condition;
import org.pvmon.alerts.Evaluation;
import org.pvmon.alerts.StationInput;
import org.pvmon.energy.CounterSample;
import org.pvmon.energy.EnergyReport;
import org.pvmon.ingest.Ingest;
import org.pvmon.registry.Registry;
import org.pvmon.revenue.StationTariff;
import org.pvmon.revenue.Tariff;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.store.ReadingPoint;
import org.pvmon.store.Readings;

/**
 * What is wrong right now: the alert rules evaluated on demand over the fleet's stored readings (OFFLINE, IDLE,
 * UNDERPERFORMING, METER, with since when, lost kWh and lost yuan). The alert lifecycle (one open alert per station and
 * type, acknowledge, auto-resolve, history, notifications) builds on this in the alerts issue.
 */
final class AlertRoutes {
    private static final Duration RECENT = Duration.ofDays(2);
    private static final int DAYS = 14;

    private final StationDirectory stations;
    private final Registry registry;
    private final Readings readings;
    private final StationEnergy energy;
    private final Ingest ingest;
    private final Clock clock;
    private final AlertEvaluator evaluator = new AlertEvaluator(AlertRules.defaults(), ApiServer.ZONE);

    AlertRoutes(StationDirectory stations, Registry registry, Readings readings, StationEnergy energy, Ingest ingest, Clock clock) {
        this.stations = stations;
        this.registry = registry;
        this.readings = readings;
        this.energy = energy;
        this.ingest = ingest;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/alerts/current", this::current);
    }

    private void current(Context ctx) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ApiServer.ZONE);
        List<Station> all = stations.all();
        Map<String, ReadingPoint> latest = readings.latest(Duration.ofDays(30));
        Map<String, List<CounterSample>> recent = new LinkedHashMap<>();
        for (ReadingPoint p : readings.rangeAll(now.minus(RECENT), now.plusSeconds(1))) {
            recent.computeIfAbsent(p.station(), k -> new ArrayList<>()).add(new CounterSample(p.time(), p.energyKwh(), p.powerKw()));
        }
        Map<String, EnergyReport> days = energy.daily(all, today.minusDays(DAYS - 1), today);
        List<StationInput> fleet = new ArrayList<>();
        for (Station s : all) {
            ReadingPoint last = latest.get(s.id());
            fleet.add(new StationInput(s, feedIn(s, today), last == null ? null : last.time(), last == null ? null : last.state(),
                    ingest.loggerStatuses().get(s.id()), recent.getOrDefault(s.id(), List.of()), days.get(s.id()).days()));
        }
        Evaluation e = evaluator.evaluate(now, fleet);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Condition c : e.conditions()) {
            Station s = stations.find(c.stationId()).orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("station", s.id());
            m.put("name", s.name());
            m.put("township", s.township());
            m.put("village", s.village());
            m.put("type", c.type().name());
            m.put("since", c.since().atZone(ApiServer.ZONE).toOffsetDateTime());
            m.put("detail", c.detail());
            m.put("lostKwh", c.lostKwh());
            m.put("lostYuan", c.lostYuan().yuan());
            rows.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", now.atZone(ApiServer.ZONE).toOffsetDateTime());
        body.put("conditions", rows);
        body.put("failed", e.failed());
        ctx.json(body);
    }

    /** What a lost kWh earns this station today: the benchmark part, plus the subsidy once in the catalogue. */
    private BigDecimal feedIn(Station s, LocalDate today) {
        StationTariff t = registry.tariffOf(s.id());
        Tariff tariff = t.on(today).orElse(null);
        if (tariff == null) return BigDecimal.ZERO;
        boolean subsidy = t.catalogueDate() != null && !today.isBefore(t.catalogueDate());
        return subsidy ? tariff.feedInPerKwh() : tariff.benchmarkPerKwh();
    }
}
