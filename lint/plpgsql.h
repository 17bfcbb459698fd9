/* plpgsql.h - PL/pgSQL bodies read as the SQL statements they run.
 *
 * A DO block runs once, when the migration runs; what it changes is part of
 * the schema. This module reads a body as text and leaves the SQL it runs on
 * a database built from scratch: block keywords, declarations and other
 * PL/pgSQL statements are blanked (every offset stays valid), EXECUTE of a
 * string known before run time is replaced by that string, and IF guards on
 * the catalog are kept with their branches so the catalog can decide them.
 * EXECUTE of SQL built at run time is recorded, not read.
 *
 * Needs libpg_query's memory context (it parses guard conditions): call it
 * between pg_query_enter_memory_context() and its exit, as pgfront.c does.
 */
#ifndef DBL_PLPGSQL_H
#define DBL_PLPGSQL_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"
#include "lint/events.h"

/* An IF whose condition the catalog evaluates: the statements in
 * [then_from, then_to) run when it holds, those in [else_from, else_to) when
 * it does not (an empty range when there is no ELSE). Offsets into the body. */
typedef struct dbl_plpgsql_guard {
    uint32_t pos;                 /* the IF keyword */
    uint32_t then_from, then_to, else_from, else_to;
    dbl_ev_guard *cond;           /* arena-owned; n_then / n_else are left to the caller */
} dbl_plpgsql_guard;

typedef struct dbl_plpgsql_body {
    char *sql;                    /* the body as SQL, same length; NULL when it cannot be read */
    dbl_plpgsql_guard *guards;    /* in text order */
    uint32_t n_guards;
    uint32_t dynamic_at;          /* offset of the first EXECUTE of run-time SQL, or UINT32_MAX */
    uint32_t dynamic_end;
    bool dynamic_ddl;             /* the known parts of that SQL name CREATE, ALTER or DROP */
    bool dynamic_forgets;         /* run-time SQL (or an unreadable body) that may DROP or RENAME */
    const char **touched;         /* names in run-time SQL that drops or renames (may touch) */
    uint32_t n_touched;
} dbl_plpgsql_body;

/* Reads a DO block body (the text between its dollar quotes, NUL-terminated).
 * Fills *out with arena-owned results; out->sql is NULL when the body is not
 * plain blocks, IF guards, assignments and EXECUTE, so that its statements are
 * unknown (the dynamic_* fields are filled even then). Cannot fail otherwise. */
void dbl_plpgsql_read_block(dbl_arena *a, const char *body, dbl_plpgsql_body *out);

/* Marks a body dbl_plpgsql_read_block() returned as unreadable (its SQL did not
 * parse): out->sql becomes NULL, and what it may drop or rename is named. */
void dbl_plpgsql_unreadable(dbl_arena *a, const char *body, dbl_plpgsql_body *out);

/* Scans a function body for EXECUTE of SQL built at run time: fills only the
 * dynamic_* fields of *out. */
void dbl_plpgsql_scan_function(dbl_arena *a, const char *body, dbl_plpgsql_body *out);

#endif
