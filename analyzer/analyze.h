/* analyze.h - one `dbl analyze` run: logs in, ranked findings out.
 *
 *   dbl_analysis *a = dbl_analysis_new(&opts, &config);
 *   dbl_analysis_read(a, "postgresql.log.gz", &err);    // each LOG path, in order
 *   dbl_analysis_finish(a);                              // open sessions, ranking
 *   ... dbl_analysis_findings(a, &n) ...
 *   dbl_analysis_free(a);
 */
#ifndef DBL_ANALYZE_H
#define DBL_ANALYZE_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/advisor.h"
#include "analyzer/logread.h"
#include "analyzer/nplusone.h"
#include "analyzer/shape.h"
#include "lint/catalog.h"
#include "lint/config.h"
#include "lint/diag.h"

typedef struct dbl_analyze_opts {
    dbl_logread_opts read;
    dbl_nplus_opts loops;
    bool shape_cache;         /* false: parse every statement */
} dbl_analyze_opts;

/* Defaults: auto-detected formats, loops of 3, 100 ms gaps, the cache on. */
void dbl_analyze_opts_init(dbl_analyze_opts *o);

/* One burst of a finding. */
typedef struct dbl_occurrence {
    const char *session;
    int32_t pid;
    uint32_t file;
    uint64_t line, end_line;
    uint64_t count;           /* executions of the loop's first statement */
    bool has_parent;
    uint32_t parent_file;
    uint64_t parent_line;
} dbl_occurrence;

/* A loop found in the log, with all its bursts. */
typedef struct dbl_finding {
    const char *rule;         /* "n-plus-one" or "repeated-query" */
    dbl_severity severity;
    bool nested;              /* an inner loop of a nested loop */
    uint32_t n_body;
    const dbl_shape *body[DBL_LOOP_MAX_BODY];
    uint64_t count;           /* executions of body[0], over every burst */
    uint64_t executions;      /* executions of every statement of the body */
    uint64_t bursts, longest;
    double total_ms;
    bool timed;
    uint32_t example;         /* index in occurrences of the longest burst */
    const dbl_shape *parent;  /* the example burst's parent, or NULL */
    const char *fix_description;
    const char *fix_sql;      /* the batched statements, one per line; NULL if none */
    const char *table;        /* body[0]'s relation, schema-qualified when the schema has it */
    DBL_ARRAY(dbl_occurrence) occurrences;
} dbl_finding;

typedef struct dbl_analysis dbl_analysis;

/* Creates a run. opts is copied; config must outlive the run. The caller frees it
 * with dbl_analysis_free(). */
dbl_analysis *dbl_analysis_new(const dbl_analyze_opts *opts, const dbl_config *config);
void dbl_analysis_free(dbl_analysis *a);
/* The schema the logged queries ran against (its tables name the findings'
 * relations, schema-qualified); it must outlive the run. NULL: none. */
void dbl_analysis_set_catalog(dbl_analysis *a, const dbl_catalog *catalog);
/* Reads one LOG path (file, .gz, folder of rotated logs, "-"). Returns false and sets
 * err when the path cannot be read; the run goes on with the other paths. */
bool dbl_analysis_read(dbl_analysis *a, const char *path, dbl_error *err);
/* Reads an in-memory log (for tests and fuzzing). */
void dbl_analysis_read_mem(dbl_analysis *a, const char *name, const char *bytes, size_t len);
/* Analyzes open sessions, ranks the findings (by time spent where the log has
 * durations, else by executions) and, with a catalog, runs the index advisor. */
void dbl_analysis_finish(dbl_analysis *a);

/* The findings, worst first (after dbl_analysis_finish()). */
const dbl_finding *const *dbl_analysis_findings(const dbl_analysis *a, uint32_t *n);
/* The index suggestions, worst first (after dbl_analysis_finish(); none without a catalog). */
const dbl_advice *const *dbl_analysis_advice(const dbl_analysis *a, uint32_t *n);
/* What the advisor could and could not judge; NULL without a catalog. */
const dbl_advice_stats *dbl_analysis_advice_stats(const dbl_analysis *a);
const dbl_logreader *dbl_analysis_reader(const dbl_analysis *a);
const dbl_shapes *dbl_analysis_shapes(const dbl_analysis *a);
uint64_t dbl_analysis_sessions(const dbl_analysis *a);

#endif
