/* script.h - split a psql script into SQL statements, meta-commands and COPY data.
 *
 * The splitter knows what psql knows: comments, quoted strings and identifiers,
 * dollar quotes, parentheses, BEGIN ATOMIC ... END bodies of SQL functions,
 * backslash meta-commands (to the end of their line) and the data lines that
 * follow COPY ... FROM STDIN (up to a line "\."). It never fails: whatever it
 * cannot make sense of stays inside a statement for the parser to judge.
 *
 * Where it departs from psql, it does so only for text that cannot be valid:
 * a ';' inside parentheses (other than a CREATE RULE's action list) ends the
 * statement, and so does a line that starts with CREATE and a word while
 * parentheses are open (CREATE is reserved: no valid statement has one
 * there). One missing ')' is one syntax error, not a file's worth of
 * statements hidden behind it, and a statement being typed is only itself.
 */
#ifndef DBL_SCRIPT_H
#define DBL_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"

typedef enum {
    DBL_SEG_SQL,       /* a statement: from its first token to its ';' inclusive */
    DBL_SEG_META,      /* a psql backslash command, to the end of its line */
    DBL_SEG_COPY_DATA, /* data lines after COPY ... FROM STDIN, with the "\." line */
} dbl_seg_kind;

typedef struct dbl_segment {
    dbl_seg_kind kind;
    uint32_t start, end;  /* byte offsets, half-open */
    bool has_psql_vars;   /* contains :name, :'name' or :"name" outside quotes */
} dbl_segment;

typedef DBL_ARRAY(dbl_segment) dbl_segment_list;

/* Appends the segments of text[0..len) to out, in order. Never fails. */
void dbl_script_split(const char *text, uint32_t len, dbl_segment_list *out);

#endif
