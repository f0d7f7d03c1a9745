package org.pvmon.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code influxd} program's portable backup and restore (InfluxDB 1.5+), run as a process against the server's
 * backup/restore RPC service ({@code influx.backup-address}); its output goes to the log.
 */
final class Influxd {
    private static final Logger log = LoggerFactory.getLogger(Influxd.class);

    private final String program;
    private final String rpcAddress;

    Influxd(String program, String rpcAddress) {
        this.program = program;
        this.rpcAddress = rpcAddress;
    }

    /** {@code influxd backup -portable -database <database> -host <rpc> <dir>}. */
    void backup(String database, Path dir) {
        run(List.of("backup", "-portable", "-database", database, "-host", rpcAddress, dir.toString()));
    }

    /** {@code influxd restore -portable -db <database> -host <rpc> <dir>}: refused by InfluxDB when the database exists. */
    void restore(String database, Path dir) {
        run(List.of("restore", "-portable", "-db", database, "-host", rpcAddress, dir.toString()));
    }

    /** The first line of {@code influxd version}, e.g. {@code InfluxDB v1.6.7~rc0 (git: unknown unknown)}. */
    String version() {
        String out = run(List.of("version")).strip();
        int nl = out.indexOf('\n');
        return nl < 0 ? out : out.substring(0, nl);
    }

    private String run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // influxd reads INFLUXDB_* variables as configuration: the command line alone decides here
        pb.environment().keySet().removeIf(name -> name.startsWith("INFLUXDB_"));
        String what = program + " " + String.join(" ", args);
        try {
            Process p = pb.start();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = p.waitFor();
            for (String line : output.split("\n")) if (!line.isBlank()) log.info("influxd: {}", line.strip());
            if (exit != 0) {
                throw new BackupException(what + " failed (exit " + exit + "): " + tail(output));
            }
            return output;
        } catch (IOException e) {
            throw new BackupException("cannot run " + what + ": " + e.getMessage()
                    + " (set backup.influxd to the influxd program)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(what + " interrupted", e);
        }
    }

    private static String tail(String output) {
        String s = output.strip();
        return s.length() > 2000 ? "…" + s.substring(s.length() - 2000) : s;
    }
}
