/* config.c - reads .dbl.json with jansson, and says where each value came from. */
#include "lint/config.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/rule.h"

void dbl_error_clear(dbl_error *e)
{
    if (!e)
        return;
    dbl_free(e->message);
    e->message = NULL;
}

void dbl_error_set(dbl_error *e, const char *fmt, ...)
{
    if (!e)
        return;
    dbl_error_clear(e);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    e->message = dbl_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(e->message, (size_t)n + 1, fmt, ap);
    va_end(ap);
}

void dbl_config_init(dbl_config *c)
{
    memset(c, 0, sizeof *c);
    c->arena = dbl_arena_new();
    c->fail_on = DBL_SEV_WARNING;
}

void dbl_config_free(dbl_config *c)
{
    dbl_arena_free(c->arena);
    dbl_array_free(&c->rules);
    dbl_array_free(&c->money_words);
    dbl_array_free(&c->money_extra_words);
    dbl_array_free(&c->money_exclude_words);
    dbl_array_free(&c->exclude);
    dbl_array_free(&c->search_path);
    dbl_array_free(&c->context);
    dbl_array_free(&c->origins);
}

dbl_severity dbl_config_severity(const dbl_config *c, const char *rule, dbl_severity dflt)
{
    for (uint32_t i = c->rules.size; i-- > 0;)
        if (strcmp(c->rules.items[i].rule, rule) == 0)
            return c->rules.items[i].severity;
    return dflt;
}

void dbl_config_set_origin(dbl_config *c, const char *key, const char *where)
{
    dbl_array_push(&c->origins, ((dbl_config_origin){dbl_arena_strdup(c->arena, key),
                                                      dbl_arena_strdup(c->arena, where)}));
}

const char *dbl_config_origin_of(const dbl_config *c, const char *key)
{
    for (uint32_t i = c->origins.size; i-- > 0;)
        if (strcmp(c->origins.items[i].key, key) == 0)
            return c->origins.items[i].where;
    return "default";
}

/* ---- did you mean ------------------------------------------------------------------ */

/* Optimal string alignment distance (an adjacent swap costs one); words longer than 63 bytes are far from everything. */
static unsigned S_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 255;
    unsigned d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

const char *dbl_suggest(const char *word, const char *const *candidates, uint32_t n)
{
    const char *best = NULL;
    unsigned best_d = 0;
    size_t len = strlen(word);
    unsigned limit = len < 4 ? 1 : len < 9 ? 2 : 3;
    for (uint32_t i = 0; i < n; i++) {
        unsigned d = S_distance(word, candidates[i]);
        if (len >= 3 && strncmp(candidates[i], word, len) == 0)
            d = 1; /* a prefix: "warn" for "warning" */
        if (d <= limit && (!best || d < best_d)) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

/* ---- where each key is written -------------------------------------------------------- */

typedef struct {
    const char *path;       /* "money.words", "exclude[1]" */
    uint32_t line, col;     /* 1-based; the column counts characters */
} S_keypos;

typedef struct {
    const char *p, *end, *line_start;
    uint32_t line;
    dbl_arena *arena;
    DBL_ARRAY(S_keypos) keys;
} S_scan;

static void S_ws(S_scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n')) {
        if (*s->p == '\n') {
            s->line++;
            s->line_start = s->p + 1;
        }
        s->p++;
    }
}

static void S_mark(S_scan *s, const char *path)
{
    uint32_t col = 1;
    for (const char *q = s->line_start; q < s->p; q++)
        col += ((unsigned char)*q & 0xC0) != 0x80;
    dbl_array_push(&s->keys, ((S_keypos){path, s->line, col}));
}

/* Skips a string at s->p; returns its raw text (escapes kept) in the arena. */
static const char *S_string(S_scan *s)
{
    const char *from = ++s->p;
    while (s->p < s->end && *s->p != '"')
        s->p += *s->p == '\\' && s->p + 1 < s->end ? 2 : 1;
    const char *r = dbl_arena_strndup(s->arena, from, (size_t)(s->p - from));
    if (s->p < s->end)
        s->p++;
    return r;
}

/* Records the position of every member key and array element below path.
 * The text is valid JSON: jansson has read it. */
static void S_value(S_scan *s, const char *path, int depth)
{
    S_ws(s);
    if (s->p >= s->end || depth > 64)
        return;
    if (*s->p == '{' || *s->p == '[') {
        bool obj = *s->p == '{';
        char close = obj ? '}' : ']';
        s->p++;
        for (uint32_t i = 0;; i++) {
            S_ws(s);
            if (s->p >= s->end || *s->p == close) {
                s->p += s->p < s->end;
                return;
            }
            if (*s->p == ',') {
                s->p++;
                S_ws(s);
            }
            const char *sub;
            if (obj) {
                size_t at = s->keys.size;
                S_mark(s, "");
                const char *key = S_string(s);
                sub = *path ? dbl_arena_printf(s->arena, "%s.%s", path, key) : key;
                s->keys.items[at].path = sub;
                S_ws(s);
                s->p += s->p < s->end && *s->p == ':';
            } else {
                sub = dbl_arena_printf(s->arena, "%s[%u]", path, i);
                S_mark(s, sub);
            }
            S_value(s, sub, depth + 1);
        }
    }
    if (*s->p == '"') {
        S_string(s);
        return;
    }
    while (s->p < s->end && !strchr(",}] \t\r\n", *s->p))
        s->p++;
}

/* ---- loading ------------------------------------------------------------------------------- */

typedef struct {
    dbl_config *c;
    const char *path;
    S_scan scan;
    dbl_error *err;
} S_load;

static const S_keypos *S_find(const S_load *l, const char *key)
{
    for (uint32_t i = 0; i < l->scan.keys.size; i++)
        if (strcmp(l->scan.keys.items[i].path, key) == 0)
            return &l->scan.keys.items[i];
    return NULL;
}

/* Fails the load: "FILE:LINE:COL: "key": message". */
static bool S_fail(S_load *l, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool S_fail(S_load *l, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = dbl_arena_vprintf(l->c->arena, fmt, ap);
    va_end(ap);
    const S_keypos *at = S_find(l, key);
    if (at)
        dbl_error_set(l->err, "%s:%u:%u: \"%s\": %s", l->path, at->line, at->col, key, msg);
    else
        dbl_error_set(l->err, "%s: \"%s\": %s", l->path, key, msg);
    return false;
}

static void S_origin(S_load *l, const char *key)
{
    const S_keypos *at = S_find(l, key);
    dbl_config_set_origin(l->c, key, at ? dbl_arena_printf(l->c->arena, "%s:%u", l->path, at->line) : l->path);
}

/* " (did you mean "x"?)" or "". */
static const char *S_mean(S_load *l, const char *word, const char *const *cands, uint32_t n)
{
    const char *s = dbl_suggest(word, cands, n);
    return s ? dbl_arena_printf(l->c->arena, " (did you mean \"%s\"?)", s) : "";
}

/* ", not "value"" for a string that was given, or "". */
static const char *S_not(S_load *l, const char *got)
{
    return *got ? dbl_arena_printf(l->c->arena, ", not \"%s\"", got) : "";
}

static const char *const S_severities[] = {"off", "info", "warning", "error"};
static const char *const S_fail_ons[] = {"none", "info", "warning", "error"};

typedef DBL_ARRAY(const char *) S_strs;

static bool S_strings(S_load *l, json_t *v, const char *key, S_strs *out)
{
    if (!json_is_array(v))
        return S_fail(l, key, "must be an array of strings");
    size_t i;
    json_t *s;
    json_array_foreach(v, i, s) {
        if (!json_is_string(s)) {
            return S_fail(l, dbl_arena_printf(l->c->arena, "%s[%zu]", key, i), "must be a string");
        }
        if (!*json_string_value(s))
            return S_fail(l, dbl_arena_printf(l->c->arena, "%s[%zu]", key, i), "must not be empty");
        dbl_array_push(out, dbl_arena_strdup(l->c->arena, json_string_value(s)));
    }
    S_origin(l, key);
    return true;
}

static bool S_bool(S_load *l, json_t *v, const char *key, bool *out)
{
    if (!json_is_boolean(v))
        return S_fail(l, key, "must be true or false");
    *out = json_is_true(v);
    S_origin(l, key);
    return true;
}

static bool S_rules(S_load *l, json_t *v)
{
    if (!json_is_object(v))
        return S_fail(l, "rules", "must be an object of rule names to severities");
    uint32_t n;
    const dbl_rule *const *all = dbl_rules_all(&n);
    const char *names[64];
    for (uint32_t i = 0; i < n && i < 64; i++)
        names[i] = all[i]->name;
    const char *rk;
    json_t *rv;
    json_object_foreach(v, rk, rv) {
        const char *key = dbl_arena_printf(l->c->arena, "rules.%s", rk);
        const dbl_rule *rule = dbl_rule_find(rk);
        if (!rule)
            return S_fail(l, key, "unknown rule%s (see dbl rules)", S_mean(l, rk, names, n < 64 ? n : 64));
        dbl_severity sev;
        if (json_is_boolean(rv)) {
            sev = json_is_true(rv) ? rule->severity : DBL_SEV_OFF;
        } else if (!json_is_string(rv) || strcmp(json_string_value(rv), "none") == 0 ||
                   !dbl_severity_parse(json_string_value(rv), &sev)) {
            const char *got = json_is_string(rv) ? json_string_value(rv) : "";
            return S_fail(l, key, "severity must be \"off\", \"info\", \"warning\" or \"error\" (or true, false)%s%s",
                          S_not(l, got), S_mean(l, got, S_severities, 4));
        }
        dbl_array_push(&l->c->rules, ((dbl_rule_setting){dbl_arena_strdup(l->c->arena, rk), sev}));
        S_origin(l, key);
    }
    return true;
}

static bool S_money(S_load *l, json_t *v)
{
    static const char *const keys[] = {"words", "extra_words", "exclude_words"};
    if (!json_is_object(v))
        return S_fail(l, "money", "must be an object (keys words, extra_words, exclude_words)");
    dbl_config *c = l->c;
    const char *mk;
    json_t *mv;
    json_object_foreach(v, mk, mv) {
        const char *key = dbl_arena_printf(c->arena, "money.%s", mk);
        bool ok;
        if (strcmp(mk, "words") == 0) {
            c->money_words_set = true;
            ok = S_strings(l, mv, key, (S_strs *)&c->money_words);
        } else if (strcmp(mk, "extra_words") == 0) {
            ok = S_strings(l, mv, key, (S_strs *)&c->money_extra_words);
        } else if (strcmp(mk, "exclude_words") == 0) {
            ok = S_strings(l, mv, key, (S_strs *)&c->money_exclude_words);
        } else {
            const char *m = S_mean(l, mk, keys, 3);
            ok = S_fail(l, key, "unknown key%s; expected words, extra_words or exclude_words", m);
        }
        if (!ok)
            return false;
    }
    return true;
}

static const char *const S_keys[] = {"rules",       "fail_on", "money",          "exclude", "search_path",
                                     "complete",    "context", "require_reason", "$schema"};
enum { N_KEYS = sizeof S_keys / sizeof S_keys[0] };

static bool S_member(S_load *l, const char *key, json_t *v)
{
    dbl_config *c = l->c;
    if (strcmp(key, "rules") == 0)
        return S_rules(l, v);
    if (strcmp(key, "fail_on") == 0) {
        const char *got = json_is_string(v) ? json_string_value(v) : "";
        if (!json_is_string(v) || !dbl_severity_parse(got, &c->fail_on))
            return S_fail(l, key, "must be \"none\", \"info\", \"warning\" or \"error\"%s%s", S_not(l, got),
                          S_mean(l, got, S_fail_ons, 4));
        S_origin(l, key);
        return true;
    }
    if (strcmp(key, "money") == 0)
        return S_money(l, v);
    if (strcmp(key, "exclude") == 0)
        return S_strings(l, v, key, (S_strs *)&c->exclude);
    if (strcmp(key, "search_path") == 0) {
        if (json_is_array(v) && json_array_size(v) == 0)
            return S_fail(l, key, "must name at least one schema");
        return S_strings(l, v, key, (S_strs *)&c->search_path);
    }
    if (strcmp(key, "context") == 0)
        return S_strings(l, v, key, (S_strs *)&c->context);
    if (strcmp(key, "complete") == 0)
        return S_bool(l, v, key, &c->complete);
    if (strcmp(key, "require_reason") == 0)
        return S_bool(l, v, key, &c->require_reason);
    if (strcmp(key, "$schema") == 0)
        return json_is_string(v) || S_fail(l, key, "must be a string (the JSON Schema's URI)");
    return S_fail(l, key, "unknown key%s; expected rules, fail_on, money, exclude, search_path, complete, "
                          "context or require_reason",
                  S_mean(l, key, S_keys, N_KEYS - 1));
}

bool dbl_config_load(dbl_config *c, const char *path, dbl_error *err)
{
    c->path = dbl_arena_strdup(c->arena, path);
    char *text = NULL;
    size_t len = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        size_t cap = 4096;
        text = dbl_malloc(cap);
        size_t k;
        while ((k = fread(text + len, 1, cap - len, f)) > 0) {
            len += k;
            if (len == cap)
                text = dbl_realloc(text, cap *= 2);
        }
        bool bad = ferror(f);
        fclose(f);
        if (bad) {
            dbl_free(text);
            text = NULL;
        }
    }
    if (!text) {
        dbl_error_set(err, "%s: cannot read configuration: %s", path, strerror(errno));
        return false;
    }
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (je.line > 0)
            dbl_error_set(err, "%s:%d:%d: invalid configuration: %s", path, je.line, je.column, je.text);
        else
            dbl_error_set(err, "%s: %s", path, je.text);
        dbl_free(text);
        return false;
    }
    S_load l = {.c = c, .path = c->path, .err = err};
    l.scan = (S_scan){.p = text, .end = text + len, .line_start = text, .line = 1, .arena = c->arena};
    S_value(&l.scan, "", 0);
    bool ok = json_is_object(root);
    if (!ok)
        dbl_error_set(err, "%s: the configuration must be a JSON object", path);
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (!ok || !(ok = S_member(&l, key, v)))
            break;
    }
    dbl_array_free(&l.scan.keys);
    json_decref(root);
    dbl_free(text);
    return ok;
}

char *dbl_config_find(const char *dir)
{
    char *d = dbl_strdup(dir);
    for (;;) {
        size_t n = strlen(d);
        char *p = dbl_malloc(n + 12);
        snprintf(p, n + 12, "%s/.dbl.json", strcmp(d, "/") == 0 ? "" : d);
        if (access(p, F_OK) == 0) {
            dbl_free(d);
            return p;
        }
        dbl_free(p);
        char *slash = strrchr(d, '/');
        if (!slash || strcmp(d, "/") == 0)
            break;
        if (slash == d)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    dbl_free(d);
    return NULL;
}

/* ---- the effective configuration ---------------------------------------------------------- */

static void S_line(dbl_buf *out, const dbl_config *c, const char *key, const char *value)
{
    int n = (int)strlen(key) + 3 + (int)strlen(value);
    dbl_buf_printf(out, "%s = %s%*s  # %s\n", key, value, n < 48 ? 48 - n : 0, "", dbl_config_origin_of(c, key));
}

static const char *S_list(dbl_arena *a, const char *const *items, uint32_t n)
{
    dbl_buf b = {0};
    dbl_buf_putc(&b, '[');
    for (uint32_t i = 0; i < n; i++) {
        json_t *s = json_string(items[i]);
        char *q = json_dumps(s, JSON_ENCODE_ANY);
        dbl_buf_printf(&b, "%s%s", i ? ", " : "", q ? q : "\"\"");
        free(q);
        json_decref(s);
    }
    dbl_buf_putc(&b, ']');
    const char *r = dbl_arena_strdup(a, dbl_buf_str(&b));
    dbl_buf_free(&b);
    return r;
}

void dbl_config_describe(const dbl_config *c, dbl_buf *out)
{
    dbl_arena *a = dbl_arena_new();
    dbl_buf_printf(out, "# configuration file: %s\n", c->path ? c->path : "none");
    S_line(out, c, "fail_on", dbl_arena_printf(a, "\"%s\"", c->fail_on ? dbl_severity_name(c->fail_on) : "none"));
    S_line(out, c, "complete", c->complete ? "true" : "false");
    S_line(out, c, "require_reason", c->require_reason ? "true" : "false");
    static const char *const public_only[] = {"public"};
    S_line(out, c, "search_path",
           c->search_path.size ? S_list(a, c->search_path.items, c->search_path.size) : S_list(a, public_only, 1));
    S_line(out, c, "context", S_list(a, c->context.items, c->context.size));
    S_line(out, c, "exclude", S_list(a, c->exclude.items, c->exclude.size));
    S_line(out, c, "money.words",
           c->money_words_set ? S_list(a, c->money_words.items, c->money_words.size) : "(the built-in words)");
    S_line(out, c, "money.extra_words", S_list(a, c->money_extra_words.items, c->money_extra_words.size));
    S_line(out, c, "money.exclude_words", S_list(a, c->money_exclude_words.items, c->money_exclude_words.size));
    uint32_t n;
    const dbl_rule *const *all = dbl_rules_all(&n);
    for (uint32_t i = 0; i < n; i++) {
        const char *key = dbl_arena_printf(a, "rules.%s", all[i]->name);
        dbl_severity s = dbl_config_severity(c, all[i]->name, all[i]->severity);
        S_line(out, c, key, dbl_arena_printf(a, "\"%s\"", dbl_severity_name(s)));
    }
    dbl_arena_free(a);
}
