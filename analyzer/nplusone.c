/* nplusone.c - loops in each session's sequence of statements (see nplusone.h). */
#include "analyzer/nplusone.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/logread.h"
#include "lint/hmap.h"

/* Executions a session holds before its segment is analyzed anyway. */
static const uint32_t S_SEGMENT_CAP = 16384;
/* Executions kept from the previous segment to find a loop's parent. */
enum { S_CONTEXT = 32 };
/* How far back a loop's parent is looked for. */
static const uint32_t S_PARENT_REACH = 24;

typedef struct {
    char *key;
    int32_t pid;
    DBL_ARRAY(dbl_exec) seg;
    dbl_exec context[S_CONTEXT]; /* the executions before seg, oldest first */
    uint32_t n_context;
} S_session;

typedef struct {
    uint32_t shape;
    uint32_t first; /* index in the segment */
    uint32_t len;
    bool batch;
} S_token;

struct dbl_nplus {
    dbl_nplus_opts o;
    const dbl_shapes *shapes;
    dbl_loop_fn fn;
    void *ud;
    dbl_hmap sessions;
    uint64_t n_sessions;
    DBL_ARRAY(S_token) tokens; /* scratch */
};

dbl_nplus *dbl_nplus_new(const dbl_nplus_opts *opts, const dbl_shapes *shapes, dbl_loop_fn fn, void *ud)
{
    dbl_nplus *d = dbl_calloc(1, sizeof *d);
    d->o = *opts;
    if (d->o.min_loop < 2)
        d->o.min_loop = 2;
    d->shapes = shapes;
    d->fn = fn;
    d->ud = ud;
    return d;
}

static void S_session_free(S_session *s)
{
    dbl_array_free(&s->seg);
    dbl_free(s->key);
    dbl_free(s);
}

void dbl_nplus_free(dbl_nplus *d)
{
    if (!d)
        return;
    for (uint32_t i = 0; i < d->sessions.cap; i++) {
        S_session *s = dbl_hmap_value_at(&d->sessions, i);
        if (s)
            S_session_free(s);
    }
    dbl_hmap_free(&d->sessions);
    dbl_array_free(&d->tokens);
    dbl_free(d);
}

uint64_t dbl_nplus_sessions(const dbl_nplus *d)
{
    return d->n_sessions;
}

/* ---- reading a segment --------------------------------------------------- */

static const dbl_shape *S_shape(const dbl_nplus *d, uint32_t id)
{
    return dbl_shapes_get(d->shapes, id);
}

/* A statement an application runs per row (not transaction control, session
 * commands, DDL or COPY). */
static bool S_iterable(const dbl_nplus *d, const dbl_exec *e)
{
    if (e->batch)
        return false;
    switch (S_shape(d, e->shape)->info.kind) {
    case DBL_Q_TXN:
    case DBL_Q_PREPARE:
    case DBL_Q_SESSION:
    case DBL_Q_DDL:
    case DBL_Q_COPY:
        return false;
    default:
        return true;
    }
}

/* A statement whose rows may drive a loop. */
static bool S_parent_like(const dbl_nplus *d, const dbl_exec *e)
{
    const dbl_shape *s = S_shape(d, e->shape);
    return s->info.returns_rows && s->info.kind != DBL_Q_SESSION;
}

static int64_t S_start(const dbl_exec *e)
{
    if (e->time_us == DBL_LOG_NO_TIME)
        return DBL_LOG_NO_TIME;
    return e->ms > 0 ? e->time_us - (int64_t)(e->ms * 1000.0) : e->time_us;
}

static int64_t S_end(const dbl_exec *e)
{
    return e->time_us;
}

/* The execution before index i of the segment, looking into the context (k = 1 is the one just before). */
static const dbl_exec *S_before(const S_session *s, uint32_t i, uint32_t k)
{
    if (k <= i)
        return &s->seg.items[i - k];
    uint32_t c = k - i;
    return c <= s->n_context ? &s->context[s->n_context - c] : NULL;
}

static bool S_in_body(const dbl_loop *l, uint32_t shape)
{
    for (uint32_t j = 0; j < l->n_body; j++) {
        if (l->body[j] == shape)
            return true;
    }
    return false;
}

/* The nearest statement before segment index i that returns rows and is not part of the loop. */
static void S_find_parent(const dbl_nplus *d, const S_session *s, uint32_t i, dbl_loop *l)
{
    for (uint32_t k = 1; k <= S_PARENT_REACH; k++) {
        const dbl_exec *e = S_before(s, i, k);
        if (!e)
            return;
        if (S_in_body(l, e->shape) || !S_parent_like(d, e))
            continue;
        l->has_parent = true;
        l->parent_shape = e->shape;
        l->parent_file = e->file;
        l->parent_line = e->line;
        return;
    }
}

/* Fills the location, time and duration of executions [first, last] of the segment. */
static void S_span(const S_session *s, uint32_t first, uint32_t last, dbl_loop *l)
{
    const dbl_exec *a = &s->seg.items[first], *b = &s->seg.items[last];
    l->file = a->file;
    l->line = a->line;
    l->end_line = b->file == a->file ? b->end_line : a->end_line;
    l->first_us = S_start(a);
    l->last_us = S_start(b);
    for (uint32_t k = first; k <= last; k++) {
        const dbl_exec *e = &s->seg.items[k];
        if (e->ms >= 0) {
            l->total_ms += e->ms;
            l->timed = true;
        }
    }
}

/* Loops are close together: on logs with a coarse clock (%t: one second) a run of
 * polls a second apart must not pass for a loop, so the whole run must fit in
 * what its gaps allow. */
static bool S_tight(const dbl_nplus *d, const S_session *s, uint32_t first, uint32_t last)
{
    const dbl_exec *a = &s->seg.items[first], *b = &s->seg.items[last];
    if (a->time_us == DBL_LOG_NO_TIME || b->time_us == DBL_LOG_NO_TIME)
        return true;
    int64_t res = a->res_us > b->res_us ? a->res_us : b->res_us;
    int64_t span = S_start(b) - S_start(a);
    int64_t busy = 0;
    for (uint32_t k = first; k < last; k++) {
        const dbl_exec *e = &s->seg.items[k];
        if (e->ms > 0)
            busy += (int64_t)(e->ms * 1000.0);
    }
    return span - busy < (int64_t)(last - first) * d->o.max_gap_us + res;
}

static bool S_same_values(const S_session *s, const S_token *t)
{
    for (uint32_t k = 1; k < t->len; k++) {
        if (s->seg.items[t->first + k].values != s->seg.items[t->first].values)
            return false;
    }
    return true;
}

static void S_emit(dbl_nplus *d, const S_session *s, dbl_loop *l)
{
    l->session = s->key;
    l->pid = s->pid;
    d->fn(d->ud, l);
}

/* A run of one statement. */
static void S_single(dbl_nplus *d, const S_session *s, const S_token *t)
{
    const dbl_exec *e = &s->seg.items[t->first];
    if (t->batch || !S_iterable(d, e))
        return;
    uint32_t last = t->first + t->len - 1;
    if (!S_tight(d, s, t->first, last))
        return;
    dbl_loop l = {.n_body = 1, .body = {t->shape}, .iterations = t->len, .executions = t->len};
    l.repeated = S_same_values(s, t);
    S_span(s, t->first, last, &l);
    S_find_parent(d, s, t->first, &l);
    S_emit(d, s, &l);
}

/* reps repetitions of the p tokens at tokens[i]. */
static void S_pattern(dbl_nplus *d, const S_session *s, const S_token *tok, uint32_t p, uint32_t reps)
{
    /* the body as the application wrote it: transaction control and session
     * commands around each iteration are counted but not named */
    uint32_t kept[DBL_LOOP_MAX_BODY], n_kept = 0;
    bool varies = false;
    for (uint32_t j = 0; j < p; j++) {
        const dbl_exec *e = &s->seg.items[tok[j].first];
        if (!S_iterable(d, e))
            continue;
        kept[n_kept++] = j;
        uint64_t v0 = e->values;
        for (uint32_t r = 0; r < reps && !varies; r++) {
            const S_token *t = &tok[r * p + j];
            for (uint32_t k = 0; k < t->len; k++) {
                if (s->seg.items[t->first + k].values != v0)
                    varies = true;
            }
        }
    }
    const S_token *last_tok = &tok[reps * p - 1];
    uint32_t first = tok[0].first, last = last_tok->first + last_tok->len - 1;
    if (!n_kept || !S_tight(d, s, first, last))
        return;
    dbl_loop l = {.n_body = n_kept, .repeated = !varies};
    for (uint32_t j = 0; j < n_kept; j++)
        l.body[j] = tok[kept[j]].shape;
    for (uint32_t r = 0; r < reps; r++) {
        l.iterations += tok[r * p + kept[0]].len;
        for (uint32_t j = 0; j < p; j++)
            l.executions += tok[r * p + j].len;
    }
    S_span(s, first, last, &l);
    S_find_parent(d, s, first, &l);
    S_emit(d, s, &l);

    /* inner loops: a body statement that ran several times per iteration, after
     * the body statement whose rows drove it */
    for (uint32_t j = 1; j < p; j++) {
        bool inner = false;
        for (uint32_t r = 0; r < reps; r++)
            inner = inner || tok[r * p + j].len > 1;
        if (!inner || !S_iterable(d, &s->seg.items[tok[j].first]))
            continue;
        for (uint32_t r = 0; r < reps; r++) {
            const S_token *t = &tok[r * p + j];
            dbl_loop in = {.nested = true, .n_body = 1, .body = {t->shape}, .iterations = t->len,
                           .executions = t->len};
            in.repeated = t->len > 1 && S_same_values(s, t);
            S_span(s, t->first, t->first + t->len - 1, &in);
            for (uint32_t jj = j; jj-- > 0;) {
                const S_token *pt = &tok[r * p + jj];
                const dbl_exec *pe = &s->seg.items[pt->first + pt->len - 1];
                if (S_parent_like(d, pe)) {
                    in.has_parent = true;
                    in.parent_shape = pe->shape;
                    in.parent_file = pe->file;
                    in.parent_line = pe->line;
                    break;
                }
            }
            S_emit(d, s, &in);
        }
    }
}

static void S_analyze(dbl_nplus *d, S_session *s)
{
    uint32_t n = s->seg.size;
    dbl_array_clear(&d->tokens);
    for (uint32_t i = 0; i < n; i++) {
        const dbl_exec *e = &s->seg.items[i];
        S_token *t = d->tokens.size ? dbl_array_last(&d->tokens) : NULL;
        if (t && t->shape == e->shape && !t->batch && !e->batch) {
            t->len++;
            continue;
        }
        dbl_array_push(&d->tokens, (S_token){e->shape, i, 1, e->batch});
    }
    const S_token *tok = d->tokens.items;
    uint32_t nt = d->tokens.size, min = d->o.min_loop;
    for (uint32_t i = 0; i < nt;) {
        uint32_t best_p = 0, best_reps = 0;
        for (uint32_t p = 2; p <= DBL_LOOP_MAX_BODY && i + p * min <= nt; p++) {
            uint32_t reps = 1;
            while (i + (reps + 1) * p <= nt) {
                bool same = true;
                for (uint32_t j = 0; j < p && same; j++)
                    same = tok[i + reps * p + j].shape == tok[i + j].shape;
                if (!same)
                    break;
                reps++;
            }
            if (reps >= min && reps * p > best_reps * best_p) {
                best_p = p;
                best_reps = reps;
            }
        }
        if (best_p) {
            S_pattern(d, s, &tok[i], best_p, best_reps);
            i += best_p * best_reps;
            continue;
        }
        if (tok[i].len >= min)
            S_single(d, s, &tok[i]);
        i++;
    }
}

/* Analyzes the session's segment and keeps its tail as context for the next one. */
static void S_flush(dbl_nplus *d, S_session *s)
{
    if (!s->seg.size)
        return;
    S_analyze(d, s);
    uint32_t n = s->seg.size;
    uint32_t keep = n < S_CONTEXT ? n : S_CONTEXT;
    uint32_t old = S_CONTEXT - keep < s->n_context ? S_CONTEXT - keep : s->n_context;
    memmove(s->context, s->context + s->n_context - old, old * sizeof *s->context);
    memcpy(s->context + old, s->seg.items + n - keep, keep * sizeof *s->context);
    s->n_context = old + keep;
    dbl_array_clear(&s->seg);
}

void dbl_nplus_exec(dbl_nplus *d, const char *session, int32_t pid, const dbl_exec *e)
{
    S_session *s = dbl_hmap_get(&d->sessions, session);
    if (!s) {
        s = dbl_calloc(1, sizeof *s);
        s->key = dbl_strdup(session);
        s->pid = pid;
        dbl_hmap_put(&d->sessions, s->key, s);
        d->n_sessions++;
    }
    if (s->seg.size) {
        const dbl_exec *prev = dbl_array_last(&s->seg);
        bool idle = false;
        if (prev->time_us != DBL_LOG_NO_TIME && e->time_us != DBL_LOG_NO_TIME) {
            int64_t res = prev->res_us > e->res_us ? prev->res_us : e->res_us;
            idle = S_start(e) - S_end(prev) > d->o.max_gap_us + res;
        }
        if (idle || s->seg.size >= S_SEGMENT_CAP)
            S_flush(d, s);
    }
    dbl_array_push(&s->seg, *e);
}

void dbl_nplus_end_session(dbl_nplus *d, const char *session)
{
    S_session *s = dbl_hmap_del(&d->sessions, session);
    if (!s)
        return;
    S_flush(d, s);
    S_session_free(s);
}

static int S_by_key(const void *a, const void *b)
{
    return strcmp((*(S_session *const *)a)->key, (*(S_session *const *)b)->key);
}

void dbl_nplus_finish(dbl_nplus *d)
{
    /* every open session, in a stable order: collect, sort by key */
    DBL_ARRAY(S_session *) open = {0};
    for (uint32_t i = 0; i < d->sessions.cap; i++) {
        S_session *s = dbl_hmap_value_at(&d->sessions, i);
        if (s)
            dbl_array_push(&open, s);
    }
    if (open.size)
        qsort(open.items, open.size, sizeof *open.items, S_by_key);
    for (uint32_t i = 0; i < open.size; i++) {
        S_session *s = open.items[i];
        dbl_hmap_del(&d->sessions, s->key);
        S_flush(d, s);
        S_session_free(s);
    }
    dbl_array_free(&open);
}
