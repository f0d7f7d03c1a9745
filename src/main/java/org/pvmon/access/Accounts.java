package org.pvmon.access;

import static org.pvmon.access.AccessException.Reason.*;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pvmon.config.Config;
import org.pvmon.db.Database;
import org.pvmon.registry.Registry;
import org.pvmon.registry.Village;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The users: created by an administrator (or, the first one, by the service on its first start) with a one-time
 * password that must be changed at the first sign-in; passwords hashed with Argon2id (Spring Security's encoder over
 * Bouncy Castle: salt and parameters inside the hash). Sign-in is throttled: {@code auth.lockout-failures} wrong
 * passwords in a row lock an account for {@code auth.lockout-minutes} (a username that does not exist locks the same
 * way, so the answers tell nothing of which names exist), and one address may fail at most {@link #ADDRESS_FAILURES}
 * times in that time.
 */
public final class Accounts {
    /** Failed sign-ins one client address may make per lockout period, over every username. */
    static final int ADDRESS_FAILURES = 30;
    public static final String FIRST_ADMIN = "admin";

    private final Jdbi jdbi;
    private final Registry registry;
    private final Config.Auth auth;
    private final Clock clock;
    private final Argon2PasswordEncoder hasher = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String dummyHash;
    private final Map<String, Failures> unknownNames = bounded(10_000);
    private final Map<String, Failures> addresses = bounded(10_000);

    /** A new user (or a reset) and the one-time password to hand over; it is not stored anywhere. */
    public record Created(User user, String password) {
    }

    public Accounts(Database db, Registry registry, Config.Auth auth, Clock clock) {
        this.jdbi = db.jdbi();
        this.registry = registry;
        this.auth = auth;
        this.clock = clock;
        this.dummyHash = hasher.encode(Secrets.password()); // checked against when the name is unknown: same time spent
    }

    /**
     * On the very first start (no user at all): the administrator {@value #FIRST_ADMIN} with a one-time password, to be
     * printed once; empty when users exist.
     */
    public Optional<Created> createFirstAdmin() {
        try {
            return jdbi.inTransaction(h -> {
                if (h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one() > 0) return Optional.empty();
                String password = Secrets.password();
                User u = insert(h, FIRST_ADMIN, "系统管理员", Role.ADMIN, Scope.EVERYWHERE, password);
                return Optional.of(new Created(u, password));
            });
        } catch (org.jdbi.v3.core.JdbiException e) {
            // several instances started at once on one empty PostgreSQL database: another one created it (its one-time
            // password is in that instance's data.dir and log)
            if (Database.isUniqueViolation(e)) return Optional.empty();
            throw e;
        }
    }

    public List<User> users() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users ORDER BY id").map((rs, ctx) -> user(rs)).list());
    }

    public Optional<User> user(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id).map((rs, ctx) -> user(rs)).findOne());
    }

    /** The scope of one village, its county and township read from the registry. */
    public Scope villageScope(String villageId) {
        return registry.village(villageId).map(Scope::of)
                .orElseThrow(() -> new AccessException(INVALID, "登记中没有该村 / no village '" + villageId + "' in the registry"));
    }

    /** The user of a username (any case). */
    public Optional<User> user(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE username = :u").bind("u", name).map((rs, ctx) -> user(rs)).findOne());
    }

    /** A new user with a one-time password (to change at the first sign-in). */
    public Created create(String username, String displayName, Role role, Scope scope) {
        String name = username(username);
        String display = displayName(displayName, name);
        checkScope(role, scope);
        String password = Secrets.password();
        return jdbi.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM users WHERE username = :u").bind("u", name).mapTo(Integer.class).one() > 0) {
                throw new AccessException(CONFLICT, "用户名已存在 / the username '" + name + "' is taken");
            }
            return new Created(insert(h, name, display, role, scope, password), password);
        });
    }

    /** Changes a user's name shown, role, scope or disabled flag (nulls: unchanged). Disabling ends their sessions. */
    public User update(long id, String displayName, Role role, Scope scope, Boolean disabled) {
        User u = user(id).orElseThrow(() -> new AccessException(NOT_FOUND, "没有该用户 / no user " + id));
        Role r = role == null ? u.role() : role;
        Scope s = scope == null ? u.scope() : scope;
        checkScope(r, s);
        String d = displayName == null ? u.displayName() : displayName(displayName, u.username());
        boolean off = disabled == null ? u.disabled() : disabled;
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE users SET display_name = :d, role = :r, scope_county = :c, scope_township = :t, scope_village = :v, "
                            + "disabled = :off WHERE id = :id")
                    .bind("d", d).bind("r", r.name()).bind("c", s.county()).bind("t", s.township()).bind("v", s.village())
                    .bind("off", off ? 1 : 0).bind("id", id).execute();
            if (off || r != u.role() || !s.equals(u.scope())) Sessions.endAll(h, id); // new rights start with a new sign-in
        });
        return user(id).orElseThrow();
    }

    /** A new one-time password (forgotten password, a first hand-over that went wrong); the user's sessions end. */
    public Created resetPassword(long id) {
        User u = user(id).orElseThrow(() -> new AccessException(NOT_FOUND, "没有该用户 / no user " + id));
        String password = Secrets.password();
        jdbi.useTransaction(h -> {
            setPassword(h, id, password, true);
            Sessions.endAll(h, id);
        });
        return new Created(user(u.id()).orElseThrow(), password);
    }

    /**
     * Checks a sign-in. Wrong password, unknown or disabled user: {@code BAD_CREDENTIALS}, the same answer for each;
     * {@code LOCKED} while locked (the password is not even checked), {@code THROTTLED} when {@code from} failed too often.
     */
    public User signIn(String username, String password, String from) {
        Instant now = clock.instant();
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        String address = from == null ? "" : from;
        synchronized (addresses) {
            Failures f = addresses.get(address);
            if (f != null && f.blocks(now, ADDRESS_FAILURES, auth)) {
                throw new AccessException(THROTTLED, "登录失败次数过多，请稍后再试 / too many failed sign-ins from this address; try again later");
            }
        }
        Optional<Row> found = jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE username = :u").bind("u", name)
                .map((rs, ctx) -> new Row(user(rs), rs.getString("password_hash"), rs.getInt("failed_logins"))).findOne());
        if (found.isEmpty()) {
            hasher.matches(password == null ? "" : password, dummyHash);
            boolean locked;
            synchronized (unknownNames) {
                Failures f = unknownNames.computeIfAbsent(name, k -> new Failures());
                locked = f.blocks(now, auth.lockoutFailures(), auth);
                if (!locked) f.add(now, auth);
            }
            failedFrom(address, now);
            throw locked ? locked(now.plus(auth.lockoutDuration())) : badCredentials();
        }
        Row row = found.get();
        User u = row.user();
        if (u.lockedUntil() != null && u.lockedUntil().isAfter(now)) {
            failedFrom(address, now);
            throw locked(u.lockedUntil());
        }
        if (password == null || !hasher.matches(password, row.hash()) || u.disabled()) {
            failedFrom(address, now);
            int failures = row.failures() + 1;
            boolean lock = failures >= auth.lockoutFailures();
            jdbi.useHandle(h -> h.createUpdate("UPDATE users SET failed_logins = :n, locked_until = :until WHERE id = :id")
                    .bind("n", lock ? 0 : failures).bind("until", lock ? Database.ts(now.plus(auth.lockoutDuration())) : null)
                    .bind("id", u.id()).execute());
            throw badCredentials();
        }
        if (row.failures() == 0 && u.lockedUntil() == null) return u;
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = :id").bind("id", u.id()).execute());
        return user(u.id()).orElseThrow();
    }

    /** The user changes their own password: the current one is checked, the new one must be strong and different. */
    public User changePassword(long id, String current, String next) {
        Row row = jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Row(user(rs), rs.getString("password_hash"), rs.getInt("failed_logins"))).one());
        if (current == null || !hasher.matches(current, row.hash())) {
            throw new AccessException(BAD_CREDENTIALS, "当前密码不正确 / the current password is wrong");
        }
        checkStrength(next, row.user().username());
        if (next.equals(current)) throw new AccessException(WEAK_PASSWORD, "新密码不能与当前密码相同 / the new password must differ from the current one");
        jdbi.useTransaction(h -> setPassword(h, id, next, false));
        return user(id).orElseThrow();
    }

    /** 10-128 characters, letters and digits (or other signs) mixed, not containing the username. */
    static void checkStrength(String password, String username) {
        if (password == null || password.length() < 10 || password.length() > 128) {
            throw new AccessException(WEAK_PASSWORD, "密码须为 10 到 128 个字符 / the password must be 10 to 128 characters");
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        boolean other = password.chars().anyMatch(c -> !Character.isLetterOrDigit(c));
        if ((letter ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0) < 2) {
            throw new AccessException(WEAK_PASSWORD, "密码须包含字母和数字（或符号） / the password must mix letters with digits or signs");
        }
        if (password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            throw new AccessException(WEAK_PASSWORD, "密码不能包含用户名 / the password must not contain the username");
        }
    }

    // ---- internals -------------------------------------------------------------------------------------------------

    private record Row(User user, String hash, int failures) {
    }

    private User insert(Handle h, String username, String display, Role role, Scope scope, String password) {
        long id = Database.nextId(h, "users");
        String now = Database.ts(clock.instant());
        h.createUpdate("INSERT INTO users (id, username, display_name, role, scope_county, scope_township, scope_village, password_hash, "
                        + "must_change, failed_logins, locked_until, disabled, created_at, password_changed_at) "
                        + "VALUES (:id, :u, :d, :r, :c, :t, :v, :hash, 1, 0, NULL, 0, :now, :now)")
                .bind("id", id).bind("u", username).bind("d", display).bind("r", role.name()).bind("c", scope.county())
                .bind("t", scope.township()).bind("v", scope.village()).bind("hash", hasher.encode(password)).bind("now", now).execute();
        return h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id).map((rs, ctx) -> user(rs)).one();
    }

    private void setPassword(Handle h, long id, String password, boolean mustChange) {
        h.createUpdate("UPDATE users SET password_hash = :hash, must_change = :m, failed_logins = 0, locked_until = NULL, "
                        + "password_changed_at = :now WHERE id = :id")
                .bind("hash", hasher.encode(password)).bind("m", mustChange ? 1 : 0).bind("now", Database.ts(clock.instant()))
                .bind("id", id).execute();
    }

    private void checkScope(Role role, Scope scope) {
        switch (role) {
            case ADMIN -> require(scope.everywhere(), "系统管理员的范围是全部 / an administrator's scope is everywhere");
            case COUNTY_MANAGER -> require(scope.county() != null && scope.township() == null,
                    "县级项目管理员须指定一个县 / a county manager's scope is one county");
            case TOWNSHIP_OFFICER -> require(scope.township() != null && scope.village() == null,
                    "乡镇干部须指定一个乡镇 / a township officer's scope is one township");
            case VILLAGE_OFFICER -> require(scope.village() != null, "村干部须指定一个村 / a village officer's scope is one village");
            case OM, AUDITOR -> { }
        }
        if (scope.everywhere()) return;
        List<Village> villages = registry.villages();
        if (scope.village() != null) {
            Village v = registry.village(scope.village()).orElseThrow(() ->
                    new AccessException(INVALID, "登记中没有该村 / no village '" + scope.village() + "' in the registry"));
            require(v.county().equals(scope.county()) && v.township().equals(scope.township()),
                    "村不在所给的县和乡镇 / village " + v.id() + " is in " + v.county() + " " + v.township());
        } else if (scope.township() != null) {
            require(villages.stream().anyMatch(v -> v.county().equals(scope.county()) && v.township().equals(scope.township())),
                    "登记中没有该乡镇 / no township '" + scope.township() + "' of '" + scope.county() + "' in the registry");
        } else {
            require(villages.stream().anyMatch(v -> v.county().equals(scope.county())),
                    "登记中没有该县 / no county '" + scope.county() + "' in the registry");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new AccessException(INVALID, message);
    }

    private static String username(String username) {
        String u = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        require(u.matches("[a-z0-9][a-z0-9._-]{1,63}"),
                "用户名须为 2-64 个小写字母、数字或 . _ - / a username is 2-64 lowercase letters, digits, '.', '_' or '-'");
        return u;
    }

    private static String displayName(String displayName, String username) {
        String d = displayName == null || displayName.isBlank() ? username : displayName.strip();
        require(d.length() <= 100 && d.codePoints().noneMatch(Character::isISOControl), "姓名最多 100 个字符 / a display name is at most 100 characters");
        return d;
    }

    private static AccessException badCredentials() {
        return new AccessException(BAD_CREDENTIALS, "用户名或密码错误 / wrong username or password");
    }

    private static AccessException locked(Instant until) {
        return new AccessException(LOCKED, "账号已锁定，请于 " + until + " 后再试 / the account is locked after repeated failures until " + until);
    }

    private void failedFrom(String address, Instant now) {
        synchronized (addresses) {
            addresses.computeIfAbsent(address, k -> new Failures()).add(now, auth);
        }
    }

    /** Failures in the current lockout period (in memory: for names that do not exist and for client addresses). */
    private static final class Failures {
        private Instant since;
        private int count;

        void add(Instant now, Config.Auth auth) {
            if (since == null || since.plus(auth.lockoutDuration()).isBefore(now)) {
                since = now;
                count = 0;
            }
            count++;
        }

        boolean blocks(Instant now, int limit, Config.Auth auth) {
            return since != null && !since.plus(auth.lockoutDuration()).isBefore(now) && count >= limit;
        }
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    static User user(ResultSet rs) throws SQLException {
        String locked = rs.getString("locked_until");
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                new Scope(rs.getString("scope_county"), rs.getString("scope_township"), rs.getString("scope_village")),
                rs.getInt("must_change") != 0, rs.getInt("disabled") != 0, locked == null ? null : Instant.parse(locked),
                Instant.parse(rs.getString("created_at")));
    }
}
