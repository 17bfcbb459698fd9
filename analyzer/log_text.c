/* log_text.c - the log reader's text helpers: records, UTF-8 repair, severities, timestamps. */
#include <string.h>

#include "analyzer/log_int.h"

/* ---- records ---- */

void dbl__rec_reset(dbl__logrec *rec, dbl_buf *buf)
{
    memset(rec, 0, sizeof *rec);
    rec->buf = buf;
    buf->len = 0;
    for (int f = 0; f < DBL__F__COUNT; f++) {
        rec->off[f] = DBL__NO_FIELD;
        rec->len[f] = 0;
    }
    rec->time_us = DBL_LOG_NO_TIME;
    rec->sev = DBL__SEV_NONE;
    rec->open_field = -1;
}

void dbl__rec_close(dbl__logrec *rec)
{
    int f = rec->open_field;
    if (f < 0)
        return;
    rec->open_field = -1;
    if (rec->off[f] != DBL__NO_FIELD && rec->len[f] == UINT32_MAX) {
        rec->len[f] = (uint32_t)(rec->buf->len - rec->off[f]);
        dbl_buf_putc(rec->buf, '\0');
    }
}

void dbl__rec_open(dbl__logrec *rec, int f)
{
    dbl__rec_close(rec);
    if (rec->off[f] != DBL__NO_FIELD) {
        /* a second part of the same kind (two DETAIL lines): join with a newline */
        if (rec->off[f] + rec->len[f] + 1 == rec->buf->len) {
            rec->buf->len--; /* reopen: drop its NUL */
            dbl_buf_putc(rec->buf, '\n');
            rec->len[f] = UINT32_MAX;
            rec->open_field = f;
            return;
        }
    }
    if (rec->buf->len >= UINT32_MAX - 1)
        return;
    rec->off[f] = (uint32_t)rec->buf->len;
    rec->len[f] = UINT32_MAX;
    rec->open_field = f;
}

void dbl__rec_append(dbl__logrec *rec, const char *p, size_t n)
{
    if (rec->buf->len + n >= (size_t)UINT32_MAX - 16)
        return; /* a record over 4 GiB keeps its first 4 GiB */
    if (dbl__utf8_append(rec->buf, p, n))
        rec->not_utf8 = true;
}

void dbl__rec_set(dbl__logrec *rec, int f, const char *p, size_t n)
{
    dbl__rec_open(rec, f);
    dbl__rec_append(rec, p, n);
    dbl__rec_close(rec);
}

/* ---- UTF-8 ---- */

bool dbl__is_plain_ascii(const char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (((w - ones) | w) & highs) /* a zero byte or a byte >= 0x80 */
            return false;
    }
    for (; i < n; i++)
        if ((unsigned char)p[i] == 0 || (unsigned char)p[i] >= 0x80)
            return false;
    return true;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80)
        return c ? 1 : 0;
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool dbl__utf8_append(dbl_buf *b, const char *p, size_t n)
{
    if (dbl__is_plain_ascii(p, n)) {
        dbl_buf_append(b, p, n);
        return false;
    }
    bool bad = false;
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0, run = 0;
    while (i < n) {
        if (u[i] >= 0x01 && u[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq(u + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        dbl_buf_append(b, p + run, i - run);
        dbl_buf_append(b, "\xEF\xBF\xBD", 3);
        bad = true;
        i++;
        run = i;
    }
    dbl_buf_append(b, p + run, n - run);
    return bad;
}

/* ---- severities ---- */

dbl__logsev dbl__log_severity(const char *p, size_t n, size_t *msg)
{
    static const struct {
        const char *word;
        unsigned char len;
        dbl__logsev sev;
    } words[] = {
        {"LOG", 3, DBL__SEV_LOG},         {"ERROR", 5, DBL__SEV_ERROR},
        {"DETAIL", 6, DBL__SEV_DETAIL},   {"STATEMENT", 9, DBL__SEV_STATEMENT},
        {"HINT", 4, DBL__SEV_HINT},       {"CONTEXT", 7, DBL__SEV_CONTEXT},
        {"WARNING", 7, DBL__SEV_WARNING}, {"FATAL", 5, DBL__SEV_FATAL},
        {"NOTICE", 6, DBL__SEV_NOTICE},   {"INFO", 4, DBL__SEV_INFO},
        {"QUERY", 5, DBL__SEV_QUERY},     {"LOCATION", 8, DBL__SEV_LOCATION},
        {"PANIC", 5, DBL__SEV_PANIC},     {"DEBUG", 5, DBL__SEV_DEBUG},
        {"DEBUG1", 6, DBL__SEV_DEBUG},    {"DEBUG2", 6, DBL__SEV_DEBUG},
        {"DEBUG3", 6, DBL__SEV_DEBUG},    {"DEBUG4", 6, DBL__SEV_DEBUG},
        {"DEBUG5", 6, DBL__SEV_DEBUG},
    };
    if (n < 4 || p[0] < 'A' || p[0] > 'Z')
        return DBL__SEV_NONE;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t l = words[i].len;
        if (n > l && p[l] == ':' && memcmp(p, words[i].word, l) == 0) {
            size_t m = l + 1;
            if (m < n && p[m] == ' ')
                m++;
            else if (m < n)
                return DBL__SEV_NONE;
            if (m < n && p[m] == ' ')
                m++;
            *msg = m;
            return words[i].sev;
        }
    }
    return DBL__SEV_NONE;
}

/* ---- timestamps ---- */

int64_t dbl__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *p, size_t n, size_t at, size_t k, unsigned *out)
{
    if (at + k > n)
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned c = (unsigned char)p[at + i] - '0';
        if (c > 9)
            return false;
        v = v * 10 + c;
    }
    *out = v;
    return true;
}

/* Offsets in minutes east of UTC of the zone abbreviations seen in server logs. */
static bool zone_offset(const char *z, size_t n, int *minutes)
{
    static const struct {
        const char *name;
        int min;
    } zones[] = {
        {"UTC", 0},     {"GMT", 0},     {"Z", 0},       {"UCT", 0},     {"WET", 0},
        {"WEST", 60},   {"BST", 60},    {"IST", 330},    {"CET", 60},    {"CEST", 120},
        {"MET", 60},    {"MEST", 120},  {"EET", 120},   {"EEST", 180},  {"MSK", 180},
        {"EST", -300},  {"EDT", -240},  {"CST", -360},  {"CDT", -300},  {"MST", -420},
        {"MDT", -360},  {"PST", -480},  {"PDT", -420},  {"AKST", -540}, {"AKDT", -480},
        {"HST", -600},  {"JST", 540},   {"KST", 540},   {"AEST", 600},  {"AEDT", 660},
        {"ACST", 570},  {"AWST", 480},  {"NZST", 720},  {"NZDT", 780},  {"SGT", 480},
        {"HKT", 480},   {"WIB", 420},   {"BRT", -180},  {"ART", -180},
    };
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strlen(zones[i].name) == n && memcmp(zones[i].name, z, n) == 0) {
            *minutes = zones[i].min;
            return true;
        }
    return false;
}

size_t dbl__parse_pgtime(const char *p, size_t n, int64_t *us, uint32_t *res)
{
    return dbl__parse_pgtime_c(p, n, us, res, NULL);
}

size_t dbl__parse_pgtime_c(const char *p, size_t n, int64_t *us, uint32_t *res, dbl__timecache *tc)
{
    unsigned y, mo, d, h, mi, s;
    int64_t base;
    if (tc && tc->valid && n >= 19 && memcmp(p, tc->key, 16) == 0) {
        if (p[16] != ':' || !digits(p, n, 17, 2, &s) || s > 60)
            return 0;
        base = tc->base_secs;
    } else {
        if (!digits(p, n, 0, 4, &y) || n < 19 || p[4] != '-' || !digits(p, n, 5, 2, &mo) || p[7] != '-' ||
            !digits(p, n, 8, 2, &d) || (p[10] != ' ' && p[10] != 'T') || !digits(p, n, 11, 2, &h) ||
            p[13] != ':' || !digits(p, n, 14, 2, &mi) || p[16] != ':' || !digits(p, n, 17, 2, &s))
            return 0;
        if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60)
            return 0;
        base = dbl__days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
        if (tc) {
            memcpy(tc->key, p, 16);
            tc->base_secs = base;
            tc->valid = true;
        }
    }
    size_t i = 19;
    int64_t frac = 0;
    uint32_t r = 1000000;
    if (i < n && p[i] == '.') {
        i++;
        size_t k = 0;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
            if (k < 6) {
                frac = frac * 10 + (p[i] - '0');
                r /= 10;
            }
            k++;
            i++;
        }
        if (!k)
            return 0;
        frac *= r;
    }
    int off = 0;
    /* the zone: " UTC", " +03", " -0530", or ISO "Z" / "+00:00" right after */
    size_t z = i;
    if (z < n && p[z] == ' ')
        z++;
    if (z < n && (p[z] == '+' || p[z] == '-')) {
        unsigned zh, zm = 0;
        if (digits(p, n, z + 1, 2, &zh)) {
            size_t e = z + 3;
            if (e < n && p[e] == ':' && digits(p, n, e + 1, 2, &zm))
                e += 3;
            else if (digits(p, n, e, 2, &zm))
                e += 2;
            off = (int)(zh * 60 + zm) * (p[z] == '-' ? -1 : 1);
            i = e;
        }
    } else if (z < n && ((p[z] >= 'A' && p[z] <= 'Z') || (p[z] >= 'a' && p[z] <= 'z'))) {
        size_t e = z;
        while (e < n && e - z < 8 && ((p[e] >= 'A' && p[e] <= 'Z') || (p[e] >= 'a' && p[e] <= 'z')))
            e++;
        if (e - z < 8 || e == n) {
            int m = 0;
            if (e - z != 3 || memcmp(p + z, "UTC", 3) != 0)
                zone_offset(p + z, e - z, &m);
            off = m;
            i = e;
            /* POSIX-style zones such as "<+03>" never reach the log; "EST5EDT" prints as EST */
        }
    }
    int64_t secs = base + s - (int64_t)off * 60;
    *us = secs * 1000000 + frac;
    *res = r;
    return i;
}

size_t dbl__parse_epoch(const char *p, size_t n, int64_t *us, uint32_t *res)
{
    size_t i = 0;
    int64_t secs = 0;
    while (i < n && i < 12 && p[i] >= '0' && p[i] <= '9')
        secs = secs * 10 + (p[i++] - '0');
    if (i < 9)
        return 0;
    int64_t frac = 0;
    uint32_t r = 1000000;
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
            if (r > 1) {
                frac = frac * 10 + (p[i] - '0');
                r /= 10;
            }
            i++;
        }
        frac *= r;
    }
    *us = secs * 1000000 + frac;
    *res = r;
    return i;
}
