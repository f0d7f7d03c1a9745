package org.pvmon.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pvmon.config.Config;

/**
 * The PostgreSQL database of {@code registry.url} dumped and restored with PostgreSQL's own programs: {@code pg_dump
 * --format=custom} (one transaction, so one consistent snapshot, while the service runs) and {@code pg_restore}. They
 * get the URL's host, port and database, {@code registry.username}, the password in {@code PGPASSWORD} (never on the
 * command line) and the URL's {@code sslmode}; other JDBC parameters of the URL are not passed on.
 */
final class PostgresDump {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?#]+)/([^/?#]+)(?:[?](.*))?");

    private final Config.RegistryDatabase settings;
    private final Program pgDump;
    private final Program pgRestore;

    PostgresDump(Config.RegistryDatabase settings, Config.Backup programs) {
        this.settings = settings;
        this.pgDump = new Program(programs.pgDump(), "backup.pg-dump");
        this.pgRestore = new Program(programs.pgRestore(), "backup.pg-restore");
    }

    /** {@code pg_dump --format=custom --file <file>} of the whole database. */
    void dump(Path file) {
        List<String> args = new ArrayList<>(List.of("--format=custom", "--no-owner", "--no-privileges", "--file", file.toString()));
        args.addAll(connection());
        pgDump.run(args, environment(), "PG");
    }

    /**
     * {@code pg_restore --clean --if-exists} of {@code file} into the database, in one transaction (a failure leaves the
     * database as it was).
     */
    void restore(Path file) {
        List<String> args = new ArrayList<>(List.of("--clean", "--if-exists", "--no-owner", "--no-privileges",
                "--single-transaction", "--exit-on-error"));
        args.addAll(connection());
        args.add(file.toString());
        pgRestore.run(args, environment(), "PG");
    }

    /** The number of tables in the database's current schema: 0 for a new, empty database. */
    int tables() {
        try (Connection c = DriverManager.getConnection(settings.url(), emptyToNull(settings.username()), emptyToNull(settings.password()));
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new BackupException("cannot connect to the registry database " + settings.displayUrl() + ": " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private List<String> connection() {
        Matcher m = URL.matcher(settings.url());
        if (!m.matches()) throw new BackupException("registry.url is not jdbc:postgresql://host[:port]/database: " + settings.displayUrl());
        String hostPort = m.group(1);
        String host = hostPort;
        String port = "5432";
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]") && !hostPort.contains(",")) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        List<String> args = new ArrayList<>(List.of("--host", host.replaceAll("^\\[|\\]$", ""), "--port", port, "--dbname", m.group(2)));
        String user = !settings.username().isEmpty() ? settings.username() : parameters(m.group(3)).get("user");
        if (user != null) args.addAll(List.of("--username", user));
        args.add("--no-password"); // never a prompt: the password comes from PGPASSWORD
        return args;
    }

    private Map<String, String> environment() {
        Map<String, String> params = parameters(URL.matcher(settings.url()).replaceAll("$3"));
        Map<String, String> env = new HashMap<>();
        String password = !settings.password().isEmpty() ? settings.password() : params.get("password");
        if (password != null) env.put("PGPASSWORD", password);
        if (params.containsKey("sslmode")) env.put("PGSSLMODE", params.get("sslmode"));
        return env;
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> out = new HashMap<>();
        if (query == null || query.isEmpty()) return out;
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
