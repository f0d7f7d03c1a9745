package org.pvmon.statements.export;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.slf4j.Slf4jLogger;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A statement's printable page ({@link StatementHtml}) rendered to an A4 PDF by openhtmltopdf, with a Chinese font
 * embedded (subset) so that every reader shows the same text and text extraction gives the Chinese back. The font
 * is Debian's fonts-wqy-microhei (TrueType outlines: PDFBox cannot embed the CFF outlines of Noto CJK), installed
 * by scripts/lib.sh; without it a PDF export is answered 503 with the package to install.
 */
public final class StatementPdf {
    /** Where Debian's fonts-wqy-microhei (then fonts-wqy-zenhei) put their TrueType collections. */
    static final List<Path> FONT_FILES = List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"));
    private static final String FAMILY = "WenQuanYi Micro Hei";

    static {
        XRLog.setLoggerImpl(new Slf4jLogger()); // into the service log, not openhtmltopdf's own console handler
    }

    private StatementPdf() {
    }

    public static byte[] of(StatementSheet sheet) {
        Path fontFile = FONT_FILES.stream().filter(Files::isReadable).findFirst().orElseThrow(() -> new FontMissingException(
                "PDF export needs a Chinese font: install the Debian package fonts-wqy-microhei "
                + "(scripts/lib.sh installs it; expected " + FONT_FILES.get(0) + ")"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TrueTypeCollection fonts = new TrueTypeCollection(fontFile.toFile()); PDDocument doc = new PDDocument()) {
            TrueTypeFont ttf = first(fonts);
            PDType0Font font = PDType0Font.load(doc, ttf, true);
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.usePDDocument(doc);
            // the one family for normal and bold: WenQuanYi has no bold face, and any other font would lack the Chinese
            builder.useFont(new PDFontSupplier(font), FAMILY, 400, FontStyle.NORMAL, true);
            builder.useFont(new PDFontSupplier(font), FAMILY, 700, FontStyle.NORMAL, true);
            builder.withHtmlContent(StatementHtml.of(sheet), null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the statement as PDF", e);
        }
        return out.toByteArray();
    }

    private static TrueTypeFont first(TrueTypeCollection fonts) throws IOException {
        TrueTypeFont[] found = new TrueTypeFont[1];
        fonts.processAllFonts(f -> {
            if (found[0] == null) found[0] = f;
        });
        return found[0];
    }
}
