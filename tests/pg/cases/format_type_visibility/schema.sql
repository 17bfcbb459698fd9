-- format_type follows visibility: a user-defined type (enum, domain, range,
-- composite, a table's row type) prints unqualified when an unqualified name
-- would find it on the search_path in force when the catalog is read (here
-- app, public), and schema-qualified otherwise: when its schema is not on the
-- path, or an earlier schema (pg_catalog first) has a type of the same name.
CREATE SCHEMA app;
CREATE SCHEMA other;
CREATE SCHEMA "Mixed";
CREATE TYPE color AS ENUM ('red', 'green');                     -- app.color
CREATE TYPE public.color AS ENUM ('blue');                      -- hidden by app.color
CREATE DOMAIN other.posint AS integer CHECK (VALUE > 0);        -- not on the path
CREATE TYPE floatrange AS RANGE (subtype = float8);             -- app.floatrange
CREATE TYPE pt AS (x int, y int);                               -- app.pt
CREATE TABLE kind (id int);                                     -- app.kind: its row type hides public.kind
CREATE TYPE public.kind AS ENUM ('k');
CREATE TYPE public.json AS ENUM ('j');                          -- hidden by pg_catalog.json
CREATE TYPE "Mixed"."Case" AS ENUM ('c');
CREATE DOMAIN public.email AS text;                             -- visible through public

CREATE TABLE t (
    id int PRIMARY KEY,
    c1 color,
    c2 public.color,
    c3 other.posint,
    c4 floatrange,
    c5 pt,
    c6 public.kind,
    c7 public.json,
    c8 json,
    c9 "Mixed"."Case",
    c10 other.posint[],
    c11 public.color[],
    c12 email,
    c13 app.color[],
    c14 kind
);
CREATE TABLE public.p (id int, a color, b public.color, c other.posint);
-- a range type brings its multirange type (named after it, or as given)
CREATE TYPE app.intrange2 AS RANGE (subtype = int4);
CREATE TYPE public.pricerange AS RANGE (subtype = numeric, multirange_type_name = price_ranges);
CREATE TABLE ranges (id int, a intrange2, b intmultirange2, c pricerange, d price_ranges, e app.intmultirange2[]);
-- a literal compared with a column prints the column's type as format_type does
CREATE INDEX t_red_idx ON t (id) WHERE c1 = 'red';
CREATE INDEX t_blue_idx ON t (id) WHERE c2 = 'blue';
CREATE INDEX t_ok_idx ON t (id) WHERE c9 = 'c';
