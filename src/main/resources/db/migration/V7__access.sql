-- pvmon access: users (a role and a scope each), their server-side sessions and their API tokens.
-- Portable SQL (SQLite and PostgreSQL), as the earlier migrations: ids given by the writer (max + 1), instants as
-- VARCHAR(30) ISO-8601 UTC with three fraction digits (text order is time order), flags as SMALLINT 0/1.
--   * A scope is a place of the county -> township -> village tree: all three NULL is everywhere (administrator,
--     a province-wide auditor), a county alone is that county, county + township that township, a village id that
--     village (its county and township are kept too, for display).
--   * password_hash is an encoded Argon2id hash (with its own salt and parameters); never the password.
--   * Sessions and tokens are stored as the SHA-256 of the secret the client holds: the table alone opens nothing.

CREATE TABLE users (
    id                  BIGINT       NOT NULL PRIMARY KEY,
    username            VARCHAR(64)  NOT NULL UNIQUE,
    display_name        VARCHAR(100) NOT NULL,
    role                VARCHAR(20)  NOT NULL CHECK (role IN ('ADMIN', 'COUNTY_MANAGER', 'TOWNSHIP_OFFICER', 'VILLAGE_OFFICER', 'OM', 'AUDITOR')),
    scope_county        VARCHAR(100),
    scope_township      VARCHAR(100),
    scope_village       VARCHAR(200),
    password_hash       VARCHAR(200) NOT NULL,
    must_change         SMALLINT     NOT NULL,
    failed_logins       INTEGER      NOT NULL,
    locked_until        VARCHAR(30),
    disabled            SMALLINT     NOT NULL,
    created_at          VARCHAR(30)  NOT NULL,
    password_changed_at VARCHAR(30)  NOT NULL
);

CREATE TABLE sessions (
    id_hash     VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id     BIGINT       NOT NULL REFERENCES users (id),
    csrf_token  VARCHAR(64)  NOT NULL,
    created_at  VARCHAR(30)  NOT NULL,
    last_seen   VARCHAR(30)  NOT NULL,
    from_addr   VARCHAR(64)
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           BIGINT       NOT NULL PRIMARY KEY,
    user_id      BIGINT       NOT NULL REFERENCES users (id),
    name         VARCHAR(100) NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    hint         VARCHAR(16)  NOT NULL,
    created_at   VARCHAR(30)  NOT NULL,
    created_by   VARCHAR(64)  NOT NULL,
    expires_at   VARCHAR(30),
    last_used_at VARCHAR(30),
    revoked_at   VARCHAR(30)
);
