package org.pvmon.http;

import org.pvmon.access.AccessException;
import org.pvmon.access.Accounts;
import org.pvmon.access.ApiTokens;
import org.pvmon.access.Permission;
import org.pvmon.access.Sessions;
import org.pvmon.audit.AuditLog;
import org.pvmon.loggers.LoggerCredentials;
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
import org.pvmon.statements.PaymentRefusedException;
import org.pvmon.statements.export.FontMissingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.servlet.FilterHolder;
import org.pvmon.config.Config;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pvmon.ingest.Ingest;
import org.pvmon.station.StationDirectory;
import org.pvmon.registry.Registry;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.IdNumbers;
import org.pvmon.registry.RegistryException;
import org.pvmon.registry.ConflictException;
import org.pvmon.store.InfluxStore;
import org.pvmon.store.Readings;
import org.pvmon.store.StoreUnavailableException;
import org.pvmon.web.WebAssets;
import org.pvmon.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin): builds each capability's routes on the services App built, serves health and metrics, and
 * maps every error to a JSON body in one place.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /**
     * What the API serves, built by {@code App} (the only place services are constructed). {@code closedDays} is null
     * when daily energy is not stored ({@code energy.keep-days=0}).
     */
    public record Services(Clock clock, PrometheusRegistry metrics, Workers workers, Ingest ingest, InfluxStore store, Readings readings,
                           StationDirectory stations, Registry registry, RegistryCsv registryFiles,
                           FleetState fleet, StationEnergy energy, ClosedDays closedDays, AccruedRevenue revenue,
                           Statements statements, CountyStatements counties, PlanBook plans,
                           ReceiptBook receipts, ReceiptFiles receiptFiles, Receivables receivables,
                           AlertMonitor alerts, AlertBook alertBook, Outbox outbox,
                           Accounts accounts, Sessions sessions, ApiTokens tokens, AuditLog audit, LoggerCredentials loggers) {
    }

    private final Services services;
    private final StationDirectory stations;
    private final Ingest ingest;
    private final Clock clock;
    private final Duration offlineAfter;
    private final ObjectMapper json;
    private final Javalin app;
    private final long maxBodyBytes;
    private final UploadGate uploads = new UploadGate();

    /**
     * @param offlineAfter how long without a reading a station counts as offline (setting {@code ingest.offline-after-seconds})
     * @param uploads      the bounds on request bodies and uploaded files (settings {@code uploads.*})
     */
    private final Config.Auth auth;

    public ApiServer(Services services, Duration offlineAfter, Config.Uploads uploads, Config.Auth auth) {
        this.auth = auth;
        this.services = services;
        this.stations = services.stations();
        this.ingest = services.ingest();
        this.clock = services.clock();
        this.offlineAfter = offlineAfter;
        this.maxBodyBytes = uploads.maxBodyBytes();
        this.json = mapper();
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.defaultContentType = "application/json";
            cfg.http.maxRequestSize = uploads.maxBodyBytes(); // bodies are bounded by BodyLimit, chunked ones too
            cfg.jetty.modifyServletContextHandler(h -> {
                h.addFilter(new FilterHolder(new BodyLimit(uploads.maxBodyBytes())), "/*", EnumSet.of(DispatcherType.REQUEST));
                h.setErrorHandler(new JsonErrors());
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
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
        Guard guard = new Guard(services.sessions(), services.tokens(), services.registry(), services.statements(), services.receipts(),
                services.alertBook(), auth);
        app.beforeMatched(guard::before);
        Audit audit = new Audit(services.audit(), auth);
        app.get("/health/live", this::live, Rule.PUBLIC);
        app.get("/health/ready", this::ready, Rule.PUBLIC);
        app.get("/metrics", this::metrics, Rule.needs(Permission.OPERATE));
        new AccessRoutes(services.accounts(), services.sessions(), services.tokens(), auth, clock, audit).register(app);
        new AuditRoutes(services.audit(), audit).register(app);
        new LoggerRoutes(services.loggers(), audit).register(app);
        new StationRoutes(services, offlineAfter, json, audit).register(app);
        new RevenueRoutes(stations, services.revenue(), clock).register(app);
        new AlertRoutes(stations, services.alerts(), services.alertBook(), services.registry(), clock, json, audit).register(app);
        new StatementRoutes(services.registry(), services.statements(), clock, json, audit).register(app);
        new RegistryRoutes(services.registry(), services.registryFiles(), stations, uploads, clock, audit).register(app);
        new ReceiptRoutes(services.registry(), services.receipts(), services.receiptFiles(), services.receivables(), uploads, clock, audit).register(app);
        new PlanRoutes(services.registry(), services.plans(), clock, audit).register(app);
        new CountyRoutes(services.counties(), clock, audit).register(app);
        new ClockRoutes(clock).register(app);
        new NotificationRoutes(services.outbox()).register(app);

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage(), e.parameter));
        app.exception(FieldException.class, (e, ctx) -> error(ctx, 400, "bad_parameter", e.getMessage(), e.field()));
        app.exception(RegistryException.class, (e, ctx) -> {
            Map<String, Object> body = errorBody("invalid", e.getMessage(), null); // the first 50 problems
            if (!e.problems().isEmpty()) body.put("problems", e.problems()); // every problem of a refused file
            write(ctx, 400, body);
        });
        app.exception(BodyLimit.TooLarge.class, (e, ctx) -> {
            ctx.header("Connection", "close"); // the rest of the body is not read
            error(ctx, 413, "too_large", e.getMessage(), "body");
        });
        app.exception(UploadGate.Busy.class, (e, ctx) -> error(ctx, 503, "busy", e.getMessage(), null));
        app.exception(AccessException.class, (e, ctx) -> {
            switch (e.reason()) {
                case BAD_CREDENTIALS -> error(ctx, 401, "bad_credentials", e.getMessage(), null);
                case LOCKED -> error(ctx, 423, "locked", e.getMessage(), null);
                case THROTTLED -> error(ctx, 429, "throttled", e.getMessage(), null);
                case WEAK_PASSWORD -> error(ctx, 400, "weak_password", e.getMessage(), "password");
                case INVALID -> error(ctx, 400, "invalid", e.getMessage(), null);
                case NOT_FOUND -> error(ctx, 404, "not_found", e.getMessage(), null);
                case CONFLICT -> error(ctx, 409, "conflict", e.getMessage(), null);
            }
        });
        app.exception(ConflictException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage(), null));
        app.exception(PaymentRefusedException.class, (e, ctx) -> {
            if (e.reason() == PaymentRefusedException.Reason.NOTHING_TO_PAY) error(ctx, 409, "nothing_to_pay", e.getMessage(), null);
            else error(ctx, 400, "amount_differs", e.getMessage(), "amountYuan");
        });
        app.exception(FontMissingException.class, (e, ctx) -> error(ctx, 503, "font_missing", e.getMessage(), null));
        app.exception(StoreUnavailableException.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), IdNumbers.maskIn(e.getMessage()));
            error(ctx, 503, "store_unavailable", "InfluxDB is not reachable; readings keep arriving in the spool. Try again shortly.", null);
        });
        app.exception(Exception.class, (e, ctx) -> {
            // masked: a database error can quote the row it refused, a household's ID number with it
            log.error("{} {} failed", ctx.method(), ctx.path(), IdNumbers.maskIn(e));
            error(ctx, 500, "internal_error", "Unexpected error; see the service log.", null);
        });
        app.error(404, ctx -> {
            if (ctx.attribute("error-written") == null) {
                error(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path() + " (see docs/api.md)", null);
            }
        });
        app.error(413, ctx -> {
            if (ctx.attribute("error-written") == null) error(ctx, 413, "too_large", BodyLimit.message(maxBodyBytes), "body");
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

    /**
     * Liveness: 200 while every worker that must run is running (or being restarted); 503 naming the dead ones when one
     * was given up, so that the supervisor (systemd, Kubernetes) restarts the process. Readiness is {@link #ready}.
     */
    private void live(Context ctx) {
        Map<String, Workers.Dead> dead = services.workers().dead();
        if (dead.isEmpty()) {
            ctx.json(Map.of("status", "up"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "down");
        body.put("dead", dead.values());
        ctx.status(503).json(body);
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
        // informational: until complete, some stored days have no hourly means yet (docs/operations.md "Retention and hourly means")
        body.put("hourlyMeans", services.closedDays() == null ? "off" : services.closedDays().hourlyStatus());
        // informational: whether InfluxDB already keeps raw readings only influx.raw-keep-days (pending: older days are
        // being stored with their hourly means first)
        org.pvmon.store.RawRetention raw = services.store().rawRetention();
        body.put("rawRetention", raw.targetDays() == 0 ? "off" : raw.shorteningPending() ? "pending" : "applied");
        ctx.status(broker && influx ? 200 : 503).json(body);
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        new PrometheusTextFormatWriter(false).write(out, services.metrics().scrape());
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toByteArray());
    }

    /** One endpoint and its access rule, as registered: what the access matrix test and docs/api.md go by. */
    public record Endpoint(String method, String path, String rule, String permission) {
    }

    /** Every endpoint with its rule (an endpoint without one has rule null and is refused to everybody). */
    public java.util.List<Endpoint> endpoints() {
        java.util.List<Endpoint> out = new java.util.ArrayList<>();
        for (io.javalin.router.ParsedEndpoint pe : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            io.javalin.router.Endpoint e = pe.getEndpoint();
            if (!e.getMethod().isHttpMethod()) continue;
            Rule rule = null;
            for (io.javalin.security.RouteRole r : e.getRoles()) if (r instanceof Rule x) rule = x;
            out.add(new Endpoint(e.getMethod().name(), e.getPath(), rule == null ? null : rule.name(),
                    rule == null || rule.permission() == null ? null : rule.permission().name()));
        }
        return out;
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
