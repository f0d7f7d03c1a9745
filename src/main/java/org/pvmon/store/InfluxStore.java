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

    /** The retention settings this store was opened with. */
    public Config.Retention retention() {
        return retention;
    }

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
                retentionPolicies();
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
     * 1.x: the raw readings' retention policy (the configured one, else the database's default) set to
     * {@code influx.raw-keep-days} when that is set; the policy {@value #HOURLY_RP} created (or set) to keep the hourly
     * means {@code influx.hourly-keep-days} (0: forever). Each statement only when something differs: several instances
     * starting at once agree.
     */
    private void retentionPolicies() {
        Map<String, String[]> have = new LinkedHashMap<>(); // name -> duration, shard duration, default
        InfluxQLQueryResult res = query("SHOW RETENTION POLICIES ON \"" + cfg.database() + "\"");
        String defaultRp = null;
        if (res != null) {
            for (InfluxQLQueryResult.Result r : res.getResults()) {
                for (InfluxQLQueryResult.Series s : r.getSeries()) {
                    Map<String, Integer> c = s.getColumns();
                    for (InfluxQLQueryResult.Series.Record rec : s.getValues()) {
                        Object[] v = rec.getValues();
                        String name = String.valueOf(v[c.get("name")]);
                        have.put(name, new String[] {String.valueOf(v[c.get("duration")]), String.valueOf(v[c.get("shardGroupDuration")])});
                        if (Boolean.parseBoolean(String.valueOf(v[c.get("default")]))) defaultRp = name;
                    }
                }
            }
        }
        String raw = cfg.retentionPolicy().isEmpty() ? defaultRp : cfg.retentionPolicy();
        if (raw == null) throw new StoreUnavailableException("database " + cfg.database() + " has no default retention policy: set influx.retention-policy", null);
        if (retention.rawKeepDays() > 0) policy(have, raw, retention.rawKeepDays(), "raw readings");
        policy(have, HOURLY_RP, retention.hourlyKeepDays(), "hourly means");
    }

    /** Creates the retention policy {@code name} keeping {@code days} (0: forever), or alters it when it keeps otherwise. */
    private void policy(Map<String, String[]> have, String name, int days, String what) {
        int shard = days == 0 ? 168 : shardHours(days);
        String[] now = have.get(name);
        String spec = " DURATION " + (days == 0 ? "INF" : days + "d") + (now == null ? " REPLICATION 1" : "") + " SHARD DURATION " + shard + "h";
        String kept = days == 0 ? "forever" : days + " days";
        if (now == null) {
            query("CREATE RETENTION POLICY " + quoted(name) + " ON " + quoted(cfg.database()) + spec);
            log.info("InfluxDB keeps {} {} (retention policy {} created)", what, kept, name);
        } else if (!now[0].equals(days == 0 ? "0s" : days * 24 + "h0m0s") || !now[1].equals(shard + "h0m0s")) {
            query("ALTER RETENTION POLICY " + quoted(name) + " ON " + quoted(cfg.database()) + spec);
            log.info("InfluxDB keeps {} {} (retention policy {}: was {})", what, kept, name, now[0]);
        }
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
