package org.pvmon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.energy.EnergyReport;
import org.pvmon.energy.Periods;
import org.pvmon.fleet.Online;
import org.pvmon.access.Permission;
import org.pvmon.ingest.Ingest;
import org.pvmon.station.LoggerStatus;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.store.Reading;
import org.pvmon.store.HourMean;
import org.pvmon.store.Readings;
import org.pvmon.store.RejectedReading;

/**
 * Stations and their readings: the station list with each station's latest reading and online state, a day's power
 * curve, daily energy of a station or the fleet, recomputing stored days, rejected readings and ingest's counters.
 */
final class StationRoutes {
    private final ApiServer.Services services;
    private final StationDirectory stations;
    private final Readings readings;
    private final Ingest ingest;
    private final Clock clock;
    private final Duration offlineAfter;
    private final ObjectMapper json;

    private final Audit audit;

    StationRoutes(ApiServer.Services services, Duration offlineAfter, ObjectMapper json, Audit audit) {
        this.audit = audit;
        this.services = services;
        this.stations = services.stations();
        this.readings = services.readings();
        this.ingest = services.ingest();
        this.clock = services.clock();
        this.offlineAfter = offlineAfter;
        this.json = json;
    }

    void register(Javalin app) {
        Rule read = Rule.needs(Permission.FLEET_READ);
        app.get("/api/stations", this::stationList, read);
        app.get("/api/stations/{id}", ctx -> {
            Station s = station(ctx);
            Map<String, Reading> latest = services.fleet().latest();
            ctx.json(stationView(s, latest != null ? latest : readings.latest(s.id())));
        }, read);
        app.get("/api/stations/{id}/power", this::power, read);
        app.get("/api/stations/{id}/energy/daily", this::stationEnergy, read);
        app.get("/api/energy/daily", this::fleetEnergy, read);
        app.post("/api/energy/recompute", this::recompute, Rule.needs(Permission.OPERATE));
        app.get("/api/rejected-readings", this::rejected, Rule.needs(Permission.OPERATE));
        app.get("/api/ingest/counters", ctx -> ctx.json(ingest.counters()), Rule.needs(Permission.OPERATE));
    }

    private Station station(Context ctx) {
        String id = ctx.pathParam("id");
        return stations.find(id).orElseThrow(() -> ApiException.noStation(id));
    }

    /** The stations the caller sees (all of them for a scope of everywhere). */
    private List<Station> visible(Context ctx) {
        Caller c = Caller.of(ctx);
        List<Station> all = stations.all();
        return c.everywhere() ? all : all.stream().filter(c::sees).toList();
    }

    /** Written straight to JSON (StationListJson): at 10,000 stations building maps first was most of the cost. */
    private void stationList(Context ctx) throws IOException {
        Map<String, Reading> latest = services.fleet().latest(); // in memory; before its first refresh from InfluxDB
        List<Station> all = visible(ctx);
        if (latest == null) latest = readings.latestOf(all.stream().map(Station::id).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + all.size() * 400);
        try (com.fasterxml.jackson.core.JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Station s : all) {
                Reading p = latest.get(s.id());
                LoggerStatus status = ingest.loggerStatus(s.id());
                StationListJson.write(g, s, onlineState(p, status), status, p);
            }
            g.writeEndArray();
        }
        ctx.contentType("application/json").result(out.toByteArray());
    }

    /** A station's registry fields as every station view shows them. */
    static Map<String, Object> stationFields(Station s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("village", s.village());
        m.put("township", s.township());
        m.put("county", s.county());
        m.put("capacityKwp", s.capacityKwp());
        m.put("lat", s.lat());
        m.put("lon", s.lon());
        m.put("gridConnectionDate", s.gridConnectionDate());
        return m;
    }

    private Map<String, Object> stationView(Station s, Map<String, Reading> latest) {
        Reading p = latest.get(s.id());
        LoggerStatus status = ingest.loggerStatus(s.id());
        return stationView(s, onlineState(p, status), status, p);
    }

    /** A station as GET /api/stations/{id} shows it (and, written by StationListJson, each item of GET /api/stations). */
    static Map<String, Object> stationView(Station s, String online, LoggerStatus status, Reading p) {
        Map<String, Object> m = stationFields(s);
        m.put("online", online);
        if (status == null) {
            m.put("loggerStatus", null);
        } else {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("state", status.state());
            st.put("since", status.since());
            m.put("loggerStatus", st);
        }
        m.put("latest", p == null ? null : point(p));
        return m;
    }

    /** online: a recent reading and no last-will "offline" since; offline: otherwise; no_data: never reported (30 days). */
    private String onlineState(Reading p, LoggerStatus status) {
        return Online.state(p, status, clock.instant(), offlineAfter);
    }

    private static Map<String, Object> point(Reading p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", p.time());
        m.put("powerKw", num(p.powerKw()));
        m.put("energyKwh", num(p.energyKwh()));
        m.put("state", p.state());
        m.put("faultCode", Double.isNaN(p.faultCode()) ? null : (int) p.faultCode());
        m.put("moduleTempC", num(p.moduleTempC()));
        m.put("irradianceWm2", num(p.irradianceWm2()));
        return m;
    }

    private static Double num(double d) {
        return Double.isFinite(d) ? d : null;
    }

    /** Days of one raw curve at most (a week of one-minute readings: 10,080 points). */
    private static final int RAW_DAYS = 7;
    /** Days of one hourly curve at most. */
    private static final int HOURLY_DAYS = 92;

    /**
     * {@code GET /api/stations/{id}/power}: the readings of a day ({@code date}) or the hourly means of a range
     * ({@code from}, {@code to}); {@code resolution} {@code auto} (default: the readings of a single day while InfluxDB
     * keeps them, else hourly means), {@code raw} or {@code hour}.
     */
    private void power(Context ctx) {
        Station s = station(ctx);
        LocalDate today = LocalDate.now(clock.withZone(Periods.ZONE));
        LocalDate from;
        LocalDate to;
        if (ctx.queryParam("from") != null || ctx.queryParam("to") != null) {
            if (ctx.queryParam("date") != null) throw ApiException.badParameter("date", "give either date or from/to");
            Params.DateRange range = Params.DateRange.of(ctx, today, HOURLY_DAYS);
            from = range.from();
            to = range.to();
        } else {
            from = Params.date(ctx, "date", today);
            to = from;
        }
        String asked = ctx.queryParamAsClass("resolution", String.class).getOrDefault("auto");
        if (!asked.equals("auto") && !asked.equals("raw") && !asked.equals("hour")) {
            throw ApiException.badParameter("resolution", "must be auto, raw or hour");
        }
        LocalDate rawFrom = services.store().rawRetention().rawFrom(today);
        boolean rawKept = rawFrom == null || !from.isBefore(rawFrom);
        boolean raw = asked.equals("raw") || (asked.equals("auto") && from.equals(to) && rawKept);
        if (raw && !rawKept) {
            throw ApiException.badParameter("resolution", "the readings before " + rawFrom + " are no longer kept (InfluxDB keeps them "
                    + services.store().rawRetention().keptDays() + " days): ask resolution=hour for their hourly means");
        }
        if (raw && from.plusDays(RAW_DAYS).isBefore(to.plusDays(1))) {
            throw ApiException.badParameter("to", "readings of at most " + RAW_DAYS + " days at once: ask resolution=hour for longer ranges");
        }
        Instant start = from.atStartOfDay(Periods.ZONE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(Periods.ZONE).toInstant();
        List<Map<String, Object>> points = new ArrayList<>();
        if (raw) {
            for (Reading p : readings.range(s.id(), start, end)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("time", p.time().atZone(Periods.ZONE).toOffsetDateTime());
                m.put("powerKw", num(p.powerKw()));
                m.put("energyKwh", num(p.energyKwh()));
                m.put("state", p.state());
                points.add(m);
            }
        } else {
            Instant kept = rawFrom == null ? Instant.MIN : rawFrom.atStartOfDay(Periods.ZONE).toInstant();
            for (HourMean h : readings.hourlyCurve(s.id(), start, end, kept)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("time", h.hour().atZone(Periods.ZONE).toOffsetDateTime());
                m.put("powerKw", num(h.powerKw()));
                m.put("powerMaxKw", num(h.powerMaxKw()));
                m.put("energyKwh", num(h.energyKwh()));
                m.put("samples", h.samples());
                points.add(m);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("station", s.id());
        if (from.equals(to)) body.put("date", from);
        body.put("from", from);
        body.put("to", to);
        body.put("timezone", Periods.ZONE.getId());
        body.put("resolution", raw ? "raw" : "hour");
        body.put("rawKeptFrom", rawFrom);
        body.put("points", points);
        ctx.json(body);
    }

    private void stationEnergy(Context ctx) {
        Station s = station(ctx);
        Params.DateRange range = Params.DateRange.of(ctx, LocalDate.now(clock.withZone(Periods.ZONE)), 366);
        ctx.json(energyView(s, range, services.energy().daily(s, range.from(), range.to())));
    }

    private void fleetEnergy(Context ctx) {
        Params.DateRange range = Params.DateRange.of(ctx, LocalDate.now(clock.withZone(Periods.ZONE)), 92);
        List<Station> all = visible(ctx);
        Map<String, EnergyReport> reports = services.fleet().daily(all, range.from(), range.to(), () -> services.energy().daily(all, range.from(), range.to()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Station s : all) out.add(energyView(s, range, reports.get(s.id())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", range.from());
        body.put("to", range.to());
        body.put("timezone", Periods.ZONE.getId());
        body.put("stations", out);
        ctx.json(body);
    }

    /**
     * {@code POST /api/energy/recompute?from=&to=[&station=]}: the stored days of the range are forgotten and computed
     * again from the readings within {@code energy.close-every-seconds}; for readings written to InfluxDB other than
     * through ingest (which marks the days it changes by itself).
     */
    private void recompute(Context ctx) {
        if (services.closedDays() == null) throw new ApiException(409, "conflict", "energy.keep-days", "daily energy is not stored (energy.keep-days is 0): nothing to recompute");
        if (ctx.queryParam("from") == null) throw ApiException.badParameter("from", "required: the first day (yyyy-MM-dd) to compute again");
        Params.DateRange range = Params.DateRange.of(ctx, LocalDate.now(clock.withZone(Periods.ZONE)), 4000);
        LocalDate computable = services.closedDays().computableFrom();
        if (range.from().isBefore(computable)) {
            throw new ApiException(409, "conflict", "from", "the days before " + computable + " cannot be computed again: InfluxDB "
                    + "no longer keeps all their readings (it keeps them " + services.store().rawRetention().keptDays()
                    + " days); their stored energy stands");
        }
        String id = ctx.queryParam("station");
        if (id != null && (stations.find(id).isEmpty() || !Caller.of(ctx).seesStation(id))) {
            throw ApiException.badParameter("station", "no station '" + id + "'");
        }
        if (id == null && !Caller.of(ctx).everywhere()) {
            throw ApiException.badParameter("station", "is required: your scope is " + Caller.of(ctx).scope().label());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", range.from());
        body.put("to", range.to());
        body.put("station", id);
        body.put("forgotten", services.closedDays().forget(id, range.from(), range.to()));
        audit.record(ctx, "energy.recompute", id == null ? "fleet" : "station:" + id, range.from() + ".." + range.to());
        ctx.json(body);
    }

    private static Map<String, Object> energyView(Station s, Params.DateRange range, EnergyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("station", s.id());
        m.put("name", s.name());
        m.put("capacityKwp", s.capacityKwp());
        m.put("from", range.from());
        m.put("to", range.to());
        m.put("timezone", Periods.ZONE.getId());
        m.put("totalKwh", r.totalKwh());
        m.put("estimated", r.estimated());
        m.put("daysWithoutData", r.daysWithoutData());
        m.put("days", r.days());
        return m;
    }

    private void rejected(Context ctx) {
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        String reason = ctx.queryParam("reason");
        if (reason != null && java.util.Arrays.stream(org.pvmon.ingest.Rejection.Reason.values())
                .noneMatch(r -> r.wireName().equals(reason))) {
            throw ApiException.badParameter("reason", "unknown reason '" + reason + "'; see docs/telemetry.md");
        }
        String station = ctx.queryParam("station");
        if (station != null && !StationDirectory.ID.matcher(station).matches()) {
            throw ApiException.badParameter("station", "must be a station id (A-Z a-z 0-9 _ -), got '" + station + "'");
        }
        Caller c = Caller.of(ctx);
        // a scope short of everywhere sees its stations' rejected readings only (none of unknown stations)
        List<RejectedReading> rows = station != null && !c.seesStation(station) ? List.of() : readings.rejected(limit, reason, station);
        if (!c.everywhere()) rows = rows.stream().filter(r -> r.station() != null && c.seesStation(r.station())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", rows.size());
        body.put("rejected", rows);
        ctx.json(body);
    }
}
