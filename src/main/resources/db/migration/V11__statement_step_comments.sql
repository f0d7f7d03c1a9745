-- pvmon statements: the comment a person may give with a lifecycle step (why it was approved, where the notice was
-- posted, how the money was paid), stored with the step's by/at columns. Portable SQL (SQLite and PostgreSQL), as V2:
-- one ADD COLUMN per statement. NULL: no comment (and every step taken before this migration).
-- The statement's body (its StatementDocument) is untouched: a comment belongs to the ledger row, not to the document.
ALTER TABLE statements ADD COLUMN approved_comment TEXT;
ALTER TABLE statements ADD COLUMN published_comment TEXT;
ALTER TABLE statements ADD COLUMN paid_comment TEXT;
