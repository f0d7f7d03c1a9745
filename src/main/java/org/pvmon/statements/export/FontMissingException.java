package org.pvmon.statements.export;

/** The PDF cannot be made on this machine: the Chinese font it embeds is not installed (answered as 503 font_missing). */
public final class FontMissingException extends RuntimeException {
    public FontMissingException(String message) {
        super(message);
    }
}
