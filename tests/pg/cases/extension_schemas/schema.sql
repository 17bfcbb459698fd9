-- Extensions installed in their own schema (as Supabase does: WITH SCHEMA
-- extensions) put their types there: a column written `geometry` on the path
-- public, extensions is extensions.geometry, and format_type qualifies it when
-- the catalog is read with search_path public. An extension in public is
-- visible: its types print unqualified.
CREATE SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS ltree SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS cube;
SET search_path = public, extensions;
CREATE TABLE places (
    id bigint PRIMARY KEY,
    geom geometry(MultiPolygon, 4326),
    loc extensions.geography(Point),
    tags hstore,
    path ltree,
    paths ltree[],
    name citext NOT NULL,
    box cube
);
CREATE INDEX places_name_idx ON places (name);
CREATE INDEX places_tags_idx ON places USING gin (tags);
CREATE INDEX places_path_idx ON places USING gist (path);
