-- pvmon receipts and distribution plans. Portable SQL (SQLite and PostgreSQL), as V1-V3:
--   * Money is BIGINT fen; dates are VARCHAR(10) 'yyyy-MM-dd' (local, Asia/Shanghai); months VARCHAR(7) 'yyyy-MM';
--     instants VARCHAR(30) ISO-8601 UTC. Ids are given by the writer (max + 1 in the inserting transaction).

-- Cash that arrived for a station (grid payment of the benchmark part, a subsidy batch), for the months
-- period_from..period_to (both included). A receipt is never edited: a mistaken one is voided (who, when, why) and
-- stays in the table; voided receipts count nowhere.
CREATE TABLE receipts (
    id              BIGINT       NOT NULL PRIMARY KEY,
    station_id      VARCHAR(64)  NOT NULL REFERENCES stations (id),
    received_on     VARCHAR(10)  NOT NULL,
    period_from     VARCHAR(7)   NOT NULL,
    period_to       VARCHAR(7)   NOT NULL,
    part            VARCHAR(20)  NOT NULL CHECK (part IN ('BENCHMARK', 'SUBSIDY')),
    amount_fen      BIGINT       NOT NULL CHECK (amount_fen > 0),
    reference       VARCHAR(200) NOT NULL,
    recorded_by     VARCHAR(100) NOT NULL,
    recorded_at     VARCHAR(30)  NOT NULL,
    voided_by       VARCHAR(100),
    voided_at       VARCHAR(30),
    void_reason     VARCHAR(500),
    CHECK (period_from <= period_to),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX receipts_station ON receipts (station_id, received_on);
CREATE INDEX receipts_received ON receipts (received_on);

-- A village's distribution plan (分配方案) for one year, versioned: version n applies from effective_from (a month
-- of the year) until the next version's. body is the plan as JSON text (deductions, allocations), written once.
CREATE TABLE plans (
    village_id      VARCHAR(200) NOT NULL REFERENCES villages (id),
    plan_year       INTEGER      NOT NULL,
    version         INTEGER      NOT NULL CHECK (version >= 1),
    effective_from  VARCHAR(7)   NOT NULL,
    basis           VARCHAR(20)  NOT NULL CHECK (basis IN ('RECEIVED_CASH', 'ACCRUED')),
    body            TEXT         NOT NULL,
    created_by      VARCHAR(100) NOT NULL,
    created_at      VARCHAR(30)  NOT NULL,
    PRIMARY KEY (village_id, plan_year, version)
);
