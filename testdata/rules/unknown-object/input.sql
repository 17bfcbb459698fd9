CREATE SCHEMA app;
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TYPE app.mood AS ENUM ('ok');

-- fires: the referenced table is misspelt; the whole CREATE TABLE fails
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES usres (id));

-- fires: orders was never created, so everything that names it fails too
CREATE INDEX orders_user_idx ON orders (user_id);
ALTER TABLE orders ADD COLUMN note text, ADD COLUMN total_price numeric(12,2);

-- fires: a column and a constraint users does not have
ALTER TABLE users RENAME COLUMN mail TO email_address;
ALTER TABLE users DROP CONSTRAINT users_email_key;

-- fires: a schema that does not exist (a CREATE into it, a move to it)
CREATE TABLE audit.events (id bigint PRIMARY KEY);
ALTER TABLE users SET SCHEMA archive;

-- fires: an index, a view's relation, a type
DROP INDEX users_email_idx;
CREATE VIEW active AS SELECT id FROM user_accounts;
ALTER TYPE mood RENAME TO feeling;

-- fires: no schema of the search_path exists
SET search_path = reporting;
CREATE TABLE daily (id int);
RESET search_path;

-- silent: IF EXISTS, objects that exist, a temporary table
ALTER TABLE IF EXISTS orders ADD COLUMN note text;
ALTER TABLE users DROP COLUMN IF EXISTS mail;
DROP INDEX IF EXISTS users_email_idx;
ALTER TYPE app.mood RENAME TO feeling;
CREATE TEMP TABLE scratch (id int);
CREATE INDEX ON scratch (id);
DROP TABLE scratch;
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
CREATE INDEX orders_user_idx ON orders (user_id);

-- fires: an empty search_path (as pg_dump sets it) selects no schema
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE orphan (id int);
