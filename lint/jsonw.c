/* jsonw.c - streaming JSON output (see jsonw.h). */
#include "lint/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lint/source.h"

void dbl_jsonw_init(dbl_jsonw *w, dbl_buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->first = true;
}

void dbl_jsonw_init_compact(dbl_jsonw *w, dbl_buf *out)
{
    dbl_jsonw_init(w, out);
    w->compact = true;
}

static void S_newline(dbl_jsonw *w)
{
    if (w->compact)
        return;
    dbl_buf_putc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        dbl_buf_puts(w->out, "  ");
}

/* Separator and indentation before a value or key. */
static void S_before(dbl_jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->first)
        dbl_buf_putc(w->out, ',');
    S_newline(w);
    w->first = false;
}

static void S_open(dbl_jsonw *w, char c)
{
    S_before(w);
    dbl_buf_putc(w->out, c);
    w->depth++;
    w->first = true;
}

static void S_close(dbl_jsonw *w, char c)
{
    w->depth--;
    if (!w->first)
        S_newline(w);
    dbl_buf_putc(w->out, c);
    w->first = false;
}

void dbl_jsonw_object(dbl_jsonw *w) { S_open(w, '{'); }
void dbl_jsonw_array(dbl_jsonw *w) { S_open(w, '['); }
void dbl_jsonw_end_object(dbl_jsonw *w) { S_close(w, '}'); }
void dbl_jsonw_end_array(dbl_jsonw *w) { S_close(w, ']'); }

void dbl_json_quote(dbl_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    dbl_buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    size_t run = 0; /* start of a run of bytes copied as they are */
    for (size_t i = 0; i < n;) {
        /* the common case: printable ASCII that needs no escape */
        while (i < n && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\')
            i++;
        if (i >= n)
            break;
        unsigned char c = p[i];
        const char *esc = NULL;
        char u[7];
        int k = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = 0;
            esc = u;
        } else if (c >= 0x80) {
            k = dbl_utf8_seq_len(p + i, n - i);
            if (k == 0) {
                esc = "\xEF\xBF\xBD";
                k = 1;
            }
        }
        if (esc) {
            dbl_buf_append(b, s + run, i - run);
            dbl_buf_puts(b, esc);
            run = i + (size_t)k;
        }
        i += (size_t)k;
    }
    dbl_buf_append(b, s + run, n - run);
    dbl_buf_putc(b, '"');
}

void dbl_jsonw_key(dbl_jsonw *w, const char *key)
{
    S_before(w);
    dbl_json_quote(w->out, key);
    dbl_buf_puts(w->out, w->compact ? ":" : ": ");
    w->after_key = true;
}

void dbl_jsonw_string(dbl_jsonw *w, const char *s)
{
    S_before(w);
    if (s)
        dbl_json_quote(w->out, s);
    else
        dbl_buf_puts(w->out, "null");
}

void dbl_jsonw_double(dbl_jsonw *w, double v, int decimals)
{
    S_before(w);
    if (v != v || v > 1e300 || v < -1e300) {
        dbl_buf_puts(w->out, "null");
        return;
    }
    dbl_buf_printf(w->out, "%.*f", decimals, v);
}

void dbl_jsonw_int(dbl_jsonw *w, int64_t v)
{
    S_before(w);
    char digits[24], *e = digits + sizeof digits, *p = e;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    dbl_buf_append(w->out, p, (size_t)(e - p));
}

void dbl_jsonw_bool(dbl_jsonw *w, bool v)
{
    S_before(w);
    dbl_buf_puts(w->out, v ? "true" : "false");
}

void dbl_jsonw_null(dbl_jsonw *w)
{
    S_before(w);
    dbl_buf_puts(w->out, "null");
}

void dbl_jsonw_finish(dbl_jsonw *w)
{
    dbl_buf_putc(w->out, '\n');
}
