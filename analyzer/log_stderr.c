/* log_stderr.c - stderr and syslog lines assembled into records (a message, its
 * TAB-continued lines and the DETAIL/STATEMENT/... lines of the same process). */
#include <string.h>

#include "analyzer/log_int.h"

static void flush_rec(dbl_logreader *r, dbl__logrec *rec)
{
    dbl__rec_close(rec);
    r->stats.records++;
    r->record++;
    rec->record = r->record;
    if (rec->not_utf8)
        dbl__logread_skip(r, DBL_SKIP_NOT_UTF8, rec->line);
    dbl__logmsg_record(r, rec);
}

static void flush(dbl_logreader *r)
{
    if (!r->rec_open)
        return;
    r->rec_open = false;
    flush_rec(r, &r->rec);
}

/* ---- syslog: one open record per process ----
 *
 * syslog sends each line of a message (and each DETAIL, STATEMENT ...) on
 * its own, so lines of other processes come between them. The record of the
 * process that wrote the last line is r->rec; the others wait in r->parked
 * until their process writes again (or the table is full, or the file ends). */

static void swap_slot(dbl_logreader *r, struct dbl__parked *s)
{
    struct dbl__parked t = *s;
    s->rec = r->rec;
    s->buf = r->recbuf;
    s->open = r->rec_open;
    s->field = r->rec_field;
    s->seq = r->rec_seq;
    s->rec.buf = &s->buf;
    r->rec = t.rec;
    r->recbuf = t.buf;
    r->rec_open = t.open;
    r->rec_field = t.field;
    r->rec_seq = t.seq;
    r->rec.buf = &r->recbuf;
}

/* Flushes the parked record that waited longest; returns its slot. */
static struct dbl__parked *flush_oldest(dbl_logreader *r)
{
    struct dbl__parked *old = NULL;
    for (uint32_t i = 0; i < DBL__PARKED; i++)
        if (r->parked[i].open && (!old || r->parked[i].rec.line < old->rec.line))
            old = &r->parked[i];
    if (old) {
        old->open = false;
        old->rec.buf = &old->buf;
        flush_rec(r, &old->rec);
    }
    return old;
}

/* Makes the open record that of process pid: parks the current one and takes pid's back. */
static void select_process(dbl_logreader *r, int32_t pid)
{
    if (r->rec_open && r->rec.pid == pid)
        return;
    if (!r->parked)
        r->parked = dbl_calloc(DBL__PARKED, sizeof *r->parked);
    struct dbl__parked *mine = NULL, *free_slot = NULL;
    for (uint32_t i = 0; i < DBL__PARKED; i++) {
        struct dbl__parked *s = &r->parked[i];
        if (s->open && s->rec.pid == pid)
            mine = s;
        else if (!s->open && !free_slot)
            free_slot = s;
    }
    if (r->rec_open) {
        if (!free_slot && mine) {
            free_slot = mine; /* trade places */
        } else if (!free_slot) {
            free_slot = flush_oldest(r);
        }
        swap_slot(r, free_slot);
        if (free_slot == mine)
            return;
    }
    if (mine)
        swap_slot(r, mine);
}

void dbl__stderr_end(dbl_logreader *r)
{
    flush(r);
    if (r->parked)
        while (flush_oldest(r))
            ;
}

void dbl__stderr_free(dbl_logreader *r)
{
    if (!r->parked)
        return;
    for (uint32_t i = 0; i < DBL__PARKED; i++)
        dbl_buf_free(&r->parked[i].buf);
    dbl_free(r->parked);
    r->parked = NULL;
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
        if (sl.pid)
            select_process(r, sl.pid);
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
