/* unit_nplusone.c - the loop detector on session sequences written out statement by statement. */
#include <stdlib.h>

#include "analyzer/logread.h"
#include "analyzer/nplusone.h"
#include "lint/pgfront.h"
#include "tests/harness.h"

typedef struct {
    DBL_ARRAY(dbl_loop) loops;
} S_sink;

static void S_on_loop(void *ud, const dbl_loop *l)
{
    S_sink *s = ud;
    dbl_loop c = *l;
    c.session = NULL;
    dbl_array_push(&s->loops, c);
}

typedef struct {
    dbl_shapes *shapes;
    dbl_nplus *d;
    S_sink sink;
    int64_t t;      /* µs */
    uint64_t line;
    uint32_t res;
} S_env;

static void S_env_init(S_env *e, uint32_t min_loop, int64_t gap_us)
{
    memset(e, 0, sizeof *e);
    e->shapes = dbl_shapes_new(true);
    dbl_nplus_opts o = {.min_loop = min_loop, .max_gap_us = gap_us};
    e->d = dbl_nplus_new(&o, e->shapes, S_on_loop, &e->sink);
    e->t = 1700000000000000;
    e->res = 1000;
}

static void S_env_free(S_env *e)
{
    dbl_nplus_free(e->d);
    dbl_shapes_free(e->shapes);
    dbl_array_free(&e->sink.loops);
}

/* Runs sql in session after step_us of idle time; returns the shape id. */
static uint32_t S_run(S_env *e, const char *session, const char *sql, int64_t step_us)
{
    uint64_t values;
    bool batch;
    dbl_shape *s = dbl_shapes_lookup(e->shapes, sql, (uint32_t)strlen(sql), NULL, NULL, &values, &batch);
    e->t += step_us;
    int64_t t = e->res > 1000 ? e->t / e->res * e->res : e->t;
    dbl_exec x = {.shape = s->id, .values = values, .batch = batch, .time_us = t, .res_us = e->res,
                  .ms = -1, .line = ++e->line};
    x.end_line = x.line;
    dbl_nplus_exec(e->d, session, 7, &x);
    return s->id;
}

static uint32_t S_count_rule(const S_env *e, bool repeated)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < e->sink.loops.size; i++)
        n += e->sink.loops.items[i].repeated == repeated;
    return n;
}

int main(void)
{
    char sql[256];
    S_env e;

    /* a loop of one statement after its parent */
    S_env_init(&e, 3, 100000);
    uint32_t parent = S_run(&e, "s1", "SELECT id FROM orders WHERE user_id = 104", 0);
    uint32_t child = 0;
    for (int i = 0; i < 12; i++) {
        snprintf(sql, sizeof sql, "SELECT * FROM order_items WHERE order_id = %d", 900 + i);
        child = S_run(&e, "s1", sql, 800);
    }
    S_run(&e, "s1", "SELECT 1", 5000000);
    dbl_nplus_finish(e.d);
    INT_EQ(e.sink.loops.size, 1, "one loop");
    const dbl_loop *l = dbl_array_get(&e.sink.loops, 0);
    INT_EQ(l->iterations, 12, "twelve iterations");
    INT_EQ(l->body[0], child, "the child query");
    OK(l->has_parent && l->parent_shape == parent, "its parent");
    INT_EQ(l->line, 2, "first line");
    INT_EQ(l->parent_line, 1, "parent line");
    OK(!l->repeated, "constants vary");
    S_env_free(&e);

    /* a body of two statements, interleaved; and the same loop after another parent */
    S_env_init(&e, 3, 100000);
    for (int round = 0; round < 2; round++) {
        S_run(&e, "s1", "SELECT id, user_id FROM orders WHERE status = 'shipped'", 2000000);
        for (int i = 0; i < 5; i++) {
            snprintf(sql, sizeof sql, "SELECT email FROM users WHERE id = %d", 10 + i);
            S_run(&e, "s1", sql, 500);
            snprintf(sql, sizeof sql, "SELECT tracking_no FROM shipments WHERE order_id = %d", 70 + i);
            S_run(&e, "s1", sql, 500);
        }
    }
    dbl_nplus_finish(e.d);
    INT_EQ(e.sink.loops.size, 2, "two bursts of one body");
    l = dbl_array_get(&e.sink.loops, 0);
    INT_EQ(l->n_body, 2, "two statements per iteration");
    INT_EQ(l->iterations, 5, "five iterations");
    INT_EQ(l->executions, 10, "ten executions");
    OK(l->has_parent, "parent found");
    S_env_free(&e);

    /* a transaction per row: BEGIN, UPDATE, INSERT, COMMIT; the body is the two writes */
    S_env_init(&e, 3, 100000);
    S_run(&e, "s1", "SELECT id FROM invoices WHERE status = 'open'", 0);
    uint32_t upd = 0, ins = 0;
    for (int i = 0; i < 6; i++) {
        S_run(&e, "s1", "BEGIN", 200);
        snprintf(sql, sizeof sql, "UPDATE invoices SET status = 'sent' WHERE id = %d", i);
        upd = S_run(&e, "s1", sql, 200);
        snprintf(sql, sizeof sql, "INSERT INTO outbox (invoice_id) VALUES (%d)", i);
        ins = S_run(&e, "s1", sql, 200);
        S_run(&e, "s1", "COMMIT", 200);
    }
    dbl_nplus_finish(e.d);
    INT_EQ(e.sink.loops.size, 1, "one loop");
    l = dbl_array_get(&e.sink.loops, 0);
    INT_EQ(l->n_body, 2, "the body names the writes");
    OK(l->body[0] == upd && l->body[1] == ins, "UPDATE then INSERT");
    INT_EQ(l->iterations, 6, "six iterations");
    INT_EQ(l->executions, 24, "every statement counted");
    S_env_free(&e);

    /* nested: A per row of P, B per row of each A */
    S_env_init(&e, 3, 100000);
    S_run(&e, "s1", "SELECT id FROM nodes WHERE region = 'eu'", 0);
    int inner[] = {3, 2, 4, 1};
    for (int i = 0; i < 4; i++) {
        snprintf(sql, sizeof sql, "SELECT id FROM probes WHERE node_id = %d", i);
        S_run(&e, "s1", sql, 300);
        for (int k = 0; k < inner[i]; k++) {
            snprintf(sql, sizeof sql, "SELECT * FROM results WHERE probe_id = %d", i * 10 + k);
            S_run(&e, "s1", sql, 300);
        }
    }
    dbl_nplus_finish(e.d);
    uint32_t outer = 0, nested = 0;
    for (uint32_t i = 0; i < e.sink.loops.size; i++) {
        l = &e.sink.loops.items[i];
        if (l->nested) {
            nested += (uint32_t)l->iterations;
            OK(l->has_parent && l->parent_shape == 1, "the inner loop's parent is the outer loop's query");
        } else {
            outer++;
            INT_EQ(l->iterations, 4, "outer iterations");
            OK(l->has_parent && l->parent_shape == 0, "the outer loop's parent");
        }
    }
    INT_EQ(outer, 1, "one outer loop");
    INT_EQ(nested, 10, "every inner execution");
    S_env_free(&e);

    /* not loops: polling a second apart, a loop of two, DDL scripts, batches; identical repeats */
    S_env_init(&e, 3, 100000);
    for (int i = 0; i < 5; i++) {
        snprintf(sql, sizeof sql, "SELECT * FROM comments WHERE id > %d", 100 + i * 10);
        S_run(&e, "poll", sql, 1100000);
    }
    S_run(&e, "two", "SELECT id FROM orders WHERE user_id = 31", 0);
    S_run(&e, "two", "SELECT * FROM shipments WHERE order_id = 1", 400);
    S_run(&e, "two", "SELECT * FROM shipments WHERE order_id = 2", 400);
    for (int i = 0; i < 5; i++) {
        snprintf(sql, sizeof sql, "ALTER TABLE t%d ADD COLUMN c int", i);
        S_run(&e, "ddl", sql, 300);
    }
    for (int i = 0; i < 5; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO t (a) VALUES (%d), (%d)", i, i + 1);
        S_run(&e, "batch", sql, 300);
    }
    for (int i = 0; i < 4; i++)
        S_run(&e, "cache", "SELECT id, name FROM products WHERE id = 77", 200);
    dbl_nplus_finish(e.d);
    INT_EQ(S_count_rule(&e, false), 0, "no N+1 among the decoys");
    INT_EQ(S_count_rule(&e, true), 1, "identical repeats are a repeated query");
    S_env_free(&e);

    /* a coarse clock (%t): a poll every 1.2 s must not pass, a tight loop must */
    S_env_init(&e, 3, 100000);
    e.res = 1000000;
    for (int i = 0; i < 4; i++) {
        snprintf(sql, sizeof sql, "SELECT * FROM jobs WHERE id > %d", i);
        S_run(&e, "poll", sql, 1200000);
    }
    e.t += 700000; /* the loop crosses a second boundary */
    S_run(&e, "loop", "SELECT id FROM posts WHERE author_id = 3", 0);
    for (int i = 0; i < 6; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM likes WHERE post_id = %d", i);
        S_run(&e, "loop", sql, 80000);
    }
    dbl_nplus_finish(e.d);
    INT_EQ(e.sink.loops.size, 1, "only the loop, with one-second timestamps");
    S_env_free(&e);

    dbl_front_shutdown();
    return harness_summary();
}
