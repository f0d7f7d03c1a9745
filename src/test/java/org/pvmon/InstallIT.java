package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.testing.Ports;
import org.pvmon.testing.ProjectDir;
import org.pvmon.testing.RealServers;

/**
 * {@code scripts/install.sh} into a temporary root (docs/install.md, "What has been checked"): the user, the files with
 * their owners and modes, the same again on a second run, the units lint-free; then the installed jar started the way
 * {@code pvmon.service} starts it, as the {@code pvmon} user's uid, with the installed settings (pointed at a test broker
 * and InfluxDB), the liveness script and the backup script run as that uid, and {@code --uninstall --purge}; with
 * {@code --broker}, a real mosquitto on the configuration and files it wrote takes the service's account the install
 * made and a logger's login the installed service's {@code loggers issue} wrote. The compose
 * file is read by Compose where it is installed (no container engine runs here).
 */
class InstallIT {
    @RegisterExtension
    static final RealServers servers = new RealServers();

    @TempDir
    Path tmp;

    private static final List<String> UNITS = List.of("pvmon.service", "pvmon-health.service", "pvmon-health.timer",
            "pvmon-backup.service", "pvmon-backup.timer", "pvmon-broker-reload.service", "pvmon-broker-reload.path");

    @Test
    void the_install_script_lays_out_a_server_the_service_runs_from_and_removes_it_again() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "installs users and file owners: needs root");
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (Path p : List.of(tmp, root)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(etc.resolve("gshadow"), "root:*::\n");

        assertThat(run(List.of("bash", "scripts/install.sh", "--root", root.toString()), Map.of()).exit()).isZero();
        Map<String, String> first = files(root);
        Result again = run(List.of("bash", "scripts/install.sh", "--root", root.toString()), Map.of());
        assertThat(again.exit()).isZero();
        assertThat(again.output()).contains("the jar in", "is this one already", "kept the settings");
        assertThat(files(root)).as("a second run changes nothing").isEqualTo(first);

        String user = Files.readAllLines(etc.resolve("passwd")).stream().filter(l -> l.startsWith("pvmon:")).findFirst().orElseThrow();
        String[] pw = user.split(":");
        int uid = Integer.parseInt(pw[2]);
        int gid = Integer.parseInt(pw[3]);
        assertThat(pw[5]).isEqualTo("/var/lib/pvmon");
        assertThat(pw[6]).isEqualTo("/usr/sbin/nologin");
        assertThat(owner(root.resolve("opt/pvmon/pvmon.jar"))).isEqualTo("0:0 rw-r--r--");
        assertThat(owner(root.resolve("opt/pvmon/bin/pvmon-health"))).isEqualTo("0:0 rwxr-xr-x");
        assertThat(owner(root.resolve("etc/pvmon"))).isEqualTo("0:" + gid + " rwxr-x---");
        assertThat(owner(root.resolve("etc/pvmon/pvmon.properties"))).isEqualTo("0:" + gid + " rw-r-----");
        assertThat(owner(root.resolve("etc/pvmon/stations.csv"))).isEqualTo("0:" + gid + " rw-r-----");
        assertThat(owner(root.resolve("var/lib/pvmon"))).isEqualTo(uid + ":" + gid + " rwxr-x---");
        assertThat(owner(root.resolve("var/backups/pvmon"))).isEqualTo(uid + ":" + gid + " rwxr-x---");
        for (String unit : UNITS) {
            assertThat(root.resolve("etc/systemd/system/" + unit)).hasSameTextualContentAs(ProjectDir.resolve("etc/systemd/" + unit));
        }
        assertThat(Files.readString(root.resolve("etc/pvmon/pvmon.properties"))).isEqualTo(Files.readString(ProjectDir.resolve("etc/server/pvmon.properties")));
        verifyUnits(root);

        // the service as the unit runs it: that uid, the installed jar and settings (pointed at the test servers)
        int port = Ports.free();
        String db = servers.uniqueName("install");
        Path settings = root.resolve("etc/pvmon/pvmon.properties");
        Files.writeString(settings, Files.readString(settings)
                .replace("stations.file=/etc/pvmon/stations.csv", "stations.file=" + root.resolve("etc/pvmon/stations.csv"))
                .replace("data.dir=/var/lib/pvmon", "data.dir=" + root.resolve("var/lib/pvmon"))
                .replace("http.port=8080", "http.port=" + port)
                .replace("mqtt.url=tcp://127.0.0.1:1883", "mqtt.url=" + servers.mqttUrl())
                .replace("mqtt.client-id=pvmon-1", "mqtt.client-id=" + db)
                .replace("influx.url=http://127.0.0.1:8086", "influx.url=" + servers.influxUrl())
                .replace("influx.database=pvmon", "influx.database=" + db)
                .replace("influx.backup-address=127.0.0.1:8088", "influx.backup-address=127.0.0.1:" + servers.influxd().rpcPort()));
        Map<String, String> env = Map.of("PVMON_CONFIG", settings.toString());
        Path log = Files.createDirectories(ProjectDir.resolve("target/service-logs")).resolve("install-it-" + db + ".log");
        ProcessBuilder service = new ProcessBuilder(asUser(uid, gid, List.of(java(), "-XX:+ExitOnOutOfMemoryError", "-Xmx256m", "-jar",
                root.resolve("opt/pvmon/pvmon.jar").toString()))).directory(root.resolve("var/lib/pvmon").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        clean(service.environment()).putAll(env);
        Process p = service.start();
        try {
            await("the installed service answers").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> p.isAlive() && status("http://127.0.0.1:" + port + "/health/live") == 200);
            Result health = run(List.of(root.resolve("opt/pvmon/bin/pvmon-health").toString()), env);
            assertThat(health.output()).contains("pvmon on 127.0.0.1:" + port + " is live");
            assertThat(run(List.of(root.resolve("opt/pvmon/bin/pvmon-health").toString(), "--wait", "10"), env).exit()).isZero();
            Path password = root.resolve("var/lib/pvmon/initial-admin-password");
            assertThat(owner(password)).isEqualTo(uid + ":" + gid + " rw-------");
            assertThat(owner(root.resolve("var/lib/pvmon/registry.db"))).startsWith(uid + ":" + gid);

            // the nightly backup's script, as that uid, into the installed backup directory
            Result backup = run(asUser(uid, gid, List.of(root.resolve("opt/pvmon/bin/pvmon-backup").toString())), Map.of(
                    "PVMON_CONFIG", settings.toString(), "PVMON_BACKUP_DIR", root.resolve("var/backups/pvmon").toString(),
                    "PVMON_JAR", root.resolve("opt/pvmon/pvmon.jar").toString(), "JAVA", java(), "PATH", System.getenv("PATH")));
            assertThat(backup.exit()).as(backup.output()).isZero();
            try (Stream<Path> made = Files.list(root.resolve("var/backups/pvmon"))) {
                List<Path> dirs = made.toList();
                assertThat(dirs).hasSize(1);
                assertThat(dirs.get(0).resolve("manifest.properties")).exists();
                assertThat(dirs.get(0).resolve("registry.db")).exists();
                assertThat(owner(dirs.get(0))).startsWith(uid + ":" + gid);
            }
        } finally {
            p.destroy();
            if (!p.waitFor(40, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("stopped by SIGTERM (the unit's SuccessExitStatus=143)").isEqualTo(143);
        assertThat(run(asUser(uid, gid, List.of(root.resolve("opt/pvmon/bin/pvmon-health").toString())), env).exit())
                .as("not live once stopped").isEqualTo(1);

        Result removed = run(List.of("bash", "scripts/install.sh", "--root", root.toString(), "--uninstall", "--purge"), Map.of());
        assertThat(removed.exit()).as(removed.output()).isZero();
        assertThat(root.resolve("opt/pvmon")).doesNotExist();
        assertThat(root.resolve("etc/pvmon")).doesNotExist();
        assertThat(root.resolve("var/lib/pvmon")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/pvmon.service")).doesNotExist();
        assertThat(Files.readString(etc.resolve("passwd"))).doesNotContain("pvmon:");
        assertThat(root.resolve("var/backups/pvmon")).as("backups are left").isDirectory();
    }

    @Test
    void with_the_broker_option_mosquitto_takes_the_service_and_the_loggers_logins_pvmon_writes() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "installs users and file owners: needs root");
        Result hostGroup = run(List.of("getent", "group", "mosquitto"), Map.of());
        Assumptions.assumeTrue(hostGroup.exit() == 0, "no mosquitto user on this machine (Debian's mosquitto package)");
        int mgid = Integer.parseInt(hostGroup.output().strip().split(":")[2]);
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (Path p : List.of(tmp, root)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nmosquitto:x:" + mgid + ":\n"); // the broker's group, as on this machine
        Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(etc.resolve("gshadow"), "root:*::\n");
        Files.createDirectories(etc.resolve("mosquitto/conf.d"));

        Result installed = run(List.of("bash", "scripts/install.sh", "--root", root.toString(), "--broker"), Map.of());
        assertThat(installed.exit()).as(installed.output()).isZero();
        Path settings = root.resolve("etc/pvmon/pvmon.properties");
        Map<String, String> set = properties(settings);
        String password = set.get("mqtt.password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(installed.output()).doesNotContain(password);
        assertThat(set).containsEntry("mqtt.url", "tcp://127.0.0.1:1884").containsEntry("mqtt.username", "pvmon")
                .containsEntry("loggers.password-file", "/etc/mosquitto/pvmon/loggers.passwd")
                .containsEntry("loggers.acl-file", "/etc/mosquitto/pvmon/loggers.acl");
        int uid = Integer.parseInt(Files.readAllLines(etc.resolve("passwd")).stream().filter(l -> l.startsWith("pvmon:")).findFirst()
                .orElseThrow().split(":")[2]);
        int gid = Integer.parseInt(Files.readAllLines(etc.resolve("passwd")).stream().filter(l -> l.startsWith("pvmon:")).findFirst()
                .orElseThrow().split(":")[3]);
        assertThat(owner(settings)).isEqualTo("0:" + gid + " rw-r-----");
        Path brokerFiles = etc.resolve("mosquitto/pvmon");
        assertThat(stat(brokerFiles)).isEqualTo("2750 " + uid + ":" + mgid);
        assertThat(stat(brokerFiles.resolve("loggers.passwd"))).isEqualTo("640 " + uid + ":" + mgid);
        assertThat(stat(brokerFiles.resolve("service.passwd"))).isEqualTo("640 0:" + mgid);
        assertThat(Files.readString(brokerFiles.resolve("service.passwd"))).startsWith("pvmon:$7$").doesNotContain(password);
        assertThat(brokerFiles.resolve("service.acl")).hasSameTextualContentAs(ProjectDir.resolve("etc/mosquitto-service.acl"));
        Path conf = etc.resolve("mosquitto/conf.d/pvmon.conf");
        assertThat(conf).hasSameTextualContentAs(ProjectDir.resolve("etc/server/mosquitto-pvmon.conf"));
        Map<String, String> first = files(root);
        Result again = run(List.of("bash", "scripts/install.sh", "--root", root.toString(), "--broker"), Map.of());
        assertThat(again.output()).contains("kept mosquitto's");
        assertThat(files(root)).as("a second run changes nothing").isEqualTo(first);

        // mosquitto with that configuration (its paths inside the root, free ports), as its own user: it reads the files
        // through its group
        int servicePort = Ports.free();
        int loggersPort = Ports.free();
        Path brokerConf = tmp.resolve("mosquitto.conf");
        Files.writeString(brokerConf, "log_dest stdout\n" + Files.readString(conf)
                .replace("/etc/mosquitto/pvmon", brokerFiles.toString())
                .replace("listener 1884 127.0.0.1", "listener " + servicePort + " 127.0.0.1")
                .replace("listener 1883", "listener " + loggersPort + " 127.0.0.1"));
        Path brokerLog = ProjectDir.resolve("target/service-logs").resolve("install-it-mosquitto.log");
        Files.createDirectories(brokerLog.getParent());
        Process broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", brokerConf.toString()).redirectErrorStream(true)
                .redirectOutput(brokerLog.toFile()).start();
        Process service = null;
        try {
            int port = Ports.free();
            String db = servers.uniqueName("broker");
            Files.writeString(root.resolve("etc/pvmon/stations.csv"), "id,name,village,township,county,capacity_kwp,lat,lon,"
                    + "grid_connection_date\nS-1,一村光伏扶贫电站,一村,界湖街道,沂南县,50,35.55,118.46,2016-06-30\n");
            Files.writeString(settings, Files.readString(settings)
                    .replace("stations.file=/etc/pvmon/stations.csv", "stations.file=" + root.resolve("etc/pvmon/stations.csv"))
                    .replace("data.dir=/var/lib/pvmon", "data.dir=" + root.resolve("var/lib/pvmon"))
                    .replace("http.port=8080", "http.port=" + port)
                    .replace("mqtt.url=tcp://127.0.0.1:1884", "mqtt.url=tcp://127.0.0.1:" + servicePort)
                    .replace("influx.url=http://127.0.0.1:8086", "influx.url=" + servers.influxUrl())
                    .replace("influx.database=pvmon", "influx.database=" + db)
                    .replace("/etc/mosquitto/pvmon", brokerFiles.toString()));
            Map<String, String> env = Map.of("PVMON_CONFIG", settings.toString());
            ProcessBuilder b = new ProcessBuilder(asUser(uid, gid, List.of(java(), "-Xmx256m", "-jar", root.resolve("opt/pvmon/pvmon.jar").toString())))
                    .directory(root.resolve("var/lib/pvmon").toFile()).redirectErrorStream(true)
                    .redirectOutput(ProjectDir.resolve("target/service-logs").resolve("install-it-" + db + ".log").toFile());
            clean(b.environment()).putAll(env);
            service = b.start();
            Process running = service;
            await("ready: subscribed with the account the install made").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> running.isAlive() && status("http://127.0.0.1:" + port + "/health/ready") == 200);

            // a logger's login, issued as the pvmon user: the files are written for mosquitto's group, which reloads them
            Path sheet = root.resolve("var/lib/pvmon/sheet.csv");
            Result issued = run(asUser(uid, gid, List.of(java(), "-jar", root.resolve("opt/pvmon/pvmon.jar").toString(), "loggers", "issue",
                    "S-1", "--csv", "--out", sheet.toString())), env);
            assertThat(issued.exit()).as(issued.output()).isZero();
            assertThat(Files.readString(brokerFiles.resolve("loggers.passwd"))).startsWith("logger-S-1:$7$");
            assertThat(stat(brokerFiles.resolve("loggers.passwd"))).isEqualTo("640 " + uid + ":" + mgid);
            assertThat(stat(brokerFiles.resolve("loggers.acl"))).endsWith(":" + mgid);
            run(List.of("kill", "-HUP", Long.toString(broker.pid())), Map.of()); // what pvmon-broker-reload.path has systemd do
            List<String> row = csv(Files.readAllLines(sheet).get(1));
            org.pvmon.testing.Mosquitto.Account logger = new org.pvmon.testing.Mosquitto.Account(row.get(6), row.get(8));
            // the broker reads its files again on SIGHUP: wait until it takes the new login
            await("the broker takes the issued login").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (org.pvmon.testing.Publisher probe = new org.pvmon.testing.Publisher("tcp://127.0.0.1:" + loggersPort, logger, row.get(6), 1)) {
                    return true;
                }
            });
            try (org.pvmon.testing.Publisher pub = new org.pvmon.testing.Publisher("tcp://127.0.0.1:" + loggersPort, logger, row.get(6), 10)) {
                pub.publish("pvmon/v1/stations/S-1/reading", "{\"station\":\"S-1\",\"ts\":\""
                        + java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).withNano(0) + "\",\"power_kw\":10.0,\"energy_kwh\":100.0}");
                pub.awaitAllAcked(1, Duration.ofSeconds(20));
            }
            await("the logger's reading stored").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> servers.influxd().query("SELECT count(energy_kwh) FROM reading", db).contains("[[\"1970-01-01T00:00:00Z\",1]]"));
        } finally {
            if (service != null) {
                service.destroy();
                if (!service.waitFor(40, TimeUnit.SECONDS)) service.destroyForcibly();
            }
            broker.destroy();
            broker.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> properties(Path file) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /** {@code stat -c '%a %u:%g'}: the mode with its setgid bit, and the owner. */
    private static String stat(Path p) throws Exception {
        return run(List.of("stat", "-c", "%a %u:%g", p.toString()), Map.of()).output().strip();
    }

    /** One CSV line's fields (quotes as RFC 4180). */
    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void the_install_scripts_parse_and_pass_shellcheck_where_it_is_installed() throws Exception {
        List<String> scripts = List.of("scripts/install.sh", "scripts/server/pvmon-health", "scripts/server/pvmon-backup");
        for (String script : scripts) {
            Result parsed = run(List.of("bash", "-n", script), Map.of());
            assertThat(parsed.exit()).as(script + ": " + parsed.output()).isZero();
        }
        Path shellcheck = Path.of("/usr/bin/shellcheck");
        Assumptions.assumeTrue(Files.isExecutable(shellcheck), "shellcheck is not installed (Debian package shellcheck)");
        List<String> command = new ArrayList<>(List.of(shellcheck.toString()));
        command.addAll(scripts);
        Result checked = run(command, Map.of());
        assertThat(checked.exit()).as(checked.output()).isZero();
    }

    @Test
    void the_compose_file_reads_where_compose_is_installed() throws Exception {
        Path compose = Path.of("/usr/bin/docker-compose");
        Assumptions.assumeTrue(Files.isExecutable(compose), "Debian's docker-compose is not installed");
        Result config = run(List.of(compose.toString(), "-f", "etc/container/compose.yaml", "config"),
                Map.of("PVMON_DB_PASSWORD", "not-a-real-one", "PVMON_BROKER_PASSWORD", "not-one-either", "PATH", System.getenv("PATH")));
        assertThat(config.exit()).as(config.output()).isZero();
        assertThat(config.output()).contains("pvmon:", "mosquitto:", "influxdb:", "postgres:", "PVMON_REGISTRY_URL",
                "tcp://mosquitto:1884", "PVMON_LOGGERS_PASSWORD_FILE", "broker-start.sh");
        Result without = run(List.of(compose.toString(), "-f", "etc/container/compose.yaml", "config", "-q"),
                Map.of("PVMON_BROKER_PASSWORD", "not-one-either", "PATH", System.getenv("PATH")));
        assertThat(without.exit()).as("no database password, no start").isNotZero();
        assertThat(without.output()).contains("set PVMON_DB_PASSWORD");
        Result anonymous = run(List.of(compose.toString(), "-f", "etc/container/compose.yaml", "config", "-q"),
                Map.of("PVMON_DB_PASSWORD", "not-a-real-one", "PATH", System.getenv("PATH")));
        assertThat(anonymous.exit()).as("no broker password, no start").isNotZero();
        assertThat(anonymous.output()).contains("set PVMON_BROKER_PASSWORD");
        // the broker's own configuration: a login on every listener
        String broker = Files.readString(Path.of("etc/container/mosquitto.conf"));
        assertThat(broker).doesNotContain("allow_anonymous true").contains("per_listener_settings true");
        assertThat(broker.split("allow_anonymous false", -1)).hasSize(3);
    }

    /** {@code systemd-analyze verify} of the installed units, when the machine has it (Debian's systemd package). */
    private static void verifyUnits(Path root) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Path systemUnits = Path.of("/usr/lib/systemd/system");
        if (!Files.isExecutable(analyze) || !Files.isDirectory(systemUnits)) return;
        // what the units refer to outside of pvmon's files, inside the root: systemd's own units, and java
        Path lib = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        try (Stream<Path> units = Files.list(systemUnits)) {
            for (Path u : units.filter(Files::isRegularFile).toList()) Files.copy(u, lib.resolve(u.getFileName()));
        }
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        for (String program : List.of("java", "systemctl")) {
            Path fake = Files.createDirectories(root.resolve("usr/bin")).resolve(program);
            Files.writeString(fake, "#!/bin/sh\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify", "--root=" + root));
        for (String u : UNITS) {
            command.add(root.resolve("etc/systemd/system/" + u).toString());
        }
        Result verify = run(command, Map.of());
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).as("no warnings").isBlank();
        // what the check needed is not part of the install
        try (Stream<Path> all = Files.walk(root.resolve("usr"))) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
        Files.delete(root.resolve("lib"));
        Files.delete(root.resolve("bin"));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).directory(ProjectDir.resolve(".").toFile()).redirectErrorStream(true);
        clean(b.environment()).putAll(env);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** The environment without the test JVM's PVMON_* settings. */
    private static Map<String, String> clean(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("PVMON_"));
        return env;
    }

    private static List<String> asUser(int uid, int gid, List<String> command) {
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        out.addAll(command);
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code uid:gid permissions} of a file, not following links. */
    private static String owner(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,permissions", LinkOption.NOFOLLOW_LINKS);
        @SuppressWarnings("unchecked")
        var perms = (java.util.Set<java.nio.file.attribute.PosixFilePermission>) a.get("permissions");
        return a.get("uid") + ":" + a.get("gid") + " " + PosixFilePermissions.toString(perms);
    }

    /** Every file under {@code root} with its owner, mode and content hash. */
    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.toList()) {
                String content = Files.isRegularFile(f) ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))) : "";
                out.put(root.relativize(f).toString(), owner(f) + " " + content);
            }
        }
        return out;
    }
}
