package org.pvmon.simulator;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Each station's own broker login, from the CSV of credential sheets the pvmon service prints
 * ({@code pvmon loggers issue --all --csv --out FILE}): columns {@code station}, {@code username}, {@code password}
 * found by their header (others ignored); a later row of a station wins (a station issued again).
 */
final class Credentials {
    record Login(String username, String password) {
    }

    private final Map<String, Login> byStation;

    private Credentials(Map<String, Login> byStation) {
        this.byStation = byStation;
    }

    static Credentials read(Path file) {
        Map<String, Login> map = new HashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).build()
                     .parse(r)) {
            for (String column : List.of("station", "username", "password")) {
                if (!csv.getHeaderMap().containsKey(column)) {
                    throw new UserException("--credentials " + file + ": no column '" + column + "' (expected the CSV of "
                            + "`pvmon loggers issue --csv`)");
                }
            }
            for (CSVRecord row : csv) {
                String station = row.get("station").strip();
                String password = row.get("password").strip();
                if (station.isEmpty() || password.isEmpty()) {
                    throw new UserException("--credentials " + file + " line " + row.getParser().getCurrentLineNumber()
                            + ": a station's row needs its username and password");
                }
                map.put(station, new Login(row.get("username").strip(), password));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new UserException("--credentials " + file + ": " + e.getMessage());
        }
        return new Credentials(map);
    }

    /** The station's login; a station without one is a user error (it could not connect). */
    Login of(String stationId, Path file) {
        Login l = byStation.get(stationId);
        if (l == null) {
            throw new UserException("--credentials " + file + ": no login for station " + stationId
                    + " (issue one: pvmon loggers issue " + stationId + ")");
        }
        return l;
    }
}
