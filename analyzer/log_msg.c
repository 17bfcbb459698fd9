/* log_msg.c - PostgreSQL's messages classified, sessions tracked, statement events assembled.
 *
 * Each session holds its last statement back until the session's next
 * statement-like record: a "duration: ... ms" record (log_duration, or
 * log_statement=all with log_min_duration_statement) then gives it its
 * duration, and an ERROR whose STATEMENT is its text marks it failed, so each
 * execution is emitted once, with the right flags. In the extended protocol
 * the parse and bind records of an execution add their durations to the
 * execute's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/log_int.h"

/* ---- messages ---- */

typedef enum msg_kind {
    K_OTHER = 0,
    K_STATEMENT,      /* statement: / duration: ... statement: */
    K_EXECUTE,        /* [duration: ...] execute NAME[/PORTAL]: */
    K_FETCH,          /* [duration: ...] execute fetch from NAME[/PORTAL]: */
    K_PARSE,          /* duration: ... parse NAME: */
    K_BIND,           /* duration: ... bind NAME[/PORTAL]: */
    K_DURATION,       /* duration: ... ms (alone) */
    K_PLAN,           /* auto_explain: duration: ... plan: */
    K_CONN_RECEIVED,
    K_CONN_AUTH,
    K_CONN_OTHER,     /* connection lines that start nothing */
    K_DISCONNECT,
    K_CHECKPOINT,
    K_BACKEND_EXIT,   /* "... (PID n) exited with exit code" / "was terminated by signal" */
} msg_kind;

typedef struct msg_info {
    msg_kind kind;
    double duration_ms;     /* < 0: none */
    const char *name;       /* statement name (execute/parse/bind) */
    size_t name_len;
    const char *text;       /* the SQL */
    size_t text_len;
    int32_t exit_pid;
} msg_info;

static bool starts(const char *p, size_t n, const char *lit, size_t *after)
{
    size_t l = strlen(lit);
    if (n < l || memcmp(p, lit, l) != 0)
        return false;
    *after = l;
    return true;
}

/* Parses "12.345 ms" at p; returns the bytes used or 0. */
static size_t parse_ms(const char *p, size_t n, double *ms)
{
    size_t i = 0;
    double v = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9')
        v = v * 10 + (p[i++] - '0');
    if (!i)
        return 0;
    if (i < n && p[i] == '.') {
        double f = 0.1;
        i++;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
            v += (p[i++] - '0') * f;
            f /= 10;
        }
    }
    if (i + 3 > n || memcmp(p + i, " ms", 3) != 0)
        return 0;
    *ms = v;
    return i + 3;
}

/* "NAME[/PORTAL]: TEXT" */
static bool name_and_text(const char *p, size_t n, msg_info *mi)
{
    const char *c = p, *e = p + n;
    while ((c = memchr(c, ':', (size_t)(e - c))) != NULL && (c + 1 >= e || c[1] != ' '))
        c++;
    if (!c)
        return false;
    size_t nl = (size_t)(c - p);
    const char *slash = memchr(p, '/', nl);
    mi->name = p;
    mi->name_len = slash ? (size_t)(slash - p) : nl;
    if (mi->name_len == 9 && memcmp(p, "<unnamed>", 9) == 0)
        mi->name_len = 0;
    mi->text = c + 2;
    mi->text_len = n - nl - 2;
    return true;
}

static void classify(const char *m, size_t n, msg_info *mi)
{
    memset(mi, 0, sizeof *mi);
    mi->duration_ms = -1;
    size_t a;
    if (starts(m, n, "duration: ", &a)) {
        double ms;
        size_t k = parse_ms(m + a, n - a, &ms);
        if (!k)
            return;
        mi->duration_ms = ms;
        a += k;
        if (a == n) {
            mi->kind = K_DURATION;
            return;
        }
        if (n - a < 2 || m[a] != ' ' || m[a + 1] != ' ')
            return;
        a += 2;
        m += a;
        n -= a;
        if (starts(m, n, "statement: ", &a)) {
            mi->kind = K_STATEMENT;
            mi->text = m + a;
            mi->text_len = n - a;
        } else if (starts(m, n, "execute fetch from ", &a)) {
            if (name_and_text(m + a, n - a, mi))
                mi->kind = K_FETCH;
        } else if (starts(m, n, "execute ", &a)) {
            if (name_and_text(m + a, n - a, mi))
                mi->kind = K_EXECUTE;
        } else if (starts(m, n, "parse ", &a)) {
            if (name_and_text(m + a, n - a, mi))
                mi->kind = K_PARSE;
        } else if (starts(m, n, "bind ", &a)) {
            if (name_and_text(m + a, n - a, mi))
                mi->kind = K_BIND;
        } else if (starts(m, n, "plan:", &a)) {
            mi->kind = K_PLAN;
        }
        return;
    }
    if (starts(m, n, "statement: ", &a)) {
        mi->kind = K_STATEMENT;
        mi->text = m + a;
        mi->text_len = n - a;
        return;
    }
    if (starts(m, n, "execute fetch from ", &a)) {
        if (name_and_text(m + a, n - a, mi))
            mi->kind = K_FETCH;
        return;
    }
    if (starts(m, n, "execute ", &a)) {
        if (name_and_text(m + a, n - a, mi))
            mi->kind = K_EXECUTE;
        return;
    }
    if (starts(m, n, "connection received: ", &a)) {
        mi->kind = K_CONN_RECEIVED;
        return;
    }
    if (starts(m, n, "connection authorized: ", &a) ||
        starts(m, n, "replication connection authorized: ", &a) ||
        starts(m, n, "connection authenticated: ", &a)) {
        /* PostgreSQL 17 logs "connection authenticated" before "authorized" */
        mi->kind = n >= 24 && memcmp(m, "connection authenticated", 24) == 0 ? K_CONN_OTHER : K_CONN_AUTH;
        mi->text = m + a;
        mi->text_len = n - a;
        return;
    }
    if (starts(m, n, "disconnection: ", &a)) {
        mi->kind = K_DISCONNECT;
        return;
    }
    if (starts(m, n, "checkpoint ", &a) || starts(m, n, "restartpoint ", &a) ||
        starts(m, n, "checkpoints are occurring too frequently", &a) ||
        starts(m, n, "recovery restart point at ", &a)) {
        mi->kind = K_CHECKPOINT;
        return;
    }
    const char *pid = memmem(m, n > 256 ? 256 : n, "(PID ", 5);
    if (pid) {
        const char *e = pid + 5, *end = m + n;
        int64_t v = 0;
        while (e < end && *e >= '0' && *e <= '9' && v < INT32_MAX)
            v = v * 10 + (*e++ - '0');
        if (e < end && *e == ')' && v > 0 &&
            (memmem(e, (size_t)(end - e), ") exited with", 13) == e ||
             memmem(e, (size_t)(end - e), ") was terminated", 16) == e)) {
            mi->kind = K_BACKEND_EXIT;
            mi->exit_pid = (int32_t)v;
        }
    }
}

/* "prepare: PREPARE name[(types)] AS query" -> query (the whole text if the shape is odd). */
static bool prepared_query(const char *d, size_t n, const char **q, size_t *ql)
{
    size_t a;
    if (!d || !starts(d, n, "prepare: ", &a))
        return false;
    const char *p = d + a, *e = d + n;
    *q = p;
    *ql = (size_t)(e - p);
    const char *s = p;
    while (s < e && (*s == ' ' || *s == '\n' || *s == '\t'))
        s++;
    if (e - s < 8 || strncasecmp(s, "prepare", 7) != 0)
        return true;
    s += 7;
    if (*s != ' ' && *s != '\n' && *s != '\t')
        return true;
    while (s < e && (*s == ' ' || *s == '\n' || *s == '\t'))
        s++;
    if (s < e && *s == '"') {
        s++;
        while (s < e && !(*s == '"' && (s + 1 >= e || s[1] != '"')))
            s += *s == '"' ? 2 : 1;
        s++;
    } else {
        while (s < e && (*s == '_' || *s == '$' || (unsigned char)*s >= 0x80 ||
                         (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            s++;
    }
    while (s < e && (*s == ' ' || *s == '\n' || *s == '\t'))
        s++;
    if (s < e && *s == '(') {
        int depth = 0;
        for (; s < e; s++) {
            if (*s == '(')
                depth++;
            else if (*s == ')' && --depth == 0) {
                s++;
                break;
            }
        }
        while (s < e && (*s == ' ' || *s == '\n' || *s == '\t'))
            s++;
    }
    if (e - s < 3 || strncasecmp(s, "as", 2) != 0 || (s[2] != ' ' && s[2] != '\n' && s[2] != '\t'))
        return true;
    s += 2;
    while (s < e && (*s == ' ' || *s == '\n' || *s == '\t'))
        s++;
    *q = s;
    *ql = (size_t)(e - s);
    return true;
}

/* ---- sessions ---- */

typedef struct pending {
    uint64_t name_hash;
    double ms;
} pending;

struct dbl__session {
    char *key;
    int32_t pid;
    bool by_id;             /* keyed by %c / session_id (in r->sessions) */
    bool start_pending;     /* connection received, SESSION_START not yet emitted */
    char *user, *db, *app;  /* from "connection authorized" */
    uint32_t index;         /* in r's list of all sessions */
    DBL_ARRAY(pending) pend;
    /* the held statement */
    bool held;
    dbl_logev hev;
    double h_pend_ms;       /* parse/bind time already in it */
    dbl_buf hb;
    uint32_t h_off[8];
};

enum { H_TEXT, H_NAME, H_PARAMS, H_PREPARED, H_USER, H_DB, H_APP, H__N };

struct dbl__pidslot {
    bool live;
    int32_t pid;
    uint32_t used;          /* sessions seen on this pid */
    dbl__session *cur;
};

typedef struct dbl__session_list session_list;

static session_list *all_sessions(dbl_logreader *r)
{
    return &r->all_sessions;
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return h;
}

static struct dbl__pidslot *pid_slot(dbl_logreader *r, int32_t pid, bool create)
{
    if (r->pids_cap) {
        uint32_t mask = r->pids_cap - 1;
        for (uint32_t i = ((uint32_t)pid * 2654435761u) & mask;; i = (i + 1) & mask) {
            struct dbl__pidslot *s = &r->pids[i];
            if (!s->live)
                break;
            if (s->pid == pid)
                return s;
        }
    }
    if (!create)
        return NULL;
    if ((r->pids_count + 1) * 2 > r->pids_cap) {
        uint32_t old = r->pids_cap;
        struct dbl__pidslot *os = r->pids;
        r->pids_cap = old ? old * 2 : 64;
        r->pids = dbl_calloc(r->pids_cap, sizeof *r->pids);
        r->pids_count = 0;
        for (uint32_t i = 0; i < old; i++)
            if (os[i].live)
                *pid_slot(r, os[i].pid, true) = os[i];
        dbl_free(os);
    }
    uint32_t mask = r->pids_cap - 1;
    for (uint32_t i = ((uint32_t)pid * 2654435761u) & mask;; i = (i + 1) & mask) {
        struct dbl__pidslot *s = &r->pids[i];
        if (!s->live) {
            s->live = true;
            s->pid = pid;
            s->used = 0;
            s->cur = NULL;
            r->pids_count++;
            return s;
        }
    }
}

static dbl__session *session_new(dbl_logreader *r, const char *key, int32_t pid, bool by_id)
{
    dbl__session *s = dbl_calloc(1, sizeof *s);
    s->key = dbl_strdup(key);
    s->pid = pid;
    s->by_id = by_id;
    session_list *all = all_sessions(r);
    s->index = all->size;
    dbl_array_push(all, s);
    if (by_id)
        dbl_hmap_put(&r->sessions, s->key, s);
    return s;
}

static void session_free(dbl__session *s)
{
    dbl_free(s->key);
    dbl_free(s->user);
    dbl_free(s->db);
    dbl_free(s->app);
    dbl_buf_free(&s->hb);
    dbl_array_free(&s->pend);
    dbl_free(s);
}

static void fill_event_base(dbl_logreader *r, dbl__session *s, const dbl__logrec *rec, dbl_logev *ev,
                            dbl_logev_kind kind)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = kind;
    ev->file = r->file;
    ev->line = rec->line;
    ev->end_line = rec->end_line;
    ev->record = rec->record;
    ev->time_us = rec->time_us;
    ev->time_res_us = rec->time_us == DBL_LOG_NO_TIME ? 0 : rec->time_res_us;
    ev->session = s->key;
    ev->pid = s->pid ? s->pid : rec->pid;
    ev->user = dbl__rec_str(rec, DBL__F_USER);
    ev->database = dbl__rec_str(rec, DBL__F_DB);
    ev->application = dbl__rec_str(rec, DBL__F_APP);
    if (!ev->user)
        ev->user = s->user;
    if (!ev->database)
        ev->database = s->db;
    if (!ev->application)
        ev->application = s->app;
    ev->duration_ms = -1;
}

static void emit_session_event(dbl_logreader *r, dbl__session *s, const dbl__logrec *rec, dbl_logev_kind kind)
{
    dbl_logev ev;
    fill_event_base(r, s, rec, &ev, kind);
    dbl__logmsg_emit(r, &ev);
}

void dbl__logmsg_emit(dbl_logreader *r, dbl_logev *ev)
{
    if (ev->kind == DBL_LOGEV_STATEMENT)
        r->stats.statements++;
    if (r->fn)
        r->fn(r->ud, ev);
}

static const char *hstr(dbl__session *s, int k)
{
    return s->h_off[k] == DBL__NO_FIELD ? NULL : s->hb.data + s->h_off[k];
}

/* Emits the held statement, if any. */
static void release(dbl_logreader *r, dbl__session *s)
{
    if (!s || !s->held)
        return;
    s->held = false;
    dbl_logev ev = s->hev;
    ev.session = s->key;
    ev.text = hstr(s, H_TEXT);
    ev.stmt_name = hstr(s, H_NAME);
    ev.params = hstr(s, H_PARAMS);
    ev.prepared = hstr(s, H_PREPARED);
    ev.user = hstr(s, H_USER);
    ev.database = hstr(s, H_DB);
    ev.application = hstr(s, H_APP);
    if (!ev.user)
        ev.user = s->user;
    if (!ev.database)
        ev.database = s->db;
    if (!ev.application)
        ev.application = s->app;
    dbl__logmsg_emit(r, &ev);
}

static void hput(dbl__session *s, int k, const char *p, size_t n)
{
    if (!p) {
        s->h_off[k] = DBL__NO_FIELD;
        return;
    }
    s->h_off[k] = (uint32_t)s->hb.len;
    dbl_buf_append(&s->hb, p, n);
    dbl_buf_putc(&s->hb, '\0');
}

/* Holds a statement back (copying what the event needs). */
static void hold(dbl_logreader *r, dbl__session *s, const dbl__logrec *rec, const char *text, size_t text_len,
                 const char *name, size_t name_len, double duration, double pend_ms, bool failed)
{
    release(r, s);
    s->held = true;
    s->hb.len = 0;
    dbl_logev *ev = &s->hev;
    fill_event_base(r, s, rec, ev, DBL_LOGEV_STATEMENT);
    ev->text_len = (uint32_t)text_len;
    ev->duration_ms = duration;
    ev->failed = failed;
    s->h_pend_ms = pend_ms;
    hput(s, H_TEXT, text, text_len);
    hput(s, H_NAME, name, name_len);
    const char *detail = dbl__rec_str(rec, DBL__F_DETAIL);
    size_t dl = detail ? rec->len[DBL__F_DETAIL] : 0;
    size_t a;
    if (name && detail && starts(detail, dl, "parameters: ", &a))
        hput(s, H_PARAMS, detail + a, dl - a);
    else
        hput(s, H_PARAMS, NULL, 0);
    const char *q = NULL;
    size_t ql = 0;
    if (!name && text_len >= 8 && strncasecmp(text, "execute", 7) == 0 && prepared_query(detail, dl, &q, &ql))
        hput(s, H_PREPARED, q, ql);
    else
        hput(s, H_PREPARED, NULL, 0);
    const char *u = dbl__rec_str(rec, DBL__F_USER), *d = dbl__rec_str(rec, DBL__F_DB),
               *ap = dbl__rec_str(rec, DBL__F_APP);
    hput(s, H_USER, u, u ? rec->len[DBL__F_USER] : 0);
    hput(s, H_DB, d, d ? rec->len[DBL__F_DB] : 0);
    hput(s, H_APP, ap, ap ? rec->len[DBL__F_APP] : 0);
}

static void start_if_pending(dbl_logreader *r, dbl__session *s, const dbl__logrec *rec)
{
    if (!s->start_pending)
        return;
    s->start_pending = false;
    emit_session_event(r, s, rec, DBL_LOGEV_SESSION_START);
}

/* Ends a session: its held statement, SESSION_END, and it is forgotten. */
static void session_end(dbl_logreader *r, dbl__session *s, const dbl__logrec *rec)
{
    release(r, s);
    start_if_pending(r, s, rec);
    emit_session_event(r, s, rec, DBL_LOGEV_SESSION_END);
    if (s->by_id)
        dbl_hmap_del(&r->sessions, s->key);
    struct dbl__pidslot *ps = pid_slot(r, s->pid, false);
    if (ps && ps->cur == s)
        ps->cur = NULL;
    session_list *all = all_sessions(r);
    dbl__session *last = all->items[all->size - 1];
    all->items[s->index] = last;
    last->index = s->index;
    all->size--;
    session_free(s);
}

/* The session of a record; with create, a new one if there is none. */
static dbl__session *find(dbl_logreader *r, const dbl__logrec *rec, bool create)
{
    const char *sid = dbl__rec_str(rec, DBL__F_SESSION);
    if (sid) {
        dbl__session *s = dbl_hmap_get(&r->sessions, sid);
        if (s || !create)
            return s;
        struct dbl__pidslot *ps = rec->pid ? pid_slot(r, rec->pid, true) : NULL;
        if (ps && ps->cur)
            session_end(r, ps->cur, rec); /* the pid's previous backend is gone */
        s = session_new(r, sid, rec->pid, true);
        if (ps) {
            ps->cur = s;
            ps->used++;
        }
        return s;
    }
    struct dbl__pidslot *ps = pid_slot(r, rec->pid, create);
    if (!ps)
        return NULL;
    if (ps->cur || !create)
        return ps->cur;
    char key[32];
    if (ps->used)
        snprintf(key, sizeof key, "%d#%u", (int)rec->pid, ps->used);
    else
        snprintf(key, sizeof key, "%d", (int)rec->pid);
    ps->used++;
    ps->cur = session_new(r, key, rec->pid, false);
    return ps->cur;
}

/* "user=X database=Y application_name=Z" of connection authorized. */
static void take_auth(dbl__session *s, const char *p, size_t n)
{
    static const char *const keys[] = {"user=", "database=", "application_name="};
    char **dst[] = {&s->user, &s->db, &s->app};
    for (int k = 0; k < 3; k++) {
        size_t kl = strlen(keys[k]);
        for (const char *h = p; (h = memmem(h, n - (size_t)(h - p), keys[k], kl)) != NULL; h++) {
            if (h > p && h[-1] != ' ')
                continue;
            const char *v = h + kl, *e = v;
            if (k < 2)
                while (e < p + n && *e != ' ')
                    e++;
            else {
                const char *ssl = memmem(v, (size_t)(p + n - v), " SSL enabled", 12);
                const char *gss = memmem(v, (size_t)(p + n - v), " GSS (", 6);
                e = ssl ? ssl : gss ? gss : p + n;
            }
            if (e > v) {
                dbl_free(*dst[k]);
                *dst[k] = dbl_strndup(v, (size_t)(e - v));
            }
            break;
        }
    }
}

static double take_pending(dbl__session *s, const char *name, size_t n)
{
    uint64_t h = hash_bytes(name, n);
    double ms = 0;
    for (uint32_t i = 0; i < s->pend.size;) {
        if (s->pend.items[i].name_hash == h) {
            ms += s->pend.items[i].ms;
            s->pend.items[i] = s->pend.items[--s->pend.size];
        } else {
            i++;
        }
    }
    return ms;
}

static void add_pending(dbl__session *s, const char *name, size_t n, double ms)
{
    uint64_t h = hash_bytes(name, n);
    for (uint32_t i = 0; i < s->pend.size; i++)
        if (s->pend.items[i].name_hash == h) {
            s->pend.items[i].ms += ms;
            return;
        }
    if (s->pend.size >= 64)
        s->pend.size = 0; /* prepared and never executed: forget them */
    dbl_array_push(&s->pend, (pending){h, ms});
}

static void error_record(dbl_logreader *r, const dbl__logrec *rec)
{
    dbl__logread_skip(r, DBL_SKIP_ERROR, rec->line);
    if (rec->sev == DBL__SEV_WARNING)
        return;
    const char *stmt = dbl__rec_str(rec, DBL__F_STATEMENT);
    dbl__session *s = find(r, rec, false);
    bool open = s && s->held && s->hev.duration_ms < 0 && !s->hev.failed;
    if (!stmt) {
        /* the statement was logged and the next word of its backend is an ERROR */
        if (open && rec->sev == DBL__SEV_ERROR)
            s->hev.failed = true;
        return;
    }
    size_t sl = rec->len[DBL__F_STATEMENT];
    if (open && s->hev.text_len == sl && memcmp(hstr(s, H_TEXT), stmt, sl) == 0) {
        s->hev.failed = true;
        return;
    }
    /* not logged before (duration logging, or it failed to parse): this is the execution */
    s = find(r, rec, true);
    start_if_pending(r, s, rec);
    take_pending(s, "", 0);
    hold(r, s, rec, stmt, sl, NULL, 0, -1, 0, true);
    release(r, s);
}

void dbl__logmsg_record(dbl_logreader *r, const dbl__logrec *rec)
{
    switch (rec->sev) {
    case DBL__SEV_ERROR:
    case DBL__SEV_FATAL:
    case DBL__SEV_PANIC:
    case DBL__SEV_WARNING:
        error_record(r, rec);
        return;
    case DBL__SEV_LOG:
        break;
    default:
        /* NOTICE, INFO, DEBUG, and parts that lost their message */
        dbl__logread_skip(r, DBL_SKIP_OTHER_MESSAGE, rec->line);
        return;
    }
    const char *m = dbl__rec_str(rec, DBL__F_MESSAGE);
    msg_info mi;
    classify(m ? m : "", m ? rec->len[DBL__F_MESSAGE] : 0, &mi);
    dbl__session *s;
    switch (mi.kind) {
    case K_STATEMENT:
        s = find(r, rec, true);
        start_if_pending(r, s, rec);
        hold(r, s, rec, mi.text, mi.text_len, NULL, 0, mi.duration_ms, 0, false);
        return;
    case K_EXECUTE:
    case K_FETCH: {
        s = find(r, rec, true);
        start_if_pending(r, s, rec);
        if (mi.kind == K_FETCH && s->held && hstr(s, H_NAME) &&
            strlen(hstr(s, H_NAME)) == mi.name_len && memcmp(hstr(s, H_NAME), mi.name, mi.name_len) == 0) {
            /* more rows of the same portal: the same execution */
            if (mi.duration_ms >= 0 && s->hev.duration_ms >= 0)
                s->hev.duration_ms += mi.duration_ms;
            s->hev.end_line = rec->end_line;
            return;
        }
        double pend = take_pending(s, mi.name, mi.name_len);
        double d = mi.duration_ms >= 0 ? mi.duration_ms + pend : -1;
        hold(r, s, rec, mi.text, mi.text_len, mi.name, mi.name_len, d, pend, false);
        return;
    }
    case K_PARSE:
    case K_BIND:
        s = find(r, rec, true);
        start_if_pending(r, s, rec);
        release(r, s);
        add_pending(s, mi.name, mi.name_len, mi.duration_ms);
        return;
    case K_DURATION:
        s = find(r, rec, false);
        if (s && s->held && s->hev.duration_ms < 0) {
            s->hev.duration_ms = mi.duration_ms + s->h_pend_ms;
            return;
        }
        dbl__logread_skip(r, DBL_SKIP_OTHER_MESSAGE, rec->line);
        return;
    case K_PLAN:
        dbl__logread_skip(r, DBL_SKIP_PLAN, rec->line);
        return;
    case K_CHECKPOINT:
        dbl__logread_skip(r, DBL_SKIP_CHECKPOINT, rec->line);
        return;
    case K_CONN_RECEIVED: {
        dbl__logread_skip(r, DBL_SKIP_CONNECTION, rec->line);
        if (!dbl__rec_str(rec, DBL__F_SESSION)) {
            struct dbl__pidslot *ps = pid_slot(r, rec->pid, true);
            if (ps->cur)
                session_end(r, ps->cur, rec);
        }
        s = find(r, rec, true);
        s->start_pending = true;
        return;
    }
    case K_CONN_AUTH:
        dbl__logread_skip(r, DBL_SKIP_CONNECTION, rec->line);
        s = find(r, rec, true);
        take_auth(s, mi.text, mi.text_len);
        start_if_pending(r, s, rec);
        return;
    case K_CONN_OTHER:
        dbl__logread_skip(r, DBL_SKIP_CONNECTION, rec->line);
        return;
    case K_DISCONNECT:
        dbl__logread_skip(r, DBL_SKIP_CONNECTION, rec->line);
        s = find(r, rec, false);
        if (s)
            session_end(r, s, rec);
        return;
    case K_BACKEND_EXIT: {
        dbl__logread_skip(r, DBL_SKIP_OTHER_MESSAGE, rec->line);
        struct dbl__pidslot *ps = pid_slot(r, mi.exit_pid, false);
        if (ps && ps->cur)
            session_end(r, ps->cur, rec);
        return;
    }
    default:
        dbl__logread_skip(r, DBL_SKIP_OTHER_MESSAGE, rec->line);
        return;
    }
}

static int by_position(const void *a, const void *b)
{
    const dbl__session *x = *(dbl__session *const *)a, *y = *(dbl__session *const *)b;
    if (x->hev.file != y->hev.file)
        return x->hev.file < y->hev.file ? -1 : 1;
    if (x->hev.line != y->hev.line)
        return x->hev.line < y->hev.line ? -1 : 1;
    return 0;
}

void dbl__logmsg_flush_all(dbl_logreader *r)
{
    session_list *all = all_sessions(r);
    session_list held = {0};
    for (uint32_t i = 0; i < all->size; i++)
        if (all->items[i]->held)
            dbl_array_push(&held, all->items[i]);
    if (held.size > 1)
        qsort(held.items, held.size, sizeof held.items[0], by_position);
    for (uint32_t i = 0; i < held.size; i++)
        release(r, held.items[i]);
    dbl_array_free(&held);
}

void dbl__logmsg_free(dbl_logreader *r)
{
    session_list *all = all_sessions(r);
    for (uint32_t i = 0; i < all->size; i++)
        session_free(all->items[i]);
    dbl_array_free(all);
    dbl_hmap_free(&r->sessions);
    dbl_free(r->pids);
    r->pids = NULL;
    r->pids_cap = r->pids_count = 0;
}
