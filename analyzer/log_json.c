/* log_json.c - jsonlog records (PostgreSQL 15+), one JSON object per line: a scanner for the flat
 * objects the server writes, jansson for anything else. */
#include <jansson.h>
#include <string.h>

#include "analyzer/log_int.h"

/* ---- the fast path: PostgreSQL writes flat objects of strings and integers ----
 *
 * A line that holds anything else (nesting, odd escapes, duplicate keys, text
 * after the object) goes to jansson, which has the last word. */

typedef struct jscan {
    const char *p, *e;
} jscan;

static void ws(jscan *j)
{
    while (j->p < j->e && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
        j->p++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(const char *p, const char *e, unsigned *out)
{
    if (e - p < 4)
        return false;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return true;
}

/* Scans a string at j->p (on its opening quote). With rec, decodes it into
 * the open field. Returns false if the fast path cannot take it. */
static bool jstring(jscan *j, dbl__logrec *rec, const char **raw, size_t *raw_len, bool *escaped)
{
    if (j->p >= j->e || *j->p != '"')
        return false;
    const char *p = ++j->p, *run = p;
    *escaped = false;
    for (;;) {
        const char *q = p;
        while (q < j->e && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
            q++;
        if (q >= j->e || (unsigned char)*q < 0x20)
            return false;
        if (*q == '"') {
            if (rec)
                dbl__rec_append(rec, run, (size_t)(q - run));
            *raw = j->p;
            *raw_len = (size_t)(q - j->p);
            j->p = q + 1;
            return true;
        }
        /* a backslash */
        *escaped = true;
        if (rec)
            dbl__rec_append(rec, run, (size_t)(q - run));
        if (q + 1 >= j->e)
            return false;
        char c = q[1], out = 0;
        p = q + 2;
        switch (c) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            unsigned cp;
            if (!hex4(p, j->e, &cp))
                return false;
            p += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (j->e - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, j->e, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return false;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            char u[4];
            size_t k;
            if (cp < 0x80) {
                u[0] = (char)cp;
                k = 1;
            } else if (cp < 0x800) {
                u[0] = (char)(0xC0 | (cp >> 6));
                u[1] = (char)(0x80 | (cp & 0x3F));
                k = 2;
            } else if (cp < 0x10000) {
                u[0] = (char)(0xE0 | (cp >> 12));
                u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[2] = (char)(0x80 | (cp & 0x3F));
                k = 3;
            } else {
                u[0] = (char)(0xF0 | (cp >> 18));
                u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[3] = (char)(0x80 | (cp & 0x3F));
                k = 4;
            }
            if (rec)
                dbl__rec_append(rec, u, k);
            break;
        }
        default:
            return false;
        }
        if (out && rec)
            dbl__rec_append(rec, &out, 1);
        run = p;
    }
}

/* The members the reader keeps: key -> field (or a special). */
enum { J_SKIP = -1, J_TIME = -2, J_SEV = -3, J_PID = -4 };

static int member(const char *k, size_t n)
{
    static const struct {
        const char *key;
        int f;
    } keys[] = {
        {"timestamp", J_TIME},          {"user", DBL__F_USER},         {"dbname", DBL__F_DB},
        {"pid", J_PID},                 {"session_id", DBL__F_SESSION}, {"error_severity", J_SEV},
        {"message", DBL__F_MESSAGE},    {"detail", DBL__F_DETAIL},     {"statement", DBL__F_STATEMENT},
        {"application_name", DBL__F_APP},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strlen(keys[i].key) == n && memcmp(keys[i].key, k, n) == 0)
            return keys[i].f;
    return J_SKIP;
}

/* Reads a flat jsonlog object into rec. Returns false (rec undefined) if the
 * line needs jansson. */
static bool fast_record(const char *p, size_t n, dbl__logrec *rec, dbl__logsev *sev, dbl__timecache *tc)
{
    jscan j = {p, p + n};
    unsigned seen = 0;
    bool have_sev = false, have_msg = false;
    ws(&j);
    if (j.p >= j.e || *j.p != '{')
        return false;
    j.p++;
    ws(&j);
    if (j.p < j.e && *j.p == '}')
        return false;
    for (;;) {
        const char *k;
        size_t kl;
        bool esc;
        if (!jstring(&j, NULL, &k, &kl, &esc) || esc)
            return false;
        ws(&j);
        if (j.p >= j.e || *j.p != ':')
            return false;
        j.p++;
        ws(&j);
        if (j.p >= j.e)
            return false;
        int f = member(k, kl);
        if (f != J_SKIP) {
            unsigned bit = 1u << (f + 4);
            if (seen & bit)
                return false; /* a duplicate: jansson rejects it */
            seen |= bit;
        }
        char c = *j.p;
        if (c == '"') {
            const char *v;
            size_t vl;
            if (f >= 0) {
                dbl__rec_open(rec, f);
                size_t start = rec->buf->len;
                if (!jstring(&j, rec, &v, &vl, &esc))
                    return false;
                size_t got = rec->buf->len - start;
                dbl__rec_close(rec);
                if (!got || (got == 9 && memcmp(rec->buf->data + start, "[unknown]", 9) == 0))
                    rec->off[f] = DBL__NO_FIELD;
                if (f == DBL__F_MESSAGE)
                    have_msg = true;
            } else {
                if (!jstring(&j, NULL, &v, &vl, &esc))
                    return false;
                if (f == J_TIME && !esc) {
                    int64_t us;
                    uint32_t res;
                    if (dbl__parse_pgtime_c(v, vl, &us, &res, tc)) {
                        rec->time_us = us;
                        rec->time_res_us = res;
                    }
                } else if (f == J_SEV) {
                    char tmp[24];
                    size_t off;
                    if (esc || vl >= 16)
                        return false;
                    memcpy(tmp, v, vl);
                    memcpy(tmp + vl, ":  x", 4);
                    *sev = dbl__log_severity(tmp, vl + 4, &off);
                    have_sev = true;
                } else if (f != J_SKIP) {
                    return false; /* pid as a string */
                }
            }
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            const char *s = j.p;
            if (*j.p == '-')
                j.p++;
            int64_t v = 0;
            bool big = false;
            while (j.p < j.e && *j.p >= '0' && *j.p <= '9') {
                if (v > INT64_MAX / 10 - 10)
                    big = true;
                else
                    v = v * 10 + (*j.p - '0');
                j.p++;
            }
            if (j.p == s || (j.p == s + 1 && *s == '-'))
                return false;
            if (j.p < j.e && (*j.p == '.' || *j.p == 'e' || *j.p == 'E'))
                return false; /* PostgreSQL writes integers only */
            if (f == J_PID) {
                if (*s != '-' && !big && v > 0 && v <= INT32_MAX)
                    rec->pid = (int32_t)v;
            } else if (f != J_SKIP) {
                return false;
            }
        } else if (f == J_SKIP && (c == 't' || c == 'f' || c == 'n')) {
            const char *w = c == 't' ? "true" : c == 'f' ? "false" : "null";
            size_t wl = strlen(w);
            if ((size_t)(j.e - j.p) < wl || memcmp(j.p, w, wl) != 0)
                return false;
            j.p += wl;
        } else {
            return false;
        }
        ws(&j);
        if (j.p >= j.e)
            return false;
        if (*j.p == ',') {
            j.p++;
            ws(&j);
            continue;
        }
        if (*j.p != '}')
            return false;
        j.p++;
        ws(&j);
        if (j.p != j.e)
            return false;
        return have_sev && have_msg;
    }
}

/* Copies the string member key of obj into field f of rec. */
static void take(dbl__logrec *rec, json_t *obj, const char *key, int f)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (!n || (n == 9 && memcmp(s, "[unknown]", 9) == 0))
        return;
    dbl__rec_set(rec, f, s, n);
}

void dbl__json_line(dbl_logreader *r, const char *p, size_t n, bool complete)
{
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (!n)
        return;
    r->stats.records++;
    r->record++;
    bool not_utf8 = false;
    if (!dbl__is_plain_ascii(p, n)) {
        /* jansson wants UTF-8: repair LATIN1 and stray bytes first */
        r->scratch.len = 0;
        not_utf8 = dbl__utf8_append(&r->scratch, p, n);
        p = r->scratch.data;
        n = r->scratch.len;
    }
    dbl__logrec *rec = &r->rec;
    dbl__logsev fs = DBL__SEV_NONE;
    dbl__rec_reset(rec, &r->recbuf);
    if (fast_record(p, n, rec, &fs, &r->tcache) && fs != DBL__SEV_NONE) {
        if (not_utf8 || rec->not_utf8)
            dbl__logread_skip(r, DBL_SKIP_NOT_UTF8, r->line);
        rec->sev = fs;
        rec->line = rec->end_line = r->line;
        rec->record = r->record;
        rec->not_utf8 |= not_utf8;
        dbl__logmsg_record(r, rec);
        return;
    }
    json_error_t jerr;
    json_t *obj = json_loadb(p, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!obj || !json_is_object(obj)) {
        json_decref(obj);
        dbl__logread_skip(r, complete ? DBL_SKIP_MALFORMED : DBL_SKIP_TRUNCATED, r->line);
        return;
    }
    json_t *sev = json_object_get(obj, "error_severity");
    json_t *msg = json_object_get(obj, "message");
    size_t off;
    char tmp[24];
    dbl__logsev s = DBL__SEV_NONE;
    if (json_is_string(sev) && json_string_length(sev) < 16) {
        size_t l = json_string_length(sev);
        memcpy(tmp, json_string_value(sev), l);
        memcpy(tmp + l, ":  x", 4);
        s = dbl__log_severity(tmp, l + 4, &off);
    }
    if (s == DBL__SEV_NONE || !json_is_string(msg)) {
        json_decref(obj);
        dbl__logread_skip(r, DBL_SKIP_MALFORMED, r->line);
        return;
    }
    if (not_utf8)
        dbl__logread_skip(r, DBL_SKIP_NOT_UTF8, r->line);
    dbl__rec_reset(rec, &r->recbuf);
    rec->sev = s;
    rec->line = rec->end_line = r->line;
    rec->record = r->record;
    rec->not_utf8 = not_utf8;
    json_t *pid = json_object_get(obj, "pid");
    if (json_is_integer(pid) && json_integer_value(pid) > 0 && json_integer_value(pid) <= INT32_MAX)
        rec->pid = (int32_t)json_integer_value(pid);
    json_t *ts = json_object_get(obj, "timestamp");
    int64_t us;
    uint32_t res;
    if (json_is_string(ts) &&
        dbl__parse_pgtime(json_string_value(ts), json_string_length(ts), &us, &res)) {
        rec->time_us = us;
        rec->time_res_us = res;
    }
    take(rec, obj, "user", DBL__F_USER);
    take(rec, obj, "dbname", DBL__F_DB);
    take(rec, obj, "application_name", DBL__F_APP);
    take(rec, obj, "session_id", DBL__F_SESSION);
    take(rec, obj, "message", DBL__F_MESSAGE);
    take(rec, obj, "detail", DBL__F_DETAIL);
    take(rec, obj, "statement", DBL__F_STATEMENT);
    json_decref(obj);
    if (rec->not_utf8 && !not_utf8)
        dbl__logread_skip(r, DBL_SKIP_NOT_UTF8, r->line); /* a \u0000 */
    rec->not_utf8 |= not_utf8;
    if (rec->off[DBL__F_MESSAGE] == DBL__NO_FIELD)
        dbl__rec_set(rec, DBL__F_MESSAGE, "", 0);
    dbl__logmsg_record(r, rec);
}
