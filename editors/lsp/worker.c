/* worker.c - the lint thread: jobs (a document version and its context) in, diagnostics out. */
#include "editors/lsp/internal.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lint/jsonw.h"
#include "lint/output.h"
#include "lint/stmtcache.h"
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
    for (uint32_t i = 0; i < r->n_uris; i++)
        dbl_free(r->uris[i]);
    dbl_free(r->uris);
    for (uint32_t i = 0; i < r->refined.size; i++)
        dbl_free(r->refined.items[i].message);
    dbl_array_free(&r->refined);
    dbl_free(r->docs_url);
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

dbl_span dbl_lsp__diag_span(const dbl_lsp_result *r, const dbl_diag *d, const char **message)
{
    uint32_t idx = (uint32_t)(d - dbl_run_diags(r->run)->items.items);
    for (uint32_t i = 0; i < r->refined.size; i++)
        if (r->refined.items[i].diag == idx) {
            if (message)
                *message = r->refined.items[i].message;
            return (dbl_span){r->refined.items[i].offset, r->refined.items[i].offset};
        }
    if (message)
        *message = d->message;
    return dbl_output_diag_span(dbl_run_source(r->run, d->loc.file), d->loc.span);
}

/* ---- diagnostics on the wire ------------------------------------------------------ */

static void S_write_position(dbl_jsonw *w, const dbl_source *s, uint32_t off, dbl_col_unit unit)
{
    uint32_t line, col;
    dbl_source_position(s, off, unit, &line, &col);
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "line");
    dbl_jsonw_int(w, (int64_t)line - 1);
    dbl_jsonw_key(w, "character");
    dbl_jsonw_int(w, (int64_t)col - 1);
    dbl_jsonw_end_object(w);
}

static void S_write_range(dbl_jsonw *w, const dbl_source *s, uint32_t start, uint32_t end, dbl_col_unit unit)
{
    if (end < start)
        end = start;
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "start");
    S_write_position(w, s, start, unit);
    dbl_jsonw_key(w, "end");
    S_write_position(w, s, end, unit);
    dbl_jsonw_end_object(w);
}

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

typedef struct {
    dbl_loc loc;
    char message[300];
} S_related;

/* The places a diagnostic's relatedInformation points to (at most 2). */
static uint32_t S_related_locs(const dbl_run *run, const dbl_diag *d, S_related out[2])
{
    const dbl_catalog *cat = dbl_run_catalog(run);
    uint32_t n = 0;
    if (strcmp(d->rule, "fk-without-index") == 0) {
        const dbl_table *t = S_find_qualified(cat, S_obj(d, "references"));
        if (t) {
            out[n].loc = t->loc;
            snprintf(out[n++].message, sizeof out->message, "referenced table %s.%s is defined here", t->schema,
                     t->name);
        }
        const dbl_table *own = S_find_qualified(cat, S_obj(d, "table"));
        if (own) {
            out[n].loc = own->loc;
            snprintf(out[n++].message, sizeof out->message, "table %s.%s is defined here", own->schema, own->name);
        }
    } else if (strcmp(d->rule, "redundant-index") == 0) {
        const dbl_table *t = S_find_qualified(cat, S_obj(d, "table"));
        const char *by = S_obj(d, "covered_by");
        const char *by_name = by && strchr(by, '.') ? strchr(by, '.') + 1 : by;
        for (uint32_t i = 0; t && by_name && i < t->indexes.size; i++) {
            const dbl_index *ix = t->indexes.items[i];
            if (!ix->dropped && strcmp(ix->name, by_name) == 0) {
                out[n].loc = ix->loc;
                snprintf(out[n++].message, sizeof out->message, "index %s.%s covers it", ix->schema, ix->name);
                break;
            }
        }
    } else if (strcmp(d->rule, "nullable-money") == 0 || strcmp(d->rule, "float-money") == 0 ||
               strcmp(d->rule, "decimal-to-float") == 0) {
        const dbl_table *t = S_find_qualified(cat, S_obj(d, "table"));
        if (t) {
            out[n].loc = t->loc;
            snprintf(out[n++].message, sizeof out->message, "table %s.%s is defined here", t->schema, t->name);
        }
    }
    /* a place that holds the finding itself (the table an FK's column is
     * declared in) tells the reader nothing they are not already looking at */
    uint32_t w = 0;
    for (uint32_t i = 0; i < n; i++) {
        const dbl_loc *l = &out[i].loc;
        bool around = l->file == d->loc.file && l->span.start <= d->loc.span.start && d->loc.span.end <= l->span.end;
        if (l->file < dbl_run_n_sources(run) && !around)
            out[w++] = out[i];
    }
    return w;
}

static int S_lsp_severity(dbl_severity s)
{
    switch (s) {
    case DBL_SEV_ERROR: return 1;
    case DBL_SEV_WARNING: return 2;
    case DBL_SEV_INFO: return 3;
    default: return 4;
    }
}

/* The file: URI of a source of the result's run, made once per source. */
static const char *S_source_uri(dbl_lsp_result *r, uint32_t file)
{
    if (!r->uris) {
        r->n_uris = dbl_run_n_sources(r->run);
        r->uris = dbl_calloc(r->n_uris ? r->n_uris : 1, sizeof(char *));
    }
    if (!r->uris[file])
        r->uris[file] = dbl_lsp__path_to_uri(dbl_run_source(r->run, file)->path);
    return r->uris[file];
}

/* Writes the LSP Diagnostic of d, a diagnostic of the result's document. */
static void S_write_diag(dbl_jsonw *w, dbl_lsp_result *r, const dbl_diag *d)
{
    const dbl_source *src = dbl_run_source(r->run, r->doc_file);
    const char *message;
    dbl_span sp = dbl_lsp__diag_span(r, d, &message);
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "range");
    S_write_range(w, src, sp.start, sp.end, r->unit);
    dbl_jsonw_key(w, "severity");
    dbl_jsonw_int(w, S_lsp_severity(d->severity));
    dbl_jsonw_key(w, "code");
    dbl_jsonw_string(w, d->rule);
    dbl_jsonw_key(w, "codeDescription");
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "href");
    char href[1024];
    snprintf(href, sizeof href, "%s%s.md", r->docs_url, d->rule);
    dbl_jsonw_string(w, href);
    dbl_jsonw_end_object(w);
    dbl_jsonw_key(w, "source");
    dbl_jsonw_string(w, "dbl");
    dbl_jsonw_key(w, "message");
    dbl_jsonw_string(w, message);
    S_related rel[2];
    uint32_t n_rel = r->related ? S_related_locs(r->run, d, rel) : 0;
    if (n_rel) {
        dbl_jsonw_key(w, "relatedInformation");
        dbl_jsonw_array(w);
        for (uint32_t i = 0; i < n_rel; i++) {
            const dbl_source *at = dbl_run_source(r->run, rel[i].loc.file);
            dbl_jsonw_object(w);
            dbl_jsonw_key(w, "location");
            dbl_jsonw_object(w);
            dbl_jsonw_key(w, "uri");
            dbl_jsonw_string(w, S_source_uri(r, rel[i].loc.file));
            dbl_jsonw_key(w, "range");
            S_write_range(w, at, rel[i].loc.span.start, rel[i].loc.span.end, r->unit);
            dbl_jsonw_end_object(w);
            dbl_jsonw_key(w, "message");
            dbl_jsonw_string(w, rel[i].message);
            dbl_jsonw_end_object(w);
        }
        dbl_jsonw_end_array(w);
    }
    /* no `data`: code actions are built from the server's own result */
    dbl_jsonw_end_object(w);
}

json_t *dbl_lsp__diagnostic(dbl_lsp_result *r, const dbl_diag *d)
{
    dbl_buf b = {0};
    dbl_jsonw w;
    dbl_jsonw_init_compact(&w, &b);
    S_write_diag(&w, r, d);
    json_t *v = json_loadb(b.data, b.len, 0, NULL);
    dbl_buf_free(&b);
    return v;
}

/* ---- the lint --------------------------------------------------------------------- */

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
    dbl_strv_free(&files);
    dbl_strv_free(&errors);
}

static double S_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs a cache keeps statements for: a lint of one document reads its context
 * too, so a few lints of other documents between two of this one still hit. */
static const uint32_t CACHE_KEEP_RUNS = 4;

/* Syntax errors of the document where tree-sitter finds a token missing: at
 * the gap after the last good token (a ')' left open is placed after the
 * text it should close, not at the next line's ';'), saying what is missing. */
static void S_refine_syntax_errors(dbl_lsp_result *r, dbl_lsp_syntax *sx)
{
    const dbl_diag_list *dl = dbl_run_diags(r->run);
    const dbl_source *src = dbl_run_source(r->run, r->doc_file);
    if (!sx)
        return;
    for (uint32_t i = 0; i < dl->items.size; i++) {
        const dbl_diag *d = &dl->items.items[i];
        dbl_span st;
        if (d->loc.file != r->doc_file || strcmp(d->rule, "syntax-error") != 0 ||
            !dbl_run_statement_at(r->run, r->doc_file, d->loc.span.start, &st) || st.end > src->len)
            continue;
        /* "at end of input" is past the statement's last token */
        uint32_t at = (d->loc.span.start < st.end ? d->loc.span.start : st.end) - st.start, off;
        char what[64];
        if (!dbl_lsp__syntax_missing(sx, src->text + st.start, st.end - st.start, at, &off, what, sizeof what))
            continue;
        dbl_buf m = {0};
        dbl_buf_printf(&m, "%s: %s expected", d->message, what);
        dbl_array_push(&r->refined, ((dbl_lsp_refined){i, st.start + off, dbl_strdup(dbl_buf_str(&m))}));
        dbl_buf_free(&m);
    }
}

dbl_lsp_result *dbl_lsp__lint(const dbl_lsp_job *job, struct dbl_stmt_cache *cache, dbl_lsp_syntax *sx)
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
    if (cache)
        dbl_run_set_cache(r->run, cache);
    S_context(job, &r->config, r->run);
    r->doc_file = dbl_run_n_sources(r->run);
    dbl_run_add_source(r->run, job->doc.path, S_copy(job->doc.text, job->doc.len), job->doc.len);
    dbl_run_finish(r->run);
    if (cache)
        dbl_stmt_cache_sweep(cache, CACHE_KEEP_RUNS);
    S_refine_syntax_errors(r, sx);
    double t1 = S_ms();
    r->lint_ms = t1 - t0;

    r->unit = job->unit;
    r->docs_url = dbl_strdup(job->docs_url);
    r->related = job->related;
    /* written here, so the reader thread only writes bytes */
    dbl_buf body = {0};
    dbl_jsonw w;
    dbl_jsonw_init_compact(&w, &body);
    dbl_jsonw_object(&w);
    dbl_jsonw_key(&w, "jsonrpc");
    dbl_jsonw_string(&w, "2.0");
    dbl_jsonw_key(&w, "method");
    dbl_jsonw_string(&w, "textDocument/publishDiagnostics");
    dbl_jsonw_key(&w, "params");
    dbl_jsonw_object(&w);
    dbl_jsonw_key(&w, "uri");
    dbl_jsonw_string(&w, job->uri);
    dbl_jsonw_key(&w, "diagnostics");
    dbl_jsonw_array(&w);
    const dbl_diag_list *dl = dbl_run_diags(r->run);
    for (uint32_t i = 0; i < dl->items.size; i++)
        if (dl->items.items[i].loc.file == r->doc_file)
            S_write_diag(&w, r, &dl->items.items[i]);
    dbl_jsonw_end_array(&w);
    dbl_jsonw_key(&w, "version");
    dbl_jsonw_int(&w, job->version);
    dbl_jsonw_end_object(&w);
    dbl_jsonw_end_object(&w);
    dbl_rpc_frame_bytes(&r->framed, body.data, body.len);
    dbl_buf_free(&body);
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
        dbl_lsp_result *res = dbl_lsp__lint(job, w->cache, w->syntax);
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
    w->cache = dbl_stmt_cache_new();
    w->syntax = dbl_lsp__syntax_new();
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
    dbl_stmt_cache_free(w->cache);
    w->cache = NULL;
    dbl_lsp__syntax_free(w->syntax);
    w->syntax = NULL;
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
