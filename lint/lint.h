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
/* Lints one input after the previous ones: takes ownership of bytes (len
 * bytes; dbl_malloc'd with room for one more byte). Never fails: problems
 * with the bytes become diagnostics. */
void dbl_run_add_source(dbl_run *run, const char *path, char *bytes, uint32_t len);
/* Runs the rules on the final catalog, applies suppressions and sorts. */
void dbl_run_finish(dbl_run *run);

const dbl_diag_list *dbl_run_diags(const dbl_run *run);
const dbl_catalog *dbl_run_catalog(const dbl_run *run);
const dbl_source *dbl_run_source(const dbl_run *run, uint32_t file);
uint32_t dbl_run_n_sources(const dbl_run *run);
dbl_run_stats dbl_run_get_stats(const dbl_run *run);

/* Expands PATHs: files as given, folders as their .sql files (recursively)
 * in natural name order. Appends heap paths to out; problems go to errors
 * as heap messages. Returns false if any path could not be read. */
typedef DBL_ARRAY(char *) dbl_strv;
bool dbl_inputs_expand(const char *const *paths, uint32_t n, const dbl_config *cfg, dbl_strv *out,
                       dbl_strv *errors);
/* Reads a whole file (or stdin for "-"). Returns false and sets err on failure. */
bool dbl_read_file(const char *path, char **bytes, uint32_t *len, dbl_error *err);
/* Natural order: digit runs compare by value ("2_a" < "10_a"). */
int dbl_natural_cmp(const char *a, const char *b);

#endif
