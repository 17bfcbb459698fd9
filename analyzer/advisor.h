/* advisor.h - the indexes the logged queries are missing.
 *
 * For every distinct shape, where it filters, joins and sorts (qpred.h) is
 * resolved against the schema's catalog; a table access is served when a
 * valid index has leading columns covering its equality columns (any order),
 * followed by its range column or its sort columns (in order, or all reversed).
 * Unserved accesses become index suggestions: equality columns first, in query
 * order, then one range column or the sort columns. Suggestions where one is a
 * leading prefix of another merge; each is ranked by what its queries cost in
 * the log (total duration where known, else calls).
 */
#ifndef DBL_ADVISOR_H
#define DBL_ADVISOR_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/shape.h"
#include "lint/catalog.h"
#include "lint/config.h"

enum { DBL_ADVICE_MAX_COLUMNS = 8 };

typedef struct dbl_advice {
    const char *rule;             /* "missing-index" (one column) or "missing-composite-index" */
    int severity;                 /* a dbl_severity, set by the run from the configuration */
    const dbl_table *table;
    const char *table_name;       /* schema-qualified */
    uint32_t n_columns;
    const char *columns[DBL_ADVICE_MAX_COLUMNS];
    bool desc[DBL_ADVICE_MAX_COLUMNS];
    uint32_t n_equality;          /* the first n columns are equality columns */
    const char *include[3];       /* INCLUDE columns: every other column its queries read, when
                                   that makes each of them an index-only scan */
    uint32_t n_include;
    bool no_include;              /* a query of it cannot be index-only (reads more, or many) */
    const char *name;             /* an index name that collides with nothing */
    const char *sql;              /* CREATE INDEX CONCURRENTLY ... */
    DBL_ARRAY(const dbl_shape *) queries;
    uint64_t calls;
    double total_ms;
    bool timed;
    DBL_ARRAY(const char *) resolves_fks; /* fk-without-index findings it resolves (constraint names) */
} dbl_advice;

typedef struct dbl_advice_stats {
    uint64_t shapes_read;         /* shapes whose relations were resolved */
    uint64_t unresolved;          /* shapes that could not be read (no parse, dynamic, functions in FROM) */
    uint64_t unknown_tables;      /* distinct relations the schema does not define */
    const char *first_unknown;    /* one of them */
    uint64_t low_selectivity;     /* accesses left alone: one equality on a flag-like column */
    uint64_t served;              /* table accesses an existing index serves */
} dbl_advice_stats;

typedef DBL_ARRAY(dbl_advice *) dbl_advice_list;

/* Judges every shape against the catalog and appends suggestions, ranked worst
 * first, to out (arena-owned; the caller frees the arrays with
 * dbl_advice_list_free()). Never fails. */
void dbl_advise(dbl_arena *a, const dbl_catalog *catalog, const dbl_config *cfg, const dbl_shapes *shapes,
                dbl_advice_list *out, dbl_advice_stats *stats);
/* Frees the arrays inside the suggestions and the list's own array. */
void dbl_advice_list_free(dbl_advice_list *l);

#endif
