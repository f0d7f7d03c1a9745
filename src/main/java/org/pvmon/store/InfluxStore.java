package org.pvmon.store;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.DBRPCreate;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.service.DbrPsService;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.InfluxQLQueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.pvmon.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-series store: writes line protocol through influxdb-client-java's WriteApi and reads with InfluxQL,
 * against InfluxDB 1.x ({@code v1} mode) or 2.x/3.x ({@code v2} mode) with one code path.
 */
public final class InfluxStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InfluxStore.class);

    private final Config.Influx cfg;
    private final InfluxDBClient client;
    private final WriteApiBlocking writes;
    private final String bucket;
    private final String org;
    private final Config.Retention retention;
    /** Where hourly means are written: a bucket (v2) or {@code database/hourly} (v1, the retention policy after the slash). */
    private final String hourlyBucket;

    /** A store that leaves retention alone (tools, tests that write readings of any age). */
    public InfluxStore(Config.Influx cfg) {
        this(cfg, Config.Retention.defaults());
    }

    public InfluxStore(Config.Influx cfg, Config.Retention retention) {
        this.cfg = cfg;
        this.retention = retention;
        OkHttpClient.Builder http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(30)).writeTimeout(Duration.ofSeconds(30));
        InfluxDBClientOptions.Builder opts = InfluxDBClientOptions.builder().url(cfg.url());
        if (cfg.mode().equals("v1")) {
            http.addNetworkInterceptor(new V1WriteInterceptor(cfg.database(), cfg.retentionPolicy(), cfg.username(), cfg.password()));
            this.bucket = cfg.database();
            this.org = "-";
            opts.org(org).bucket(bucket);
        } else {
            this.bucket = cfg.bucket();
            this.org = cfg.org();
            opts.org(org).bucket(bucket).authenticateToken(cfg.token().toCharArray());
        }
        this.client = InfluxDBClientFactory.create(opts.okHttpClient(http).build());
        this.writes = client.getWriteApiBlocking();
        this.hourlyBucket = cfg.mode().equals("v1") ? cfg.database() + "/" + HOURLY_RP
                : retention.hourlyBucket().isEmpty() ? bucket : retention.hourlyBucket();
        // until InfluxDB has said (v1): the worst the settings allow, so that nothing is computed from readings maybe gone
        this.kept = new RawRetention(retention.rawKeepDays(), retention.rawKeepDays());
        this.policiesReady = !cfg.mode().equals("v1");
    }

    /** The retention policy (v1) and the DBRP mapping's (v2) of the hourly means. */
    public static final String HOURLY_RP = "hourly";
    /** The measurement of the hourly means. */
    public static final String HOURLY_MEASUREMENT = "reading_1h";

    /** The hourly means' measurement as InfluxQL names it in a FROM clause. */
    public String hourlySource() {
        boolean ownPolicy = cfg.mode().equals("v1") || !hourlyBucket.equals(bucket);
        return ownPolicy ? "\"" + HOURLY_RP + "\".\"" + HOURLY_MEASUREMENT + "\"" : "\"" + HOURLY_MEASUREMENT + "\"";
    }

    /**
     * How long the raw readings are kept, as InfluxDB's policy said when last read (at {@link #prepare}, and after every
     * change of it); v2: as {@code influx.raw-keep-days} says (bucket retention is the operator's).
     */
    public RawRetention rawRetention() {
        return kept;
    }

    /** Whether the retention policies are as the settings want them, but for a shortening that waits ({@link #shortenRaw}). */
    public boolean policiesReady() {
        return policiesReady;
    }

    private volatile RawRetention kept;
    private volatile boolean policiesReady;
    private volatile boolean warnedUnmanaged;

    /** Creates the database (1.x) or the DBRP mapping InfluxQL needs (2.x); safe to call at every start. */
    public void prepare() {
        if (cfg.mode().equals("v1")) {
            try {
                query("CREATE DATABASE \"" + cfg.database() + "\"");
            } catch (StoreUnavailableException e) {
                throw new StoreUnavailableException("cannot create database " + cfg.database()
                        + " (InfluxDB down, or the user lacks admin rights: create it by hand): " + e.getMessage(), e);
            }
            try {
                ensurePolicies();
            } catch (StoreUnavailableException e) {
                throw new StoreUnavailableException("cannot set the retention policies of " + cfg.database()
                        + " (the user lacks admin rights? docs/operations.md \"Retention and hourly means\" has the statements to run by hand): "
                        + e.getMessage(), e);
            }
            return;
        }
        try {
            Bucket b = client.getBucketsApi().findBucketByName(bucket);
            if (b == null) throw new StoreUnavailableException("bucket " + bucket + " does not exist", null);
            DBRPCreate dbrp = new DBRPCreate().bucketID(b.getId()).orgID(b.getOrgID()).database(cfg.database())
                    .retentionPolicy(cfg.retentionPolicy().isEmpty() ? "autogen" : cfg.retentionPolicy())._default(true);
            retrofit2.Response<?> r = client.getService(DbrPsService.class).postDBRP(dbrp, null).execute();
            if (!r.isSuccessful() && r.code() != 409 && r.code() != 422) {
                log.warn("Creating the DBRP mapping {} -> bucket {} failed: HTTP {}; InfluxQL reads will fail until it exists",
                        cfg.database(), bucket, r.code());
            }
            if (!hourlyBucket.equals(bucket)) {
                Bucket h = client.getBucketsApi().findBucketByName(hourlyBucket);
                if (h == null) {
                    log.warn("The hourly means' bucket {} (influx.hourly-bucket) does not exist: create it with the retention "
                            + "the hourly means are kept; until then they cannot be written", hourlyBucket);
                } else {
                    DBRPCreate hourly = new DBRPCreate().bucketID(h.getId()).orgID(h.getOrgID()).database(cfg.database())
                            .retentionPolicy(HOURLY_RP)._default(false);
                    client.getService(DbrPsService.class).postDBRP(hourly, null).execute();
                }
            }
        } catch (java.io.IOException | InfluxException e) {
            log.warn("Could not create the DBRP mapping {} -> bucket {}: {} (it may exist already)", cfg.database(), bucket, e.getMessage());
        }
    }

    /**
     * 1.x: creates the policy {@value #HOURLY_RP} (or sets it to keep the hourly means {@code influx.hourly-keep-days},
     * 0: for ever), and the raw readings' policy (the configured one, else the database's default) when missing, or
     * lengthens it to {@code influx.raw-keep-days}. It never shortens it: that would drop readings whose days may not be
     * stored yet; the day-closing schedule does it ({@link #shortenRaw}) once they are. Each statement only when
     * something differs, and read back after (an InfluxQL error comes back as an empty CSV answer): several instances
     * starting at once agree. Safe to call again; a no-op in v2 mode.
     */
    public synchronized void ensurePolicies() {
        if (!cfg.mode().equals("v1")) return;
        Policies p = policies();
        policy(p, HOURLY_RP, retention.hourlyKeepDays(), "hourly means", true);
        int target = retention.rawKeepDays();
        int now = p.days(p.raw);
        if (target > 0 && (!p.have.containsKey(p.raw) || (now > 0 && now < target))) {
            policy(p, p.raw, target, "raw readings", false);
            now = policies().days(p.raw);
        }
        kept = new RawRetention(now, target);
        if (target == 0 && now > 0 && !warnedUnmanaged) {
            warnedUnmanaged = true;
            log.warn("InfluxDB keeps raw readings {} days (retention policy {}) though influx.raw-keep-days is 0: days older than "
                    + "that are never computed again from the readings", now, p.raw);
        }
        policiesReady = true;
    }

    /**
     * Shortens the raw readings' policy to {@code influx.raw-keep-days}: InfluxDB drops the older readings at its next
     * retention check. For the day-closing schedule, once every older day is stored with its hourly means.
     */
    public synchronized void shortenRaw() {
        Policies p = policies();
        int target = retention.rawKeepDays();
        int was = p.days(p.raw);
        policy(p, p.raw, target, "raw readings", true);
        kept = new RawRetention(policies().days(p.raw), target);
        log.info("InfluxDB keeps raw readings {} days from now (retention policy {}; was {}): every older day is stored, "
                + "with its hourly means", target, p.raw, was == 0 ? "for ever" : was + " days");
    }

    /** The start of the oldest shard of the raw readings' policy (no reading is older), or null when it has none. */
    public Instant earliestRaw() {
        if (!cfg.mode().equals("v1")) return null;
        String raw = policies().raw;
        Instant first = null;
        for (InfluxQLQueryResult.Series s : series(query("SHOW SHARDS"))) {
            Map<String, Integer> c = s.getColumns();
            for (InfluxQLQueryResult.Series.Record rec : s.getValues()) {
                Object[] v = rec.getValues();
                if (!cfg.database().equals(String.valueOf(v[c.get("database")]))) continue;
                if (!raw.equals(String.valueOf(v[c.get("retention_policy")]))) continue;
                Instant start = Instant.parse(String.valueOf(v[c.get("start_time")]));
                if (first == null || start.isBefore(first)) first = start;
            }
        }
        return first;
    }

    /** Every series of a query's answer (none when there is no answer). */
    private static List<InfluxQLQueryResult.Series> series(InfluxQLQueryResult res) {
        if (res == null) return List.of();
        return res.getResults().stream().flatMap(r -> r.getSeries().stream()).toList();
    }

    /** A retention policy's duration as InfluxDB 1.x shows it, in whole hours. */
    private static final java.util.regex.Pattern HOURS = java.util.regex.Pattern.compile("(\\d+)h0m0s");

    /** The database's retention policies (name -> duration, shard duration) and which one holds the raw readings. */
    private record Policies(Map<String, String[]> have, String raw) {
        /** A policy's duration in whole days (0: for ever, or no such policy). */
        int days(String name) {
            String[] p = have.get(name);
            if (p == null || p[0].equals("0s")) return 0;
            java.util.regex.Matcher m = HOURS.matcher(p[0]);
            return m.matches() ? (int) Math.max(1, Long.parseLong(m.group(1)) / 24) : 0;
        }
    }

    private Policies policies() {
        Map<String, String[]> have = new LinkedHashMap<>();
        String defaultRp = null;
        for (InfluxQLQueryResult.Series s : series(query("SHOW RETENTION POLICIES ON " + quoted(cfg.database())))) {
            Map<String, Integer> c = s.getColumns();
            for (InfluxQLQueryResult.Series.Record rec : s.getValues()) {
                Object[] v = rec.getValues();
                String name = String.valueOf(v[c.get("name")]);
                have.put(name, new String[] {String.valueOf(v[c.get("duration")]), String.valueOf(v[c.get("shardGroupDuration")])});
                if (Boolean.parseBoolean(String.valueOf(v[c.get("default")]))) defaultRp = name;
            }
        }
        String raw = cfg.retentionPolicy().isEmpty() ? defaultRp : cfg.retentionPolicy();
        if (raw == null) throw new StoreUnavailableException("database " + cfg.database() + " has no default retention policy: set influx.retention-policy", null);
        return new Policies(have, raw);
    }

    /**
     * Creates the retention policy {@code name} keeping {@code days} (0: for ever), or alters it when it keeps otherwise
     * and {@code alter}; then reads it back.
     */
    private void policy(Policies p, String name, int days, String what, boolean alter) {
        int shard = days == 0 ? 168 : shardHours(days);
        String[] now = p.have.get(name);
        String duration = days == 0 ? "0s" : days * 24 + "h0m0s";
        String spec = " DURATION " + (days == 0 ? "INF" : days + "d") + (now == null ? " REPLICATION 1" : "") + " SHARD DURATION " + shard + "h";
        String kept = days == 0 ? "for ever" : days + " days";
        if (now == null) {
            query("CREATE RETENTION POLICY " + quoted(name) + " ON " + quoted(cfg.database()) + spec);
        } else if (alter && (!now[0].equals(duration) || !now[1].equals(shard + "h0m0s"))) {
            query("ALTER RETENTION POLICY " + quoted(name) + " ON " + quoted(cfg.database()) + spec);
        } else {
            return;
        }
        String[] after = policies().have.get(name);
        if (after == null || !after[0].equals(duration)) {
            throw new StoreUnavailableException("InfluxDB did not take the retention policy " + name + " of " + kept
                    + " (the user lacks admin rights?): it says " + (after == null ? "no such policy" : after[0]), null);
        }
        log.info("InfluxDB keeps {} {} (retention policy {} {})", what, kept, name, now == null ? "created" : "was " + now[0]);
    }

    /** InfluxDB's own shard group duration for a retention of {@code days}: 1 h under 2 days, 1 day up to 6 months, else 7 days. */
    private static int shardHours(int days) {
        return days < 2 ? 1 : days <= 183 ? 24 : 168;
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Writes hourly means (line protocol, second precision) where they are kept ({@link #hourlySource()}).
     * @throws StoreUnavailableException InfluxDB could not take them now
     * @throws StoreRejectedException InfluxDB refused them for good
     */
    public void writeHourly(String body) {
        if (!body.isEmpty()) send(() -> writes.writeRecord(hourlyBucket, org, WritePrecision.S, body), "of hourly means");
    }

    /**
     * Writes line-protocol records (ns precision) synchronously.
     * @throws StoreUnavailableException InfluxDB could not take them now (down, 5xx, auth): keep and retry later
     * @throws StoreRejectedException InfluxDB refused some records for good (400: malformed or type conflict)
     */
    public void write(List<String> lines) {
        if (!lines.isEmpty()) send(() -> writes.writeRecords(bucket, org, WritePrecision.NS, lines), "");
    }

    /**
     * Writes a body of newline-separated line-protocol records synchronously, their times in milliseconds when
     * {@code millis}, else nanoseconds (one request; no list of records to join again).
     * @throws StoreUnavailableException InfluxDB could not take them now (down, 5xx, auth): keep and retry later
     * @throws StoreRejectedException InfluxDB refused some records for good (400: malformed or type conflict)
     */
    public void write(String body, boolean millis) {
        if (!body.isEmpty()) send(() -> writes.writeRecord(bucket, org, millis ? WritePrecision.MS : WritePrecision.NS, body), "");
    }

    /** Runs a write, its failures as the store's two kinds: for good (400, 422) or for now (everything else). */
    private static void send(Runnable write, String what) {
        String of = what.isEmpty() ? "" : " " + what;
        try {
            write.run();
        } catch (InfluxException e) {
            int status = e.status();
            if (status == 400 || status == 422) throw new StoreRejectedException(e.getMessage(), e);
            throw new StoreUnavailableException("InfluxDB write" + of + " failed (HTTP " + status + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("InfluxDB write" + of + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs an InfluxQL statement against the configured database. */
    public InfluxQLQueryResult query(String influxQl) {
        return query(influxQl, null);
    }

    /** Runs an InfluxQL statement; times come back as epoch numbers in {@code precision} (null: server default). */
    public InfluxQLQueryResult query(String influxQl, InfluxQLQuery.InfluxQLPrecision precision) {
        try {
            InfluxQLQuery q = new InfluxQLQuery(influxQl, cfg.database());
            if (precision != null) q.setPrecision(precision);
            if (!cfg.retentionPolicy().isEmpty()) q.setRetentionPolicy(cfg.retentionPolicy());
            return client.getInfluxQLQueryApi().query(q);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("InfluxDB query failed: " + e.getMessage(), e);
        }
    }

    /** True when InfluxDB answers its ping. */
    public boolean ping() {
        try {
            return Boolean.TRUE.equals(client.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
