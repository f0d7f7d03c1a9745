package org.pvmon.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The service's own log configuration (logback.xml, which the tests run with too) masks ID numbers in whatever is
 * logged: a library's message, a parameter, an exception's message and its cause's, and keeps the rest readable.
 */
class LogMaskingTest {
    private static final String ID = "110101199003071234";
    private static final String OTHER = "37132319850612002X";

    @Test
    void no_id_number_reaches_the_log_from_a_message_or_an_exception() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
                ((OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) root.getAppender("STDOUT")).getEncoder();
        Exception cause = new IllegalStateException("UNIQUE constraint failed: households.id_number = " + OTHER);
        Exception e = new RuntimeException("cannot import row 7 (" + ID + ")", cause);
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), ctx.getLogger("org.sqlite.SomeDriver"), Level.ERROR,
                "household {} of 朱家坡村 failed", e, new Object[] {ID});

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).doesNotContain(ID).doesNotContain(OTHER)
                .contains("household 110101********1234 of 朱家坡村 failed")
                .contains("cannot import row 7 (110101********1234)")
                .contains("households.id_number = 371323********002X")
                .contains("java.lang.RuntimeException", "Caused by: java.lang.IllegalStateException", "at org.pvmon.logs.LogMaskingTest");
        // what a log line is there to show stays whole: the audit chain's head hash
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        LoggingEvent head = new LoggingEvent(Logger.class.getName(), ctx.getLogger("org.pvmon.audit.AuditRetention"), Level.INFO,
                "Audit chain intact: head hash {}", null, new Object[] {hash});
        assertThat(new String(encoder.encode(head), StandardCharsets.UTF_8)).contains(hash);
    }
}
