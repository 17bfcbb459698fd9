-- Prelude for the pagila corpus source (tests/pg/corpus.json).
-- pagila-schema.sql is a pg_dump from PostgreSQL 18: column defaults call
-- uuidv7(), a built-in function since PostgreSQL 18. On PostgreSQL 15 every
-- CREATE TABLE with such a default fails ("function uuidv7() does not
-- exist"), and with it most of the schema. This stand-in makes those tables
-- load; it lives in pg_catalog because the dump runs with an empty
-- search_path and calls uuidv7() unqualified. Function bodies and defaults
-- are not part of the catalog comparison.
CREATE FUNCTION pg_catalog.uuidv7() RETURNS uuid
    LANGUAGE sql VOLATILE
    AS 'SELECT gen_random_uuid()';
