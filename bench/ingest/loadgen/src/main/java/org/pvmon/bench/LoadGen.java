package org.pvmon.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Load generator for the pvmon ingest benchmark (bench/ingest/run.sh). Two commands:
 * {@code stations} writes a synthetic station registry (CSV) the service loads, and {@code publish} sends
 * readings that are valid per docs/telemetry.md to any MQTT broker (QoS 1) and measures what it asks for.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, version = "pvmon loadgen 0.1",
        description = "Synthetic station registry and MQTT load for the pvmon ingest benchmark.",
        subcommands = {StationsCommand.class, PublishCommand.class, InfluxWriteCommand.class, CommandLine.HelpCommand.class})
public final class LoadGen implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGen()).execute(args));
    }
}
