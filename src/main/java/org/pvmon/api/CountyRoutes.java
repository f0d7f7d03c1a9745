package org.pvmon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.money.Money;
import org.pvmon.registry.Registry;
import org.pvmon.registry.StatementLedger;
import org.pvmon.registry.StatementLedger.Stored;
import org.pvmon.registry.Village;
import org.pvmon.station.Station;

/**
 * The county roll-up of one month's statements: every village of the county with its statement's status (NONE when
 * it has none yet), distributable amount and households paid, the month's accrued / received / outstanding
 * ({@link Receivables}) per village and for the county, and the cash that arrived in the month ({@code cashArrivedYuan},
 * what statements on the received basis distribute). What a county office checks at month end: who has not yet
 * drawn up, approved, published or paid, and how much cash is still owed by the grid and the subsidy.
 */
final class CountyRoutes {
    private final Registry registry;
    private final StatementLedger ledger;
    private final Receivables receivables;
    private final Clock clock;
    private final ObjectMapper json;

    CountyRoutes(Registry registry, StationEnergy energy, Clock clock, ObjectMapper json) {
        this.registry = registry;
        this.ledger = registry.statements();
        this.receivables = new Receivables(registry, energy);
        this.clock = clock;
        this.json = json;
    }

    void register(Javalin app) {
        app.get("/api/counties/{county}/statements", this::statements);
    }

    private void statements(Context ctx) {
        String county = ctx.pathParam("county");
        LocalDate today = LocalDate.now(clock.withZone(ApiServer.ZONE));
        YearMonth current = YearMonth.from(today);
        YearMonth month = Params.month(ctx, "month", current, null);
        List<Village> villages = registry.villages().stream().filter(v -> v.county().equals(county)).toList();
        if (villages.isEmpty()) throw ApiException.notFound("No county '" + county + "' in the registry (or it has no villages)");
        List<Station> stations = registry.stations().stream().filter(s -> s.county().equals(county)).toList();
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
            for (Stored st : ledger.ofVillage(v.id())) {
                if (!st.month().equals(month)) continue;
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
        for (org.pvmon.registry.ReceiptBook.Receipt r : registry.receipts().receivedBetween(month.atDay(1), last)) {
            org.pvmon.distribution.JointStation j = owners.get(r.receipt().stationId());
            if (j == null) continue;
            for (var part : j.split(r.receipt().amount())) out.merge(part.villageId(), part.amount(), Money::plus);
        }
        return out;
    }

    private JsonNode read(Stored st) {
        try {
            return json.readTree(st.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statement " + st.id() + " has an unreadable body", e);
        }
    }
}
