package org.pvmon.station;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The stations the service knows, loaded from a CSV file (UTF-8, optional BOM, header
 * {@code id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date}; extra columns are ignored).
 * A bad file is rejected whole with every row/column problem listed.
 */
public final class StationDirectory {
    /** Station ids as they appear in MQTT topics and InfluxQL: safe to embed in both. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final String[] COLUMNS = {"id", "name", "village", "township", "county", "capacity_kwp", "lat", "lon",
            "grid_connection_date"};

    private volatile Map<String, Station> byId;

    public StationDirectory(Collection<Station> stations) {
        this.byId = index(stations);
    }

    /**
     * Replaces the stations (after the registry's stations were edited): ingest, alerts and the views see the new list
     * from their next lookup; a reader sees the old or the new list, never a mix.
     */
    public void replace(Collection<Station> stations) {
        this.byId = index(stations);
    }

    private static Map<String, Station> index(Collection<Station> stations) {
        Map<String, Station> m = new LinkedHashMap<>();
        for (Station s : stations) m.put(s.id(), s);
        return Collections.unmodifiableMap(m);
    }

    public Optional<Station> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Station> all() {
        return List.copyOf(byId.values());
    }

    public static StationDirectory load(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(file);
        } catch (java.io.UncheckedIOException e) { // commons-csv wraps errors met while reading rows
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) throw notUtf8(file);
            throw new StationFileException(file + ": " + e.getCause().getMessage(), List.of());
        } catch (IOException e) {
            throw new StationFileException(file + ": " + e.getMessage(), List.of());
        }
    }

    private static StationFileException notUtf8(Path file) {
        return new StationFileException(file + ": not UTF-8 text (a GBK file from Excel? save it as \"CSV UTF-8\")", List.of());
    }

    static StationDirectory parse(Reader in, String source) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        List<String> errors = new ArrayList<>();
        List<Station> stations = new ArrayList<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        try (CSVParser parser = format.parse(in)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.replace("\uFEFF", "")).toList();
            for (String c : COLUMNS) {
                if (!header.contains(c)) errors.add("header: missing column '" + c + "'");
            }
            if (!errors.isEmpty()) throw new StationFileException(source + ": bad header", errors);
            for (CSVRecord r : parser) {
                long row = r.getRecordNumber() + 1; // header is row 1
                RowReader rr = new RowReader(r, header, row, errors);
                String id = rr.text("id");
                if (!id.isEmpty() && !ID.matcher(id).matches()) {
                    errors.add("row " + row + ", column id: '" + id + "' must be 1-64 characters of A-Z a-z 0-9 _ -");
                }
                if (seen.containsKey(id)) {
                    errors.add("row " + row + ", column id: duplicate of row " + seen.get(id));
                }
                seen.put(id, row);
                double cap = rr.number("capacity_kwp", 0.1, 100_000);
                double lat = rr.number("lat", 3, 54);
                double lon = rr.number("lon", 73, 136);
                LocalDate grid = rr.date("grid_connection_date");
                stations.add(new Station(id, rr.text("name"), rr.text("village"), rr.text("township"), rr.text("county"),
                        cap, lat, lon, grid));
            }
        }
        if (!errors.isEmpty()) throw new StationFileException(source + ": " + errors.size() + " problem(s)", errors);
        return new StationDirectory(stations);
    }

    private record RowReader(CSVRecord r, List<String> header, long row, List<String> errors) {
        String text(String col) {
            int i = header.indexOf(col);
            String v = i < r.size() ? r.get(i) : "";
            if (v.isEmpty()) errors.add("row " + row + ", column " + col + ": empty");
            return v;
        }

        double number(String col, double min, double max) {
            String v = text(col);
            if (v.isEmpty()) return Double.NaN;
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) errors.add("row " + row + ", column " + col + ": " + v + " is outside " + min + "-" + max);
                return d;
            } catch (NumberFormatException e) {
                errors.add("row " + row + ", column " + col + ": '" + v + "' is not a number");
                return Double.NaN;
            }
        }

        LocalDate date(String col) {
            String v = text(col);
            if (v.isEmpty()) return null;
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                errors.add("row " + row + ", column " + col + ": '" + v + "' is not a date (yyyy-MM-dd)");
                return null;
            }
        }
    }
}
