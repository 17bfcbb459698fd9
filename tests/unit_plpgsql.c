/* unit_plpgsql.c - DO block bodies read as the SQL they run. */
#include "postgres.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"

#include "lint/plpgsql.h"
#include "lint/pgfront.h"
#include "tests/harness.h"

/* The body as SQL with blanks squeezed to one space (NULL if unreadable). */
static const char *S_sql(dbl_arena *a, const char *body, dbl_plpgsql_body *pb)
{
    dbl_plpgsql_read_block(a, body, pb);
    if (!pb->sql)
        return NULL;
    char *out = dbl_arena_alloc(a, strlen(pb->sql) + 1), *w = out;
    for (const char *p = pb->sql; *p; p++) {
        if (*p == ' ' || *p == '\n') {
            if (w > out && w[-1] != ' ')
                *w++ = ' ';
            continue;
        }
        *w++ = *p;
    }
    while (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    return out[0] == ' ' ? out + 1 : out;
}

int main(void)
{
    dbl_arena *a = dbl_arena_new();
    MemoryContext ctx = pg_query_enter_memory_context();
    dbl_plpgsql_body pb;

    const char *body = "\nBEGIN\n  CREATE TABLE t (id int);\nEND\n";
    STR_EQ(S_sql(a, body, &pb), "CREATE TABLE t (id int);", "plain block");
    INT_EQ(strlen(pb.sql), strlen(body), "offsets kept");
    INT_EQ(pb.dynamic_at, UINT32_MAX, "no run-time SQL");

    STR_EQ(S_sql(a, "DECLARE n int := 1; s text; BEGIN n := n + 1; RAISE NOTICE 'x %', n; "
                    "PERFORM pg_sleep(0); CREATE INDEX i ON t (a); END", &pb),
           "CREATE INDEX i ON t (a);", "declarations, assignments, RAISE, PERFORM");

    STR_EQ(S_sql(a, "BEGIN EXECUTE 'ALTER INDEX a RENAME TO b'; END", &pb), "ALTER INDEX a RENAME TO b ;",
           "a constant EXECUTE");
    STR_EQ(S_sql(a, "BEGIN EXECUTE 'COMMENT ON TABLE t IS ''it''''s'''; END", &pb),
           "COMMENT ON TABLE t IS 'it''s' ;", "quotes in a constant");
    STR_EQ(S_sql(a, "BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN %I %s', 'T', 'c', 'int'); END", &pb),
           "ALTER TABLE \"T\" ADD COLUMN c int ;", "format() over constants");
    STR_EQ(S_sql(a, "BEGIN EXECUTE 'DROP ' || $q$INDEX x$q$ || E'\\n'; END", &pb), "DROP INDEX x ;",
           "|| over constants");

    /* run-time SQL: recorded, blanked; a DROP makes every name of the block a candidate */
    body = "DECLARE i text := 'old_idx'; BEGIN EXECUTE 'DROP INDEX ' || i; CREATE TABLE k (a int); END";
    STR_EQ(S_sql(a, body, &pb), "CREATE TABLE k (a int);", "run-time SQL is left out");
    INT_EQ(pb.dynamic_at, strstr(body, "EXECUTE") - body, "where the run-time SQL is");
    OK(pb.dynamic_ddl, "its known parts are DDL");
    bool named = false;
    for (uint32_t i = 0; i < pb.n_touched; i++)
        named |= strcmp(pb.touched[i], "old_idx") == 0;
    OK(named, "the index it may drop is named");

    /* a loop is not read; EXECUTE in it is run-time SQL */
    STR_EQ(S_sql(a, "DECLARE r record; BEGIN FOR r IN SELECT 1 LOOP EXECUTE 'CREATE TABLE x' || r; "
                    "END LOOP; CREATE TABLE y (a int); END", &pb),
           "CREATE TABLE y (a int);", "a loop");
    OK(pb.dynamic_at != UINT32_MAX, "EXECUTE in a loop is run-time SQL");

    /* guards: branches kept with their offsets, the condition parsed */
    body = "BEGIN IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname IN ('a', 'b') AND schemaname = 's') "
           "THEN CREATE INDEX a ON t (x); ELSE DROP INDEX b; END IF; END";
    STR_EQ(S_sql(a, body, &pb), "CREATE INDEX a ON t (x); DROP INDEX b;", "both branches kept");
    INT_EQ(pb.n_guards, 1, "one guard");
    STR_EQ(pb.guards[0].cond->view, "pg_indexes", "the view");
    OK(pb.guards[0].cond->negate && pb.guards[0].cond->op == 'e', "NOT EXISTS");
    INT_EQ(pb.guards[0].cond->n_terms, 2, "two terms");
    STR_EQ(pb.guards[0].cond->terms[0], "indexname\x1f" "a\x1f" "b", "an IN list");
    INT_EQ(pb.guards[0].then_from, strstr(body, "THEN") - body + 4, "THEN branch start");
    INT_EQ(pb.guards[0].else_from, strstr(body, "ELSE") - body + 4, "ELSE branch start");
    INT_EQ(pb.guards[0].else_to, strstr(body, "END IF") - body, "ELSE branch end");

    S_sql(a, "BEGIN IF (SELECT count(*) FROM pg_class WHERE relname = 'x') >= 2 THEN DROP TABLE x; END IF; END", &pb);
    OK(pb.n_guards == 1 && pb.guards[0].cond->op == 'g' && pb.guards[0].cond->count == 2, "a counted guard");

    /* pg_class joined to pg_namespace: nspname is the class's schema */
    S_sql(a, "BEGIN IF NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
             "WHERE c.relname = 'i' AND n.nspname = 'app') THEN CREATE INDEX i ON app.t (a); END IF; END", &pb);
    OK(pb.n_guards == 1 && strcmp(pb.guards[0].cond->view, "pg_class") == 0 && pb.guards[0].cond->n_terms == 2 &&
           strcmp(pb.guards[0].cond->terms[1], "relnamespace\x1f" "app") == 0,
       "a pg_class / pg_namespace join");
    S_sql(a, "BEGIN IF EXISTS (SELECT FROM pg_namespace n, pg_class c WHERE c.relnamespace = n.oid AND "
             "nspname = 'app' AND relname = 'x') THEN DROP TABLE app.x; END IF; END", &pb);
    OK(pb.n_guards == 1 && pb.guards[0].cond->n_terms == 2, "the same join written with a comma");

    /* a guard on something else, taken to hold (the ELSE branch is left out) */
    STR_EQ(S_sql(a, "BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'r') THEN CREATE TABLE a (i int); "
                    "ELSE CREATE TABLE b (i int); END IF; END", &pb),
           "CREATE TABLE a (i int);", "an unknown EXISTS guard");
    INT_EQ(pb.n_guards, 0, "not decided by the catalog");

    /* unreadable: other control flow */
    OK(S_sql(a, "BEGIN CASE WHEN true THEN CREATE TABLE a (i int); END CASE; END", &pb) == NULL, "CASE");
    OK(S_sql(a, "BEGIN IF current_setting('x') = 'y' THEN CREATE TABLE a (i int); END IF; END", &pb) == NULL,
       "an IF that is not a catalog guard");

    /* functions: only run-time DDL counts */
    dbl_plpgsql_scan_function(a, "BEGIN EXECUTE format('SELECT count(*) FROM %I', t) INTO n; END", &pb);
    OK(!pb.dynamic_ddl, "a run-time query");
    dbl_plpgsql_scan_function(a, "BEGIN EXECUTE 'CREATE TABLE ' || t || ' (id int)'; END", &pb);
    OK(pb.dynamic_ddl && pb.dynamic_at == 6, "run-time DDL");

    pg_query_exit_memory_context(ctx);
    dbl_arena_free(a);
    dbl_front_shutdown();
    return harness_summary();
}
