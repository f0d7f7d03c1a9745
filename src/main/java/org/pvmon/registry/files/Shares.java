package org.pvmon.registry.files;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The 所属村及份额 (owners and shares) cell of a stations file: {@code 村A:0.5;村B:0.5} (full-width ：and ；
 * accepted); a single village without a share owns the whole station. Shares are exact decimals in (0, 1] that must
 * add up to exactly 1.
 */
final class Shares {
    private Shares() {
    }

    /** The owners written in {@code cell}; null, with the problems reported, when the cell is wrong. */
    static List<StationFiles.Share> parse(Sheet.Row row, String column, String cell) {
        String[] tokens = cell.split("[;；]");
        List<StationFiles.Share> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        BigDecimal total = BigDecimal.ZERO;
        boolean ok = true;
        int nonBlank = 0;
        for (String t : tokens) if (!t.isBlank()) nonBlank++;
        for (String token : tokens) {
            String t = token.strip();
            if (t.isEmpty()) continue;
            int colon = Math.max(t.lastIndexOf(':'), t.lastIndexOf('：'));
            String ref = colon < 0 ? t : t.substring(0, colon).strip();
            BigDecimal share;
            if (colon < 0) {
                if (nonBlank > 1) {
                    row.problem(column, "“" + t + "”缺少份额（多个村时写作 村A:0.5;村B:0.5）",
                            "'" + t + "' has no share (with several villages write 村A:0.5;村B:0.5)");
                    ok = false;
                    continue;
                }
                share = BigDecimal.ONE;
            } else {
                String v = t.substring(colon + 1).strip();
                try {
                    share = new BigDecimal(v);
                } catch (NumberFormatException e) {
                    row.problem(column, "“" + ref + "”的份额“" + v + "”不是数字", "the share '" + v + "' of '" + ref + "' is not a number");
                    ok = false;
                    continue;
                }
                if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
                    row.problem(column, "“" + ref + "”的份额" + v + "应大于0且不大于1", "the share " + v + " of '" + ref + "' must be in (0, 1]");
                    ok = false;
                    continue;
                }
            }
            if (ref.isEmpty()) {
                row.problem(column, "份额" + share.toPlainString() + "缺少村名", "the share " + share.toPlainString() + " has no village");
                ok = false;
                continue;
            }
            if (!seen.add(ref)) {
                row.problem(column, "“" + ref + "”重复出现", "'" + ref + "' is listed twice");
                ok = false;
                continue;
            }
            total = total.add(share);
            out.add(new StationFiles.Share(ref, share));
        }
        if (ok && out.isEmpty()) {
            row.problem(column, "没有所属村", "no owner village");
            return null;
        }
        if (ok && total.compareTo(BigDecimal.ONE) != 0) {
            row.problem(column, "份额合计为" + total.toPlainString() + "，应恰为1", "the shares add up to " + total.toPlainString() + ", not exactly 1");
            return null;
        }
        return ok ? out : null;
    }
}
