package org.pvmon.registry.files;

import org.pvmon.receipts.ReceiptBook;
import org.pvmon.config.Config;
import org.pvmon.registry.Registry;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pvmon.money.Money;
import org.pvmon.station.Station;

/**
 * Receipts as a CSV file with Chinese headers (UTF-8, BOM optional), as a county's finance office keeps them:
 * {@code 站点编号,到账日期,所属期起,所属期止,款项,金额(元),凭证号} and optionally {@code 登记人}. 款项 is 电费 (the grid
 * company's payment of the benchmark part; also 燃煤基准 or BENCHMARK) or 国补 (a subsidy batch; also SUBSIDY).
 * 所属期 are months yyyy-MM (止 empty: the month of 起). A bad file is rejected whole with row/column messages. A row
 * that is already recorded (same station, 款项 and 凭证号, same date, period and amount) is skipped, so importing a file
 * twice records it once; the same 凭证号 with other figures is refused (void the recorded receipt first).
 */
public final class ReceiptFiles {
    static final String[] COLUMNS = {"站点编号", "到账日期", "所属期起", "所属期止", "款项", "金额(元)", "凭证号"};
    private final Registry registry;
    private final ReceiptBook receipts;

    private final Config.Uploads limits;

    public ReceiptFiles(Registry registry, ReceiptBook receipts) {
        this(registry, receipts, Config.Uploads.defaults());
    }

    /** Files read within {@code limits} (settings {@code uploads.*}). */
    public ReceiptFiles(Registry registry, ReceiptBook receipts, Config.Uploads limits) {
        this.registry = registry;
        this.receipts = receipts;
        this.limits = limits;
    }

    /** Imports a receipts file whole or not at all; returns the receipts recorded (skipped duplicates not counted). */
    public int importReceipts(InputStream in, String source, String by, Instant at) {
        return importReceipts(in, source, by, at, id -> true);
    }

    /**
     * As {@link #importReceipts(InputStream, String, String, Instant)}, for someone who sees only the stations
     * {@code visible} accepts: any other station of the file is unknown to them, as one that does not exist.
     */
    public int importReceipts(InputStream in, String source, String by, Instant at, java.util.function.Predicate<String> visible) {
        Problems problems = new Problems();
        List<Sheet.Row> rows = Sheet.read(in, COLUMNS, problems, limits);
        Map<String, Station> stations = new HashMap<>();
        for (Station s : registry.stations()) if (visible.test(s.id())) stations.put(s.id(), s);
        Map<String, ReceiptBook.Receipt> recorded = new HashMap<>();
        for (ReceiptBook.Receipt r : receipts.all()) if (r.counts()) recorded.put(key(r.receipt()), r);
        Set<String> inFile = new HashSet<>();
        List<ReceiptBook.NewReceipt> out = new ArrayList<>();
        for (Sheet.Row r : rows) {
            String station = r.text("站点编号", true);
            if (!station.isEmpty() && !stations.containsKey(station)) {
                r.problem("站点编号", "未知的站点“" + station + "”", "unknown station '" + station + "'");
                station = "";
            }
            LocalDate on = r.date("到账日期", true);
            YearMonth from = month(r, "所属期起", true);
            YearMonth to = month(r, "所属期止", false);
            if (to == null) to = from;
            if (from != null && to != null && to.isBefore(from)) {
                r.problem("所属期止", to + "早于所属期起" + from, to + " is before 所属期起 (period from) " + from);
                continue;
            }
            if (on != null && to != null && to.isAfter(YearMonth.from(on))) {
                r.problem("所属期止", "所属期不能晚于到账月份" + YearMonth.from(on), "a receipt pays for months up to the month it arrived (" + YearMonth.from(on) + ")");
                continue;
            }
            ReceiptBook.Part part = part(r);
            BigDecimal yuan = r.decimal("金额(元)", true, BigDecimal.ZERO, true, null);
            if (yuan != null && yuan.stripTrailingZeros().scale() > 2) {
                r.problem("金额(元)", "最多两位小数（分）", "at most two decimals (fen)");
                yuan = null;
            }
            String reference = r.text("凭证号", true);
            String who = r.text("登记人", false);
            if (station.isEmpty() || on == null || from == null || part == null || yuan == null || reference.isEmpty()) continue;
            ReceiptBook.NewReceipt n = new ReceiptBook.NewReceipt(station, on, from, to, part, Money.ofYuan(yuan, RoundingMode.UNNECESSARY),
                    reference, who.isEmpty() ? by : who, at);
            String key = key(n);
            if (!inFile.add(key)) {
                r.problem("凭证号", "同一站点同一款项的凭证号“" + reference + "”在文件中重复", "reference '" + reference + "' appears twice for this station and part");
                continue;
            }
            ReceiptBook.Receipt existing = recorded.get(key);
            if (existing != null) {
                if (!same(existing.receipt(), n)) {
                    r.problem("凭证号", "凭证号“" + reference + "”已登记为收款" + existing.id() + "（金额或日期不同，请先作废）",
                            "reference '" + reference + "' is already receipt " + existing.id() + " with other figures (void it first)");
                }
                continue;
            }
            out.add(n);
        }
        problems.throwIfAny(source);
        return receipts.recordAll(out);
    }

    static String key(ReceiptBook.NewReceipt r) {
        return r.stationId() + "\u0000" + r.part() + "\u0000" + r.reference();
    }

    private static boolean same(ReceiptBook.NewReceipt a, ReceiptBook.NewReceipt b) {
        return a.receivedOn().equals(b.receivedOn()) && a.periodFrom().equals(b.periodFrom()) && a.periodTo().equals(b.periodTo())
                && a.amount().equals(b.amount());
    }

    private static ReceiptBook.Part part(Sheet.Row r) {
        String v = r.text("款项", true);
        return switch (v) {
            case "" -> null;
            case "电费", "燃煤基准", "BENCHMARK" -> ReceiptBook.Part.BENCHMARK;
            case "国补", "补贴", "SUBSIDY" -> ReceiptBook.Part.SUBSIDY;
            default -> {
                r.problem("款项", "“" + v + "”应为电费或国补", "'" + v + "' must be 电费 (benchmark) or 国补 (subsidy)");
                yield null;
            }
        };
    }

    private static YearMonth month(Sheet.Row r, String column, boolean required) {
        String v = r.text(column, required);
        if (v.isEmpty()) return null;
        try {
            return YearMonth.parse(v);
        } catch (DateTimeParseException e) {
            r.problem(column, "“" + v + "”不是月份（格式yyyy-MM）", "'" + v + "' is not a month (yyyy-MM)");
            return null;
        }
    }
}
