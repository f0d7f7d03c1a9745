package org.pvmon.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the fleet file: UTF-8 CSV with the header
 * {@code id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date}
 * (exactly these columns first, in this order; extra columns after them are ignored).
 * Every problem is reported as a {@link UserException} naming the file, line and column.
 */
public final class FleetFile {

    public static final List<String> COLUMNS = List.of(
            "id", "name", "village", "township", "county", "capacity_kwp", "lat", "lon", "grid_connection_date");

    static final String DEMO_RESOURCE = "/fleets/demo-county.csv";

    private FleetFile() {
    }

    public static List<Station> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserException("fleet file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read fleet file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The demo fleet (沂南县) built into the jar, a copy of simulator/fleets/demo-county.csv. */
    public static List<Station> readDemo() {
        InputStream in = FleetFile.class.getResourceAsStream(DEMO_RESOURCE);
        if (in == null) {
            throw new UserException("the built-in demo fleet is missing from the jar; pass --fleet FILE");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader, "demo fleet " + DEMO_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Station> parse(Reader reader, String source) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).build();
        List<Station> stations = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            boolean header = true;
            for (CSVRecord row : parser) {
                long line = row.getParser().getCurrentLineNumber();
                if (header) {
                    checkHeader(row, source);
                    header = false;
                    continue;
                }
                Station station = toStation(row, source, line);
                if (!ids.add(station.id())) {
                    throw new UserException(source + " line " + line + ", column id: duplicate station id '" + station.id() + "'");
                }
                stations.add(station);
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new UserException(source + ": not a valid CSV file: " + e.getMessage(), e);
        }
        if (stations.isEmpty()) {
            throw new UserException(source + ": no stations (expected a header row and at least one station row)");
        }
        return List.copyOf(stations);
    }

    private static void checkHeader(CSVRecord row, String source) {
        List<String> got = row.toList();
        if (!got.isEmpty()) {
            got.set(0, got.get(0).replace("\uFEFF", "")); // tolerate a UTF-8 BOM
        }
        if (got.size() < COLUMNS.size() || !got.subList(0, COLUMNS.size()).equals(COLUMNS)) {
            throw new UserException(source + " line 1: the header must start with the columns "
                    + String.join(",", COLUMNS) + " (in this order), but is " + String.join(",", got));
        }
    }

    private static Station toStation(CSVRecord row, String source, long line) {
        if (row.size() < COLUMNS.size()) {
            throw new UserException(source + " line " + line + ": expected " + COLUMNS.size()
                    + " columns, found " + row.size());
        }
        String id = text(row, 0, source, line);
        if (!Station.ID.matcher(id).matches()) {
            throw error(source, line, 0, "'" + id + "' is not a valid station id (1-64 characters of A-Z a-z 0-9 _ -)");
        }
        double capacity = number(row, 5, source, line);
        if (!(capacity > 0 && capacity <= 100_000)) {
            throw error(source, line, 5, "capacity must be > 0 and <= 100000 kWp, is " + capacity);
        }
        double lat = number(row, 6, source, line);
        if (!(lat >= -90 && lat <= 90)) {
            throw error(source, line, 6, "latitude must be within -90..90, is " + lat);
        }
        double lon = number(row, 7, source, line);
        if (!(lon >= -180 && lon <= 180)) {
            throw error(source, line, 7, "longitude must be within -180..180, is " + lon);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text(row, 8, source, line));
        } catch (DateTimeParseException e) {
            throw error(source, line, 8, "'" + row.get(8) + "' is not a date yyyy-MM-dd");
        }
        return new Station(id, text(row, 1, source, line), row.get(2), row.get(3), row.get(4),
                capacity, lat, lon, date);
    }

    private static String text(CSVRecord row, int column, String source, long line) {
        String value = row.get(column);
        if (value.isEmpty()) {
            throw error(source, line, column, "must not be empty");
        }
        return value;
    }

    private static double number(CSVRecord row, int column, String source, long line) {
        String value = text(row, column, source, line);
        try {
            double d = Double.parseDouble(value);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw error(source, line, column, "'" + value + "' is not a number");
        }
    }

    private static UserException error(String source, long line, int column, String what) {
        return new UserException(source + " line " + line + ", column " + COLUMNS.get(column) + ": " + what);
    }
}
