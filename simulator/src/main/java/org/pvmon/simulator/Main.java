package org.pvmon.simulator;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The command line: {@code live}, {@code backfill}, {@code yield}, {@code demo-registry}, {@code webhook-sink}. Exit codes: 0 ok, 1 failed, 2 user error. */
@Command(name = "pvmon-simulator", mixinStandardHelpOptions = true, version = "pvmon-simulator 0.1.0",
        description = "Simulates the data loggers of a fleet of village PV stations and publishes their readings "
                + "over MQTT as in docs/telemetry.md.")
public final class Main implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Clock.systemUTC()).execute(args));
    }

    /** The CLI with an injected clock (tests pass a fixed one). */
    public static CommandLine commandLine(Clock clock) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new CommandLine(new LiveCommand(clock)));
        cli.addSubcommand(new CommandLine(new BackfillCommand(clock)));
        cli.addSubcommand(new CommandLine(new YieldCommand(clock)));
        cli.addSubcommand(new CommandLine(new DemoRegistry()));
        cli.addSubcommand(new CommandLine(new WebhookSinkCommand(clock)));
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            LOG.debug("unexpected error", e);
            commandLine.getErr().println("error: " + e);
            return 1;
        });
        return cli;
    }
}
