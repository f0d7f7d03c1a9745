package org.pvmon.backup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code influxd} program's portable backup and restore (InfluxDB 1.5+), run as a process against the server's
 * backup/restore RPC service ({@code influx.backup-address}); its output goes to the log.
 */
final class Influxd {
    private final Program influxd;
    private final String rpcAddress;

    Influxd(String program, String rpcAddress) {
        this.influxd = new Program(program, "backup.influxd");
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
        // influxd reads INFLUXDB_* variables as configuration: the command line alone decides here
        return influxd.run(args, Map.of(), "INFLUXDB_");
    }
}
