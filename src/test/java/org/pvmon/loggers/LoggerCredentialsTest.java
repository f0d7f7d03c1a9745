package org.pvmon.loggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.config.Config;
import org.pvmon.db.Database;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.Fixtures;
import org.pvmon.registry.Registry;
import org.pvmon.testing.HandClock;

/** The credential lifecycle against a SQLite registry and broker files in a temp dir (no broker: no reload configured). */
class LoggerCredentialsTest {
    private static final String A = "YN-AD-001";
    private static final String B = "YN-AD-008";

    @TempDir
    Path dir;
    private Database db;
    private HandClock clock;
    private LoggerCredentials credentials;
    private Path passwd;
    private Path acl;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("registry.db"));
        Registry registry = new Registry(db);
        Fixtures.populate(registry);
        clock = new HandClock(Instant.parse("2026-11-20T02:00:00Z"));
        passwd = dir.resolve("broker/loggers.passwd");
        acl = dir.resolve("broker/loggers.acl");
        credentials = new LoggerCredentials(db, registry, new Config.Loggers(passwd, acl, null, "", "ssl://mqtt.example.cn:8883",
                Duration.ofSeconds(10)), clock);
    }

    @AfterEach
    void close() {
        credentials.close();
        db.close();
    }

    @Test
    void an_issued_credential_is_kept_as_a_hash_and_written_to_the_broker_files() throws Exception {
        LoggerCredentials.Issued issued = credentials.issue(A);

        assertThat(issued.password()).hasSize(20);
        assertThat(issued.account()).isEqualTo(new LoggerCredentials.Account(A, "logger-" + A, LoggerCredentials.State.ACTIVE,
                clock.instant(), null, null));
        assertThat(issued.broker().outcome()).isEqualTo(LoggerCredentials.Outcome.WRITTEN); // no reload configured here
        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM logger_credentials WHERE station_id = :s")
                .bind("s", A).mapTo(String.class).one());
        assertThat(stored).isNotEqualTo(issued.password()).doesNotContain(issued.password());
        assertThat(MosquittoPassword.matches(issued.password(), stored)).isTrue();
        assertThat(Files.readString(passwd)).isEqualTo("logger-" + A + ":" + stored + "\n");
        assertThat(Files.readString(acl)).contains("user logger-YN-AD-001\ntopic write pvmon/v1/stations/YN-AD-001/reading\n"
                + "topic write pvmon/v1/stations/YN-AD-001/status\n");
        assertThat(Files.readString(acl).lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
                .as("write only, no wildcard").allMatch(l -> l.matches("user \\S+|topic write pvmon/v1/stations/[\\w-]+/(reading|status)"));
        assertThat(Files.getPosixFilePermissions(passwd)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE",
                "GROUP_READ");
    }

    @Test
    void a_second_issue_is_refused_and_rotate_replaces_the_password() throws Exception {
        LoggerCredentials.Issued first = credentials.issue(A);
        assertThatThrownBy(() -> credentials.issue(A)).isInstanceOf(LoggerConflictException.class).hasMessageContaining("rotate");

        clock.set(clock.instant().plus(Duration.ofDays(30)));
        LoggerCredentials.Issued rotated = credentials.rotate(A);

        assertThat(rotated.password()).isNotEqualTo(first.password());
        assertThat(rotated.account().rotatedAt()).isEqualTo(clock.instant());
        assertThat(rotated.account().issuedAt()).isEqualTo(first.account().issuedAt());
        String line = Files.readString(passwd).strip();
        assertThat(MosquittoPassword.matches(rotated.password(), line.substring(line.indexOf(':') + 1))).isTrue();
        assertThat(MosquittoPassword.matches(first.password(), line.substring(line.indexOf(':') + 1))).isFalse();
    }

    @Test
    void a_revoked_credential_leaves_the_broker_files_and_can_be_issued_again() throws Exception {
        credentials.issue(A);
        credentials.issue(B);
        LoggerCredentials.Revoked revoked = credentials.revoke(A);

        assertThat(revoked.account().state()).isEqualTo(LoggerCredentials.State.REVOKED);
        assertThat(revoked.broker().outcome()).isEqualTo(LoggerCredentials.Outcome.WRITTEN);
        assertThat(Files.readString(passwd)).doesNotContain("logger-" + A).contains("logger-" + B + ":$7$");
        assertThat(Files.readString(acl)).doesNotContain(A).contains("user logger-" + B);
        java.util.Optional<String> hash = db.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM logger_credentials "
                + "WHERE station_id = :s").bind("s", A).mapTo(String.class).findOne());
        assertThat(hash).isEmpty(); // the hash is gone too
        assertThatThrownBy(() -> credentials.revoke(A)).isInstanceOf(LoggerConflictException.class).hasMessageContaining("revoked");
        assertThatThrownBy(() -> credentials.rotate(A)).isInstanceOf(LoggerConflictException.class).hasMessageContaining("issue a new one");

        LoggerCredentials.Issued again = credentials.issue(A);
        assertThat(again.account().state()).isEqualTo(LoggerCredentials.State.ACTIVE);
        assertThat(again.account().revokedAt()).isNull();
        assertThat(Files.readString(passwd)).contains("logger-" + A + ":$7$");
        assertThat(credentials.list()).extracting(LoggerCredentials.Account::stationId).containsExactly(A, B);
    }

    @Test
    void unknown_stations_and_missing_credentials_are_named() {
        assertThatThrownBy(() -> credentials.issue("YN-XX-404")).isInstanceOf(FieldException.class).hasMessageContaining("no station YN-XX-404");
        assertThatThrownBy(() -> credentials.issue("../etc")).isInstanceOf(FieldException.class).hasMessageContaining("must be a station id");
        assertThatThrownBy(() -> credentials.rotate(A)).isInstanceOf(LoggerConflictException.class).hasMessageContaining("issue one");
        assertThatThrownBy(() -> credentials.sheet(A)).isInstanceOf(LoggerConflictException.class);
        assertThat(credentials.find(A)).isEmpty();
    }

    @Test
    void issue_missing_covers_every_station_without_an_active_credential_once() throws Exception {
        credentials.issue(A);
        List<LoggerCredentials.Issued> batch = credentials.issueMissing();
        assertThat(batch).extracting(i -> i.account().stationId()).containsExactly(B);
        assertThat(credentials.issueMissing()).isEmpty();
        assertThat(Files.readString(passwd).lines()).hasSize(2);
    }

    @Test
    void the_sheet_has_what_the_installer_needs_and_the_password_only_once() {
        LoggerCredentials.Issued issued = credentials.issue(A);
        String text = issued.sheet().text();
        assertThat(text).contains("YN-AD-001", "东岭村光伏扶贫电站", "ssl://mqtt.example.cn:8883", "logger-YN-AD-001", issued.password(),
                "pvmon/v1/stations/YN-AD-001/reading", "pvmon/v1/stations/YN-AD-001/status", "offline", "2026-11-20 10:00 +08:00");
        assertThat(issued.sheet().csvRow()).startsWith("YN-AD-001,东岭村光伏扶贫电站,东岭村,岸堤镇,沂南县,ssl://mqtt.example.cn:8883,"
                + "logger-YN-AD-001,logger-YN-AD-001," + issued.password() + ",");
        assertThat(issued.toString()).doesNotContain(issued.password());
        assertThat(issued.sheet().toString()).doesNotContain(issued.password());

        CredentialSheet later = credentials.sheet(A);
        assertThat(later.password()).isNull();
        assertThat(later.text()).doesNotContain(issued.password()).contains("not shown again");
        assertThat(later.csvRow()).contains(",logger-YN-AD-001,logger-YN-AD-001,,pvmon/");
    }

    @Test
    void nothing_logged_carries_a_password_or_a_hash() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        List<String> secrets = new java.util.ArrayList<>();
        try {
            secrets.add(credentials.issue(A).password());
            secrets.add(credentials.rotate(A).password());
            secrets.addAll(credentials.issueMissing().stream().map(LoggerCredentials.Issued::password).toList());
            credentials.revoke(B);
        } finally {
            root.detachAppender(appender);
        }
        String hashes = Files.readString(passwd, StandardCharsets.UTF_8);
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("issued for station " + A));
        for (String s : secrets) assertThat(lines).noneMatch(l -> l.contains(s));
        assertThat(lines).noneMatch(l -> l.contains("$7$") || hashes.lines().anyMatch(h -> l.contains(h.substring(h.indexOf(':') + 1))));
    }

    @Test
    void a_sync_rewrites_files_changed_or_lost_on_the_broker_host() throws Exception {
        credentials.issue(A);
        String expected = Files.readString(passwd);
        assertThat(credentials.syncBroker().outcome()).isEqualTo(LoggerCredentials.Outcome.UNCHANGED);
        Files.delete(passwd);
        Files.writeString(acl, "topic readwrite #\n");
        assertThat(credentials.syncBroker().outcome()).isEqualTo(LoggerCredentials.Outcome.WRITTEN);
        assertThat(Files.readString(passwd)).isEqualTo(expected);
        assertThat(Files.readString(acl)).doesNotContain("readwrite");
    }
}
