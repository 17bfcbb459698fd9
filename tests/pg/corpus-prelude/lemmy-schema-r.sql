-- Prelude for the lemmy replaceable schema (tests/pg/corpus.json).
-- Lemmy's migration runner (crates/diesel_utils/src/schema_setup) drops the
-- `r` schema before running migrations and, after the last migration, runs
-- "CREATE SCHEMA r;" followed by replaceable_schema/utils.sql and
-- replaceable_schema/triggers.sql. This file is that first statement.
CREATE SCHEMA r;
