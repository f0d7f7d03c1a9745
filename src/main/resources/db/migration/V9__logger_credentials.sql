-- pvmon logger credentials: one broker identity per station (org.pvmon.loggers). Portable SQL as V1-V6: instants
-- VARCHAR(30) ISO-8601 UTC with three fraction digits.
--
-- logger_credentials: one row per station that was ever issued a credential.
--   username: the broker login, 'logger-' + the station id; the broker also uses it as the client id.
--   password_hash: the password in mosquitto's own format ('$7$<iterations>$<salt>$<hash>', PBKDF2-SHA512, base64),
--     written as is into the broker's password file; the password itself is never stored. NULL once revoked.
--   revision: raised by every change of the row, so that a service instance that writes the broker's files sees a
--     change made elsewhere (another instance, the command line) by the sum over the table.
-- No foreign key to stations: a station taken out of the registry keeps its row until the credential is revoked.
CREATE TABLE logger_credentials (
    station_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    username      VARCHAR(80)  NOT NULL UNIQUE,
    password_hash VARCHAR(200),
    issued_at     VARCHAR(30)  NOT NULL,
    rotated_at    VARCHAR(30),
    revoked_at    VARCHAR(30),
    revision      BIGINT       NOT NULL
);
