package org.pvmon.http;

import org.pvmon.energy.Periods;
import org.pvmon.receipts.Receivables;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.distribution.JointStation;
import org.pvmon.money.Money;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.receipts.ReceiptBook.Receipt;
import org.pvmon.registry.files.ReceiptFiles;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.station.Station;

/**
 * Receipts (cash that arrived for a station) and what is still owed: record, list, void, import a CSV file; accrued vs
 * received vs outstanding per station, village and county over a range of months ({@link Receivables}). A receipt is
 * never edited; a mistaken one is voided with a reason. Recording or voiding a receipt never changes a stored
 * statement: a draft is deleted and created again, a published one is corrected by an adjustment.
 */
public final class ReceiptRoutes {
    private static final int MAX_MONTHS = 60;
    private final Registry registry;
    private final ReceiptBook receipts;
    private final ReceiptFiles files;
    private final UploadGate uploads;
    private final Receivables receivables;
    private final Clock clock;

    private final Audit audit;

    ReceiptRoutes(Registry registry, ReceiptBook receipts, ReceiptFiles files, Receivables receivables, UploadGate uploads, Clock clock,
                  Audit audit) {
        this.audit = audit;
        this.uploads = uploads;
        this.registry = registry;
        this.receipts = receipts;
        this.files = files;
        this.receivables = receivables;
        this.clock = clock;
    }

    void register(Javalin app) {
        Rule read = Rule.needs(org.pvmon.access.Permission.MONEY_READ);
        Rule record = Rule.needs(org.pvmon.access.Permission.RECEIPT_RECORD);
        app.post("/api/stations/{id}/receipts", this::record, record);
        app.get("/api/stations/{id}/receipts", ctx -> {
            Station s = station(ctx);
            ctx.json(Map.of("station", s.id(), "receipts", receipts.ofStation(s.id()).stream().map(ReceiptRoutes::view).toList()));
        }, read);
        app.get("/api/receipts", this::list, read);
        app.get("/api/receipts/{rid}", ctx -> ctx.json(view(receipt(ctx))), read);
        app.post("/api/receipts/{rid}/void", this::voidReceipt, record);
        app.post("/api/receipts/import", this::importCsv, Rule.upload(org.pvmon.access.Permission.RECEIPT_RECORD));
        app.get("/api/stations/{id}/receivables", this::stationReceivables, read);
        app.get("/api/villages/{villageId}/receivables", this::villageReceivables, read);
        app.get("/api/counties/{county}/receivables", this::countyReceivables, read);
    }

    // ---- receipts --------------------------------------------------------------------------------------------

    private void record(Context ctx) {
        Station s = station(ctx);
        JsonNode body = Params.jsonObject(ctx);
        LocalDate today = today();
        LocalDate on = date(body, "receivedOn");
        if (on.isAfter(today)) throw ApiException.badParameter("receivedOn", on + " is in the future");
        if (on.getYear() < 2014) throw ApiException.badParameter("receivedOn", "must be 2014-01-01 or later");
        YearMonth from = month(body, "periodFrom");
        YearMonth to = body.hasNonNull("periodTo") ? month(body, "periodTo") : from;
        if (to.isBefore(from)) throw ApiException.badParameter("periodTo", to + " is before periodFrom " + from);
        if (to.isAfter(YearMonth.from(on))) {
            throw ApiException.badParameter("periodTo", "a receipt pays for months up to the month it arrived (" + YearMonth.from(on) + "), got " + to);
        }
        if (from.isBefore(YearMonth.of(2014, 1))) throw ApiException.badParameter("periodFrom", "must be 2014-01 or later");
        ReceiptBook.Part part;
        String p = Params.text(body, "part", 20);
        try {
            part = ReceiptBook.Part.valueOf(p);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("part", "must be BENCHMARK (grid company's payment) or SUBSIDY (国补 batch), got '" + p + "'");
        }
        Money amount = yuan(body, "amountYuan");
        String reference = Params.text(body, "reference", 200);
        if (body.has("by")) throw ApiException.badParameter("by", "is not accepted: the receipt is recorded as the signed-in user's");
        Receipt r = receipts.record(new ReceiptBook.NewReceipt(s.id(), on, from, to, part, amount, reference, Caller.of(ctx).actor(), clock.instant()));
        audit.record(ctx, "receipt.record", "receipt:" + r.id(), s.id() + " " + part + " " + amount.yuan() + " yuan " + from + ".." + to);
        ctx.status(201).json(view(r));
    }

    private void list(Context ctx) {
        String county = ctx.queryParam("county");
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Station> stations = new LinkedHashMap<>();
        for (Station s : registry.stations()) stations.put(s.id(), s);
        Caller caller = Caller.of(ctx);
        for (Receipt r : receipts.all()) {
            Station s = stations.get(r.receipt().stationId());
            if (!caller.everywhere() && (s == null || !caller.sees(s))) continue;
            if (county != null && !county.isBlank() && (s == null || !s.county().equals(county))) continue;
            rows.add(view(r));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("county", county);
        body.put("receipts", rows);
        ctx.json(body);
    }

    private void voidReceipt(Context ctx) {
        Receipt r = receipt(ctx);
        JsonNode body = Params.jsonObject(ctx);
        if (body.has("by")) throw ApiException.badParameter("by", "is not accepted: the voiding is recorded as the signed-in user's");
        String reason = Params.text(body, "reason", 500);
        Receipt done = receipts.voidReceipt(r.id(), Caller.of(ctx).actor(), reason, clock.instant());
        audit.record(ctx, "receipt.void", "receipt:" + r.id(), reason);
        ctx.json(view(done));
    }

    /** A receipts CSV file in the body (UTF-8, BOM optional, Chinese headers), recorded as the signed-in user's: whole or nothing. */
    private void importCsv(Context ctx) throws Exception {
        if (ctx.queryParam("by") != null) throw ApiException.badParameter("by", "is not accepted: the import is recorded as the signed-in user's");
        Caller caller = Caller.of(ctx);
        String by = caller.actor();
        uploads.one(() -> {
            int n = files.importReceipts(new ByteArrayInputStream(ctx.bodyAsBytes()), "receipts.csv", by, clock.instant(), caller::seesStation);
            audit.record(ctx, "receipt.import", "receipts", n + " receipts");
            ctx.status(201).json(Map.of("imported", n));
        });
    }

    private static Map<String, Object> view(Receipt r) {
        ReceiptBook.NewReceipt x = r.receipt();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("station", x.stationId());
        m.put("receivedOn", x.receivedOn().toString());
        m.put("periodFrom", x.periodFrom().toString());
        m.put("periodTo", x.periodTo().toString());
        m.put("part", x.part());
        m.put("amountYuan", x.amount().yuan());
        m.put("reference", x.reference());
        m.put("recordedBy", x.recordedBy());
        m.put("recordedAt", x.recordedAt().toString());
        m.put("voided", r.voided() == null ? null : Map.of("by", r.voided().by(), "at", r.voided().at().toString(), "reason", r.voided().reason()));
        return m;
    }

    /** Accrued, received and outstanding, in yuan, as every receivables answer and the county roll-up show them. */
    static Map<String, Object> figures(Receivables.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accruedYuan", f.accrued().yuan());
        m.put("receivedYuan", f.received().yuan());
        m.put("outstandingYuan", f.outstanding().yuan());
        m.put("accruedBenchmarkYuan", f.accruedBenchmark().yuan());
        m.put("accruedSubsidyYuan", f.accruedSubsidy().yuan());
        m.put("receivedBenchmarkYuan", f.receivedBenchmark().yuan());
        m.put("receivedSubsidyYuan", f.receivedSubsidy().yuan());
        m.put("outstandingBenchmarkYuan", f.accruedBenchmark().minus(f.receivedBenchmark()).yuan());
        m.put("outstandingSubsidyYuan", f.accruedSubsidy().minus(f.receivedSubsidy()).yuan());
        m.put("stationDaysWithoutData", f.daysWithoutData());
        return m;
    }

    // ---- receivables -----------------------------------------------------------------------------------------

    private record Range(YearMonth from, YearMonth to) {
    }

    private Range range(Context ctx) {
        YearMonth current = YearMonth.from(today());
        YearMonth to = Params.month(ctx, "to", current, current);
        YearMonth from = Params.month(ctx, "from", current, YearMonth.of(to.getYear(), 1));
        if (from.isAfter(to)) throw ApiException.badParameter("from", "must not be after to (" + from + " > " + to + ")");
        if (from.plusMonths(MAX_MONTHS).isBefore(to.plusMonths(1))) throw ApiException.badParameter("to", "the range may span at most " + MAX_MONTHS + " months");
        return new Range(from, to);
    }

    private Map<String, Object> head(Range r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        m.put("partial", !r.to().isBefore(YearMonth.from(today())));
        return m;
    }

    private void stationReceivables(Context ctx) {
        Station s = station(ctx);
        Range r = range(ctx);
        Receivables.Result res = receivables.of(List.of(s), r.from(), r.to(), today());
        Map<String, Object> body = head(r);
        body.put("station", s.id());
        body.put("name", s.name());
        body.putAll(figures(res.stations().get(s.id())));
        ctx.json(body);
    }

    private void villageReceivables(Context ctx) {
        String id = ctx.pathParam("villageId");
        Village v = registry.village(id).orElseThrow(() -> ApiException.noVillage(id));
        Range r = range(ctx);
        List<JointStation> owned = registry.stationsOwnedBy(v.id());
        List<Station> stations = new ArrayList<>();
        for (JointStation j : owned) registry.station(j.stationId()).ifPresent(stations::add);
        Receivables.Result res = receivables.of(stations, r.from(), r.to(), today());
        Map<String, Object> body = head(r);
        body.put("village", v.id());
        body.put("name", v.name());
        body.putAll(figures(res.villages().getOrDefault(v.id(), Receivables.Figures.ZERO)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JointStation j : owned) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("station", j.stationId());
            m.put("share", j.owners().stream().filter(o -> o.villageId().equals(v.id())).findFirst().orElseThrow().share());
            m.put("wholeStation", figures(res.stations().get(j.stationId())));
            rows.add(m);
        }
        body.put("stations", rows);
        ctx.json(body);
    }

    private void countyReceivables(Context ctx) {
        String county = ctx.pathParam("county");
        Range r = range(ctx);
        List<Station> stations = registry.stations().stream().filter(s -> s.county().equals(county)).toList();
        List<Village> villages = registry.villages().stream().filter(v -> v.county().equals(county)).toList();
        if (stations.isEmpty() && villages.isEmpty()) throw ApiException.noCounty(county);
        Receivables.Result res = receivables.of(stations, r.from(), r.to(), today());
        Map<String, Object> body = head(r);
        body.put("county", county);
        body.put("totals", figures(res.total()));
        List<Map<String, Object>> vs = new ArrayList<>();
        for (Village v : villages) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("village", v.id());
            m.put("name", v.name());
            m.put("township", v.township());
            m.putAll(figures(res.villages().getOrDefault(v.id(), Receivables.Figures.ZERO)));
            vs.add(m);
        }
        body.put("villages", vs);
        List<Map<String, Object>> ss = new ArrayList<>();
        for (Station s : stations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("station", s.id());
            m.put("name", s.name());
            m.putAll(figures(res.stations().get(s.id())));
            ss.add(m);
        }
        body.put("stations", ss);
        ctx.json(body);
    }

    // ---- parameters --------------------------------------------------------------------------------------------

    private Station station(Context ctx) {
        String id = ctx.pathParam("id");
        return registry.station(id).orElseThrow(() -> ApiException.noStation(id));
    }

    private Receipt receipt(Context ctx) {
        String rid = ctx.pathParam("rid");
        try {
            long id = Long.parseLong(rid);
            return receipts.find(id).orElseThrow(() -> ApiException.noReceipt(rid));
        } catch (NumberFormatException e) {
            throw ApiException.noReceipt(rid);
        }
    }

    private static LocalDate date(JsonNode body, String field) {
        String s = Params.text(body, field, 10);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(field, "must be a local date yyyy-MM-dd, got '" + s + "'");
        }
    }

    private static YearMonth month(JsonNode body, String field) {
        String s = Params.text(body, field, 7);
        try {
            return YearMonth.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(field, "must be a month yyyy-MM, got '" + s + "'");
        }
    }

    private static Money yuan(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw ApiException.badParameter(field, "is required (yuan, at most two decimals, e.g. \"1234.56\")");
        BigDecimal d;
        try {
            d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().strip());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(field, "must be an amount in yuan, got '" + v.asText() + "'");
        }
        if (d.signum() <= 0) throw ApiException.badParameter(field, "must be more than 0 (a mistaken receipt is voided, not offset)");
        if (d.stripTrailingZeros().scale() > 2) throw ApiException.badParameter(field, "at most two decimals (fen), got " + d.toPlainString());
        return Money.ofYuan(d, RoundingMode.UNNECESSARY);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Periods.ZONE));
    }
}
