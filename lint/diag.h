/* diag.h - diagnostics: findings about SQL, with their locations and fixes. */
#ifndef DBL_DIAG_H
#define DBL_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"
#include "lint/events.h"

typedef enum dbl_severity {
    DBL_SEV_OFF = 0,
    DBL_SEV_INFO,
    DBL_SEV_WARNING,
    DBL_SEV_ERROR,
} dbl_severity;

/* Returns "info", "warning", "error" (or "off"). */
const char *dbl_severity_name(dbl_severity s);
/* Parses a severity name; returns false if unknown. */
bool dbl_severity_parse(const char *name, dbl_severity *out);

/* One key of a diagnostic's "object": a string or a list of strings. */
typedef struct dbl_obj_field {
    const char *key;
    const char *str;          /* set for a string value */
    const char **list;        /* set for a list value */
    uint32_t n;
} dbl_obj_field;

enum { DBL_OBJ_MAX = 5 };

typedef struct dbl_diag {
    const char *rule;         /* static: the rule's name */
    dbl_severity severity;
    dbl_loc loc;
    char *message;            /* arena-owned */
    dbl_obj_field object[DBL_OBJ_MAX];
    uint32_t n_object;
    const char *fix_description; /* NULL if no fix */
    const char *fix_sql;
    const char *fix_edit_text;   /* with fix_edit: a fix that replaces those bytes with this text */
    dbl_span fix_edit;
} dbl_diag;

typedef struct dbl_diag_list {
    dbl_arena *arena;         /* owns messages and object strings */
    DBL_ARRAY(dbl_diag) items;
} dbl_diag_list;

/* Initializes an empty list with its own arena. */
void dbl_diag_list_init(dbl_diag_list *l);
/* Frees the list's memory; the struct itself is the caller's. */
void dbl_diag_list_free(dbl_diag_list *l);
/* Appends a diagnostic with a formatted message and returns it for the
 * object and fix to be filled in. The pointer is valid until the next add. */
dbl_diag *dbl_diag_add(dbl_diag_list *l, const char *rule, dbl_severity sev, dbl_loc loc,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The va_list form of dbl_diag_add(). */
dbl_diag *dbl_diag_addv(dbl_diag_list *l, const char *rule, dbl_severity sev, dbl_loc loc, const char *fmt,
                        va_list ap);
/* Adds a string field to d's object (the string is copied). */
void dbl_diag_str(dbl_diag_list *l, dbl_diag *d, const char *key, const char *value);
/* Adds a list field to d's object (the strings are copied). */
void dbl_diag_strs(dbl_diag_list *l, dbl_diag *d, const char *key, const char *const *values, uint32_t n);
/* Sets d's fix (strings are copied). */
void dbl_diag_fix(dbl_diag_list *l, dbl_diag *d, const char *description, const char *sql);
/* Sets d's fix to an edit of its own file: replace the bytes of span with text (copied). */
void dbl_diag_fix_edit(dbl_diag_list *l, dbl_diag *d, const char *description, dbl_span span, const char *text);
/* Sorts by file, start offset, rule and message: output order is deterministic. */
void dbl_diag_sort(dbl_diag_list *l);

#endif
