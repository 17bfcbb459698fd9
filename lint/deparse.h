/* deparse.h - expression parse trees printed as PostgreSQL prints them.
 *
 * Index expressions, predicates and CHECK expressions are compared as text:
 * the canonical text is what pg_get_expr(..., true) prints for the analyzed
 * expression. Parts that depend on column types (a literal's cast, a column's
 * implicit relabel) are left as markers that dbl_catalog_render_expr() fills
 * in once the table's columns are known. Nodes this module cannot print get a
 * unique marker, so they never compare equal to anything.
 *
 * The callers are the front ends that hold parse trees (pgfront.c); the trees
 * are only read, and everything returned lives in the context's arena.
 */
#ifndef DBL_DEPARSE_H
#define DBL_DEPARSE_H

#include <stdint.h>

#include "lint/alloc.h"
#include "lint/events.h"

struct Node;
struct TypeName;

/* Where the parsed text sits: spans and unique markers are made from these. */
typedef struct dbl_deparse_ctx {
    dbl_arena *arena;   /* receives every returned string */
    uint32_t base;      /* absolute offset of the parsed text's first byte */
    dbl_span stmt;      /* the statement's span, for nodes without a location */
} dbl_deparse_ctx;

/* Returns the arena-owned canonical text of expression n (NULL prints "NULL").
 * When cols is not NULL, *cols receives an arena-owned array of the column
 * names n mentions (in order, with repeats) and *n_cols its length. Cannot fail. */
const char *dbl_deparse_expr(const dbl_deparse_ctx *c, const struct Node *n, const char ***cols,
                             uint32_t *n_cols);
/* Returns the name PostgreSQL's FigureColname() derives for n (arena-owned, or a
 * static string, or NULL when it has none); *strength is 2 for a strong name
 * (a column or function), 1 for a weak one (a cast's type, CASE), else 0. */
const char *dbl_deparse_name_hint(const dbl_deparse_ctx *c, const struct Node *n, int *strength);
/* Returns the written type t (NULL: an empty typeref) with arena-owned strings;
 * its modifiers are deparsed expressions. */
dbl_typeref dbl_deparse_typeref(const dbl_deparse_ctx *c, const struct TypeName *t);

/* Returns what the type of expression n is known to be before the columns' types
 * are: an arena-owned or static spec for dbl_catalog_spec_type() ("t" TYPE, "c"
 * COLUMN, "d" COLUMN for date_trunc over it, "j" COLUMN for -> on it), or NULL. */
const char *dbl_deparse_type_spec(const dbl_deparse_ctx *c, const struct Node *n);

#endif
