/* log_csv.c - csvlog records (quoted fields with doubled quotes and embedded newlines). */
#include <string.h>

#include "analyzer/log_int.h"

/* csvlog columns (PostgreSQL 9.0 to 15; 13 added backend_type, 14 leader_pid and query_id). */
enum {
    COL_TIME = 0,
    COL_USER = 1,
    COL_DB = 2,
    COL_PID = 3,
    COL_SESSION = 5,
    COL_SEVERITY = 11,
    COL_MESSAGE = 13,
    COL_DETAIL = 14,
    COL_QUERY = 19,
    COL_APP = 22,
    MIN_COLS = 14,
    MAX_COLS = 32,
};

bool dbl__csv_is_record_start(const char *p, size_t n)
{
    int64_t us;
    uint32_t res;
    size_t k = dbl__parse_pgtime(p, n, &us, &res);
    return k && k < n && p[k] == ',';
}

/* Ends the current field. */
static void end_field(dbl_logreader *r)
{
    if (r->csv_nf < MAX_COLS) {
        r->csv_len[r->csv_nf] = (uint32_t)(r->recbuf.len - r->csv_off[r->csv_nf]);
        dbl_buf_putc(&r->recbuf, '\0');
        r->csv_nf++;
    }
    if (r->csv_nf < MAX_COLS)
        r->csv_off[r->csv_nf] = (uint32_t)r->recbuf.len;
    else
        r->csv_bad = true; /* more columns than any csvlog has */
}

static void start_record(dbl_logreader *r)
{
    r->recbuf.len = 0;
    r->csv_nf = 0;
    r->csv_off[0] = 0;
    r->csv_quoted = false;
    r->csv_bad = false;
    r->rec_open = true;
    r->rec.line = r->rec.end_line = r->line;
    r->rec.not_utf8 = false;
}

static void append(dbl_logreader *r, const char *p, size_t n)
{
    if (r->csv_nf >= MAX_COLS || r->recbuf.len + n >= (size_t)UINT32_MAX - 16)
        return;
    if (dbl__utf8_append(&r->recbuf, p, n))
        r->rec.not_utf8 = true;
}

static const char *col(dbl_logreader *r, uint32_t c, uint32_t *len)
{
    if (c >= r->csv_nf)
        return NULL;
    *len = r->csv_len[c];
    return r->recbuf.data + r->csv_off[c];
}

/* Turns the parsed columns into a record and hands it on. */
static void finish_record(dbl_logreader *r)
{
    r->rec_open = false;
    r->stats.records++;
    r->record++;
    uint64_t line = r->rec.line, end_line = r->rec.end_line;
    bool not_utf8 = r->rec.not_utf8;
    if (r->csv_bad || r->csv_nf < MIN_COLS) {
        dbl__logread_skip(r, DBL_SKIP_MALFORMED, line);
        return;
    }
    uint32_t l;
    const char *sev = col(r, COL_SEVERITY, &l);
    size_t msg;
    dbl__logsev s = dbl__log_severity(sev ? sev : "", sev ? l : 0, &msg);
    if (s == DBL__SEV_NONE && sev && l < 16) {
        /* the column holds the bare word */
        char tmp[20];
        memcpy(tmp, sev, l);
        memcpy(tmp + l, ":  x", 4);
        s = dbl__log_severity(tmp, l + 4, &msg);
    }
    const char *pid = col(r, COL_PID, &l);
    int64_t pv = 0;
    for (uint32_t i = 0; pid && i < l && i < 10; i++) {
        if (pid[i] < '0' || pid[i] > '9') {
            pv = -1;
            break;
        }
        pv = pv * 10 + (pid[i] - '0');
    }
    if (s == DBL__SEV_NONE || pv < 0 || pv > INT32_MAX) {
        dbl__logread_skip(r, DBL_SKIP_MALFORMED, line);
        return;
    }
    if (not_utf8)
        dbl__logread_skip(r, DBL_SKIP_NOT_UTF8, line);
    /* the fields stay in recbuf; the record points at them */
    dbl__logrec *rec = &r->rec;
    rec->buf = &r->recbuf;
    rec->open_field = -1;
    rec->sev = s;
    rec->line = line;
    rec->end_line = end_line;
    rec->record = r->record;
    rec->pid = (int32_t)pv;
    rec->not_utf8 = not_utf8;
    rec->time_us = DBL_LOG_NO_TIME;
    rec->time_res_us = 0;
    const char *t = col(r, COL_TIME, &l);
    int64_t us;
    uint32_t res;
    if (t && dbl__parse_pgtime_c(t, l, &us, &res, &r->tcache)) {
        rec->time_us = us;
        rec->time_res_us = res;
    }
    static const int map[][2] = {
        {DBL__F_USER, COL_USER},       {DBL__F_DB, COL_DB},         {DBL__F_APP, COL_APP},
        {DBL__F_SESSION, COL_SESSION}, {DBL__F_MESSAGE, COL_MESSAGE}, {DBL__F_DETAIL, COL_DETAIL},
        {DBL__F_STATEMENT, COL_QUERY},
    };
    for (int f = 0; f < DBL__F__COUNT; f++)
        rec->off[f] = DBL__NO_FIELD;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const char *v = col(r, (uint32_t)map[i][1], &l);
        if (!v || !l || (l == 9 && memcmp(v, "[unknown]", 9) == 0))
            continue;
        rec->off[map[i][0]] = (uint32_t)(v - r->recbuf.data);
        rec->len[map[i][0]] = l;
    }
    dbl__logmsg_record(r, rec);
}

void dbl__csv_end(dbl_logreader *r)
{
    if (r->rec_open) {
        r->rec_open = false;
        dbl__logread_skip(r, DBL_SKIP_TRUNCATED, r->rec.line);
    }
}

void dbl__csv_line(dbl_logreader *r, const char *p, size_t n, bool complete)
{
    if (!r->rec_open) {
        if (!n)
            return;
        start_record(r);
    } else if (r->csv_quoted && dbl__csv_is_record_start(p, n)) {
        /* a quote never closed: that record is lost, this line starts the next */
        r->rec_open = false;
        r->stats.records++;
        r->record++;
        dbl__logread_skip(r, DBL_SKIP_MALFORMED, r->rec.line);
        start_record(r);
    } else {
        r->rec.end_line = r->line;
    }
    size_t i = 0;
    bool quoted = r->csv_quoted;
    if (quoted)
        append(r, "\n", 1); /* the line break inside the quoted field */
    while (i <= n) {
        if (quoted) {
            const char *q = memchr(p + i, '"', n - i);
            if (!q) {
                append(r, p + i, n - i);
                i = n;
                break; /* the field goes on on the next line */
            }
            size_t k = (size_t)(q - p);
            append(r, p + i, k - i);
            if (k + 1 < n && p[k + 1] == '"') {
                append(r, "\"", 1);
                i = k + 2;
                continue;
            }
            quoted = false;
            i = k + 1;
            if (i < n && p[i] != ',')
                r->csv_bad = true; /* text after a closing quote */
            continue;
        }
        if (i == n) {
            end_field(r);
            break;
        }
        if (p[i] == ',') {
            end_field(r);
            i++;
            if (i == n) {
                end_field(r);
                break;
            }
            continue;
        }
        size_t field_start = r->csv_nf < MAX_COLS ? r->csv_off[r->csv_nf] : 0;
        if (p[i] == '"' && r->recbuf.len == field_start) {
            quoted = true;
            i++;
            continue;
        }
        const char *c = memchr(p + i, ',', n - i);
        size_t k = c ? (size_t)(c - p) : n;
        if (memchr(p + i, '"', k - i))
            r->csv_bad = true;
        append(r, p + i, k - i);
        i = k;
    }
    r->csv_quoted = quoted;
    if (quoted) {
        if (!complete)
            dbl__csv_end(r);
        return;
    }
    if (!complete) {
        /* a last line without its newline: the record may be cut */
        r->rec_open = false;
        dbl__logread_skip(r, DBL_SKIP_TRUNCATED, r->rec.line);
        return;
    }
    finish_record(r);
}
