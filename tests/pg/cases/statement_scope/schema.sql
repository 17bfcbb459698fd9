-- What one statement does as a whole, and what a session's temporary objects
-- hide. All of it runs in PostgreSQL; dbl --complete must not report any of
-- it as unknown-object, and its catalog must come out the same.

-- DROP TABLE a, b drops them together: b's foreign key to a, a partition or an
-- inheritance child named in the same statement do not block the drop
CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
DROP TABLE a, b;
CREATE TABLE parent (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE parent_2024 PARTITION OF parent FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
DROP TABLE parent, parent_2024;
CREATE TABLE base (id int);
CREATE TABLE derived (extra int) INHERITS (base);
DROP TABLE base, derived;
CREATE TABLE a (id bigint PRIMARY KEY, note text);             -- the names are free again

-- ALTER INDEX ... RENAME renames a table too (any relation kind)
CREATE TABLE renamed_by_index (id int);
ALTER INDEX renamed_by_index RENAME TO renamed_table;
CREATE INDEX ON renamed_table (id);

-- CREATE SCHEMA runs its elements by kind: tables before views and indexes
CREATE SCHEMA inventory
    CREATE INDEX items_sku_idx ON items (sku)
    CREATE VIEW cheap AS SELECT sku FROM items WHERE price < 10
    CREATE TABLE items (id int PRIMARY KEY, sku text, price numeric(10,2) NOT NULL);

-- a temporary table hides a permanent one of the same name; its indexes are temporary
CREATE TABLE jobs (id int PRIMARY KEY, state text);
CREATE TEMP TABLE jobs (tmp_id int);
CREATE INDEX jobs_tmp_idx ON jobs (tmp_id);
ALTER TABLE jobs RENAME TO jobs_scratch;                         -- the temporary one
ALTER TABLE jobs ADD COLUMN finished_at timestamptz;             -- the permanent one again
DROP INDEX jobs_tmp_idx;
DROP TABLE jobs_scratch;
