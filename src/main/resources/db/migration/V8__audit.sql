-- pvmon audit log: who did what, when and from where; append-only and tamper-evident (org.pvmon.audit.AuditLog).
-- Portable SQL (SQLite and PostgreSQL), as V1-V6: seq is given by the writer (the head's last_seq + 1, under the head
-- row's lock), instants VARCHAR(30) ISO-8601 UTC with three fraction digits (text order is time order), hashes
-- lowercase hexadecimal SHA-256 (64 characters).
--
-- audit_log: one row per entry, never updated. hash = SHA-256 over the length-prefixed fields seq, at, actor, action,
--   target, detail, from_address and prev_hash (audit/Chain); prev_hash is the hash of entry seq - 1, or for the first
--   entry kept the head's anchor_hash. target, detail and from_address may be NULL. No ID number is ever written here
--   (masked before), and every field is bounded by the writer.
CREATE TABLE audit_log (
    seq          BIGINT        NOT NULL PRIMARY KEY,
    at           VARCHAR(30)   NOT NULL,
    actor        VARCHAR(100)  NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    target       VARCHAR(200),
    detail       VARCHAR(2000),
    from_address VARCHAR(64),
    prev_hash    VARCHAR(64)   NOT NULL,
    hash         VARCHAR(64)   NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

-- audit_head: exactly one row, updated in the transaction of every append (which locks it first, so that appends of
-- several threads and instances form one chain): the last entry's seq and hash, so that deleting the last entries is
-- seen too; and the anchor, where the chain kept starts: anchor_seq is the first entry kept and anchor_hash the hash of
-- the entry before it (purged), 64 zeros while nothing was purged.
CREATE TABLE audit_head (
    id          SMALLINT     NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq    BIGINT       NOT NULL,
    last_hash   VARCHAR(64)  NOT NULL,
    anchor_seq  BIGINT       NOT NULL,
    anchor_hash VARCHAR(64)  NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash, anchor_seq, anchor_hash) VALUES (1, 0,
    '0000000000000000000000000000000000000000000000000000000000000000', 1,
    '0000000000000000000000000000000000000000000000000000000000000000');
