package org.pvmon.http;

import org.pvmon.access.Permission;

import org.pvmon.energy.Periods;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.registry.Registry;
import org.pvmon.registry.files.RegistryCsv;
import org.pvmon.registry.files.RegistryCsv.Table;
import org.pvmon.registry.Village;
import org.pvmon.revenue.StationTariff;
import org.pvmon.revenue.Tariff;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/**
 * The registry over HTTP, for the village and township officials who keep it: lists (villages with their counts,
 * stations with owners and tariffs, a village's households and posts), each table exported as the import file, and
 * edits by uploading a table's CSV — the same checks as {@code pvmon.jar import}, applied to the whole file or not at
 * all, refused with every {@code 第N行 列: 问题 | row N, column …} problem. Officials keep the register in Excel; an
 * upload of one row edits one household (the rows of a household replace its enrollments, so a household that leaves
 * is an upload of its row with 退出日期 filled in).
 *
 * <p>ID numbers are masked in the JSON lists (they are for screens); the CSV export carries them in full because it is
 * the file that is edited and uploaded again. An upload of stations takes effect at once: ingest, alerts and the views
 * use the registry's stations from their next lookup (the station directory is replaced), and new stations get the
 * default tariff of their grid-connection year; the station file is imported again at a start only when it changed.
 */
final class RegistryRoutes {
    private final Registry registry;
    private final RegistryCsv csv;
    private final Clock clock;
    private final StationDirectory directory;
    private final UploadGate uploads;

    /** {@code directory}: what ingest, alerts and the views look stations up in; replaced after a stations upload. */
    private final Audit audit;

    RegistryRoutes(Registry registry, RegistryCsv csv, StationDirectory directory, UploadGate uploads, Clock clock, Audit audit) {
        this.audit = audit;
        this.uploads = uploads;
        this.directory = directory;
        this.registry = registry;
        this.csv = csv;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/registry/villages", ctx -> ctx.json(villages(Caller.of(ctx))), Rule.needs(Permission.FLEET_READ));
        app.get("/api/registry/villages/{villageId}/households", ctx -> ctx.json(households(village(ctx))),
                Rule.needs(Permission.HOUSEHOLD_READ));
        app.get("/api/registry/villages/{villageId}/posts", ctx -> ctx.json(posts(village(ctx))), Rule.needs(Permission.HOUSEHOLD_READ));
        app.get("/api/registry/stations", ctx -> ctx.json(stations(Caller.of(ctx))), Rule.needs(Permission.FLEET_READ));
        // which tables a role may read is the handler's: households and posts need HOUSEHOLD_READ (O&M reads stations only)
        app.get("/api/registry/{table}/export.csv", ctx -> export(ctx, false), Rule.needs(Permission.FLEET_READ));
        app.get("/api/registry/{table}/export.xlsx", ctx -> export(ctx, true), Rule.needs(Permission.FLEET_READ));
        app.put("/api/registry/{table}", this::upload, Rule.upload(Permission.REGISTER_EDIT));
    }

    private List<Map<String, Object>> villages(Caller caller) {
        LocalDate today = LocalDate.now(clock.withZone(Periods.ZONE));
        Map<String, Long> stationsOwned = new LinkedHashMap<>();
        for (JointStation j : registry.owners().values()) {
            for (JointStation.Owner o : j.owners()) stationsOwned.merge(o.villageId(), 1L, Long::sum);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Village v : registry.villages()) {
            if (!caller.sees(v)) continue;
            List<Household> households = registry.householdsOf(v.id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id());
            m.put("name", v.name());
            m.put("township", v.township());
            m.put("county", v.county());
            m.put("stations", stationsOwned.getOrDefault(v.id(), 0L));
            m.put("households", households.size());
            m.put("householdsEnrolledToday", households.stream().filter(h -> h.enrolledOn(today)).count());
            m.put("posts", registry.postsOf(v.id()).size());
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> households(Village v) {
        LocalDate today = LocalDate.now(clock.withZone(Periods.ZONE));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Household h : registry.householdsOf(v.id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("headName", h.headName());
            m.put("idNumber", h.maskedIdNumber()); // masked on every screen; in full only in the register's export, for the roles that edit it
            m.put("size", h.size());
            m.put("attributes", h.attributes().stream().map(Enum::name).toList());
            m.put("enrollments", h.enrollments().stream().map(RegistryRoutes::range).toList());
            m.put("enrolledToday", h.enrolledOn(today));
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> posts(Village v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Post p : registry.postsOf(v.id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("title", p.title());
            m.put("holderHousehold", p.holderHouseholdId());
            m.put("monthlyWageYuan", p.monthlyWage().yuan());
            m.put("active", range(p.active()));
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> stations(Caller caller) {
        Map<String, JointStation> owners = registry.owners();
        Map<String, StationTariff> tariffs = registry.tariffs();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Station s : registry.stations()) {
            if (!caller.sees(s)) continue;
            Map<String, Object> m = StationRoutes.stationFields(s);
            StationTariff t = tariffs.get(s.id());
            m.put("catalogueDate", t == null ? null : t.catalogueDate());
            JointStation j = owners.get(s.id());
            m.put("owners", j == null ? List.of() : j.owners().stream()
                    .map(o -> Map.of("village", o.villageId(), "share", o.share())).toList());
            m.put("tariffs", t == null ? List.of() : t.tariffs().stream().map(RegistryRoutes::tariff).toList());
            out.add(m);
        }
        return out;
    }

    /**
     * {@code GET /api/registry/{table}/export.csv|xlsx}: the table as its import file, Chinese headers (CSV: UTF-8 with
     * BOM; XLSX: every value a text cell, so it comes back unchanged).
     */
    private void export(Context ctx, boolean xlsx) {
        Table table = table(ctx);
        Caller caller = Caller.of(ctx);
        if ((table == Table.HOUSEHOLDS || table == Table.POSTS) && !caller.may(Permission.HOUSEHOLD_READ)) {
            throw new ApiException(403, "forbidden", null, "您的角色无此权限 / your role (" + caller.user.role().english() + ") may not read households");
        }
        RegistryCsv.Reader reader = reader(caller);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (xlsx) {
            csv.exportXlsx(table, out, reader);
        } else {
            csv.exportCsv(table, out, reader);
        }
        if (table == Table.HOUSEHOLDS) {
            audit.record(ctx, "registry.export", "households", (xlsx ? "xlsx" : "csv") + (reader.fullIdNumbers() ? ", full ID numbers" : ", ID numbers masked"));
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + (xlsx ? table.xlsxFileName() : table.fileName()) + "\"");
        if (xlsx) {
            StatementExports.binary(ctx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.toByteArray());
        } else {
            ctx.contentType("text/csv; charset=utf-8").result(out.toByteArray());
        }
    }

    /**
     * {@code PUT /api/registry/{table}} with the CSV or XLSX file as the body (a workbook is recognized by its content):
     * upserts its rows by id, whole file or nothing.
     * A refused file answers 400 with every problem (see {@link org.pvmon.registry.RegistryException}).
     */
    private void upload(Context ctx) throws Exception {
        Table table = table(ctx);
        Caller caller = Caller.of(ctx);
        if (table != Table.HOUSEHOLDS && table != Table.POSTS && !caller.everywhere()) {
            throw new ApiException(403, "forbidden", null, "村、电站和电价由系统管理员上传 / villages, stations and tariffs are uploaded by an administrator");
        }
        uploads.one(() -> {
            byte[] body = ctx.bodyAsBytes();
            if (body.length == 0) {
                throw ApiException.badParameter("body", "the " + table.fileName() + " (or .xlsx) file is required as the request body");
            }
            RegistryCsv.Upload upload;
            try (InputStream in = new java.io.ByteArrayInputStream(body)) {
                upload = csv.upload(table, in, directory, reader(caller));
            }
            audit.record(ctx, "registry.upload", name(table), upload.written() + " rows");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("table", name(table));
            answer.put("written", upload.written());
            if (table == Table.STATIONS) answer.put("withoutTariff", upload.withoutTariff());
            ctx.json(answer);
        });
    }

    private static Table table(Context ctx) {
        String t = ctx.pathParam("table");
        for (Table table : Table.values()) if (name(table).equals(t)) return table;
        throw new ApiException(404, "not_found", "table", "no registry table '" + t + "' (tables: "
                + Arrays.stream(Table.values()).map(RegistryRoutes::name).collect(Collectors.joining(", ")) + ")");
    }

    private static String name(Table t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private Village village(Context ctx) {
        String id = ctx.pathParam("villageId");
        return registry.village(id).orElseThrow(() -> ApiException.noVillage(id));
    }

    /** What the caller sees of the registry's files: their scope's rows, full ID numbers only if their role may. */
    private static RegistryCsv.Reader reader(Caller caller) {
        return new RegistryCsv.Reader(caller::sees, caller::seesStation, caller.may(Permission.ID_NUMBERS_READ));
    }

    private static Map<String, Object> range(DateRange r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", r.from());
        m.put("to", r.to());
        return m;
    }

    private static Map<String, Object> tariff(Tariff t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", t.from());
        m.put("until", t.until());
        m.put("benchmarkPerKwh", t.benchmarkPerKwh());
        m.put("subsidyPerKwh", t.subsidyPerKwh());
        return m;
    }
}
