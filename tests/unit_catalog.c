/* unit_catalog.c - type spellings, search_path schemas, type renames and
 * unknown objects, read from the catalog a run builds. The same behaviours
 * are checked against a real PostgreSQL by tests/pg (these run without one). */
#include <stdlib.h>

#include "lint/lint.h"
#include "lint/pgfront.h"
#include "tests/harness.h"

typedef struct {
    dbl_config cfg;
    dbl_run *run;
} S_run;

/* Lints sql with the given initial search_path ("a,b" or NULL) and mode. */
static void S_open(S_run *r, const char *sql, const char *path, bool complete)
{
    dbl_config_init(&r->cfg);
    r->cfg.complete = complete;
    if (path) {
        char *copy = dbl_arena_strdup(r->cfg.arena, path);
        for (char *p = strtok(copy, ","); p; p = strtok(NULL, ","))
            dbl_array_push(&r->cfg.search_path, p);
    }
    r->run = dbl_run_new(&r->cfg);
    size_t n = strlen(sql);
    char *bytes = dbl_malloc(n + 1);
    memcpy(bytes, sql, n);
    dbl_run_add_source(r->run, "test.sql", bytes, (uint32_t)n);
    dbl_run_finish(r->run);
}

static void S_close(S_run *r)
{
    dbl_run_free(r->run);
    dbl_config_free(&r->cfg);
}

/* The format_type text of schema.table's column, or NULL. */
static const char *S_type(const S_run *r, const char *schema, const char *table, const char *column)
{
    const dbl_table *t = dbl_catalog_find_table(dbl_run_catalog(r->run), schema, table);
    for (uint32_t i = 0; t && i < t->columns.size; i++)
        if (strcmp(t->columns.items[i]->name, column) == 0)
            return t->columns.items[i]->type.text;
    return NULL;
}

/* PostGIS typmods as postgis_typmod_out prints them (checked on PostGIS 3.3). */
static void S_postgis(void)
{
    static const struct { const char *written, *printed; } cases[] = {
        {"geometry", "geometry"},
        {"geometry(Point)", "geometry(Point)"},
        {"geometry(POLYGON, 4326)", "geometry(Polygon,4326)"},
        {"geometry(multipolygonz,3857)", "geometry(MultiPolygonZ,3857)"},
        {"geometry(Geometry,4326)", "geometry(Geometry,4326)"},
        {"geometry(GEOMETRY)", "geometry"},
        {"geometry(Geometry, 0)", "geometry"},
        {"geometry(PointM)", "geometry(PointM)"},
        {"geometry(pointzm, 0)", "geometry(PointZM)"},
        {"geometry(GeometryZ)", "geometry(GeometryZ)"},
        {"geometry(curvepolygon)", "geometry(CurvePolygon)"},
        {"geometry(POLYHEDRALSURFACEZ)", "geometry(PolyhedralSurfaceZ)"},
        {"geometry(tin,4326)", "geometry(Tin,4326)"},
        {"geometry(Point,4326)[]", "geometry(Point,4326)[]"},
        {"public.geometry(LineString, 4326)", "geometry(LineString,4326)"},
        {"geography", "geography"},
        {"geography(Point)", "geography(Point,4326)"},
        {"geography(MultiPolygon, 4269)", "geography(MultiPolygon,4269)"},
        {"geography(Geometry)", "geography(Geometry,4326)"},
        {"vector(1536)", "vector(1536)"},
        {"geometry(NoSuchShape)", "geometry(nosuchshape)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char sql[200];
        snprintf(sql, sizeof sql, "CREATE TABLE t (c %s);", cases[i].written);
        S_run r;
        S_open(&r, sql, NULL, false);
        STR_EQ(S_type(&r, "public", "t", "c"), cases[i].printed, cases[i].written);
        S_close(&r);
    }
}

/* Partial mode: the schemas of the initial search_path exist; --complete: only created ones. */
static void S_search_path(void)
{
    const char *sql = "CREATE TYPE status AS ENUM ('a');\n"
                      "CREATE TABLE users (id int PRIMARY KEY, s status);\n";
    S_run r;
    S_open(&r, sql, "app,public", false);
    OK(S_type(&r, "app", "users", "s") != NULL, "partial: users goes to app");
    STR_EQ(S_type(&r, "app", "users", "s"), "status", "partial: app.status is visible");
    S_close(&r);

    S_open(&r, sql, "app,public", true);
    OK(S_type(&r, "app", "users", "s") == NULL, "complete: app does not exist");
    STR_EQ(S_type(&r, "public", "users", "s"), "status", "complete: users goes to public");
    S_close(&r);

    S_open(&r, "SET search_path = app, public;\nCREATE TABLE t (id int);\n", NULL, false);
    OK(S_type(&r, "app", "t", "id") != NULL, "partial: a schema a file sets is taken to exist");
    S_close(&r);

    S_open(&r, "SET search_path = app, public;\nCREATE TABLE t (id int);\n", NULL, true);
    OK(S_type(&r, "public", "t", "id") != NULL, "complete: the first existing schema of the path");
    S_close(&r);
}

/* format_type qualifies a type unless the initial search_path finds it. */
static void S_visibility(void)
{
    const char *sql = "CREATE SCHEMA app; CREATE SCHEMA other; CREATE SCHEMA \"Other\";\n"
                      "CREATE TYPE \"Other\".x AS ENUM ('x');\n"
                      "CREATE TYPE app.color AS ENUM ('r'); CREATE TYPE public.color AS ENUM ('b');\n"
                      "CREATE TYPE other.size AS ENUM ('s'); CREATE TABLE app.kind (id int);\n"
                      "CREATE TYPE public.kind AS ENUM ('k'); CREATE TYPE public.json AS ENUM ('j');\n"
                      "CREATE TABLE public.t (a app.color, b public.color, c other.size[], d public.kind,\n"
                      "  e public.json, f json, g \"Other\".x);\n";
    static const struct { const char *path, *col, *want; } cases[] = {
        {"public", "a", "app.color"}, {"public", "b", "color"}, {"public", "c", "other.size[]"},
        {"public", "d", "kind"}, {"public", "e", "public.json"}, {"public", "f", "json"},
        {"public", "g", "\"Other\".x"},
        {"app,public", "a", "color"}, {"app,public", "b", "public.color"}, {"app,public", "d", "public.kind"},
        {"public,pg_catalog", "e", "json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        S_run r;
        S_open(&r, sql, cases[i].path, true);
        char what[80];
        snprintf(what, sizeof what, "column %s with search_path %s", cases[i].col, cases[i].path);
        STR_EQ(S_type(&r, "public", "t", cases[i].col), cases[i].want, what);
        S_close(&r);
    }
}

/* ALTER TYPE RENAME / SET SCHEMA carry columns along; DROP TYPE CASCADE drops them. */
static void S_alter_type(void)
{
    S_run r;
    S_open(&r,
           "CREATE TYPE \"Role\" AS ENUM ('A');\n"
           "CREATE TABLE u (id int, r \"Role\", rs \"Role\"[]);\n"
           "ALTER TYPE \"Role\" RENAME TO \"Role_old\";\n"
           "CREATE TYPE \"Role\" AS ENUM ('A', 'B');\n"
           "ALTER TABLE u ALTER COLUMN r TYPE \"Role\" USING (r::text::\"Role\");\n"
           "CREATE SCHEMA s; CREATE TYPE m AS ENUM ('x'); CREATE DOMAIN d AS m;\n"
           "CREATE TABLE v (a m, b d, c m[]); ALTER TYPE m SET SCHEMA s; ALTER DOMAIN d RENAME TO dd;\n"
           "CREATE TYPE gone AS ENUM ('g'); CREATE TABLE w (id int, g gone, gs gone[]);\n"
           "DROP TYPE gone; DROP TYPE gone CASCADE;\n",
           NULL, true);
    STR_EQ(S_type(&r, "public", "u", "r"), "\"Role\"", "re-typed column");
    STR_EQ(S_type(&r, "public", "u", "rs"), "\"Role_old\"[]", "array follows the rename");
    STR_EQ(S_type(&r, "public", "v", "a"), "s.m", "column follows SET SCHEMA");
    STR_EQ(S_type(&r, "public", "v", "c"), "s.m[]", "array follows SET SCHEMA");
    STR_EQ(S_type(&r, "public", "v", "b"), "dd", "domain rename");
    OK(S_type(&r, "public", "w", "id") && !S_type(&r, "public", "w", "g") && !S_type(&r, "public", "w", "gs"),
       "DROP TYPE CASCADE drops the columns of that type");
    uint32_t n;
    dbl_catalog_unknown_objects(dbl_run_catalog(r.run), &n);
    INT_EQ(n, 0, "nothing unknown");
    S_close(&r);
}

/* --complete records what fails for naming a missing object, once per statement. */
static void S_unknowns(void)
{
    S_run r;
    S_open(&r,
           "CREATE TABLE a (id int PRIMARY KEY);\n"
           "ALTER TABLE b ADD COLUMN x int, ADD COLUMN y int;\n"
           "ALTER TABLE a DROP COLUMN nope;\n"
           "ALTER TABLE a DROP COLUMN IF EXISTS nope;\n"
           "CREATE TEMP TABLE tmp (id int); CREATE INDEX ON tmp (id);\n"
           "CREATE TABLE nowhere.t (id int);\n",
           NULL, true);
    uint32_t n;
    const dbl_unknown_object *u = dbl_catalog_unknown_objects(dbl_run_catalog(r.run), &n);
    INT_EQ(n, 3, "unknown objects");
    if (n == 3) {
        STR_EQ(u[0].kind, "relation", "kind 0");
        STR_EQ(u[0].name, "b", "name 0");
        STR_EQ(u[1].kind, "column", "kind 1");
        STR_EQ(u[1].table, "public.a", "table 1");
        STR_EQ(u[2].kind, "schema", "kind 2");
        STR_EQ(u[2].name, "nowhere", "name 2");
    }
    S_close(&r);
    S_open(&r, "ALTER TABLE b ADD COLUMN x int;\n", NULL, false);
    dbl_catalog_unknown_objects(dbl_run_catalog(r.run), &n);
    INT_EQ(n, 0, "partial mode reports nothing");
    S_close(&r);
}

int main(void)
{
    S_postgis();
    S_search_path();
    S_visibility();
    S_alter_type();
    S_unknowns();
    dbl_front_shutdown();
    return harness_summary();
}
