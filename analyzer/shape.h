/* shape.h - query shapes: every logged statement reduced to its normalized text and fingerprint.
 *
 * A shape is what pg_stat_statements would call one entry: the statement with its
 * constants replaced by $n, and libpg_query's fingerprint, so the same query with
 * other constants, other white space or an IN list of another length is one shape.
 *
 * Parsing every logged statement is the waste to avoid: a log of millions of
 * statements holds a few hundred shapes. dbl_shapes_lookup() first runs a cheap
 * scan that blanks the constants and hashes what is left (the key); a key seen
 * before costs a hash lookup, and the parser runs once per new key.
 */
#ifndef DBL_SHAPE_H
#define DBL_SHAPE_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/qfront.h"
#include "lint/alloc.h"

enum { DBL_SHAPE_MAX_CONSTS = 32 };

/* What one $n of a shape was across the log. */
typedef struct dbl_shape_const {
    bool seen;
    bool varies;           /* two executions gave it different values */
    uint64_t hash;         /* of the first value */
    const char *value;     /* the first value: a string's contents (quotes removed), a number
                              as written, "NULL" for a NULL bind parameter; arena-owned */
} dbl_shape_const;

typedef struct dbl_shape {
    uint32_t id;             /* 0, 1, 2 ... in order of first appearance */
    uint64_t fingerprint;    /* libpg_query's; a hash of the key when the text does not parse */
    char fingerprint_hex[17];
    const char *query;       /* normalized text (constants as $n), arena-owned */
    const char *prepared;    /* SQL-level EXECUTE: the normalized prepared query, else NULL */
    bool parsed;             /* the text parsed (else the shape is the cheap key's) */
    dbl_qinfo info;          /* what the statement is (kind, rows, rewrite) */
    /* totals over the log */
    uint64_t calls;
    double total_ms;         /* sum of known durations */
    uint64_t timed_calls;    /* calls with a known duration */
    uint32_t first_file;
    uint64_t first_line;
    dbl_shape_const consts[DBL_SHAPE_MAX_CONSTS]; /* $1, $2, ... */
} dbl_shape;

/* The value $n had in every execution of the shape, or NULL when it varied or is unknown. */
const char *dbl_shape_fixed_value(const dbl_shape *s, int n);

typedef struct dbl_shapes dbl_shapes;

/* Creates an empty shape table. With cache false every lookup parses (for
 * measuring the cache). The caller frees it with dbl_shapes_free(). */
dbl_shapes *dbl_shapes_new(bool cache);
/* Frees the table and its shapes; NULL is a no-op. */
void dbl_shapes_free(dbl_shapes *t);

/* Returns the shape of a statement (text of len bytes; prepared is the query of a
 * SQL-level EXECUTE's PREPARE, or NULL) and sets *values to a hash of its constants
 * and of params (bind parameters as logged, or NULL): two executions of one shape
 * with equal values ran the same statement. The shape is owned by the table and
 * lives as long as it. *batch is set when this text sends many rows at once
 * (a multi-row VALUES list or INSERT ... SELECT), which the shape's fingerprint
 * does not tell apart from a single row. Never fails. */
dbl_shape *dbl_shapes_lookup(dbl_shapes *t, const char *text, uint32_t len, const char *prepared,
                             const char *params, uint64_t *values, bool *batch);

/* Shapes in order of first appearance. */
uint32_t dbl_shapes_count(const dbl_shapes *t);
dbl_shape *dbl_shapes_get(const dbl_shapes *t, uint32_t id);
/* Times the parser ran (once per new cache key; once per lookup without the cache). */
uint64_t dbl_shapes_parses(const dbl_shapes *t);

/* The cheap key of a statement: constants blanked to '?', white space and comments
 * collapsed; the constants' texts are hashed into *values. Appends to key (not
 * NUL-terminated by this call). Exposed for tests. */
void dbl_shape_key(const char *text, uint32_t len, dbl_buf *key, uint64_t *values);
/* The text with its constants replaced by $n (numbered after the highest $n the
 * text already has), white space kept: the normalization of statements the
 * parser rejects and of SQL-level EXECUTE. Appends to out. */
void dbl_shape_normalize(const char *text, uint32_t len, dbl_buf *out);

#endif
