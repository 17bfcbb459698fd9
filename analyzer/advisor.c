/* advisor.c - missing indexes, judged from the logged shapes and the schema (see advisor.h). */
#include "analyzer/advisor.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/qpred.h"
#include "lint/hmap.h"

/* What one shape asks of one table. */
typedef struct {
    const dbl_table *t;
    const char *eq[DBL_ADVICE_MAX_COLUMNS];
    uint32_t n_eq;
    const char *range;
    const char *sort[DBL_ADVICE_MAX_COLUMNS];
    bool sort_desc[DBL_ADVICE_MAX_COLUMNS];
    uint32_t n_sort;
    bool limited;
    const char *eq_value[DBL_ADVICE_MAX_COLUMNS]; /* the constant an equality always had, or NULL */
    const char *not_null[DBL_ADVICE_MAX_COLUMNS];
    uint32_t n_not_null;
    const char *is_null[DBL_ADVICE_MAX_COLUMNS];
    uint32_t n_is_null;
    const char *reads[16];  /* every column of the table the scope reads */
    uint32_t n_reads;
    bool covering;          /* a SELECT whose scope reads nothing but those columns */
} S_want;

static const dbl_column *S_column(const dbl_table *t, const char *name)
{
    for (uint32_t i = 0; i < t->columns.size; i++) {
        const dbl_column *c = t->columns.items[i];
        if (!c->dropped && strcmp(c->name, name) == 0)
            return c;
    }
    return NULL;
}

/* The index of s in set, or -1. */
static int S_find(const char *const *set, uint32_t n, const char *s)
{
    for (uint32_t i = 0; i < n; i++) {
        if (strcmp(set[i], s) == 0)
            return (int)i;
    }
    return -1;
}

static bool S_in(const char *const *set, uint32_t n, const char *s)
{
    return S_find(set, n, s) >= 0;
}

static void S_add_unique(const char **set, uint32_t *n, const char *s)
{
    if (*n < DBL_ADVICE_MAX_COLUMNS && !S_in(set, *n, s))
        set[(*n)++] = s;
}

/* Index key i as the advisor compares it: the column's name, or the expression's
 * canonical text (an access names an expression the same way); NULL past the last key. */
static const char *S_key(const dbl_index *x, uint32_t i)
{
    if (i >= x->keys.size)
        return NULL;
    const dbl_index_key *k = &x->keys.items[i];
    return k->column ? k->column->name : k->expr;
}

/* Is this access key an expression (not a column name)? */
static bool S_is_expr(const char *key)
{
    return strchr(key, '(') != NULL || strchr(key, ' ') != NULL;
}

/* Strips white space and one pair of enclosing parentheses (when they enclose it all). */
static void S_strip(const char **b, const char **e)
{
    for (;;) {
        while (*b < *e && isspace((unsigned char)**b))
            (*b)++;
        while (*e > *b && isspace((unsigned char)(*e)[-1]))
            (*e)--;
        if (*e - *b < 2 || **b != '(' || (*e)[-1] != ')')
            return;
        int depth = 0;
        for (const char *p = *b; p < *e; p++) {
            depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
            if (depth == 0 && p < *e - 1)
                return; /* (a) AND (b): not one pair */
        }
        (*b)++;
        (*e)--;
    }
}

/* A predicate's literal without its cast and quotes: 'open'::text -> open. */
static char *S_literal(dbl_arena *a, const char *b, const char *e)
{
    const char *cast = NULL;
    bool quoted = false;
    for (const char *p = b; p < e; p++) {
        if (*p == '\'')
            quoted = !quoted;
        else if (!quoted && p + 1 < e && p[0] == ':' && p[1] == ':') {
            cast = p;
            break;
        }
    }
    if (cast)
        e = cast;
    S_strip(&b, &e);
    if (e - b >= 2 && *b == '\'' && e[-1] == '\'') {
        dbl_buf out = {0};
        for (const char *p = b + 1; p < e - 1; p++) {
            dbl_buf_putc(&out, *p);
            if (*p == '\'' && p + 1 < e - 1 && p[1] == '\'')
                p++;
        }
        char *r = dbl_arena_strdup(a, dbl_buf_str(&out));
        dbl_buf_free(&out);
        return r;
    }
    return dbl_arena_strndup(a, b, (size_t)(e - b));
}

static bool S_plain_name(const char *b, const char *e)
{
    if (b >= e)
        return false;
    for (const char *p = b; p < e; p++) {
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return false;
    }
    return !isdigit((unsigned char)*b);
}

/* Does the access imply one conjunct of a partial index's predicate? Adds a column the
 * conjunct pins to the one value the query always uses to fixed. */
static bool S_conjunct_holds(dbl_arena *a, const dbl_table *t, const char *b, const char *e, const S_want *w,
                             const char **fixed, uint32_t *n_fixed)
{
    S_strip(&b, &e);
    size_t n = (size_t)(e - b);
    if (n > 12 && strncmp(e - 12, " IS NOT NULL", 12) == 0 && S_plain_name(b, e - 12)) {
        char *col = dbl_arena_strndup(a, b, n - 12);
        /* any comparison with a value implies NOT NULL */
        return S_find(w->not_null, w->n_not_null, col) >= 0 || S_find(w->eq, w->n_eq, col) >= 0 ||
               (w->range && strcmp(w->range, col) == 0);
    }
    if (n > 8 && strncmp(e - 8, " IS NULL", 8) == 0 && S_plain_name(b, e - 8)) {
        char *col = dbl_arena_strndup(a, b, n - 8);
        return S_find(w->is_null, w->n_is_null, col) >= 0;
    }
    const char *eq = strstr(b, " = ");
    if (eq && eq < e && S_plain_name(b, eq)) {
        char *col = dbl_arena_strndup(a, b, (size_t)(eq - b));
        char *lit = S_literal(a, eq + 3, e);
        int i = S_find(w->eq, w->n_eq, col);
        if (i < 0 || !w->eq_value[i] || strcmp(w->eq_value[i], lit) != 0)
            return false;
        if (*n_fixed < DBL_ADVICE_MAX_COLUMNS)
            fixed[(*n_fixed)++] = w->eq[i];
        return true;
    }
    bool negated = n > 4 && strncmp(b, "NOT ", 4) == 0;
    const char *nb = negated ? b + 4 : b;
    if (S_plain_name(nb, e) && S_column(t, dbl_arena_strndup(a, nb, (size_t)(e - nb)))) {
        /* a boolean column */
        int i = S_find(w->eq, w->n_eq, dbl_arena_strndup(a, nb, (size_t)(e - nb)));
        const char *v = i >= 0 ? w->eq_value[i] : NULL;
        bool truthy = v && (strcmp(v, "true") == 0 || strcmp(v, "t") == 0);
        bool falsy = v && (strcmp(v, "false") == 0 || strcmp(v, "f") == 0);
        if (negated ? !falsy : !truthy)
            return false;
        if (*n_fixed < DBL_ADVICE_MAX_COLUMNS)
            fixed[(*n_fixed)++] = w->eq[i];
        return true;
    }
    /* another form (IN lists, ranges, functions): it holds only if the query fixes every
     * column it names, which is as far as reading the text goes */
    bool any = false;
    for (uint32_t i = 0; i < t->columns.size; i++) {
        const dbl_column *c = t->columns.items[i];
        if (c->dropped)
            continue;
        size_t cn = strlen(c->name);
        for (const char *p = strstr(b, c->name); p && p < e; p = strstr(p + 1, c->name)) {
            bool word = (p == b || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
                        !(isalnum((unsigned char)p[cn]) || p[cn] == '_');
            if (!word)
                continue;
            any = true;
            if (S_find(w->eq, w->n_eq, c->name) < 0)
                return false;
            break;
        }
    }
    return any;
}

/* Does the access imply a partial index's predicate (every ANDed conjunct)? Sets fixed to
 * the equality columns the predicate pins, which the index then need not lead with. */
static bool S_predicate_holds(const dbl_index *x, const S_want *w, const char **fixed, uint32_t *n_fixed)
{
    *n_fixed = 0;
    if (!x->predicate)
        return true;
    dbl_arena *a = dbl_arena_new();
    const char *b = x->predicate, *e = b + strlen(b);
    S_strip(&b, &e);
    bool holds = true;
    int depth = 0;
    bool quoted = false;
    const char *start = b;
    for (const char *p = b; p <= e && holds; p++) {
        if (p < e) {
            if (*p == '\'')
                quoted = !quoted;
            if (quoted)
                continue;
            depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        }
        if (p == e || (depth == 0 && strncmp(p, " AND ", 5) == 0)) {
            holds = S_conjunct_holds(a, x->table, start, p, w, fixed, n_fixed);
            start = p + 5;
            if (p < e)
                p += 4;
        }
    }
    dbl_arena_free(a);
    return holds;
}

/* Is the access served by index x? */
static bool S_serves(const dbl_index *x, const S_want *want)
{
    const char *fixed[DBL_ADVICE_MAX_COLUMNS];
    uint32_t n_fixed;
    if (!x->valid || x->dropped || !S_predicate_holds(x, want, fixed, &n_fixed))
        return false;
    /* the equality columns the predicate pins need not lead the index */
    S_want reduced = *want;
    const S_want *w = want;
    if (n_fixed) {
        reduced.n_eq = 0;
        for (uint32_t i = 0; i < want->n_eq; i++) {
            if (!S_in(fixed, n_fixed, want->eq[i])) {
                reduced.eq_value[reduced.n_eq] = want->eq_value[i];
                reduced.eq[reduced.n_eq++] = want->eq[i];
            }
        }
        w = &reduced;
        if (!w->n_eq && !w->range && !w->n_sort)
            return true;
    }
    bool btree = strcmp(x->method, "btree") == 0;
    if (!btree) {
        /* a hash index serves one equality column */
        return strcmp(x->method, "hash") == 0 && w->n_eq >= 1 && S_key(x, 0) && S_in(w->eq, w->n_eq, S_key(x, 0)) &&
               !w->range && !w->n_sort && w->n_eq == 1;
    }
    /* a unique index on equality columns only: at most one row */
    if (x->unique && x->keys.size) {
        bool all = true;
        for (uint32_t i = 0; i < x->keys.size && all; i++)
            all = S_key(x, i) && S_in(w->eq, w->n_eq, S_key(x, i));
        if (all && !x->predicate)
            return true;
    }
    /* leading keys the query fixes (its equality columns, pinned by the predicate or not),
     * which must include every equality column the predicate does not pin */
    uint32_t k = 0, covered = 0;
    while (k < x->keys.size && S_key(x, k) && S_in(want->eq, want->n_eq, S_key(x, k))) {
        covered += S_in(w->eq, w->n_eq, S_key(x, k));
        k++;
    }
    if (covered < w->n_eq)
        return false;
    if (w->range)
        return S_key(x, k) && strcmp(S_key(x, k), w->range) == 0;
    if (w->n_sort) {
        if (k + w->n_sort > x->keys.size)
            return false;
        bool same = true, reversed = true;
        for (uint32_t i = 0; i < w->n_sort; i++) {
            const dbl_index_key *key = &x->keys.items[k + i];
            if (!S_key(x, k + i) || strcmp(S_key(x, k + i), w->sort[i]) != 0)
                return false;
            bool kdesc = key->sort == DBL_SORT_DESC;
            same = same && kdesc == w->sort_desc[i];
            reversed = reversed && kdesc != w->sort_desc[i];
        }
        return same || reversed;
    }
    return w->n_eq > 0;
}

/* One equality on a flag-like column: an index would rarely be chosen. */
static bool S_low_selectivity(const S_want *w)
{
    if (w->n_eq != 1 || w->range || w->n_sort || S_is_expr(w->eq[0]))
        return false;
    const dbl_column *c = S_column(w->t, w->eq[0]);
    if (c && c->type.cls == DBL_TC_BOOL)
        return true;
    static const char *const flags[] = {"status", "state", "kind", "type", "visibility", "active", "enabled",
                                        "deleted", "archived", "role", "gender", "is_active", "is_deleted"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        if (strcmp(w->eq[0], flags[i]) == 0)
            return true;
    }
    return strncmp(w->eq[0], "is_", 3) == 0 || strncmp(w->eq[0], "has_", 4) == 0;
}

typedef struct {
    dbl_arena *a;
    const dbl_catalog *catalog;
    dbl_advice_list *out;
    dbl_advice_stats *stats;
    dbl_hmap unknown;
} S_ctx;

/* The catalog table of a relation of the query, or NULL (counted once per name). */
static const dbl_table *S_table(S_ctx *x, const dbl_qrel *r, const dbl_table **view)
{
    *view = NULL;
    const dbl_table *t = dbl_catalog_find_table(x->catalog, r->schema, r->name);
    if (!t && !r->schema) {
        /* not on the schema's search_path: the sessions may have set another one
         * (SET search_path); a name only one schema has is that schema's table */
        uint32_t n;
        const dbl_table *const *all = dbl_catalog_tables(x->catalog, &n);
        const dbl_table *only = NULL;
        int found = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (!all[i]->dropped && strcmp(all[i]->name, r->name) == 0) {
                only = all[i];
                found++;
            }
        }
        if (found == 1)
            t = only;
    }
    if (t && !t->dropped && t->relkind == DBL_REL_VIEW && t->view_base && !t->view_base->dropped) {
        /* a view that projects and filters one table: its queries are that table's */
        *view = t;
        t = t->view_base;
    }
    if (t && !t->dropped && (t->relkind == DBL_REL_TABLE || t->relkind == DBL_REL_PARTITIONED ||
                             t->relkind == DBL_REL_MATVIEW))
        return t;
    if (t)
        return NULL; /* a view or other relation: not indexed directly */
    const char *key = dbl_arena_printf(x->a, "%s.%s", r->schema ? r->schema : "", r->name);
    if (!dbl_hmap_get(&x->unknown, key)) {
        dbl_hmap_put(&x->unknown, key, (void *)1);
        x->stats->unknown_tables++;
        if (!x->stats->first_unknown)
            x->stats->first_unknown = r->schema ? key : r->name;
    }
    return NULL;
}

static void S_suggest(S_ctx *x, const dbl_shape *s, const S_want *w)
{
    const char *cols[DBL_ADVICE_MAX_COLUMNS];
    bool desc[DBL_ADVICE_MAX_COLUMNS] = {0};
    uint32_t n = 0;
    for (uint32_t i = 0; i < w->n_eq; i++)
        cols[n++] = w->eq[i];
    bool use_sort = w->n_sort && (!w->range || strcmp(w->sort[0], w->range) == 0 || w->limited);
    bool mixed = false;
    for (uint32_t i = 1; i < w->n_sort; i++)
        mixed = mixed || w->sort_desc[i] != w->sort_desc[0];
    if (use_sort) {
        for (uint32_t i = 0; i < w->n_sort && n < DBL_ADVICE_MAX_COLUMNS; i++) {
            if (S_in(cols, n, w->sort[i]))
                continue;
            desc[n] = mixed && w->sort_desc[i];
            cols[n++] = w->sort[i];
        }
    } else if (w->range && n < DBL_ADVICE_MAX_COLUMNS && !S_in(cols, n, w->range)) {
        cols[n++] = w->range;
    }
    if (!n)
        return;
    /* the other columns the query reads, for an index-only scan */
    const char *inc[3];
    uint32_t n_inc = 0;
    bool can_include = w->covering;
    for (uint32_t i = 0; i < n; i++) /* an expression key: PostgreSQL needs its columns for index-only */
        can_include = can_include && !S_is_expr(cols[i]);
    for (uint32_t i = 0; i < w->n_reads && can_include; i++) {
        if (S_in(cols, n, w->reads[i]))
            continue;
        /* only narrow columns: a text or JSON column would make the index as wide as the table */
        const dbl_column *c = S_column(w->t, w->reads[i]);
        dbl_type_class k = c ? c->type.cls : DBL_TC_OTHER;
        bool narrow = c && !c->type.array_dims &&
                      (k == DBL_TC_INTEGER || k == DBL_TC_NUMERIC || k == DBL_TC_FLOAT || k == DBL_TC_MONEY ||
                       k == DBL_TC_BOOL || k == DBL_TC_TIME);
        if (!narrow || n_inc == 3)
            can_include = false;
        else
            inc[n_inc++] = w->reads[i];
    }
    /* merge with a suggestion on the same table where one is a leading prefix of the other */
    for (uint32_t i = 0; i < x->out->size; i++) {
        dbl_advice *d = x->out->items[i];
        if (d->table != w->t)
            continue;
        uint32_t m = d->n_columns < n ? d->n_columns : n;
        bool prefix = true;
        for (uint32_t k = 0; k < m && prefix; k++)
            prefix = strcmp(d->columns[k], cols[k]) == 0 && d->desc[k] == desc[k];
        if (!prefix)
            continue;
        if (n > d->n_columns) {
            for (uint32_t k = 0; k < n; k++) {
                d->columns[k] = cols[k];
                d->desc[k] = desc[k];
            }
            d->n_columns = n;
            d->n_equality = w->n_eq;
        }
        if (!can_include)
            d->no_include = true;
        for (uint32_t k = 0; k < n_inc && !d->no_include; k++) {
            if (S_in(d->include, d->n_include, inc[k]))
                continue;
            if (d->n_include == 3)
                d->no_include = true;
            else
                d->include[d->n_include++] = inc[k];
        }
        bool seen = false;
        for (uint32_t k = 0; k < d->queries.size; k++)
            seen = seen || d->queries.items[k] == s;
        if (!seen) {
            dbl_array_push(&d->queries, s);
            d->calls += s->calls;
            d->total_ms += s->total_ms;
            d->timed = d->timed || s->timed_calls;
        }
        return;
    }
    dbl_advice *d = dbl_arena_alloc(x->a, sizeof *d);
    d->table = w->t;
    d->table_name = dbl_arena_printf(x->a, "%s.%s", w->t->schema, w->t->name);
    d->n_columns = n;
    d->n_equality = w->n_eq;
    for (uint32_t k = 0; k < n; k++) {
        d->columns[k] = cols[k];
        d->desc[k] = desc[k];
    }
    d->no_include = !can_include;
    for (uint32_t k = 0; k < n_inc && can_include; k++)
        d->include[d->n_include++] = inc[k];
    dbl_array_push(&d->queries, s);
    d->calls = s->calls;
    d->total_ms = s->total_ms;
    d->timed = s->timed_calls > 0;
    dbl_array_push(x->out, d);
}

/* Every table access of one shape. */
static void S_shape(S_ctx *x, const dbl_shape *s)
{
    const char *sql = s->prepared ? s->prepared : s->query;
    dbl_qkind k = s->info.kind;
    if (k != DBL_Q_SELECT && k != DBL_Q_UPDATE && k != DBL_Q_DELETE && k != DBL_Q_INSERT && k != DBL_Q_EXECUTE &&
        k != DBL_Q_MERGE)
        return;
    dbl_qpreds p;
    dbl_qpred_read(x->a, sql, &p);
    if (!p.parsed || p.opaque) {
        x->stats->unresolved++;
        dbl_qpreds_free(&p);
        return;
    }
    x->stats->shapes_read++;
    const dbl_table **tables = dbl_calloc(p.rels.size + 1, sizeof *tables);
    const dbl_table **views = dbl_calloc(p.rels.size + 1, sizeof *views);
    for (uint32_t i = 0; i < p.rels.size; i++)
        tables[i] = p.rels.items[i].derived ? NULL : S_table(x, &p.rels.items[i], &views[i]);
    /* a view's column names are its base table's where the view shows the column as is */
    for (uint32_t i = 0; i < p.refs.size; i++) {
        dbl_qref *r = &p.refs.items[i];
        int j = r->rel;
        if (j < 0 && !r->qualifier) {
            for (uint32_t k = 0; k < p.rels.size; k++) {
                if (p.rels.items[k].scope == r->scope && views[k] && S_column(views[k], r->column)) {
                    j = (int)k;
                    break;
                }
            }
        }
        if (j < 0 || !views[j])
            continue;
        const dbl_column *vc = S_column(views[j], r->column);
        r->rel = j;
        r->column = vc && vc->base_column ? vc->base_column : "";
    }
    /* unqualified references in a scope of several relations: the one that has the column */
    for (uint32_t i = 0; i < p.refs.size; i++) {
        dbl_qref *r = &p.refs.items[i];
        if (r->rel >= 0 || r->qualifier)
            continue;
        for (uint32_t j = 0; j < p.rels.size; j++) {
            if (p.rels.items[j].scope == r->scope && tables[j] && S_column(tables[j], r->column)) {
                r->rel = (int)j;
                break;
            }
        }
    }
    /* which relations are driven: filtered themselves, or joined to a driven one */
    bool *filtered = dbl_calloc(p.rels.size + 1, sizeof *filtered);
    bool *driven = dbl_calloc(p.rels.size + 1, sizeof *driven);
    for (uint32_t i = 0; i < p.refs.size; i++) {
        const dbl_qref *r = &p.refs.items[i];
        if (r->rel >= 0 && (r->kind == DBL_QREF_EQ || r->kind == DBL_QREF_RANGE))
            filtered[r->rel] = driven[r->rel] = true;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < p.refs.size; i++) {
            const dbl_qref *r = &p.refs.items[i];
            if (r->kind != DBL_QREF_JOIN || r->rel < 0 || r->partner < 0 || driven[r->rel])
                continue;
            int other = p.refs.items[r->partner].rel;
            if (other >= 0 && other != r->rel && driven[other])
                changed = driven[r->rel] = true;
        }
    }
    for (uint32_t j = 0; j < p.rels.size; j++) {
        if (!tables[j])
            continue;
        const dbl_qrel *rel = &p.rels.items[j];
        S_want w = {.t = tables[j], .limited = rel->limited};
        const char *probe[DBL_ADVICE_MAX_COLUMNS]; /* join columns to a driven relation */
        uint32_t n_probe = 0;
        bool sort_elsewhere = false;
        uint32_t rels_in_scope = 0;
        for (uint32_t i = 0; i < p.rels.size; i++)
            rels_in_scope += p.rels.items[i].scope == rel->scope;
        for (uint32_t i = 0; i < p.refs.size; i++) {
            const dbl_qref *r = &p.refs.items[i];
            if (r->scope != rel->scope)
                continue;
            if (r->rel != (int)j) {
                if (r->kind == DBL_QREF_SORT)
                    sort_elsewhere = true;
                continue;
            }
            if (!S_column(w.t, r->column))
                continue;
            const char *key = r->column;
            if (r->expr) {
                if (r->kind != DBL_QREF_EQ && r->kind != DBL_QREF_RANGE)
                    continue;
                key = dbl_catalog_render_expr((dbl_catalog *)x->catalog, w.t, r->expr);
                /* a constant inside (date_trunc('day', ...)) is a $n in the shape: the index
                 * expression is unknown */
                if (strchr(key, '$'))
                    continue;
            }
            switch (r->kind) {
            case DBL_QREF_EQ: {
                uint32_t before = w.n_eq;
                S_add_unique(w.eq, &w.n_eq, key);
                if (w.n_eq > before)
                    w.eq_value[before] = r->param ? dbl_shape_fixed_value(s, r->param) : NULL;
                break;
            }
            case DBL_QREF_RANGE:
                if (!w.range)
                    w.range = key;
                break;
            case DBL_QREF_JOIN: {
                int other = r->partner >= 0 ? p.refs.items[r->partner].rel : -1;
                if (other >= 0 && other != (int)j && driven[other])
                    S_add_unique(probe, &n_probe, r->column);
                break;
            }
            case DBL_QREF_SORT:
                if (w.n_sort < DBL_ADVICE_MAX_COLUMNS) {
                    w.sort[w.n_sort] = r->column;
                    w.sort_desc[w.n_sort++] = r->desc;
                }
                break;
            /* not selective on their own: they decide which partial indexes apply */
            case DBL_QREF_NOT_NULL:
                S_add_unique(w.not_null, &w.n_not_null, r->column);
                break;
            case DBL_QREF_IS_NULL:
                S_add_unique(w.is_null, &w.n_is_null, r->column);
                break;
            case DBL_QREF_GROUP:
            case DBL_QREF_OUTPUT:
                break;
            }
            if (!r->expr && w.n_reads < 16 && !S_in(w.reads, w.n_reads, r->column))
                w.reads[w.n_reads++] = r->column;
        }
        if (w.range && S_in(w.eq, w.n_eq, w.range))
            w.range = NULL;
        w.covering = (s->info.kind == DBL_Q_SELECT || s->info.kind == DBL_Q_EXECUTE) && rels_in_scope == 1 &&
                     !rel->outputs_unknown && w.n_reads < 16;
        /* an ORDER BY an index must serve: with LIMIT, on this relation alone (without
         * LIMIT the filtered rows are sorted, and an index on the filter serves) */
        if (sort_elsewhere || rels_in_scope > 1 || !rel->limited)
            w.n_sort = 0;
        bool served = false;
        if (!filtered[j] && n_probe) {
            /* the inner side of a join: probed by its join key to a driven relation */
            for (uint32_t k = 0; k < n_probe && !served; k++) {
                S_want pw = w;
                pw.eq[0] = probe[k];
                pw.eq_value[0] = NULL;
                pw.n_eq = 1;
                pw.range = NULL;
                pw.n_sort = 0;
                for (uint32_t i = 0; i < w.t->indexes.size && !served; i++)
                    served = S_serves(w.t->indexes.items[i], &pw);
            }
            if (served) {
                x->stats->served++;
                continue;
            }
            w.eq[0] = probe[0];
            w.n_eq = 1;
            w.range = NULL;
            w.n_sort = 0;
        }
        if (!w.n_eq && !w.range && !w.n_sort)
            continue;
        for (uint32_t i = 0; i < w.t->indexes.size && !served; i++)
            served = S_serves(w.t->indexes.items[i], &w);
        if (served) {
            x->stats->served++;
            continue;
        }
        if (S_low_selectivity(&w)) {
            x->stats->low_selectivity++;
            continue;
        }
        S_suggest(x, s, &w);
    }
    dbl_free(filtered);
    dbl_free(driven);
    dbl_free(tables);
    dbl_free(views);
    dbl_qpreds_free(&p);
}

/* True if the first columns of the suggestion are exactly the FK's columns, in any order. */
static bool S_covers_fk(const dbl_advice *d, const dbl_constraint *fk)
{
    uint32_t n = fk->columns.size;
    if (!n || n > d->n_columns)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        bool found = false;
        for (uint32_t j = 0; j < n && !found; j++)
            found = strcmp(fk->columns.items[j]->name, d->columns[i]) == 0;
        if (!found)
            return false;
    }
    return true;
}

static bool S_fk_indexed(const dbl_table *t, const dbl_constraint *fk)
{
    for (uint32_t x = 0; x < t->indexes.size; x++) {
        const dbl_index *ix = t->indexes.items[x];
        uint32_t n = fk->columns.size;
        if (!ix->valid || ix->predicate || ix->keys.size < n || ix->dropped)
            continue;
        bool all = true;
        for (uint32_t i = 0; i < n && all; i++) {
            const dbl_column *kc = ix->keys.items[i].column;
            bool found = false;
            for (uint32_t j = 0; j < n && !found && kc; j++)
                found = fk->columns.items[j] == kc;
            all = found;
        }
        if (all)
            return true;
    }
    return false;
}

static int S_rank(const void *pa, const void *pb)
{
    const dbl_advice *a = *(const dbl_advice *const *)pa, *b = *(const dbl_advice *const *)pb;
    if (a->total_ms != b->total_ms)
        return a->total_ms > b->total_ms ? -1 : 1;
    if (a->calls != b->calls)
        return a->calls > b->calls ? -1 : 1;
    int c = strcmp(a->table_name, b->table_name);
    return c ? c : strcmp(a->columns[0], b->columns[0]);
}

void dbl_advise(dbl_arena *a, const dbl_catalog *catalog, const dbl_config *cfg, const dbl_shapes *shapes,
                dbl_advice_list *out, dbl_advice_stats *stats)
{
    (void)cfg;
    memset(stats, 0, sizeof *stats);
    S_ctx x = {.a = a, .catalog = catalog, .out = out, .stats = stats};
    uint32_t first = out->size;
    for (uint32_t i = 0; i < dbl_shapes_count(shapes); i++)
        S_shape(&x, dbl_shapes_get(shapes, i));
    dbl_hmap_free(&x.unknown);
    dbl_hmap names = {0};
    for (uint32_t i = first; i < out->size; i++) {
        dbl_advice *d = out->items[i];
        d->rule = d->n_columns > 1 ? "missing-composite-index" : "missing-index";
        dbl_buf cols = {0}, label = {0};
        for (uint32_t k = 0; k < d->n_columns; k++) {
            const char *c = d->columns[k];
            if (S_is_expr(c)) {
                /* PostgreSQL names an expression key after its function, else "expr" */
                size_t n = strspn(c, "abcdefghijklmnopqrstuvwxyz_0123456789");
                const char *label_part = n && c[n] == '(' ? dbl_arena_strndup(a, c, n) : "expr";
                dbl_buf_printf(&cols, "%s(%s)%s", k ? ", " : "", c, d->desc[k] ? " DESC" : "");
                dbl_buf_printf(&label, "%s%s", k ? "_" : "", label_part);
            } else {
                dbl_buf_printf(&cols, "%s%s%s", k ? ", " : "", dbl_quote_ident(a, c), d->desc[k] ? " DESC" : "");
                dbl_buf_printf(&label, "%s%s", k ? "_" : "", c);
            }
        }
        for (int pass = 0;; pass++) {
            char suffix[16];
            snprintf(suffix, sizeof suffix, pass ? "idx%d" : "idx", pass);
            d->name = dbl_catalog_choose_relation_name((dbl_catalog *)catalog, d->table->schema, d->table->name,
                                                       dbl_buf_str(&label), suffix);
            const char *key = dbl_arena_printf(a, "%s.%s", d->table->schema, d->name);
            if (!dbl_hmap_get(&names, key)) {
                dbl_hmap_put(&names, key, (void *)1);
                break;
            }
        }
        /* INCLUDE what the queries read besides the keys (a merge may have made some keys) */
        uint32_t kept = 0;
        for (uint32_t k = 0; k < d->n_include && !d->no_include; k++) {
            if (!S_in(d->columns, d->n_columns, d->include[k]))
                d->include[kept++] = d->include[k];
        }
        d->n_include = d->no_include ? 0 : kept;
        dbl_buf inc = {0};
        for (uint32_t k = 0; k < d->n_include; k++)
            dbl_buf_printf(&inc, "%s%s", k ? ", " : " INCLUDE (", dbl_quote_ident(a, d->include[k]));
        if (d->n_include)
            dbl_buf_putc(&inc, ')');
        d->sql = dbl_arena_printf(a, "CREATE INDEX %s%s ON %s.%s (%s)%s;",
                                  d->table->relkind == DBL_REL_PARTITIONED ? "" : "CONCURRENTLY ",
                                  dbl_quote_ident(a, d->name), dbl_quote_ident(a, d->table->schema),
                                  dbl_quote_ident(a, d->table->name), dbl_buf_str(&cols), dbl_buf_str(&inc));
        dbl_buf_free(&inc);
        dbl_buf_free(&cols);
        dbl_buf_free(&label);
        for (uint32_t k = 0; k < d->table->constraints.size; k++) {
            const dbl_constraint *fk = d->table->constraints.items[k];
            if (fk->kind == DBL_CON_FOREIGN && !fk->dropped && !fk->inherited && fk->name &&
                !S_fk_indexed(d->table, fk) && S_covers_fk(d, fk))
                dbl_array_push(&d->resolves_fks, fk->name);
        }
    }
    dbl_hmap_free(&names);
    if (out->size > first)
        qsort(out->items + first, out->size - first, sizeof *out->items, S_rank);
}

void dbl_advice_list_free(dbl_advice_list *l)
{
    for (uint32_t i = 0; i < l->size; i++) {
        dbl_array_free(&l->items[i]->queries);
        dbl_array_free(&l->items[i]->resolves_fks);
    }
    dbl_array_free(l);
}
