package org.pvmon.logs;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.pvmon.registry.IdNumbers;

/**
 * {@code %maskedEx}: the exception and its causes as {@code %ex} prints them, every ID-number-shaped run masked (a
 * database error quoting a row, a parser quoting its input).
 */
public final class MaskedThrowable extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return IdNumbers.maskInLog(super.throwableProxyToString(tp));
    }
}
