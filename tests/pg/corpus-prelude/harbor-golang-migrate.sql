-- Prelude for the harbor corpus source (tests/pg/corpus.json).
-- golang-migrate creates its bookkeeping table before the first migration;
-- harbor's migrations 0030 and 0040 alter it (ADD/DROP COLUMN data_version).
-- This is the table as golang-migrate's postgres driver creates it.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version bigint NOT NULL PRIMARY KEY,
    dirty boolean NOT NULL
);
