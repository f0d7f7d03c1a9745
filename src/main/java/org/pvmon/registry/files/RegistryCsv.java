package org.pvmon.registry.files;

import org.pvmon.config.Config;
import org.pvmon.registry.FieldException;
import org.pvmon.registry.Registry;
import org.pvmon.registry.RegistryException;
import org.pvmon.receipts.ReceiptBook;
import org.pvmon.statements.PlanBook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pvmon.station.Station;
import org.pvmon.station.StationDirectory;

/**
 * The registry as CSV files (or Excel .xlsx workbooks, the same rows) with Chinese headers, for Excel: exported as UTF-8 with a BOM (so that Excel reads the
 * Chinese correctly); imported as UTF-8 with or without a BOM (a GBK file is refused with a message saying how to save
 * it from Excel). Extra columns are ignored, blank rows skipped. An export neutralises spreadsheet formulas (a leading
 * apostrophe before text starting with {@code = + - @}, tab or CR, see {@code Sheet.neutralised}), which an import takes
 * off again, so an exported file imports unchanged.
 *
 * <p>An import checks the whole file first and writes it in one transaction: a bad file is rejected whole, nothing
 * written, with a {@link RegistryException} listing every problem as
 * {@code 第N行 列名: 问题 | row N, column 列名: problem} (the header is row 1, as in Excel). Imports are upserts by id, so
 * importing the same file twice changes nothing. Import order: villages (optional), stations, tariffs, households,
 * posts. The tables and their columns are described on {@link Table}.
 */
public final class RegistryCsv {

    /**
     * Who reads or writes a table: the villages and stations they see (rows of others are left out of an export, and
     * a village they do not see is unknown in an upload of households or posts) and whether an export carries full ID
     * numbers or masked ones ({@code 3713**********1234}).
     */
    public record Reader(java.util.function.Predicate<org.pvmon.registry.Village> villages, java.util.function.Predicate<String> stations,
                         boolean fullIdNumbers) {
        /** The command line and the service itself: everything, in full. */
        public static final Reader EVERYTHING = new Reader(v -> true, s -> true, true);
    }

    /** The registry's CSV files. */
    public enum Table {
        /** {@code 村编号,村,乡镇,区县}; an empty 村编号 gets {@link Village#idFor}. */
        VILLAGES("villages", "村", StationFiles.VILLAGE_COLUMNS),
        /**
         * {@code 站点编号,电站名称,村,乡镇,区县,装机容量kWp,纬度,经度,并网日期,补贴目录日期,所属村及份额}. 所属村及份额 is
         * {@code 村A:0.5;村B:0.5} for a joint station, a plain village for a single owner (share 1), or empty: then the
         * owner is the 村 column with share 1. An owner is a village id or a village name in the station's township;
         * a village not yet registered is created. Shares must add up to exactly 1.
         */
        STATIONS("stations", "电站", StationFiles.STATION_COLUMNS),
        /** {@code 站点编号,生效日期,截止日期(不含),燃煤基准电价(元/kWh),国补电价(元/kWh)}; the rows of a station replace its tariffs. */
        TARIFFS("tariffs", "电价", StationFiles.TARIFF_COLUMNS),
        /**
         * {@code 户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期}, one row per enrollment period (the same 户编号
         * repeated for a household that left and re-entered; both dates included, 退出日期 empty while enrolled).
         * 属性 is e.g. {@code 残疾;大病;独居老人;无劳动能力;弱劳动能力} (重病 is read as 大病). 身份证号 is checked per
         * GB 11643 (length, birth date, check character). The rows of a household replace its enrollments.
         */
        HOUSEHOLDS("households", "贫困户", HouseholdFiles.HOUSEHOLD_COLUMNS),
        /** {@code 岗位编号,村,岗位名称,在岗户编号,月工资(元),开始日期,结束日期}; the holder must be a household of the same village. */
        POSTS("posts", "公益岗位", HouseholdFiles.POST_COLUMNS);

        private final String baseName;
        private final String sheetName;
        private final String[] columns;

        Table(String baseName, String sheetName, String[] columns) {
            this.baseName = baseName;
            this.sheetName = sheetName;
            this.columns = columns;
        }

        /** The CSV file name {@link #exportAll} writes and {@link #importAll} reads. */
        public String fileName() {
            return baseName + ".csv";
        }

        /** The Excel file name {@link #importAll} also reads, e.g. {@code households.xlsx}. */
        public String xlsxFileName() {
            return baseName + ".xlsx";
        }

    }

    private final Registry registry;
    private final Config.Uploads limits;
    private final StationFiles stations;
    private final HouseholdFiles households;
    private final ReceiptFiles receipts;
    private final PlanBook plans;

    /** The registry's files; {@link #importAll} also loads receipts into {@code receipts} and plans into {@code plans}. */
    public RegistryCsv(Registry registry, ReceiptBook receipts, PlanBook plans) {
        this(registry, receipts, plans, Config.Uploads.defaults());
    }

    /** As above, every file read within {@code limits} (settings {@code uploads.*}: rows, columns, cell length, zip bombs). */
    public RegistryCsv(Registry registry, ReceiptBook receipts, PlanBook plans, Config.Uploads limits) {
        this.registry = registry;
        this.limits = limits;
        this.stations = new StationFiles(registry, limits);
        this.households = new HouseholdFiles(registry, limits);
        this.receipts = new ReceiptFiles(registry, receipts, limits);
        this.plans = plans;
    }

    /**
     * Imports one file whole, or nothing: CSV or an Excel workbook (.xlsx, its first sheet; recognized by its content,
     * whatever the file is called); returns the number of villages, stations, tariff rows, households or posts written. */
    public int importCsv(Table table, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return importCsv(table, in, file.toString());
        } catch (IOException e) {
            throw new RegistryException(file + ": cannot be read (无法读取): " + e.getMessage());
        }
    }

    /** The receipts file reader this registry's import uses (the API's receipt uploads use it too). */
    public ReceiptFiles receiptFiles() {
        return receipts;
    }

    /** What an upload wrote: rows written, and for stations, those left without a tariff (their revenue is unpriced). */
    public record Upload(int written, List<String> withoutTariff) {
    }

    /**
     * An upload of one table (the API's {@code PUT /api/registry/{table}}): imported whole or not at all; stations
     * without a tariff of their own then get their grid-connection year's default (as at a start) and {@code directory}
     * (what ingest, alerts and the views look stations up in) is replaced, so the upload takes effect at once.
     */
    public Upload upload(Table table, InputStream in, StationDirectory directory, Reader reader) {
        int written = importCsv(table, in, table.fileName(), reader);
        if (table != Table.STATIONS) return new Upload(written, null);
        List<String> withoutTariff = seedDefaultTariffs();
        directory.replace(registry.stations());
        return new Upload(written, withoutTariff);
    }

    /** As {@link #importCsv(Table, Path)}, from a stream (e.g. an upload); {@code source} names it in messages. */
    public int importCsv(Table table, InputStream in, String source) {
        return importCsv(table, in, source, Reader.EVERYTHING);
    }

    private int importCsv(Table table, InputStream in, String source, Reader reader) {
        return switch (table) {
            case VILLAGES -> stations.importVillages(in, source);
            case STATIONS -> stations.importStations(in, source);
            case TARIFFS -> stations.importTariffs(in, source);
            case HOUSEHOLDS -> households.importHouseholds(in, source, reader);
            case POSTS -> households.importPosts(in, source, reader);
        };
    }

    /** Writes a table as CSV: UTF-8 BOM, Chinese header, CRLF rows. The stream is flushed, not closed. */
    public void exportCsv(Table table, OutputStream out) {
        exportCsv(table, out, Reader.EVERYTHING);
    }

    /** As {@link #exportCsv(Table, OutputStream)}, the rows {@code reader} sees, ID numbers as it may see them. */
    public void exportCsv(Table table, OutputStream out, Reader reader) {
        List<List<String>> rows = rows(table, reader);
        try {
            Sheet.write(out, table.columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<List<String>> rows(Table table, Reader reader) {
        List<List<String>> rows = new ArrayList<>();
        switch (table) {
            case VILLAGES -> stations.exportVillages(rows, reader);
            case STATIONS -> stations.exportStations(rows, reader);
            case TARIFFS -> stations.exportTariffs(rows, reader);
            case HOUSEHOLDS -> households.exportHouseholds(rows, reader);
            case POSTS -> households.exportPosts(rows, reader);
        }
        return rows;
    }

    /** Writes a table as an Excel workbook: one sheet, the Chinese header, every value a text cell. Not closed. */
    public void exportXlsx(Table table, OutputStream out) {
        exportXlsx(table, out, Reader.EVERYTHING);
    }

    /** As {@link #exportXlsx(Table, OutputStream)}, the rows {@code reader} sees. */
    public void exportXlsx(Table table, OutputStream out, Reader reader) {
        List<List<String>> rows = rows(table, reader);
        try {
            SheetXlsx.write(out, table.sheetName, table.columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a table to a file (via a temporary file, so that a reader never sees half of it). */
    public void exportCsv(Table table, Path file) {
        writeAtomically(file, out -> exportCsv(table, out));
    }

    /** As {@link #exportCsv(Table, Path)}, an Excel workbook. */
    public void exportXlsx(Table table, Path file) {
        writeAtomically(file, out -> exportXlsx(table, out));
    }

    private static void writeAtomically(Path file, java.util.function.Consumer<OutputStream> write) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    write.accept(out);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes every table to {@code dir} under its {@link Table#fileName()}. */
    public void exportAll(Path dir) {
        for (Table t : Table.values()) exportCsv(t, dir.resolve(t.fileName()));
    }

    /**
     * Imports the tables whose files exist in {@code dir} (CSV or .xlsx, e.g. {@code households.csv} or
     * {@code households.xlsx}), in dependency order; each file is imported whole or not at all. A table given both ways
     * is refused before anything is imported: which one is meant is not for us to guess. Then, when present,
     * {@code receipts.csv} ({@link ReceiptFiles}; rows already recorded are skipped) and {@code plans.json} (a list of
     * plan versions, each {@code {"village": id, ...}} as {@link PlanJson} reads them; versions already stored are
     * skipped).
     */
    public void importAll(Path dir) {
        List<Path> files = new ArrayList<>();
        for (Table t : Table.values()) {
            Path csv = dir.resolve(t.fileName());
            Path xlsx = dir.resolve(t.xlsxFileName());
            if (Files.isRegularFile(csv) && Files.isRegularFile(xlsx)) {
                throw new RegistryException(dir + ": both " + t.fileName() + " and " + t.xlsxFileName() + ", nothing imported",
                        List.of("文件: " + t.fileName() + "与" + t.xlsxFileName() + "同时存在，请只保留一个 | file: both "
                                + t.fileName() + " and " + t.xlsxFileName() + " are there: keep one"));
            }
            files.add(Files.isRegularFile(xlsx) ? xlsx : csv);
        }
        for (Table t : Table.values()) {
            Path f = files.get(t.ordinal());
            if (Files.isRegularFile(f)) importCsv(t, f);
        }
        java.time.Instant now = java.time.Instant.now(); // an import from the command line is recorded as of when it runs
        Path receipts = dir.resolve(RECEIPTS_FILE);
        if (Files.isRegularFile(receipts)) {
            try (InputStream in = Files.newInputStream(receipts)) {
                this.receipts.importReceipts(in, receipts.toString(), "import", now);
            } catch (IOException e) {
                throw new RegistryException(receipts + ": cannot be read (无法读取): " + e.getMessage());
            }
        }
        Path plans = dir.resolve(PLANS_FILE);
        if (Files.isRegularFile(plans)) importPlans(plans, now);
    }

    /** The receipts file {@link #importAll} reads. */
    public static final String RECEIPTS_FILE = "receipts.csv";
    /** The plans file {@link #importAll} reads. */
    public static final String PLANS_FILE = "plans.json";

    private void importPlans(Path file, java.time.Instant now) {
        com.fasterxml.jackson.databind.JsonNode list;
        try {
            list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new RegistryException(file + ": not a JSON list of plans: " + e.getMessage());
        }
        if (list == null || !list.isArray()) throw new RegistryException(file + ": must be a JSON list of plans");
        PlanBook book = plans;
        for (int i = 0; i < list.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode p = list.get(i);
            String village = p.path("village").asText("");
            try {
                if (registry.village(village).isEmpty()) throw new FieldException("village", "unknown village '" + village + "'");
                book.addIfNew(village, p.toString(), now);
            } catch (FieldException e) {
                throw new RegistryException(file + ": plan [" + i + "] " + e.getMessage());
            }
        }
    }

    /**
     * Seeds the registry from the service's station list ({@code stations.file}, header
     * {@code id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date}, CSV or XLSX, read and checked
     * by the same sheet reader as every registry file). Every station is upserted and its village created when new; a new station is
     * owned by its village with share 1, a known one keeps its owners and catalogue date. Returns the stations read.
     */
    public int importStationList(Path file) {
        List<Station> list;
        try (InputStream in = Files.newInputStream(file)) {
            list = StationFiles.readStationList(in, file.toString(), limits);
        } catch (IOException e) {
            throw new RegistryException(file + ": cannot be read (无法读取): " + e.getMessage());
        }
        return stations.importStationList(list);
    }

    /**
     * {@link #importStationList} at the service's start, unless the file is byte for byte the one imported last time
     * (its SHA-256 is kept in {@code marker}): then the registry's stations stand as they are, including edits made
     * through the API since. So the latest change wins: an edited station file at the next start, an upload at once.
     *
     * @return the stations read, or -1 when the file was unchanged and not imported
     */
    public int importStationListIfChanged(Path file, Path marker) {
        String hash;
        try {
            hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file)));
        } catch (java.io.IOException e) {
            throw new RegistryException(file + ": " + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try {
            if (java.nio.file.Files.exists(marker) && java.nio.file.Files.readString(marker).strip().equals(hash)) return -1;
            int n = importStationList(file);
            java.nio.file.Files.createDirectories(marker.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(marker, hash + "\n");
            return n;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the station file's hash in " + marker, e);
        }
    }

    /**
     * Gives every station without any tariff the zone III poverty-PV tariff of its grid-connection year (2016: 0.98,
     * 2017: 0.85 yuan/kWh, against the Shandong benchmark), so revenue is never silently zero.
     *
     * @return the stations left without a tariff (other years: to be entered in the tariffs table)
     */
    public List<String> seedDefaultTariffs() {
        Map<String, org.pvmon.revenue.StationTariff> known = registry.tariffs(); // in bulk: one query per station took minutes at 100,000
        List<String> unpriced = new ArrayList<>();
        for (org.pvmon.station.Station s : registry.stations()) {
            if (!known.get(s.id()).tariffs().isEmpty()) continue;
            try {
                registry.putTariffs(s.id(), List.of(org.pvmon.revenue.Tariff.shandongPovertyPv(s.gridConnectionDate())));
            } catch (IllegalArgumentException unknownYear) {
                unpriced.add(s.id());
            }
        }
        return unpriced;
    }
}
