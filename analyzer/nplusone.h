/* nplusone.h - finds loops in each session's sequence of statements.
 *
 * Executions arrive per session, in log order. A session's executions are cut
 * into segments at idle gaps (longer than max_gap) and at a size cap, so memory
 * is bounded by the number of open sessions; each segment is then read as a
 * sequence of tokens (consecutive executions of one shape) and searched for
 * periodic patterns:
 *
 *   P  A A A A            a loop of one statement (A, parent P)
 *   P  A B  A B  A B      a loop body of several statements (A B, parent P)
 *   P  A BBB  A BB  A B   nested: A per row of P, and B per row of each A
 *
 * A loop whose statements all ran with the same constants is a repeated query,
 * not an N+1; loops made only of transaction control, session commands or DDL
 * (administration scripts), and batched statements (multi-row VALUES,
 * INSERT ... SELECT) are not loops the application iterates.
 */
#ifndef DBL_NPLUSONE_H
#define DBL_NPLUSONE_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/shape.h"

enum { DBL_LOOP_MAX_BODY = 8 };

/* One execution, as the detector sees it. */
typedef struct dbl_exec {
    uint32_t shape;
    uint64_t values;        /* hash of the constants */
    bool batch;             /* sends many rows at once */
    int64_t time_us;        /* DBL_LOG_NO_TIME when unknown */
    uint32_t res_us;        /* the time's resolution */
    double ms;              /* duration, < 0 unknown */
    uint32_t file;
    uint64_t line, end_line;
} dbl_exec;

/* One burst: a loop's executions in one session after one execution of its parent. */
typedef struct dbl_loop {
    bool repeated;            /* the same constants every time (repeated-query) */
    bool nested;              /* an inner loop: its parent is a statement of an outer loop */
    const char *session;      /* valid during the callback */
    int32_t pid;
    uint32_t n_body;
    uint32_t body[DBL_LOOP_MAX_BODY]; /* shape ids of one iteration, in order */
    uint64_t iterations;      /* executions of body[0] */
    uint64_t executions;      /* executions of every statement of the body */
    uint32_t file;
    uint64_t line, end_line;  /* first execution's line, last execution's last line */
    int64_t first_us, last_us;
    double total_ms;          /* sum of known durations */
    bool timed;
    bool has_parent;
    uint32_t parent_shape;
    uint32_t parent_file;
    uint64_t parent_line;
} dbl_loop;

typedef void (*dbl_loop_fn)(void *ud, const dbl_loop *loop);

typedef struct dbl_nplus_opts {
    uint32_t min_loop;        /* iterations that make a loop (default 3) */
    int64_t max_gap_us;       /* largest idle gap inside a loop (default 100 ms) */
} dbl_nplus_opts;

typedef struct dbl_nplus dbl_nplus;

/* Creates a detector reading shapes (which must outlive it) and reporting every
 * burst to fn. The caller frees it with dbl_nplus_free(). */
dbl_nplus *dbl_nplus_new(const dbl_nplus_opts *opts, const dbl_shapes *shapes, dbl_loop_fn fn, void *ud);
/* Frees the detector; NULL is a no-op. Pending sessions are dropped: call
 * dbl_nplus_finish() first. */
void dbl_nplus_free(dbl_nplus *d);
/* Adds an execution to its session (the key is copied). */
void dbl_nplus_exec(dbl_nplus *d, const char *session, int32_t pid, const dbl_exec *e);
/* The session ended: its pending executions are analyzed and it is forgotten. */
void dbl_nplus_end_session(dbl_nplus *d, const char *session);
/* Analyzes every open session. */
void dbl_nplus_finish(dbl_nplus *d);
/* Sessions seen so far. */
uint64_t dbl_nplus_sessions(const dbl_nplus *d);

#endif
