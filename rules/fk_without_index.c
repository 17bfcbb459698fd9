/* fk_without_index.c - foreign keys whose columns lead no usable index. */
#include <stdio.h>
#include <string.h>

#include "lint/hmap.h"
#include "rules/rule.h"

/* True if the first n keys of x are exactly the n columns of fk, in any order. */
static bool S_covers(const dbl_index *x, const dbl_constraint *fk)
{
    uint32_t n = fk->columns.size;
    if (!x->valid || x->predicate || x->keys.size < n || n == 0)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const dbl_column *kc = x->keys.items[i].column;
        if (!kc)
            return false;
        bool found = false;
        for (uint32_t j = 0; j < n && !found; j++)
            found = fk->columns.items[j] == kc;
        if (!found)
            return false;
    }
    return true;
}

static void S_check(dbl_rule_ctx *ctx)
{
    uint32_t nt;
    const dbl_table *const *tables = dbl_catalog_tables(ctx->catalog, &nt);
    dbl_hmap proposed = {0};
    for (uint32_t i = 0; i < nt; i++) {
        const dbl_table *t = tables[i];
        for (uint32_t k = 0; k < t->constraints.size; k++) {
            const dbl_constraint *fk = t->constraints.items[k];
            if (fk->kind != DBL_CON_FOREIGN || fk->inherited || fk->columns.size == 0)
                continue;
            bool covered = false;
            for (uint32_t x = 0; x < t->indexes.size && !covered; x++)
                covered = S_covers(t->indexes.items[x], fk);
            if (covered)
                continue;
            uint32_t n = fk->columns.size;
            const char **names = dbl_arena_alloc(ctx->scratch, sizeof(char *) * n);
            dbl_buf cols = {0}, add = {0};
            for (uint32_t j = 0; j < n; j++) {
                names[j] = fk->columns.items[j]->name;
                dbl_buf_printf(&cols, "%s%s", j ? ", " : "", dbl_quote_ident(ctx->scratch, names[j]));
                dbl_buf_printf(&add, "%s%s", j ? "_" : "", names[j]);
            }
            const char *table = dbl_qualified(ctx->scratch, t->schema, t->name);
            const char *ref = dbl_qualified(ctx->scratch, fk->ref_schema, fk->ref_name);
            /* a name PostgreSQL would choose, unused in the catalog and by other fixes */
            const char *iname = NULL;
            for (int pass = 0;; pass++) {
                char label[16];
                snprintf(label, sizeof label, pass ? "idx%d" : "idx", pass);
                iname = dbl_catalog_choose_relation_name((dbl_catalog *)ctx->catalog, t->schema, t->name,
                                                         dbl_buf_str(&add), label);
                const char *key = dbl_arena_printf(ctx->scratch, "%s.%s", t->schema, iname);
                if (!dbl_hmap_get(&proposed, key)) {
                    dbl_hmap_put(&proposed, key, (void *)1);
                    break;
                }
            }
            bool partitioned = t->relkind == DBL_REL_PARTITIONED;
            dbl_diag *d = dbl_rule_report(ctx, fk->loc,
                                          "foreign key %s on %s (%s) has no index with these leading columns",
                                          dbl_quote_ident(ctx->scratch, fk->name), table, dbl_buf_str(&cols));
            dbl_diag_str(ctx->diags, d, "table", table);
            dbl_diag_strs(ctx->diags, d, "columns", names, n);
            dbl_diag_str(ctx->diags, d, "references", ref);
            const char *sql = dbl_arena_printf(
                ctx->scratch, "CREATE INDEX %s%s ON %s.%s (%s);", partitioned ? "" : "CONCURRENTLY ",
                dbl_quote_ident(ctx->scratch, iname), dbl_quote_ident(ctx->scratch, t->schema),
                dbl_quote_ident(ctx->scratch, t->name), dbl_buf_str(&cols));
            dbl_diag_fix(ctx->diags, d, "add an index covering the foreign key", sql);
            dbl_buf_free(&cols);
            dbl_buf_free(&add);
        }
    }
    dbl_hmap_free(&proposed);
}

const dbl_rule dbl_rule_fk_without_index = {
    .name = "fk-without-index",
    .severity = DBL_SEV_WARNING,
    .summary = "a foreign key whose columns are not the leading columns of a valid, non-partial index "
               "on the referencing table",
    .rationale = "PostgreSQL indexes the referenced side of a foreign key (its primary key or unique "
                 "constraint) but never the referencing side. Without an index there, every DELETE or "
                 "key UPDATE on the parent scans the whole child table to check or cascade, holding "
                 "locks while it does, and joins from parent to children scan too. The cost grows "
                 "with the child table and shows up as slow deletes, lock waits and timeouts.",
    .bad = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
           "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
    .good = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n"
            "CREATE INDEX orders_user_id_idx ON orders (user_id);",
    .fix = "create an index whose leading columns are the foreign key's columns (any order); "
           "CONCURRENTLY avoids blocking writes on a live table",
    .object_keys = "table, columns, references",
    .check = S_check,
};
