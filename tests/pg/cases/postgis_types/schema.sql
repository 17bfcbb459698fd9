-- Extension types as their extension prints them: PostGIS's typmodout spells
-- the geometry type in its own case (Polygon, MultiPolygonZ), leaves out SRID 0
-- and an unconstrained typmod, and gives geography the default SRID 4326.
-- The extension's own table (spatial_ref_sys) is not part of the catalog.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE places (
    id bigint PRIMARY KEY,
    geom geometry(POLYGON, 4326) NOT NULL,
    centre geometry(point,4326),
    area geometry(MultiPolygonZ, 3857),
    route geometry(LINESTRINGM),
    anything geometry,
    any_geom geometry(Geometry),
    any_4326 geometry(Geometry, 4326),
    unknown_srid geometry(Point, 0),
    loc geography(Point),
    region geography(MULTIPOLYGON, 4269),
    track public.geometry(linestringzm, 4326)[],
    raw geography
);
CREATE INDEX places_geom_idx ON places USING gist (geom);
CREATE INDEX ON places USING gist (loc);
ALTER TABLE places ALTER COLUMN centre TYPE geometry(PointZ, 4326);
