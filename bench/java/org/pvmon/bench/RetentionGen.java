package org.pvmon.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One county's year of 5-minute readings for the retention benchmark (bench/retention/run.sh; not part of the
 * service). Deterministic from the seed, the station count and the end time: the same readings in every scenario.
 *
 * <pre>
 * RetentionGen --influx URL --db pvmon --stations N --days D --end EPOCH_S [--seed S] [--hourly-rp hourly]
 *              [--raw-keep-days K] [--hourly-decimals D] [--writers 2] [--batch 5000] --out result.txt
 * </pre>
 *
 * Raw readings go to {@code /write?db=DB&precision=s} (the database's default retention policy), schema as
 * src/main/java/org/pvmon/ingest/Lines.java writes it: measurement {@code reading}, tag {@code station}, fields
 * power_kw, energy_kwh, state (string), fault_code, module_temp_c, irradiance_wm2, all numbers floats. Written in time
 * order (one local day at a time, all stations per 5-minute slot), as a county's loggers would have sent them.
 * With {@code --hourly-rp}, each station's hourly means of the same readings (as written, i.e. rounded) go to
 * {@code rp=hourly}, measurement {@code reading_1h}, time = the hour's start, complete hours only.
 *
 * <p>The physics is a compact version of the simulator's (simulator/src/main/java/org/pvmon/simulator: PvModel,
 * Weather, Noise): an approximate sun position (Spencer's declination and equation of time) instead of NREL SPA,
 * Haurwitz clear sky, the simulator's county weather types and moving cloud field, Erbs split, tilted plane, NOCT
 * module temperature, temperature derate, losses and clipping at the capacity. Numbers rounded as the simulator's
 * loggers send them (power 3 decimals, energy 2, temperature and irradiance 1).
 *
 * <p>Every non-204 answer is counted by its text with the numbers masked, and the first of each kind is kept
 * verbatim (status and body); {@code dropped=N} in a partial-write answer is summed.
 */
public final class RetentionGen {

    static final int STEP_S = 300;
    static final int SLOTS = 86_400 / STEP_S;
    static final int ZONE_OFFSET_S = 8 * 3600; // Asia/Shanghai has no DST since 1991

    record Station(String id, double kwp, double lat, double lon, double tilt, double azimuth, double loss, double base) {
    }

    enum DayType { CLEAR, HAZY, PARTLY_CLOUDY, OVERCAST }

    record Day(DayType type, double level, double cloudFraction, double shade, double tempOffset, double tempAmplitude,
               long countyKey, long stationKey, double cloudShift, int faultFrom, int faultTo) {
    }

    private static final double[] WINTER = {0.42, 0.28, 0.17, 0.13};
    private static final double[] SUMMER = {0.18, 0.17, 0.35, 0.30};

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("bad argument " + args[i]);
            o.put(args[i].substring(2), args[++i]);
        }
        new RetentionGen(o).run();
    }

    private final String influx;
    private final String db;
    private final int stationCount;
    private final int days;
    private final long end;
    private final long seed;
    private final String hourlyRp;
    private final int rawKeepDays;
    private final int hourlyDecimals; // -1: the means at full double precision
    private final int writers;
    private final int batchSize;
    private final Path out;

    RetentionGen(Map<String, String> o) {
        influx = req(o, "influx");
        db = o.getOrDefault("db", "pvmon");
        stationCount = Integer.parseInt(o.getOrDefault("stations", "200"));
        days = Integer.parseInt(o.getOrDefault("days", "365"));
        end = Long.parseLong(req(o, "end")) / STEP_S * STEP_S;
        seed = Long.parseLong(o.getOrDefault("seed", "20161"));
        hourlyRp = o.get("hourly-rp");
        rawKeepDays = Integer.parseInt(o.getOrDefault("raw-keep-days", "0"));
        hourlyDecimals = Integer.parseInt(o.getOrDefault("hourly-decimals", "-1"));
        writers = Integer.parseInt(o.getOrDefault("writers", "2"));
        batchSize = Integer.parseInt(o.getOrDefault("batch", "5000"));
        out = Path.of(req(o, "out"));
    }

    private static String req(Map<String, String> o, String k) {
        String v = o.get(k);
        if (v == null) throw new IllegalArgumentException("--" + k + " is required");
        return v;
    }

    // ---- the county ----

    List<Station> stations() {
        List<Station> list = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(Noise.key(seed, "stations"));
        for (int i = 1; i <= stationCount; i++) {
            // village stations: mostly 30-100 kWp, some up to 300
            double u = r.nextDouble();
            double kwp = Math.round(30 + 270 * u * u * u);
            double lat = 35.55 + r.nextDouble(-0.25, 0.25);
            double lon = 118.46 + r.nextDouble(-0.3, 0.3);
            double tilt = Math.toRadians(r.nextDouble(25, 32));
            double azimuth = 180 + r.nextDouble(-8, 8);
            double loss = 1 - r.nextDouble(0.14, 0.18);
            double years = r.nextDouble(5.5, 9.5); // connected 2016-2020
            double base = Math.round(kwp * 1150 * years * 100) / 100.0;
            list.add(new Station(String.format("S%04d", i), kwp, lat, lon, tilt, azimuth, loss, base));
        }
        return list;
    }

    Day day(Station s, long epochDay, int dayOfYear) {
        long countyKey = Noise.key(Noise.key(seed, "county"), epochDay);
        SplittableRandom county = new SplittableRandom(countyKey);
        double summer = (1 - Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.25)) / 2;
        DayType type = pickType(county.nextDouble(), summer);
        double level;
        double cloudFraction = 0;
        double shade = 1;
        double tempAmplitude;
        switch (type) {
            case CLEAR -> { level = county.nextDouble(0.86, 0.98); tempAmplitude = 6; }
            case HAZY -> { level = county.nextDouble(0.62, 0.82); tempAmplitude = 4.5; }
            case PARTLY_CLOUDY -> {
                level = county.nextDouble(0.85, 0.98);
                cloudFraction = county.nextDouble(0.25, 0.7);
                shade = county.nextDouble(0.25, 0.45);
                tempAmplitude = 4.5;
            }
            default -> { level = county.nextDouble(0.10, 0.35); tempAmplitude = 2.5; }
        }
        double tempOffset = county.nextDouble(-3, 3);
        long stationKey = Noise.key(Noise.key(seed, s.id()), epochDay);
        SplittableRandom st = new SplittableRandom(stationKey);
        double gauss = (st.nextDouble() + st.nextDouble() + st.nextDouble() - 1.5) * 2;
        level *= 1 + 0.03 * gauss;
        tempOffset += st.nextDouble(-0.8, 0.8);
        // a rare inverter fault (about one station-day in 400): 1-3 hours from a daytime slot, power 0, code 301
        int faultFrom = -1;
        int faultTo = -1;
        if (st.nextDouble() < 0.0025) {
            faultFrom = st.nextInt(9 * 12, 15 * 12);
            faultTo = faultFrom + st.nextInt(12, 37);
        }
        double shift = -s.lon() * 182 + s.lat() * 40;
        return new Day(type, level, cloudFraction, shade, tempOffset, tempAmplitude, countyKey, stationKey, shift,
                faultFrom, faultTo);
    }

    private static DayType pickType(double u, double summer) {
        double acc = 0;
        DayType[] types = DayType.values();
        for (int i = 0; i < types.length - 1; i++) {
            acc += WINTER[i] + (SUMMER[i] - WINTER[i]) * summer;
            if (u < acc) return types[i];
        }
        return types[types.length - 1];
    }

    static double clearSkyIndex(Day d, double minuteOfDay) {
        double slowAmp = switch (d.type()) {
            case CLEAR -> 0.03;
            case HAZY -> 0.08;
            case PARTLY_CLOUDY -> 0.05;
            case OVERCAST -> 0.35;
        };
        double slow = 1 + slowAmp * (2 * Noise.value(d.countyKey() ^ 0x51L, minuteOfDay / 90) - 1);
        double k = d.level() * slow;
        double jitter = 0.01;
        if (d.type() == DayType.PARTLY_CLOUDY) {
            double cloud = 0.75 * Noise.value(d.countyKey() ^ 0xC10DL, (minuteOfDay + d.cloudShift()) / 6)
                    + 0.25 * Noise.value(d.stationKey() ^ 0xC11DL, minuteOfDay / 4);
            double threshold = 1 - d.cloudFraction();
            double s = smoothstep(threshold - 0.04, threshold + 0.04, cloud);
            double edge = 4 * s * (1 - s);
            k *= (1 - s * (1 - d.shade())) * (1 + 0.12 * edge);
            jitter = 0.06;
        } else if (d.type() == DayType.OVERCAST) {
            jitter = 0.08;
        } else if (d.type() == DayType.HAZY) {
            jitter = 0.02;
        }
        k *= 1 + jitter * (Noise.uniform(d.stationKey(), (long) Math.floor(minuteOfDay)) - 0.5);
        return Math.max(0.03, Math.min(1.15, k));
    }

    private static double smoothstep(double a, double b, double x) {
        double t = Math.max(0, Math.min(1, (x - a) / (b - a)));
        return t * t * (3 - 2 * t);
    }

    static double ambientC(Day d, int dayOfYear, double hour) {
        double seasonal = 13.2 - 13.5 * Math.cos(2 * Math.PI * (dayOfYear - 20) / 365.25);
        return seasonal + d.tempOffset() + d.tempAmplitude() * Math.cos(2 * Math.PI * (hour - 15) / 24);
    }

    /** One station's local day: 288 readings (index = slot), rounded as loggers send them. */
    static final class DayReadings {
        final double[] power = new double[SLOTS];
        final double[] energy = new double[SLOTS];
        final double[] temp = new double[SLOTS];
        final double[] irr = new double[SLOTS];
        final double[] fault = new double[SLOTS];
        final boolean[] running = new boolean[SLOTS];
    }

    /** Fills {@code r} for the local day starting at {@code dayStart} (epoch s, local midnight); returns the counter. */
    double simulateDay(Station s, long dayStart, double counter, DayReadings r) {
        long epochDay = Math.floorDiv(dayStart + ZONE_OFFSET_S, 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int doy = date.getDayOfYear();
        Day d = day(s, epochDay, doy);
        double g = 2 * Math.PI / 365 * (doy - 1);
        double decl = 0.006918 - 0.399912 * Math.cos(g) + 0.070257 * Math.sin(g) - 0.006758 * Math.cos(2 * g)
                + 0.000907 * Math.sin(2 * g) - 0.002697 * Math.cos(3 * g) + 0.00148 * Math.sin(3 * g);
        double eotMin = 229.18 * (0.000075 + 0.001868 * Math.cos(g) - 0.032077 * Math.sin(g)
                - 0.014615 * Math.cos(2 * g) - 0.040849 * Math.sin(2 * g));
        double lat = Math.toRadians(s.lat());
        double e0 = 1367 * (1 + 0.033 * Math.cos(2 * Math.PI * doy / 365.0));
        double cosTilt = Math.cos(s.tilt());
        double sinTilt = Math.sin(s.tilt());
        for (int k = 0; k < SLOTS; k++) {
            double localMin = k * 5.0;
            double hour = localMin / 60;
            double ambient = ambientC(d, doy, hour);
            // true solar time: UTC minutes + 4 min per degree east + equation of time
            double utcMin = localMin - 480;
            double solarMin = utcMin + 4 * s.lon() + eotMin;
            double ha = Math.toRadians(solarMin / 4 - 180);
            double cosZ = Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(ha);
            double power = 0;
            double poa = 0;
            double moduleTemp = ambient - 1;
            if (cosZ > 0.01) {
                double ghiClear = 1098 * cosZ * Math.exp(-0.057 / cosZ);
                double ghi = ghiClear * clearSkyIndex(d, localMin);
                double kt = Math.min(1, ghi / (e0 * cosZ));
                double dhi = ghi * erbs(kt);
                double dni = cosZ > 0.065 ? Math.min(e0, (ghi - dhi) / cosZ) : 0;
                if (cosZ <= 0.065) dhi = ghi;
                double sinZ = Math.sqrt(1 - cosZ * cosZ);
                double az = Math.toDegrees(Math.atan2(Math.sin(ha), Math.cos(ha) * Math.sin(lat) - Math.tan(decl) * Math.cos(lat))) + 180;
                double cosAoi = cosZ * cosTilt + sinZ * sinTilt * Math.cos(Math.toRadians(az - s.azimuth()));
                poa = dni * Math.max(0, cosAoi) + dhi * (1 + cosTilt) / 2 + ghi * 0.2 * (1 - cosTilt) / 2;
                moduleTemp = ambient + (25.0 / 800) * poa;
                if (poa >= 8) {
                    double dc = s.kwp() * poa / 1000 * (1 - 0.004 * (moduleTemp - 25));
                    power = Math.min(s.kwp(), Math.max(0, dc * s.loss()));
                }
            }
            boolean faulted = k >= d.faultFrom() && k < d.faultTo();
            if (faulted) power = 0;
            power = round(power, 1000);
            counter += power * STEP_S / 3600.0;
            r.power[k] = power;
            r.energy[k] = round(counter, 100);
            r.temp[k] = round(moduleTemp, 10);
            r.irr[k] = round(poa, 10);
            r.fault[k] = faulted ? 301 : 0;
            r.running[k] = power > 0;
        }
        return counter;
    }

    static double erbs(double kt) {
        if (kt <= 0.22) return 1 - 0.09 * kt;
        if (kt <= 0.8) return 0.9511 - 0.1604 * kt + 4.388 * kt * kt - 16.638 * kt * kt * kt + 12.336 * kt * kt * kt * kt;
        return 0.165;
    }

    static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    // ---- writing ----

    /** A batch of line protocol for one URL. */
    record Batch(String url, byte[] body, int points, long olderThanKeep) {
    }

    private static final Batch POISON = new Batch(null, null, 0, 0);

    private final AtomicLong rawPoints = new AtomicLong();
    private final AtomicLong hourlyPoints = new AtomicLong();
    private final AtomicLong rawOlderThanKeep = new AtomicLong();
    private final Map<String, long[]> answerCounts = new LinkedHashMap<>(); // kind -> {count, dropped}
    private final Map<String, String> answerFirst = new LinkedHashMap<>();
    private final Map<String, Long> droppedByUrl = new LinkedHashMap<>();
    private final Map<String, Long> okByUrl = new LinkedHashMap<>();
    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");

    void run() throws Exception {
        List<Station> stations = stations();
        long t0 = System.nanoTime();
        String rawUrl = influx + "/write?db=" + db + "&precision=s";
        String hourlyUrl = hourlyRp == null ? null : influx + "/write?db=" + db + "&rp=" + hourlyRp + "&precision=s";
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(writers * 2);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                try {
                    for (Batch b; (b = queue.take()) != POISON; ) post(b);
                } catch (Throwable e) {
                    synchronized (failures) { failures.add(e); }
                }
            }, "writer-" + w);
            t.start();
            threads.add(t);
        }

        // hour-aligned start: the first hour is complete; the last (current) hour is not summarised
        long endHour = end / 3600 * 3600;
        long start = endHour - (long) days * 86_400;
        long firstDayStart = Math.floorDiv(start + ZONE_OFFSET_S, 86_400) * 86_400 - ZONE_OFFSET_S;
        int n = stations.size();
        double[] counters = new double[n];
        for (int i = 0; i < n; i++) counters[i] = stations.get(i).base();
        DayReadings[] day = new DayReadings[n];
        for (int i = 0; i < n; i++) day[i] = new DayReadings();
        Buf raw = new Buf(batchSize * 180);
        Buf hourly = new Buf(batchSize * 200);
        int inRaw = 0;
        int inHourly = 0;
        long olderInRaw = 0;
        for (long dayStart = firstDayStart; dayStart <= end; dayStart += 86_400) {
            // the counter runs from the day's first slot even before --days' start (so the first written value is the
            // same whatever --days is); only readings inside [start, end] are written
            for (int i = 0; i < n; i++) counters[i] = simulateDay(stations.get(i), dayStart, counters[i], day[i]);
            long keepFrom = rawKeepDays > 0 ? Instant.now().getEpochSecond() - rawKeepDays * 86_400L : Long.MIN_VALUE;
            for (int k = 0; k < SLOTS; k++) {
                long t = dayStart + (long) k * STEP_S;
                if (t < start || t > end) continue;
                for (int i = 0; i < n; i++) {
                    DayReadings r = day[i];
                    raw.ascii("reading,station=").ascii(stations.get(i).id()).ascii(" power_kw=").num(r.power[k], 3)
                            .ascii(",energy_kwh=").num(r.energy[k], 2)
                            .ascii(r.running[k] ? ",state=\"running\"" : r.fault[k] != 0 ? ",state=\"fault\"" : ",state=\"standby\"")
                            .ascii(",fault_code=").num(r.fault[k], 0)
                            .ascii(",module_temp_c=").num(r.temp[k], 1)
                            .ascii(",irradiance_wm2=").num(r.irr[k], 1)
                            .ascii(" ").num(t).nl();
                    if (t < keepFrom) olderInRaw++;
                    if (++inRaw == batchSize) {
                        queue.put(new Batch(rawUrl, raw.take(), inRaw, olderInRaw));
                        rawPoints.addAndGet(inRaw);
                        rawOlderThanKeep.addAndGet(olderInRaw);
                        inRaw = 0;
                        olderInRaw = 0;
                    }
                }
            }
            if (hourlyUrl != null) {
                for (int h = 0; h < 24; h++) {
                    long hourStart = dayStart + h * 3600L;
                    if (hourStart < start || hourStart + 3600 > endHour) continue;
                    for (int i = 0; i < n; i++) {
                        DayReadings r = day[i];
                        double sumP = 0, maxP = 0, sumT = 0, sumI = 0, maxF = 0;
                        int samples = 0;
                        for (int k = h * 12; k < h * 12 + 12; k++) {
                            sumP += r.power[k];
                            maxP = Math.max(maxP, r.power[k]);
                            sumT += r.temp[k];
                            sumI += r.irr[k];
                            maxF = Math.max(maxF, r.fault[k]);
                            samples++;
                        }
                        hourly.ascii("reading_1h,station=").ascii(stations.get(i).id())
                                .ascii(" power_kw=").mean(sumP / samples, hourlyDecimals)
                                .ascii(",power_max_kw=").num(maxP, 3)
                                .ascii(",energy_kwh=").num(r.energy[h * 12 + 11], 2)
                                .ascii(",module_temp_c=").mean(sumT / samples, hourlyDecimals)
                                .ascii(",irradiance_wm2=").mean(sumI / samples, hourlyDecimals)
                                .ascii(",fault_code=").num(maxF, 0)
                                .ascii(",samples=").num(samples).ascii("i")
                                .ascii(" ").num(hourStart).nl();
                        if (++inHourly == batchSize) {
                            queue.put(new Batch(hourlyUrl, hourly.take(), inHourly, 0));
                            hourlyPoints.addAndGet(inHourly);
                            inHourly = 0;
                        }
                    }
                }
            }
            if (!failures.isEmpty()) break;
        }
        if (inRaw > 0) {
            queue.put(new Batch(rawUrl, raw.take(), inRaw, olderInRaw));
            rawPoints.addAndGet(inRaw);
            rawOlderThanKeep.addAndGet(olderInRaw);
        }
        if (inHourly > 0) {
            queue.put(new Batch(hourlyUrl, hourly.take(), inHourly, 0));
            hourlyPoints.addAndGet(inHourly);
        }
        for (int w = 0; w < writers; w++) queue.put(POISON);
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!failures.isEmpty()) throw new IllegalStateException("writing failed", failures.get(0));

        long cpuMs = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        long rawDropped = droppedByUrl.getOrDefault(rawUrl, 0L);
        long hourlyDropped = hourlyUrl == null ? 0 : droppedByUrl.getOrDefault(hourlyUrl, 0L);
        try (PrintWriter p = new PrintWriter(Files.newBufferedWriter(out))) {
            p.printf("stations=%d%ndays=%d%nstart=%d%nend=%d%nend_hour=%d%n", n, days, start, end, endHour);
            p.printf("raw_points=%d%nraw_dropped=%d%nraw_accepted=%d%nraw_older_than_keep_at_write=%d%n",
                    rawPoints.get(), rawDropped, rawPoints.get() - rawDropped, rawOlderThanKeep.get());
            p.printf("raw_batches_204=%d%n", okByUrl.getOrDefault(rawUrl, 0L));
            p.printf("hourly_points=%d%nhourly_dropped=%d%nhourly_accepted=%d%n", hourlyPoints.get(), hourlyDropped,
                    hourlyPoints.get() - hourlyDropped);
            if (hourlyUrl != null) p.printf("hourly_batches_204=%d%n", okByUrl.getOrDefault(hourlyUrl, 0L));
            p.printf("write_s=%.1f%ngen_cpu_s=%.1f%n", seconds, cpuMs / 1000.0);
            int kind = 0;
            for (Map.Entry<String, long[]> e : answerCounts.entrySet()) {
                kind++;
                p.printf("answer_%d_kind=%s%nanswer_%d_count=%d%nanswer_%d_dropped=%d%nanswer_%d_first=%s%n", kind,
                        e.getKey(), kind, e.getValue()[0], kind, e.getValue()[1], kind, answerFirst.get(e.getKey()));
            }
            p.printf("answer_kinds=%d%n", kind);
        }
        System.err.printf("RetentionGen: %d raw points (%d dropped by influxd), %d hourly points, %.1f s%n",
                rawPoints.get(), rawDropped, hourlyPoints.get(), seconds);
    }

    void post(Batch b) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(b.url()).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(b.body().length);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(300_000);
            try (OutputStream os = c.getOutputStream()) {
                os.write(b.body());
            }
            int code = c.getResponseCode();
            if (code == 204) {
                drain(c.getInputStream());
                synchronized (this) { okByUrl.merge(b.url(), 1L, Long::sum); }
                return;
            }
            String body = drain(c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream());
            String rp = b.url().contains("&rp=") ? "rp=" + hourlyRp : "default rp";
            String kind = rp + " HTTP " + code + " " + body.trim().replaceAll("\\d+", "N");
            long dropped = 0;
            Matcher m = DROPPED.matcher(body);
            if (m.find()) dropped = Long.parseLong(m.group(1));
            String first = "HTTP " + code + " X-Influxdb-Error: " + c.getHeaderField("X-Influxdb-Error") + " | body: "
                    + body.trim() + " | batch of " + b.points() + " points, " + b.olderThanKeep()
                    + " of them older than the kept days at generation";
            synchronized (this) {
                long[] cnt = answerCounts.computeIfAbsent(kind, k -> new long[2]);
                cnt[0]++;
                cnt[1] += dropped;
                answerFirst.putIfAbsent(kind, first);
                droppedByUrl.merge(b.url(), dropped, Long::sum);
            }
            if (code != 400 || dropped == 0) throw new IllegalStateException("influxd write: " + first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String drain(InputStream in) throws IOException {
        if (in == null) return "";
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** An ASCII byte buffer with fast fixed-decimal numbers. */
    static final class Buf {
        private final ByteArrayOutputStream out;
        private final byte[] digits = new byte[24];

        Buf(int size) {
            out = new ByteArrayOutputStream(size);
        }

        Buf ascii(String s) {
            for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
            return this;
        }

        Buf nl() {
            out.write('\n');
            return this;
        }

        Buf num(long v) {
            if (v < 0) {
                out.write('-');
                v = -v;
            }
            int n = 0;
            do {
                digits[n++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            while (n > 0) out.write(digits[--n]);
            return this;
        }

        /** {@code v} (already rounded to {@code decimals}) without trailing zeros, as Lines.number writes it. */
        Buf num(double v, int decimals) {
            long scale = 1;
            for (int i = 0; i < decimals; i++) scale *= 10;
            long m = Math.round(v * scale);
            if (m < 0) {
                out.write('-');
                m = -m;
            }
            num(m / scale);
            long frac = m % scale;
            if (frac != 0) {
                int d = decimals;
                while (frac % 10 == 0) {
                    frac /= 10;
                    d--;
                }
                out.write('.');
                String f = Long.toString(frac);
                for (int i = f.length(); i < d; i++) out.write('0');
                ascii(f);
            }
            return this;
        }

        /** A full-precision double, as a mean computed by InfluxDB would be. */
        Buf dbl(double v) {
            return ascii(Double.toString(v));
        }

        /** A mean: at full precision when {@code decimals} is negative, else rounded to that many decimals. */
        Buf mean(double v, int decimals) {
            return decimals < 0 ? dbl(v) : num(Math.round(v * Math.pow(10, decimals)) / Math.pow(10, decimals), decimals);
        }

        byte[] take() {
            byte[] b = out.toByteArray();
            out.reset();
            return b;
        }
    }

    /** The simulator's stateless hash noise (simulator/src/main/java/org/pvmon/simulator/Noise.java). */
    static final class Noise {
        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        static long key(long a, long b) {
            return mix(a ^ mix(b + 0x9E3779B97F4A7C15L));
        }

        static long key(long a, String s) {
            long h = mix(a + 0x632BE59BD9B4E019L);
            for (int i = 0; i < s.length(); i++) h = mix(h ^ s.charAt(i));
            return h;
        }

        static double uniform(long key, long index) {
            return (key(key, index) >>> 11) * 0x1.0p-53;
        }

        static double value(long key, double x) {
            double fl = Math.floor(x);
            long i = (long) fl;
            double f = x - fl;
            f = f * f * (3 - 2 * f);
            double a = uniform(key, i);
            return a + (uniform(key, i + 1) - a) * f;
        }
    }
}
