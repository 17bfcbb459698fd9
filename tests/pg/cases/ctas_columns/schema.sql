-- CREATE TABLE AS and SELECT INTO: column names from the select list, types
-- of plain columns from the FROM relations, written casts and literals;
-- temporary tables are not in the catalog.
CREATE TABLE src (id int PRIMARY KEY, name varchar(40) NOT NULL, price numeric(8,2));
CREATE TABLE other (src_id int, tag text);
CREATE TEMP TABLE scratch (x int);
CREATE TEMPORARY TABLE scratch_as AS SELECT * FROM src;
CREATE TABLE joined AS
    SELECT s.id, s.name AS title, o.tag, 1 AS one, 'x'::text AS t, NULL::int AS nothing, price * 2 AS doubled
    FROM src s JOIN other o ON o.src_id = s.id;
CREATE TABLE unioned AS SELECT id, name FROM src UNION ALL SELECT src_id, tag FROM other;
WITH c AS (SELECT id FROM src) SELECT id INTO from_cte FROM c;
SELECT name, price INTO TEMP temp_into FROM src;
CREATE MATERIALIZED VIEW mv AS SELECT id, price FROM src;
CREATE INDEX mv_id ON mv (id);
CREATE INDEX mv_id_price ON mv (id, price);
CREATE TABLE backup AS SELECT * FROM src;
CREATE TABLE star_join AS SELECT s.*, o.tag FROM src s JOIN other o ON o.src_id = s.id;
