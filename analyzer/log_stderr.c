/* log_stderr.c - stderr and syslog lines assembled into records (a message, its
 * TAB-continued lines and the DETAIL/STATEMENT/... lines of the same process). */
#include <string.h>

#include "analyzer/log_int.h"

static void flush(dbl_logreader *r)
{
    if (!r->rec_open)
        return;
    dbl__rec_close(&r->rec);
    r->rec_open = false;
    r->stats.records++;
    r->record++;
    r->rec.record = r->record;
    if (r->rec.not_utf8)
        dbl__logread_skip(r, DBL_SKIP_NOT_UTF8, r->rec.line);
    dbl__logmsg_record(r, &r->rec);
}

void dbl__stderr_end(dbl_logreader *r)
{
    flush(r);
}

/* The field a secondary line (DETAIL:, STATEMENT:, ...) goes to; -1: kept out. */
static int part_field(dbl__logsev sev)
{
    switch (sev) {
    case DBL__SEV_DETAIL:
        return DBL__F_DETAIL;
    case DBL__SEV_STATEMENT:
        return DBL__F_STATEMENT;
    default:
        return -1;
    }
}

static bool is_part(dbl__logsev sev)
{
    return sev >= DBL__SEV_DETAIL;
}

/* Appends a continuation line (its leading TAB already removed). */
static void continue_rec(dbl_logreader *r, const char *p, size_t n, bool newline)
{
    r->rec.end_line = r->line;
    if (r->rec_field < 0)
        return;
    if (newline)
        dbl__rec_append(&r->rec, "\n", 1);
    dbl__rec_append(&r->rec, p, n);
}

void dbl__stderr_line(dbl_logreader *r, const char *p, size_t n, bool complete)
{
    if (!complete) {
        /* the file ends inside this line: the record is cut */
        flush(r);
        dbl__logread_skip(r, DBL_SKIP_TRUNCATED, r->line);
        return;
    }
    int32_t sys_pid = 0;
    int64_t sys_time = DBL_LOG_NO_TIME;
    uint32_t sys_res = 0;
    if (r->syslog) {
        dbl__syslog sl;
        if (!dbl__syslog_match(p, n, &sl)) {
            flush(r);
            if (n)
                dbl__logread_skip(r, DBL_SKIP_UNKNOWN_LINE, r->line);
            return;
        }
        p += sl.rest;
        n -= sl.rest;
        if (sl.chunk > 1) {
            /* the rest of a record split by syslog: after a newline it starts
             * with a TAB (#011 when rsyslog escapes it), else it goes on the line */
            if (r->rec_open && sl.seq == r->rec_seq && sl.pid == r->rec.pid) {
                if (n && p[0] == '\t')
                    continue_rec(r, p + 1, n - 1, true);
                else if (n >= 4 && memcmp(p, "#011", 4) == 0)
                    continue_rec(r, p + 4, n - 4, true);
                else
                    continue_rec(r, p, n, false);
            } else {
                dbl__logread_skip(r, DBL_SKIP_UNKNOWN_LINE, r->line);
            }
            return;
        }
        sys_pid = sl.pid;
        sys_time = sl.time_us;
        sys_res = sl.time_res_us;
        r->rec_seq = sl.seq;
    } else if (n && p[0] == '\t') {
        if (r->rec_open)
            continue_rec(r, p + 1, n - 1, true);
        else
            dbl__logread_skip(r, DBL_SKIP_UNKNOWN_LINE, r->line);
        return;
    }
    if (!n)
        return; /* blank lines carry nothing */

    dbl__pfx_out out;
    bool ok = r->px ? dbl__prefix_match(r->px, p, n, &out, &r->tcache) : false;
    if (!ok)
        ok = dbl__prefix_match_any(p, n, &out, &r->tcache);
    if (!ok) {
        flush(r);
        dbl__logread_skip(r, DBL_SKIP_UNKNOWN_LINE, r->line);
        return;
    }
    if (!out.pid)
        out.pid = sys_pid;
    if (out.time_us == DBL_LOG_NO_TIME && sys_time != DBL_LOG_NO_TIME) {
        out.time_us = sys_time;
        out.time_res_us = sys_res;
    }
    if (is_part(out.sev) && r->rec_open && (!out.pid || !r->rec.pid || out.pid == r->rec.pid)) {
        /* a part of the open record */
        int f = part_field(out.sev);
        r->rec_field = f;
        r->rec.end_line = r->line;
        if (f >= 0) {
            dbl__rec_open(&r->rec, f);
            dbl__rec_append(&r->rec, p + out.msg, n - out.msg);
        } else {
            dbl__rec_close(&r->rec);
        }
        return;
    }
    flush(r);
    dbl__logrec *rec = &r->rec;
    dbl__rec_reset(rec, &r->recbuf);
    r->rec_open = true;
    rec->sev = out.sev;
    rec->line = rec->end_line = r->line;
    rec->time_us = out.time_us;
    rec->time_res_us = out.time_res_us;
    rec->pid = out.pid;
    for (int f = 0; f <= DBL__F_SESSION; f++)
        if (out.str[f])
            dbl__rec_set(rec, f, out.str[f], out.len[f]);
    if (is_part(out.sev)) {
        /* a DETAIL/STATEMENT line of no open record of its process */
        r->rec_field = part_field(out.sev);
        if (r->rec_field < 0)
            r->rec_field = DBL__F_MESSAGE;
    } else {
        r->rec_field = DBL__F_MESSAGE;
    }
    dbl__rec_open(rec, r->rec_field);
    dbl__rec_append(rec, p + out.msg, n - out.msg);
}
