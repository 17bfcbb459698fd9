/* config.c - reads .dbl.json with jansson. */
#include "lint/config.h"

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
}

dbl_severity dbl_config_severity(const dbl_config *c, const char *rule, dbl_severity dflt)
{
    for (uint32_t i = c->rules.size; i-- > 0;)
        if (strcmp(c->rules.items[i].rule, rule) == 0)
            return c->rules.items[i].severity;
    return dflt;
}

typedef DBL_ARRAY(const char *) S_strs;

static bool S_strings(dbl_config *c, json_t *v, const char *key, S_strs *out, dbl_error *err)
{
    if (!json_is_array(v)) {
        dbl_error_set(err, "%s: \"%s\" must be an array of strings", c->path, key);
        return false;
    }
    size_t i;
    json_t *s;
    json_array_foreach(v, i, s) {
        if (!json_is_string(s)) {
            dbl_error_set(err, "%s: \"%s\" must be an array of strings", c->path, key);
            return false;
        }
        dbl_array_push(out, dbl_arena_strdup(c->arena, json_string_value(s)));
    }
    return true;
}

bool dbl_config_load(dbl_config *c, const char *path, dbl_error *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    c->path = dbl_arena_strdup(c->arena, path);
    if (!root) {
        if (je.line > 0)
            dbl_error_set(err, "%s:%d:%d: invalid configuration: %s", path, je.line, je.column, je.text);
        else
            dbl_error_set(err, "%s: %s", path, je.text);
        return false;
    }
    bool ok = false;
    if (!json_is_object(root)) {
        dbl_error_set(err, "%s: the configuration must be a JSON object", path);
        goto out;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (strcmp(key, "rules") == 0) {
            if (!json_is_object(v)) {
                dbl_error_set(err, "%s: \"rules\" must be an object of rule names to severities", path);
                goto out;
            }
            const char *rk;
            json_t *rv;
            json_object_foreach(v, rk, rv) {
                dbl_severity sev;
                if (!dbl_rule_find(rk)) {
                    dbl_error_set(err, "%s: unknown rule \"%s\" (see dbl rules)", path, rk);
                    goto out;
                }
                if (json_is_boolean(rv))
                    sev = json_is_true(rv) ? dbl_rule_find(rk)->severity : DBL_SEV_OFF;
                else if (!json_is_string(rv) || !dbl_severity_parse(json_string_value(rv), &sev)) {
                    dbl_error_set(err, "%s: rule \"%s\": severity must be \"off\", \"info\", \"warning\" or \"error\"",
                                  path, rk);
                    goto out;
                }
                dbl_array_push(&c->rules, ((dbl_rule_setting){dbl_arena_strdup(c->arena, rk), sev}));
            }
        } else if (strcmp(key, "fail_on") == 0) {
            if (!json_is_string(v) || !dbl_severity_parse(json_string_value(v), &c->fail_on)) {
                dbl_error_set(err, "%s: \"fail_on\" must be \"none\", \"info\", \"warning\" or \"error\"", path);
                goto out;
            }
        } else if (strcmp(key, "money") == 0) {
            if (!json_is_object(v)) {
                dbl_error_set(err, "%s: \"money\" must be an object", path);
                goto out;
            }
            const char *mk;
            json_t *mv;
            json_object_foreach(v, mk, mv) {
                bool r;
                if (strcmp(mk, "words") == 0) {
                    c->money_words_set = true;
                    r = S_strings(c, mv, "money.words", (S_strs *)&c->money_words, err);
                } else if (strcmp(mk, "extra_words") == 0) {
                    r = S_strings(c, mv, "money.extra_words", (S_strs *)&c->money_extra_words, err);
                } else if (strcmp(mk, "exclude_words") == 0) {
                    r = S_strings(c, mv, "money.exclude_words", (S_strs *)&c->money_exclude_words, err);
                } else {
                    dbl_error_set(err, "%s: unknown key \"money.%s\" (expected words, extra_words, exclude_words)",
                                  path, mk);
                    r = false;
                }
                if (!r)
                    goto out;
            }
        } else if (strcmp(key, "exclude") == 0) {
            if (!S_strings(c, v, "exclude", (S_strs *)&c->exclude, err))
                goto out;
        } else if (strcmp(key, "complete") == 0) {
            if (!json_is_boolean(v)) {
                dbl_error_set(err, "%s: \"complete\" must be true or false", path);
                goto out;
            }
            c->complete = json_is_true(v);
        } else if (strcmp(key, "search_path") == 0) {
            if (!S_strings(c, v, "search_path", (S_strs *)&c->search_path, err))
                goto out;
        } else {
            dbl_error_set(err, "%s: unknown key \"%s\" (expected rules, fail_on, money, exclude, search_path, complete)",
                          path, key);
            goto out;
        }
    }
    ok = true;
out:
    json_decref(root);
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
