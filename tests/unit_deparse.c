/* unit_deparse.c - expressions printed as pg_get_expr() prints them, with the
 * type markers the catalog fills in later. */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"

#include "lint/catalog.h"
#include "lint/deparse.h"
#include "lint/pgfront.h"
#include "tests/harness.h"

typedef enum { S_EXPR, S_HINT, S_TYPE } S_what;

/* Parses "SELECT <expr>" (or "SELECT NULL::<type>" for S_TYPE) and returns the
 * arena-owned deparsed text, name hint or type spelling. */
static const char *S_run(dbl_arena *a, S_what what, const char *src, int *strength)
{
    char sql[512];
    snprintf(sql, sizeof sql, what == S_TYPE ? "SELECT NULL::%s" : "SELECT %s", src);
    const char *r = NULL;
    MemoryContext ctx = pg_query_enter_memory_context();
    PgQueryInternalParsetreeAndError pr = pg_query_raw_parse(sql);
    if (!pr.error) {
        SelectStmt *s = (SelectStmt *)((RawStmt *)linitial(pr.tree))->stmt;
        Node *v = ((ResTarget *)linitial(s->targetList))->val;
        dbl_deparse_ctx c = {.arena = a, .base = 100, .stmt = {100, 100 + (uint32_t)strlen(sql)}};
        if (what == S_EXPR) {
            r = dbl_deparse_expr(&c, v, NULL, NULL);
        } else if (what == S_HINT) {
            r = dbl_deparse_name_hint(&c, v, strength);
        } else {
            dbl_typeref t = dbl_deparse_typeref(&c, ((TypeCast *)v)->typeName);
            r = dbl_type_format(a, &t);
        }
    } else {
        pg_query_free_error(pr.error);
    }
    free(pr.stderr_buffer);
    pg_query_exit_memory_context(ctx);
    return r;
}

#define EXPR(src, want) STR_EQ(S_run(a, S_EXPR, (src), NULL), (want), (src))

int main(void)
{
    dbl_arena *a = dbl_arena_new();

    /* columns: plain, then marked where a varchar would get its ::text relabel */
    EXPR("name", "name");
    EXPR("lower(name)", "lower(name\x03" "fname\x02)");
    EXPR("a = b", "a\x03" "oa\x02 = b\x03" "ob\x02");
    /* a literal takes the type of the column it is compared with */
    EXPR("status = 'x'", "status\x03" "ostatus\x02 = 'x'\x01" "sstatus\x02");
    EXPR("'x' || 'y'", "'x'::text || 'y'::text");
    /* constants of a cast print as get_const_expr() does */
    EXPR("'1'::integer", "1");
    EXPR("'t'::boolean", "true");
    EXPR("'2020-01-01'::date", "'2020-01-01'::date");
    EXPR("5::numeric", "5::numeric");
    EXPR("-1", "'-1'::integer");
    EXPR("12345678901", "'12345678901'::bigint");
    /* pretty-mode parentheses */
    EXPR("1 + 2 * 3", "1 + 2 * 3");
    EXPR("(1 + 2) * 3", "(1 + 2) * 3");
    EXPR("1 - (2 - 3)", "1 - (2 - 3)");
    EXPR("x IS NULL AND (y OR z)", "x IS NULL AND (y OR z)");
    EXPR("NOT (x AND y)", "NOT (x AND y)");
    /* SQL forms analysis rewrites */
    EXPR("x BETWEEN 1 AND 2", "x\x03" "ox\x02 >= 1\x01" "ix\x02 AND x\x03" "ox\x02 <= 2\x01" "ix\x02");
    EXPR("x IN (1, 2)", "x\x03" "ox\x02 = ANY (ARRAY[1\x01" "ix\x02, 2\x01" "ix\x02]\x01" "ax\x02)");
    EXPR("coalesce(a, 0)", "COALESCE(a, 0\x01" "ia\x02)");
    EXPR("trim(both from x)", "TRIM(BOTH FROM x)");
    EXPR("current_timestamp", "CURRENT_TIMESTAMP");
    EXPR("pg_catalog.upper(x)", "upper(x\x03" "fx\x02)");
    EXPR("x COLLATE \"C\"", "x COLLATE \"C\"");
    EXPR("j ->> 'k'", "j\x03" "oj\x02 ->> 'k'::text");
    /* a cast to the type its argument has is dropped; over a column that depends on
     * the column's type, so both spellings are left to the catalog */
    EXPR("(created_at)::date", "\x04" "ccreated_at\x1f" "date\x1f" "created_at::date\x1f" "created_at\x05");
    EXPR("lower((name)::text)",
         "lower(\x04" "cname\x1f" "text\x1f" "name::text\x1f" "name\x03" "fname\x02\x05)");
    EXPR("lower(email)::text", "lower(email\x03" "femail\x02)");
    EXPR("(j ->> 'k')::text", "j\x03" "oj\x02 ->> 'k'::text");
    EXPR("(j ->> 'k')::integer", "(j\x03" "oj\x02 ->> 'k'::text)::integer");
    EXPR("(a = 1)::boolean AND b", "a\x03" "oa\x02 = 1\x01" "ia\x02 AND b");
    EXPR("now()::timestamptz", "now()");
    EXPR("date_trunc('day', ts)::timestamp",
         "\x04" "dts\x1f" "timestamp without time zone\x1f"
         "date_trunc('day'::text, ts\x03" "fts\x02)::timestamp without time zone\x1f"
         "date_trunc('day'::text, ts\x03" "fts\x02)\x05");
    EXPR("\"Mixed\".\"Col\"", "\"Mixed\".\"Col\"");
    /* what it cannot spell is unique (numbered) and never equal to anything, even itself again */
    const char *sub = S_run(a, S_EXPR, "x IN (SELECT 1)", NULL);
    const char *sub2 = S_run(a, S_EXPR, "x IN (SELECT 1)", NULL);
    OK(sub && strstr(sub, "<?") && strchr(sub, '#'), "sublink marker: %s", sub ? sub : "(null)");
    OK(sub && sub2 && strcmp(sub, sub2) != 0, "sublink markers differ: %s %s", sub ? sub : "", sub2 ? sub2 : "");
    const char *win = S_run(a, S_EXPR, "row_number() OVER ()", NULL);
    OK(win && strncmp(win, "<?", 2) == 0, "window marker: %s", win ? win : "(null)");

    /* FigureColname() */
    int strength = -1;
    STR_EQ(S_run(a, S_HINT, "lower(email)", &strength), "lower", "hint of a call");
    INT_EQ(strength, 2, "a call's name is strong");
    STR_EQ(S_run(a, S_HINT, "(a + b)::text", &strength), "text", "hint of a cast");
    INT_EQ(strength, 1, "a cast's name is weak");
    STR_EQ(S_run(a, S_HINT, "t.col::text", &strength), "col", "a column beats the cast");
    OK(S_run(a, S_HINT, "a + b", &strength) == NULL && strength == 0, "an operator has no name");

    /* written types as format_type() spells them */
    STR_EQ(S_run(a, S_TYPE, "varchar(20)", NULL), "character varying(20)", "varchar(n)");
    STR_EQ(S_run(a, S_TYPE, "int", NULL), "integer", "int");
    STR_EQ(S_run(a, S_TYPE, "timestamptz", NULL), "timestamp with time zone", "timestamptz");
    STR_EQ(S_run(a, S_TYPE, "numeric(10, 2)[]", NULL), "numeric(10,2)[]", "numeric array");
    STR_EQ(S_run(a, S_TYPE, "app.\"Mood\"", NULL), "app.\"Mood\"", "a user type");

    dbl_arena_free(a);
    dbl_front_shutdown();
    return harness_summary();
}
