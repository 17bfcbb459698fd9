/* qpred.h - where a query filters, joins and sorts: the index advisor's input.
 *
 * Reads one statement (a shape's normalized text) and lists the relations it
 * reads, with every column reference the planner could serve from an index:
 * equality and range comparisons, IS NULL, join keys, ORDER BY and GROUP BY.
 * Subqueries, CTEs, set operations and the SELECT of INSERT ... SELECT are read
 * too, each as its own scope. Column references are resolved to a relation by
 * their qualifier (alias or table name) or, unqualified in a scope with one
 * relation, to that relation; otherwise the caller resolves them with the
 * catalog among the relations of the reference's scope.
 */
#ifndef DBL_QPRED_H
#define DBL_QPRED_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"

typedef struct dbl_qrel {
    const char *schema;     /* NULL when unqualified */
    const char *name;
    const char *alias;      /* NULL when none */
    bool derived;           /* a CTE or subquery name, not a stored relation */
    bool limited;           /* its scope has LIMIT (sorting can stop early) */
    bool outputs_unknown;   /* its scope's SELECT list reads more than plain columns can say
                               (*, subqueries, whole rows): no index-only scan is judged */
    uint32_t scope;
} dbl_qrel;

typedef enum dbl_qref_kind {
    DBL_QREF_EQ,        /* col = value, col IN (...), col = ANY(...) */
    DBL_QREF_RANGE,     /* <, <=, >, >=, BETWEEN */
    DBL_QREF_JOIN,      /* col = other relation's column */
    DBL_QREF_SORT,      /* ORDER BY */
    DBL_QREF_GROUP,     /* GROUP BY */
    DBL_QREF_NOT_NULL,  /* col IS NOT NULL */
    DBL_QREF_IS_NULL,   /* col IS NULL */
    DBL_QREF_OUTPUT,    /* a column the SELECT list reads */
} dbl_qref_kind;

typedef struct dbl_qref {
    dbl_qref_kind kind;
    int rel;                /* index in rels, or -1: unresolved among the scope's relations */
    uint32_t scope;
    const char *column;     /* the column; for an expression, the first column it reads */
    const char *expr;       /* an expression (lower(email)) as lint's deparser prints it,
                               unqualified, before column types are known; NULL for a column */
    const char *qualifier;  /* as written, or NULL */
    bool desc;              /* SORT: descending */
    int param;              /* the $n it is compared with, 0 if none */
    int partner;            /* JOIN: index in refs of the other side's column, else -1 */
} dbl_qref;

typedef struct dbl_qpreds {
    DBL_ARRAY(dbl_qrel) rels;
    DBL_ARRAY(dbl_qref) refs;
    uint32_t scopes;
    bool parsed;
    bool opaque;            /* reads something that cannot be resolved (a function in FROM) */
} dbl_qpreds;

/* Reads a statement (NUL-terminated) into out (strings arena-owned). Never fails:
 * a statement that does not parse leaves parsed false. */
void dbl_qpred_read(dbl_arena *a, const char *sql, dbl_qpreds *out);
/* Frees the arrays of out (not the arena strings). */
void dbl_qpreds_free(dbl_qpreds *p);

#endif
