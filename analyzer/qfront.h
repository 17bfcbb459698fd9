/* qfront.h - the analyzer's parser front end: what a logged statement is.
 *
 * The only analyzer code that sees parse trees. It reads a shape's normalized
 * text once and records what the N+1 detector and the index advisor need: the
 * kind of statement, whether it returns rows, the relation it reads or writes,
 * and the batched rewrite of a statement issued once per row.
 */
#ifndef DBL_QFRONT_H
#define DBL_QFRONT_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"

typedef enum dbl_qkind {
    DBL_Q_OTHER = 0,  /* did not parse, or nothing below */
    DBL_Q_SELECT,     /* SELECT, VALUES, TABLE, WITH ... SELECT */
    DBL_Q_INSERT,
    DBL_Q_UPDATE,
    DBL_Q_DELETE,
    DBL_Q_MERGE,
    DBL_Q_COPY,
    DBL_Q_TXN,        /* BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ... */
    DBL_Q_PREPARE,    /* PREPARE, DEALLOCATE */
    DBL_Q_EXECUTE,    /* SQL-level EXECUTE */
    DBL_Q_SESSION,    /* SET, SHOW, RESET, DISCARD, LISTEN, NOTIFY, LOCK, FETCH, ... */
    DBL_Q_DDL,        /* CREATE, ALTER, DROP, GRANT, VACUUM, ANALYZE, ... administration */
} dbl_qkind;

typedef struct dbl_qinfo {
    dbl_qkind kind;
    bool returns_rows;       /* SELECT, or DML with RETURNING, or FETCH/SHOW/EXECUTE */
    bool multi_row;          /* INSERT ... VALUES with several rows, or INSERT ... SELECT */
    const char *relation;    /* the main relation (as written, e.g. "public.orders"), or NULL */
    const char *rewrite;     /* the statement batched for many rows (`col = ANY($n)`,
                                `INSERT ... SELECT * FROM unnest(...)`), or NULL */
    const char *loop_column; /* the column the rewrite batches on, or NULL */
} dbl_qinfo;

/* Describes a normalized statement (NUL-terminated). Strings are arena-owned.
 * A statement that does not parse gets kind DBL_Q_OTHER. Never fails. */
dbl_qinfo dbl_qfront_describe(dbl_arena *a, const char *sql);

/* Returns "select", "insert", ... for a kind. */
const char *dbl_qkind_name(dbl_qkind k);

#endif
