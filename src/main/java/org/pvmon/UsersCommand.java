package org.pvmon;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pvmon.access.AccessException;
import org.pvmon.access.Accounts;
import org.pvmon.access.ApiTokens;
import org.pvmon.access.Role;
import org.pvmon.access.Scope;
import org.pvmon.access.User;
import org.pvmon.config.Config;
import org.pvmon.config.ConfigException;
import org.pvmon.db.Database;
import org.pvmon.registry.Registry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pvmon users …}: users and API tokens from the server's shell, for whoever runs the machine (the same as the
 * administrators' API): list, add, reset a password (the way back in when the administrator's is lost), create and
 * revoke a token. One-time passwords and token secrets are printed on standard output once, never logged.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Users and API tokens: list, add, reset-password, token, revoke-token (docs/operations.md, \"Users, sessions and tokens\").",
        subcommands = {UsersCommand.List.class, UsersCommand.Add.class, UsersCommand.ResetPassword.class, UsersCommand.Token.class,
                UsersCommand.RevokeToken.class})
final class UsersCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    App.Cli parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** Work on the accounts of the configured database; exit codes: 0 done, 1 refused, 2 bad settings. */
    private interface Work {
        void run(Accounts accounts, ApiTokens tokens, PrintWriter out);
    }

    int run(Work work) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Config cfg = parent.config();
            try (Database db = Database.open(cfg.registryDatabase(), cfg.dataDir())) {
                Clock clock = Clock.systemUTC();
                work.run(new Accounts(db, new Registry(db), cfg.auth(), clock), new ApiTokens(db, clock), out);
            }
            out.flush();
            return 0;
        } catch (AccessException e) {
            err.println(e.getMessage());
            return 1;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Database.Unavailable e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    static User find(Accounts accounts, String username) {
        return accounts.user(username)
                .orElseThrow(() -> new AccessException(AccessException.Reason.NOT_FOUND, "no user '" + username.toLowerCase(Locale.ROOT) + "'"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users and the API tokens (never a secret).")
    static final class List implements Callable<Integer> {
        @CommandLine.ParentCommand
        UsersCommand users;

        @Override
        public Integer call() {
            return users.run((accounts, tokens, out) -> {
                for (User u : accounts.users()) {
                    out.printf("%-20s %-24s %-17s %s%s%s%n", u.username(), u.displayName(), u.role(), u.scope().label(),
                            u.disabled() ? "  [disabled]" : "", u.mustChangePassword() ? "  [must change password]" : "");
                }
                for (ApiTokens.Token t : tokens.list()) {
                    out.printf("token %d  %s  %s  %s…%s%n", t.id(), t.username(), t.name(), t.hint(), t.revokedAt() == null ? "" : "  [revoked]");
                }
            });
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user; prints their one-time password once.")
    static final class Add implements Callable<Integer> {
        @CommandLine.ParentCommand
        UsersCommand users;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--role", required = true, description = "ADMIN, COUNTY_MANAGER, TOWNSHIP_OFFICER, VILLAGE_OFFICER, OM or AUDITOR.")
        Role role;

        @Option(names = "--name", description = "The name shown (e.g. 王工); default the username.")
        String displayName;

        @Option(names = "--county") String county;
        @Option(names = "--township") String township;
        @Option(names = "--village", description = "A village id of the registry (its county and township are read from it).") String village;

        @Override
        public Integer call() {
            return users.run((accounts, tokens, out) -> {
                Scope scope;
                try {
                    scope = village != null ? accounts.villageScope(village) : new Scope(county, township, null);
                } catch (IllegalArgumentException e) {
                    throw new AccessException(AccessException.Reason.INVALID, e.getMessage());
                }
                Accounts.Created c = accounts.create(username, displayName, role, scope);
                out.printf("created %s (%s, %s); one-time password: %s%n", c.user().username(), c.user().role(), c.user().scope().label(),
                        c.password());
            });
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Gives a user a new one-time password (printed once) and ends their sessions.")
    static final class ResetPassword implements Callable<Integer> {
        @CommandLine.ParentCommand
        UsersCommand users;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() {
            return users.run((accounts, tokens, out) -> {
                Accounts.Created c = accounts.resetPassword(find(accounts, username).id());
                out.printf("one-time password of %s: %s%n", c.user().username(), c.password());
            });
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Creates an API token acting as USERNAME; prints its secret once (only its hash is stored).")
    static final class Token implements Callable<Integer> {
        @CommandLine.ParentCommand
        UsersCommand users;

        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Parameters(index = "1", paramLabel = "NAME", description = "What the token is for, e.g. grafana.")
        String name;

        @Option(names = "--days", description = "Expires after this many days (default: never).")
        Integer days;

        @Override
        public Integer call() {
            return users.run((accounts, tokens, out) -> {
                Instant expires = days == null ? null : Instant.now().plus(Duration.ofDays(days));
                ApiTokens.Token t = tokens.create(find(accounts, username), name, expires, "command line");
                out.println(t.secret());
            });
        }
    }

    @Command(name = "revoke-token", mixinStandardHelpOptions = true, description = "Revokes an API token by its number (see list).")
    static final class RevokeToken implements Callable<Integer> {
        @CommandLine.ParentCommand
        UsersCommand users;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            return users.run((accounts, tokens, out) -> {
                ApiTokens.Token t = tokens.revoke(id);
                out.printf("revoked token %d (%s of %s)%n", t.id(), t.name(), t.username());
            });
        }
    }
}
