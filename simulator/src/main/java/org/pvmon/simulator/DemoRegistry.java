package org.pvmon.simulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo-registry}: writes a made-up village register for a fleet, as the pvmon registry imports it
 * ({@code villages.csv, stations.csv, tariffs.csv, households.csv, posts.csv}: UTF-8 with BOM, Chinese headers, CRLF).
 *
 * <p>Every person is generated: names from common surnames and given-name characters, ID numbers that pass the
 * GB 11643 check with Linyi (3713xx) region codes and plausible birth dates. The output is a pure function of the
 * fleet and the seed; each village draws from its own random stream, so one village's numbers do not shift another's.
 * A station whose village is written {@code 联村(…N村)} is owned by N villages of its township (the township's
 * fleet villages, plus made-up ones to reach N), with shares by registered poor population, 4 decimals, summing to 1.
 */
@Command(name = "demo-registry", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Write a generated (not real) demo registry for the fleet: villages, stations with catalogue "
                + "dates and joint-station shares, zone III tariffs, registered poor households and public-welfare posts, "
                + "as the CSV files the pvmon registry imports.")
final class DemoRegistry implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the CSV files to (created).")
    Path out;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Fleet CSV file (default: the built-in demo fleet of 沂南县).")
    Path fleet;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    /** The day the register is drawn up: fixed, so that the files depend on the seed alone, not on when they are made. */
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 22);
    private static final Pattern JOINT = Pattern.compile("联村.*?(\\d+)村");
    private static final String[] EXTRA_VILLAGES = {"东岸堤村", "后峪子村", "花园村", "孟家庄村", "西峪村", "南泉村", "青山村",
            "黄庄村", "北沟村", "前河村", "后河村", "小岭村"};
    private static final String[] ATTRIBUTES = {"残疾", "大病", "独居老人", "无劳动能力", "弱劳动能力"};

    /** A village of the register; {@code station} is its own station, null for a village that only co-owns a joint one. */
    record Village(String code, String name, String township, String county, Station station, double weightKwp, LocalDate registeredFrom) {
        String id() {
            return county + "-" + township + "-" + name;
        }
    }

    record Period(LocalDate from, LocalDate to) {
        boolean covers(LocalDate a, LocalDate b) {
            return !from.isAfter(a) && (to == null || (b != null && !to.isBefore(b)));
        }
    }

    record Household(String id, Village village, String head, String idNumber, int size, boolean[] attrs, List<Period> periods) {
        String attributes() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < ATTRIBUTES.length; i++) if (attrs[i]) out.add(ATTRIBUTES[i]);
            return String.join(";", out);
        }

        boolean has(int attribute) {
            return attrs[attribute];
        }
    }

    record Post(String id, Village village, String title, Household holder, String wage, LocalDate from, LocalDate to) {
    }

    /** The whole register. */
    record Register(List<Station> stations, List<Village> villages, Map<String, List<Village>> owners,
                    Map<String, String> ownersText, Map<String, LocalDate> catalogue, List<Household> households, List<Post> posts) {
    }

    @Override
    public Integer call() {
        List<Station> stations = fleet != null ? FleetFile.read(fleet) : FleetFile.readDemo();
        Register r = generate(stations, seed);
        write(r, out);
        PrintWriter pw = spec.commandLine().getOut();
        pw.println(summary(r));
        pw.flush();
        return 0;
    }

    // ---- generation ----

    static Register generate(List<Station> stations, long seed) {
        Map<String, List<Village>> owners = new LinkedHashMap<>();
        List<Village> villages = villages(stations, owners);
        List<Household> households = new ArrayList<>();
        List<Post> posts = new ArrayList<>();
        Set<String> idNumbers = new HashSet<>();
        Set<Village> keepers = new HashSet<>(); // a joint station's keeper post goes to its first owner without a station of its own
        for (List<Village> os : owners.values()) {
            if (os.size() > 1) keepers.add(os.stream().filter(v -> v.station() == null).findFirst().orElse(os.get(0)));
        }
        for (Village v : villages) {
            Random rnd = new Random(seed * 1_000_003L + v.id().hashCode());
            List<Household> hs = People.households(v, rnd, idNumbers);
            households.addAll(hs);
            boolean keeper = keepers.contains(v) || v.station() != null && rnd.nextDouble() < 0.5;
            posts.addAll(posts(v, hs, keeper, rnd));
        }
        Map<String, String> ownersText = new LinkedHashMap<>();
        for (Station s : stations) {
            List<Village> os = owners.get(s.id());
            ownersText.put(s.id(), os.size() == 1 ? os.get(0).name() : shares(s, os, households));
        }
        return new Register(stations, villages, owners, ownersText, catalogue(stations, new Random(seed)), households, posts);
    }

    /** The fleet's villages in fleet order, each joint station's extra owner villages after its township's others. */
    private static List<Village> villages(List<Station> stations, Map<String, List<Village>> owners) {
        Map<String, Integer> perTownship = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Station s : stations) names.add(s.village());
        List<Village> all = new ArrayList<>();
        for (Station s : stations) {
            if (JOINT.matcher(s.village()).find()) continue;
            Village v = new Village(code(s, perTownship), s.village(), s.township(), s.county(), s, s.capacityKwp(), null);
            all.add(v);
            owners.put(s.id(), List.of(v));
        }
        for (Station s : stations) {
            Matcher m = JOINT.matcher(s.village());
            if (!m.find()) continue;
            int n = Integer.parseInt(m.group(1));
            List<Village> os = new ArrayList<>();
            for (Village v : all) if (v.township().equals(s.township()) && os.size() < n) os.add(v);
            for (String extra : EXTRA_VILLAGES) {
                if (os.size() >= n) break;
                if (!names.add(extra)) continue;
                Village v = new Village(code(s, perTownship), extra, s.township(), s.county(), null, 0, null);
                os.add(v);
                all.add(v);
            }
            owners.put(s.id(), os);
        }
        // a joint station's capacity counts toward its owners' household numbers, evenly
        Map<String, Double> extraWeight = new LinkedHashMap<>();
        for (Station s : stations) {
            List<Village> os = owners.get(s.id());
            if (os.size() > 1) for (Village v : os) extraWeight.merge(v.id(), s.capacityKwp() / os.size(), Double::sum);
        }
        // a village's register starts with the first station it owns
        Map<String, LocalDate> firstStation = new LinkedHashMap<>();
        for (Station s : stations) {
            for (Village v : owners.get(s.id())) firstStation.merge(v.id(), s.gridConnectionDate().withDayOfMonth(1), DemoRegistry::min);
        }
        List<Village> out = new ArrayList<>();
        for (Village v : all) {
            out.add(new Village(v.code(), v.name(), v.township(), v.county(), v.station(),
                    v.weightKwp() + extraWeight.getOrDefault(v.id(), 0.0), firstStation.get(v.id())));
        }
        for (Map.Entry<String, List<Village>> e : owners.entrySet()) {
            e.setValue(e.getValue().stream().map(v -> out.stream().filter(w -> w.id().equals(v.id())).findFirst().orElseThrow()).toList());
        }
        List<String> townships = new ArrayList<>();
        for (Village v : out) if (!townships.contains(v.township())) townships.add(v.township());
        out.sort(Comparator.comparing((Village v) -> townships.indexOf(v.township()))); // stable: fleet order within a township
        return out;
    }

    private static String code(Station s, Map<String, Integer> perTownship) {
        String[] parts = s.id().split("-");
        String prefix = parts.length >= 3 ? parts[1] : "V";
        int n = perTownship.merge(s.township(), 1, Integer::sum);
        return String.format(Locale.ROOT, "%s%02d", prefix, n);
    }

    /** Shares of a joint station by the registered population of each owner on the grid-connection day: 4 decimals, exactly 1. */
    static String shares(Station s, List<Village> owners, List<Household> households) {
        long[] pop = new long[owners.size()];
        for (Household h : households) {
            int i = owners.indexOf(h.village());
            if (i < 0) continue;
            for (Period p : h.periods()) if (p.covers(s.gridConnectionDate(), s.gridConnectionDate())) pop[i] += h.size();
        }
        long total = 0;
        for (long p : pop) total += p;
        long[] units = new long[pop.length];
        long[] rem = new long[pop.length];
        long given = 0;
        for (int i = 0; i < pop.length; i++) {
            units[i] = Math.max(1, pop[i] * 10_000 / total);
            rem[i] = pop[i] * 10_000 % total;
            given += units[i];
        }
        while (given < 10_000) { // largest remainder first
            int best = 0;
            for (int i = 1; i < rem.length; i++) if (rem[i] > rem[best]) best = i;
            units[best]++;
            rem[best] = -1;
            given++;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) parts.add(owners.get(i).name() + ":" + BigDecimal.valueOf(units[i], 4).toPlainString());
        return String.join(";", parts);
    }

    /**
     * Subsidy catalogue (补贴目录) dates, which came in batches and years late: 2016 stations in the 2018 and 2019
     * batches; 2017 stations in 2019-2020 batches, about 10 of them not yet listed (a joint station always is).
     */
    private static Map<String, LocalDate> catalogue(List<Station> stations, Random rnd) {
        List<Station> later = new ArrayList<>();
        for (Station s : stations) if (s.gridConnectionDate().getYear() >= 2017 && !JOINT.matcher(s.village()).find()) later.add(s);
        Collections.shuffle(later, rnd);
        Set<String> unlisted = new HashSet<>();
        for (Station s : later.subList(0, Math.min(10, later.size() / 3))) unlisted.add(s.id());
        Map<String, LocalDate> out = new LinkedHashMap<>();
        for (Station s : stations) {
            double u = rnd.nextDouble();
            LocalDate d;
            if (unlisted.contains(s.id())) {
                d = null;
            } else if (s.gridConnectionDate().getYear() <= 2016) {
                d = u < 0.65 ? LocalDate.of(2018, 6, 30) : LocalDate.of(2019, 4, 15);
            } else {
                d = u < 0.15 ? LocalDate.of(2019, 4, 15) : u < 0.5 ? LocalDate.of(2019, 12, 20) : u < 0.8 ? LocalDate.of(2020, 6, 30)
                        : LocalDate.of(2020, 11, 30);
            }
            out.put(s.id(), d);
        }
        return out;
    }

    private static final String[] TITLES = {"保洁员", "保洁员", "保洁员", "护路员", "护路员", "护林员", "护林员", "水管员", "治安巡逻员",
            "河道管护员", "公共设施维护员"};
    private static final String[] WAGES = {"300", "300", "350", "400", "400", "450", "500", "500", "550", "600", "600", "650", "700",
            "800", "300", "400", "500", "600", "366.50", "416.50", "533.50"};

    /**
     * 2-8 public-welfare posts: held by households of the village enrolled for the whole post, never by one without
     * labour capacity, preferably by one with weak labour capacity; some posts ended, some of those handed on.
     */
    private static List<Post> posts(Village v, List<Household> hs, boolean keeper, Random rnd) {
        int n = Math.max(2, Math.min(8, 2 + Math.round(hs.size() / 20f) + rnd.nextInt(3) - 1));
        List<Post> out = new ArrayList<>();
        Set<Household> holding = new HashSet<>();
        while (out.size() < n) {
            String title = keeper && out.isEmpty() ? "光伏电站看护员" : TITLES[rnd.nextInt(TITLES.length)];
            String wage = WAGES[rnd.nextInt(WAGES.length)];
            LocalDate from = LocalDate.of(2020 + rnd.nextInt(6), 1 + rnd.nextInt(12), 1);
            LocalDate to = null;
            if (rnd.nextDouble() < 0.35) {
                to = from.plusMonths(6 + rnd.nextInt(43)).minusDays(1);
                if (!to.isBefore(AS_OF.withDayOfMonth(1))) to = null;
            }
            Household holder = holder(hs, holding, from, to, rnd);
            if (holder == null) break;
            out.add(new Post(String.format(Locale.ROOT, "%s-GW%02d", v.code(), out.size() + 1), v, title, holder, wage, from, to));
            if (to != null && out.size() < n && rnd.nextDouble() < 0.6) { // handed on to another household
                Household next = holder(hs, holding, to.plusDays(1), null, rnd);
                if (next != null) {
                    out.add(new Post(String.format(Locale.ROOT, "%s-GW%02d", v.code(), out.size() + 1), v, title, next, wage,
                            to.plusDays(1), null));
                }
            }
        }
        return out;
    }

    private static Household holder(List<Household> hs, Set<Household> holding, LocalDate from, LocalDate to, Random rnd) {
        List<Household> pool = new ArrayList<>();
        for (Household h : hs) {
            if (h.has(3) || holding.contains(h) || h.has(2) && !h.has(4)) continue;
            if (h.periods().stream().noneMatch(p -> p.covers(from, to))) continue;
            int weight = h.has(4) ? 6 : 1;
            for (int i = 0; i < weight; i++) pool.add(h);
        }
        if (pool.isEmpty()) return null;
        Household h = pool.get(rnd.nextInt(pool.size()));
        holding.add(h);
        return h;
    }

    // ---- output ----

    static void write(Register r, Path dir) {
        try {
            Files.createDirectories(dir);
            List<List<String>> rows = new ArrayList<>();
            for (Village v : r.villages()) rows.add(List.of(v.id(), v.name(), v.township(), v.county()));
            csv(dir.resolve("villages.csv"), List.of("村编号", "村", "乡镇", "区县"), rows);

            rows = new ArrayList<>();
            for (Station s : r.stations()) {
                LocalDate cat = r.catalogue().get(s.id());
                rows.add(List.of(s.id(), s.name(), s.village(), s.township(), s.county(), number(s.capacityKwp()), number(s.lat()),
                        number(s.lon()), s.gridConnectionDate().toString(), cat == null ? "" : cat.toString(), r.ownersText().get(s.id())));
            }
            csv(dir.resolve("stations.csv"), List.of("站点编号", "电站名称", "村", "乡镇", "区县", "装机容量kWp", "纬度", "经度", "并网日期",
                    "补贴目录日期", "所属村及份额"), rows);

            rows = new ArrayList<>();
            for (Station s : r.stations()) {
                boolean y2016 = s.gridConnectionDate().getYear() <= 2016;
                rows.add(List.of(s.id(), s.gridConnectionDate().toString(), "", "0.3949", y2016 ? "0.5851" : "0.4551"));
            }
            csv(dir.resolve("tariffs.csv"), List.of("站点编号", "生效日期", "截止日期(不含)", "燃煤基准电价(元/kWh)", "国补电价(元/kWh)"), rows);

            rows = new ArrayList<>();
            for (Household h : r.households()) {
                for (Period p : h.periods()) {
                    rows.add(List.of(h.id(), h.village().name(), h.head(), h.idNumber(), String.valueOf(h.size()), h.attributes(),
                            p.from().toString(), p.to() == null ? "" : p.to().toString()));
                }
            }
            csv(dir.resolve("households.csv"), List.of("户编号", "村", "户主姓名", "身份证号", "家庭人口", "属性", "纳入日期", "退出日期"), rows);

            rows = new ArrayList<>();
            for (Post p : r.posts()) {
                rows.add(List.of(p.id(), p.village().name(), p.title(), p.holder().id(), p.wage(), p.from().toString(),
                        p.to() == null ? "" : p.to().toString()));
            }
            csv(dir.resolve("posts.csv"), List.of("岗位编号", "村", "岗位名称", "在岗户编号", "月工资(元)", "开始日期", "结束日期"), rows);

            csv(dir.resolve("receipts.csv"), List.of("站点编号", "到账日期", "所属期起", "所属期止", "款项", "金额(元)", "凭证号", "登记人"),
                    DemoMoney.receipts(r));
            Files.writeString(dir.resolve("plans.json"), DemoMoney.plans(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void csv(Path file, List<String> header, List<List<String>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT);
            p.printRecord(header);
            for (List<String> row : rows) p.printRecord(row);
            p.flush();
        }
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static String summary(Register r) {
        int rows = 0;
        int exited = 0;
        int reentered = 0;
        int recent = 0;
        int[] attr = new int[ATTRIBUTES.length];
        int none = 0;
        for (Household h : r.households()) {
            rows += h.periods().size();
            if (h.periods().size() > 1) reentered++;
            else if (h.periods().get(0).to() != null) exited++;
            if (h.periods().stream().anyMatch(p -> p.from().getYear() == AS_OF.getYear())) recent++;
            boolean any = false;
            for (int i = 0; i < attr.length; i++) if (h.has(i)) { attr[i]++; any = true; }
            if (!any) none++;
        }
        int n = r.households().size();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%d villages, %d stations (%d without catalogue date), %d tariff rows, %d households (%d rows: %d exited, %d re-entered, "
                        + "%d enrolled in %d), %d posts%n",
                r.villages().size(), r.stations().size(), r.catalogue().values().stream().filter(d -> d == null).count(), r.stations().size(),
                n, rows, exited, reentered, recent, AS_OF.getYear(), r.posts().size()));
        for (int i = 0; i < attr.length; i++) sb.append(String.format(Locale.ROOT, "%s %.1f%%  ", ATTRIBUTES[i], 100.0 * attr[i] / n));
        sb.append(String.format(Locale.ROOT, "none %.1f%%", 100.0 * none / n));
        return sb.toString();
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    /** Generated households: who they are, their circumstances and when they were on the register. */
    static final class People {
        private static final String[] SURNAMES = {"王", "张", "刘", "李", "杨", "陈", "孙", "高", "徐", "赵", "马", "朱", "于", "韩", "宋",
                "胡", "郑", "魏", "厉", "颜", "庞", "公", "杜", "田", "袁", "秦", "薛", "吴", "周", "邵", "鲁", "诸葛"};
        private static final int[] SURNAME_WEIGHTS = {10, 8, 7, 7, 4, 3, 4, 3, 3, 3, 2, 2, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2,
                2, 1, 1, 1};
        private static final String MALE_FIRST = "德明学家庆玉兆洪传富贵成祥友振守廷宝立国文长永志广连树保殿世克开运昌福士同中光良其维";
        private static final String MALE_SECOND = "山海林田堂河江福贵生才亮成兴胜军民华平安忠义顺春全法金银奎章彬武俊明强刚伟勇涛峰东文";
        private static final String FEMALE_FIRST = "秀桂玉凤兰淑素翠春爱金月美丽红彩";
        private static final String FEMALE_SECOND = "英兰珍芳梅云华荣霞花琴香娥莲凤菊";
        private static final String[] OTHER_AREAS = {"371302", "371311", "371312", "371323", "371324", "371325", "371328"};
        private static final int[] SIZES = {1, 2, 3, 4, 5, 6};
        private static final double[] SIZE_P = {0.10, 0.33, 0.22, 0.18, 0.11, 0.06};
        private static final Pattern CLAN = Pattern.compile("^(\\p{IsHan})家");

        private People() {
        }

        static List<Household> households(Village v, Random rnd, Set<String> idNumbers) {
            int n = (int) Math.round((20 + 0.27 * v.weightKwp()) * (0.85 + 0.3 * rnd.nextDouble()));
            n = Math.max(20, Math.min(120, n));
            List<String> clans = clans(v, rnd);
            Set<String> names = new HashSet<>();
            List<Household> drafts = new ArrayList<>();
            for (int i = 0; i < n; i++) drafts.add(household(v, rnd, clans, names, idNumbers));
            // numbered in the order they were registered
            drafts.sort(Comparator.comparing(h -> h.periods().get(0).from()));
            List<Household> out = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                Household h = drafts.get(i);
                out.add(new Household(String.format(Locale.ROOT, "%s-%04d", v.code(), i + 1), v, h.head(), h.idNumber(), h.size(),
                        h.attrs(), h.periods()));
            }
            return out;
        }

        /** The village's big families: the one its name carries (朱家坡村: 朱) and one or two more. */
        private static List<String> clans(Village v, Random rnd) {
            List<String> out = new ArrayList<>();
            Matcher m = CLAN.matcher(v.name());
            if (m.find()) out.add(m.group(1));
            while (out.size() < 2 + (rnd.nextDouble() < 0.5 ? 1 : 0)) {
                String s = surname(rnd);
                if (!out.contains(s)) out.add(s);
            }
            return out;
        }

        private static String surname(Random rnd) {
            int total = 0;
            for (int w : SURNAME_WEIGHTS) total += w;
            int x = rnd.nextInt(total);
            for (int i = 0; i < SURNAMES.length; i++) {
                x -= SURNAME_WEIGHTS[i];
                if (x < 0) return SURNAMES[i];
            }
            throw new AssertionError();
        }

        private static Household household(Village v, Random rnd, List<String> clans, Set<String> names, Set<String> idNumbers) {
            boolean elderly = rnd.nextDouble() < 0.12;
            int size = elderly ? 1 : pick(SIZES, SIZE_P, rnd);
            boolean disability = rnd.nextDouble() < (elderly ? 0.17 : 0.14);
            boolean illness = rnd.nextDouble() < (elderly ? 0.12 : 0.085);
            double u = rnd.nextDouble();
            boolean none;
            boolean weak;
            if (elderly) {
                none = u < 0.5;
                weak = !none && u < 0.85;
            } else if (disability || illness) {
                none = u < 0.45;
                weak = !none && u < 0.75;
            } else {
                none = u < 0.10;
                weak = !none && u < 0.18;
            }
            boolean female = rnd.nextDouble() < (elderly ? 0.6 : 0.15);
            int year = elderly ? 1928 + rnd.nextInt(24) : none ? 1935 + rnd.nextInt(41) : 1945 + rnd.nextInt(46);
            LocalDate birth = LocalDate.of(year, 1, 1).plusDays(rnd.nextInt(365));
            String name;
            int tries = 0;
            do {
                double c = rnd.nextDouble(); // the name-giving family is the biggest
                String sur = c < 0.3 ? clans.get(0) : c < 0.55 ? clans.get(rnd.nextInt(clans.size())) : surname(rnd);
                name = sur + given(female, rnd);
            } while (!names.add(name) && ++tries < 10);
            String id;
            do {
                String area = rnd.nextDouble() < (female ? 0.25 : 0.06) ? OTHER_AREAS[rnd.nextInt(OTHER_AREAS.length)] : "371321";
                int sex = 2 * rnd.nextInt(5) + (female ? 0 : 1);
                String first17 = area + birth.toString().replace("-", "") + String.format(Locale.ROOT, "%02d%d", rnd.nextInt(100), sex);
                id = first17 + checkCharacter(first17);
            } while (!idNumbers.add(id));
            boolean[] attrs = {disability, illness, elderly, none, weak};
            return new Household("", v, name, id, size, attrs, periods(v.registeredFrom(), rnd));
        }

        private static String given(boolean female, Random rnd) {
            if (female) {
                char a = FEMALE_FIRST.charAt(rnd.nextInt(FEMALE_FIRST.length()));
                char b;
                do b = FEMALE_SECOND.charAt(rnd.nextInt(FEMALE_SECOND.length())); while (b == a);
                return rnd.nextDouble() < 0.1 ? String.valueOf(b) : "" + a + b;
            }
            char b = MALE_SECOND.charAt(rnd.nextInt(MALE_SECOND.length()));
            if (rnd.nextDouble() < 0.25) return String.valueOf(b);
            char a;
            do a = MALE_FIRST.charAt(rnd.nextInt(MALE_FIRST.length())); while (a == b);
            return "" + a + b;
        }

        /**
         * Enrollment: most from the village's registration with no exit; some added later (dynamic management), a few
         * in mid-2026; about 8% left (2020-2024, a few in 2026) and 2% left and came back.
         */
        static List<Period> periods(LocalDate batch, Random rnd) {
            if (rnd.nextDouble() < 0.006) return List.of(new Period(LocalDate.of(2026, 5, 1).plusDays(rnd.nextInt(123)), null));
            LocalDate from = rnd.nextDouble() < 0.86 ? batch : between(batch.plusMonths(3), LocalDate.of(2025, 12, 31), rnd);
            double u = rnd.nextDouble();
            if (u < 0.02) {
                LocalDate lo = max(from.plusYears(1), LocalDate.of(2019, 6, 1));
                LocalDate hi = LocalDate.of(2022, 12, 31);
                if (lo.isBefore(hi)) {
                    LocalDate left = between(lo, hi, rnd);
                    return List.of(new Period(from, left), new Period(left.plusDays(90 + rnd.nextInt(450)), null));
                }
            } else if (u < 0.10) {
                LocalDate lo = max(from.plusMonths(6), LocalDate.of(2020, 1, 1));
                LocalDate hi = LocalDate.of(2024, 12, 31);
                if (lo.isBefore(hi)) return List.of(new Period(from, between(lo, hi, rnd)));
            } else if (u < 0.104) {
                return List.of(new Period(from, between(max(from.plusMonths(1), LocalDate.of(2026, 3, 1)), LocalDate.of(2026, 9, 30), rnd)));
            }
            return List.of(new Period(from, null));
        }

        private static LocalDate between(LocalDate lo, LocalDate hi, Random rnd) {
            long span = days(lo, hi);
            return span <= 0 ? lo : lo.plusDays(rnd.nextInt((int) span + 1));
        }

        private static LocalDate max(LocalDate a, LocalDate b) {
            return a.isAfter(b) ? a : b;
        }

        private static int pick(int[] values, double[] p, Random rnd) {
            double x = rnd.nextDouble();
            for (int i = 0; i < values.length; i++) {
                x -= p[i];
                if (x < 0) return values[i];
            }
            return values[values.length - 1];
        }

        /** GB 11643 check character (ISO 7064 MOD 11-2) of 17 digits. */
        static char checkCharacter(String first17) {
            int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
            int sum = 0;
            for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * weights[i];
            return "10X98765432".charAt(sum % 11);
        }
    }
}
