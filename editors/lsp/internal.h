/* internal.h - the language server's private types, shared by its modules. */
#ifndef DBL_LSP_INTERNAL_H
#define DBL_LSP_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "editors/lsp/rpc.h"
#include "lint/lint.h"

typedef struct dbl_lsp_syntax dbl_lsp_syntax;
typedef struct dbl_lsp_tree dbl_lsp_tree;

/* A syntax error placed where tree-sitter finds the missing token. */
typedef struct dbl_lsp_refined {
    uint32_t diag;          /* index in the run's diagnostics */
    uint32_t offset;        /* where the token is missing */
    char *message;
} dbl_lsp_refined;

/* A finished lint of one document version: owns the run and its config. */
typedef struct dbl_lsp_result {
    char *uri;
    int64_t version;
    uint64_t gen;           /* the document's open generation */
    dbl_config config;
    dbl_run *run;
    uint32_t doc_file;      /* the document's file index in the run */
    dbl_col_unit unit;      /* of the positions written */
    char *docs_url;         /* the rules' documentation base, for codeDescription */
    bool related;           /* the client takes relatedInformation */
    char **uris;            /* file: URI of each source, made when first needed */
    uint32_t n_uris;
    DBL_ARRAY(dbl_lsp_refined) refined; /* syntax errors tree-sitter places better */
    double lint_ms, convert_ms; /* time in the engine, and building the Diagnostic[] */
    dbl_buf framed;         /* the publishDiagnostics message, framed by the worker */
} dbl_lsp_result;

typedef struct dbl_lsp_doc {
    char *uri;
    char *path;             /* a local file path, or NULL for other schemes */
    char *dir;              /* its folder (NULL without a path) */
    int64_t version;
    uint64_t gen;           /* distinguishes a reopened document */
    dbl_source *src;        /* the current text and its line table */
    int64_t due_ms;         /* when to lint it (0: not scheduled) */
    dbl_lsp_result *result; /* the latest published lint, or NULL */
    dbl_lsp_tree *tree;     /* the tree-sitter tree, or NULL */
    bool tree_stale;        /* edits since the last parse (the tree is edited, not re-parsed) */
} dbl_lsp_doc;

/* One input of a lint job: a path and its text (owned). */
typedef struct dbl_lsp_input {
    char *path;
    char *text;
    uint32_t len;
} dbl_lsp_input;

typedef struct dbl_lsp_job {
    char *uri;
    char *path;             /* the path the document is linted as */
    char *dir;              /* folder whose earlier .sql files are its context, or NULL */
    int64_t version;
    uint64_t gen;
    dbl_lsp_input doc;
    DBL_ARRAY(dbl_lsp_input) open;   /* open buffers of that folder (they win over disk) */
    dbl_col_unit unit;
    const char *docs_url;   /* static or server-owned; outlives the job */
    bool related;           /* the client takes relatedInformation */
    uint32_t delay_ms;      /* test hook: sleep before linting */
} dbl_lsp_job;

typedef struct dbl_lsp_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    DBL_ARRAY(dbl_lsp_job *) jobs;
    DBL_ARRAY(dbl_lsp_result *) results;
    bool stop, started;
    int wake[2];            /* the worker writes a byte when a result is ready */
    struct dbl_stmt_cache *cache; /* statements parsed by earlier lints; the worker's alone */
    dbl_lsp_syntax *syntax; /* the worker's own parser (NULL without tree-sitter) */
} dbl_lsp_worker;

/* Pending request, kept while the messages of one read are handled. */
typedef struct dbl_lsp_queued {
    json_t *msg;
    bool cancelled;
} dbl_lsp_queued;

typedef struct dbl_lsp_server {
    int in_fd, out_fd, log_fd;
    dbl_rpc_reader reader;
    dbl_buf out;
    bool initialized, shutdown, exit;
    bool watch_dynamic;     /* the client registers file watchers on request */
    bool related;           /* the client takes relatedInformation in diagnostics */
    dbl_col_unit unit;      /* DBL_COL_BYTES (utf-8) or DBL_COL_UTF16 */
    char trace[16];
    uint32_t debounce_ms;
    uint32_t lint_delay_ms;
    char *docs_url;
    uint64_t next_gen;
    DBL_ARRAY(dbl_lsp_doc *) docs;
    dbl_lsp_worker worker;
    dbl_lsp_syntax *syntax; /* NULL without tree-sitter */
} dbl_lsp_server;

/* ---- uri.c ---- */
/* Returns the local path of a file: URI as a heap string, or NULL. */
char *dbl_lsp__uri_to_path(const char *uri);
/* Returns the file: URI of an absolute or relative path as a heap string. */
char *dbl_lsp__path_to_uri(const char *path);

/* ---- worker.c ---- */
void dbl_lsp__worker_start(dbl_lsp_worker *w);
void dbl_lsp__worker_stop(dbl_lsp_worker *w);
/* Queues a job (taking it), replacing a queued job of the same document. */
void dbl_lsp__worker_submit(dbl_lsp_worker *w, dbl_lsp_job *job);
/* Takes the finished results (the caller frees each with dbl_lsp__result_free()). */
void dbl_lsp__worker_take(dbl_lsp_worker *w, dbl_lsp_result ***out, uint32_t *n);
void dbl_lsp__job_free(dbl_lsp_job *job);
void dbl_lsp__result_free(dbl_lsp_result *r);
/* Lints one job synchronously (the worker's body), taking unchanged statements
 * from cache (NULL: parse everything) and placing syntax errors with sx (NULL:
 * where libpg_query puts them). Returns a result the caller frees. */
dbl_lsp_result *dbl_lsp__lint(const dbl_lsp_job *job, struct dbl_stmt_cache *cache, dbl_lsp_syntax *sx);
/* The span a diagnostic of the result's document underlines, as published
 * (where tree-sitter placed a syntax error, or an empty span grown to the
 * token at its start), and its message if message is not NULL. */
dbl_span dbl_lsp__diag_span(const dbl_lsp_result *r, const dbl_diag *d, const char **message);
/* The LSP Diagnostic of d, a diagnostic of the result's document, as published.
 * Returns a new reference. */
json_t *dbl_lsp__diagnostic(dbl_lsp_result *r, const dbl_diag *d);
/* LSP Range of a byte span in a source. Returns a new reference. */
json_t *dbl_lsp__range(const dbl_source *s, uint32_t start, uint32_t end, dbl_col_unit unit);

/* ---- features.c ---- */
json_t *dbl_lsp__code_actions(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *params);
json_t *dbl_lsp__hover(dbl_lsp_server *s, dbl_lsp_doc *d, uint32_t offset);
json_t *dbl_lsp__definition(dbl_lsp_server *s, dbl_lsp_doc *d, uint32_t offset);

/* ---- syntax.c (tree-sitter; every function is a no-op returning NULL without it) ---- */
dbl_lsp_syntax *dbl_lsp__syntax_new(void);
void dbl_lsp__syntax_free(dbl_lsp_syntax *sx);
void dbl_lsp__tree_free(dbl_lsp_tree *t);
/* Records an edit of the old text: bytes [start, old_end) became [start, new_end). */
void dbl_lsp__tree_edit(dbl_lsp_tree *t, const dbl_source *old, uint32_t start, uint32_t old_end,
                        const char *inserted, uint32_t inserted_len);
/* Where a statement libpg_query rejects at offset `at` (both relative to
 * text) misses a token, by tree-sitter's error recovery: the last missing
 * token at or before `at`. Writes its offset and a name for it ("\")\"",
 * "END", "identifier") and returns true; false when tree-sitter finds none. */
bool dbl_lsp__syntax_missing(dbl_lsp_syntax *sx, const char *text, uint32_t len, uint32_t at, uint32_t *offset,
                             char *what, size_t cap);
/* Parses the document's current text, reusing its edited tree. */
void dbl_lsp__tree_parse(dbl_lsp_syntax *sx, dbl_lsp_doc *d);
json_t *dbl_lsp__document_symbols(dbl_lsp_server *s, dbl_lsp_doc *d);
json_t *dbl_lsp__folding_ranges(dbl_lsp_server *s, dbl_lsp_doc *d);
json_t *dbl_lsp__selection_ranges(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *positions);

/* ---- server.c helpers shared with features ---- */
/* Byte offset of an LSP Position in the document; false if pos is malformed. */
bool dbl_lsp__offset(const dbl_lsp_server *s, const dbl_source *src, json_t *pos, uint32_t *out);

#endif
