package org.pvmon.statements;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.pvmon.distribution.DefaultPlan;
import org.pvmon.distribution.DistributionEngine;
import org.pvmon.distribution.DistributionPlan;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.JointStation;
import org.pvmon.distribution.Post;
import org.pvmon.distribution.RevenueLine;
import org.pvmon.distribution.Shortfall;
import org.pvmon.distribution.Statement;
import org.pvmon.distribution.VillageMonth;
import org.pvmon.energy.EnergyReport;
import org.pvmon.money.Money;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.Registry;
import org.pvmon.statements.StatementLedger.Kind;
import org.pvmon.statements.StatementLedger.Stored;
import org.pvmon.registry.Village;
import org.pvmon.registry.VillageInputs;
import org.pvmon.registry.VillageSet;
import org.pvmon.revenue.MonthPeriod;
import org.pvmon.revenue.MonthRevenue;
import org.pvmon.revenue.RevenueCalculator;
import org.pvmon.station.Station;

/**
 * The month's statements of a set of villages (one village, a county, every county) computed in one pass: the
 * registry rows in bulk (one query per kind, {@link VillageInputs}), the month's energy of all their stations with
 * one {@link Energy} call, then each village's statement in memory ({@link DistributionEngine}). A village's preview,
 * its draft and its adjustment are a run over that village alone, so one village and many give the same statement.
 *
 * <p>The month is distributed by the village's stored plan version for it ({@link PlanBook}), or {@link DefaultPlan}
 * when it has none; the plan's basis decides the money: the cash received in the month (RECEIVED_CASH: its share of
 * its stations' receipts that arrived in the month) or the accrued revenue (ACCRUED: its share of energy x tariff).
 *
 * <p>Streaming: the villages are read and computed in chunks of whole counties (about {@link #CHUNK_VILLAGES}
 * villages), each chunk handed on county by county before the next is read, so a national run never holds every
 * household or every statement at once; only the stations, their shares, tariffs and month's energy are read for the
 * whole run.
 */
public final class StatementBatch {
    /** Villages read and computed together: whole counties until at least this many. */
    static final int CHUNK_VILLAGES = 2_000;

    /** The daily energy of stations over local days [from, to]: {@code dayenergy.StationEnergy::daily}, or a bench's stand-in. */
    public interface Energy {
        Map<String, EnergyReport> daily(List<Station> stations, LocalDate from, LocalDate to);
    }

    /** A statement and its JSON body (no timestamps: computing twice on the same data gives the same body). */
    public record Computed(Statement statement, Map<String, Object> body) {
    }

    /**
     * One village's month: {@code computed}, or the {@code failure} that prevented it (inputs that do not belong
     * together, a negative basis), or neither when it was skipped because it {@code existing}ly has the month's regular
     * statement. {@code ownsStations}: whether it owns a share of any station (none: nothing to distribute).
     */
    record Outcome(Village village, boolean ownsStations, Stored existing, Computed computed, RuntimeException failure) {
    }

    /** What a month-end run did with one village. */
    public enum Result { CREATED, ALREADY_THERE, NOTHING_TO_DISTRIBUTE, ERROR }

    /**
     * One village in a month-end run: its {@code result}, the statement created or already there ({@code statementId},
     * its {@code status}), the draft's distributable amount, and why there is none ({@code reason}).
     */
    public record Draft(Village village, Result result, Long statementId, StatementLedger.Status status, Money distributable, String reason) {
    }

    /** Time spent per phase over a run, in nanoseconds. Not thread-safe: one per run. */
    public static final class Phases {
        long registry;
        long energy;
        long distribution;
        long writes;
        long waitingForReads;
        int chunks;
        int stations;

        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("registryReadsMs", registry / 1_000_000);
            m.put("energyMs", energy / 1_000_000);
            m.put("distributionMs", distribution / 1_000_000);
            m.put("writesMs", writes / 1_000_000);
            m.put("waitingForReadsMs", waitingForReads / 1_000_000);
            m.put("chunks", chunks);
            m.put("stations", stations);
            return m;
        }
    }

    private final Registry registry;
    private final StatementLedger ledger;
    private final Energy energy;
    private final PlanBook plans;
    private final ReceiptBook receipts;
    private final RevenueCalculator calculator = new RevenueCalculator();
    private final DistributionEngine engine = new DistributionEngine();

    private final int chunkVillages;

    public StatementBatch(Registry registry, StatementLedger ledger, PlanBook plans, ReceiptBook receipts, Energy energy) {
        this(registry, ledger, plans, receipts, energy, CHUNK_VILLAGES);
    }

    /** With chunks of whole counties of at least {@code chunkVillages} villages (tests use small ones). */
    public StatementBatch(Registry registry, StatementLedger ledger, PlanBook plans, ReceiptBook receipts, Energy energy, int chunkVillages) {
        this.chunkVillages = chunkVillages;
        this.registry = registry;
        this.ledger = ledger;
        this.plans = plans;
        this.receipts = receipts;
        this.energy = energy;
    }

    /** Statements are made of complete local months: throws (naming {@code month}) when {@code month} is not over on {@code today}. */
    static void requireComplete(YearMonth month, LocalDate today, String subject) {
        if (!month.isBefore(YearMonth.from(today))) {
            throw new FieldException("month", month + " is not over yet: " + subject + " a complete month (preview it meanwhile)");
        }
    }

    /** One village's statement of {@code month} (up to {@code today} when it is the current month). */
    public Computed one(Village v, YearMonth month, LocalDate today) {
        List<Outcome> out = new ArrayList<>();
        run(VillageSet.ids(List.of(v.id())), month, today, false, new Phases(), (county, outcomes) -> out.addAll(outcomes));
        if (out.size() != 1) throw new IllegalStateException("village " + v.id() + " is not in the registry any more");
        Outcome o = out.get(0);
        if (o.failure() != null) throw o.failure();
        return o.computed();
    }

    /**
     * Computes the month for every village of {@code set} and hands the outcomes on county by county, in county,
     * township and village-name order. {@code skipExisting}: villages that already have the month's regular statement
     * are not computed (their outcome names it). A failure of one village is its outcome; a failure to read (the
     * registry, the readings) ends the run.
     */
    void run(VillageSet set, YearMonth month, LocalDate today, boolean skipExisting, Phases phases,
             BiConsumer<String, List<Outcome>> perCounty) {
        MonthPeriod period = MonthPeriod.of(month, today);
        long t = System.nanoTime();
        VillageInputs inputs = registry.villageInputs();
        List<Village> villages = inputs.villages(set);
        VillageInputs.Ownership ownership = inputs.ownership(set);
        phases.registry += System.nanoTime() - t;

        t = System.nanoTime();
        List<Station> stations = new ArrayList<>(ownership.stations().values());
        Map<String, EnergyReport> reports = stations.isEmpty() ? Map.of() : energy.daily(stations, period.from(), period.to());
        phases.energy += System.nanoTime() - t;
        phases.stations += stations.size();

        Map<String, MonthRevenue> revenue = new HashMap<>(); // per station, computed once even when several villages own it
        YearMonth earliest = month.getMonthValue() == 1 ? month.minusMonths(1) : month.withMonth(1);
        List<List<Village>> chunks = chunks(villages);
        // The next chunk's rows are read (SQLite, mostly native) while this one is computed and written (Java).
        ExecutorService reader = chunks.size() < 2 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "statement-batch-reader");
            th.setDaemon(true);
            return th;
        });
        try {
            Future<ChunkInputs> ahead = null;
            for (int i = 0; i < chunks.size(); i++) {
                List<Village> chunk = chunks.get(i);
                VillageSet cs = chunks.size() == 1 ? set : VillageSet.ids(chunk.stream().map(Village::id).toList());
                t = System.nanoTime();
                ChunkInputs in = ahead == null ? read(inputs, cs, earliest, period) : await(ahead);
                phases.waitingForReads += System.nanoTime() - t;
                if (i + 1 < chunks.size()) {
                    VillageSet next = VillageSet.ids(chunks.get(i + 1).stream().map(Village::id).toList());
                    ahead = reader.submit(() -> read(inputs, next, earliest, period));
                }
                phases.registry += in.readNanos();
                phases.chunks++;
                compute(chunk, in, period, skipExisting, ownership, reports, revenue, phases, perCounty);
            }
        } finally {
            if (reader != null) reader.shutdownNow();
        }
    }

    /** The rows of one chunk of villages, and how long reading them took. */
    private record ChunkInputs(Map<String, List<Stored>> stored, Map<String, List<Household>> households, Map<String, List<Post>> posts,
                               Map<String, PlanBook.StoredPlan> plans, Map<String, List<ReceiptBook.Receipt>> receipts, long readNanos) {
    }

    private ChunkInputs read(VillageInputs inputs, VillageSet cs, YearMonth earliest, MonthPeriod period) {
        long t = System.nanoTime();
        YearMonth month = period.month();
        Map<String, List<Stored>> stored = ledger.ofVillages(cs, earliest, month);
        Map<String, List<Household>> households = inputs.households(cs);
        Map<String, List<Post>> posts = inputs.posts(cs);
        Map<String, PlanBook.StoredPlan> plans = this.plans.forMonth(cs, month);
        Map<String, List<ReceiptBook.Receipt>> receipts = new HashMap<>();
        for (ReceiptBook.Receipt r : this.receipts.receivedBetween(month.atDay(1), period.to(), cs)) {
            receipts.computeIfAbsent(r.receipt().stationId(), k -> new ArrayList<>()).add(r);
        }
        return new ChunkInputs(stored, households, posts, plans, receipts, System.nanoTime() - t);
    }

    private static ChunkInputs await(Future<ChunkInputs> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the registry", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void compute(List<Village> chunk, ChunkInputs in, MonthPeriod period, boolean skipExisting, VillageInputs.Ownership ownership,
                         Map<String, EnergyReport> reports, Map<String, MonthRevenue> revenue, Phases phases,
                         BiConsumer<String, List<Outcome>> perCounty) {
        YearMonth month = period.month();
        Map<String, List<Stored>> stored = in.stored();
        Map<String, List<Household>> households = in.households();
        Map<String, List<Post>> posts = in.posts();
        Map<String, PlanBook.StoredPlan> plans = in.plans();
        Map<String, List<ReceiptBook.Receipt>> receipts = in.receipts();
        long t = System.nanoTime();
        Map<String, List<Outcome>> byCounty = new LinkedHashMap<>();
        for (Village v : chunk) {
            List<Stored> own = stored.getOrDefault(v.id(), List.of());
            Stored existing = null;
            for (Stored s : own) if (s.month().equals(month) && s.kind() == Kind.REGULAR) existing = s;
            List<JointStation> owned = ownership.ownedBy(v.id());
            Outcome o;
            if (skipExisting && existing != null) {
                o = new Outcome(v, !owned.isEmpty(), existing, null, null);
            } else {
                try {
                    Computed c = compute(v, period, own, posts.getOrDefault(v.id(), List.of()), plans.get(v.id()), owned,
                            ownership, reports, revenue, receipts, households.getOrDefault(v.id(), List.of()));
                    o = new Outcome(v, !owned.isEmpty(), existing, c, null);
                } catch (RuntimeException e) {
                    o = new Outcome(v, !owned.isEmpty(), existing, null, e);
                }
            }
            byCounty.computeIfAbsent(v.county(), k -> new ArrayList<>()).add(o);
        }
        phases.distribution += System.nanoTime() - t;
        byCounty.forEach(perCounty);
    }

    /**
     * The month-end run: the draft statement of every village of {@code set} that has no regular statement for
     * {@code month} (those that have one are not computed and never touched), created {@code at}, written one
     * transaction per county ({@link StatementLedger#insertDrafts}); hands each county's results on.
     */
    public void drafts(VillageSet set, YearMonth month, LocalDate today, Instant at, Phases phases, BiConsumer<String, List<Draft>> perCounty) {
        run(set, month, today, true, phases, (county, outcomes) -> {
            long t = System.nanoTime();
            List<StatementLedger.NewStatement> drafts = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.existing() == null && o.ownsStations() && o.computed() != null) drafts.add(newStatement(o.computed(), Kind.REGULAR, null, at));
            }
            Map<String, Long> written = ledger.insertDrafts(drafts);
            List<Draft> results = new ArrayList<>(outcomes.size());
            for (Outcome o : outcomes) {
                Village v = o.village();
                if (o.existing() != null) {
                    results.add(new Draft(v, Result.ALREADY_THERE, o.existing().id(), o.existing().status(), null, null));
                } else if (!o.ownsStations()) {
                    results.add(new Draft(v, Result.NOTHING_TO_DISTRIBUTE, null, null, null, "owns no station share (registry: station owners)"));
                } else if (o.failure() != null) {
                    results.add(new Draft(v, Result.ERROR, null, null, null, String.valueOf(o.failure().getMessage())));
                } else if (written.containsKey(v.id())) {
                    results.add(new Draft(v, Result.CREATED, written.get(v.id()), StatementLedger.Status.DRAFT,
                            o.computed().statement().distributable(), null));
                } else {
                    results.add(new Draft(v, Result.ALREADY_THERE, null, null, null, "a statement for " + month + " was created meanwhile"));
                }
            }
            phases.writes += System.nanoTime() - t;
            perCounty.accept(county, results);
        });
    }

    /** Whole counties, in order, until each chunk has at least {@code chunkVillages} villages. */
    private List<List<Village>> chunks(List<Village> villages) {
        List<List<Village>> out = new ArrayList<>();
        List<Village> current = new ArrayList<>();
        for (int i = 0; i < villages.size(); i++) {
            Village v = villages.get(i);
            current.add(v);
            boolean countyEnds = i + 1 == villages.size() || !villages.get(i + 1).county().equals(v.county());
            if (countyEnds && current.size() >= chunkVillages) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    private Computed compute(Village v, MonthPeriod period, List<Stored> stored, List<Post> posts, PlanBook.StoredPlan storedPlan,
                             List<JointStation> owned, VillageInputs.Ownership ownership, Map<String, EnergyReport> reports,
                             Map<String, MonthRevenue> revenue, Map<String, List<ReceiptBook.Receipt>> receiptsByStation,
                             List<Household> households) {
        YearMonth month = period.month();
        List<Shortfall> carriedIn = carriedIn(stored, month);
        Set<String> owedPosts = new HashSet<>();
        for (Shortfall sf : carriedIn) if (sf.kind() == Shortfall.Kind.POST_WAGE) owedPosts.add(sf.key());
        DistributionPlan plan = storedPlan != null ? storedPlan.plan().withPosts(posts, month, owedPosts)
                : DefaultPlan.forMonth(v.id(), month, posts, owedPosts);
        boolean received = plan.basis() == DistributionPlan.Basis.RECEIVED_CASH;

        Map<String, Money[]> cash = new LinkedHashMap<>(); // station -> {benchmark, subsidy}: the village's part of the month's receipts
        List<Map<String, Object>> receiptRows = new ArrayList<>();
        if (received) {
            List<ReceiptBook.Receipt> ours = new ArrayList<>();
            for (JointStation j : owned) ours.addAll(receiptsByStation.getOrDefault(j.stationId(), List.of()));
            ours.sort(Comparator.comparing((ReceiptBook.Receipt r) -> r.receipt().receivedOn()).thenComparingLong(ReceiptBook.Receipt::id));
            Map<String, JointStation> byId = new HashMap<>();
            for (JointStation j : owned) byId.put(j.stationId(), j);
            for (ReceiptBook.Receipt r : ours) {
                JointStation j = byId.get(r.receipt().stationId());
                Money part = partOf(j.split(r.receipt().amount()), v.id());
                Money[] acc = cash.computeIfAbsent(j.stationId(), k -> new Money[] {Money.ZERO, Money.ZERO});
                int i = r.receipt().part() == ReceiptBook.Part.BENCHMARK ? 0 : 1;
                acc[i] = acc[i].plus(part);
                receiptRows.add(StatementDocument.receipt(r, share(j, v.id()), part));
            }
        }
        List<RevenueLine> lines = new ArrayList<>();
        List<Map<String, Object>> stations = new ArrayList<>();
        BigDecimal capacity = BigDecimal.ZERO;
        for (JointStation j : owned) {
            Station s = ownership.stations().get(j.stationId());
            MonthRevenue r = revenue.computeIfAbsent(s.id(), id -> calculator.month(month, reports.get(id).days(), ownership.tariffOf(id)));
            BigDecimal share = share(j, v.id());
            Money benchmark = partOf(j.split(r.benchmark()), v.id());
            Money subsidy = partOf(j.split(r.subsidy()), v.id());
            Money[] got = cash.getOrDefault(s.id(), new Money[] {Money.ZERO, Money.ZERO});
            lines.add(new RevenueLine(s.id(), share, RevenueLine.Part.BENCHMARK, received ? got[0] : benchmark));
            lines.add(new RevenueLine(s.id(), share, RevenueLine.Part.SUBSIDY, received ? got[1] : subsidy));
            capacity = capacity.add(j.capacityOf(v.id()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("station", s.id());
            m.put("name", s.name());
            m.put("share", share);
            m.put("capacityKwp", j.capacityKwp());
            m.put("energyKwh", r.energyKwh());
            m.put("estimated", r.estimated());
            m.put("daysWithoutDataCount", r.daysWithoutData().size());
            m.put("unpricedDaysCount", r.daysWithoutTariff().size());
            m.put("stationBenchmarkYuan", r.benchmark().yuan());
            m.put("stationSubsidyYuan", r.subsidy().yuan());
            m.put("benchmarkYuan", benchmark.yuan());
            m.put("subsidyYuan", subsidy.yuan());
            if (received) {
                m.put("receivedBenchmarkYuan", got[0].yuan());
                m.put("receivedSubsidyYuan", got[1].yuan());
            }
            stations.add(m);
        }
        VillageMonth vm = new VillageMonth(v.id(), month, plan.basis(), lines, capacity, carriedIn, rewardsPaidThisYear(stored, month));
        Statement st = engine.distribute(plan, vm, households);
        Map<String, Object> body = StatementDocument.body(v, st, period.partial(), capacity, stations);
        if (storedPlan != null) {
            PlanBook.StoredPlan p = storedPlan;
            body.put("plan", "stored");
            body.put("planYear", p.year());
            body.put("planEffectiveFrom", p.effectiveFrom().toString());
            body.put("planCreatedBy", p.createdBy());
            body.put("planNote", "分配方案" + p.year() + "年第" + p.version() + "版，自" + p.effectiveFrom() + "起执行 | plan "
                    + p.year() + " version " + p.version() + ", applies from " + p.effectiveFrom());
        } else {
            body.put("planYear", month.getYear());
            body.put("planNote", "本村未录入" + month.getYear() + "年分配方案，按默认方案分配（应计收入） | no stored plan for "
                    + month.getYear() + ": distributed by the default plan (DefaultPlan, accrued basis)");
        }
        if (received) {
            body.put("receipts", receiptRows);
            body.put("basisNote", "本月实际到账资金（按到账日期，按股份） | cash received in " + month
                    + " (by the day it arrived, the village's share), whatever months it pays for");
        }
        return new Computed(st, body);
    }

    /**
     * What the previous month's statement left owed (deductions and post wages it could not pay), from its latest
     * published version (an adjustment if there is one): paid first this month. Nothing when it was not published.
     */
    private List<Shortfall> carriedIn(List<Stored> stored, YearMonth month) {
        YearMonth previous = month.minusMonths(1);
        Stored latest = null;
        for (Stored st : stored) {
            if (st.month().equals(previous) && st.status().isPublished() && (latest == null || st.id() > latest.id())) latest = st;
        }
        if (latest == null) return List.of();
        return StatementDocument.carriedForward(latest);
    }

    /**
     * What the household-reward pool paid each household earlier in {@code month}'s year, for the annual cap: from
     * each earlier month's latest published statement (an adjustment if there is one). Months not published yet do
     * not count (publish in order).
     */
    private Map<String, Money> rewardsPaidThisYear(List<Stored> stored, YearMonth month) {
        Map<YearMonth, Stored> latest = new TreeMap<>();
        for (Stored st : stored) {
            if (st.month().getYear() != month.getYear() || !st.month().isBefore(month) || !st.status().isPublished()) continue;
            Stored was = latest.get(st.month());
            if (was == null || st.id() > was.id()) latest.put(st.month(), st);
        }
        Map<String, Money> out = new HashMap<>();
        for (Stored st : latest.values()) {
            StatementDocument.householdAmounts(st).forEach((h, amount) -> out.merge(h, amount, Money::plus));
        }
        return out;
    }

    private static BigDecimal share(JointStation j, String villageId) {
        return j.owners().stream().filter(o -> o.villageId().equals(villageId)).findFirst().orElseThrow().share();
    }

    private static Money partOf(List<JointStation.VillageAmount> split, String villageId) {
        return split.stream().filter(a -> a.villageId().equals(villageId)).findFirst().orElseThrow().amount();
    }

    /** The statement to store for {@code c}, created {@code at}. */
    public StatementLedger.NewStatement newStatement(Computed c, Kind kind, Long adjusts, Instant at) {
        String text = StatementDocument.write(c.body());
        Statement st = c.statement();
        return new StatementLedger.NewStatement(st.villageId(), st.month(), kind, st.basis().name(), st.planVersion(),
                 totals(st), text, at, adjusts);
    }

    public static StatementLedger.Totals totals(Statement st) {
        return new StatementLedger.Totals(st.basisAmount().fen(), st.deductionsTotal().fen(), st.allocationsTotal().fen(),
                st.collective().fen());
    }
}
