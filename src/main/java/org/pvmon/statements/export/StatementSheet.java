package org.pvmon.statements.export;

import org.pvmon.registry.FieldException;
import org.pvmon.energy.Periods;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pvmon.statements.StatementLedger.Step;
import org.pvmon.statements.StatementLedger.Stored;

/**
 * A stored statement as the rows every export prints (CSV, XLSX, HTML, PDF): a title, a few facts, and tables of
 * labelled columns with their total rows. Built once from the statement's stored JSON body, so the four formats
 * cannot disagree. The public notice (公示) version leaves out household weights and enrolled days (a weight
 * reveals a disability or an illness) and shows ID numbers masked, as the body stores them.
 *
 * <p>Every text cell is already neutralized for spreadsheets: text starting with {@code = + - @}, tab or CR gets a
 * leading apostrophe ({@link #text}), so no format can hand a formula to Excel, not even by copy and paste.
 * Amounts are {@link BigDecimal} yuan with two decimals, counts are {@link Integer}.
 */
public record StatementSheet(String title, List<Fact> facts, List<Table> tables, boolean notice) {
    /** Money columns always show two decimals: a total of no rows is 0.00, never 0. */
    private static final BigDecimal ZERO_YUAN = new BigDecimal("0.00");

    private static final Label TOTAL = new Label("合计", "total");
    private static final Label REVENUE = new Label("收益合计", "revenue");
    private static final Label DEDUCTIONS = new Label("扣除合计", "deductions");
    private static final Label ALLOCATIONS = new Label("分配合计", "allocations");
    private static final Label COLLECTIVE = new Label("村集体", "collective");

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Which export: every line (the village office's) or the public notice. */
    public enum Version {
        OFFICE, NOTICE;

        /** {@code ?version=office} (default) or {@code ?version=notice}. */
        public static Version of(String param) {
            if (param == null || param.equals("office")) return OFFICE;
            if (param.equals("notice")) return NOTICE;
            throw new FieldException("version", "must be office (every line) or notice (公示: names, masked IDs, amounts), got '"
                    + param + "'");
        }
    }

    /**
     * A column or fact label, or a cell of text in both languages: Chinese for print (HTML, PDF), Chinese and English
     * for spreadsheets (CSV, XLSX, which print a cell's {@link #toString}).
     */
    record Label(String zh, String en) {
        String both() {
            return zh + " " + en;
        }

        @Override
        public String toString() {
            return both();
        }
    }

    record Fact(Label label, Object value) {
    }

    /** One table: its heading, columns, rows of cells (String, BigDecimal or Integer) and its total row (or null). */
    record Table(Label heading, List<Label> columns, List<List<Object>> rows, List<Object> total) {
        /** Whether a column holds numbers (right-aligned in print). */
        boolean numeric(int column) {
            for (List<Object> r : rows) if (!(r.get(column) instanceof Number)) return false;
            return !rows.isEmpty() || (total != null && total.get(column) instanceof Number);
        }
    }

    public static StatementSheet of(JsonNode st, Stored stored, Version version) {
        boolean notice = version == Version.NOTICE;
        String title = st.path("county").asText() + st.path("township").asText() + st.path("name").asText() + " "
                + st.path("month").asText() + (notice ? " 光伏扶贫收益分配公示" : " 光伏扶贫收益分配表");
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(new Label("村", "village"), text(st.path("name").asText())));
        facts.add(new Fact(new Label("月份", "month"), st.path("month").asText()));
        facts.add(new Fact(new Label("统计口径", "basis"), zh(st.path("basis").asText())));
        facts.add(new Fact(new Label("编号", "statement"), stored.id()));
        facts.add(new Fact(new Label("状态", "status"), zh(stored.status().name())));
        if (stored.adjustsStatementId() != null) facts.add(new Fact(new Label("更正", "adjusts statement"), stored.adjustsStatementId()));
        // the steps' comments on the office version (why approved, where posted, how paid); the public notice names who and when
        step(facts, new Label("审核", "approved"), stored.approved(), !notice);
        step(facts, new Label("公示", "published"), stored.published(), !notice);
        step(facts, new Label("发放", "paid"), stored.paid(), !notice);

        List<Table> tables = new ArrayList<>();
        tables.add(summary(st));
        if (st.has("differences")) tables.add(differences(st.path("differences")));
        tables.add(revenue(st));
        tables.add(deductions(st));
        tables.add(allocations(st));
        tables.add(posts(st));
        tables.add(households(st, notice));
        if (notice) tables.add(noticeNote());
        if (!notice && !st.path("carriedForward").isEmpty()) tables.add(carriedForward(st));
        return new StatementSheet(title, facts, tables, notice);
    }

    /** The summary table's amounts: revenue, deductions, distributable, collective (the totals that reconcile). */
    private static Table summary(JsonNode st) {
        JsonNode t = st.path("totals");
        List<List<Object>> rows = List.of(
                List.of(REVENUE, yuan(t.path("basisYuan"))),
                List.of(DEDUCTIONS, yuan(t.path("deductionsYuan"))),
                List.of(new Label("可分配", "distributable"), yuan(t.path("distributableYuan"))),
                List.of(ALLOCATIONS, yuan(t.path("allocationsYuan"))),
                List.of(COLLECTIVE, yuan(st.path("collectiveYuan"))));
        return new Table(new Label("收益汇总", "summary"), labels("项目", "item", "金额(元)", "yuan"), rows, null);
    }

    /** An adjustment's differences from the statement it corrects: to be paid out (positive) or recovered (negative). */
    private static Table differences(JsonNode d) {
        List<List<Object>> rows = List.of(
                List.of(REVENUE, yuan(d.path("basisYuan"))),
                List.of(DEDUCTIONS, yuan(d.path("deductionsYuan"))),
                List.of(ALLOCATIONS, yuan(d.path("allocationsYuan"))),
                List.of(COLLECTIVE, yuan(d.path("collectiveYuan"))));
        return new Table(new Label("更正差额（对第" + d.path("adjustsStatementId").asText() + "号）",
                "differences from statement " + d.path("adjustsStatementId").asText()), labels("项目", "item", "差额(元)", "yuan"), rows, null);
    }

    private static Table revenue(JsonNode st) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode s : st.path("stations")) names.put(s.path("station").asText(), s.path("name").asText());
        List<List<Object>> rows = new ArrayList<>();
        BigDecimal sum = ZERO_YUAN;
        for (JsonNode r : st.path("revenue")) {
            String id = r.path("station").asText();
            BigDecimal amount = yuan(r.path("amountYuan"));
            sum = sum.add(amount);
            Object part = switch (r.path("part").asText()) {
                case "BENCHMARK" -> new Label("燃煤基准电价", "benchmark");
                case "SUBSIDY" -> new Label("国家补贴", "subsidy");
                default -> text(r.path("part").asText());
            };
            rows.add(List.of(text(id), text(names.getOrDefault(id, "")), r.path("share").decimalValue(), part, amount));
        }
        return new Table(new Label("电站收益", "revenue by station"),
                labels("电站编号", "station", "电站名称", "name", "份额", "share", "部分", "part", "金额(元)", "yuan"), rows,
                List.of(TOTAL, "", "", "", sum));
    }

    private static Table deductions(JsonNode st) {
        List<List<Object>> rows = new ArrayList<>();
        BigDecimal due = ZERO_YUAN;
        BigDecimal paid = ZERO_YUAN;
        for (JsonNode d : st.path("deductions")) {
            due = due.add(yuan(d.path("dueYuan")));
            paid = paid.add(yuan(d.path("paidYuan")));
            rows.add(List.of(name(d.path("name").asText()), rule(d.path("rule").asText()), yuan(d.path("dueYuan")),
                    yuan(d.path("paidYuan")), yuan(d.path("shortfallYuan"))));
        }
        return new Table(new Label("扣除", "deductions"),
                labels("项目", "deduction", "规则", "rule", "应扣(元)", "due", "实扣(元)", "paid", "欠缴(元)", "shortfall"), rows,
                List.of(TOTAL, "", due, paid, due.subtract(paid)));
    }

    private static Table allocations(JsonNode st) {
        List<List<Object>> rows = new ArrayList<>();
        BigDecimal sum = ZERO_YUAN;
        for (JsonNode a : st.path("allocations")) {
            sum = sum.add(yuan(a.path("amountYuan")));
            rows.add(List.of(name(a.path("name").asText()), yuan(a.path("targetYuan")), yuan(a.path("amountYuan")),
                    yuan(a.path("shortfallYuan"))));
        }
        return new Table(new Label("分配", "allocations"),
                labels("项目", "allocation", "应分(元)", "target", "实分(元)", "amount", "缺口(元)", "shortfall"), rows,
                List.of(TOTAL, "", sum, ""));
    }

    private static Table posts(JsonNode st) {
        List<List<Object>> rows = new ArrayList<>();
        BigDecimal paid = ZERO_YUAN;
        for (JsonNode p : st.path("posts")) {
            paid = paid.add(yuan(p.path("paidYuan")));
            rows.add(List.of(text(p.path("title").asText()), text(p.path("holderName").asText()), p.path("daysActive").asInt(),
                    yuan(p.path("dueYuan")), yuan(p.path("paidYuan"))));
        }
        return new Table(new Label("公益岗位", "posts"),
                labels("公益岗位", "post", "在岗人", "holder", "在岗天数", "days", "应发(元)", "due", "实发(元)", "paid"), rows,
                List.of(TOTAL, "", "", "", paid));
    }

    /**
     * One line per household. The office version: weight, days enrolled and amount. The public notice (公示) names the
     * households that share the rewards (head, masked ID number) and their total only: a household's amount is its
     * weight times one unit (days aside), so amounts side by side would tell which households have a disability, a
     * serious illness or no labour capacity. Each household learns its own amount when it is paid, and may ask the
     * village committee; the weights are the approved plan's, published with the plan (docs/api.md, "The public notice").
     */
    private static Table households(JsonNode st, boolean notice) {
        List<Label> columns = new ArrayList<>(labels("户编号", "household", "户主", "head", "身份证号", "ID (masked)"));
        if (!notice) columns.addAll(labels("权重", "weight", "纳入天数", "days", "金额(元)", "yuan"));
        // (the rewards' total is the allocations table's 奖励补助 line, in both versions)
        List<List<Object>> rows = new ArrayList<>();
        BigDecimal sum = ZERO_YUAN;
        for (JsonNode h : st.path("households")) {
            BigDecimal amount = yuan(h.path("amountYuan"));
            sum = sum.add(amount);
            List<Object> row = new ArrayList<>(List.of(text(h.path("household").asText()), text(h.path("headName").asText()),
                    text(h.path("maskedIdNumber").asText())));
            if (!notice) row.addAll(List.of(h.path("weight").decimalValue(), h.path("daysEnrolled").asInt(), amount));
            rows.add(row);
        }
        List<Object> total = new ArrayList<>(List.of(TOTAL, new Label(rows.size() + "户", "households"), ""));
        if (!notice) total.addAll(List.of("", "", sum));
        return new Table(notice ? new Label("奖励补助受益户", "households sharing the rewards") : new Label("贫困户", "households"),
                columns, rows, total);
    }

    /** What the notice says about the amounts it leaves out. */
    private static Table noticeNote() {
        return new Table(new Label("公示说明", "about this notice"), labels("说明", "note"), List.of(List.of(new Label(
                "奖励补助按经审核的分配方案差异化分配（困难程度不同，份额不同），各户金额不逐户公示，以免泄露家庭成员的残疾、疾病等个人信息；"
                        + "各户金额在发放时告知本户，本户可向村委会、村务监督委员会查询。公示的是受益户名单和合计金额。",
                "Household rewards follow the approved plan's weights (by hardship); amounts are not listed per household, so that "
                        + "no household's disability or illness can be worked out from them. Each household is told its amount when it "
                        + "is paid and may ask the village committee. The notice lists the households and the total."))), null);
    }

    private static Table carriedForward(JsonNode st) {
        Map<String, String> posts = new HashMap<>();
        for (JsonNode p : st.path("posts")) posts.put(p.path("post").asText(), p.path("title").asText() + " " + p.path("holderName").asText());
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode f : st.path("carriedForward")) {
            String kind = f.path("kind").asText();
            String key = f.path("key").asText();
            Object label = switch (kind) {
                case "DEDUCTION" -> new Label("扣除项目", "deduction");
                case "POST_WAGE" -> new Label("公益岗位工资", "post wage");
                default -> text(kind);
            };
            String item = kind.equals("POST_WAGE") && posts.containsKey(key) ? posts.get(key) + "（" + key + "）" : key;
            rows.add(List.of(label, text(item), yuan(f.path("amountYuan"))));
        }
        return new Table(new Label("结转下月", "carried forward"), labels("类别", "kind", "项目", "item", "金额(元)", "yuan"), rows, null);
    }

    /** Chinese, a space, then English (the default plan's names, e.g. {@code 运维费 O&M}). */
    private static final java.util.regex.Pattern BILINGUAL = java.util.regex.Pattern.compile("(.*[\\u4e00-\\u9fff]) ([A-Za-z][ -~]*)");

    /** A deduction's or allocation's name: a bilingual one prints its Chinese half, spreadsheets keep both. */
    static Object name(String name) {
        java.util.regex.Matcher m = BILINGUAL.matcher(name);
        return m.matches() ? new Label(m.group(1), m.group(2)) : text(name);
    }

    /**
     * A deduction's rule as stored (English, e.g. {@code 30 yuan/kWp/year x 50.00 kWp / 12}) with its Chinese reading for
     * print; a rule text of another shape is printed as it is.
     */
    static Object rule(String rule) {
        String zh = RuleText.chinese(rule);
        return zh == null ? text(rule) : new Label(zh, rule);
    }

    private static void step(List<Fact> facts, Label label, Step step, boolean withComment) {
        if (step == null) return;
        String comment = withComment && step.comment() != null && !step.comment().isBlank() ? "：" + org.pvmon.registry.IdNumbers.maskIn(step.comment().strip()) : "";
        facts.add(new Fact(label, text(step.by() + " " + WHEN.format(ZonedDateTime.ofInstant(step.at(), Periods.ZONE)) + comment)));
    }

    /** A basis or status with its Chinese name first, e.g. {@code 已公示 PUBLISHED}. */
    private static Object zh(String code) {
        String zh = switch (code) {
            case "ACCRUED" -> "应计收益";
            case "RECEIVED_CASH" -> "实收资金";
            case "DRAFT" -> "草稿";
            case "APPROVED" -> "已审核";
            case "PUBLISHED" -> "已公示";
            case "PAID" -> "已发放";
            default -> "";
        };
        return zh.isEmpty() ? text(code) : new Label(zh, code);
    }

    private static List<Label> labels(String... zhEn) {
        List<Label> out = new ArrayList<>();
        for (int i = 0; i < zhEn.length; i += 2) out.add(new Label(zhEn[i], zhEn[i + 1]));
        return out;
    }

    private static BigDecimal yuan(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? ZERO_YUAN : n.decimalValue().setScale(2);
    }

    /** Text a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe. */
    static String text(String s) {
        if (s.isEmpty()) return s;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }
}
