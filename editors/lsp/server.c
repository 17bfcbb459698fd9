/* server.c - the language server: lifecycle, dispatch, document sync and lint scheduling. */
#include "editors/lsp/lsp.h"
#include "editors/lsp/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef DBL_VERSION
#define DBL_VERSION "0"
#endif

static const uint32_t S_DEFAULT_DEBOUNCE_MS = 150;
static const char S_DOCS_URL[] = "https://github.com/dbl-lint/dbl/blob/main/docs/rules/";

/* ---- output ---------------------------------------------------------------------- */

static int64_t S_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void S_write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return; /* the client is gone; the read side will see the end */
        }
        p += k;
        n -= (size_t)k;
    }
}

/* Sends v (taking its reference). */
static void S_send(dbl_lsp_server *s, json_t *v)
{
    dbl_buf_free(&s->out);
    dbl_rpc_frame(&s->out, v);
    json_decref(v);
    S_write_all(s->out_fd, s->out.data, s->out.len);
}

static void S_log(dbl_lsp_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_log(dbl_lsp_server *s, const char *fmt, ...)
{
    if (s->log_fd < 0)
        return;
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    S_write_all(s->log_fd, "dbl lsp: ", 9);
    S_write_all(s->log_fd, line, (size_t)n);
}

static void S_reply(dbl_lsp_server *s, json_t *id, json_t *result)
{
    S_send(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                        "result", result ? result : json_null()));
}

static void S_reply_error(dbl_lsp_server *s, json_t *id, int code, const char *message)
{
    S_send(s, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                        "error", "code", code, "message", message));
}

static void S_notify(dbl_lsp_server *s, const char *method, json_t *params)
{
    S_send(s, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

/* ---- documents ------------------------------------------------------------------- */

static dbl_lsp_doc *S_doc(dbl_lsp_server *s, const char *uri)
{
    if (!uri)
        return NULL;
    for (uint32_t i = 0; i < s->docs.size; i++)
        if (strcmp(s->docs.items[i]->uri, uri) == 0)
            return s->docs.items[i];
    return NULL;
}

static void S_doc_free(dbl_lsp_doc *d)
{
    if (!d)
        return;
    dbl_free(d->uri);
    dbl_free(d->path);
    dbl_free(d->dir);
    dbl_source_free(d->src);
    dbl_lsp__result_free(d->result);
    dbl_lsp__tree_free(d->tree);
    dbl_free(d);
}

static dbl_source *S_source(const char *path, const char *text, size_t len)
{
    char *b = dbl_malloc(len + 1);
    memcpy(b, text, len);
    b[len] = 0;
    return dbl_source_new(0, path, b, (uint32_t)len);
}

/* Schedules a lint of d after the debounce delay. */
static void S_schedule(dbl_lsp_server *s, dbl_lsp_doc *d)
{
    d->due_ms = S_now_ms() + s->debounce_ms;
    if (d->due_ms == 0)
        d->due_ms = 1;
}

/* Schedules the open documents whose context includes the file at path. */
static void S_schedule_dependents(dbl_lsp_server *s, const char *path)
{
    if (!path)
        return;
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) : 0;
    for (uint32_t i = 0; i < s->docs.size; i++) {
        dbl_lsp_doc *d = s->docs.items[i];
        if (!d->dir || strlen(d->dir) != dl || strncmp(d->dir, path, dl) != 0)
            continue;
        if (strcmp(d->path, path) != 0 && dbl_natural_cmp(path, d->path) < 0)
            S_schedule(s, d);
    }
}

static dbl_lsp_job *S_job(dbl_lsp_server *s, dbl_lsp_doc *d)
{
    dbl_lsp_job *j = dbl_calloc(1, sizeof *j);
    j->uri = dbl_strdup(d->uri);
    j->path = dbl_strdup(d->path);
    j->dir = dbl_strdup(d->dir);
    j->version = d->version;
    j->gen = d->gen;
    j->unit = s->unit;
    j->docs_url = s->docs_url;
    j->related = s->related;
    j->delay_ms = s->lint_delay_ms;
    j->doc.path = dbl_strdup(d->path ? d->path : d->uri);
    j->doc.len = d->src->len;
    j->doc.text = dbl_strndup(d->src->text, d->src->len);
    for (uint32_t i = 0; d->dir && i < s->docs.size; i++) {
        dbl_lsp_doc *o = s->docs.items[i];
        if (o == d || !o->dir || strcmp(o->dir, d->dir) != 0)
            continue;
        dbl_lsp_input in = {dbl_strdup(o->path), dbl_strndup(o->src->text, o->src->len), o->src->len};
        dbl_array_push(&j->open, in);
    }
    return j;
}

static void S_publish(dbl_lsp_server *s, const char *uri, json_t *diags, const int64_t *version)
{
    json_t *p = json_pack("{s:s,s:O}", "uri", uri, "diagnostics", diags);
    if (version)
        json_object_set_new(p, "version", json_integer(*version));
    S_notify(s, "textDocument/publishDiagnostics", p);
}

/* Publishes finished lints that are still current; drops stale ones. */
static void S_take_results(dbl_lsp_server *s)
{
    char drain[256];
    while (read(s->worker.wake[0], drain, sizeof drain) > 0) {
    }
    dbl_lsp_result **rs;
    uint32_t n;
    dbl_lsp__worker_take(&s->worker, &rs, &n);
    for (uint32_t i = 0; i < n; i++) {
        dbl_lsp_result *r = rs[i];
        dbl_lsp_doc *d = S_doc(s, r->uri);
        if (!d || d->gen != r->gen || d->version != r->version) {
            dbl_lsp__result_free(r); /* a newer version is (or will be) linted */
            continue;
        }
        double t0 = (double)S_now_ms();
        S_write_all(s->out_fd, r->framed.data, r->framed.len);
        dbl_buf_free(&r->framed);
        if (strcmp(s->trace, "off") != 0) {
            char msg[512];
            snprintf(msg, sizeof msg, "linted %s version %lld: engine %.1f ms, diagnostics %.1f ms, write %.0f ms",
                     d->uri, (long long)r->version, r->lint_ms, r->convert_ms, (double)S_now_ms() - t0);
            S_notify(s, "$/logTrace", json_pack("{s:s}", "message", msg));
        }
        dbl_lsp__result_free(d->result);
        d->result = r;
    }
    dbl_free(rs);
}

/* Submits the lints whose debounce time has come; returns ms until the next one (-1: none). */
static int S_due(dbl_lsp_server *s)
{
    int64_t now = S_now_ms(), next = -1;
    for (uint32_t i = 0; i < s->docs.size; i++) {
        dbl_lsp_doc *d = s->docs.items[i];
        if (!d->due_ms)
            continue;
        if (d->due_ms <= now) {
            d->due_ms = 0;
            dbl_lsp__worker_submit(&s->worker, S_job(s, d));
        } else if (next < 0 || d->due_ms - now < next) {
            next = d->due_ms - now;
        }
    }
    return next < 0 ? -1 : (int)next;
}

/* ---- params ------------------------------------------------------------------------ */

bool dbl_lsp__offset(const dbl_lsp_server *s, const dbl_source *src, json_t *pos, uint32_t *out)
{
    json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 || json_integer_value(c) < 0)
        return false;
    json_int_t line = json_integer_value(l), col = json_integer_value(c);
    if (line > UINT32_MAX || col > UINT32_MAX)
        return false;
    *out = dbl_source_offset(src, (uint32_t)line, (uint32_t)col, s->unit);
    return true;
}

static const char *S_uri_param(json_t *params)
{
    return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

/* ---- lifecycle ---------------------------------------------------------------------- */

static void S_read_settings(dbl_lsp_server *s, json_t *opts)
{
    if (!json_is_object(opts))
        return;
    json_t *dbl = json_object_get(opts, "dbl");
    if (json_is_object(dbl))
        opts = dbl;
    json_t *v = json_object_get(opts, "debounceMs");
    if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 60000)
        s->debounce_ms = (uint32_t)json_integer_value(v);
    v = json_object_get(opts, "lintDelayMs"); /* a test hook: slow every lint down */
    if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 60000)
        s->lint_delay_ms = (uint32_t)json_integer_value(v);
    v = json_object_get(opts, "docsUrl");
    if (json_is_string(v)) {
        dbl_free(s->docs_url);
        s->docs_url = dbl_strdup(json_string_value(v));
    }
}

static json_t *S_initialize(dbl_lsp_server *s, json_t *params)
{
    s->unit = DBL_COL_UTF16;
    json_t *client = json_object_get(params, "capabilities");
    json_t *encs = json_object_get(json_object_get(client, "general"), "positionEncodings");
    size_t i;
    json_t *e;
    json_array_foreach(encs, i, e)
        if (json_is_string(e) && strcmp(json_string_value(e), "utf-8") == 0)
            s->unit = DBL_COL_BYTES;
    S_read_settings(s, json_object_get(params, "initializationOptions"));
    s->watch_dynamic = json_is_true(json_object_get(
        json_object_get(json_object_get(client, "workspace"), "didChangeWatchedFiles"), "dynamicRegistration"));
    s->related = json_is_true(json_object_get(
        json_object_get(json_object_get(client, "textDocument"), "publishDiagnostics"), "relatedInformation"));
    json_t *trace = json_object_get(params, "trace");
    if (json_is_string(trace))
        snprintf(s->trace, sizeof s->trace, "%s", json_string_value(trace));

    json_t *caps = json_pack(
        "{s:s,s:{s:b,s:i,s:{s:b}},s:{s:[s,s],s:b},s:b,s:b,s:{s:{s:{s:b}}}}", "positionEncoding",
        s->unit == DBL_COL_BYTES ? "utf-8" : "utf-16", "textDocumentSync", "openClose", 1, "change", 2,
        "save", "includeText", 0, "codeActionProvider", "codeActionKinds", "quickfix", "source.fixAll.dbl",
        "resolveProvider", 0, "hoverProvider", 1, "definitionProvider", 1, "workspace", "workspaceFolders",
        "changeNotifications", "supported", 0);
    json_object_del(json_object_get(caps, "workspace"), "workspaceFolders");
    if (s->syntax) {
        json_object_set_new(caps, "documentSymbolProvider", json_true());
        json_object_set_new(caps, "foldingRangeProvider", json_true());
        json_object_set_new(caps, "selectionRangeProvider", json_true());
    }
    return json_pack("{s:o,s:{s:s,s:s}}", "capabilities", caps, "serverInfo", "name", "dbl", "version",
                     DBL_VERSION);
}

/* ---- text synchronization ---------------------------------------------------------- */

static void S_did_open(dbl_lsp_server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    json_t *version = json_object_get(td, "version");
    if (!uri || !json_is_string(text)) {
        S_log(s, "textDocument/didOpen without uri or text: ignored");
        return;
    }
    dbl_lsp_doc *d = S_doc(s, uri);
    if (!d) {
        d = dbl_calloc(1, sizeof *d);
        d->uri = dbl_strdup(uri);
        d->path = dbl_lsp__uri_to_path(uri);
        if (d->path) {
            const char *slash = strrchr(d->path, '/');
            d->dir = slash == d->path ? dbl_strdup("/") : dbl_strndup(d->path, (size_t)(slash - d->path));
        }
        dbl_array_push(&s->docs, d);
    }
    d->gen = ++s->next_gen;
    d->version = json_is_integer(version) ? json_integer_value(version) : 0;
    dbl_source_free(d->src);
    d->src = S_source(d->path ? d->path : uri, json_string_value(text), json_string_length(text));
    dbl_lsp__tree_free(d->tree);
    d->tree = NULL;
    d->tree_stale = true;
    d->due_ms = 1; /* lint now */
    S_schedule_dependents(s, d->path);
}

/* Applies one content change; returns false if it is malformed. */
static bool S_apply_change(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *ch)
{
    json_t *text = json_object_get(ch, "text");
    if (!json_is_string(text))
        return false;
    const char *t = json_string_value(text);
    size_t tl = json_string_length(text);
    json_t *range = json_object_get(ch, "range");
    if (!range) {
        dbl_source *n = S_source(d->src->path, t, tl);
        dbl_source_free(d->src);
        d->src = n;
        dbl_lsp__tree_free(d->tree);
        d->tree = NULL;
        return true;
    }
    uint32_t a, b;
    if (!dbl_lsp__offset(s, d->src, json_object_get(range, "start"), &a) ||
        !dbl_lsp__offset(s, d->src, json_object_get(range, "end"), &b))
        return false;
    if (b < a) {
        uint32_t x = a;
        a = b;
        b = x;
    }
    const dbl_source *o = d->src;
    size_t len = (size_t)o->len - (b - a) + tl;
    if (len > UINT32_MAX - 1)
        return false;
    char *buf = dbl_malloc(len + 1);
    memcpy(buf, o->text, a);
    memcpy(buf + a, t, tl);
    memcpy(buf + a + tl, o->text + b, o->len - b);
    buf[len] = 0;
    dbl_lsp__tree_edit(d->tree, o, a, b, t, (uint32_t)tl);
    dbl_source *n = dbl_source_new(0, o->path, buf, (uint32_t)len);
    dbl_source_free(d->src);
    d->src = n;
    return true;
}

static void S_did_change(dbl_lsp_server *s, json_t *params)
{
    dbl_lsp_doc *d = S_doc(s, S_uri_param(params));
    json_t *changes = json_object_get(params, "contentChanges");
    if (!d || !json_is_array(changes)) {
        S_log(s, "textDocument/didChange for a document that is not open, or without contentChanges: ignored");
        return;
    }
    json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
    size_t i;
    json_t *ch;
    json_array_foreach(changes, i, ch)
        if (!S_apply_change(s, d, ch))
            S_log(s, "textDocument/didChange: malformed change %zu ignored", i);
    if (json_is_integer(version))
        d->version = json_integer_value(version);
    else
        d->version++;
    d->tree_stale = true; /* re-parsed (incrementally) when a request needs the tree */
    S_schedule(s, d);
    S_schedule_dependents(s, d->path);
}

static void S_did_close(dbl_lsp_server *s, json_t *params)
{
    const char *uri = S_uri_param(params);
    for (uint32_t i = 0; i < s->docs.size; i++) {
        dbl_lsp_doc *d = s->docs.items[i];
        if (strcmp(d->uri, uri ? uri : "") != 0)
            continue;
        memmove(s->docs.items + i, s->docs.items + i + 1, sizeof(dbl_lsp_doc *) * (s->docs.size - i - 1));
        s->docs.size--;
        json_t *empty = json_array();
        S_publish(s, d->uri, empty, NULL);
        json_decref(empty);
        S_schedule_dependents(s, d->path); /* the file on disk is their context now */
        S_doc_free(d);
        return;
    }
}

static void S_did_change_watched(dbl_lsp_server *s, json_t *params)
{
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(params, "changes"), i, ch)
    {
        char *path = dbl_lsp__uri_to_path(json_string_value(json_object_get(ch, "uri")));
        const char *slash = path ? strrchr(path, '/') : NULL;
        if (slash && strcmp(slash + 1, ".dbl.json") == 0) {
            /* a configuration applies to every document below its folder */
            size_t dl = (size_t)(slash - path);
            for (uint32_t k = 0; k < s->docs.size; k++) {
                dbl_lsp_doc *d = s->docs.items[k];
                if (d->path && strncmp(d->path, path, dl) == 0 && d->path[dl] == '/')
                    S_schedule(s, d);
            }
        } else {
            S_schedule_dependents(s, path);
        }
        dbl_free(path);
    }
}

/* Asks a client that can to watch the files a document's context is made of. */
static void S_register_watchers(dbl_lsp_server *s)
{
    if (!s->watch_dynamic)
        return;
    json_t *reg = json_pack("{s:s,s:s,s:{s:[{s:s},{s:s}]}}", "id", "dbl-watched-files", "method",
                            "workspace/didChangeWatchedFiles", "registerOptions", "watchers", "globPattern",
                            "**/*.sql", "globPattern", "**/.dbl.json");
    S_send(s, json_pack("{s:s,s:s,s:s,s:{s:[o]}}", "jsonrpc", "2.0", "id", "dbl-register-1", "method",
                        "client/registerCapability", "params", "registrations", reg));
}

/* ---- dispatch ------------------------------------------------------------------------ */

typedef json_t *(*S_doc_request)(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params, int *err);

static json_t *S_req_hover(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params, int *err)
{
    uint32_t off;
    if (!dbl_lsp__offset(s, d->src, json_object_get(params, "position"), &off)) {
        *err = DBL_RPC_INVALID_PARAMS;
        return NULL;
    }
    return dbl_lsp__hover(s, d, off);
}

static json_t *S_req_definition(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params, int *err)
{
    uint32_t off;
    if (!dbl_lsp__offset(s, d->src, json_object_get(params, "position"), &off)) {
        *err = DBL_RPC_INVALID_PARAMS;
        return NULL;
    }
    return dbl_lsp__definition(s, d, off);
}

static json_t *S_req_code_action(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params, int *err)
{
    if (!json_is_object(json_object_get(params, "range"))) {
        *err = DBL_RPC_INVALID_PARAMS;
        return NULL;
    }
    return dbl_lsp__code_actions(s, d, params);
}

static json_t *S_req_symbols(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params, int *err)
{
    (void)params;
    (void)err;
    return dbl_lsp__document_symbols(s, d);
}

static json_t *S_req_folding(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params, int *err)
{
    (void)params;
    (void)err;
    return dbl_lsp__folding_ranges(s, d);
}

static json_t *S_req_selection(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params, int *err)
{
    json_t *pos = json_object_get(params, "positions");
    if (!json_is_array(pos)) {
        *err = DBL_RPC_INVALID_PARAMS;
        return NULL;
    }
    return dbl_lsp__selection_ranges(s, d, pos);
}

static const struct {
    const char *method;
    S_doc_request fn;
    bool syntax; /* needs tree-sitter */
} S_doc_requests[] = {
    {"textDocument/hover", S_req_hover, false},
    {"textDocument/definition", S_req_definition, false},
    {"textDocument/codeAction", S_req_code_action, false},
    {"textDocument/documentSymbol", S_req_symbols, true},
    {"textDocument/foldingRange", S_req_folding, true},
    {"textDocument/selectionRange", S_req_selection, true},
};

static void S_request(dbl_lsp_server *s, const char *method, json_t *id, json_t *params)
{
    if (strcmp(method, "initialize") == 0) {
        if (s->initialized) {
            S_reply_error(s, id, DBL_RPC_INVALID_REQUEST, "initialize was already called");
            return;
        }
        if (params && !json_is_object(params)) {
            S_reply_error(s, id, DBL_RPC_INVALID_PARAMS, "initialize params must be an object");
            return;
        }
        S_reply(s, id, S_initialize(s, params));
        s->initialized = true;
        return;
    }
    if (!s->initialized) {
        S_reply_error(s, id, DBL_RPC_SERVER_NOT_INITIALIZED, "the server is not initialized");
        return;
    }
    if (s->shutdown) {
        S_reply_error(s, id, DBL_RPC_INVALID_REQUEST, "the server is shutting down");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->shutdown = true;
        S_reply(s, id, json_null());
        return;
    }
    for (size_t i = 0; i < sizeof S_doc_requests / sizeof S_doc_requests[0]; i++) {
        if (strcmp(method, S_doc_requests[i].method) != 0)
            continue;
        if (S_doc_requests[i].syntax && !s->syntax)
            break;
        if (!json_is_object(params) || !S_uri_param(params)) {
            S_reply_error(s, id, DBL_RPC_INVALID_PARAMS, "params.textDocument.uri is required");
            return;
        }
        dbl_lsp_doc *d = S_doc(s, S_uri_param(params));
        if (!d) {
            S_reply_error(s, id, DBL_RPC_INVALID_PARAMS, "the document is not open");
            return;
        }
        if (S_doc_requests[i].syntax && d->tree_stale) {
            dbl_lsp__tree_parse(s->syntax, d);
            d->tree_stale = false;
        }
        int err = 0;
        json_t *res = S_doc_requests[i].fn(s, d, params, &err);
        if (err)
            S_reply_error(s, id, err, "invalid params");
        else
            S_reply(s, id, res);
        return;
    }
    S_reply_error(s, id, DBL_RPC_METHOD_NOT_FOUND, "method not found");
}

static void S_notification(dbl_lsp_server *s, const char *method, json_t *params)
{
    if (strcmp(method, "exit") == 0) {
        s->exit = true;
        return;
    }
    if (!s->initialized || s->shutdown)
        return; /* dropped, as the specification says */
    if (strcmp(method, "initialized") == 0) {
        S_register_watchers(s);
    } else if (strcmp(method, "textDocument/didOpen") == 0) {
        S_did_open(s, params);
    } else if (strcmp(method, "textDocument/didChange") == 0) {
        S_did_change(s, params);
    } else if (strcmp(method, "textDocument/didSave") == 0) {
        dbl_lsp_doc *d = S_doc(s, S_uri_param(params));
        if (d) {
            S_schedule(s, d);
            S_schedule_dependents(s, d->path);
        }
    } else if (strcmp(method, "textDocument/didClose") == 0) {
        S_did_close(s, params);
    } else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0) {
        S_did_change_watched(s, params);
    } else if (strcmp(method, "workspace/didChangeConfiguration") == 0) {
        S_read_settings(s, json_object_get(params, "settings"));
        for (uint32_t i = 0; i < s->docs.size; i++)
            S_schedule(s, s->docs.items[i]);
    } else if (strcmp(method, "$/setTrace") == 0) {
        const char *v = json_string_value(json_object_get(params, "value"));
        if (v && (strcmp(v, "off") == 0 || strcmp(v, "messages") == 0 || strcmp(v, "verbose") == 0))
            snprintf(s->trace, sizeof s->trace, "%s", v);
        else
            S_log(s, "$/setTrace with an invalid value: ignored");
    }
    /* $/cancelRequest is handled before dispatch; other notifications are ignored */
}

/* Checks the envelope and dispatches; queued marks a cancelled request. */
static void S_handle(dbl_lsp_server *s, json_t *msg, bool cancelled)
{
    if (json_is_array(msg)) {
        S_reply_error(s, NULL, DBL_RPC_INVALID_REQUEST, "batch messages are not supported by LSP");
        return;
    }
    json_t *id = json_object_get(msg, "id");
    bool id_ok = id && (json_is_integer(id) || json_is_string(id));
    if (!json_is_object(msg)) {
        S_reply_error(s, NULL, DBL_RPC_INVALID_REQUEST, "a message must be a JSON object");
        return;
    }
    const char *jsonrpc = json_string_value(json_object_get(msg, "jsonrpc"));
    json_t *m = json_object_get(msg, "method");
    if (!jsonrpc || strcmp(jsonrpc, "2.0") != 0) {
        S_reply_error(s, id_ok ? id : NULL, DBL_RPC_INVALID_REQUEST, "jsonrpc must be \"2.0\"");
        return;
    }
    if (!m && id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
        return; /* a response: the server sends no requests that need one */
    if (!json_is_string(m)) {
        S_reply_error(s, id_ok ? id : NULL, DBL_RPC_INVALID_REQUEST, "method must be a string");
        return;
    }
    if (id && !id_ok) {
        S_reply_error(s, NULL, DBL_RPC_INVALID_REQUEST, "id must be an integer or a string");
        return;
    }
    json_t *params = json_object_get(msg, "params");
    if (params && !json_is_object(params) && !json_is_array(params)) {
        if (id)
            S_reply_error(s, id, DBL_RPC_INVALID_PARAMS, "params must be an object or an array");
        return;
    }
    if (!id) {
        S_notification(s, json_string_value(m), params);
        return;
    }
    if (cancelled && s->initialized) {
        S_reply_error(s, id, DBL_RPC_REQUEST_CANCELLED, "request cancelled");
        return;
    }
    S_request(s, json_string_value(m), id, params);
}

static bool S_same_id(json_t *a, json_t *b)
{
    return a && b && json_equal(a, b);
}

/* Handles every complete message buffered, honouring cancellations among them. */
static void S_drain(dbl_lsp_server *s)
{
    DBL_ARRAY(dbl_lsp_queued) q = {0};
    dbl_rpc_msg m;
    dbl_rpc_status st;
    while ((st = dbl_rpc_reader_next(&s->reader, &m)) != DBL_RPC_NEED_MORE) {
        if (st == DBL_RPC_ERROR) {
            /* keep the order of replies: flush what came before */
            for (uint32_t i = 0; i < q.size; i++)
                if (!s->exit)
                    S_handle(s, q.items[i].msg, q.items[i].cancelled);
            for (uint32_t i = 0; i < q.size; i++)
                json_decref(q.items[i].msg);
            dbl_array_clear(&q);
            S_log(s, "%s", m.error);
            S_reply_error(s, NULL, m.code, m.error);
            continue;
        }
        json_t *j = m.json;
        const char *method = json_string_value(json_object_get(j, "method"));
        if (method && strcmp(method, "$/cancelRequest") == 0) {
            json_t *cid = json_object_get(json_object_get(j, "params"), "id");
            for (uint32_t i = 0; i < q.size; i++)
                if (S_same_id(json_object_get(q.items[i].msg, "id"), cid))
                    q.items[i].cancelled = true;
        }
        dbl_array_push(&q, ((dbl_lsp_queued){j, false}));
    }
    for (uint32_t i = 0; i < q.size; i++)
        if (!s->exit)
            S_handle(s, q.items[i].msg, q.items[i].cancelled);
    for (uint32_t i = 0; i < q.size; i++)
        json_decref(q.items[i].msg);
    dbl_array_free(&q);
}

/* ---- the loop ------------------------------------------------------------------------ */

int dbl_lsp_serve(int in_fd, int out_fd, int log_fd)
{
    dbl_lsp_server s = {.in_fd = in_fd, .out_fd = out_fd, .log_fd = log_fd, .unit = DBL_COL_UTF16,
                        .debounce_ms = S_DEFAULT_DEBOUNCE_MS};
    snprintf(s.trace, sizeof s.trace, "off");
    s.docs_url = dbl_strdup(S_DOCS_URL);
    dbl_rpc_reader_init(&s.reader);
    if (pipe(s.worker.wake) != 0) {
        S_log(&s, "cannot create a pipe: %s", strerror(errno));
        dbl_free(s.docs_url);
        return 1;
    }
    fcntl(s.worker.wake[0], F_SETFL, fcntl(s.worker.wake[0], F_GETFL) | O_NONBLOCK);
    fcntl(s.worker.wake[1], F_SETFL, fcntl(s.worker.wake[1], F_GETFL) | O_NONBLOCK);
    s.syntax = dbl_lsp__syntax_new();
    dbl_lsp__worker_start(&s.worker);

    char buf[65536];
    bool eof = false;
    while (!s.exit && !eof) {
        int timeout = S_due(&s);
        struct pollfd fds[2] = {{in_fd, POLLIN, 0}, {s.worker.wake[0], POLLIN, 0}};
        int k = poll(fds, 2, timeout);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            S_log(&s, "poll: %s", strerror(errno));
            break;
        }
        if (fds[1].revents & POLLIN)
            S_take_results(&s);
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(in_fd, buf, sizeof buf);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0) {
                eof = true;
            } else {
                dbl_rpc_reader_feed(&s.reader, buf, (size_t)n);
                S_drain(&s);
            }
        }
    }
    int code = s.exit && s.shutdown ? 0 : 1;
    dbl_lsp__worker_stop(&s.worker);
    for (uint32_t i = 0; i < s.docs.size; i++)
        S_doc_free(s.docs.items[i]);
    dbl_array_free(&s.docs);
    dbl_lsp__syntax_free(s.syntax);
    dbl_rpc_reader_free(&s.reader);
    dbl_buf_free(&s.out);
    close(s.worker.wake[0]);
    close(s.worker.wake[1]);
    dbl_free(s.docs_url);
    return code;
}
