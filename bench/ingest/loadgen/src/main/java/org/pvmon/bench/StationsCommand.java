package org.pvmon.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the station registry CSV the service needs ({@code id,name,village,township,county,capacity_kwp,lat,lon,
 * grid_connection_date}): stations {@code PREFIX-00001..PREFIX-N} plus the latency probe station
 * {@code PREFIX-PROBE}, all of the same capacity.
 */
@Command(name = "stations", mixinStandardHelpOptions = true,
        description = "Write a synthetic station registry (CSV) for the service: PREFIX-00001..N plus PREFIX-PROBE.")
final class StationsCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "10000", description = "Number of stations (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--prefix", defaultValue = "BENCH", description = "Station id prefix (default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--capacity", defaultValue = "100", description = "Capacity of every station in kWp (default ${DEFAULT-VALUE}).")
    double capacity;

    @Option(names = "--out", required = true, description = "Output file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 9_999_999) throw new IllegalArgumentException("--count must be 1-9999999");
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n");
            for (int i = 0; i <= count; i++) {
                String id = i == 0 ? Payloads.probeId(prefix) : Payloads.stationId(prefix, i - 1);
                int village = Math.max(0, i - 1) / 10;
                int township = village / 20;
                int county = township / 10;
                double lat = 25.0 + (i % 1000) * 0.01;
                double lon = 100.0 + (i / 1000 % 30) * 1.0 + (i % 7) * 0.01;
                w.write(String.format(Locale.ROOT, "%s,Bench station %s,Village %d,Township %d,County %d,%s,%.5f,%.5f,2017-06-30%n",
                        id, id, village, township, county, Payloads.plain(capacity), lat, lon));
            }
        }
        System.out.printf(Locale.ROOT, "wrote %s: %d stations (%s-%s ... %s) + %s, %s kWp each%n", out, count,
                prefix, "00001", Payloads.stationId(prefix, count - 1), Payloads.probeId(prefix), Payloads.plain(capacity));
        return 0;
    }
}
