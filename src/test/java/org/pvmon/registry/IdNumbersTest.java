package org.pvmon.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.pvmon.registry.Fixtures.idNumber;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvmon.db.Database;

/** Masking ID numbers for logs and messages: one number, every number in a text, an exception and its causes. */
class IdNumbersTest {
    @TempDir
    Path dir;

    @Test
    void every_run_shaped_like_an_id_number_is_masked_and_nothing_else() {
        String id = idNumber(1);
        assertThat(IdNumbers.mask(id)).isEqualTo(id.substring(0, 6) + "********" + id.substring(14));
        assertThat(IdNumbers.maskIn("'" + id + "' is not a date; “" + id.toLowerCase() + "”")).doesNotContain(id)
                .isEqualTo("'" + IdNumbers.mask(id) + "' is not a date; “" + IdNumbers.mask(id) + "”");
        assertThat(IdNumbers.maskIn("row 3: 371321800101031 / 37132119800101001 / 3713211980010I0011"))
                .isEqualTo("row 3: 371321*****1031 / 371321*******1001 / 371321********0011");
        String plain = "row 12, column 金额(元): 1234567.89 must be at most 99; station YN-AD-001; 2019-01-01; 12345678901234";
        assertThat(IdNumbers.maskIn(plain)).isEqualTo(plain);
        assertThat(IdNumbers.maskIn((String) null)).isNull();
    }

    @Test
    void an_exception_is_logged_with_every_message_masked_and_its_stack_trace() {
        String id = idNumber(2);
        IllegalStateException cause = new IllegalStateException("Key (id_number)=(" + id + ") already exists.");
        RuntimeException e = new RuntimeException("insert failed for " + id, cause);
        e.addSuppressed(new IllegalArgumentException(id));

        Throwable masked = IdNumbers.maskIn(e);

        StringWriter text = new StringWriter();
        masked.printStackTrace(new PrintWriter(text));
        assertThat(text.toString()).doesNotContain(id).contains(IdNumbers.mask(id))
                .contains("java.lang.RuntimeException: insert failed for", "java.lang.IllegalStateException: Key (id_number)=(",
                        "java.lang.IllegalArgumentException", getClass().getName() + ".an_exception_is_logged");
        assertThat(masked.getStackTrace()).isEqualTo(e.getStackTrace());
    }

    @Test
    void a_failed_statement_names_its_sql_but_not_the_values_bound_to_it() {
        Registry r = Registry.openSqlite(dir.resolve("r.db"));
        r.upsertVillage(Fixtures.EAST);
        Database db = r.database();
        String id = idNumber(3);
        String insert = "INSERT INTO households (id, village_id, head_name, id_number, size) VALUES (:id, :v, '张三', :n, 1)";
        db.jdbi().useHandle(h -> h.createUpdate(insert).bind("id", "H1").bind("v", Fixtures.EAST.id()).bind("n", id).execute());

        Throwable e = catchThrowable(() -> db.jdbi().useHandle(h -> h.createUpdate(insert).bind("id", "H2")
                .bind("v", Fixtures.EAST.id()).bind("n", id).execute()));

        assertThat(e).hasMessageContaining("UNIQUE").hasMessageContaining("INSERT INTO households").hasMessageNotContaining(id);
    }
}
