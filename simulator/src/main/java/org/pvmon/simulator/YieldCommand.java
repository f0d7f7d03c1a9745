package org.pvmon.simulator;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code yield}: annual energy per station from the physics alone (no MQTT, no faults). */
@Command(name = "yield", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Print the annual yield (kWh and kWh/kWp) of every station for one calendar year, "
                + "computed without MQTT and without faults, and min/median/max over the fleet.")
final class YieldCommand implements Callable<Integer> {

    @Option(names = "--year", paramLabel = "YYYY", description = "Calendar year (default: the last full year).")
    Integer year;

    @Mixin
    Options.Fleet fleet;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    YieldCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        List<Station> stations = fleet.load();
        int y = year != null ? year : LocalDate.now(clock.withZone(PvModel.ZONE)).getYear() - 1;
        if (y < 2000 || y > 2100) {
            throw new UserException("--year must be within 2000..2100");
        }
        Simulation sim = new Simulation(stations, fleet.seed, FaultPlan.none());
        LocalDate first = LocalDate.of(y, 1, 1);
        LocalDate end = first.plusYears(1);
        double[] energies = stations.parallelStream()
                .mapToDouble(s -> first.datesUntil(end).mapToDouble(d -> sim.dayEnergy(s, d)).sum())
                .toArray();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-12s %10s %12s %10s  %s%n", "station", "kWp", "kWh", "kWh/kWp", "name");
        double[] specific = new double[stations.size()];
        for (int i = 0; i < stations.size(); i++) {
            Station s = stations.get(i);
            specific[i] = energies[i] / s.capacityKwp();
            out.printf(Locale.ROOT, "%-12s %10.2f %12.0f %10.1f  %s%n", s.id(), s.capacityKwp(), energies[i], specific[i], s.name());
        }
        double[] sorted = specific.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        out.printf(Locale.ROOT, "year %d, seed %d, %d stations: yield kWh/kWp min %.0f, median %.0f, max %.0f%n",
                y, fleet.seed, n, sorted[0], median, sorted[n - 1]);
        out.flush();
        return 0;
    }
}
