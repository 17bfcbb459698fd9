/* pgfront.h - the libpg_query front end: SQL text in, change events out.
 *
 * This is the only module that sees PostgreSQL parse trees. It parses with
 * pg_query_raw_parse() and copies what the catalog needs into the arena
 * before the parser's memory is released.
 */
#ifndef DBL_PGFRONT_H
#define DBL_PGFRONT_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"
#include "lint/events.h"

typedef DBL_ARRAY(dbl_event) dbl_event_list;

/* One statement the parser accepted. */
typedef struct dbl_front_stmt {
    dbl_span span;         /* from its first token to its end */
    uint32_t first_event;  /* its events: [first_event, first_event + n_events) */
    uint32_t n_events;
} dbl_front_stmt;

typedef DBL_ARRAY(dbl_front_stmt) dbl_front_stmt_list;

typedef struct dbl_front_result {
    bool ok;
    char *message;       /* on failure: PostgreSQL's message; arena-owned */
    uint32_t error_offset; /* on failure: byte offset (absolute) of the error, or UINT32_MAX */
} dbl_front_result;

/* Parses text (NUL-terminated; its first byte is at absolute offset base in
 * file `file`) and appends its statements and their events. On failure nothing
 * is appended and the result says where and why. Strings go to the arena. */
dbl_front_result dbl_front_parse(const char *text, uint32_t base, uint32_t file, dbl_arena *arena,
                                 dbl_front_stmt_list *stmts, dbl_event_list *events);

/* Releases the parser's process-wide memory (call once at exit). */
void dbl_front_shutdown(void);

#endif
