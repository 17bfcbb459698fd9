/* redundant_index.c - indexes another index on the same table makes unnecessary. */
#include <string.h>

#include "rules/rule.h"

static bool S_streq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* ASC is the default order; NULLS LAST goes with ASC and NULLS FIRST with DESC. */
static void S_norm(const dbl_index_key *k, int *sort, int *nulls)
{
    *sort = k->sort == DBL_SORT_DESC ? 1 : 0;
    *nulls = k->nulls == DBL_NULLS_DEFAULT ? (*sort ? 1 : 0) : k->nulls == DBL_NULLS_FIRST ? 1 : 0;
}

/* Same column or expression, and the same collation and operator class as
 * PostgreSQL records them (a written default is the default). */
static bool S_key_equal(const dbl_catalog *c, const dbl_index *xa, const dbl_index_key *a, const dbl_index *xb,
                        const dbl_index_key *b)
{
    if (a->column != b->column || !S_streq(a->expr, b->expr))
        return false;
    if (!dbl_index_keys_same_class(c, xa, a, xb, b))
        return false;
    int sa, na, sb, nb;
    S_norm(a, &sa, &na);
    S_norm(b, &sb, &nb);
    return sa == sb && na == nb;
}

static bool S_has_column(const dbl_index *x, const dbl_column *col)
{
    for (uint32_t i = 0; i < x->keys.size; i++)
        if (x->keys.items[i].column == col)
            return true;
    for (uint32_t i = 0; i < x->include.size; i++)
        if (x->include.items[i] == col)
            return true;
    return false;
}

static bool S_include_equal(const dbl_index *a, const dbl_index *b)
{
    if (a->include.size != b->include.size)
        return false;
    for (uint32_t i = 0; i < a->include.size; i++) {
        bool found = false;
        for (uint32_t j = 0; j < b->include.size && !found; j++)
            found = a->include.items[i] == b->include.items[j];
        if (!found)
            return false;
    }
    return true;
}

/* True if b makes a unnecessary, as the rule's definition says. */
static bool S_covered_by(const dbl_catalog *c, const dbl_index *a, const dbl_index *b)
{
    if (a == b || !b->valid || strcmp(a->method, b->method) != 0 || !S_streq(a->predicate, b->predicate))
        return false;
    if (a->constraint)
        return false;
    bool btree = strcmp(a->method, "btree") == 0;
    if (btree ? a->keys.size > b->keys.size : a->keys.size != b->keys.size)
        return false;
    for (uint32_t i = 0; i < a->keys.size; i++)
        if (!S_key_equal(c, a, &a->keys.items[i], b, &b->keys.items[i]))
            return false;
    for (uint32_t i = 0; i < a->include.size; i++)
        if (!S_has_column(b, a->include.items[i]))
            return false;
    if (a->unique && (!b->unique || b->keys.size != a->keys.size || a->nulls_not_distinct != b->nulls_not_distinct))
        return false;
    return true;
}

static bool S_identical(const dbl_index *a, const dbl_index *b)
{
    return a->keys.size == b->keys.size && a->unique == b->unique &&
           a->nulls_not_distinct == b->nulls_not_distinct && S_include_equal(a, b);
}

static const char *S_key_text(dbl_arena *a, const dbl_index *x)
{
    dbl_buf b = {0};
    for (uint32_t i = 0; i < x->keys.size; i++) {
        const dbl_index_key *k = &x->keys.items[i];
        dbl_buf_printf(&b, "%s%s", i ? ", " : "", k->column ? dbl_quote_ident(a, k->column->name) : k->expr);
    }
    const char *r = dbl_arena_strdup(a, dbl_buf_str(&b));
    dbl_buf_free(&b);
    return r;
}

static void S_check(dbl_rule_ctx *ctx)
{
    uint32_t nt;
    const dbl_table *const *tables = dbl_catalog_tables(ctx->catalog, &nt);
    for (uint32_t i = 0; i < nt; i++) {
        const dbl_table *t = tables[i];
        for (uint32_t ai = 0; ai < t->indexes.size; ai++) {
            const dbl_index *a = t->indexes.items[ai];
            /* an index cloned onto a partition is reported once, on its parent */
            if (a->parent && a->loc.file == a->parent->loc.file &&
                a->loc.span.start == a->parent->loc.span.start)
                continue;
            const dbl_index *by = NULL;
            for (uint32_t bi = 0; bi < t->indexes.size && !by; bi++) {
                const dbl_index *b = t->indexes.items[bi];
                if (!S_covered_by(ctx->catalog, a, b))
                    continue;
                /* of two identical indexes the later one is reported */
                if (S_identical(a, b) && a->seq < b->seq && !b->constraint)
                    continue;
                by = b;
            }
            if (!by)
                continue;
            const char *table = dbl_qualified(ctx->scratch, t->schema, t->name);
            const char *an = dbl_qualified(ctx->scratch, a->schema, a->name);
            const char *bn = dbl_qualified(ctx->scratch, by->schema, by->name);
            dbl_diag *d;
            if (S_identical(a, by))
                d = dbl_rule_report(ctx, a->loc, "index %s duplicates %s (%s)", an, bn, S_key_text(ctx->scratch, a));
            else
                d = dbl_rule_report(ctx, a->loc, "index %s (%s) is covered by %s (%s)", an,
                                    S_key_text(ctx->scratch, a), bn, S_key_text(ctx->scratch, by));
            dbl_diag_str(ctx->diags, d, "table", table);
            dbl_diag_str(ctx->diags, d, "index", an);
            dbl_diag_str(ctx->diags, d, "covered_by", bn);
            const char *sql = dbl_arena_printf(ctx->scratch, "DROP INDEX %s%s.%s;",
                                               t->relkind == DBL_REL_PARTITIONED ? "" : "CONCURRENTLY ",
                                               dbl_quote_ident(ctx->scratch, a->schema),
                                               dbl_quote_ident(ctx->scratch, a->name));
            dbl_diag_fix(ctx->diags, d, "drop the redundant index", sql);
        }
    }
}

const dbl_rule dbl_rule_redundant_index = {
    .name = "redundant-index",
    .severity = DBL_SEV_WARNING,
    .summary = "an index that duplicates another, or whose key is a leading prefix of another btree "
               "index with the same predicate",
    .rationale = "Every index is written on every INSERT and on every UPDATE of its columns, takes disk "
                 "and cache, and is vacuumed. An index whose key is a leading prefix of another btree "
                 "index (same method, predicate, operator classes, collations and sort order) answers "
                 "no query the longer one cannot, so it costs write throughput and memory for nothing. "
                 "A unique index, or one that backs a constraint, is kept unless the other enforces "
                 "the same uniqueness.",
    .bad = "CREATE TABLE t (a int, b int);\n"
           "CREATE INDEX t_a_idx ON t (a);\n"
           "CREATE INDEX t_a_b_idx ON t (a, b);",
    .good = "CREATE TABLE t (a int, b int);\n"
            "CREATE INDEX t_a_b_idx ON t (a, b);\n"
            "CREATE INDEX t_b_idx ON t (b);",
    .fix = "drop the redundant index (DROP INDEX CONCURRENTLY avoids blocking writes); the message "
           "names the index that covers it",
    .object_keys = "table, index, covered_by",
    .check = S_check,
};
