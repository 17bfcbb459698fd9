-- Prelude for the supabase-auth corpus source (tests/pg/corpus.json).
-- The migrations assume the `auth` schema already exists: in upstream it is
-- created before the migrations run (hack/init_postgres.sql does
-- `CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_admin`).
-- Ownership does not matter for the catalog comparison, so only the schema
-- itself is created here.
CREATE SCHEMA IF NOT EXISTS auth;
