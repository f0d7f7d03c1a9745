package org.pvmon.logs;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.pvmon.registry.IdNumbers;

/** {@code %maskedMsg}: the formatted message with every ID-number-shaped run masked. */
public final class MaskedMessage extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return IdNumbers.maskInLog(event.getFormattedMessage());
    }
}
