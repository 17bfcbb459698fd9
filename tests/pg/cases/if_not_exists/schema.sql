-- IF NOT EXISTS / IF EXISTS: a second CREATE TABLE IF NOT EXISTS with other
-- columns is a no-op, CREATE INDEX IF NOT EXISTS with a taken name is a
-- no-op (even on other columns), ADD COLUMN IF NOT EXISTS keeps the first
-- definition.
CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY, a int);
CREATE TABLE IF NOT EXISTS t (id bigint, b text, c int);
CREATE INDEX IF NOT EXISTS t_idx ON t (a);
CREATE INDEX IF NOT EXISTS t_idx ON t (id, a);
ALTER TABLE t ADD COLUMN IF NOT EXISTS b text;
ALTER TABLE t ADD COLUMN IF NOT EXISTS b int NOT NULL DEFAULT 0;
ALTER TABLE t ADD COLUMN IF NOT EXISTS a bigint;
ALTER TABLE IF EXISTS nope ADD COLUMN x int;
DROP INDEX IF EXISTS no_such_index;
CREATE UNIQUE INDEX IF NOT EXISTS t_b_key ON t (b);
CREATE SCHEMA IF NOT EXISTS public;
