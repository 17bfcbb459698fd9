/* diag.c - the diagnostic list. */
#include "lint/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const S_names[] = {"off", "info", "warning", "error"};

const char *dbl_severity_name(dbl_severity s)
{
    return (unsigned)s < 4 ? S_names[s] : "?";
}

bool dbl_severity_parse(const char *name, dbl_severity *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, S_names[i]) == 0) {
            *out = (dbl_severity)i;
            return true;
        }
    if (strcmp(name, "none") == 0) {
        *out = DBL_SEV_OFF;
        return true;
    }
    return false;
}

void dbl_diag_list_init(dbl_diag_list *l)
{
    memset(l, 0, sizeof *l);
    l->arena = dbl_arena_new();
}

void dbl_diag_list_free(dbl_diag_list *l)
{
    dbl_arena_free(l->arena);
    dbl_array_free(&l->items);
    l->arena = NULL;
}

dbl_diag *dbl_diag_addv(dbl_diag_list *l, const char *rule, dbl_severity sev, dbl_loc loc, const char *fmt,
                        va_list ap)
{
    dbl_diag d = {.rule = rule, .severity = sev, .loc = loc, .message = dbl_arena_vprintf(l->arena, fmt, ap)};
    dbl_array_push(&l->items, d);
    return dbl_array_last(&l->items);
}

dbl_diag *dbl_diag_add(dbl_diag_list *l, const char *rule, dbl_severity sev, dbl_loc loc,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dbl_diag *d = dbl_diag_addv(l, rule, sev, loc, fmt, ap);
    va_end(ap);
    return d;
}

void dbl_diag_str(dbl_diag_list *l, dbl_diag *d, const char *key, const char *value)
{
    if (d->n_object >= DBL_OBJ_MAX)
        return;
    d->object[d->n_object++] = (dbl_obj_field){.key = key, .str = dbl_arena_strdup(l->arena, value ? value : "")};
}

void dbl_diag_strs(dbl_diag_list *l, dbl_diag *d, const char *key, const char *const *values, uint32_t n)
{
    if (d->n_object >= DBL_OBJ_MAX)
        return;
    const char **v = dbl_arena_alloc(l->arena, sizeof(char *) * (n ? n : 1));
    for (uint32_t i = 0; i < n; i++)
        v[i] = dbl_arena_strdup(l->arena, values[i]);
    d->object[d->n_object++] = (dbl_obj_field){.key = key, .list = v, .n = n};
}

void dbl_diag_fix(dbl_diag_list *l, dbl_diag *d, const char *description, const char *sql)
{
    d->fix_description = dbl_arena_strdup(l->arena, description);
    d->fix_sql = dbl_arena_strdup(l->arena, sql);
}

void dbl_diag_fix_edit(dbl_diag_list *l, dbl_diag *d, const char *description, dbl_span span, const char *text)
{
    d->fix_description = dbl_arena_strdup(l->arena, description);
    d->fix_edit = span;
    d->fix_edit_text = dbl_arena_strdup(l->arena, text);
}

static int S_cmp(const void *pa, const void *pb)
{
    const dbl_diag *a = pa, *b = pb;
    if (a->loc.file != b->loc.file)
        return a->loc.file < b->loc.file ? -1 : 1;
    if (a->loc.span.start != b->loc.span.start)
        return a->loc.span.start < b->loc.span.start ? -1 : 1;
    int r = strcmp(a->rule, b->rule);
    return r ? r : strcmp(a->message, b->message);
}

void dbl_diag_sort(dbl_diag_list *l)
{
    if (l->items.size > 1)
        qsort(l->items.items, l->items.size, sizeof(dbl_diag), S_cmp);
}
