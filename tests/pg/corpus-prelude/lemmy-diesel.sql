-- Prelude for the lemmy corpus source (tests/pg/corpus.json).
-- Diesel creates its bookkeeping table before the first migration; lemmy's
-- migration 2025-08-01-000017_forbid_diesel_cli puts a trigger on it.
-- This is the table as diesel creates it.
CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
    version varchar(50) PRIMARY KEY NOT NULL,
    run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
