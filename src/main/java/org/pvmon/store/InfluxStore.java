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
import java.util.List;
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

    public InfluxStore(Config.Influx cfg) {
        this.cfg = cfg;
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
        } catch (java.io.IOException | InfluxException e) {
            log.warn("Could not create the DBRP mapping {} -> bucket {}: {} (it may exist already)", cfg.database(), bucket, e.getMessage());
        }
    }

    /**
     * Writes line-protocol records (ns precision) synchronously.
     * @throws StoreUnavailableException InfluxDB could not take them now (down, 5xx, auth): keep and retry later
     * @throws StoreRejectedException InfluxDB refused some records for good (400: malformed or type conflict)
     */
    public void write(List<String> lines) {
        if (lines.isEmpty()) return;
        try {
            writes.writeRecords(bucket, org, WritePrecision.NS, lines);
        } catch (InfluxException e) {
            int status = e.status();
            if (status == 400 || status == 422) throw new StoreRejectedException(e.getMessage(), e);
            throw new StoreUnavailableException("InfluxDB write failed (HTTP " + status + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("InfluxDB write failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a body of newline-separated line-protocol records synchronously, their times in milliseconds when
     * {@code millis}, else nanoseconds (one request; no list of records to join again).
     * @throws StoreUnavailableException InfluxDB could not take them now (down, 5xx, auth): keep and retry later
     * @throws StoreRejectedException InfluxDB refused some records for good (400: malformed or type conflict)
     */
    public void write(String body, boolean millis) {
        if (body.isEmpty()) return;
        try {
            writes.writeRecord(bucket, org, millis ? WritePrecision.MS : WritePrecision.NS, body);
        } catch (InfluxException e) {
            int status = e.status();
            if (status == 400 || status == 422) throw new StoreRejectedException(e.getMessage(), e);
            throw new StoreUnavailableException("InfluxDB write failed (HTTP " + status + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("InfluxDB write failed: " + e.getMessage(), e);
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
