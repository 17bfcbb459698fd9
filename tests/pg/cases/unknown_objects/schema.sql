-- Statements that name an object the schema never creates fail and change
-- nothing. dbl --complete reports each as unknown-object, at the statement
-- PostgreSQL rejects (run.py checks that every unknown-object is at a
-- rejected statement).
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES usres (id));
ALTER TABLE userz ADD COLUMN name text;
ALTER TABLE IF EXISTS userz ADD COLUMN name text;
ALTER TABLE users DROP COLUMN nickname;
ALTER TABLE users DROP COLUMN IF EXISTS nickname;
ALTER TABLE users RENAME COLUMN nickname TO nick;
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_key;
CREATE INDEX ON userz (email);
DROP TABLE userz;
DROP TABLE IF EXISTS userz;
DROP INDEX users_email_idx;
DROP INDEX IF EXISTS users_email_idx;
ALTER INDEX users_email_idx RENAME TO users_mail_idx;
CREATE VIEW active_users AS SELECT * FROM userz;
CREATE TABLE archive (LIKE userz);
CREATE TABLE child () INHERITS (userz);
CREATE TABLE part_2020 PARTITION OF events FOR VALUES FROM (1) TO (2);
CREATE TABLE nowhere.t (id int);
ALTER TABLE users SET SCHEMA nowhere;
ALTER TYPE no_such_type RENAME TO other_type;
DROP TYPE no_such_type;
DROP TYPE IF EXISTS no_such_type;
DROP SCHEMA nowhere;
DROP SCHEMA IF EXISTS nowhere;
SET search_path = nowhere;
CREATE TABLE lost (id int);
RESET search_path;
-- what does exist still works
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
ALTER TABLE users ADD COLUMN name text;
-- temporary relations are not modelled but known by name: nothing to report
CREATE TEMP TABLE scratch (id int);
CREATE INDEX ON scratch (id);
CREATE TEMP VIEW scratch_v AS SELECT id FROM scratch;
CREATE VIEW scratch_v2 AS SELECT id FROM scratch;           -- temporary too: it reads one
DROP VIEW scratch_v2;
CREATE TABLE pg_temp.scratch2 AS SELECT 1 AS x;
ALTER TABLE scratch2 ADD COLUMN y int;
DROP TABLE scratch, pg_temp.scratch2 CASCADE;
-- a shell type exists
CREATE TYPE shell_t;
DROP TYPE shell_t;
DROP TYPE shell_t;
-- a partitioned table's index cannot be dropped concurrently: it stays
CREATE TABLE measures (id int, at date) PARTITION BY RANGE (at);
CREATE INDEX measures_at_idx ON measures (at);
DROP INDEX CONCURRENTLY measures_at_idx;
-- an empty search_path selects no schema to create in
SET search_path = '';
CREATE TABLE orphan (id int);
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE orphan2 (id int);
RESET search_path;
