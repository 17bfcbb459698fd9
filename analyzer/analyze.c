/* analyze.c - one `dbl analyze` run: reader, shapes, loop detector, findings (see analyze.h). */
#include "analyzer/analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/hmap.h"

/* Bursts listed per finding (the counts go on past it). */
static const uint32_t S_MAX_OCCURRENCES = 10000;

struct dbl_analysis {
    dbl_analyze_opts o;
    const dbl_config *config;
    dbl_arena *arena;          /* findings and their strings */
    dbl_logreader *reader;
    dbl_shapes *shapes;
    dbl_nplus *loops;
    dbl_hmap by_body;          /* "rule|nested|id,id,..." -> dbl_finding */
    DBL_ARRAY(dbl_finding *) findings;
    dbl_severity sev_loop, sev_repeat;
    const dbl_catalog *catalog;
    dbl_advice_list advice;
    dbl_advice_stats advice_stats;
    dbl_buf key;
};

void dbl_analyze_opts_init(dbl_analyze_opts *o)
{
    memset(o, 0, sizeof *o);
    o->loops.min_loop = 3;
    o->loops.max_gap_us = 100 * 1000;
    o->shape_cache = true;
}

static void S_on_loop(void *ud, const dbl_loop *l)
{
    dbl_analysis *a = ud;
    const char *rule = l->repeated ? "repeated-query" : "n-plus-one";
    dbl_severity sev = l->repeated ? a->sev_repeat : a->sev_loop;
    if (sev == DBL_SEV_OFF)
        return;
    a->key.len = 0;
    dbl_buf_printf(&a->key, "%s|%d|", rule, l->nested);
    for (uint32_t j = 0; j < l->n_body; j++)
        dbl_buf_printf(&a->key, "%u,", l->body[j]);
    const char *key = dbl_buf_str(&a->key);
    dbl_finding *f = dbl_hmap_get(&a->by_body, key);
    if (!f) {
        f = dbl_arena_alloc(a->arena, sizeof *f);
        f->rule = rule;
        f->severity = sev;
        f->nested = l->nested;
        f->n_body = l->n_body;
        for (uint32_t j = 0; j < l->n_body; j++)
            f->body[j] = dbl_shapes_get(a->shapes, l->body[j]);
        dbl_array_push(&a->findings, f);
        dbl_hmap_put(&a->by_body, dbl_arena_strdup(a->arena, key), f);
    }
    f->count += l->iterations;
    f->executions += l->executions;
    f->bursts++;
    if (l->timed) {
        f->total_ms += l->total_ms;
        f->timed = true;
    }
    bool longest = l->iterations > f->longest;
    if (longest) {
        f->longest = l->iterations;
        f->parent = l->has_parent ? dbl_shapes_get(a->shapes, l->parent_shape) : NULL;
    }
    if (f->occurrences.size >= S_MAX_OCCURRENCES)
        return;
    if (longest)
        f->example = f->occurrences.size;
    dbl_occurrence oc = {
        .session = dbl_arena_strdup(a->arena, l->session),
        .pid = l->pid,
        .file = l->file,
        .line = l->line,
        .end_line = l->end_line,
        .count = l->iterations,
        .has_parent = l->has_parent,
        .parent_file = l->parent_file,
        .parent_line = l->parent_line,
    };
    dbl_array_push(&f->occurrences, oc);
}

static void S_on_event(void *ud, const dbl_logev *ev)
{
    dbl_analysis *a = ud;
    if (ev->kind == DBL_LOGEV_SESSION_END) {
        dbl_nplus_end_session(a->loops, ev->session);
        return;
    }
    if (ev->kind != DBL_LOGEV_STATEMENT)
        return;
    uint64_t values;
    bool batch;
    dbl_shape *s = dbl_shapes_lookup(a->shapes, ev->text, ev->text_len, ev->prepared, ev->params, &values, &batch);
    if (!s->calls) {
        s->first_file = ev->file;
        s->first_line = ev->line;
    }
    s->calls++;
    if (ev->duration_ms >= 0) {
        s->total_ms += ev->duration_ms;
        s->timed_calls++;
    }
    dbl_exec e = {
        .shape = s->id,
        .values = values,
        .batch = batch,
        .time_us = ev->time_us,
        .res_us = ev->time_res_us ? ev->time_res_us : 1,
        .ms = ev->duration_ms,
        .file = ev->file,
        .line = ev->line,
        .end_line = ev->end_line,
    };
    dbl_nplus_exec(a->loops, ev->session, ev->pid, &e);
}

dbl_analysis *dbl_analysis_new(const dbl_analyze_opts *opts, const dbl_config *config)
{
    dbl_analysis *a = dbl_calloc(1, sizeof *a);
    a->o = *opts;
    a->config = config;
    a->arena = dbl_arena_new();
    a->shapes = dbl_shapes_new(opts->shape_cache);
    a->loops = dbl_nplus_new(&opts->loops, a->shapes, S_on_loop, a);
    a->reader = dbl_logreader_new(&opts->read, S_on_event, a);
    a->sev_loop = dbl_config_severity(config, "n-plus-one", DBL_SEV_WARNING);
    a->sev_repeat = dbl_config_severity(config, "repeated-query", DBL_SEV_INFO);
    return a;
}

void dbl_analysis_free(dbl_analysis *a)
{
    if (!a)
        return;
    dbl_logreader_free(a->reader);
    dbl_nplus_free(a->loops);
    dbl_shapes_free(a->shapes);
    for (uint32_t i = 0; i < a->findings.size; i++)
        dbl_array_free(&a->findings.items[i]->occurrences);
    dbl_array_free(&a->findings);
    dbl_advice_list_free(&a->advice);
    dbl_hmap_free(&a->by_body);
    dbl_buf_free(&a->key);
    dbl_arena_free(a->arena);
    dbl_free(a);
}

void dbl_analysis_set_catalog(dbl_analysis *a, const dbl_catalog *catalog)
{
    a->catalog = catalog;
}

/* The relation as the schema knows it: "schema.name" for the first schema of the
 * search_path that has it, else as written. */
static const char *S_table(dbl_analysis *a, const char *rel)
{
    if (!rel || !a->catalog)
        return rel;
    if (strchr(rel, '.'))
        return rel;
    uint32_t n = a->config->search_path.size;
    for (uint32_t i = 0; i <= n; i++) {
        const char *schema = i < n ? a->config->search_path.items[i] : "public";
        if (dbl_catalog_find_table(a->catalog, schema, rel))
            return dbl_arena_printf(a->arena, "%s.%s", schema, rel);
    }
    return rel;
}

bool dbl_analysis_read(dbl_analysis *a, const char *path, dbl_error *err)
{
    return dbl_logreader_read_path(a->reader, path, err);
}

void dbl_analysis_read_mem(dbl_analysis *a, const char *name, const char *bytes, size_t len)
{
    dbl_logreader_read_mem(a->reader, name, bytes, len);
}

/* Worst first: time spent where known, then executions, then severity, then the query. */
static int S_rank(const void *pa, const void *pb)
{
    const dbl_finding *a = *(const dbl_finding *const *)pa, *b = *(const dbl_finding *const *)pb;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->total_ms != b->total_ms)
        return a->total_ms > b->total_ms ? -1 : 1;
    if (a->executions != b->executions)
        return a->executions > b->executions ? -1 : 1;
    int c = strcmp(a->body[0]->query, b->body[0]->query);
    if (c)
        return c;
    return a->nested - b->nested;
}

/* What to do about a finding: the batched form of every statement of the loop. */
static void S_fix(dbl_analysis *a, dbl_finding *f)
{
    if (strcmp(f->rule, "repeated-query") == 0) {
        f->fix_description = "run it once and reuse the result";
        return;
    }
    bool writes = false, all = true;
    dbl_buf b = {0};
    for (uint32_t j = 0; j < f->n_body; j++) {
        const dbl_qinfo *q = &f->body[j]->info;
        writes = writes || (q->kind >= DBL_Q_INSERT && q->kind <= DBL_Q_MERGE);
        if (q->kind == DBL_Q_TXN)
            continue;
        if (!q->rewrite) {
            all = false;
            continue;
        }
        dbl_buf_printf(&b, "%s%s;", b.len ? "\n" : "", q->rewrite);
    }
    if (writes)
        f->fix_description = all ? "write every row in one statement" : "write every row in one statement "
                                                                        "(a multi-row INSERT, or UPDATE ... FROM unnest($1))";
    else if (all && b.len)
        f->fix_description = f->n_body > 1 ? "fetch the rows of every iteration with one query per statement, "
                                             "with the parent's keys"
                                           : "fetch the rows of every iteration in one query, with the parent's keys";
    else
        f->fix_description = "join this query to the parent query, or fetch every iteration's rows in one query "
                             "with = ANY($1)";
    if (all && b.len)
        f->fix_sql = dbl_arena_strdup(a->arena, dbl_buf_str(&b));
    dbl_buf_free(&b);
}

void dbl_analysis_finish(dbl_analysis *a)
{
    dbl_logreader_finish(a->reader);
    dbl_nplus_finish(a->loops);
    for (uint32_t i = 0; i < a->findings.size; i++) {
        S_fix(a, a->findings.items[i]);
        a->findings.items[i]->table = S_table(a, a->findings.items[i]->body[0]->info.relation);
    }
    if (a->findings.size)
        qsort(a->findings.items, a->findings.size, sizeof *a->findings.items, S_rank);
    if (a->catalog) {
        dbl_advise(a->arena, a->catalog, a->config, a->shapes, &a->advice, &a->advice_stats);
        uint32_t keep = 0;
        dbl_severity sev1 = dbl_config_severity(a->config, "missing-index", DBL_SEV_WARNING);
        dbl_severity sev2 = dbl_config_severity(a->config, "missing-composite-index", DBL_SEV_WARNING);
        for (uint32_t i = 0; i < a->advice.size; i++) {
            dbl_advice *d = a->advice.items[i];
            if ((d->n_columns > 1 ? sev2 : sev1) == DBL_SEV_OFF) {
                dbl_array_free(&d->queries);
                dbl_array_free(&d->resolves_fks);
                continue;
            }
            d->severity = (int)(d->n_columns > 1 ? sev2 : sev1);
            a->advice.items[keep++] = d;
        }
        a->advice.size = keep;
    }
}

const dbl_advice *const *dbl_analysis_advice(const dbl_analysis *a, uint32_t *n)
{
    *n = a->advice.size;
    return (const dbl_advice *const *)a->advice.items;
}

const dbl_advice_stats *dbl_analysis_advice_stats(const dbl_analysis *a)
{
    return a->catalog ? &a->advice_stats : NULL;
}

const dbl_finding *const *dbl_analysis_findings(const dbl_analysis *a, uint32_t *n)
{
    *n = a->findings.size;
    return (const dbl_finding *const *)a->findings.items;
}

const dbl_logreader *dbl_analysis_reader(const dbl_analysis *a)
{
    return a->reader;
}

const dbl_shapes *dbl_analysis_shapes(const dbl_analysis *a)
{
    return a->shapes;
}

uint64_t dbl_analysis_sessions(const dbl_analysis *a)
{
    return dbl_nplus_sessions(a->loops);
}
