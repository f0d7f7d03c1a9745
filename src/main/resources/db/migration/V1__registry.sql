-- pvmon registry: places, stations, tariffs, households, posts.
-- Portable SQL: runs unchanged on SQLite (the embedded default) and PostgreSQL.
--   * Exact decimals (ownership shares, tariff rates) are VARCHAR holding BigDecimal.toPlainString(): SQLite's
--     NUMERIC affinity would turn them into binary floating point.
--   * Dates are VARCHAR(10) ISO 'yyyy-MM-dd' (they sort and compare as text). Money is BIGINT fen.
--   * No auto-generated keys: every row has a natural or given id, so upserts are idempotent.

CREATE TABLE counties (
    name            VARCHAR(100) NOT NULL PRIMARY KEY
);

CREATE TABLE townships (
    county          VARCHAR(100) NOT NULL REFERENCES counties (name),
    name            VARCHAR(100) NOT NULL,
    PRIMARY KEY (county, name)
);

CREATE TABLE villages (
    id              VARCHAR(200) NOT NULL PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    township        VARCHAR(100) NOT NULL,
    county          VARCHAR(100) NOT NULL,
    FOREIGN KEY (county, township) REFERENCES townships (county, name),
    UNIQUE (county, township, name)
);

CREATE TABLE stations (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    name                 VARCHAR(200) NOT NULL,
    village_label        VARCHAR(200) NOT NULL,
    township             VARCHAR(100) NOT NULL,
    county               VARCHAR(100) NOT NULL,
    capacity_kwp         DOUBLE PRECISION NOT NULL CHECK (capacity_kwp > 0),
    lat                  DOUBLE PRECISION NOT NULL,
    lon                  DOUBLE PRECISION NOT NULL,
    grid_connection_date VARCHAR(10)  NOT NULL,
    catalogue_date       VARCHAR(10),
    FOREIGN KEY (county, township) REFERENCES townships (county, name)
);

-- A single-village station has one owner with share 1; the shares of a station add up to exactly 1.
-- list_order keeps the owners in the order they were entered (the order a joint split lists them).
CREATE TABLE station_owners (
    station_id      VARCHAR(64)  NOT NULL REFERENCES stations (id),
    village_id      VARCHAR(200) NOT NULL REFERENCES villages (id),
    list_order      INTEGER      NOT NULL,
    share           VARCHAR(40)  NOT NULL,
    PRIMARY KEY (station_id, village_id)
);

-- Feed-in tariff over [valid_from, valid_until); valid_until NULL: open-ended. Rates in yuan per kWh.
CREATE TABLE tariffs (
    station_id        VARCHAR(64) NOT NULL REFERENCES stations (id),
    valid_from        VARCHAR(10) NOT NULL,
    valid_until       VARCHAR(10),
    benchmark_per_kwh VARCHAR(40) NOT NULL,
    subsidy_per_kwh   VARCHAR(40) NOT NULL,
    PRIMARY KEY (station_id, valid_from)
);

CREATE TABLE households (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    village_id      VARCHAR(200) NOT NULL REFERENCES villages (id),
    head_name       VARCHAR(100) NOT NULL,
    id_number       VARCHAR(18)  NOT NULL UNIQUE,
    size            INTEGER      NOT NULL CHECK (size >= 1)
);
CREATE INDEX households_village ON households (village_id);

-- Household.Attribute names (DISABILITY, SERIOUS_ILLNESS, ...).
CREATE TABLE household_attributes (
    household_id    VARCHAR(64) NOT NULL REFERENCES households (id),
    attribute       VARCHAR(40) NOT NULL,
    PRIMARY KEY (household_id, attribute)
);

-- Enrolled from enrolled_from to enrolled_to, both days included; enrolled_to NULL: still enrolled.
CREATE TABLE enrollments (
    household_id    VARCHAR(64) NOT NULL REFERENCES households (id),
    enrolled_from   VARCHAR(10) NOT NULL,
    enrolled_to     VARCHAR(10),
    PRIMARY KEY (household_id, enrolled_from)
);

-- Active from active_from to active_to, both days included; active_to NULL: still held.
CREATE TABLE posts (
    id                  VARCHAR(64)  NOT NULL PRIMARY KEY,
    village_id          VARCHAR(200) NOT NULL REFERENCES villages (id),
    title               VARCHAR(200) NOT NULL,
    holder_household_id VARCHAR(64)  NOT NULL REFERENCES households (id),
    monthly_wage_fen    BIGINT       NOT NULL CHECK (monthly_wage_fen >= 0),
    active_from         VARCHAR(10)  NOT NULL,
    active_to           VARCHAR(10)
);
CREATE INDEX posts_village ON posts (village_id);
