package org.pvmon.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvmon.App;
import org.pvmon.testing.TestService;
import org.slf4j.LoggerFactory;

/** The start-up log names the address the API really binds ({@code http.host}), not always 127.0.0.1. */
class ListenAddressIT {
    private static final String CSV = "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n"
            + "ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30\n";

    @Test
    void the_log_names_every_interface_when_bound_to_all_and_loopback_when_bound_to_it() {
        assertThat(listeningLine("0.0.0.0")).matches("pvmon listening on http://0\\.0\\.0\\.0:\\d+/");
        assertThat(listeningLine("127.0.0.1")).matches("pvmon listening on http://127\\.0\\.0\\.1:\\d+/");
    }

    private static String listeningLine(String host) {
        Logger logger = (Logger) LoggerFactory.getLogger(App.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (TestService service = TestService.withoutTimeSeries(CSV, Map.of("PVMON_HTTP_HOST", host)).startHttp(Clock.systemUTC())) {
            assertThat(service.status("/health/live")).as("answers on loopback").isEqualTo(200);
            List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("pvmon listening")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).endsWith(":" + service.baseUrl().replaceAll(".*:", "") + "/");
            return lines.get(0);
        } finally {
            logger.detachAppender(appender);
        }
    }
}
