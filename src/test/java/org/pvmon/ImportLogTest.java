package org.pvmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvmon.registry.Fixtures.idNumber;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pvmon.jar import} logs every problem of a refused file, and never a household's ID number: not when it is
 * typed in the wrong column (a date, a number, an attribute, a post holder), not when it is malformed in its own.
 */
class ImportLogTest {
    private static final String HOUSEHOLDS = "户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期\n";
    private static final String POSTS = "岗位编号,村,岗位名称,在岗户编号,月工资(元),开始日期,结束日期\n";

    @TempDir
    Path dir;

    @Test
    void a_refused_import_names_rows_and_columns_but_logs_no_id_number() throws Exception {
        String inDate = idNumber(21);
        String inSize = idNumber(22);
        String inAttributes = idNumber(23);
        String old15 = "371321800101031"; // a first-generation, 15-digit number
        String misTyped = idNumber(24).substring(0, 10) + "O" + idNumber(24).substring(11); // an O for a 0
        String malformed = idNumber(25).substring(0, 17); // one character short, in the ID column
        String wrongCheck = idNumber(26).substring(0, 17) + (idNumber(26).charAt(17) == '1' ? '2' : '1');
        String inHolder = idNumber(27);
        Path config = config();
        Path households = Files.createDirectories(dir.resolve("households"));
        Files.writeString(households.resolve("villages.csv"), "村编号,村,乡镇,区县\n,东岭村,界湖街道,沂南县\n", StandardCharsets.UTF_8);
        Files.writeString(households.resolve("households.csv"), HOUSEHOLDS
                + "H1,东岭村,赵一," + idNumber(1) + ",2,,2019-01-01," + inDate + "\n"
                + "H2,东岭村,钱二," + idNumber(2) + "," + inSize + ",,2019-01-01,\n"
                + "H3,东岭村,孙三," + idNumber(3) + ",1," + inAttributes + ",2019-01-01,\n"
                + "H4,东岭村,李四," + idNumber(4) + ",1,," + old15 + ",\n"
                + "H5,东岭村,周五," + idNumber(5) + ",1,," + misTyped + ",\n"
                + "H6,东岭村,吴六," + malformed + ",1,,2019-01-01,\n"
                + "H7,东岭村,郑七," + wrongCheck + ",1,,2019-01-01," + wrongCheck + "\n", StandardCharsets.UTF_8);
        Path posts = Files.createDirectories(dir.resolve("posts"));
        Files.writeString(posts.resolve("posts.csv"), POSTS + "P1,东岭村,保洁员," + inHolder + ",500,2019-01-01,\n", StandardCharsets.UTF_8);

        List<String> lines = new ArrayList<>();
        int refused = captured(lines, () -> new CommandLine(new App.Cli()).execute("--config", config.toString(), "import", households.toString()));
        int refusedPosts = captured(lines, () -> new CommandLine(new App.Cli()).execute("--config", config.toString(), "import", posts.toString()));

        assertThat(refused).isEqualTo(1);
        assertThat(refusedPosts).isEqualTo(1);
        String log = String.join("\n", lines);
        assertThat(log).contains("row 2, column 退出日期", "row 3, column 家庭人口", "row 4, column 属性", "row 5, column 纳入日期",
                "row 6, column 纳入日期", "row 7, column 身份证号: must be 18 characters", "row 8, column 身份证号: wrong check character",
                "row 8, column 退出日期", "row 2, column 在岗户编号");
        for (String id : List.of(inDate, inSize, inAttributes, old15, misTyped, malformed, wrongCheck, inHolder)) {
            assertThat(lines).as("no line carries %s", id).noneMatch(l -> l.contains(id));
        }
        assertThat(log).as("masked as a public notice shows them").contains(idNumber(21).substring(0, 6) + "********" + idNumber(21).substring(14));
    }

    private Path config() throws Exception {
        Path stations = Files.writeString(dir.resolve("stations-list.csv"),
                "id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date\n", StandardCharsets.UTF_8);
        return Files.writeString(dir.resolve("pvmon.properties"),
                "data.dir=" + dir.resolve("data") + "\nstations.file=" + stations + "\n", StandardCharsets.UTF_8);
    }

    /** Runs {@code run}, adding every line logged meanwhile (message and exception text) to {@code lines}. */
    private static int captured(List<String> lines, java.util.function.IntSupplier run) {
        Logger root = (Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            return run.getAsInt();
        } finally {
            root.detachAppender(appender);
            for (ILoggingEvent e : appender.list) {
                lines.add(e.getFormattedMessage());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    lines.add(t.getClassName() + ": " + t.getMessage());
                    for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) lines.add(s.getSTEAsString());
                }
            }
        }
    }
}
