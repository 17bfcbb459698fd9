/* rpc.c - JSON-RPC framing: Content-Length headers in, JSON values out. */
#include "editors/lsp/rpc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char S_CL[] = "content-length";

void dbl_rpc_reader_init(dbl_rpc_reader *r)
{
    memset(r, 0, sizeof *r);
}

void dbl_rpc_reader_free(dbl_rpc_reader *r)
{
    dbl_free(r->buf);
    memset(r, 0, sizeof *r);
}

void dbl_rpc_msg_clear(dbl_rpc_msg *m)
{
    json_decref(m->json);
    m->json = NULL;
}

void dbl_rpc_reader_feed(dbl_rpc_reader *r, const char *bytes, size_t n)
{
    if (r->skip) {
        size_t k = n < r->skip ? n : (size_t)r->skip;
        r->skip -= k;
        bytes += k;
        n -= k;
    }
    if (!n)
        return;
    if (r->pos && r->pos == r->len)
        r->pos = r->len = 0;
    if (r->pos > r->cap / 2) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + n + 1)
            cap *= 2;
        r->buf = dbl_realloc(r->buf, cap);
        r->cap = cap;
    }
    memcpy(r->buf + r->len, bytes, n);
    r->len += n;
}

/* Offset of the first case-insensitive "content-length" in [from, to), or to. */
static size_t S_find_cl(const char *b, size_t from, size_t to)
{
    size_t k = sizeof S_CL - 1;
    for (size_t i = from; i + k <= to; i++)
        if ((b[i] | 0x20) == 'c' && strncasecmp(b + i, S_CL, k) == 0)
            return i;
    return to;
}

static size_t S_find_blank(const char *b, size_t from, size_t to)
{
    for (size_t i = from; i + 4 <= to; i++)
        if (b[i] == '\r' && memcmp(b + i, "\r\n\r\n", 4) == 0)
            return i;
    return to;
}

static dbl_rpc_status S_error(dbl_rpc_msg *m, int code, const char *what)
{
    m->code = code;
    snprintf(m->error, sizeof m->error, "%s", what);
    return DBL_RPC_ERROR;
}

static bool S_blank_only(const char *b, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (b[i] != '\r' && b[i] != '\n' && b[i] != ' ' && b[i] != '\t')
            return false;
    return true;
}

/* True if [from, to) is whole "Name: value" lines (to starts a line). */
static bool S_header_lines(const char *b, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        size_t n = 0;
        while (i + n < to && b[i + n] != ':' && b[i + n] != '\r' && b[i + n] != '\n' && b[i + n] != ' ')
            n++;
        if (n == 0 || i + n >= to || b[i + n] != ':')
            return false;
        while (i < to && b[i] != '\n')
            i++;
        if (i == to || b[i - 1] != '\r')
            return false;
        i++;
    }
    return true;
}

/* Parses the header block [from, to): returns false on a malformed one. */
static bool S_parse_headers(const char *b, size_t from, size_t to, uint64_t *length, const char **why)
{
    bool have = false;
    size_t i = from;
    while (i < to) {
        size_t e = i; /* b[to] starts "\r\n\r\n", so b[e + 1] is in bounds */
        while (e < to && !(b[e] == '\r' && b[e + 1] == '\n'))
            e++;
        const char *colon = memchr(b + i, ':', e - i);
        if (!colon) {
            *why = "malformed header line";
            return false;
        }
        size_t nlen = (size_t)(colon - (b + i));
        const char *v = colon + 1, *ve = b + e;
        while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        if (nlen == sizeof S_CL - 1 && strncasecmp(b + i, S_CL, nlen) == 0) {
            if (have) {
                *why = "duplicate Content-Length header";
                return false;
            }
            if (v == ve) {
                *why = "empty Content-Length header";
                return false;
            }
            uint64_t n = 0;
            for (const char *p = v; p < ve; p++) {
                if (*p < '0' || *p > '9') {
                    *why = "Content-Length is not a decimal number";
                    return false;
                }
                n = n * 10 + (uint64_t)(*p - '0');
                if (n > (uint64_t)1 << 40) {
                    *why = "Content-Length too large";
                    return false;
                }
            }
            *length = n;
            have = true;
        }
        i = e + 2;
    }
    if (!have) {
        *why = "missing Content-Length header";
        return false;
    }
    return true;
}

dbl_rpc_status dbl_rpc_reader_next(dbl_rpc_reader *r, dbl_rpc_msg *m)
{
    m->json = NULL;
    m->code = 0;
    m->error[0] = 0;
    const char *b = r->buf;
    size_t start = r->pos, end = r->len;
    if (start == end)
        return DBL_RPC_NEED_MORE;

    /* Anything before the next header is not a message. */
    size_t cl = S_find_cl(b, start, end);
    if (cl > start) {
        size_t blank = S_find_blank(b, start, end);
        if (cl == end) {
            /* No header yet: a block ending in a blank line is a message without one. */
            if (blank < end) {
                r->pos = blank + 4;
                return S_error(m, DBL_RPC_PARSE_ERROR, "missing Content-Length header");
            }
            if (end - start > DBL_RPC_MAX_HEADER) {
                r->pos = end - (sizeof S_CL - 2); /* keep a header's beginning */
                return S_error(m, DBL_RPC_PARSE_ERROR, "garbage without a Content-Length header");
            }
            return DBL_RPC_NEED_MORE;
        }
        /* Garbage, or other headers before Content-Length. */
        bool line_start = b[cl - 1] == '\n';
        if (!line_start || blank < cl) {
            r->pos = cl;
            if (S_blank_only(b, start, cl))
                return dbl_rpc_reader_next(r, m);
            return S_error(m, DBL_RPC_PARSE_ERROR,
                           blank < cl ? "missing Content-Length header" : "garbage before a message header");
        }
        /* Other header lines first are fine; anything else is garbage before the header. */
        if (!S_header_lines(b, start, cl)) {
            r->pos = cl;
            return S_error(m, DBL_RPC_PARSE_ERROR, "garbage before a message header");
        }
    }

    size_t blank = S_find_blank(b, start, end);
    if (blank == end) {
        if (end - start > DBL_RPC_MAX_HEADER) {
            r->pos = start + 1; /* resynchronize on the next header */
            return S_error(m, DBL_RPC_PARSE_ERROR, "header block too long");
        }
        return DBL_RPC_NEED_MORE;
    }
    uint64_t length = 0;
    const char *why = NULL;
    if (!S_parse_headers(b, start, blank, &length, &why)) {
        r->pos = blank + 4;
        return S_error(m, DBL_RPC_PARSE_ERROR, why);
    }
    size_t body = blank + 4;
    if (length > DBL_RPC_MAX_BODY) {
        uint64_t have = end - body;
        if (have >= length) {
            r->pos = body + (size_t)length;
        } else {
            r->pos = end;
            r->skip = length - have;
        }
        return S_error(m, DBL_RPC_PARSE_ERROR, "message body too large");
    }
    if (end - body < length)
        return DBL_RPC_NEED_MORE;
    r->pos = body + (size_t)length;
    json_error_t err;
    m->json = json_loadb(b + body, (size_t)length, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!m->json) {
        char what[sizeof m->error];
        snprintf(what, sizeof what, "invalid JSON: %.100s", err.text);
        return S_error(m, DBL_RPC_PARSE_ERROR, what);
    }
    return DBL_RPC_MESSAGE;
}

void dbl_rpc_frame(dbl_buf *out, const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    dbl_rpc_frame_bytes(out, s ? s : "", s ? strlen(s) : 0);
    free(s); /* jansson's default allocator is malloc */
}

void dbl_rpc_frame_bytes(dbl_buf *out, const char *body, size_t n)
{
    dbl_buf_printf(out, "Content-Length: %zu\r\n\r\n", n);
    dbl_buf_append(out, body, n);
}
