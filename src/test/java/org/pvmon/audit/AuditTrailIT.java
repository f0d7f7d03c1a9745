package org.pvmon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvmon.audit.AuditLog.Entry;
import org.pvmon.audit.AuditLog.Query;
import org.pvmon.db.Database;
import org.pvmon.registry.IdNumbers;
import org.pvmon.testing.TestService;

/**
 * The audit log behind the real API (SQL database only): a change and a failed sign-in reach the chain with the
 * signed-in user (or the name typed) and the client's address, the chain verifies, and no ID number is stored, not even
 * one typed as a user name.
 */
class AuditTrailIT {
    private static final String STATIONS = """
            id,name,village,township,county,capacity_kwp,lat,lon,grid_connection_date
            ZJP-01,朱家坡村光伏扶贫电站,朱家坡村,岸堤镇,沂南县,20,35.55,118.46,2016-06-30
            """;
    private static final String ID_NUMBER = AuditLogTest.ID_NUMBER;

    @Test
    void a_change_and_a_failed_sign_in_land_in_the_chain_with_who_and_from_where_and_no_id_number() throws Exception {
        try (TestService service = TestService.withoutTimeSeries(STATIONS, Map.of()).startHttp(Clock.systemUTC())) {
            service.put("/api/registry/households", """
                    户编号,村,户主姓名,身份证号,家庭人口,属性,纳入日期,退出日期
                    H1,朱家坡村,张大山,%s,3,残疾,2016-01-01,
                    """.formatted(ID_NUMBER), 200);
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + ID_NUMBER + "\",\"password\":\"wrong\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isBetween(400, 499);

            try (Database db = Database.openSqlite(service.dataDir().resolve("registry.db"))) {
                AuditLog audit = new AuditLog(db, Clock.systemUTC(), 400);
                List<Entry> entries = audit.list(new Query(null, null, null, null, null, 1000));

                assertThat(entries).anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("registry.upload");
                    assertThat(e.actor()).isEqualTo("it-admin");
                    assertThat(e.from()).isEqualTo("127.0.0.1");
                });
                assertThat(entries).anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("login.failed");
                    assertThat(e.actor()).isEqualTo(IdNumbers.mask(ID_NUMBER.toLowerCase()));
                });
                assertThat(audit.verify()).isEqualTo(new AuditLog.Verification(true, entries.size(), null, null));
                String stored = db.jdbi().withHandle(h -> String.join("\n", h.createQuery("SELECT actor || ' ' || action || ' ' "
                        + "|| COALESCE(target, '') || ' ' || COALESCE(detail, '') || ' ' || COALESCE(from_address, '') FROM audit_log")
                        .mapTo(String.class).list()));
                assertThat(stored).doesNotContainIgnoringCase(ID_NUMBER).doesNotContainIgnoringCase(ID_NUMBER.substring(0, 17));
            }
        }
    }
}
