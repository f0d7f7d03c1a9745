package org.pvmon.loggers;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.pvmon.config.Config;
import org.pvmon.config.ConfigException;
import org.pvmon.db.Database;
import org.pvmon.registry.ConflictException;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.Registry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pvmon loggers issue|rotate|revoke|list|sheet|sync}: the administrators' commands for logger credentials, on the
 * same settings as the service ({@code --config}, {@code PVMON_*}). Sheets (with the password, after issue and rotate:
 * the only time it exists) go to standard output or to a new file ({@code --out}, readable by its owner only); what the
 * broker got goes to standard error. Exit status 0 when done, 1 when refused (nothing changed) or when the broker was
 * not updated (the registry has the change; {@code sync} on the broker's host applies it), 2 on a bad setting.
 */
@Command(name = "loggers", mixinStandardHelpOptions = true,
        subcommands = {LoggersCommand.Issue.class, LoggersCommand.Rotate.class, LoggersCommand.Revoke.class, LoggersCommand.ListAll.class,
                LoggersCommand.Sheet.class, LoggersCommand.Sync.class},
        description = "Logger credentials: one broker login per station, kept hashed in the registry, written to the broker's "
                + "password and ACL files (loggers.password-file, loggers.acl-file), then the broker reloaded.")
public final class LoggersCommand {
    /** The command line above this one: it knows the settings. */
    @ParentCommand
    Supplier<Config> settings;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private interface Work {
        int run(LoggerCredentials credentials, PrintWriter out, PrintWriter err) throws IOException;
    }

    int run(Work work) {
        return run(null, work);
    }

    /** Runs {@code work} with the file of {@code sheets} (may be null) created first, and removed if nothing went into it. */
    int run(SheetOptions sheets, Work work) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (sheets != null) sheets.prepare();
            Config cfg = settings.get();
            try (Database db = Database.open(cfg.registryDatabase(), cfg.dataDir());
                 LoggerCredentials credentials = new LoggerCredentials(db, new Registry(db), cfg.loggers(), Clock.systemUTC())) {
                return work.run(credentials, spec.commandLine().getOut(), err);
            }
        } catch (ConfigException e) {
            err.println("Cannot run: " + e.getMessage());
            return 2;
        } catch (ConflictException | FieldException e) {
            err.println("Refused, nothing changed: " + e.getMessage());
            return 1;
        } catch (Database.Unavailable | IOException e) {
            err.println("Failed: " + e.getMessage());
            return 1;
        } finally {
            if (sheets != null) sheets.discardIfEmpty();
            err.flush();
        }
    }

    /** Prints what the broker got; 1 when it was not updated. */
    static int reported(LoggerCredentials.BrokerUpdate broker, PrintWriter err) {
        switch (broker.outcome()) {
            case RELOADED -> err.println("broker: files written and reloaded; the change holds now");
            case UNCHANGED -> err.println("broker: files already up to date");
            case WRITTEN -> err.println("broker: files written; " + broker.detail());
            case ELSEWHERE -> err.println("broker: this host does not write the broker's files (loggers.password-file is not set): "
                    + "the service on the broker's host applies the change within loggers.sync-seconds, or run `pvmon loggers sync` there");
            case FAILED -> err.println("broker: NOT updated (" + broker.detail() + "). The registry has the change: "
                    + "run `pvmon loggers sync` on the broker's host (a running service there retries by itself)");
        }
        return broker.outcome() == LoggerCredentials.Outcome.FAILED ? 1 : 0;
    }

    /** Options of the commands that print sheets. */
    static final class SheetOptions {
        @Option(names = "--csv", description = "One CSV row per station (header first) instead of the printable sheet.")
        boolean csv;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the sheets to FILE (new; readable by its owner only) "
                + "instead of standard output.")
        Path out;

        private boolean created;

        /**
         * Creates the {@code --out} file before anything is issued: a password that could not be written out would be lost
         * (an existing file is refused, nothing issued).
         */
        void prepare() throws IOException {
            if (out != null && !created) {
                created(out);
                created = true;
            }
        }

        /** Removes a file {@link #prepare()} created when nothing went into it. */
        void discardIfEmpty() {
            try {
                if (created && Files.size(out) == 0) Files.delete(out);
            } catch (IOException e) {
                // left empty: harmless
            }
        }

        void print(List<CredentialSheet> sheets, PrintWriter stdout) throws IOException {
            StringBuilder sb = new StringBuilder();
            if (csv) {
                sb.append(String.join(",", CredentialSheet.CSV_HEADER)).append('\n');
                for (CredentialSheet s : sheets) sb.append(s.csvRow()).append('\n');
            } else {
                for (CredentialSheet s : sheets) sb.append(s.text()).append('\n');
            }
            if (out == null) {
                stdout.print(sb);
                stdout.flush();
                return;
            }
            prepare();
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                w.write(sb.toString());
            }
        }

        private static Path created(Path file) throws IOException {
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                return Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                throw new IOException(file + " exists: choose a new file (sheets carry passwords; nothing was overwritten)", e);
            }
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issues a credential to each STATION (or with --all to every station of the registry that has no "
                    + "active one) and prints its sheet, with the password: the only time it is shown.")
    static final class Issue implements Callable<Integer> {
        @ParentCommand
        LoggersCommand parent;

        @Parameters(paramLabel = "STATION", arity = "0..*", description = "Station ids.")
        List<String> stations = new ArrayList<>();

        @Option(names = "--all", description = "Every station of the registry without an active credential.")
        boolean all;

        @CommandLine.Mixin
        SheetOptions sheets = new SheetOptions();

        @Override
        public Integer call() {
            if (all == !stations.isEmpty()) {
                parent.spec.commandLine().getErr().println("Give station ids or --all (one of them)");
                return 2;
            }
            return parent.run(sheets, (c, out, err) -> {
                List<LoggerCredentials.Issued> issued = new ArrayList<>();
                if (all) {
                    issued.addAll(c.issueMissing());
                } else {
                    for (String s : stations) issued.add(c.issue(s));
                }
                sheets.print(issued.stream().map(LoggerCredentials.Issued::sheet).toList(), out);
                err.println("issued " + issued.size() + " logger credential(s)");
                return issued.isEmpty() ? 0 : reported(issued.get(issued.size() - 1).broker(), err);
            });
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Gives each STATION's credential a new password and prints its sheet; the old password is refused "
                    + "once the broker has reloaded (a logger still using it is disconnected).")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        LoggersCommand parent;

        @Parameters(paramLabel = "STATION", arity = "1..*", description = "Station ids.")
        List<String> stations;

        @CommandLine.Mixin
        SheetOptions sheets = new SheetOptions();

        @Override
        public Integer call() {
            return parent.run(sheets, (c, out, err) -> {
                List<LoggerCredentials.Issued> rotated = new ArrayList<>();
                for (String s : stations) rotated.add(c.rotate(s));
                sheets.print(rotated.stream().map(LoggerCredentials.Issued::sheet).toList(), out);
                err.println("rotated " + rotated.size() + " logger credential(s)");
                return reported(rotated.get(rotated.size() - 1).broker(), err);
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes each STATION's credential: refused by the broker once it has reloaded, a logger connected "
                    + "with it disconnected.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        LoggersCommand parent;

        @Parameters(paramLabel = "STATION", arity = "1..*", description = "Station ids.")
        List<String> stations;

        @Override
        public Integer call() {
            return parent.run((c, out, err) -> {
                LoggerCredentials.BrokerUpdate last = null;
                for (String s : stations) {
                    last = c.revoke(s).broker();
                    err.println("revoked " + s);
                }
                return reported(last, err);
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists every station's credential: login, state, when issued, rotated, revoked (never a password or hash).")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        LoggersCommand parent;

        @Option(names = "--csv", description = "CSV with a header instead of a table.")
        boolean csv;

        @Override
        public Integer call() {
            return parent.run((c, out, err) -> {
                String format = csv ? "%s,%s,%s,%s,%s,%s%n" : "%-24s %-32s %-8s %-24s %-24s %s%n";
                out.printf(format, "station", "username", "state", "issued_at", "rotated_at", "revoked_at");
                for (LoggerCredentials.Account a : c.list()) {
                    out.printf(format, a.stationId(), a.username(), a.state().name().toLowerCase(java.util.Locale.ROOT), a.issuedAt(),
                            a.rotatedAt() == null ? "" : a.rotatedAt(), a.revokedAt() == null ? "" : a.revokedAt());
                }
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "sheet", mixinStandardHelpOptions = true,
            description = "Prints each STATION's sheet again, without the password (pvmon keeps only its hash: rotate for a new one).")
    static final class Sheet implements Callable<Integer> {
        @ParentCommand
        LoggersCommand parent;

        @Parameters(paramLabel = "STATION", arity = "1..*", description = "Station ids.")
        List<String> stations;

        @CommandLine.Mixin
        SheetOptions sheets = new SheetOptions();

        @Override
        public Integer call() {
            return parent.run(sheets, (c, out, err) -> {
                List<CredentialSheet> list = new ArrayList<>();
                for (String s : stations) list.add(c.sheet(s));
                sheets.print(list, out);
                return 0;
            });
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Writes the broker's password and ACL files from the registry and reloads the broker (on the broker's "
                    + "host: after a restore, a new broker host, or a reload that failed).")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        LoggersCommand parent;

        @Override
        public Integer call() {
            return parent.run((c, out, err) -> reported(c.syncBroker(true), err));
        }
    }
}
