/* log_prefix.c - log_line_prefix compiled into a matcher, prefix detection, syslog headers. */
#include <string.h>

#include "analyzer/log_int.h"

/* One piece of a compiled prefix: literal text or an escape (%u, %-10p, ...). */
typedef struct token {
    char esc;         /* 0: literal */
    int pad;          /* %-10u: -10; %10u: 10 */
    const char *lit;  /* literal bytes (into dbl__prefix.spec_copy) */
    uint32_t lit_len;
} token;

struct dbl__prefix {
    char *spec;       /* the setting as given */
    char *lits;       /* literal bytes, unescaped (%% -> %) */
    token *toks;
    uint32_t ntoks;
};

/* Escapes PostgreSQL knows (elog.c log_line_prefix). */
static bool known_escape(char c)
{
    return c && strchr("audrhbpPtmniecls vxqQ%", c) && c != ' ';
}

dbl__prefix *dbl__prefix_compile(const char *spec)
{
    dbl__prefix *px = dbl_calloc(1, sizeof *px);
    size_t n = strlen(spec);
    px->spec = dbl_strdup(spec);
    px->lits = dbl_malloc(n + 1);
    px->toks = dbl_calloc(n + 1, sizeof(token));
    size_t lp = 0;
    for (size_t i = 0; i < n;) {
        if (spec[i] != '%' || i + 1 >= n) {
            /* literal run */
            token *last = px->ntoks ? &px->toks[px->ntoks - 1] : NULL;
            if (!last || last->esc) {
                last = &px->toks[px->ntoks++];
                last->esc = 0;
                last->lit = px->lits + lp;
                last->lit_len = 0;
            }
            px->lits[lp++] = spec[i++];
            last->lit_len++;
            continue;
        }
        size_t j = i + 1;
        int sign = 1, pad = 0;
        if (spec[j] == '-') {
            sign = -1;
            j++;
        }
        while (j < n && spec[j] >= '0' && spec[j] <= '9') {
            if (pad < 10000)
                pad = pad * 10 + (spec[j] - '0');
            j++;
        }
        if (j >= n) {
            i = j;
            break;
        }
        char c = spec[j];
        if (c == '%') {
            token *last = px->ntoks ? &px->toks[px->ntoks - 1] : NULL;
            if (!last || last->esc) {
                last = &px->toks[px->ntoks++];
                last->esc = 0;
                last->lit = px->lits + lp;
                last->lit_len = 0;
            }
            px->lits[lp++] = '%';
            last->lit_len++;
        } else if (known_escape(c)) {
            token *t = &px->toks[px->ntoks++];
            t->esc = c;
            t->pad = pad * sign;
        }
        /* an unknown escape prints nothing */
        i = j + 1;
    }
    return px;
}

void dbl__prefix_free(dbl__prefix *px)
{
    if (!px)
        return;
    dbl_free(px->spec);
    dbl_free(px->lits);
    dbl_free(px->toks);
    dbl_free(px);
}

const char *dbl__prefix_spec(const dbl__prefix *px)
{
    return px->spec;
}

/* ---- matching ---- */

typedef struct mstate {
    const dbl__prefix *px;
    const char *line;
    size_t n;
    dbl__pfx_out *out;
    unsigned budget;  /* backtracking steps left */
    dbl__timecache *tc;
} mstate;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The message must follow: a severity keyword. */
static bool match_end(mstate *m, size_t pos)
{
    size_t msg;
    dbl__logsev sev = dbl__log_severity(m->line + pos, m->n - pos, &msg);
    if (sev == DBL__SEV_NONE)
        return false;
    m->out->sev = sev;
    m->out->msg = pos + msg;
    return true;
}

static void set_str(dbl__pfx_out *out, int f, const char *p, size_t len)
{
    while (len && p[0] == ' ') {
        p++;
        len--;
    }
    while (len && p[len - 1] == ' ')
        len--;
    if (!len || (len == 9 && memcmp(p, "[unknown]", 9) == 0)) {
        out->str[f] = NULL;
        out->len[f] = 0;
        return;
    }
    out->str[f] = p;
    out->len[f] = (uint32_t)len;
}

static bool match_from(mstate *m, uint32_t ti, size_t pos);

/* memmem for the short literals of a prefix (glibc's costs more to set up than to run). */
static const char *find_lit(const char *h, size_t n, const char *lit, size_t k)
{
    if (!k)
        return h;
    const char *e = h + n;
    while (h + k <= e) {
        const char *c = memchr(h, lit[0], (size_t)(e - h) - (k - 1));
        if (!c)
            return NULL;
        if (memcmp(c + 1, lit + 1, k - 1) == 0)
            return c;
        h = c + 1;
    }
    return NULL;
}

/* A free-text escape (%u %d %a %h %r %i %b) ends where the rest matches. */
static bool match_text(mstate *m, uint32_t ti, size_t pos, int field, bool spaces)
{
    const token *next = ti + 1 < m->px->ntoks ? &m->px->toks[ti + 1] : NULL;
    bool padded = m->px->toks[ti].pad != 0;
    const char *line = m->line;
    size_t n = m->n;
    size_t limit = n - pos > 1024 ? pos + 1024 : n;
    for (size_t e = pos; e <= limit;) {
        if (!m->budget--)
            return false;
        if (next && next->esc == 0) {
            /* jump to the next occurrence of the literal that follows */
            const char *hit = find_lit(line + e, n - e, next->lit, next->lit_len);
            if (!hit || (size_t)(hit - line) > limit)
                return false;
            e = (size_t)(hit - line);
        }
        /* values never hold a tab; names of users, databases and hosts no space */
        if (memchr(line + pos, '\t', e - pos) ||
            (!spaces && !padded && memchr(line + pos, ' ', e - pos)))
            return false;
        if (field >= 0)
            set_str(m->out, field, line + pos, e - pos);
        if (match_from(m, ti + 1, e))
            return true;
        e++;
    }
    return false;
}

static bool match_from(mstate *m, uint32_t ti, size_t pos)
{
    const dbl__prefix *px = m->px;
    const char *line = m->line;
    size_t n = m->n;
    for (; ti < px->ntoks; ti++) {
        const token *t = &px->toks[ti];
        if (t->esc == 0) {
            if (pos + t->lit_len > n || memcmp(line + pos, t->lit, t->lit_len) != 0)
                return false;
            pos += t->lit_len;
            continue;
        }
        /* padding to the right: leading spaces */
        if (t->pad > 0)
            while (pos < n && line[pos] == ' ')
                pos++;
        switch (t->esc) {
        case 'q':
            /* non-session processes stop printing here */
            if (match_end(m, pos))
                return true;
            continue;
        case 'u':
            return match_text(m, ti, pos, DBL__F_USER, false);
        case 'd':
            return match_text(m, ti, pos, DBL__F_DB, false);
        case 'a':
            return match_text(m, ti, pos, DBL__F_APP, true);
        case 'h':
        case 'r':
            return match_text(m, ti, pos, -1, false);
        case 'i':
        case 'b':
            return match_text(m, ti, pos, -1, true);
        case 'p':
        case 'P':
        case 'l':
        case 'x':
        case 'Q': {
            size_t s = pos;
            if (t->esc == 'Q' && pos < n && line[pos] == '-')
                pos++;
            int64_t v = 0;
            while (pos < n && is_digit(line[pos])) {
                if (v < INT32_MAX)
                    v = v * 10 + (line[pos] - '0');
                pos++;
            }
            if (pos == s && t->esc != 'P' && t->esc != 'x')
                return false;
            if (t->esc == 'p')
                m->out->pid = v > INT32_MAX ? INT32_MAX : (int32_t)v;
            break;
        }
        case 't':
        case 'm':
        case 's': {
            int64_t us;
            uint32_t res;
            size_t k = dbl__parse_pgtime_c(line + pos, n - pos, &us, &res, t->esc == 's' ? NULL : m->tc);
            if (!k)
                return false;
            if (t->esc != 's' && (m->out->time_us == DBL_LOG_NO_TIME || res < m->out->time_res_us)) {
                m->out->time_us = us;
                m->out->time_res_us = res;
            }
            pos += k;
            break;
        }
        case 'n': {
            int64_t us;
            uint32_t res;
            size_t k = dbl__parse_epoch(line + pos, n - pos, &us, &res);
            if (!k)
                return false;
            if (m->out->time_us == DBL_LOG_NO_TIME || res < m->out->time_res_us) {
                m->out->time_us = us;
                m->out->time_res_us = res;
            }
            pos += k;
            break;
        }
        case 'e': {
            size_t s = pos;
            while (pos < n && pos - s < 5 &&
                   (is_digit(line[pos]) || (line[pos] >= 'A' && line[pos] <= 'Z')))
                pos++;
            if (pos - s != 5)
                return false;
            break;
        }
        case 'c': {
            /* hex start time '.' hex pid */
            size_t s = pos;
            while (pos < n && strchr("0123456789abcdef", line[pos]) && line[pos])
                pos++;
            if (pos == s || pos >= n || line[pos] != '.')
                return false;
            pos++;
            size_t s2 = pos;
            while (pos < n && strchr("0123456789abcdef", line[pos]) && line[pos])
                pos++;
            if (pos == s2)
                return false;
            set_str(m->out, DBL__F_SESSION, line + s, pos - s);
            break;
        }
        case 'v': {
            /* "backendid/lxid", empty outside transactions' backends */
            size_t s = pos;
            while (pos < n && is_digit(line[pos]))
                pos++;
            if (pos > s) {
                if (pos >= n || line[pos] != '/')
                    return false;
                pos++;
                while (pos < n && is_digit(line[pos]))
                    pos++;
            }
            break;
        }
        default:
            break;
        }
        /* padding to the left: trailing spaces */
        if (t->pad < 0)
            while (pos < n && line[pos] == ' ')
                pos++;
    }
    return match_end(m, pos);
}

static void out_init(dbl__pfx_out *out)
{
    memset(out, 0, sizeof *out);
    out->time_us = DBL_LOG_NO_TIME;
    out->time_res_us = 0;
}

bool dbl__prefix_match(const dbl__prefix *px, const char *line, size_t n, dbl__pfx_out *out,
                       dbl__timecache *tc)
{
    out_init(out);
    mstate m = {px, line, n, out, 256, tc};
    if (match_from(&m, 0, 0))
        return true;
    return false;
}

/* ---- any prefix ---- */

/* Finds "key=" in p[0..n) at a word start and sets field f to its value (up to , or space). */
static void pick_pair(dbl__pfx_out *out, const char *p, size_t n, const char *key, int f)
{
    size_t kl = strlen(key);
    for (const char *h = p; (h = memmem(h, n - (size_t)(h - p), key, kl)) != NULL; h++) {
        if (h > p && h[-1] != ' ' && h[-1] != ',' && h[-1] != '[' && h[-1] != ':')
            continue;
        const char *v = h + kl, *e = v;
        while (e < p + n && *e != ',' && *e != ' ' && *e != ']')
            e++;
        set_str(out, f, v, (size_t)(e - v));
        return;
    }
}

bool dbl__prefix_match_any(const char *line, size_t n, dbl__pfx_out *out, dbl__timecache *tc)
{
    out_init(out);
    size_t limit = n > 2048 ? 2048 : n;
    size_t sev_at = SIZE_MAX;
    for (size_t i = 0; i + 2 < limit; i++) {
        const char *c = memchr(line + i, ':', limit - i);
        if (!c)
            break;
        i = (size_t)(c - line);
        if (i + 1 >= n || line[i + 1] != ' ')
            continue;
        /* the word before ':' */
        size_t w = i;
        while (w > 0 && line[w - 1] >= 'A' && line[w - 1] <= 'Z')
            w--;
        if (w < i && i - w <= 9 && (w == 0 || !((line[w - 1] >= 'a' && line[w - 1] <= 'z') ||
                                                 (line[w - 1] >= '0' && line[w - 1] <= '9')))) {
            size_t msg;
            dbl__logsev sev = dbl__log_severity(line + w, n - w, &msg);
            if (sev != DBL__SEV_NONE) {
                out->sev = sev;
                out->msg = w + msg;
                sev_at = w;
                break;
            }
        }
    }
    if (sev_at == SIZE_MAX)
        return false;
    const char *p = line;
    size_t pn = sev_at;
    /* a leading timestamp */
    int64_t us;
    uint32_t res;
    if (dbl__parse_pgtime_c(p, pn, &us, &res, tc) || dbl__parse_epoch(p, pn, &us, &res)) {
        out->time_us = us;
        out->time_res_us = res;
    }
    /* the first [digits] is the pid */
    for (const char *b = p; (b = memchr(b, '[', pn - (size_t)(b - p))) != NULL; b++) {
        const char *e = b + 1;
        int64_t v = 0;
        while (e < p + pn && is_digit(*e) && v < INT32_MAX)
            v = v * 10 + (*e++ - '0');
        if (e > b + 1 && e < p + pn && *e == ']') {
            out->pid = (int32_t)v;
            break;
        }
    }
    /* a %c session id: 8 hex digits of start time, '.', the pid in hex */
    for (size_t i = 0; i + 10 <= pn; i++) {
        if (p[i] != '.' || i < 8)
            continue;
        size_t s = i - 8, e = i + 1;
        bool ok = s == 0 || !(is_digit(p[s - 1]) || (p[s - 1] >= 'a' && p[s - 1] <= 'z'));
        for (size_t k = s; ok && k < i; k++)
            ok = is_digit(p[k]) || (p[k] >= 'a' && p[k] <= 'f');
        while (ok && e < pn && e - i <= 8 && (is_digit(p[e]) || (p[e] >= 'a' && p[e] <= 'f')))
            e++;
        if (!ok || e == i + 1 || e - i > 9 || (e < pn && (is_digit(p[e]) || (p[e] >= 'a' && p[e] <= 'z'))))
            continue;
        set_str(out, DBL__F_SESSION, p + s, e - s);
        break;
    }
    pick_pair(out, p, pn, "user=", DBL__F_USER);
    pick_pair(out, p, pn, "db=", DBL__F_DB);
    pick_pair(out, p, pn, "app=", DBL__F_APP);
    if (!out->str[DBL__F_USER] && pn > 1) {
        /* "user@db" as the last word (or ':'-separated field) before the severity */
        size_t e = pn;
        while (e > 0 && (p[e - 1] == ' ' || p[e - 1] == ':'))
            e--;
        size_t s = e;
        while (s > 0 && p[s - 1] != ' ' && p[s - 1] != ':' && p[s - 1] != ']')
            s--;
        const char *at = memchr(p + s, '@', e - s);
        if (at) {
            set_str(out, DBL__F_USER, p + s, (size_t)(at - (p + s)));
            set_str(out, DBL__F_DB, at + 1, (size_t)(p + e - at - 1));
        }
    }
    return true;
}

/* ---- syslog ---- */

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Reads "[seq-chunk] " or "[chunk] " at s; returns the text after it, or s when there is none. */
static const char *syslog_seq(const char *s, const char *e, uint64_t *seq, uint32_t *chunk, bool *has_seq)
{
    *seq = 0;
    *chunk = 1;
    *has_seq = false;
    if (s >= e || *s != '[')
        return s;
    const char *q = s + 1, *ds = q;
    uint64_t a = 0;
    while (q < e && is_digit(*q) && q - ds < 19)
        a = a * 10 + (uint64_t)(*q++ - '0');
    if (q == ds || q >= e)
        return s;
    if (*q == ']') {
        /* syslog_sequence_numbers = off: only split messages number their chunks */
        if (q + 1 < e && q[1] == ' ' && a >= 1 && a < 100000 &&
            (q + 2 >= e || a == 1 || q[2] == '\t' || q[2] == ' ' || (e - q >= 6 && memcmp(q + 2, "#011", 4) == 0))) {
            *chunk = (uint32_t)a;
            return q + 2;
        }
        return s;
    }
    if (*q != '-')
        return s;
    q++;
    const char *cs = q;
    uint32_t c = 0;
    while (q < e && is_digit(*q) && q - cs < 9)
        c = c * 10 + (uint32_t)(*q++ - '0');
    if (q == cs || q >= e || *q != ']')
        return s;
    q++;
    if (q < e && *q == ' ')
        q++;
    *seq = a;
    *chunk = c;
    *has_seq = true;
    return q;
}

static bool two_digits(const char *p, unsigned *v)
{
    if (!((p[0] == ' ' || is_digit(p[0])) && is_digit(p[1])))
        return false;
    *v = (unsigned)((p[0] == ' ' ? 0 : p[0] - '0') * 10 + p[1] - '0');
    return true;
}

/* The time at the start of a syslog line: ISO 8601 / RFC 3339, or BSD "Nov 23 23:01:23". */
static void syslog_time(const char *line, size_t n, dbl__syslog *out)
{
    int64_t us;
    uint32_t res;
    out->time_us = DBL_LOG_NO_TIME;
    out->time_res_us = 0;
    if (dbl__parse_pgtime(line, n, &us, &res)) {
        out->time_us = us;
        out->time_res_us = res;
        return;
    }
    if (n < 15 || line[3] != ' ' || line[6] != ' ' || line[9] != ':' || line[12] != ':')
        return;
    unsigned d, hh, mi, ss;
    if (!two_digits(line + 4, &d) || !two_digits(line + 7, &hh) || !two_digits(line + 10, &mi) ||
        !two_digits(line + 13, &ss) || d > 31 || hh > 23 || mi > 59 || ss > 60)
        return;
    for (unsigned m = 0; m < 12; m++)
        if (memcmp(line, months[m], 3) == 0) {
            /* no year: read as 1970 (the gaps between lines stay right) */
            int64_t days = dbl__days_from_civil(1970, m + 1, d ? d : 1);
            out->time_us = (days * 86400 + hh * 3600 + mi * 60 + ss) * 1000000;
            out->time_res_us = 1000000;
            return;
        }
}

/* RFC 5424: "<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG". */
static bool syslog_5424(const char *line, size_t n, dbl__syslog *out)
{
    const char *p = line, *e = line + n;
    if (p >= e || *p != '<')
        return false;
    p++;
    const char *ds = p;
    while (p < e && is_digit(*p) && p - ds < 3)
        p++;
    if (p == ds || e - p < 3 || p[0] != '>' || p[1] != '1' || p[2] != ' ')
        return false;
    p += 3;
    const char *ts = p;
    const char *f[5];
    size_t fl[5];
    for (int i = 0; i < 5; i++) {
        /* TIMESTAMP HOST APP PROCID MSGID */
        const char *sp = memchr(p, ' ', (size_t)(e - p));
        if (!sp)
            return false;
        f[i] = p;
        fl[i] = (size_t)(sp - p);
        p = sp + 1;
    }
    /* structured data: "-" or [..]... */
    if (p < e && *p == '-') {
        p++;
    } else {
        while (p < e && *p == '[') {
            const char *c = memchr(p, ']', (size_t)(e - p));
            if (!c)
                return false;
            p = c + 1;
        }
    }
    if (p < e && *p == ' ')
        p++;
    int64_t pid = 0;
    for (size_t i = 0; i < fl[3] && i < 10; i++) {
        if (!is_digit(f[3][i])) {
            pid = 0;
            break;
        }
        pid = pid * 10 + (f[3][i] - '0');
    }
    if (p < e && e - p >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3; /* the BOM of a UTF-8 MSG */
    bool has_seq;
    p = syslog_seq(p, e, &out->seq, &out->chunk, &has_seq);
    out->pid = pid > INT32_MAX ? 0 : (int32_t)pid;
    out->rest = (size_t)(p - line);
    syslog_time(ts, (size_t)(e - ts), out);
    return true;
}

bool dbl__syslog_match(const char *line, size_t n, dbl__syslog *out)
{
    if (n && line[0] == '<')
        return syslog_5424(line, n, out);
    /* "ident[pid]: " within the first few hundred bytes */
    size_t limit = n > 512 ? 512 : n;
    const char *p = line, *e = line + n;
    for (;;) {
        const char *h = find_lit(p, limit - (size_t)(p - line), "]: ", 3);
        if (!h)
            return false;
        /* digits before ']' back to '[' */
        const char *b = h;
        int64_t pid = 0, mul = 1;
        while (b > line && is_digit(b[-1]) && h - b < 10) {
            pid += (b[-1] - '0') * mul;
            mul *= 10;
            b--;
        }
        p = h + 1;
        /* "ident[pid]": the ident touches the bracket (pgBadger's "%t [%p]: [%l-1]" does not) */
        if (b == h || b - line < 2 || b[-1] != '[' || b[-2] == ' ' || b[-2] == '\t' || b[-2] == ']')
            continue;
        bool has_seq;
        const char *s = syslog_seq(h + 3, e, &out->seq, &out->chunk, &has_seq);
        out->pid = pid > INT32_MAX ? INT32_MAX : (int32_t)pid;
        out->rest = (size_t)(s - line);
        syslog_time(line, n, out);
        return true;
    }
}

/* ---- detection ---- */

/* Common settings, richest first (ties go to the earlier one). */
static const char *const common_prefixes[] = {
    "%m [%p] %q%u@%d ",                                    /* Debian/Ubuntu default */
    "%m [%p] %q%u@%d/%a ",
    "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",     /* pgBadger */
    "%m [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
    "%t [%p]: [%l-1] user=%u,db=%d ",
    "%m [%p]: [%l-1] user=%u,db=%d ",
    "%t [%p]: [%l-1] db=%d,user=%u,app=%a,client=%h ",
    "%m [%p]: [%l-1] db=%d,user=%u ",                      /* Cloud SQL */
    "%t [%p]: [%l-1] db=%d,user=%u ",
    "%t [%p]: user=%u,db=%d,app=%a,client=%h ",
    "%m [%p]: user=%u,db=%d,app=%a,client=%h ",
    "%t [%p]: [%l-1] ",
    "%m [%p]: [%l-1] ",
    "%t:%r:%u@%d:[%p]:",                                   /* RDS / Aurora */
    "%m:%r:%u@%d:[%p]:",
    "%t-%c-",                                              /* Azure */
    "%m-%c-",
    "%t [%p-%l] %q%u@%d ",                                 /* older Debian default */
    "%m [%p-%l] %q%u@%d ",
    "%m [%p] %q[%u@%d] ",
    "%m [%p] %u@%d ",
    "%m [%p] %q%u@%d %a ",
    "%m %u@%d [%p] ",
    "%t %u@%d [%p] ",
    "%m [%p] %q%a@%u@%d ",
    "%m [%p] ",                                            /* PostgreSQL default */
    "%t [%p] ",
    "%m [%p]: ",
    "%t [%p]: ",
    "%m %c %u %d ",
    "%m [%c] ",
    "%t [%c] ",
    "%n [%p] ",
    "%m ",
    "%t ",
    "[%p] ",
    "",
};

dbl__prefix *dbl__prefix_detect(const char *text, size_t len, bool syslog)
{
    enum { NCAND = sizeof common_prefixes / sizeof common_prefixes[0], MAXLINES = 400 };
    dbl__prefix *cand[NCAND];
    unsigned score[NCAND] = {0};
    for (size_t i = 0; i < NCAND; i++)
        cand[i] = dbl__prefix_compile(common_prefixes[i]);
    size_t pos = 0;
    unsigned lines = 0;
    while (pos < len && lines < MAXLINES) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *p = text + pos;
        size_t n = end - pos;
        pos = end + 1;
        if (!nl)
            break; /* a partial line says little */
        if (n && p[n - 1] == '\r')
            n--;
        if (syslog) {
            dbl__syslog sl;
            if (!dbl__syslog_match(p, n, &sl) || sl.chunk != 1)
                continue;
            p += sl.rest;
            n -= sl.rest;
        }
        if (!n || p[0] == '\t')
            continue;
        lines++;
        for (size_t i = 0; i < NCAND; i++) {
            dbl__pfx_out out;
            if (dbl__prefix_match(cand[i], p, n, &out, NULL))
                score[i]++;
        }
    }
    size_t best = 0;
    for (size_t i = 1; i < NCAND; i++)
        if (score[i] > score[best])
            best = i;
    dbl__prefix *r = NULL;
    if (score[best] > 0) {
        r = cand[best];
        cand[best] = NULL;
    }
    for (size_t i = 0; i < NCAND; i++)
        dbl__prefix_free(cand[i]);
    return r;
}
