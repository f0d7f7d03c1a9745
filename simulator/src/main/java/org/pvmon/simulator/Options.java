package org.pvmon.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options shared by the subcommands (picocli mixins). */
final class Options {

    private Options() {
    }

    static final String DEFAULT_FLEET = "simulator/fleets/demo-county.csv";

    /** --fleet, --seed, --stations. */
    static class Fleet {
        @Option(names = "--fleet", paramLabel = "FILE",
                description = "Fleet CSV file (default: the built-in demo fleet of 沂南县, 60 stations; "
                        + "also at " + DEFAULT_FLEET + ").")
        Path fleet;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed of weather and stations (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--stations", split = ",", paramLabel = "ID",
                description = "Only these stations (comma-separated ids; default: all).")
        List<String> stations;

        List<Station> load() {
            List<Station> all;
            all = fleet != null ? FleetFile.read(fleet) : FleetFile.readDemo();
            if (stations == null || stations.isEmpty()) {
                return all;
            }
            Set<String> wanted = new LinkedHashSet<>(stations);
            List<Station> chosen = new ArrayList<>();
            for (Station s : all) {
                if (wanted.remove(s.id())) {
                    chosen.add(s);
                }
            }
            if (!wanted.isEmpty()) {
                throw new UserException("--stations: not in the fleet file: " + String.join(",", wanted));
            }
            return chosen;
        }
    }

    /** --broker, --username, --password, --cafile. */
    static class Broker {
        @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", paramLabel = "URI",
                description = "MQTT broker (default: ${DEFAULT-VALUE}).")
        String uri;

        @Option(names = "--username", paramLabel = "USER", description = "MQTT user name (optional).")
        String username;

        @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:PVMON_SIM_MQTT_PASSWORD}",
                description = "MQTT password (optional; default: the environment variable PVMON_SIM_MQTT_PASSWORD, "
                        + "which keeps it off the command line).")
        String password;

        @Option(names = "--cafile", paramLabel = "FILE",
                description = "CA certificate(s), PEM, that the broker's certificate must chain to (ssl:// or wss://; default: the JVM's CAs).")
        Path cafile;

        void check() {
            if (!uri.matches("(tcp|ssl|ws|wss)://[^:/]+(:\\d+)?/?")) {
                throw new UserException("--broker " + uri + ": expected e.g. tcp://127.0.0.1:1883");
            }
            if (cafile != null && !uri.startsWith("ssl://") && !uri.startsWith("wss://")) {
                throw new UserException("--cafile is for a TLS broker (ssl:// or wss://), not " + uri);
            }
        }

        /** The same broker with another login (a station's own, from --credentials). */
        Broker withLogin(String user, String pass) {
            Broker b = new Broker();
            b.uri = uri;
            b.cafile = cafile;
            b.username = user;
            b.password = pass;
            return b;
        }
    }

    /** --interval, --fault. */
    static class Run {
        @Option(names = "--interval", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Reporting interval: 60s, 5m, 1h or ISO-8601 PT1M (default: ${DEFAULT-VALUE}).")
        Duration interval;

        @Option(names = "--fault", converter = FaultConverter.class, paramLabel = "ID=KIND[:ARG][@FROM/TO]",
                description = "Inject a fault (repeatable): offline, zero, degraded:FACTOR, meter-reset, "
                        + "inverter-fault[:CODE]; optional window of local times, e.g. "
                        + "YN-JZ-003=offline@2026-11-20T09:00/2026-11-20T15:00.")
        List<Fault> faults = new ArrayList<>();

        void check(List<Station> stations) {
            if (interval.toMillis() < 1000 || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new UserException("--interval must be between 1s and 1d, is " + interval);
            }
            Set<String> ids = new LinkedHashSet<>();
            stations.forEach(s -> ids.add(s.id()));
            for (Fault f : faults) {
                if (!ids.contains(f.stationId())) {
                    throw new UserException("--fault: station " + f.stationId() + " is not in the fleet (or not in --stations)");
                }
            }
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return TimeArgs.duration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FaultConverter implements ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            try {
                return Fault.parse(value, PvModel.ZONE);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
