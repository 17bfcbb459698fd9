/* guard.c - IF conditions of DO blocks decided on the catalog, as the catalog
 * views they query would answer on the database built so far. */
#include <stdlib.h>
#include <string.h>

#include "lint/catalog.h"

/* One row of a catalog view: its columns' values, NULL where the view has none. */
typedef struct {
    const char *schema, *table, *name; /* name: the index, column or constraint */
    char relkind;                      /* of the relation the row is about */
    char contype;                      /* pg_constraint rows */
} S_row;

typedef enum { S_V_INDEXES, S_V_CLASS, S_V_TABLES, S_V_CONSTRAINT, S_V_ATTRIBUTE, S_V_IS_TABLES,
               S_V_IS_COLUMNS, S_V_IS_CONSTRAINTS, S_V_UNKNOWN } S_view;

static S_view S_view_of(const char *v)
{
    static const char *const names[] = {"pg_indexes", "pg_class", "pg_tables", "pg_constraint", "pg_attribute",
                                        "information_schema.tables", "information_schema.columns",
                                        "information_schema.table_constraints"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(v, names[i]) == 0)
            return (S_view)i;
    return S_V_UNKNOWN;
}

/* 'x'::regclass, 'schema.x'::regclass: true if it names the row's relation. */
static bool S_regclass_is(const char *v, const S_row *r)
{
    const char *dot = strchr(v, '.');
    if (!dot)
        return strcmp(v, r->table) == 0; /* on the search_path: taken to be this one */
    return strlen(r->schema) == (size_t)(dot - v) && strncmp(v, r->schema, (size_t)(dot - v)) == 0 &&
           strcmp(dot + 1, r->table) == 0;
}

static const char *S_is_contype(char t)
{
    switch (t) {
    case 'p':
        return "PRIMARY KEY";
    case 'u':
        return "UNIQUE";
    case 'f':
        return "FOREIGN KEY";
    case 'c':
        return "CHECK";
    default:
        return NULL;
    }
}

/* 1: the row has column = one of values; 0: it has not; -1: dbl cannot tell. */
static int S_term(S_view v, const S_row *r, const char *col, const char *const *vals, uint32_t nv)
{
    for (uint32_t i = 0; i < nv; i++) {
        const char *x = vals[i];
        const char *have = NULL;
        char kind[2] = {0, 0};
        switch (v) {
        case S_V_INDEXES:
            have = strcmp(col, "schemaname") == 0 ? r->schema
                   : strcmp(col, "tablename") == 0 ? r->table
                   : strcmp(col, "indexname") == 0 ? r->name
                                                   : NULL;
            break;
        case S_V_CLASS:
            if (strcmp(col, "relkind") == 0) {
                kind[0] = r->relkind;
                have = kind;
            } else if (strcmp(col, "relnamespace") == 0) {
                have = r->schema;
            } else if (strcmp(col, "relname") == 0) {
                have = r->name ? r->name : r->table;
            }
            break;
        case S_V_TABLES:
            have = strcmp(col, "schemaname") == 0 ? r->schema : strcmp(col, "tablename") == 0 ? r->table : NULL;
            break;
        case S_V_IS_TABLES:
            if (strcmp(col, "table_type") == 0)
                have = r->relkind == 'v' ? "VIEW" : r->relkind == 'f' ? "FOREIGN" : "BASE TABLE";
            else
                have = strcmp(col, "table_schema") == 0 ? r->schema : strcmp(col, "table_name") == 0 ? r->table : NULL;
            break;
        case S_V_IS_COLUMNS:
            have = strcmp(col, "table_schema") == 0 ? r->schema
                   : strcmp(col, "table_name") == 0 ? r->table
                   : strcmp(col, "column_name") == 0 ? r->name
                                                     : NULL;
            break;
        case S_V_ATTRIBUTE:
            if (strcmp(col, "attrelid") == 0) {
                if (S_regclass_is(x, r))
                    return 1;
                continue;
            }
            have = strcmp(col, "attname") == 0 ? r->name : NULL;
            break;
        case S_V_CONSTRAINT:
            if (strcmp(col, "conrelid") == 0) {
                if (S_regclass_is(x, r))
                    return 1;
                continue;
            }
            if (strcmp(col, "contype") == 0) {
                kind[0] = r->contype;
                have = kind;
            } else {
                have = strcmp(col, "conname") == 0 ? r->name : NULL;
            }
            break;
        case S_V_IS_CONSTRAINTS:
            if (strcmp(col, "constraint_type") == 0)
                have = S_is_contype(r->contype);
            else
                have = strcmp(col, "constraint_schema") == 0 || strcmp(col, "table_schema") == 0 ? r->schema
                       : strcmp(col, "table_name") == 0                                          ? r->table
                       : strcmp(col, "constraint_name") == 0                                     ? r->name
                                                                                                 : NULL;
            if (!have && strcmp(col, "constraint_type") == 0)
                return 0;
            break;
        default:
            return -1;
        }
        if (!have)
            return -1;
        if (strcmp(have, x) == 0)
            return 1;
    }
    return 0;
}

/* 1 if the row matches every term, 0 if not, -1 if a term is unknown. */
static int S_row_matches(S_view v, const S_row *r, const dbl_ev_guard *g)
{
    int res = 1;
    for (uint32_t i = 0; i < g->n_terms; i++) {
        const char *t = g->terms[i];
        const char *sep = strchr(t, '\x1f');
        if (!sep)
            return -1;
        char col[64];
        size_t n = (size_t)(sep - t);
        if (n >= sizeof col)
            return -1;
        memcpy(col, t, n);
        col[n] = '\0';
        const char *vals[32];
        uint32_t nv = 0;
        for (const char *p = sep; p && nv < 32; p = strchr(p + 1, '\x1f'))
            vals[nv++] = p + 1;
        /* values run to the next separator: copy them out */
        char buf[32][128];
        for (uint32_t k = 0; k < nv; k++) {
            const char *e = strchr(vals[k], '\x1f');
            size_t len = e ? (size_t)(e - vals[k]) : strlen(vals[k]);
            if (len >= sizeof buf[k])
                return -1;
            memcpy(buf[k], vals[k], len);
            buf[k][len] = '\0';
            vals[k] = buf[k];
        }
        int m = S_term(v, r, col, vals, nv);
        if (m < 0)
            return -1;
        if (m == 0)
            res = 0;
    }
    return res;
}

/* Counts the rows of view v that match g; -1 if that cannot be told. */
static int64_t S_count(const dbl_catalog *c, S_view v, const dbl_ev_guard *g)
{
    uint32_t n;
    const dbl_table *const *rels = dbl_catalog_tables(c, &n);
    int64_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        const dbl_table *t = rels[i];
        char rk = (char)t->relkind;
        S_row rel = {t->schema, t->name, NULL, rk, 0};
        bool table_like = rk == 'r' || rk == 'p';
        int m;
        switch (v) {
        case S_V_CLASS:
        case S_V_TABLES:
        case S_V_IS_TABLES:
            if ((v == S_V_TABLES && !table_like) || (v == S_V_IS_TABLES && !(table_like || rk == 'v' || rk == 'f')))
                break;
            if ((m = S_row_matches(v, &rel, g)) < 0)
                return -1;
            count += m;
            if (v != S_V_CLASS)
                break;
            for (uint32_t k = 0; k < t->indexes.size; k++) {
                const dbl_index *x = t->indexes.items[k];
                S_row r = {x->schema, t->name, x->name, rk == 'p' ? 'I' : 'i', 0};
                if ((m = S_row_matches(v, &r, g)) < 0)
                    return -1;
                count += m;
            }
            break;
        case S_V_INDEXES:
            if (!table_like && rk != 'm')
                break;
            for (uint32_t k = 0; k < t->indexes.size; k++) {
                const dbl_index *x = t->indexes.items[k];
                S_row r = {t->schema, t->name, x->name, rk, 0};
                if ((m = S_row_matches(v, &r, g)) < 0)
                    return -1;
                count += m;
            }
            break;
        case S_V_ATTRIBUTE:
        case S_V_IS_COLUMNS:
            if (t->opaque)
                return -1;
            if (v == S_V_IS_COLUMNS && !(table_like || rk == 'v' || rk == 'f' || rk == 'm'))
                break;
            for (uint32_t k = 0; k < t->columns.size; k++) {
                const dbl_column *col = t->columns.items[k];
                if (col->dropped)
                    continue;
                S_row r = {t->schema, t->name, col->name, rk, 0};
                if ((m = S_row_matches(v, &r, g)) < 0)
                    return -1;
                count += m;
            }
            break;
        case S_V_CONSTRAINT:
        case S_V_IS_CONSTRAINTS:
            for (uint32_t k = 0; k < t->constraints.size; k++) {
                const dbl_constraint *k2 = t->constraints.items[k];
                if (k2->dropped || !k2->name)
                    continue;
                S_row r = {t->schema, t->name, k2->name, rk, (char)k2->kind};
                if ((m = S_row_matches(v, &r, g)) < 0)
                    return -1;
                count += m;
            }
            break;
        default:
            return -1;
        }
    }
    return count;
}

int dbl_catalog_guard(const dbl_catalog *c, const dbl_ev_guard *g)
{
    S_view v = S_view_of(g->view);
    if (v == S_V_UNKNOWN)
        return -1;
    int64_t n = S_count(c, v, g);
    if (n < 0)
        return -1;
    bool r;
    switch (g->op) {
    case 'e':
        r = n > 0;
        break;
    case '=':
        r = n == g->count;
        break;
    case '!':
        r = n != g->count;
        break;
    case '<':
        r = n < g->count;
        break;
    case '>':
        r = n > g->count;
        break;
    case 'l':
        r = n <= g->count;
        break;
    case 'g':
        r = n >= g->count;
        break;
    default:
        return -1;
    }
    return (r != g->negate) ? 1 : 0;
}
