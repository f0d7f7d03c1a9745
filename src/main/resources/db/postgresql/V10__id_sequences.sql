-- pvmon id sequences (PostgreSQL only; db/sqlite has the same version, empty): the ids of the tables whose ids are given
-- by the writer come from a sequence per table, <table>_id_seq, read by Database.nextId. Several service instances
-- share one PostgreSQL database and insert at the same moments; MAX(id) + 1 read inside the inserting transaction gave
-- two of them the same id, and one failed on the primary key. nextval never gives an id twice and never waits.
-- Each sequence starts after the table's highest id, so a database written before this version goes on from there.
-- A new table with writer-given ids adds its sequence the same way (DatabaseIdsIT checks that every such table has one).
CREATE SEQUENCE statements_id_seq;
SELECT setval('statements_id_seq', COALESCE((SELECT MAX(id) FROM statements), 0) + 1, false);
CREATE SEQUENCE alerts_id_seq;
SELECT setval('alerts_id_seq', COALESCE((SELECT MAX(id) FROM alerts), 0) + 1, false);
CREATE SEQUENCE receipts_id_seq;
SELECT setval('receipts_id_seq', COALESCE((SELECT MAX(id) FROM receipts), 0) + 1, false);
CREATE SEQUENCE notification_events_id_seq;
SELECT setval('notification_events_id_seq', COALESCE((SELECT MAX(id) FROM notification_events), 0) + 1, false);
CREATE SEQUENCE users_id_seq;
SELECT setval('users_id_seq', COALESCE((SELECT MAX(id) FROM users), 0) + 1, false);
CREATE SEQUENCE api_tokens_id_seq;
SELECT setval('api_tokens_id_seq', COALESCE((SELECT MAX(id) FROM api_tokens), 0) + 1, false);
