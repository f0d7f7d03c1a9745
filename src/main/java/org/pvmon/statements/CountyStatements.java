package org.pvmon.statements;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.pvmon.energy.Periods;
import org.pvmon.money.Money;
import org.pvmon.receipts.Receivables;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.pvmon.registry.VillageSet;
import org.pvmon.station.Station;
import org.pvmon.statements.StatementLedger.Stored;

/**
 * A county's month of statements, what a county office checks at month end: every village with its statement's
 * status (NONE when it has none yet), distributable amount and households paid, the month's accrued / received /
 * outstanding ({@link Receivables}) and the cash that arrived in the month (what statements on the received basis
 * distribute). And the month-end run before it: the draft statements of every village of a county (or of every
 * county) that has none for the month, computed together ({@link StatementBatch}) and written one transaction per
 * county.
 */
public final class CountyStatements {
    /** The statuses a roll-up counts, in lifecycle order; NONE: no regular statement yet. */
    public static final List<String> STATUSES = List.of("NONE", "DRAFT", "APPROVED", "PUBLISHED", "PAID");

    private final Registry registry;
    private final StatementLedger ledger;
    private final Receivables receivables;
    private final StatementBatch batch;
    private final Clock clock;

    public CountyStatements(Registry registry, StatementLedger ledger, Receivables receivables, StatementBatch batch, Clock clock) {
        this.registry = registry;
        this.ledger = ledger;
        this.receivables = receivables;
        this.batch = batch;
        this.clock = clock;
    }

    /**
     * One village in a roll-up: its regular statement of the month ({@code regular}, null when none), the latest of its
     * statements of the month (an adjustment when there is one) and what that one says ({@code summary}), its money.
     */
    public record VillageMonth(Village village, Stored regular, Stored latest, StatementDocument.Summary summary,
                               Receivables.Figures money, Money cashArrived) {
        /** NONE, or the regular statement's status. */
        public String status() {
            return regular == null ? "NONE" : regular.status().name();
        }
    }

    /** A county's month: every village, the count of villages per status, and the county's totals. */
    public record Rollup(String county, YearMonth month, boolean partial, List<VillageMonth> villages, Map<String, Integer> byStatus,
                         Money distributable, int householdsPaid, Receivables.Figures money, Money cashArrived) {
    }

    /** The roll-up of {@code county}'s {@code month} (up to today in the current month); empty when no such county. */
    public Optional<Rollup> rollup(String county, YearMonth month) {
        LocalDate today = today();
        VillageSet set = VillageSet.counties(List.of(county));
        List<Village> villages = registry.villageInputs().villages(set);
        if (villages.isEmpty()) return Optional.empty();
        List<Station> stations = new ArrayList<>(registry.villageInputs().ownership(set).stations().values()); // those its villages own shares of
        Map<String, List<Stored>> stored = ledger.ofVillages(set, month, month);
        Receivables.Result money = receivables.of(stations, month, month, today);
        Map<String, Money> arrived = receivables.arrivedByVillage(month, today);

        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String s : STATUSES) byStatus.put(s, 0);
        Money distributable = Money.ZERO;
        int households = 0;
        Money cash = Money.ZERO;
        List<VillageMonth> rows = new ArrayList<>();
        for (Village v : villages) {
            Stored regular = null;
            Stored latest = null;
            for (Stored st : stored.getOrDefault(v.id(), List.of())) {
                if (st.kind() == StatementLedger.Kind.REGULAR) regular = st;
                if (latest == null || st.id() > latest.id()) latest = st;
            }
            StatementDocument.Summary summary = regular == null ? null : StatementDocument.summary(latest);
            Money got = arrived.getOrDefault(v.id(), Money.ZERO);
            VillageMonth row = new VillageMonth(v, regular, regular == null ? null : latest, summary,
                    money.villages().getOrDefault(v.id(), Receivables.Figures.ZERO), got);
            byStatus.merge(row.status(), 1, Integer::sum);
            if (summary != null) {
                distributable = distributable.plus(summary.distributable());
                households += summary.householdsPaid();
            }
            cash = cash.plus(got);
            rows.add(row);
        }
        return Optional.of(new Rollup(county, month, month.equals(YearMonth.from(today)), rows, byStatus, distributable, households,
                money.total(), cash));
    }

    /** Whether the registry has villages in {@code county}. */
    public boolean hasCounty(String county) {
        return !registry.villageInputs().villages(VillageSet.counties(List.of(county))).isEmpty();
    }

    /** The counties of {@code counties} that have no village in the registry. */
    public List<String> unknown(List<String> counties) {
        Set<String> known = new HashSet<>();
        for (Village v : registry.villageInputs().villages(VillageSet.counties(counties))) known.add(v.county());
        return counties.stream().filter(c -> !known.contains(c)).toList();
    }

    /**
     * The month-end run over {@code set}: the draft statement of every village that has none for the complete
     * {@code month}, county by county ({@link StatementBatch#drafts}).
     */
    public void drafts(VillageSet set, YearMonth month, StatementBatch.Phases phases, BiConsumer<String, List<StatementBatch.Draft>> perCounty) {
        requireComplete(month);
        batch.drafts(set, month, today(), clock.instant(), phases, perCounty);
    }

    /** Drafts are made for a complete local month: throws when {@code month} is not over yet. */
    public void requireComplete(YearMonth month) {
        StatementBatch.requireComplete(month, today(), "statements cover");
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Periods.ZONE));
    }
}
