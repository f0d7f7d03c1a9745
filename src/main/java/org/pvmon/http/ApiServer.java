package org.pvmon.http;

import org.pvmon.notify.Outbox;
import org.pvmon.alerting.AlertBook;
import org.pvmon.alerting.AlertMonitor;
import org.pvmon.dayenergy.ClosedDays;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.fleet.FleetState;
import org.pvmon.receipts.AccruedRevenue;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.receipts.Receivables;
import org.pvmon.registry.files.ReceiptFiles;
import org.pvmon.registry.files.RegistryCsv;
import org.pvmon.statements.CountyStatements;
import org.pvmon.statements.PlanBook;
import org.pvmon.statements.Statements;
import org.pvmon.statements.export.FontMissingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
import org.pvmon.ingest.Ingest;
import org.pvmon.station.LoggerStatus;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;
import org.pvmon.registry.Registry;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.RegistryException;
import org.pvmon.registry.ConflictException;
import org.pvmon.store.InfluxStore;
import org.pvmon.store.Reading;
import org.pvmon.store.Readings;
import org.pvmon.store.RejectedReading;
import org.pvmon.store.StoreUnavailableException;
import org.pvmon.web.WebAssets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin): health, stations, curves, daily energy, monthly revenue, distribution statements, alerts,
 * rejected readings, ingest counters, metrics.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /**
     * What the API serves, built by {@code App} (the only place services are constructed). {@code closedDays} is null
     * when daily energy is not stored ({@code energy.keep-days=0}).
     */
    public record Services(Clock clock, PrometheusRegistry metrics, Ingest ingest, InfluxStore store, Readings readings,
                           StationDirectory stations, Registry registry, RegistryCsv registryFiles,
                           FleetState fleet, StationEnergy energy, ClosedDays closedDays, AccruedRevenue revenue,
                           Statements statements, CountyStatements counties, PlanBook plans,
                           ReceiptBook receipts, ReceiptFiles receiptFiles, Receivables receivables,
                           AlertMonitor alerts, AlertBook alertBook, Outbox outbox) {
    }

    private final Services services;
    private final StationDirectory stations;
    private final Readings readings;
    private final Ingest ingest;
    private final Clock clock;
    private final Duration offlineAfter;
    private final ObjectMapper json;
    private final Javalin app;

    /** @param offlineAfter how long without a reading a station counts as offline (setting {@code ingest.offline-after-seconds}) */
    public ApiServer(Services services, Duration offlineAfter) {
        this.services = services;
        this.stations = services.stations();
        this.readings = services.readings();
        this.ingest = services.ingest();
        this.clock = services.clock();
        this.offlineAfter = offlineAfter;
        this.json = mapper();
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.defaultContentType = "application/json";
            WebAssets.install(cfg);
        });
        routes();
    }

    /** How the API writes JSON: dates and times as ISO-8601 text. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    private void routes() {
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "up")));
        app.get("/health/ready", this::ready);
        app.get("/metrics", this::metrics);
        app.get("/api/stations", this::stationList);
        app.get("/api/stations/{id}", ctx -> {
            Station s = station(ctx);
            Map<String, Reading> latest = services.fleet().latest();
            ctx.json(stationView(s, latest != null ? latest : readings.latest(s.id())));
        });
        app.get("/api/stations/{id}/power", this::power);
        app.get("/api/stations/{id}/energy/daily", this::stationEnergy);
        app.get("/api/energy/daily", this::fleetEnergy);
        app.post("/api/energy/recompute", this::recompute);
        app.get("/api/rejected-readings", this::rejected);
        app.get("/api/ingest/counters", ctx -> ctx.json(ingest.counters()));
        new RevenueRoutes(stations, services.revenue(), clock).register(app);
        new AlertRoutes(stations, services.alerts(), services.alertBook(), services.registry(), clock, json).register(app);
        new StatementRoutes(services.registry(), services.statements(), clock, json).register(app);
        new RegistryRoutes(services.registry(), services.registryFiles(), stations, clock).register(app);
        new ReceiptRoutes(services.registry(), services.receipts(), services.receiptFiles(), services.receivables(), clock).register(app);
        new PlanRoutes(services.registry(), services.plans(), clock).register(app);
        new CountyRoutes(services.counties(), clock).register(app);
        new ClockRoutes(clock).register(app);
        new NotificationRoutes(services.outbox()).register(app);

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage(), e.parameter));
        app.exception(FieldException.class, (e, ctx) -> error(ctx, 400, "bad_parameter", e.getMessage(), e.field()));
        app.exception(RegistryException.class, (e, ctx) -> {
            Map<String, Object> body = errorBody("invalid", e.getMessage(), null); // the first 50 problems
            if (!e.problems().isEmpty()) body.put("problems", e.problems()); // every problem of a refused file
            write(ctx, 400, body);
        });
        app.exception(ConflictException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage(), null));
        app.exception(FontMissingException.class, (e, ctx) -> error(ctx, 503, "font_missing", e.getMessage(), null));
        app.exception(StoreUnavailableException.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "store_unavailable", "InfluxDB is not reachable; readings keep arriving in the spool. Try again shortly.", null);
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "Unexpected error; see the service log.", null);
        });
        app.error(404, ctx -> {
            if (ctx.attribute("error-written") == null) {
                error(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path() + " (see docs/api.md)", null);
            }
        });
        app.error(405, ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null));
    }

    private static void error(Context ctx, int status, String code, String message, String parameter) {
        write(ctx, status, errorBody(code, message, parameter));
    }

    private static Map<String, Object> errorBody(String code, String message, String parameter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (parameter != null) body.put("parameter", parameter);
        return body;
    }

    private static void write(Context ctx, int status, Map<String, Object> body) {
        ctx.attribute("error-written", true);
        ctx.status(status).json(body);
    }

    private void ready(Context ctx) {
        boolean broker = ingest.brokerConnected();
        boolean influx = services.store().ping();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", broker && influx ? "ready" : "not_ready");
        body.put("broker", broker ? "connected" : "disconnected");
        body.put("influxdb", influx ? "reachable" : "unreachable");
        // informational, not part of readiness: until loaded, the overview answers from InfluxDB (correct, slower)
        body.put("overview", services.fleet().latest() != null && services.fleet().window() != null ? "loaded" : "loading"); // + recent readings
        // informational: until complete, some closed days are computed from the raw readings (correct, slower)
        body.put("energyDays", services.closedDays() == null ? "off" : services.closedDays().status());
        ctx.status(broker && influx ? 200 : 503).json(body);
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        new PrometheusTextFormatWriter(false).write(out, services.metrics().scrape());
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toByteArray());
    }

    private Station station(Context ctx) {
        String id = ctx.pathParam("id");
        return stations.find(id).orElseThrow(() -> ApiException.notFound("No station '" + id + "'; GET /api/stations lists them"));
    }

    /** Written straight to JSON (StationListJson): at 10,000 stations building maps first was most of the cost. */
    private void stationList(Context ctx) throws IOException {
        Map<String, Reading> latest = services.fleet().latest(); // in memory; before its first refresh from InfluxDB
        if (latest == null) latest = readings.latest(null);
        List<Station> all = stations.all();
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
        if (status != null && status.state().equals("offline") && (p == null || !p.time().isAfter(status.since()))) {
            return "offline";
        }
        if (p == null) return "no_data";
        return p.time().isAfter(clock.instant().minus(offlineAfter)) ? "online" : "offline";
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

    private void power(Context ctx) {
        Station s = station(ctx);
        LocalDate day = Params.date(ctx, "date", LocalDate.now(clock.withZone(Periods.ZONE)));
        Instant from = day.atStartOfDay(Periods.ZONE).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(Periods.ZONE).toInstant();
        List<Map<String, Object>> points = new ArrayList<>();
        for (Reading p : readings.range(s.id(), from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", p.time().atZone(Periods.ZONE).toOffsetDateTime());
            m.put("powerKw", num(p.powerKw()));
            m.put("energyKwh", num(p.energyKwh()));
            m.put("state", p.state());
            points.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("station", s.id());
        body.put("date", day);
        body.put("timezone", Periods.ZONE.getId());
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
        List<Station> all = stations.all();
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
        String id = ctx.queryParam("station");
        if (id != null && stations.find(id).isEmpty()) throw ApiException.badParameter("station", "no station '" + id + "'");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", range.from());
        body.put("to", range.to());
        body.put("station", id);
        body.put("forgotten", services.closedDays().forget(id, range.from(), range.to()));
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
        List<RejectedReading> rows = readings.rejected(limit, reason, station);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", rows.size());
        body.put("rejected", rows);
        ctx.json(body);
    }

    /** Serves on {@code host}:{@code port} (port 0: any free port). */
    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
