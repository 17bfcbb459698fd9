/* log_json.c - jsonlog records (PostgreSQL 15+), one JSON object per line, through jansson. */
#include <jansson.h>
#include <string.h>

#include "analyzer/log_int.h"

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
    dbl__logrec *rec = &r->rec;
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
    if (rec->off[DBL__F_MESSAGE] == DBL__NO_FIELD)
        dbl__rec_set(rec, DBL__F_MESSAGE, "", 0);
    dbl__logmsg_record(r, rec);
}
