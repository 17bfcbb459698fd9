/* unit_shape.c - query shapes: the cheap key, normalization, fingerprints, the cache, qfront. */
#include <stdlib.h>

#include "analyzer/qfront.h"
#include "analyzer/shape.h"
#include "lint/pgfront.h"
#include "tests/harness.h"

static char *S_key(const char *sql, uint64_t *values)
{
    dbl_buf b = {0};
    dbl_shape_key(sql, (uint32_t)strlen(sql), &b, values);
    char *r = dbl_strdup(dbl_buf_str(&b));
    dbl_buf_free(&b);
    return r;
}

static void S_key_case(const char *sql, const char *want)
{
    uint64_t v;
    char *k = S_key(sql, &v);
    STR_EQ(k, want, sql);
    dbl_free(k);
}

static void S_norm_case(const char *sql, const char *want)
{
    dbl_buf b = {0};
    dbl_shape_normalize(sql, (uint32_t)strlen(sql), &b);
    STR_EQ(dbl_buf_str(&b), want, sql);
    dbl_buf_free(&b);
}

static dbl_shape *S_look(dbl_shapes *t, const char *sql, const char *params, uint64_t *values, bool *batch)
{
    return dbl_shapes_lookup(t, sql, (uint32_t)strlen(sql), NULL, params, values, batch);
}

static void S_rewrite_case(const char *sql, const char *want)
{
    dbl_arena *a = dbl_arena_new();
    dbl_qinfo q = dbl_qfront_describe(a, sql);
    if (want)
        STR_EQ(q.rewrite, want, sql);
    else
        OK(q.rewrite == NULL, "%s: no rewrite, got %s", sql, q.rewrite);
    dbl_arena_free(a);
}

int main(void)
{
    /* the key blanks constants and collapses white space and comments */
    S_key_case("SELECT * FROM t WHERE id = 42", "SELECT * FROM t WHERE id = ?");
    S_key_case("select  *\n\tfrom t -- note\n where id=7;", "select * from t where id=?");
    S_key_case("SELECT 'it''s', E'a\\'b', $$x$$, $tag$ y $tag$, 1.5e-3, .5", "SELECT ?, ?, ?, ?, ?, ?");
    S_key_case("SELECT t1.c2 FROM t1 WHERE x = $1 /* a /* nested */ comment */ AND y = B'101'",
               "SELECT t1.c2 FROM t1 WHERE x = $1 AND y = ?");
    S_key_case("SELECT \"Weird 'name'\" FROM \"T\" WHERE a = U&'d\\0061t'", "SELECT \"Weird 'name'\" FROM \"T\" WHERE a = ?");
    S_key_case("EXECUTE order_owner(2315)", "EXECUTE order_owner(?)");
    uint64_t v1, v2, v3;
    dbl_free(S_key("SELECT * FROM t WHERE id = 1", &v1));
    dbl_free(S_key("SELECT * FROM t WHERE id = 2", &v2));
    dbl_free(S_key("SELECT * FROM t WHERE id =  1", &v3));
    OK(v1 != v2, "other constants, other values");
    OK(v1 == v3, "same constants, same values");

    S_norm_case("EXECUTE liked(2, 9283)", "EXECUTE liked($1, $2)");
    S_norm_case("SELECT a FROM t WHERE b = $1 AND c = 'x'", "SELECT a FROM t WHERE b = $1 AND c = $2");

    /* shapes: one per fingerprint, the parser once per key */
    dbl_shapes *t = dbl_shapes_new(true);
    uint64_t va, vb;
    bool batch;
    dbl_shape *a = S_look(t, "SELECT * FROM t WHERE id IN (1, 2, 3)", NULL, &va, &batch);
    dbl_shape *b = S_look(t, "select * from t where id in (4)", NULL, &vb, &batch);
    OK(a == b, "IN lists of other lengths are one shape");
    STR_EQ(a->query, "SELECT * FROM t WHERE id IN ($1, $2, $3)", "normalized as first seen");
    INT_EQ(dbl_shapes_parses(t), 2, "two keys, two parses");
    S_look(t, "SELECT * FROM t WHERE id IN (7, 8, 9)", NULL, &va, &batch);
    INT_EQ(dbl_shapes_parses(t), 2, "a known key does not parse");
    dbl_shape *c = S_look(t, "SELECT a FROM t WHERE id = $1", "$1 = '5'", &va, &batch);
    S_look(t, "SELECT a FROM t WHERE id = $1", "$1 = '6'", &vb, &batch);
    OK(va != vb, "bind parameters are values");
    OK(c != a, "another query, another shape");
    dbl_shape *d = S_look(t, "SELECT 1;", NULL, &va, &batch);
    dbl_shape *e = S_look(t, "SELECT 2", NULL, &vb, &batch);
    OK(d == e, "psql's trailing semicolon is not another shape");
    STR_EQ(d->query, "SELECT $1", "the semicolon is dropped");
    dbl_shape *ins = S_look(t, "INSERT INTO t (a, b) VALUES (1, 2), (3, 4)", NULL, &va, &batch);
    OK(batch, "a multi-row VALUES list is a batch");
    dbl_shape *ins1 = S_look(t, "INSERT INTO t (a, b) VALUES (5, 6)", NULL, &va, &batch);
    OK(!batch && ins1 != ins, "one row: not a batch, and not the batch's shape");
    STR_EQ(ins1->fingerprint_hex, ins->fingerprint_hex, "with libpg_query's fingerprint all the same");
    dbl_shape *bad = S_look(t, "SELEC broken 42", NULL, &va, &batch);
    OK(!bad->parsed, "a statement that does not parse still gets a shape");
    STR_EQ(bad->query, "SELEC broken $1", "normalized by the cheap scan");
    dbl_shape *ex = dbl_shapes_lookup(t, "EXECUTE owner(7)", 16, "PREPARE owner(bigint) AS SELECT * FROM o WHERE id = $1",
                                      NULL, &va, &batch);
    STR_EQ(ex->query, "EXECUTE owner($1)", "EXECUTE normalized");
    STR_EQ(ex->prepared, "SELECT * FROM o WHERE id = $1", "the prepared query kept");
    STR_EQ(ex->info.rewrite, "SELECT * FROM o WHERE id = ANY($1)", "rewritten as the prepared query");
    /* the constants each $n had: fixed or varying, from literals and from bind parameters */
    dbl_shape *q = S_look(t, "SELECT id FROM tickets WHERE status = 'open' AND assignee_id = 5", NULL, &va, &batch);
    S_look(t, "SELECT id FROM tickets WHERE status = 'open' AND assignee_id = 6", NULL, &va, &batch);
    STR_EQ(dbl_shape_fixed_value(q, 1), "open", "a constant that never varies");
    OK(dbl_shape_fixed_value(q, 2) == NULL, "a constant that varies");
    dbl_shape *bq = S_look(t, "SELECT id FROM tickets WHERE priority = $1 AND tenant_id = $2", "$1 = '4', $2 = 'it''s'",
                           &va, &batch);
    S_look(t, "SELECT id FROM tickets WHERE priority = $1 AND tenant_id = $2", "$1 = '4', $2 = NULL", &va, &batch);
    STR_EQ(dbl_shape_fixed_value(bq, 1), "4", "a bind parameter that never varies");
    OK(dbl_shape_fixed_value(bq, 2) == NULL, "a bind parameter that varies");
    dbl_shape *mixed = S_look(t, "SELECT id FROM t2 WHERE a = $1 AND b = 'x'", "$1 = '1'", &va, &batch);
    STR_EQ(dbl_shape_fixed_value(mixed, 2), "x", "literals numbered after the text's own parameters");
    dbl_shape *inl = S_look(t, "SELECT id FROM t3 WHERE a IN (1, 2) AND b = 'y'", NULL, &va, &batch);
    S_look(t, "SELECT id FROM t3 WHERE a IN (1, 2, 3) AND b = 'z'", NULL, &va, &batch);
    STR_EQ(dbl_shape_fixed_value(inl, 3), "y", "another IN-list length numbers its constants its own way");

    dbl_shapes_free(t);

    dbl_shapes *nc = dbl_shapes_new(false);
    S_look(nc, "SELECT 1", NULL, &va, &batch);
    S_look(nc, "SELECT 1", NULL, &va, &batch);
    INT_EQ(dbl_shapes_parses(nc), 2, "without the cache every lookup parses");
    INT_EQ(dbl_shapes_count(nc), 1, "still one shape");
    dbl_shapes_free(nc);

    /* what a statement is, and its batched rewrite */
    dbl_arena *ar = dbl_arena_new();
    INT_EQ(dbl_qfront_describe(ar, "BEGIN").kind, DBL_Q_TXN, "BEGIN");
    INT_EQ(dbl_qfront_describe(ar, "SET search_path = a").kind, DBL_Q_SESSION, "SET");
    INT_EQ(dbl_qfront_describe(ar, "ALTER TABLE t ADD c int").kind, DBL_Q_DDL, "ALTER TABLE");
    INT_EQ(dbl_qfront_describe(ar, "WITH x AS (SELECT 1) SELECT * FROM x").kind, DBL_Q_SELECT, "WITH");
    OK(dbl_qfront_describe(ar, "UPDATE t SET a = 1 RETURNING id").returns_rows, "RETURNING returns rows");
    STR_EQ(dbl_qfront_describe(ar, "SELECT a FROM public.orders o WHERE o.id = $1").relation, "public.orders",
           "relation");
    dbl_arena_free(ar);
    S_rewrite_case("SELECT product_id, qty FROM order_items WHERE order_id = $1",
                   "SELECT order_id, product_id, qty FROM order_items WHERE order_id = ANY($1)");
    S_rewrite_case("SELECT * FROM users WHERE $1 = id", "SELECT * FROM users WHERE ANY($1) = id");
    S_rewrite_case("SELECT avg(rating), count(*) FROM reviews r WHERE r.product_id = $1",
                   "SELECT r.product_id, avg(rating), count(*) FROM reviews r WHERE r.product_id = ANY($1) "
                   "GROUP BY r.product_id");
    S_rewrite_case("SELECT coalesce(sum(qty), $1) FROM order_items WHERE product_id = $2",
                   "SELECT product_id, coalesce(sum(qty), $1) FROM order_items WHERE product_id = ANY($2) "
                   "GROUP BY product_id");
    S_rewrite_case("SELECT id FROM posts WHERE author_id = $1 ORDER BY created_at DESC LIMIT $2",
                   "SELECT k.author_id, q.* FROM unnest($1) AS k(author_id) CROSS JOIN LATERAL "
                   "(SELECT id FROM posts WHERE author_id = k.author_id ORDER BY created_at DESC LIMIT $2) AS q");
    S_rewrite_case("INSERT INTO notifications (user_id, kind) VALUES ($1, $2);",
                   "INSERT INTO notifications (user_id, kind) SELECT * FROM unnest($1, $2)");
    S_rewrite_case("DELETE FROM carts WHERE user_id = $1", "DELETE FROM carts WHERE user_id = ANY($1)");
    S_rewrite_case("UPDATE t SET a = $2 WHERE id = $1", NULL);
    S_rewrite_case("SELECT * FROM t WHERE a > $1", NULL);
    dbl_front_shutdown();
    return harness_summary();
}
