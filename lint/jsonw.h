/* jsonw.h - a streaming JSON writer into a dbl_buf.
 *
 * Output matches jansson's JSON_INDENT(2) layout. Strings are escaped, and
 * bytes that are not valid UTF-8 become U+FFFD, so the output is always
 * valid JSON. Used where output is large (diagnostics); jansson serves
 * configuration and other JSON that is read.
 */
#ifndef DBL_JSONW_H
#define DBL_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"

typedef struct dbl_jsonw {
    dbl_buf *out;
    int depth;
    bool first;     /* no member written yet at this depth */
    bool after_key; /* a key was just written: the value follows on the same line */
    bool compact;   /* no whitespace at all (wire formats) */
} dbl_jsonw;

void dbl_jsonw_init(dbl_jsonw *w, dbl_buf *out);
/* Like dbl_jsonw_init(), for output with no whitespace between tokens. */
void dbl_jsonw_init_compact(dbl_jsonw *w, dbl_buf *out);
void dbl_jsonw_object(dbl_jsonw *w);   /* { */
void dbl_jsonw_array(dbl_jsonw *w);    /* [ */
void dbl_jsonw_end_object(dbl_jsonw *w);
void dbl_jsonw_end_array(dbl_jsonw *w);
void dbl_jsonw_key(dbl_jsonw *w, const char *key);
void dbl_jsonw_string(dbl_jsonw *w, const char *s);   /* NULL writes null */
void dbl_jsonw_int(dbl_jsonw *w, int64_t v);
/* A number with that many decimals (null for NaN and infinities). */
void dbl_jsonw_double(dbl_jsonw *w, double v, int decimals);
void dbl_jsonw_bool(dbl_jsonw *w, bool v);
void dbl_jsonw_null(dbl_jsonw *w);
/* Finishes the document with a newline. */
void dbl_jsonw_finish(dbl_jsonw *w);
/* Appends s as a JSON string literal (quoted, escaped) to b. */
void dbl_json_quote(dbl_buf *b, const char *s);

#endif
