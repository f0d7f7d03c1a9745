package org.pvmon.access;

/** What a role may do; each HTTP endpoint names the one it needs. */
public enum Permission {
    /** Stations, readings, daily energy, the fleet overview, alerts. */
    FLEET_READ,
    /** Acknowledge and resolve alerts. */
    ALERT_HANDLE,
    /** Revenue, receivables, receipts, statements and plans (money, no household identities beyond a statement's names). */
    MONEY_READ,
    /** The household register and public-welfare posts (ID numbers masked unless {@link #ID_NUMBERS_READ}). */
    HOUSEHOLD_READ,
    /** Full ID numbers, in the register and its exports. */
    ID_NUMBERS_READ,
    /** Upload and edit the register: villages, stations, tariffs, households, posts (within the scope). */
    REGISTER_EDIT,
    /** Create, adjust and delete draft statements (one village or a county's month-end drafts). */
    STATEMENT_PREPARE,
    /** Approve, publish (公示) and mark paid a statement. */
    STATEMENT_APPROVE,
    /** Record, import and void receipts of the grid's payments. */
    RECEIPT_RECORD,
    /** New versions of a village's distribution plan. */
    PLAN_EDIT,
    /** Operations: ingest counters, rejected readings, recompute energy, evaluate alerts now, notifications, metrics. */
    OPERATE,
    /** Users and API tokens. */
    USERS_MANAGE,
    /** Stations' broker logins: issue, rotate, revoke, credential sheets. */
    LOGGERS_MANAGE,
    /** The audit log: read, export, verify. */
    AUDIT_READ
}
