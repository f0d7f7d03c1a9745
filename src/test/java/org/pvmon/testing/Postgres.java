package org.pvmon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package: {@code /usr/lib/postgresql/<version>/bin}; override
 * with env {@code PG_BIN_DIR}), a fresh cluster in a temp dir made by {@code initdb} (user {@code pvmon}, trust
 * authentication on loopback), listening on a free loopback port. PostgreSQL refuses to run as root: run as root (CI),
 * the cluster belongs to the {@code postgres} system user the package creates and the server runs as that user
 * ({@code setpriv}, which execs, so stopping the process stops the server).
 */
public final class Postgres extends ServerProcess<Postgres> {
    private final int port;
    private final Path data;
    private final Path bin;

    /** Creates the cluster (initdb); {@link #start()} starts the server. */
    public Postgres() {
        this(Ports.free(), Processes.tempDir("pvmon-postgres-"));
    }

    private Postgres(int port, Path dir) {
        super("postgres", dir, Duration.ofSeconds(60), Duration.ofSeconds(30));
        this.port = port;
        this.data = dir.resolve("data");
        this.bin = binDir();
        try {
            if (root()) {
                var postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "pvmon", "--auth=trust",
                    "--encoding=UTF8", "--locale=C"), dir.resolve("initdb.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a PostgreSQL cluster in " + dir, e);
        }
    }

    @Override
    ProcessBuilder command() {
        return new ProcessBuilder(asServerUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", dir().toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off")))
                .directory(dir().toFile());
    }

    @Override
    boolean ready() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "pvmon", "")) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    String describe() {
        return "postgres on port " + port;
    }

    /** Creates database {@code name} and returns its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "pvmon", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
            return jdbcUrl(name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops database {@code name} (no one may be connected to it). */
    public void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "pvmon", "")) {
            c.createStatement().execute("DROP DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Path binDir() {
        String configured = System.getenv("PG_BIN_DIR");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted().reduce((a, b) -> b).map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .orElseThrow(() -> new IllegalStateException("no /usr/lib/postgresql/<version>/bin/postgres"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL not found: install the Debian package `postgresql` (scripts/test.sh "
                    + "does) or set PG_BIN_DIR", e);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!root()) return command;
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
        out.addAll(command);
        return out;
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(asServerUser(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Processes.tail(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
