-- pvmon statements: the county's ledger of monthly distribution statements (收益分配表), one per village and month,
-- plus adjustment statements that correct a published one. Portable SQL (SQLite and PostgreSQL), as V1:
--   * Money is BIGINT fen; month is VARCHAR(7) 'yyyy-MM'; instants are VARCHAR(30) ISO-8601 UTC ('2026-11-05T02:00:00Z').
--   * body is the statement as JSON text, written once when the statement is created and never updated.
--   * id is given by the writer (max + 1 in the inserting transaction); no auto-generated keys.
-- kind: REGULAR (the month's statement) or ADJUSTMENT (adjusts_statement_id names the published statement it corrects).
-- status: DRAFT -> APPROVED -> PUBLISHED (公示) -> PAID; only a DRAFT may be deleted; the body never changes.

CREATE TABLE statements (
    id                   BIGINT       NOT NULL PRIMARY KEY,
    village_id           VARCHAR(200) NOT NULL REFERENCES villages (id),
    month                VARCHAR(7)   NOT NULL,
    kind                 VARCHAR(20)  NOT NULL CHECK (kind IN ('REGULAR', 'ADJUSTMENT')),
    status               VARCHAR(20)  NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'PUBLISHED', 'PAID')),
    basis                VARCHAR(20)  NOT NULL,
    plan_version         INTEGER      NOT NULL,
    basis_fen            BIGINT       NOT NULL,
    deductions_fen       BIGINT       NOT NULL,
    allocations_fen      BIGINT       NOT NULL,
    collective_fen       BIGINT       NOT NULL,
    body                 TEXT         NOT NULL,
    created_at           VARCHAR(30)  NOT NULL,
    approved_by          VARCHAR(100),
    approved_at          VARCHAR(30),
    published_by         VARCHAR(100),
    published_at         VARCHAR(30),
    paid_by              VARCHAR(100),
    paid_at              VARCHAR(30),
    adjusts_statement_id BIGINT       REFERENCES statements (id),
    CHECK ((kind = 'ADJUSTMENT') = (adjusts_statement_id IS NOT NULL))
);
CREATE INDEX statements_village ON statements (village_id, month);
-- One regular statement per village and month (a deleted draft frees the month).
CREATE UNIQUE INDEX statements_one_regular ON statements (village_id, month) WHERE kind = 'REGULAR';
