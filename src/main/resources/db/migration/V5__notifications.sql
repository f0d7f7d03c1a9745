-- pvmon notifications: a durable outbox of alert events and their delivery to each receiver.
-- Portable SQL (SQLite and PostgreSQL), as V1-V3: ids given by the writer, instants VARCHAR(30) ISO-8601 UTC with
-- three fraction digits (text order is time order), money BIGINT fen, lost_kwh exact decimal text.
--
-- notification_events: one row per alert opened or resolved, written in the same transaction as the alert change
-- (registry AlertBook), with the alert's figures at that moment, so a notification says what was true when it happened.
CREATE TABLE notification_events (
    id          BIGINT       NOT NULL PRIMARY KEY,
    alert_id    BIGINT       NOT NULL REFERENCES alerts (id),
    event       VARCHAR(10)  NOT NULL CHECK (event IN ('opened', 'resolved')),
    at          VARCHAR(30)  NOT NULL,
    station_id  VARCHAR(64)  NOT NULL,
    type        VARCHAR(20)  NOT NULL,
    since       VARCHAR(30)  NOT NULL,
    detail      TEXT         NOT NULL,
    lost_kwh    VARCHAR(30)  NOT NULL,
    lost_fen    BIGINT       NOT NULL,
    resolved_by VARCHAR(100),
    comment     TEXT
);
CREATE INDEX notification_events_at ON notification_events (at);

-- notification_deliveries: one row per event and receiver ('webhook', 'wecom', 'dingtalk', 'mqtt'), created by a
-- sender of that receiver, delivered in event order. PENDING -> SENT, or FAILED (given up, or refused for good).
-- A sender claims a row with a conditional UPDATE (claimed_by/claimed_until, a short lease), so with several service
-- instances on one database each notification is sent by one of them.
CREATE TABLE notification_deliveries (
    event_id        BIGINT       NOT NULL REFERENCES notification_events (id),
    receiver        VARCHAR(20)  NOT NULL,
    status          VARCHAR(10)  NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    created_at      VARCHAR(30)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at VARCHAR(30)  NOT NULL,
    last_attempt_at VARCHAR(30),
    last_error      TEXT,
    sent_at         VARCHAR(30),
    claimed_by      VARCHAR(100),
    claimed_until   VARCHAR(30),
    PRIMARY KEY (event_id, receiver)
);
CREATE INDEX notification_deliveries_queue ON notification_deliveries (receiver, status, event_id);
