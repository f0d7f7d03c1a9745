package org.pvmon.statements.export;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.pvmon.statements.export.StatementSheet.Fact;
import org.pvmon.statements.export.StatementSheet.Label;
import org.pvmon.statements.export.StatementSheet.Table;

/**
 * A statement's {@link StatementSheet} as a spreadsheet-ready CSV (UTF-8 with BOM, so Excel opens the Chinese text):
 * the title, the facts, then each table with its Chinese and English header and its total row.
 */
public final class StatementCsv {
    private StatementCsv() {
    }

    public static String of(StatementSheet sheet) {
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.EXCEL)) {
            csv.printRecord(sheet.title());
            List<Object> facts = new ArrayList<>();
            for (Fact f : sheet.facts()) {
                facts.add(f.label().both());
                facts.add(f.value());
            }
            csv.printRecord(facts);
            for (Table t : sheet.tables()) {
                csv.printRecord();
                csv.printRecord(t.heading().both());
                csv.printRecord(t.columns().stream().map(Label::both).toList());
                for (List<Object> row : t.rows()) csv.printRecord(row);
                if (t.total() != null) csv.printRecord(t.total());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
