package org.pvmon.registry.files;

import org.pvmon.registry.IdNumbers;
import org.pvmon.config.Config;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pvmon.distribution.DateRange;
import org.pvmon.distribution.Household;
import org.pvmon.distribution.Post;
import org.pvmon.money.Money;

/** The households and posts files: reading (whole file validated, then written in one transaction) and writing. */
final class HouseholdFiles {
    static final String[] HOUSEHOLD_COLUMNS = {"户编号", "村", "户主姓名", "身份证号", "家庭人口", "属性", "纳入日期", "退出日期"};
    static final String[] POST_COLUMNS = {"岗位编号", "村", "岗位名称", "在岗户编号", "月工资(元)", "开始日期", "结束日期"};

    private final Registry registry;

    private final Config.Uploads limits;

    HouseholdFiles(Registry registry, Config.Uploads limits) {
        this.limits = limits;
        this.registry = registry;
    }

    /** A household as its first row gives it, with the enrollment periods of all its rows. */
    private record Draft(long row, String villageId, String headName, String idNumber, int size, Set<Household.Attribute> attributes,
                         List<Period> periods) {
    }

    private record Period(long row, DateRange range) {
    }

    int importHouseholds(InputStream in, String source, RegistryCsv.Reader reader) {
        Problems problems = new Problems();
        List<Sheet.Row> rows = Sheet.read(in, HOUSEHOLD_COLUMNS, problems, limits);
        List<Village> seen = registry.villages().stream().filter(reader.villages()).toList();
        Villages villages = new Villages(seen); // others: unknown
        Map<String, String> registeredIdNumbers = registry.idNumbers();
        Registered registered = Registered.of(registeredIdNumbers, registry.householdVillages(),
                seen.stream().map(Village::id).collect(java.util.stream.Collectors.toSet()));
        Map<String, String> fileIdNumbers = new HashMap<>();
        Map<String, Draft> drafts = new LinkedHashMap<>();
        for (Sheet.Row r : rows) {
            String id = r.text("户编号", true);
            Village village = villages.resolve(r, "村", r.text("村", true));
            String headName = r.text("户主姓名", true);
            String idNumber = registered.unmasked(r, id, r.text("身份证号", true).toUpperCase(Locale.ROOT));
            if (!idNumber.isEmpty()) {
                IdNumbers.problem(idNumber).ifPresent(p -> r.problem("身份证号", p.zh(), p.en()));
                String other = registeredIdNumbers.get(idNumber);
                if (other != null && !other.equals(id)) {
                    r.problem("身份证号", "已是户“" + other + "”的户主身份证号", "already the ID number of household '" + other + "'");
                }
                String inFile = fileIdNumbers.putIfAbsent(idNumber, id);
                if (inFile != null && !inFile.equals(id)) {
                    r.problem("身份证号", "与本文件中户“" + inFile + "”相同", "the same as household '" + inFile + "' in this file");
                }
            }
            BigDecimal size = r.decimal("家庭人口", true, BigDecimal.ONE, false, BigDecimal.valueOf(99));
            if (size != null && size.stripTrailingZeros().scale() > 0) {
                r.problem("家庭人口", "应为整数", "must be a whole number");
                size = null;
            }
            Set<Household.Attribute> attributes = attributes(r, r.text("属性", false));
            LocalDate from = r.date("纳入日期", false);
            LocalDate to = r.date("退出日期", false);
            DateRange period = null;
            if (from == null && to != null) {
                r.problem("纳入日期", "填了退出日期时不能为空", "must not be empty when 退出日期 (left on) is given");
            } else if (from != null && to != null && to.isBefore(from)) {
                r.problem("退出日期", to + "早于纳入日期" + from, to + " is before 纳入日期 (enrolled on) " + from);
            } else if (from != null) {
                period = new DateRange(from, to);
            }
            if (id.isEmpty() || village == null || headName.isEmpty() || idNumber.isEmpty() || size == null) continue;
            Draft d = drafts.get(id);
            if (d == null) {
                d = new Draft(r.number(), village.id(), headName, idNumber, size.intValue(), attributes, new ArrayList<>());
                drafts.put(id, d);
            } else {
                long first = d.row();
                same(r, "村", d.villageId(), village.id(), first);
                same(r, "户主姓名", d.headName(), headName, first);
                same(r, "身份证号", d.idNumber(), idNumber, first);
                same(r, "家庭人口", d.size(), size.intValue(), first);
                same(r, "属性", d.attributes(), attributes, first);
            }
            if (period != null) {
                for (Period p : d.periods()) {
                    if (p.range().overlaps(period)) {
                        r.problem("纳入日期", "与第" + p.row() + "行的纳入期间重叠", "the enrollment overlaps that of row " + p.row());
                    }
                }
                d.periods().add(new Period(r.number(), period));
            }
        }
        problems.throwIfAny(source);
        registry.transaction(w -> drafts.forEach((id, d) -> w.household(d.villageId(), new Household(id, d.headName(), d.idNumber(),
                d.size(), d.attributes(), d.periods().stream().map(Period::range).toList()))));
        return drafts.size();
    }

    /**
     * The registered households' ID numbers, for a masked one in a file: screens and the export of a role without full ID
     * numbers show {@code 371321********2347}, and a row that keeps it means "unchanged". It stands for the registered
     * number of the row's household when that household is of a village the uploader sees and its number masks to
     * exactly that; anything else masked is refused (a new number is typed in full).
     */
    private record Registered(Map<String, String> numberOf, Map<String, String> villageOf, Set<String> seenVillages) {
        /** From ID number → household id (as {@link Registry#idNumbers}), household id → village id, the villages seen. */
        static Registered of(Map<String, String> householdOf, Map<String, String> villageOf, Set<String> seenVillages) {
            Map<String, String> numberOf = new HashMap<>();
            householdOf.forEach((number, household) -> numberOf.put(household, number));
            return new Registered(numberOf, villageOf, seenVillages);
        }

        String unmasked(Sheet.Row r, String householdId, String idNumber) {
            if (idNumber.indexOf('*') < 0) return idNumber;
            String number = numberOf.get(householdId);
            if (number != null && seenVillages.contains(villageOf.get(householdId)) && Household.maskedId(number).equals(idNumber)) {
                return number;
            }
            r.problem("身份证号", "脱敏的号码表示不改，须与本户登记的号码一致；新的号码请填写完整",
                    "a masked number means unchanged and must be this household's registered one, masked; type a new number in full");
            return "";
        }
    }

    private static void same(Sheet.Row r, String column, Object first, Object now, long firstRow) {
        if (!Objects.equals(first, now)) {
            r.problem(column, "与同一户的第" + firstRow + "行不一致", "differs from row " + firstRow + " of the same household");
        }
    }

    private static Set<Household.Attribute> attributes(Sheet.Row r, String cell) {
        Set<Household.Attribute> out = EnumSet.noneOf(Household.Attribute.class);
        for (String token : cell.split("[;；、,，]")) {
            if (token.isBlank()) continue;
            Optional<Household.Attribute> a = Attributes.parse(token);
            if (a.isPresent()) {
                out.add(a.get());
            } else {
                r.problem("属性", "未知的属性“" + token.strip() + "”（可用：" + Attributes.known() + "）",
                        "unknown attribute '" + token.strip() + "' (known: " + Attributes.known() + ")");
            }
        }
        return out;
    }

    void exportHouseholds(List<List<String>> out, RegistryCsv.Reader reader) {
        Villages refs = new Villages(registry.villages());
        for (Village v : registry.villages()) {
            if (!reader.villages().test(v)) continue;
            for (Household h : registry.householdsOf(v.id())) {
                String idNumber = reader.fullIdNumbers() ? h.idNumber() : h.maskedIdNumber();
                List<String> head = List.of(h.id(), refs.ref(v.id()), h.headName(), idNumber, String.valueOf(h.size()),
                        Attributes.format(h.attributes()));
                if (h.enrollments().isEmpty()) out.add(concat(head, "", ""));
                for (DateRange e : h.enrollments()) out.add(concat(head, e.from().toString(), Sheet.text(e.to())));
            }
        }
    }

    // ---- posts ----

    int importPosts(InputStream in, String source, RegistryCsv.Reader reader) {
        Problems problems = new Problems();
        List<Sheet.Row> rows = Sheet.read(in, POST_COLUMNS, problems, limits);
        Villages villages = new Villages(registry.villages().stream().filter(reader.villages()).toList()); // others: unknown
        Map<String, String> householdVillages = registry.householdVillages();
        Map<String, Long> idRows = new HashMap<>();
        Map<String, Post> posts = new LinkedHashMap<>();
        Map<String, String> postVillages = new HashMap<>();
        for (Sheet.Row r : rows) {
            String id = r.text("岗位编号", true);
            Long first = id.isEmpty() ? null : idRows.putIfAbsent(id, r.number());
            if (first != null) r.problem("岗位编号", "与第" + first + "行重复", "duplicate of row " + first);
            Village village = villages.resolve(r, "村", r.text("村", true));
            String title = r.text("岗位名称", true);
            String holder = r.text("在岗户编号", true);
            if (!holder.isEmpty()) {
                String holderVillage = householdVillages.get(holder);
                if (holderVillage == null) {
                    r.problem("在岗户编号", "未知的户“" + holder + "”（先导入贫困户）", "unknown household '" + holder + "' (import households first)");
                    holder = "";
                } else if (village != null && !holderVillage.equals(village.id())) {
                    r.problem("在岗户编号", "户“" + holder + "”属于" + villages.ref(holderVillage) + "，不是本村",
                            "household '" + holder + "' is of village " + villages.ref(holderVillage) + ", not of this village");
                    holder = "";
                }
            }
            Money wage = wage(r);
            LocalDate from = r.date("开始日期", true);
            LocalDate to = r.date("结束日期", false);
            if (from != null && to != null && to.isBefore(from)) {
                r.problem("结束日期", to + "早于开始日期" + from, to + " is before 开始日期 (start) " + from);
                continue;
            }
            if (id.isEmpty() || first != null || village == null || title.isEmpty() || holder.isEmpty() || wage == null || from == null) continue;
            posts.put(id, new Post(id, title, holder, wage, new DateRange(from, to)));
            postVillages.put(id, village.id());
        }
        problems.throwIfAny(source);
        registry.transaction(w -> posts.forEach((id, p) -> w.post(postVillages.get(id), p)));
        return posts.size();
    }

    private static Money wage(Sheet.Row r) {
        BigDecimal yuan = r.decimal("月工资(元)", true, BigDecimal.ZERO, false, null);
        if (yuan == null) return null;
        try {
            return Money.ofYuan(yuan, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            r.problem("月工资(元)", yuan.toPlainString() + "最多两位小数（元，精确到分）", yuan.toPlainString() + " has more than two decimals (yuan, to the fen)");
            return null;
        }
    }

    void exportPosts(List<List<String>> out, RegistryCsv.Reader reader) {
        Villages refs = new Villages(registry.villages());
        for (Village v : registry.villages()) {
            if (!reader.villages().test(v)) continue;
            List<Post> posts = new ArrayList<>(registry.postsOf(v.id()));
            posts.sort(Comparator.comparing(Post::id));
            for (Post p : posts) {
                out.add(List.of(p.id(), refs.ref(v.id()), p.title(), p.holderHouseholdId(), p.monthlyWage().yuan().toPlainString(),
                        p.active().from().toString(), Sheet.text(p.active().to())));
            }
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }
}
