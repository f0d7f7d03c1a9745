package org.pvmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LiveIT {

    @TempDir
    Path dir;

    @Test
    void accelerated_loggers_publish_and_an_offline_logger_fires_its_last_will() throws Exception {
        LocalDateTime now = LocalDateTime.now(Clock.system(PvModel.ZONE)).truncatedTo(ChronoUnit.MINUTES);
        String start = now.minusHours(3).toString();
        String fault = "YN-JH-002=offline@" + now.minusHours(2) + "/" + now.minusHours(1);
        try (Mosquitto broker = new Mosquitto(dir);
             Subscriber sub = new Subscriber(broker.uri(), "pvmon/v1/stations/+/reading", "pvmon/v1/stations/+/status")) {
            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine(Clock.systemUTC());
            cli.setOut(new PrintWriter(out, true));
            int code = cli.execute("live", "--broker", broker.uri(), "--stations", "YN-JH-001,YN-JH-002",
                    "--interval", "60s", "--speed", "7200", "--start", start, "--duration", "4s", "--fault", fault);

            assertThat(code).isZero();
            assertThat(out.toString()).containsPattern("published \\d+ readings");
            await().atMost(Duration.ofSeconds(5)).until(() -> sub.on("YN-JH-002/status").size() >= 4);

            List<String> status = sub.on("YN-JH-002/status").stream().map(Subscriber.Message::payload).toList();
            assertThat(status).containsExactly("online", "offline", "online", "offline");
            assertThat(sub.on("YN-JH-001/status").stream().map(Subscriber.Message::payload).toList())
                    .containsExactly("online", "offline");

            int healthy = sub.on("YN-JH-001/reading").size();
            int faulty = sub.on("YN-JH-002/reading").size();
            assertThat(healthy).as("3 h of minutes, both ends included, maybe one more in real time").isBetween(181, 182);
            assertThat(faulty).as("one hour offline").isBetween(healthy - 61, healthy - 59);
            long published = Long.parseLong(out.toString().replaceAll("(?s).*published (\\d+) readings.*", "$1"));
            // a reading in flight when the logger is killed may reach the broker without its PUBACK reaching us
            assertThat(published).isBetween(healthy + faulty - 1L, (long) healthy + faulty);
        }
    }

    /**
     * With {@code --credentials}, the CSV of credential sheets pvmon prints, each logger logs in as its own station on a
     * broker that allows only that (mosquitto's password file and ACL, the client id is the login).
     */
    @Test
    void each_logger_logs_in_with_its_stations_credentials() throws Exception {
        Path passwd = dir.resolve("loggers.passwd");
        Files.writeString(passwd, "");
        for (String id : List.of("YN-JH-001", "YN-JH-002")) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwd.toString(), "logger-" + id, "pw-" + id).start();
            assertThat(p.waitFor()).isZero();
        }
        Path acl = Files.writeString(dir.resolve("loggers.acl"), """
                user logger-YN-JH-001
                topic write pvmon/v1/stations/YN-JH-001/reading
                topic write pvmon/v1/stations/YN-JH-001/status
                user logger-YN-JH-002
                topic write pvmon/v1/stations/YN-JH-002/reading
                topic write pvmon/v1/stations/YN-JH-002/status
                """);
        Path creds = Files.writeString(dir.resolve("credentials.csv"), """
                station,name,village,township,county,broker,username,client_id,password,reading_topic,status_topic,issued_at
                YN-JH-001,x,x,x,x,,logger-YN-JH-001,logger-YN-JH-001,pw-YN-JH-001,,,2026-11-20T02:00:00Z
                YN-JH-002,x,x,x,x,,logger-YN-JH-002,logger-YN-JH-002,pw-YN-JH-002,,,2026-11-20T02:00:00Z
                """);
        String start = LocalDateTime.now(Clock.system(PvModel.ZONE)).truncatedTo(ChronoUnit.MINUTES).minusHours(1).toString();
        try (Mosquitto broker = new Mosquitto(dir, passwd, acl);
             Subscriber sub = new Subscriber(broker.uri(), "pvmon/v1/stations/+/reading", "pvmon/v1/stations/+/status")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine(Clock.systemUTC());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute("live", "--broker", broker.loggersUri(), "--credentials", creds.toString(),
                    "--stations", "YN-JH-001,YN-JH-002", "--interval", "60s", "--speed", "3600", "--start", start, "--duration", "3s");

            assertThat(code).as(err.toString()).isZero();
            assertThat(sub.on("YN-JH-001/reading")).hasSizeGreaterThan(50);
            assertThat(sub.on("YN-JH-002/reading")).hasSizeGreaterThan(50);
            assertThat(sub.on("YN-JH-001/status").get(0).payload()).isEqualTo("online");

            int missing = Main.commandLine(Clock.systemUTC()).execute("live", "--broker", broker.loggersUri(), "--credentials",
                    creds.toString(), "--stations", "YN-JH-001,YN-JH-003", "--duration", "1s");
            assertThat(missing).as("a station without a login in the file").isEqualTo(2);
        }
    }
}
