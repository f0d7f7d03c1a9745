package org.pvmon.loggers;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What an installer needs to set up one station's logger: the broker's address, the login, the topics and session
 * settings of the telemetry contract, and the password when it was just issued or rotated (the only moment it exists:
 * pvmon keeps its hash). As printable text ({@link #text()}, Chinese and English labels) or a CSV row
 * ({@link #CSV_HEADER}, {@link #csvRow()}) for many stations at once. {@link #toString()} never shows the password.
 *
 * @param password null when the sheet is printed again later (the password is not kept)
 * @param brokerUrl the address loggers connect to ({@code loggers.broker-url}); empty when not set
 */
public record CredentialSheet(String stationId, String stationName, String village, String township, String county,
                              String brokerUrl, String username, String password, Instant issuedAt) {
    /** The CSV columns, in order. */
    public static final List<String> CSV_HEADER = List.of("station", "name", "village", "township", "county", "broker", "username",
            "client_id", "password", "reading_topic", "status_topic", "issued_at");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx").withZone(ZoneId.of("Asia/Shanghai"));

    public String readingTopic() {
        return "pvmon/v1/stations/" + stationId + "/reading";
    }

    public String statusTopic() {
        return "pvmon/v1/stations/" + stationId + "/status";
    }

    /** A sheet for one station, to print and hand to the installer. */
    public String text() {
        String broker = brokerUrl.isEmpty() ? "(loggers.broker-url is not set: ask the operator)" : brokerUrl;
        String tls = brokerUrl.startsWith("ssl://") || brokerUrl.startsWith("mqtts://")
                ? "  TLS: the broker's certificate must chain to the county's CA certificate (ca.crt)\n" : "";
        return "pvmon 数据采集器接入凭据 / logger credential\n"
                + "电站 Station:        " + stationId + "  " + stationName + "\n"
                + "位置 Location:       " + village + ", " + township + ", " + county + "\n"
                + "服务器 Broker:       " + broker + "\n" + tls
                + "用户名 Username:     " + username + "\n"
                + "客户端 Client id:    " + username + "  (the broker uses the username as client id)\n"
                + "密码 Password:       " + (password == null
                        ? "(not shown again: pvmon keeps only its hash; rotate it to get a new one)"
                        : password + "  (shown once: pvmon keeps only its hash)") + "\n"
                + "读数 Readings:       " + readingTopic() + "  QoS 1, not retained, every reporting interval\n"
                + "状态 Status:         " + statusTopic() + "  QoS 1, retained: \"online\" after every connect;\n"
                + "                     last will \"offline\" (QoS 1, retained) set at CONNECT\n"
                + "会话 Session:        persistent (clean start off), keep-alive 60 s or less; MQTT 3.1.1 or 5\n"
                + "签发 Issued:         " + LOCAL.format(issuedAt) + "\n";
    }

    /** The values of {@link #CSV_HEADER} for this sheet, quoted where needed; the password empty when not shown. */
    public String csvRow() {
        List<String> values = List.of(stationId, stationName, village, township, county, brokerUrl, username, username,
                password == null ? "" : password, readingTopic(), statusTopic(), issuedAt.toString());
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) sb.append(',');
            sb.append(csv(v));
        }
        return sb.toString();
    }

    /** The sheet without its password, for later. */
    public CredentialSheet withoutPassword() {
        return new CredentialSheet(stationId, stationName, village, township, county, brokerUrl, username, null, issuedAt);
    }

    private static String csv(String v) {
        // a name a spreadsheet would take for a formula is kept as text
        String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String toString() {
        return "CredentialSheet[station=" + stationId + ", username=" + username + ", broker=" + brokerUrl + ", password="
                + (password == null ? "none" : "****") + ", issuedAt=" + issuedAt + "]";
    }
}
