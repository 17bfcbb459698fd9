-- Tables that are not ordinary CREATE TABLE: temporary tables disappear
-- when the session ends; views, materialized views, sequences and foreign
-- tables are not tables; CREATE TABLE AS / SELECT INTO create ordinary tables
-- whose columns come from the query (unlogged tables are ordinary tables).
CREATE TABLE base (id int PRIMARY KEY, name varchar(40) NOT NULL, price numeric(8,2));
CREATE TEMP TABLE scratch (x int);
CREATE TEMPORARY TABLE scratch2 (LIKE base);
CREATE VIEW base_view AS SELECT id, name FROM base;
CREATE MATERIALIZED VIEW base_mv AS SELECT id, price FROM base;
CREATE INDEX ON base_mv (id);
CREATE SEQUENCE standalone_seq;
CREATE UNLOGGED TABLE fast (id int PRIMARY KEY, v text);
CREATE TABLE copy_as AS SELECT id, name, price * 2 AS double_price, 1 AS one, 'x'::text AS t FROM base;
CREATE TABLE copy_as_nodata (a, b) AS SELECT id, name FROM base WITH NO DATA;
SELECT id, name INTO selected_into FROM base;
CREATE TABLE IF NOT EXISTS copy_as AS SELECT 1 AS other;
CREATE FOREIGN DATA WRAPPER dummy_fdw;
CREATE SERVER dummy_server FOREIGN DATA WRAPPER dummy_fdw;
CREATE FOREIGN TABLE remote_things (id int NOT NULL, label text) SERVER dummy_server;
-- a plain table may take the name a generated index name would have wanted
CREATE TABLE base_mv_id_idx1 (x int);
CREATE INDEX ON base_mv (id);
