-- pvmon alerts: the lifecycle of alerts raised by the alert rules, and leases that let one instance evaluate at a time.
-- Portable SQL (SQLite and PostgreSQL), as V1 and V2:
--   * id is given by the writer (max + 1 in the inserting transaction); no auto-generated keys.
--   * Instants are VARCHAR(30) ISO-8601 UTC with exactly three fraction digits ('2026-11-20T04:00:00.000Z'), so that
--     text order is time order. Money is BIGINT fen; lost_kwh is the exact decimal text (scale 1, '36.0').
-- status: OPEN -> ACKNOWLEDGED (who, when, comment) -> RESOLVED (automatically: resolved_by 'auto', when the station
-- recovers; or by hand: resolved_by a name). A resolved alert never reopens: the condition coming back later opens a
-- new alert, so the rows are the history. since, detail and the lost figures are the latest evaluation's.

CREATE TABLE alerts (
    id                       BIGINT       NOT NULL PRIMARY KEY,
    station_id               VARCHAR(64)  NOT NULL,
    type                     VARCHAR(20)  NOT NULL CHECK (type IN ('OFFLINE', 'IDLE', 'UNDERPERFORMING', 'METER')),
    status                   VARCHAR(20)  NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    since                    VARCHAR(30)  NOT NULL,
    opened_at                VARCHAR(30)  NOT NULL,
    updated_at               VARCHAR(30)  NOT NULL,
    detail                   TEXT         NOT NULL,
    lost_kwh                 VARCHAR(30)  NOT NULL,
    lost_fen                 BIGINT       NOT NULL,
    acknowledged_by          VARCHAR(100),
    acknowledged_at          VARCHAR(30),
    acknowledged_comment     TEXT,
    resolved_at              VARCHAR(30),
    resolved_by              VARCHAR(100),
    resolution_comment       TEXT,
    CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL)),
    CHECK ((status = 'OPEN') = (acknowledged_at IS NULL) OR status = 'RESOLVED')
);
-- At most one alert per station and type that is not resolved (OPEN or ACKNOWLEDGED).
CREATE UNIQUE INDEX alerts_one_open ON alerts (station_id, type) WHERE status <> 'RESOLVED';
CREATE INDEX alerts_station ON alerts (station_id, opened_at);

-- Leases: a named job (e.g. 'alert-evaluation') is run by the instance that holds its unexpired lease.
-- expires_at is epoch milliseconds; a holder renews before expiry, another instance takes over after it.
CREATE TABLE leases (
    name       VARCHAR(100) NOT NULL PRIMARY KEY,
    holder     VARCHAR(100) NOT NULL,
    expires_at BIGINT       NOT NULL
);
