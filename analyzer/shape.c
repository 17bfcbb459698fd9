/* shape.c - query shapes and the cache in front of the parser (see shape.h). */
#include "analyzer/shape.h"

#include <ctype.h>
#include <pg_query.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lint/hmap.h"

/* Cache keys kept before the key table starts over (shapes are kept). */
static const size_t S_MAX_KEY_BYTES = 64u << 20;

typedef struct {
    dbl_shape *shape;
    bool batch;
    bool consts_ok;   /* this text's k-th constant is the shape's $(base + k) */
} S_entry;

/* Where the constants of the statement being looked up are. */
typedef struct {
    uint32_t start[DBL_SHAPE_MAX_CONSTS], end[DBL_SHAPE_MAX_CONSTS];
    uint32_t n;           /* constants found (may exceed the array) */
    unsigned max_param;   /* the highest $n the text already has */
} S_consts;

struct dbl_shapes {
    bool cache;
    dbl_arena *arena;         /* shapes and their strings */
    dbl_arena *keys;          /* cache keys and entries */
    size_t key_bytes;
    dbl_hmap by_key;          /* key -> S_entry */
    dbl_hmap by_fingerprint;  /* hex fingerprint -> dbl_shape */
    DBL_ARRAY(dbl_shape *) shapes;
    uint64_t parses;
    dbl_buf key, norm;
};

/* ---- the cheap scan ------------------------------------------------------ */

static inline bool S_ident(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static inline uint64_t S_fnv(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* End of the string or identifier whose opening quote is text[q] (doubled quotes stay
 * inside; with backslashes, as in E'...', a backslash escapes the next byte); len if
 * it never closes. */
static uint32_t S_quote_end(const char *t, uint32_t len, uint32_t q, bool backslashes)
{
    char quote = t[q];
    uint32_t j = q + 1;
    while (j < len) {
        if (backslashes && t[j] == '\\' && j + 1 < len) {
            j += 2;
        } else if (t[j] == quote) {
            if (j + 1 < len && t[j + 1] == quote)
                j += 2;
            else
                return j + 1;
        } else {
            j++;
        }
    }
    return len;
}

/* If a constant starts at text[i], returns its end; else 0. */
static uint32_t S_literal_end(const char *t, uint32_t len, uint32_t i)
{
    unsigned char c = (unsigned char)t[i];
    bool after_ident = i > 0 && S_ident((unsigned char)t[i - 1]);
    uint32_t q = UINT32_MAX; /* the opening quote of a string */
    bool backslashes = false;
    if (c == '\'') {
        q = i;
    } else if (!after_ident && i + 1 < len && t[i + 1] == '\'' && strchr("EeBbXxNn", c)) {
        q = i + 1;
        backslashes = c == 'E' || c == 'e';
    } else if (!after_ident && (c == 'U' || c == 'u') && i + 2 < len && t[i + 1] == '&' && t[i + 2] == '\'') {
        q = i + 2;
    }
    if (q != UINT32_MAX)
        return S_quote_end(t, len, q, backslashes);
    if (c == '$' && !after_ident && i + 1 < len && !isdigit((unsigned char)t[i + 1])) {
        /* a dollar quote: $$...$$ or $tag$...$tag$ */
        uint32_t j = i + 1;
        while (j < len && (isalnum((unsigned char)t[j]) || t[j] == '_' || (unsigned char)t[j] >= 0x80))
            j++;
        if (j >= len || t[j] != '$' || (j > i + 1 && isdigit((unsigned char)t[i + 1])))
            return 0;
        uint32_t tag = j + 1 - i;
        for (uint32_t k = j + 1; k + tag <= len; k++) {
            if (t[k] == '$' && memcmp(t + k, t + i, tag) == 0)
                return k + tag;
        }
        return len;
    }
    bool digit = isdigit(c) || (c == '.' && i + 1 < len && isdigit((unsigned char)t[i + 1]));
    if (digit && !after_ident) {
        uint32_t j = i;
        while (j < len && (isdigit((unsigned char)t[j]) || t[j] == '.' || t[j] == '_'))
            j++;
        if (j < len && (t[j] == 'e' || t[j] == 'E')) {
            uint32_t k = j + 1;
            if (k < len && (t[k] == '+' || t[k] == '-'))
                k++;
            if (k < len && isdigit((unsigned char)t[k])) {
                j = k;
                while (j < len && isdigit((unsigned char)t[j]))
                    j++;
            }
        }
        return j;
    }
    return 0;
}

/* If a comment starts at text[i], returns its end; else 0. */
static uint32_t S_comment_end(const char *t, uint32_t len, uint32_t i)
{
    if (t[i] == '-' && i + 1 < len && t[i + 1] == '-') {
        const char *nl = memchr(t + i, '\n', len - i);
        return nl ? (uint32_t)(nl - t) : len;
    }
    if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
        uint32_t j = i + 2, depth = 1;
        while (j < len && depth) {
            if (t[j] == '*' && j + 1 < len && t[j + 1] == '/') {
                depth--;
                j += 2;
            } else if (t[j] == '/' && j + 1 < len && t[j + 1] == '*') {
                depth++;
                j += 2;
            } else {
                j++;
            }
        }
        return j;
    }
    return 0;
}

/* End of a quoted identifier starting at text[i]. */
static uint32_t S_quoted_end(const char *t, uint32_t len, uint32_t i)
{
    return S_quote_end(t, len, i, false);
}

static void S_key(const char *t, uint32_t len, dbl_buf *key, uint64_t *values, S_consts *cs);

void dbl_shape_key(const char *t, uint32_t len, dbl_buf *key, uint64_t *values)
{
    S_key(t, len, key, values, NULL);
}

static void S_key(const char *t, uint32_t len, dbl_buf *key, uint64_t *values, S_consts *cs)
{
    if (cs)
        memset(cs, 0, sizeof *cs);
    uint64_t vh = 1469598103934665603ull;
    if (key->cap < key->len + len + 2) {
        key->cap = key->len + len + 2;
        key->data = dbl_realloc(key->data, key->cap);
    }
    char *out = key->data + key->len;
    char *o = out;
    bool space = false;
    uint32_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0) {
            space = o != out;
            i++;
            continue;
        }
        uint32_t e;
        if ((c == '-' || c == '/') && (e = S_comment_end(t, len, i)) != 0) {
            space = o != out;
            i = e;
            continue;
        }
        if (space) {
            *o++ = ' ';
            space = false;
        }
        if (S_ident(c) && c != '$' && !isdigit(c)) {
            /* a word, unless it is a string prefix (E'...', B'...', U&'...') */
            if (!((i + 1 < len && t[i + 1] == '\'') || (i + 1 < len && t[i + 1] == '&')) ||
                (i > 0 && S_ident((unsigned char)t[i - 1]))) {
                uint32_t j = i;
                while (j < len && S_ident((unsigned char)t[j]))
                    j++;
                memcpy(o, t + i, j - i);
                o += j - i;
                i = j;
                continue;
            }
        }
        if (c == '"') {
            e = S_quoted_end(t, len, i);
            memcpy(o, t + i, e - i);
            o += e - i;
            i = e;
            continue;
        }
        if ((e = S_literal_end(t, len, i)) != 0) {
            vh = S_fnv(vh, t + i, e - i);
            vh = S_fnv(vh, "\x1f", 1);
            if (cs) {
                if (cs->n < DBL_SHAPE_MAX_CONSTS) {
                    cs->start[cs->n] = i;
                    cs->end[cs->n] = e;
                }
                cs->n++;
            }
            *o++ = '?';
            i = e;
            continue;
        }
        if (c == '$') {
            /* a parameter $n, or a stray dollar */
            uint32_t j = i + 1;
            unsigned v = 0;
            while (j < len && isdigit((unsigned char)t[j])) {
                v = v < 100000 ? v * 10 + (unsigned)(t[j] - '0') : v;
                j++;
            }
            if (cs && v > cs->max_param)
                cs->max_param = v;
            memcpy(o, t + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        if (S_ident(c)) {
            /* digits inside a word were consumed above; this is a word after digits */
            uint32_t j = i;
            while (j < len && S_ident((unsigned char)t[j]))
                j++;
            memcpy(o, t + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        *o++ = (char)c;
        i++;
    }
    /* a trailing ';' does not make another shape */
    while (o > out && (o[-1] == ';' || o[-1] == ' '))
        o--;
    key->len += (size_t)(o - out);
    key->data[key->len] = '\0';
    *values = vh;
}

void dbl_shape_normalize(const char *t, uint32_t len, dbl_buf *out)
{
    unsigned max_param = 0;
    for (int pass = 0; pass < 2; pass++) {
        unsigned next = max_param;
        uint32_t i = 0;
        while (i < len) {
            unsigned char c = (unsigned char)t[i];
            uint32_t e;
            if ((c == '-' || c == '/') && (e = S_comment_end(t, len, i)) != 0) {
                if (pass)
                    dbl_buf_append(out, t + i, e - i);
                i = e;
                continue;
            }
            if (c == '"') {
                e = S_quoted_end(t, len, i);
                if (pass)
                    dbl_buf_append(out, t + i, e - i);
                i = e;
                continue;
            }
            if ((e = S_literal_end(t, len, i)) != 0) {
                if (pass)
                    dbl_buf_printf(out, "$%u", ++next);
                i = e;
                continue;
            }
            if (c == '$' && i + 1 < len && isdigit((unsigned char)t[i + 1])) {
                uint32_t j = i + 1;
                unsigned v = 0;
                while (j < len && isdigit((unsigned char)t[j])) {
                    v = v < 100000 ? v * 10 + (unsigned)(t[j] - '0') : v;
                    j++;
                }
                if (!pass && v > max_param)
                    max_param = v;
                if (pass)
                    dbl_buf_append(out, t + i, j - i);
                i = j;
                continue;
            }
            if (S_ident(c)) {
                uint32_t j = i;
                while (j < len && S_ident((unsigned char)t[j]))
                    j++;
                if (pass)
                    dbl_buf_append(out, t + i, j - i);
                i = j;
                continue;
            }
            if (pass)
                dbl_buf_putc(out, c ? (char)c : ' ');
            i++;
        }
    }
}

/* ---- constants ----------------------------------------------------------- */

const char *dbl_shape_fixed_value(const dbl_shape *s, int n)
{
    if (n < 1 || n > DBL_SHAPE_MAX_CONSTS)
        return NULL;
    const dbl_shape_const *c = &s->consts[n - 1];
    return c->seen && !c->varies ? c->value : NULL;
}

/* Records that $n of shape s had the value v (n bytes, already unquoted). */
static void S_note(dbl_shapes *t, dbl_shape *s, unsigned n, const char *v, size_t len)
{
    if (n < 1 || n > DBL_SHAPE_MAX_CONSTS)
        return;
    dbl_shape_const *c = &s->consts[n - 1];
    uint64_t h = S_fnv(1469598103934665603ull, v, len);
    if (!c->seen) {
        c->seen = true;
        c->hash = h;
        c->value = dbl_arena_strndup(t->arena, v, len > 200 ? 200 : len);
    } else if (c->hash != h) {
        c->varies = true;
    }
}

/* The contents of a constant: a string without its quotes (and '' as '), a number as written. */
static size_t S_unquote(const char *p, size_t n, dbl_buf *out)
{
    out->len = 0;
    size_t q = 0;
    while (q < n && p[q] != '\'' && p[q] != '$' && q < 3 && isalpha((unsigned char)p[q]))
        q++;
    if (q < n && p[q] == '&')
        q++;
    if (q < n && p[q] == '\'' && n >= q + 2 && p[n - 1] == '\'') {
        for (size_t i = q + 1; i < n - 1; i++) {
            dbl_buf_putc(out, p[i]);
            if (p[i] == '\'' && i + 1 < n - 1 && p[i + 1] == '\'')
                i++;
        }
    } else {
        dbl_buf_append(out, p, n);
    }
    dbl_buf_str(out);
    return out->len;
}

static void S_track_literals(dbl_shapes *t, dbl_shape *s, const char *text, const S_consts *cs)
{
    uint32_t n = cs->n < DBL_SHAPE_MAX_CONSTS ? cs->n : DBL_SHAPE_MAX_CONSTS;
    for (uint32_t k = 0; k < n; k++) {
        size_t len = S_unquote(text + cs->start[k], cs->end[k] - cs->start[k], &t->norm);
        S_note(t, s, cs->max_param + k + 1, t->norm.data ? t->norm.data : "", len);
    }
}

/* Bind parameters as PostgreSQL logs them: $1 = '42', $2 = NULL, $3 = 'it''s'. */
static void S_track_params(dbl_shapes *t, dbl_shape *s, const char *p)
{
    while ((p = strchr(p, '$')) != NULL) {
        unsigned n = 0;
        p++;
        while (isdigit((unsigned char)*p))
            n = n < 100000 ? n * 10 + (unsigned)(*p++ - '0') : n;
        if (strncmp(p, " = ", 3) != 0)
            continue;
        p += 3;
        if (strncmp(p, "NULL", 4) == 0) {
            S_note(t, s, n, "NULL", 4);
            p += 4;
            continue;
        }
        if (*p != '\'')
            continue;
        const char *e = p + 1;
        while (*e && !(*e == '\'' && e[1] != '\''))
            e += *e == '\'' ? 2 : 1;
        if (!*e)
            return;
        size_t len = S_unquote(p, (size_t)(e + 1 - p), &t->norm);
        S_note(t, s, n, t->norm.data ? t->norm.data : "", len);
        p = e + 1;
    }
}

/* Does normalizing this text number its constants after its own $n, one each, as
 * the cheap scan counts them? (Then the scan's k-th constant is the shape's $n.) */
static bool S_consts_match(const char *normalized, unsigned max_param, uint32_t n_consts)
{
    unsigned max = 0;
    for (const char *p = strchr(normalized, '$'); p; p = strchr(p + 1, '$')) {
        unsigned v = 0;
        const char *d = p + 1;
        while (isdigit((unsigned char)*d))
            v = v < 100000 ? v * 10 + (unsigned)(*d++ - '0') : v;
        if (v > max)
            max = v;
    }
    return n_consts == 0 ? true : max == max_param + n_consts;
}

/* ---- the table ----------------------------------------------------------- */

dbl_shapes *dbl_shapes_new(bool cache)
{
    dbl_shapes *t = dbl_calloc(1, sizeof *t);
    t->cache = cache;
    t->arena = dbl_arena_new();
    t->keys = dbl_arena_new();
    return t;
}

void dbl_shapes_free(dbl_shapes *t)
{
    if (!t)
        return;
    dbl_hmap_free(&t->by_key);
    dbl_hmap_free(&t->by_fingerprint);
    dbl_array_free(&t->shapes);
    dbl_buf_free(&t->key);
    dbl_buf_free(&t->norm);
    dbl_arena_free(t->keys);
    dbl_arena_free(t->arena);
    dbl_free(t);
}

uint32_t dbl_shapes_count(const dbl_shapes *t)
{
    return t->shapes.size;
}

dbl_shape *dbl_shapes_get(const dbl_shapes *t, uint32_t id)
{
    return *dbl_array_get(&t->shapes, id);
}

uint64_t dbl_shapes_parses(const dbl_shapes *t)
{
    return t->parses;
}

/* Strips trailing white space and one or more ';' (psql sends them; pg_stat_statements drops them). */
static uint32_t S_trim(const char *text, uint32_t len)
{
    while (len && (isspace((unsigned char)text[len - 1]) || text[len - 1] == ';'))
        len--;
    return len;
}

/* The query of "PREPARE name [(types)] AS query" (the text itself if it is not one). */
static const char *S_prepared_query(const char *p)
{
    const char *s = p;
    while (isspace((unsigned char)*s))
        s++;
    if (strncasecmp(s, "prepare", 7) != 0 || S_ident((unsigned char)s[7]))
        return p;
    int depth = 0;
    for (const char *c = s + 7; *c; c++) {
        if (*c == '(')
            depth++;
        else if (*c == ')')
            depth--;
        else if (*c == '"') {
            c = strchr(c + 1, '"');
            if (!c)
                return p;
        } else if (depth == 0 && (c[0] == 'A' || c[0] == 'a') && (c[1] == 'S' || c[1] == 's') &&
                   isspace((unsigned char)c[-1]) && !S_ident((unsigned char)c[2])) {
            c += 2;
            while (isspace((unsigned char)*c))
                c++;
            return c;
        }
    }
    return p;
}

/* The shape for a statement the cache has not seen: parse, fingerprint, normalize. */
static S_entry S_resolve(dbl_shapes *t, const char *text, uint32_t len, const char *prepared, const S_consts *cs)
{
    S_entry e = {0};
    len = S_trim(text, len);
    char *sql = dbl_strndup(text, len);
    t->parses++;
    PgQueryFingerprintResult fr = pg_query_fingerprint(sql);
    char hex[17];
    bool parsed = !fr.error;
    uint64_t fp;
    if (parsed) {
        fp = fr.fingerprint;
    } else {
        t->norm.len = 0;
        uint64_t ignored;
        dbl_shape_key(sql, len, &t->norm, &ignored);
        fp = dbl_hash_str(dbl_buf_str(&t->norm));
    }
    pg_query_free_fingerprint_result(fr);
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fp);

    dbl_arena *scratch = dbl_arena_new();
    dbl_qinfo here = parsed ? dbl_qfront_describe(scratch, sql) : (dbl_qinfo){0};
    e.batch = here.multi_row;
    /* libpg_query gives a multi-row VALUES list the fingerprint of one row: a batch is
     * a shape of its own, so a loop of single-row INSERTs is never shown as the batch */
    char shape_key[24];
    snprintf(shape_key, sizeof shape_key, "%s%s", hex, here.multi_row ? "+rows" : "");
    dbl_shape *s = dbl_hmap_get(&t->by_fingerprint, shape_key);
    bool fresh = !s;
    if (s && parsed && cs->n && here.kind != DBL_Q_EXECUTE) {
        /* another text of a known shape (an IN list of another length): its own numbering */
        PgQueryNormalizeResult nr = pg_query_normalize(sql);
        e.consts_ok = !nr.error && S_consts_match(nr.normalized_query, cs->max_param, cs->n) &&
                      S_consts_match(s->query, cs->max_param, cs->n);
        pg_query_free_normalize_result(nr);
    } else if (s) {
        e.consts_ok = here.kind == DBL_Q_EXECUTE || !cs->n;
    }
    if (!s) {
        s = dbl_arena_alloc(t->arena, sizeof *s);
        s->id = t->shapes.size;
        s->fingerprint = fp;
        memcpy(s->fingerprint_hex, hex, sizeof hex);
        s->parsed = parsed;
        bool own_normalize = !parsed || here.kind == DBL_Q_EXECUTE;
        if (!own_normalize) {
            PgQueryNormalizeResult nr = pg_query_normalize(sql);
            if (nr.error)
                own_normalize = true;
            else
                s->query = dbl_arena_strdup(t->arena, nr.normalized_query);
            pg_query_free_normalize_result(nr);
        }
        if (own_normalize) {
            t->norm.len = 0;
            dbl_shape_normalize(sql, len, &t->norm);
            s->query = dbl_arena_strdup(t->arena, dbl_buf_str(&t->norm));
        }
        const char *described = s->query;
        if (prepared) {
            prepared = S_prepared_query(prepared);
            uint32_t plen = S_trim(prepared, (uint32_t)strlen(prepared));
            char *p = dbl_strndup(prepared, plen);
            PgQueryNormalizeResult nr = pg_query_normalize(p);
            s->prepared = dbl_arena_strdup(t->arena, nr.error ? p : nr.normalized_query);
            pg_query_free_normalize_result(nr);
            dbl_free(p);
            described = s->prepared;
        }
        s->info = dbl_qfront_describe(t->arena, described);
        if (prepared || here.kind == DBL_Q_EXECUTE)
            s->info.returns_rows = s->info.returns_rows || here.kind == DBL_Q_EXECUTE;
        dbl_array_push(&t->shapes, s);
        dbl_hmap_put(&t->by_fingerprint, dbl_arena_strdup(t->arena, shape_key), s);
    }
    dbl_arena_free(scratch);
    dbl_free(sql);
    if (fresh)
        e.consts_ok = !s->parsed || here.kind == DBL_Q_EXECUTE || S_consts_match(s->query, cs->max_param, cs->n);
    e.shape = s;
    return e;
}

dbl_shape *dbl_shapes_lookup(dbl_shapes *t, const char *text, uint32_t len, const char *prepared,
                             const char *params, uint64_t *values, bool *batch)
{
    t->key.len = 0;
    uint64_t vh;
    S_consts cs;
    S_key(text, len, &t->key, &vh, &cs);
    if (params)
        vh = S_fnv(vh, params, strlen(params));
    *values = vh;
    S_entry e;
    if (!t->cache) {
        e = S_resolve(t, text, len, prepared, &cs);
    } else {
        const char *key = dbl_buf_str(&t->key);
        S_entry *hit = dbl_hmap_get(&t->by_key, key);
        if (hit) {
            e = *hit;
        } else {
            size_t klen = t->key.len;
            if (t->key_bytes + klen > S_MAX_KEY_BYTES) {
                dbl_hmap_free(&t->by_key);
                t->by_key = (dbl_hmap){0};
                dbl_arena_free(t->keys);
                t->keys = dbl_arena_new();
                t->key_bytes = 0;
            }
            char *kcopy = dbl_arena_strndup(t->keys, key, klen);
            e = S_resolve(t, text, len, prepared, &cs);
            S_entry *stored = dbl_arena_alloc(t->keys, sizeof *stored);
            *stored = e;
            dbl_hmap_put(&t->by_key, kcopy, stored);
            t->key_bytes += klen + sizeof *stored + 16;
        }
    }
    *batch = e.batch;
    if (e.consts_ok)
        S_track_literals(t, e.shape, text, &cs);
    if (params)
        S_track_params(t, e.shape, params);
    return e.shape;
}
