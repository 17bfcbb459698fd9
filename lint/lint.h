/* lint.h - the lint run: inputs in, catalog and diagnostics out.
 *
 *   dbl_run *run = dbl_run_new(&config);
 *   dbl_run_add_source(run, "db/schema.sql", bytes, len);   // in order
 *   dbl_run_finish(run);                                      // rules, suppressions, sorting
 *   ... dbl_run_diags(run), dbl_run_catalog(run) ...
 *   dbl_run_free(run);
 */
#ifndef DBL_LINT_H
#define DBL_LINT_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/catalog.h"
#include "lint/config.h"
#include "lint/diag.h"
#include "lint/source.h"

typedef struct dbl_run dbl_run;

typedef struct dbl_run_stats {
    uint32_t files;
    uint32_t statements;    /* SQL statements found by the splitter */
    uint32_t parsed;        /* of those, accepted by the parser */
    uint32_t syntax_errors; /* of those, rejected and reported */
    uint32_t meta_commands; /* psql backslash commands skipped */
    uint32_t copy_blocks;   /* COPY ... FROM STDIN data blocks skipped */
} dbl_run_stats;

/* Creates a run. The config must outlive it. The caller frees it with dbl_run_free(). */
dbl_run *dbl_run_new(const dbl_config *config);
/* Frees the run and everything it owns; NULL is a no-op. */
void dbl_run_free(dbl_run *run);
/* Lets the run take statements parsed by earlier runs from cache, and add the
 * ones it parses (see lint/stmtcache.h). Call before the first source. */
struct dbl_stmt_cache;
void dbl_run_set_cache(dbl_run *run, struct dbl_stmt_cache *cache);
/* Lints one input after the previous ones: takes ownership of bytes (len
 * bytes; dbl_malloc'd with room for one more byte). Never fails: problems
 * with the bytes become diagnostics. */
void dbl_run_add_source(dbl_run *run, const char *path, char *bytes, uint32_t len);
/* Like dbl_run_add_source(), for context: the input builds the catalog, but
 * nothing is reported in it and the stats do not count it. */
void dbl_run_add_context(dbl_run *run, const char *path, char *bytes, uint32_t len);
/* Runs the rules on the final catalog, applies suppressions and sorts. */
void dbl_run_finish(dbl_run *run);

const dbl_diag_list *dbl_run_diags(const dbl_run *run);
/* The diagnostics, for a filter that drops some after dbl_run_finish() (baselines). */
dbl_diag_list *dbl_run_diags_mut(dbl_run *run);
const dbl_catalog *dbl_run_catalog(const dbl_run *run);
const dbl_source *dbl_run_source(const dbl_run *run, uint32_t file);
uint32_t dbl_run_n_sources(const dbl_run *run);
/* The statement of a file that holds offset: the last one that starts at or
 * before it. False when none does (offset is before the first statement). */
bool dbl_run_statement_at(const dbl_run *run, uint32_t file, uint32_t offset, dbl_span *out);
dbl_run_stats dbl_run_get_stats(const dbl_run *run);

/* Expands PATHs: files as given, folders as their .sql files (recursively)
 * in natural name order. Appends heap paths to out; problems go to errors
 * as heap messages. Returns false if any path could not be read. */
typedef DBL_ARRAY(char *) dbl_strv;
/* Frees every string of v and its array. */
void dbl_strv_free(dbl_strv *v);
bool dbl_inputs_expand(const char *const *paths, uint32_t n, const dbl_config *cfg, dbl_strv *out,
                       dbl_strv *errors);
/* One input of a lint, in the order it is applied. */
typedef struct dbl_input {
    char *path;             /* heap */
    bool context;           /* read for the catalog only */
} dbl_input;
typedef DBL_ARRAY(dbl_input) dbl_inputv;
/* Orders the files to lint after their context (both expanded lists, moved
 * into out): context files are applied first, in order; a file that is also
 * in the context takes its place there (so a migration is judged against the
 * ones before it), and the context after the last such file is left out (the
 * migrations after it). Files found nowhere in the context come last. */
void dbl_inputs_with_context(dbl_strv *context, dbl_strv *files, dbl_inputv *out);
/* Reads a whole file (or stdin for "-"). Returns false and sets err on failure. */
bool dbl_read_file(const char *path, char **bytes, uint32_t *len, dbl_error *err);
/* Natural order: digit runs compare by value ("2_a" < "10_a"). */
int dbl_natural_cmp(const char *a, const char *b);

#endif
