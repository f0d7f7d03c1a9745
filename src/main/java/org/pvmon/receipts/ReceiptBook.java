package org.pvmon.receipts;

import org.pvmon.db.Database;
import org.pvmon.registry.Check;
import org.pvmon.registry.RegistryException;
import org.pvmon.registry.VillageSet;
import org.pvmon.registry.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.pvmon.money.Money;

/**
 * Receipts: cash that arrived for a station (a grid company's payment of the benchmark part, typically quarterly; a
 * national-subsidy batch, typically yearly and late), with the day it arrived, the months it pays for, the part, the
 * amount, a reference (bank slip, settlement number) and who recorded it. A receipt is never edited: a mistaken one is
 * voided with a reason (who, when) and stays in the book; voided receipts count nowhere.
 */
public final class ReceiptBook {
    /** Which part of the tariff a receipt pays. */
    public enum Part { BENCHMARK, SUBSIDY }

    /** A receipt to record; {@code periodFrom..periodTo} are the months it pays for (both included). */
    public record NewReceipt(String stationId, LocalDate receivedOn, YearMonth periodFrom, YearMonth periodTo, Part part,
                             Money amount, String reference, String recordedBy, Instant recordedAt) {
        public NewReceipt {
            Check.nonBlank(stationId, "station");
            Check.that(receivedOn != null, "receivedOn: is required (yyyy-MM-dd)");
            Check.that(periodFrom != null, "periodFrom: is required (yyyy-MM)");
            Check.that(periodTo != null, "periodTo: is required (yyyy-MM)");
            Check.that(!periodTo.isBefore(periodFrom), "periodTo: " + periodTo + " is before periodFrom " + periodFrom);
            Check.that(part != null, "part: is required (BENCHMARK or SUBSIDY)");
            Check.that(amount != null && amount.fen() > 0, "amount: must be more than 0 (a mistaken receipt is voided, not offset)");
            Check.nonBlank(reference, "reference");
            Check.that(reference.length() <= 200, "reference: at most 200 characters");
            Check.nonBlank(recordedBy, "by");
            Check.that(recordedBy.length() <= 100, "by: at most 100 characters");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        /** The number of months paid for. */
        public int months() {
            return (int) java.time.temporal.ChronoUnit.MONTHS.between(periodFrom, periodTo) + 1;
        }
    }

    /** Who voided a receipt, when and why. */
    public record Voiding(String by, Instant at, String reason) {
    }

    /** A receipt as stored; {@code voided} is null while it counts. */
    public record Receipt(long id, NewReceipt receipt, Voiding voided) {
        public boolean counts() {
            return voided == null;
        }
    }

    private static final String SELECT = "SELECT id, station_id, received_on, period_from, period_to, part, amount_fen, reference, "
            + "recorded_by, recorded_at, voided_by, voided_at, void_reason FROM receipts";

    private final Jdbi jdbi;

    /** The ReceiptBook in {@code db}'s tables. */
    public ReceiptBook(Database db) {
        this.jdbi = db.jdbi();
    }

    /**
     * Records a receipt and returns it.
     *
     * @throws RegistryException when the station is unknown
     * @throws ConflictException when a receipt of the station and part that counts has the same reference
     */
    public Receipt record(NewReceipt r) {
        try {
            return jdbi.inTransaction(h -> {
                Check.that(h.createQuery("SELECT COUNT(*) FROM stations WHERE id = :id").bind("id", r.stationId())
                        .mapTo(Integer.class).one() > 0, "station: unknown station " + r.stationId());
                h.createQuery("SELECT id FROM receipts WHERE station_id = :s AND part = :p AND reference = :ref AND voided_at IS NULL")
                        .bind("s", r.stationId()).bind("p", r.part().name()).bind("ref", r.reference()).mapTo(Long.class).findFirst()
                        .ifPresent(other -> {
                            throw new ConflictException("reference: receipt " + other + " of station " + r.stationId() + " ("
                                    + r.part() + ") already has reference '" + r.reference() + "'; a receipt is recorded once "
                                    + "(void the recorded one first if it is wrong)");
                        });
                long id = insert(h, r);
                return find(h, id).orElseThrow();
            });
        } catch (JdbiException e) {
            throw new RegistryException("the database refused the receipt: " + e.getMessage());
        }
    }

    /** Records every receipt in one transaction (an import): all or none. Returns how many. */
    public int recordAll(List<NewReceipt> receipts) {
        try {
            return jdbi.inTransaction(h -> {
                for (NewReceipt r : receipts) insert(h, r);
                return receipts.size();
            });
        } catch (JdbiException e) {
            throw new RegistryException("the database refused the receipts: " + e.getMessage());
        }
    }

    private static long insert(Handle h, NewReceipt r) {
        long id = Database.nextId(h, "receipts");
        h.createUpdate("INSERT INTO receipts (id, station_id, received_on, period_from, period_to, part, amount_fen, reference, "
                        + "recorded_by, recorded_at) VALUES (:id, :s, :on, :pf, :pt, :part, :fen, :ref, :by, :at)")
                .bind("id", id).bind("s", r.stationId()).bind("on", r.receivedOn().toString()).bind("pf", r.periodFrom().toString())
                .bind("pt", r.periodTo().toString()).bind("part", r.part().name()).bind("fen", r.amount().fen())
                .bind("ref", r.reference()).bind("by", r.recordedBy()).bind("at", r.recordedAt().toString()).execute();
        return id;
    }

    /**
     * Voids a receipt (it stays in the book and counts nowhere) and returns it.
     *
     * @throws ConflictException when it is already voided or does not exist
     */
    public Receipt voidReceipt(long id, String by, String reason, Instant at) {
        Check.nonBlank(by, "by");
        Check.nonBlank(reason, "reason");
        Check.that(reason.length() <= 500, "reason: at most 500 characters");
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE receipts SET voided_by = :by, voided_at = :at, void_reason = :why WHERE id = :id AND voided_at IS NULL")
                    .bind("by", by).bind("at", at.toString()).bind("why", reason).bind("id", id).execute();
            Receipt now = find(h, id).orElseThrow(() -> new ConflictException("receipt " + id + " does not exist"));
            if (n == 0) {
                throw new ConflictException("receipt " + id + " was already voided by " + now.voided().by() + " at "
                        + now.voided().at() + " (" + now.voided().reason() + "); record a new receipt for the right amount");
            }
            return now;
        });
    }

    public Optional<Receipt> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** A station's receipts, voided ones included, by day received then id. */
    public List<Receipt> ofStation(String stationId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE station_id = :s ORDER BY received_on, id").bind("s", stationId)
                .map((rs, ctx) -> receipt(rs)).list());
    }

    /** Every receipt, voided ones included, by day received then id. */
    public List<Receipt> all() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY received_on, id").map((rs, ctx) -> receipt(rs)).list());
    }

    /** The receipts that count (not voided) received from {@code from} to {@code to} (both included), by day then id. */
    public List<Receipt> receivedBetween(LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE received_on >= :f AND received_on <= :t AND voided_at IS NULL "
                        + "ORDER BY received_on, id").bind("f", from.toString()).bind("t", to.toString())
                .map((rs, ctx) -> receipt(rs)).list());
    }

    /**
     * The receipts that count received from {@code from} to {@code to} (both included) for the stations that the villages
     * of {@code set} own shares of, by day then id: one query.
     */
    public List<Receipt> receivedBetween(LocalDate from, LocalDate to, VillageSet set) {
        if (set.isEmpty()) return List.of();
        return jdbi.withHandle(h -> set.bind(h.createQuery(SELECT + " WHERE received_on >= :f AND received_on <= :t AND voided_at IS NULL "
                        + "AND station_id IN (SELECT station_id FROM station_owners WHERE village_id IN (" + set.ids() + ")) "
                        + "ORDER BY received_on, id")).bind("f", from.toString()).bind("t", to.toString())
                .map((rs, ctx) -> receipt(rs)).list());
    }

    /** The receipts that count (not voided) paying for any month from {@code from} to {@code to}, by day then id. */
    public List<Receipt> payingFor(YearMonth from, YearMonth to) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE period_to >= :f AND period_from <= :t AND voided_at IS NULL "
                        + "ORDER BY received_on, id").bind("f", from.toString()).bind("t", to.toString())
                .map((rs, ctx) -> receipt(rs)).list());
    }

    private static Optional<Receipt> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> receipt(rs)).findOne();
    }

    private static Receipt receipt(ResultSet rs) throws SQLException {
        NewReceipt r = new NewReceipt(rs.getString("station_id"), LocalDate.parse(rs.getString("received_on")),
                YearMonth.parse(rs.getString("period_from")), YearMonth.parse(rs.getString("period_to")),
                Part.valueOf(rs.getString("part")), Money.ofFen(rs.getLong("amount_fen")), rs.getString("reference"),
                rs.getString("recorded_by"), Instant.parse(rs.getString("recorded_at")));
        String at = rs.getString("voided_at");
        Voiding v = at == null ? null : new Voiding(rs.getString("voided_by"), Instant.parse(at), rs.getString("void_reason"));
        return new Receipt(rs.getLong("id"), r, v);
    }
}
