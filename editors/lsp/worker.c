/* worker.c - the lint thread: jobs (a document version and its context) in, diagnostics out. */
#include "editors/lsp/internal.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lint/output.h"
#include "rules/rule.h"

void dbl_lsp__job_free(dbl_lsp_job *job)
{
    if (!job)
        return;
    dbl_free(job->uri);
    dbl_free(job->path);
    dbl_free(job->dir);
    dbl_free(job->doc.path);
    dbl_free(job->doc.text);
    for (uint32_t i = 0; i < job->open.size; i++) {
        dbl_free(job->open.items[i].path);
        dbl_free(job->open.items[i].text);
    }
    dbl_array_free(&job->open);
    dbl_free(job);
}

void dbl_lsp__result_free(dbl_lsp_result *r)
{
    if (!r)
        return;
    dbl_run_free(r->run);
    dbl_config_free(&r->config);
    json_decref(r->diagnostics);
    dbl_buf_free(&r->framed);
    dbl_free(r->uri);
    dbl_free(r);
}

/* ---- positions ------------------------------------------------------------------ */

static json_t *S_position(const dbl_source *s, uint32_t off, dbl_col_unit unit)
{
    uint32_t line, col;
    dbl_source_position(s, off, unit, &line, &col);
    return json_pack("{s:I,s:I}", "line", (json_int_t)(line - 1), "character", (json_int_t)(col - 1));
}

json_t *dbl_lsp__range(const dbl_source *s, uint32_t start, uint32_t end, dbl_col_unit unit)
{
    if (end < start)
        end = start;
    return json_pack("{s:o,s:o}", "start", S_position(s, start, unit), "end", S_position(s, end, unit));
}

dbl_span dbl_lsp__diag_span(const dbl_source *src, const dbl_diag *d)
{
    return dbl_output_diag_span(src, d->loc.span);
}

/* ---- related locations ------------------------------------------------------------ */

static const char *S_obj(const dbl_diag *d, const char *key)
{
    for (uint32_t i = 0; i < d->n_object; i++)
        if (strcmp(d->object[i].key, key) == 0)
            return d->object[i].str;
    return NULL;
}

/* Splits "schema.name" (as the diagnostics write it) into the catalog's lookup. */
static const dbl_table *S_find_qualified(const dbl_catalog *c, const char *qname)
{
    if (!qname)
        return NULL;
    const char *dot = strchr(qname, '.');
    if (!dot)
        return dbl_catalog_find_table(c, NULL, qname);
    char schema[256];
    size_t n = (size_t)(dot - qname);
    if (n >= sizeof schema)
        return NULL;
    memcpy(schema, qname, n);
    schema[n] = 0;
    return dbl_catalog_find_table(c, schema, dot + 1);
}

static void S_related(json_t *arr, const dbl_run *run, dbl_loc loc, dbl_col_unit unit, const char *message)
{
    if (loc.file >= dbl_run_n_sources(run))
        return;
    const dbl_source *src = dbl_run_source(run, loc.file);
    char *uri = dbl_lsp__path_to_uri(src->path);
    json_array_append_new(arr, json_pack("{s:{s:s,s:o},s:s}", "location", "uri", uri, "range",
                                         dbl_lsp__range(src, loc.span.start, loc.span.end, unit),
                                         "message", message));
    dbl_free(uri);
}

static json_t *S_related_info(const dbl_run *run, const dbl_diag *d, dbl_col_unit unit)
{
    const dbl_catalog *cat = dbl_run_catalog(run);
    json_t *arr = json_array();
    char msg[512];
    if (strcmp(d->rule, "fk-without-index") == 0) {
        const dbl_table *t = S_find_qualified(cat, S_obj(d, "references"));
        if (t) {
            snprintf(msg, sizeof msg, "referenced table %s.%s is defined here", t->schema, t->name);
            S_related(arr, run, t->loc, unit, msg);
        }
        const dbl_table *own = S_find_qualified(cat, S_obj(d, "table"));
        if (own) {
            snprintf(msg, sizeof msg, "table %s.%s is defined here", own->schema, own->name);
            S_related(arr, run, own->loc, unit, msg);
        }
    } else if (strcmp(d->rule, "redundant-index") == 0) {
        const dbl_table *t = S_find_qualified(cat, S_obj(d, "table"));
        const char *by = S_obj(d, "covered_by");
        const char *by_name = by && strchr(by, '.') ? strchr(by, '.') + 1 : by;
        for (uint32_t i = 0; t && by_name && i < t->indexes.size; i++) {
            const dbl_index *ix = t->indexes.items[i];
            if (!ix->dropped && strcmp(ix->name, by_name) == 0) {
                snprintf(msg, sizeof msg, "index %s.%s covers it", ix->schema, ix->name);
                S_related(arr, run, ix->loc, unit, msg);
                break;
            }
        }
    } else if (strcmp(d->rule, "nullable-money") == 0 || strcmp(d->rule, "float-money") == 0 ||
               strcmp(d->rule, "decimal-to-float") == 0) {
        const dbl_table *t = S_find_qualified(cat, S_obj(d, "table"));
        if (t) {
            snprintf(msg, sizeof msg, "table %s.%s is defined here", t->schema, t->name);
            S_related(arr, run, t->loc, unit, msg);
        }
    }
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* ---- the lint --------------------------------------------------------------------- */

static int S_lsp_severity(dbl_severity s)
{
    switch (s) {
    case DBL_SEV_ERROR: return 1;
    case DBL_SEV_WARNING: return 2;
    case DBL_SEV_INFO: return 3;
    default: return 4;
    }
}

static char *S_copy(const char *text, uint32_t len)
{
    char *b = dbl_malloc((size_t)len + 1);
    memcpy(b, text, len);
    b[len] = 0;
    return b;
}

/* The .sql files of the document's folder that lint reads before it. */
static void S_context(const dbl_lsp_job *job, const dbl_config *cfg, dbl_run *run)
{
    if (!job->dir || !job->path)
        return;
    const char *dir = job->dir;
    dbl_strv files = {0}, errors = {0};
    dbl_inputs_expand(&dir, 1, cfg, &files, &errors);
    size_t dl = strlen(dir);
    for (uint32_t i = 0; i < files.size; i++) {
        const char *p = files.items[i];
        bool same_dir = strncmp(p, dir, dl) == 0 && p[dl] == '/' && !strchr(p + dl + 1, '/');
        if (!same_dir || strcmp(p, job->path) == 0 || dbl_natural_cmp(p, job->path) > 0)
            continue;
        const dbl_lsp_input *open = NULL;
        for (uint32_t k = 0; k < job->open.size; k++)
            if (strcmp(job->open.items[k].path, p) == 0)
                open = &job->open.items[k];
        if (open) {
            dbl_run_add_source(run, p, S_copy(open->text, open->len), open->len);
        } else {
            char *bytes;
            uint32_t len;
            dbl_error err = {0};
            if (dbl_read_file(p, &bytes, &len, &err))
                dbl_run_add_source(run, p, bytes, len);
            dbl_error_clear(&err);
        }
    }
    for (uint32_t i = 0; i < files.size; i++)
        dbl_free(files.items[i]);
    for (uint32_t i = 0; i < errors.size; i++)
        dbl_free(errors.items[i]);
    dbl_array_free(&files);
    dbl_array_free(&errors);
}

static double S_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

dbl_lsp_result *dbl_lsp__lint(const dbl_lsp_job *job)
{
    double t0 = S_ms();
    dbl_lsp_result *r = dbl_calloc(1, sizeof *r);
    r->uri = dbl_strdup(job->uri);
    r->version = job->version;
    r->gen = job->gen;
    dbl_config_init(&r->config);
    if (job->dir) {
        char *cfg_path = dbl_config_find(job->dir);
        if (cfg_path) {
            dbl_error err = {0};
            if (!dbl_config_load(&r->config, cfg_path, &err)) {
                dbl_config_free(&r->config);
                dbl_config_init(&r->config);
            }
            dbl_error_clear(&err);
            dbl_free(cfg_path);
        }
    }
    r->run = dbl_run_new(&r->config);
    S_context(job, &r->config, r->run);
    r->doc_file = dbl_run_n_sources(r->run);
    dbl_run_add_source(r->run, job->doc.path, S_copy(job->doc.text, job->doc.len), job->doc.len);
    dbl_run_finish(r->run);
    double t1 = S_ms();
    r->lint_ms = t1 - t0;

    const dbl_source *src = dbl_run_source(r->run, r->doc_file);
    const dbl_diag_list *dl = dbl_run_diags(r->run);
    r->diagnostics = json_array();
    for (uint32_t i = 0; i < dl->items.size; i++) {
        const dbl_diag *d = &dl->items.items[i];
        if (d->loc.file != r->doc_file)
            continue;
        dbl_span sp = dbl_lsp__diag_span(src, d);
        char href[1024];
        snprintf(href, sizeof href, "%s%s.md", job->docs_url, d->rule);
        json_t *diag = json_pack("{s:o,s:i,s:s,s:{s:s},s:s,s:s}", "range",
                                 dbl_lsp__range(src, sp.start, sp.end, job->unit),
                                 "severity", S_lsp_severity(d->severity), "code", d->rule,
                                 "codeDescription", "href", href, "source", "dbl", "message", d->message);
        json_t *rel = S_related_info(r->run, d, job->unit);
        if (rel)
            json_object_set_new(diag, "relatedInformation", rel);
        if (d->fix_sql)
            json_object_set_new(diag, "data", json_pack("{s:s,s:s}", "fix", d->fix_sql, "description",
                                                        d->fix_description ? d->fix_description : ""));
        json_array_append_new(r->diagnostics, diag);
    }
    /* serialized here, so the reader thread only writes bytes */
    json_t *note = json_pack("{s:s,s:s,s:{s:s,s:O,s:I}}", "jsonrpc", "2.0", "method",
                             "textDocument/publishDiagnostics", "params", "uri", job->uri, "diagnostics",
                             r->diagnostics, "version", (json_int_t)job->version);
    dbl_rpc_frame(&r->framed, note);
    json_decref(note);
    r->convert_ms = S_ms() - t1;
    return r;
}

/* ---- the thread ------------------------------------------------------------------- */

static void *S_main(void *arg)
{
    dbl_lsp_worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->stop && w->jobs.size == 0)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->stop)
            break;
        dbl_lsp_job *job = w->jobs.items[0];
        memmove(w->jobs.items, w->jobs.items + 1, sizeof(dbl_lsp_job *) * (w->jobs.size - 1));
        w->jobs.size--;
        pthread_mutex_unlock(&w->mu);
        if (job->delay_ms) {
            struct timespec ts = {job->delay_ms / 1000, (long)(job->delay_ms % 1000) * 1000000L};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
            }
        }
        dbl_lsp_result *res = dbl_lsp__lint(job);
        dbl_lsp__job_free(job);
        pthread_mutex_lock(&w->mu);
        dbl_array_push(&w->results, res);
        ssize_t k = write(w->wake[1], "r", 1);
        (void)k; /* a full pipe already wakes the reader */
    }
    pthread_mutex_unlock(&w->mu);
    /* libpg_query frees this thread's memory context when the thread exits */
    return NULL;
}

void dbl_lsp__worker_start(dbl_lsp_worker *w)
{
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, S_main, w) == 0)
        w->started = true;
}

void dbl_lsp__worker_stop(dbl_lsp_worker *w)
{
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (w->started)
        pthread_join(w->thread, NULL);
    for (uint32_t i = 0; i < w->jobs.size; i++)
        dbl_lsp__job_free(w->jobs.items[i]);
    for (uint32_t i = 0; i < w->results.size; i++)
        dbl_lsp__result_free(w->results.items[i]);
    dbl_array_free(&w->jobs);
    dbl_array_free(&w->results);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
}

void dbl_lsp__worker_submit(dbl_lsp_worker *w, dbl_lsp_job *job)
{
    pthread_mutex_lock(&w->mu);
    for (uint32_t i = 0; i < w->jobs.size; i++) {
        if (strcmp(w->jobs.items[i]->uri, job->uri) == 0) {
            dbl_lsp__job_free(w->jobs.items[i]);
            w->jobs.items[i] = job;
            job = NULL;
            break;
        }
    }
    if (job)
        dbl_array_push(&w->jobs, job);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void dbl_lsp__worker_take(dbl_lsp_worker *w, dbl_lsp_result ***out, uint32_t *n)
{
    pthread_mutex_lock(&w->mu);
    *n = w->results.size;
    *out = w->results.items;
    w->results.items = NULL;
    w->results.size = w->results.capacity = 0;
    pthread_mutex_unlock(&w->mu);
}
