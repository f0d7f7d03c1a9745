package org.pvmon.loggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MosquittoPasswordTest {
    /** Written by mosquitto_passwd 2.0.11 ({@code mosquitto_passwd -c -b pw alice secret1}). */
    private static final String FROM_MOSQUITTO_PASSWD =
            "$7$101$zNBpIIHtOTqYWnhj$+vJQa5yecVuFd7Y2LT75MHIKGp6YFXesjDlfJ2SlcbBtczgCUmaaCR2WM9n78KSKHuRwgsFI3WKg2CYgKhVe2g==";

    @Test
    void a_hash_written_by_mosquitto_passwd_is_checked_as_mosquitto_checks_it() {
        assertThat(MosquittoPassword.matches("secret1", FROM_MOSQUITTO_PASSWD)).isTrue();
        assertThat(MosquittoPassword.matches("secret2", FROM_MOSQUITTO_PASSWD)).isFalse();
        assertThat(MosquittoPassword.wellFormed(FROM_MOSQUITTO_PASSWD)).isTrue();
    }

    @Test
    void a_hash_has_mosquittos_form_and_a_fresh_salt_each_time() {
        SecureRandom random = new SecureRandom();
        String a = MosquittoPassword.hash("Kq7wXz", random);
        String b = MosquittoPassword.hash("Kq7wXz", random);
        assertThat(a).startsWith("$7$101$").matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(MosquittoPassword.wellFormed(a)).isTrue();
        assertThat(a).isNotEqualTo(b);
        assertThat(MosquittoPassword.matches("Kq7wXz", a)).isTrue();
        assertThat(MosquittoPassword.matches("Kq7wXz", b)).isTrue();
        assertThat(MosquittoPassword.matches("kq7wXz", a)).isFalse();
    }

    @Test
    void anything_else_is_neither_well_formed_nor_a_match() {
        for (String bad : new String[] {null, "", "secret1", "$6$abc$def", "$7$101$salt", "$7$x$zNBpIIHtOTqYWnhj$AAAA",
                FROM_MOSQUITTO_PASSWD + "\nmallory:$7$1$a$b", FROM_MOSQUITTO_PASSWD.replace("$7$", "$6$")}) {
            assertThat(MosquittoPassword.wellFormed(bad)).as(String.valueOf(bad)).isFalse();
            assertThat(MosquittoPassword.matches("secret1", bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void passwords_are_20_unambiguous_characters_and_differ() {
        SecureRandom random = new SecureRandom();
        String a = Passwords.generate(random);
        assertThat(a).hasSize(20).matches("[2-9A-HJ-NP-Za-km-z]{20}");
        assertThat(Passwords.generate(random)).isNotEqualTo(a);
    }
}
