package org.pvmon.http;

import org.pvmon.receipts.ReceiptBook;
import org.pvmon.energy.Periods;
import org.pvmon.dayenergy.StationEnergy;
import org.pvmon.receipts.Receivables;
import org.pvmon.statements.StatementBatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.statements.StatementLedger;
import org.pvmon.statements.StatementLedger.Stored;
import org.pvmon.registry.Village;
import org.pvmon.registry.VillageSet;
import org.pvmon.station.Station;

/**
 * The county roll-up of one month's statements: every village of the county with its statement's status (NONE when
 * it has none yet), distributable amount and households paid, the month's accrued / received / outstanding
 * ({@link Receivables}) per village and for the county, and the cash that arrived in the month ({@code cashArrivedYuan},
 * what statements on the received basis distribute). What a county office checks at month end: who has not yet
 * drawn up, approved, published or paid, and how much cash is still owed by the grid and the subsidy.
 *
 * <p>And the month-end run before it: the draft statements of every village of a county (or of every county) that
 * has none for the month, computed together ({@link StatementBatch}) and written one transaction per county.
 */
final class CountyRoutes {
    private final Registry registry;
    private final StatementLedger ledger;
    private final Receivables receivables;
    private final StatementBatch batch;
    private final Clock clock;
    private final ObjectMapper json;

    CountyRoutes(Registry registry, StationEnergy energy, Clock clock, ObjectMapper json) {
        this.registry = registry;
        this.ledger = new StatementLedger(registry.database());
        this.receivables = new Receivables(registry, energy);
        this.batch = new StatementBatch(registry, StatementBatch.Energy.of(energy), json);
        this.clock = clock;
        this.json = json;
    }

    void register(Javalin app) {
        app.get("/api/counties/{county}/statements", this::statements);
        app.post("/api/counties/{county}/statements", this::createCounty);
        app.post("/api/statements/drafts", this::createAll);
    }

    // ---- month-end drafts for many villages --------------------------------------------------------------------

    /** Counts of a run, for a county or all of them. */
    private static final class Tally {
        int villages;
        int created;
        int alreadyThere;
        int nothingToDistribute;
        final List<Map<String, Object>> errors = new ArrayList<>();

        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("villages", villages);
            m.put("created", created);
            m.put("alreadyThere", alreadyThere);
            m.put("nothingToDistribute", nothingToDistribute);
            m.put("errorCount", errors.size());
            m.put("errors", errors);
            return m;
        }
    }

    /**
     * The month's draft statements of every village of a county that has none yet (month-end, before the villages
     * approve, publish and pay): created, already there, nothing to distribute (no station share), or an error, per
     * village.
     */
    private void createCounty(Context ctx) {
        String county = ctx.pathParam("county");
        YearMonth month = completeMonth(ctx);
        if (registry.villageInputs().villages(VillageSet.counties(List.of(county))).isEmpty()) {
            throw ApiException.notFound("No county '" + county + "' in the registry (or it has no villages)");
        }
        Tally tally = new Tally();
        List<Map<String, Object>> rows = new ArrayList<>();
        StatementBatch.Phases phases = new StatementBatch.Phases();
        long t0 = System.nanoTime();
        drafts(VillageSet.counties(List.of(county)), month, phases, (c, results) -> {
            for (Map<String, Object> r : results) count(tally, r);
            rows.addAll(results);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("county", county);
        body.put("month", month.toString());
        body.putAll(tally.view());
        body.put("results", rows);
        body.put("phasesMs", timing(phases, t0));
        ctx.status(200).json(body);
    }

    /**
     * The month's draft statements of every village of every county (the national or a provincial run: {@code county}
     * repeated names the counties), county by county; the answer has each county's counts and every error.
     */
    private void createAll(Context ctx) {
        YearMonth month = completeMonth(ctx);
        List<String> counties = ctx.queryParams("county").stream().filter(c -> !c.isBlank()).toList();
        VillageSet set = counties.isEmpty() ? VillageSet.all() : VillageSet.counties(counties);
        if (!counties.isEmpty()) {
            Set<String> known = new HashSet<>();
            for (Village v : registry.villageInputs().villages(set)) known.add(v.county());
            for (String c : counties) {
                if (!known.contains(c)) throw ApiException.badParameter("county", "no county '" + c + "' in the registry (or it has no villages)");
            }
        }
        Tally total = new Tally();
        List<Map<String, Object>> perCounty = new ArrayList<>();
        StatementBatch.Phases phases = new StatementBatch.Phases();
        long t0 = System.nanoTime();
        drafts(set, month, phases, (county, results) -> {
            Tally tally = new Tally();
            for (Map<String, Object> r : results) {
                count(tally, r);
                count(total, r);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("county", county);
            m.putAll(tally.view());
            m.remove("errors");
            perCounty.add(m);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("month", month.toString());
        body.put("counties", perCounty.size());
        body.putAll(total.view());
        body.put("byCounty", perCounty);
        body.put("phasesMs", timing(phases, t0));
        ctx.status(200).json(body);
    }

    /** {@link StatementBatch#drafts} with each village's result as JSON. */
    private void drafts(VillageSet set, YearMonth month, StatementBatch.Phases phases,
                        java.util.function.BiConsumer<String, List<Map<String, Object>>> perCounty) {
        batch.drafts(set, month, LocalDate.now(clock.withZone(Periods.ZONE)), clock.instant(), phases, (county, drafts) -> {
            List<Map<String, Object>> results = new ArrayList<>(drafts.size());
            for (StatementBatch.Draft d : drafts) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("village", d.village().id());
                m.put("name", d.village().name());
                m.put("result", d.result());
                if (d.statementId() != null) m.put("statementId", d.statementId());
                if (d.status() != null) m.put("status", d.status());
                if (d.distributable() != null) m.put("distributableYuan", d.distributable().yuan());
                if (d.reason() != null) m.put("reason", d.reason());
                results.add(m);
            }
            perCounty.accept(county, results);
        });
    }

    private static void count(Tally t, Map<String, Object> r) {
        t.villages++;
        switch ((StatementBatch.Result) r.get("result")) {
            case CREATED -> t.created++;
            case ALREADY_THERE -> t.alreadyThere++;
            case NOTHING_TO_DISTRIBUTE -> t.nothingToDistribute++;
            case ERROR -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("village", r.get("village"));
                e.put("reason", r.get("reason"));
                t.errors.add(e);
            }
        }
    }

    private static Map<String, Object> timing(StatementBatch.Phases phases, long t0) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalMs", (System.nanoTime() - t0) / 1_000_000);
        m.putAll(phases.view());
        return m;
    }

    /** Drafts are made for a complete local month. */
    private YearMonth completeMonth(Context ctx) {
        YearMonth current = YearMonth.from(LocalDate.now(clock.withZone(Periods.ZONE)));
        YearMonth month = Params.month(ctx, "month", current, null);
        if (month.equals(current)) {
            throw ApiException.badParameter("month", month + " is not over yet: statements cover a complete month (preview it meanwhile)");
        }
        return month;
    }

    // ---- the roll-up -------------------------------------------------------------------------------------------

    private void statements(Context ctx) {
        String county = ctx.pathParam("county");
        LocalDate today = LocalDate.now(clock.withZone(Periods.ZONE));
        YearMonth current = YearMonth.from(today);
        YearMonth month = Params.month(ctx, "month", current, null);
        VillageSet set = VillageSet.counties(List.of(county));
        List<Village> villages = registry.villageInputs().villages(set);
        if (villages.isEmpty()) throw ApiException.notFound("No county '" + county + "' in the registry (or it has no villages)");
        List<Station> stations = new ArrayList<>(registry.villageInputs().ownership(set).stations().values()); // those its villages own shares of
        Map<String, List<Stored>> stored = ledger.ofVillages(set, month, month);
        Receivables.Result money = receivables.of(stations, month, month, today);
        Map<String, Money> arrived = arrived(month, today);

        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String s : List.of("NONE", "DRAFT", "APPROVED", "PUBLISHED", "PAID")) byStatus.put(s, 0);
        Money distributable = Money.ZERO;
        int households = 0;
        Money cash = Money.ZERO;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Village v : villages) {
            Stored regular = null;
            Stored latest = null;
            for (Stored st : stored.getOrDefault(v.id(), List.of())) {
                if (st.kind() == StatementLedger.Kind.REGULAR) regular = st;
                if (latest == null || st.id() > latest.id()) latest = st;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("village", v.id());
            m.put("name", v.name());
            m.put("township", v.township());
            String status = regular == null ? "NONE" : regular.status().name();
            m.put("status", status);
            byStatus.merge(status, 1, Integer::sum);
            if (regular != null) {
                JsonNode body = read(latest);
                Money d = Money.ofYuan(body.path("totals").path("distributableYuan").decimalValue(), java.math.RoundingMode.UNNECESSARY);
                int paid = 0;
                for (JsonNode h : body.path("households")) if (h.path("amountYuan").decimalValue().signum() > 0) paid++;
                m.put("statementId", regular.id());
                m.put("latestStatementId", latest.id());
                m.put("latestStatus", latest.status());
                m.put("basis", latest.basis());
                m.put("planVersion", latest.planVersion());
                m.put("plan", body.path("plan").asText("default"));
                m.put("basisYuan", Money.ofFen(latest.totals().basisFen()).yuan());
                m.put("distributableYuan", d.yuan());
                m.put("householdsPaid", paid);
                distributable = distributable.plus(d);
                households += paid;
            } else {
                m.put("statementId", null);
                m.put("distributableYuan", null);
                m.put("householdsPaid", null);
            }
            m.putAll(money.villages().getOrDefault(v.id(), Receivables.Figures.ZERO).view());
            m.put("cashArrivedYuan", arrived.getOrDefault(v.id(), Money.ZERO).yuan());
            cash = cash.plus(arrived.getOrDefault(v.id(), Money.ZERO));
            rows.add(m);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("villages", villages.size());
        totals.put("byStatus", byStatus);
        totals.put("distributableYuan", distributable.yuan());
        totals.put("householdsPaid", households);
        totals.putAll(money.total().view());
        totals.put("cashArrivedYuan", cash.yuan());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("county", county);
        body.put("month", month.toString());
        body.put("partial", month.equals(current));
        body.put("totals", totals);
        body.put("villages", rows);
        ctx.json(body);
    }

    /**
     * Each village's share of the cash that arrived in {@code month} (receipts by the day received, whatever months they
     * pay for): what its statement distributes on the received basis.
     */
    private Map<String, Money> arrived(YearMonth month, LocalDate today) {
        LocalDate last = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
        Map<String, org.pvmon.distribution.JointStation> owners = registry.owners();
        Map<String, Money> out = new java.util.HashMap<>();
        for (org.pvmon.receipts.ReceiptBook.Receipt r : new ReceiptBook(registry.database()).receivedBetween(month.atDay(1), last)) {
            org.pvmon.distribution.JointStation j = owners.get(r.receipt().stationId());
            if (j == null) continue;
            for (var part : j.split(r.receipt().amount())) out.merge(part.villageId(), part.amount(), Money::plus);
        }
        return out;
    }

    private JsonNode read(Stored st) {
        return StatementBatch.read(json, st);
    }
}
