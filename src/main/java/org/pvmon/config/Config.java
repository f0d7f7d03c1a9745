package org.pvmon.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.pvmon.alerts.AlertRules;

/**
 * The service's whole configuration, read once at start from an optional properties file and the
 * environment ({@code PVMON_MQTT_URL} overrides {@code mqtt.url}), validated on construction.
 * A bad value fails the start with a message that names the setting.
 */
public record Config(Http http, Mqtt mqtt, Influx influx, Ingest ingest, Path dataDir, Path stationsFile,
                     AlertRules alerts, Notify notifications, Overview overview, Days days, Uploads uploads,
                     RegistryDatabase registryDatabase, Backup backup, Auth auth, Audit audit, Loggers loggers,
                     Retention retention) {

    /** @param host the address the HTTP API binds ({@code 0.0.0.0}: every interface) */
    public record Http(String host, int port) {
        public Http {
            Settings.require(host != null && !host.isBlank(), "http.host", "must be an address to bind, e.g. 127.0.0.1 or 0.0.0.0");
            Settings.require(port >= 0 && port <= 65535, "http.port", "must be 0-65535, got " + port);
        }
    }

    /**
     * Broker connection: several connections of one instance (and several instances) join one shared group. With an
     * {@code ssl://} or {@code wss://} url the broker's certificate is checked against {@code truststore} (a PKCS12 or JKS
     * file, or PEM certificates; empty: the JVM's default CAs).
     */
    public record Mqtt(String url, String clientId, String group, String username, String password,
                       int connections, long sessionExpirySeconds, int receiveMaximum, String truststore, String truststorePassword) {
        public Mqtt {
            Settings.require(url.startsWith("tcp://") || url.startsWith("ssl://") || url.startsWith("ws://")
                    || url.startsWith("wss://"), "mqtt.url", "must start with tcp://, ssl://, ws:// or wss://, got " + url);
            Settings.require(clientId.matches("[A-Za-z0-9_-]{1,40}"), "mqtt.client-id",
                    "must be 1-40 characters of A-Z a-z 0-9 _ -, got " + clientId);
            Settings.require(group.matches("[A-Za-z0-9_-]{0,40}"), "mqtt.group",
                    "must be 0-40 characters of A-Z a-z 0-9 _ - (empty: a plain, not shared, subscription)");
            Settings.require(!group.isEmpty() || connections == 1, "mqtt.connections",
                    "must be 1 when mqtt.group is empty (a plain subscription gives every connection every message)");
            Settings.require(connections >= 1 && connections <= 16, "mqtt.connections", "must be 1-16, got " + connections);
            Settings.require(sessionExpirySeconds >= 60, "mqtt.session-expiry-seconds",
                    "must be at least 60 (a persistent session keeps readings while the service restarts)");
            Settings.require(receiveMaximum >= 1 && receiveMaximum <= 65535, "mqtt.receive-maximum", "must be 1-65535");
            Settings.require(truststore.isEmpty() || url.startsWith("ssl://") || url.startsWith("wss://"), "mqtt.truststore",
                    "is for a TLS broker: set mqtt.url to ssl://host:8883 (or wss://), or leave the truststore empty");
            Settings.require(truststore.isEmpty() || Files.isReadable(Path.of(truststore)), "mqtt.truststore",
                    "no readable file " + truststore);
        }

        /** The connection is TLS ({@code ssl://} or {@code wss://}). */
        public boolean tls() {
            return url.startsWith("ssl://") || url.startsWith("wss://");
        }

        /** The password masked: a record's toString would print it (logs, error reports). */
        @Override
        public String toString() {
            return "Mqtt[url=" + url + ", clientId=" + clientId + ", group=" + group + ", username=" + username + ", password="
                    + (password.isEmpty() ? "" : "****") + ", connections=" + connections + ", sessionExpirySeconds="
                    + sessionExpirySeconds + ", receiveMaximum=" + receiveMaximum + ", truststore=" + truststore
                    + ", truststorePassword=" + (truststorePassword.isEmpty() ? "" : "****") + "]";
        }
    }

    /** InfluxDB connection: {@code v1} (1.x: database + retention policy + user) or {@code v2} (2.x/3.x: org + bucket + token). */
    public record Influx(String mode, String url, String database, String retentionPolicy, String username,
                         String password, String token, String org, String bucket) {
        public Influx {
            Settings.require(mode.equals("v1") || mode.equals("v2"), "influx.mode", "must be v1 or v2, got " + mode);
            Settings.require(url.startsWith("http://") || url.startsWith("https://"), "influx.url",
                    "must start with http:// or https://, got " + url);
            Settings.require(!database.isBlank(), "influx.database", "must not be empty");
            if (mode.equals("v2")) {
                Settings.require(!token.isBlank(), "influx.token", "is required in v2 mode");
                Settings.require(!org.isBlank(), "influx.org", "is required in v2 mode");
                Settings.require(!bucket.isBlank(), "influx.bucket", "is required in v2 mode");
            }
        }

        /** The password and token masked: a record's toString would print them (logs, error reports). */
        @Override
        public String toString() {
            return "Influx[mode=" + mode + ", url=" + url + ", database=" + database + ", retentionPolicy=" + retentionPolicy
                    + ", username=" + username + ", password=" + (password.isEmpty() ? "" : "****") + ", token="
                    + (token.isEmpty() ? "" : "****") + ", org=" + org + ", bucket=" + bucket + "]";
        }
    }

    /**
     * How long InfluxDB keeps readings (docs/operations.md "Retention and hourly means"). {@code rawKeepDays}: the raw
     * readings' retention policy (the configured one, else the database's default) is set to that many days at every
     * start; 0 leaves its duration alone (InfluxDB's default keeps everything). Every closed station-day's readings are
     * also kept as hourly means (measurement {@code reading_1h}) in the retention policy {@code hourly}, kept
     * {@code hourlyKeepDays} (0: forever); in v2 mode in the bucket {@code hourlyBucket} (empty: the readings' bucket).
     * The daily energy of every closed day stays in the registry whatever InfluxDB drops.
     */
    public record Retention(int rawKeepDays, int hourlyKeepDays, String hourlyBucket) {
        /** Days between the last closed day and today at most (yesterday is closed some minutes after midnight). */
        static final int CLOSING_DAYS = 2;
        /** Days of readings before a day that its energy may be computed from (the counter's edges, StationEnergy). */
        public static final int EDGE_DAYS = 31;

        public Retention {
            Settings.require(rawKeepDays == 0 || (rawKeepDays >= 7 && rawKeepDays <= 36_500), "influx.raw-keep-days",
                    "must be 0 (keep what InfluxDB keeps) or 7-36500, got " + rawKeepDays);
            Settings.require(hourlyKeepDays == 0 || (hourlyKeepDays >= rawKeepDays && rawKeepDays > 0 && hourlyKeepDays <= 36_500),
                    "influx.hourly-keep-days", "must be 0 (forever) or at least influx.raw-keep-days (" + rawKeepDays
                            + ", and that set), got " + hourlyKeepDays);
            Settings.require(hourlyBucket.isEmpty() || hourlyBucket.matches("[A-Za-z0-9_.-]{1,64}"), "influx.hourly-bucket",
                    "must be a bucket name of A-Z a-z 0-9 _ . - (empty: the readings' bucket)");
        }

        public static Retention defaults() {
            return new Retention(0, 0, "");
        }
    }

    /** Validation limits and batching of the ingest pipeline. */
    public record Ingest(int batchSize, Duration flushInterval, int queueCapacity, Duration maxFuture, Duration maxAge,
                         double powerTolerance, Duration offlineAfter) {
        public Ingest {
            Settings.require(batchSize >= 1 && batchSize <= 50_000, "ingest.batch-size", "must be 1-50000");
            Settings.require(!flushInterval.isNegative() && flushInterval.toMillis() >= 1, "ingest.flush-interval-ms", "must be at least 1");
            Settings.require(queueCapacity >= batchSize, "ingest.queue-capacity", "must be at least ingest.batch-size");
            Settings.require(powerTolerance >= 1.0 && powerTolerance <= 3.0, "ingest.power-tolerance", "must be 1.0-3.0");
            Settings.require(maxAge.toDays() >= 1, "ingest.max-age-days", "must be at least 1");
            Settings.require(!maxFuture.isNegative(), "ingest.max-future-seconds", "must not be negative");
            Settings.require(offlineAfter.toSeconds() >= 10, "stations.offline-after-seconds", "must be at least 10");
        }
    }

    /**
     * Notifications of alerts opened and resolved (org.pvmon.notify): each receiver is off while its setting is empty.
     * Delivery is retried with a back-off doubling from {@code retryInitial} up to {@code retryMax}, until sent or until
     * {@code giveUpAfter} has passed since the notification was queued.
     */
    public record Notify(String webhookUrl, String wecomUrl, String dingtalkUrl, String dingtalkSecret, String mqttTopic,
                         String link, Duration timeout, Duration retryInitial, Duration retryMax, Duration giveUpAfter,
                         Duration poll) {
        public Notify {
            for (String[] u : new String[][] {{"notify.webhook.url", webhookUrl}, {"notify.wecom.url", wecomUrl},
                    {"notify.dingtalk.url", dingtalkUrl}}) {
                Settings.require(u[1].isEmpty() || u[1].startsWith("http://") || u[1].startsWith("https://"), u[0],
                        "must be empty (off) or start with http:// or https://, got " + u[1]);
            }
            Settings.require(mqttTopic.isEmpty() || mqttTopic.matches("[^+#$/][^+#]*[^+#/]|[^+#$/]"), "notify.mqtt.topic",
                    "must be empty (off) or a topic prefix without + # and without a leading or trailing /, got " + mqttTopic);
            Settings.require(link.isEmpty() || link.startsWith("http://") || link.startsWith("https://"), "notify.link",
                    "must be empty or a URL starting with http:// or https:// ({id}: the alert id), got " + link);
            Settings.require(timeout.toMillis() >= 100 && timeout.toMinutes() <= 5, "notify.timeout-ms",
                    "must be 100-300000, got " + timeout.toMillis());
            Settings.require(retryInitial.toMillis() >= 10, "notify.retry-initial-ms", "must be at least 10, got " + retryInitial.toMillis());
            Settings.require(retryMax.compareTo(retryInitial) >= 0, "notify.retry-max-ms",
                    "must be at least notify.retry-initial-ms (" + retryInitial.toMillis() + "), got " + retryMax.toMillis());
            Settings.require(giveUpAfter.toHours() >= 1, "notify.give-up-hours", "must be at least 1, got " + giveUpAfter.toHours());
            Settings.require(poll.toMillis() >= 10 && poll.toMinutes() <= 1, "notify.poll-ms", "must be 10-60000, got " + poll.toMillis());
        }
    }

    /**
     * Stored daily energy (api/ClosedDays): every {@code closeEvery} the closed local days of the last {@code keepDays}
     * days are computed once per station from the readings and stored, and days a late reading changed are computed
     * again; a day counts as closed {@code closeAfter} after its local midnight (readings still on their way: batches,
     * spooled readings). {@code keepDays} 62 covers the previous month on any day of this one (its statements);
     * older days are computed from the readings when asked and stored once closed only if within it. 0 turns
     * storing off (everything computed from the readings, as without the store).
     */
    public record Days(Duration closeEvery, Duration closeAfter, int keepDays) {
        public Days {
            Settings.require(closeEvery.toSeconds() >= 1 && closeEvery.toHours() <= 1, "energy.close-every-seconds", "must be 1-3600");
            Settings.require(closeAfter.compareTo(closeEvery.multipliedBy(2)) >= 0 && closeAfter.toHours() <= 12,
                    "energy.close-after-minutes", "must be at least twice energy.close-every-seconds and at most 720");
            Settings.require(keepDays >= 0 && keepDays <= 4000, "energy.keep-days", "must be 0-4000");
        }

        public static Days defaults() {
            return new Days(Duration.ofSeconds(60), Duration.ofMinutes(10), 62);
        }
    }

    /**
     * The fleet overview's in-memory state (api/FleetState): re-read from InfluxDB every {@code refresh}; today's energy
     * and the month's revenue are computed live instead of served from it while computing them takes less than
     * {@code liveBelow} and this instance has stored readings for them since.
     */
    public record Overview(Duration refresh, Duration liveBelow) {
        public Overview {
            Settings.require(refresh.toSeconds() >= 1 && refresh.toHours() <= 1, "overview.refresh-seconds", "must be 1-3600");
            Settings.require(!liveBelow.isNegative(), "overview.live-below-ms", "must not be negative");
        }

        public static Overview defaults() {
            return new Overview(Duration.ofSeconds(60), Duration.ofSeconds(1));
        }
    }

    /**
     * Bounds on what a request may send, checked while it is read, so that no upload can take the memory ingest needs:
     * {@code maxBodyBytes} of any request body (with or without a Content-Length, chunked included); for registry files
     * (CSV, XLSX) at most {@code maxRows} data rows, {@code maxColumns} columns and {@code maxCellChars} characters in a
     * cell; for a workbook at most {@code maxUnzippedBytes} once decompressed, at most {@code maxSharedStringsBytes} of
     * shared strings (held in memory while it is read) and at most {@code maxZipRatio} decompressed bytes per
     * compressed byte of any of its parts. The defaults take a county's register (tens of thousands of households) with
     * room to spare; one upload is read at a time.
     */
    public record Uploads(long maxBodyBytes, int maxRows, int maxColumns, int maxCellChars, long maxUnzippedBytes,
                          long maxSharedStringsBytes, int maxZipRatio) {
        public Uploads {
            Settings.require(maxBodyBytes >= 1024 && maxBodyBytes <= 1L << 30, "uploads.max-body-bytes", "must be 1024 to 1073741824, got " + maxBodyBytes);
            Settings.require(maxRows >= 1 && maxRows <= 5_000_000, "uploads.max-rows", "must be 1-5000000, got " + maxRows);
            Settings.require(maxColumns >= 1 && maxColumns <= 1000, "uploads.max-columns", "must be 1-1000, got " + maxColumns);
            Settings.require(maxCellChars >= 10 && maxCellChars <= 1_000_000, "uploads.max-cell-chars", "must be 10-1000000, got " + maxCellChars);
            Settings.require(maxUnzippedBytes >= maxBodyBytes, "uploads.max-unzipped-bytes", "must be at least uploads.max-body-bytes, got " + maxUnzippedBytes);
            Settings.require(maxSharedStringsBytes >= 1024 && maxSharedStringsBytes <= maxUnzippedBytes, "uploads.max-shared-strings-bytes",
                    "must be 1024 to uploads.max-unzipped-bytes, got " + maxSharedStringsBytes);
            Settings.require(maxZipRatio >= 2 && maxZipRatio <= 10_000, "uploads.max-zip-ratio", "must be 2-10000, got " + maxZipRatio);
        }

        public static Uploads defaults() {
            return new Uploads(16L << 20, 100_000, 64, 2_000, 256L << 20, 32L << 20, 200);
        }
    }

    /**
     * The SQL database of the registry and every other capability's tables: {@code url} empty (the default) is the SQLite
     * file {@code <data.dir>/registry.db}; a {@code jdbc:postgresql://host[:port]/database} URL is that PostgreSQL
     * database (several instances can share it), reached as {@code username} / {@code password} through a pool of at most
     * {@code poolSize} connections. The password never appears in a message or a log line ({@link #toString()},
     * {@link #displayUrl()}).
     */
    public record RegistryDatabase(String url, String username, String password, int poolSize) {
        public RegistryDatabase {
            Settings.require(url.isEmpty() || url.matches("jdbc:postgresql://[^/?#]+/[^/?#]+([?].*)?"), "registry.url",
                    "must be empty (the SQLite file under data.dir) or jdbc:postgresql://host[:port]/database, got "
                            + displayUrl(url));
            Settings.require(!url.isEmpty() || username.isEmpty(), "registry.username",
                    "is for PostgreSQL: set registry.url too, or leave it empty for the SQLite file");
            Settings.require(!url.isEmpty() || password.isEmpty(), "registry.password",
                    "is for PostgreSQL: set registry.url too, or leave it empty for the SQLite file");
            Settings.require(poolSize >= 1 && poolSize <= 100, "registry.pool-size", "must be 1-100, got " + poolSize);
        }

        public boolean postgres() {
            return !url.isEmpty();
        }

        /** The URL to show in a log line or a message: a {@code password=} parameter in it masked. */
        public String displayUrl() {
            return displayUrl(url);
        }

        private static String displayUrl(String url) {
            return url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        }

        @Override
        public String toString() {
            return "RegistryDatabase[url=" + displayUrl() + ", username=" + username + ", password="
                    + (password.isEmpty() ? "" : "***") + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * What the {@code backup} and {@code restore} commands need besides the stores' connections: {@code influxAddress},
     * the host:port of InfluxDB 1.x's backup/restore RPC service (its {@code bind-address}), and {@code influxd}, the
     * influxd program that talks to it, and with {@code registry.url} PostgreSQL's {@code pgDump} and {@code pgRestore}
     * (each a name on the PATH or a path).
     */
    public record Backup(String influxAddress, String influxd, String pgDump, String pgRestore) {
        public Backup {
            Settings.require(influxAddress.matches("[^\\s:]+:\\d{1,5}"), "influx.backup-address",
                    "must be host:port of InfluxDB's backup/restore service (its bind-address), got " + influxAddress);
            Settings.require(!influxd.isBlank(), "backup.influxd", "must name the influxd program (on the PATH, or a path)");
            Settings.require(!pgDump.isBlank(), "backup.pg-dump", "must name the pg_dump program (on the PATH, or a path)");
            Settings.require(!pgRestore.isBlank(), "backup.pg-restore", "must name the pg_restore program (on the PATH, or a path)");
        }
    }

    /**
     * The audit log (org.pvmon.audit): entries older than {@code keepDays} are deleted once a day. At least 183 days
     * (6 months), what 等保 2.0 asks logs to be kept; the default 400 keeps a year and a month.
     */
    public record Audit(int keepDays) {
        public Audit {
            Settings.require(keepDays >= 183 && keepDays <= 36_500, "audit.keep-days",
                    "must be 183-36500 (at least 6 months: 等保 2.0 asks for logs kept that long), got " + keepDays);
        }
    }

    /**
     * Logger credentials (org.pvmon.loggers): where the broker reads them. {@code passwordFile} and {@code aclFile} are
     * the broker's password and ACL files, rewritten whole from the registry on every change (both null: credentials
     * are kept in the registry only, another host writes the files); then the broker is told to read them again, by
     * SIGHUP to the process in {@code brokerPidFile} or by running {@code brokerReloadCommand} (e.g.
     * {@code systemctl reload mosquitto}). {@code brokerUrl} is the address loggers use, printed on the credential sheet.
     * A running service compares the registry with the files every {@code syncEvery} (changes made by the command line
     * or another instance, a reload that failed).
     */
    public record Loggers(Path passwordFile, Path aclFile, Path brokerPidFile, String brokerReloadCommand, String brokerUrl,
                          Duration syncEvery) {
        public Loggers {
            Settings.require((passwordFile == null) == (aclFile == null), passwordFile == null ? "loggers.password-file" : "loggers.acl-file",
                    "loggers.password-file and loggers.acl-file go together: the broker needs both");
            Settings.require(brokerPidFile == null || brokerReloadCommand.isEmpty(), "loggers.broker-reload-command",
                    "set either loggers.broker-pid-file or loggers.broker-reload-command, not both");
            Settings.require(passwordFile != null || (brokerPidFile == null && brokerReloadCommand.isEmpty()),
                    brokerPidFile != null ? "loggers.broker-pid-file" : "loggers.broker-reload-command",
                    "needs loggers.password-file and loggers.acl-file (what the broker is told to read again)");
            Settings.require(brokerUrl.isEmpty() || brokerUrl.matches("(tcp|ssl|mqtt|mqtts)://[^\\s/]+:\\d{1,5}"), "loggers.broker-url",
                    "must be empty or the address loggers connect to, e.g. ssl://mqtt.example.cn:8883, got " + brokerUrl);
            Settings.require(syncEvery.toSeconds() >= 1 && syncEvery.toHours() <= 1, "loggers.sync-seconds", "must be 1-3600");
        }

        /** This instance writes the broker's files. */
        public boolean writesBrokerFiles() {
            return passwordFile != null;
        }
    }

    public Config {
        Settings.require(stationsFile != null, "stations.file", "is required (the station list, CSV)");
        Settings.require(Files.isRegularFile(stationsFile), "stations.file", "no such file: " + stationsFile);
        if (retention.rawKeepDays() > 0) {
            // what InfluxDB drops is gone: the days' energy must be stored before, and nothing older accepted
            Settings.require(days.keepDays() > 0, "energy.keep-days",
                    "must not be 0 with influx.raw-keep-days set: the stored daily energy is what remains of older days");
            int edge = Retention.EDGE_DAYS;
            int least = days.keepDays() + edge + Retention.CLOSING_DAYS;
            Settings.require(least <= retention.rawKeepDays(), "influx.raw-keep-days",
                    "must be at least energy.keep-days + " + (edge + Retention.CLOSING_DAYS) + " (" + least
                            + "): every kept day's energy is computed from its readings and those up to " + edge
                            + " days before it, got " + retention.rawKeepDays());
            Settings.require(ingest.maxAge().toDays() <= days.keepDays(), "ingest.max-age-days",
                    "must be at most energy.keep-days (" + days.keepDays() + ") with influx.raw-keep-days set: an older reading's day is "
                            + "not stored again before InfluxDB drops its readings, got " + ingest.maxAge().toDays());
            Settings.require(!influx.mode().equals("v2") || !retention.hourlyBucket().isEmpty(), "influx.hourly-bucket",
                    "is required in v2 mode with influx.raw-keep-days set: a bucket that keeps the hourly means longer than the readings");
        }
    }

    /** Reads {@code file} (may be null) then the environment; the environment wins. */
    /**
     * Sign-in (docs/operations.md "Users, sessions and tokens"): a dashboard session ends after {@code sessionIdle}
     * without a request and at the latest {@code sessionMax} after it began; {@code lockoutFailures} failed passwords in a
     * row lock the account for {@code lockoutDuration}. {@code secureCookie}: {@code auto} marks the session cookie
     * Secure when the request came over HTTPS (a reverse proxy says so with {@code X-Forwarded-Proto: https}),
     * {@code always} / {@code never} force it. {@code allowedOrigins}: other origins (comma-separated
     * {@code https://pv.example.gov.cn}) whose pages may change things, besides the service's own address.
     * {@code trustedProxies}: the addresses of reverse proxies whose {@code X-Forwarded-For} names the client (the
     * address recorded in the audit log and throttled at sign-in); from any other address the header is ignored.
     */
    public record Auth(Duration sessionIdle, Duration sessionMax, int lockoutFailures, Duration lockoutDuration, String secureCookie,
                       java.util.List<String> allowedOrigins, java.util.List<String> trustedProxies) {
        public Auth {
            Settings.require(sessionIdle.toMinutes() >= 1 && sessionIdle.toHours() <= 24, "auth.session-idle-minutes", "must be 1-1440");
            Settings.require(sessionMax.compareTo(sessionIdle) >= 0 && sessionMax.toDays() <= 30, "auth.session-max-hours",
                    "must be at least the idle timeout and at most 720");
            Settings.require(lockoutFailures >= 3 && lockoutFailures <= 100, "auth.lockout-failures", "must be 3-100");
            Settings.require(lockoutDuration.toMinutes() >= 1 && lockoutDuration.toHours() <= 24, "auth.lockout-minutes", "must be 1-1440");
            Settings.require(secureCookie.equals("auto") || secureCookie.equals("always") || secureCookie.equals("never"),
                    "auth.secure-cookie", "must be auto, always or never");
            allowedOrigins = java.util.List.copyOf(allowedOrigins);
            trustedProxies = java.util.List.copyOf(trustedProxies);
            for (String o : allowedOrigins) {
                Settings.require(o.matches("https?://[^/\\s]+"), "auth.allowed-origins", "must be origins like https://pv.example.gov.cn, got " + o);
            }
        }

        public static Auth defaults() {
            return new Auth(Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(15), "auto", java.util.List.of(),
                    java.util.List.of("127.0.0.1", "0:0:0:0:0:0:0:1"));
        }
    }

    public static Config load(Path file, Map<String, String> env) {
        Properties props = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new ConfigException("config file " + file + ": " + e.getMessage());
            }
        }
        Settings s = new Settings(props, env);
        Retention retention = new Retention(s.integer("influx.raw-keep-days", 0), s.integer("influx.hourly-keep-days", 0),
                s.string("influx.hourly-bucket", ""));
        // with retention, a reading whose day is no longer stored again is refused at the door (timestamp_too_old)
        int keepDays = s.integer("energy.keep-days", 62);
        int maxAgeDays = retention.rawKeepDays() > 0 ? Math.max(1, Math.min(400, keepDays)) : 400;
        return new Config(
                new Http(s.string("http.host", "127.0.0.1"), s.integer("http.port", 8080)),
                new Mqtt(s.string("mqtt.url", "tcp://127.0.0.1:1883"), s.string("mqtt.client-id", "pvmon-1"),
                        s.string("mqtt.group", "pvmon"), s.string("mqtt.username", ""), s.string("mqtt.password", ""),
                        s.integer("mqtt.connections", 2), s.integer("mqtt.session-expiry-seconds", 7 * 86400),
                        s.integer("mqtt.receive-maximum", 10_000), s.string("mqtt.truststore", ""),
                        s.string("mqtt.truststore-password", "")),
                new Influx(s.string("influx.mode", "v1"), s.string("influx.url", "http://127.0.0.1:8086"),
                        s.string("influx.database", "pvmon"), s.string("influx.retention-policy", ""),
                        s.string("influx.username", ""), s.string("influx.password", ""), s.string("influx.token", ""),
                        s.string("influx.org", ""), s.string("influx.bucket", "")),
                new Ingest(s.integer("ingest.batch-size", 5000), Duration.ofMillis(s.integer("ingest.flush-interval-ms", 100)),
                        s.integer("ingest.queue-capacity", 50_000), Duration.ofSeconds(s.integer("ingest.max-future-seconds", 300)),
                        Duration.ofDays(s.integer("ingest.max-age-days", maxAgeDays)), s.decimal("ingest.power-tolerance", 1.2),
                        Duration.ofSeconds(s.integer("stations.offline-after-seconds", 900))),
                Path.of(s.string("data.dir", "data")),
                s.string("stations.file", "").isBlank() ? null : Path.of(s.string("stations.file", "")),
                alerts(s),
                new Notify(s.string("notify.webhook.url", ""), s.string("notify.wecom.url", ""),
                        s.string("notify.dingtalk.url", ""), s.string("notify.dingtalk.secret", ""),
                        s.string("notify.mqtt.topic", ""), s.string("notify.link", ""),
                        Duration.ofMillis(s.integer("notify.timeout-ms", 10_000)),
                        Duration.ofMillis(s.integer("notify.retry-initial-ms", 10_000)),
                        Duration.ofMillis(s.integer("notify.retry-max-ms", 600_000)),
                        Duration.ofHours(s.integer("notify.give-up-hours", 24)),
                        Duration.ofMillis(s.integer("notify.poll-ms", 1000))),
                new Overview(Duration.ofSeconds(s.integer("overview.refresh-seconds", 60)),
                        Duration.ofMillis(s.integer("overview.live-below-ms", 1000))),
                new Days(Duration.ofSeconds(s.integer("energy.close-every-seconds", 60)),
                        Duration.ofMinutes(s.integer("energy.close-after-minutes", 10)), keepDays),
                uploads(s),
                new RegistryDatabase(s.string("registry.url", ""), s.string("registry.username", ""),
                        s.string("registry.password", ""), s.integer("registry.pool-size", 10)),
                new Backup(s.string("influx.backup-address", "127.0.0.1:8088"), s.string("backup.influxd", "influxd"),
                        s.string("backup.pg-dump", "pg_dump"), s.string("backup.pg-restore", "pg_restore")),
                new Auth(Duration.ofMinutes(s.integer("auth.session-idle-minutes", 30)), Duration.ofHours(s.integer("auth.session-max-hours", 12)),
                        s.integer("auth.lockout-failures", 5), Duration.ofMinutes(s.integer("auth.lockout-minutes", 15)),
                        s.string("auth.secure-cookie", "auto"),
                        java.util.Arrays.stream(s.string("auth.allowed-origins", "").split(",")).map(String::strip)
                                .filter(o -> !o.isEmpty()).toList(),
                        java.util.Arrays.stream(s.string("auth.trusted-proxies", "127.0.0.1,0:0:0:0:0:0:0:1").split(",")).map(String::strip)
                                .filter(o -> !o.isEmpty()).toList()),
                new Audit(s.integer("audit.keep-days", 400)),
                new Loggers(path(s, "loggers.password-file"), path(s, "loggers.acl-file"), path(s, "loggers.broker-pid-file"),
                        s.string("loggers.broker-reload-command", ""), s.string("loggers.broker-url", ""),
                        Duration.ofSeconds(s.integer("loggers.sync-seconds", 10))),
                retention);
    }

    private static Path path(Settings s, String key) {
        String v = s.string(key, "");
        return v.isEmpty() ? null : Path.of(v);
    }

    private static Uploads uploads(Settings s) {
        Uploads d = Uploads.defaults();
        return new Uploads(s.longValue("uploads.max-body-bytes", d.maxBodyBytes()), s.integer("uploads.max-rows", d.maxRows()),
                s.integer("uploads.max-columns", d.maxColumns()), s.integer("uploads.max-cell-chars", d.maxCellChars()),
                s.longValue("uploads.max-unzipped-bytes", d.maxUnzippedBytes()),
                s.longValue("uploads.max-shared-strings-bytes", d.maxSharedStringsBytes()), s.integer("uploads.max-zip-ratio", d.maxZipRatio()));
    }

    /**
     * The thresholds of the alert rules ({@code alerts.*}); each default is {@link AlertRules#defaults()}'s, documented
     * there with its reason. AlertRules validates them and names the setting; that message becomes a ConfigException.
     */
    private static AlertRules alerts(Settings s) {
        AlertRules d = AlertRules.defaults();
        try {
            return new AlertRules(Duration.ofSeconds(s.integer("alerts.evaluate-every-seconds", (int) d.evaluateEvery().toSeconds())),
                    s.decimal("alerts.daylight-elevation-deg", d.daylightElevationDeg()),
                    s.integer("alerts.min-peers", d.minPeers()),
                    new AlertRules.Offline(Duration.ofSeconds(s.integer("alerts.offline.reporting-interval-seconds",
                            (int) d.offline().reportingInterval().toSeconds())),
                            s.integer("alerts.offline.missed-intervals", d.offline().missedIntervals())),
                    new AlertRules.Idle(s.decimal("alerts.idle.power-fraction", d.idle().powerFraction()),
                            Duration.ofMinutes(s.integer("alerts.idle.min-duration-minutes", (int) d.idle().minDuration().toMinutes())),
                            s.decimal("alerts.idle.peer-producing-kw-per-kwp", d.idle().peerProducingKwPerKwp()),
                            s.decimal("alerts.idle.clear-sky-min-kw-per-kwp", d.idle().clearSkyMinKwPerKwp()),
                            s.integer("alerts.idle.recovery-readings", d.idle().recoveryReadings())),
                    new AlertRules.Underperforming(s.decimal("alerts.underperforming.fraction", d.underperforming().fraction()),
                            s.integer("alerts.underperforming.days", d.underperforming().days()),
                            s.decimal("alerts.underperforming.low-energy-kwh-per-kwp", d.underperforming().lowEnergyKwhPerKwp())),
                    new AlertRules.Meter(s.integer("alerts.meter.days", d.meter().days())));
        } catch (IllegalArgumentException e) { // "alerts.x.y must be ...": the setting, then what is wrong
            String[] keyAndMessage = e.getMessage().split(" ", 2);
            throw new ConfigException(keyAndMessage[0] + " (" + Settings.envName(keyAndMessage[0]) + "): "
                    + (keyAndMessage.length > 1 ? keyAndMessage[1] : "is invalid"));
        }
    }

    /** Lookup of one setting: environment variable {@code PVMON_A_B_C} for key {@code a.b-c}, then the file, then the default. */
    static final class Settings {
        private final Properties props;
        private final Map<String, String> env;

        Settings(Properties props, Map<String, String> env) {
            this.props = props;
            this.env = env;
        }

        static String envName(String key) {
            return "PVMON_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }

        String string(String key, String dflt) {
            String v = env.get(envName(key));
            if (v == null) v = props.getProperty(key);
            return v == null ? dflt : v.trim();
        }

        int integer(String key, int dflt) {
            String v = string(key, null);
            if (v == null || v.isEmpty()) return dflt;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " (" + envName(key) + "): must be a whole number, got '" + v + "'");
            }
        }

        long longValue(String key, long dflt) {
            String v = string(key, null);
            if (v == null || v.isEmpty()) return dflt;
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " (" + envName(key) + "): must be a whole number, got '" + v + "'");
            }
        }

        double decimal(String key, double dflt) {
            String v = string(key, null);
            if (v == null || v.isEmpty()) return dflt;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " (" + envName(key) + "): must be a number, got '" + v + "'");
            }
        }

        static void require(boolean ok, String key, String message) {
            if (!ok) throw new ConfigException(key + " (" + envName(key) + "): " + message);
        }
    }
}
