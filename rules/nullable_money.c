/* nullable_money.c - money columns that allow NULL. */
#include "rules/rule.h"

static void S_check(dbl_rule_ctx *ctx)
{
    uint32_t nt;
    const dbl_table *const *tables = dbl_catalog_tables(ctx->catalog, &nt);
    for (uint32_t i = 0; i < nt; i++) {
        const dbl_table *t = tables[i];
        if (t->relkind != DBL_REL_TABLE && t->relkind != DBL_REL_PARTITIONED)
            continue;
        for (uint32_t c = 0; c < t->columns.size; c++) {
            const dbl_column *col = t->columns.items[c];
            if (col->inherited || col->not_null || col->generated)
                continue;
            if (col->type.domain && col->type.domain->not_null)
                continue;
            if (!dbl_money_like(ctx->config, col->name, &col->type))
                continue;
            const char *table = dbl_qualified(ctx->scratch, t->schema, t->name);
            dbl_diag *d = dbl_rule_report(ctx, col->null_loc, "money column %s.%s (%s) allows NULL", table,
                                          dbl_quote_ident(ctx->scratch, col->name), col->type.text);
            dbl_diag_str(ctx->diags, d, "table", table);
            dbl_diag_str(ctx->diags, d, "column", col->name);
            dbl_diag_fix(ctx->diags, d, "backfill the NULLs, then forbid them",
                         dbl_arena_printf(ctx->scratch, "ALTER TABLE %s.%s ALTER COLUMN %s SET NOT NULL;",
                                          dbl_quote_ident(ctx->scratch, t->schema),
                                          dbl_quote_ident(ctx->scratch, t->name),
                                          dbl_quote_ident(ctx->scratch, col->name)));
        }
    }
}

const dbl_rule dbl_rule_nullable_money = {
    .name = "nullable-money",
    .severity = DBL_SEV_WARNING,
    .summary = "a money-like column that allows NULL",
    .rationale = "NULL is not zero: SUM() skips it, price * quantity becomes NULL, comparisons are "
                 "unknown, and application code that reads it as 0 and code that rejects it disagree. "
                 "A missing amount should be impossible to store, not a case every reader handles.",
    .bad = "CREATE TABLE orders (id bigint PRIMARY KEY, total_price numeric(12,2));",
    .good = "CREATE TABLE orders (id bigint PRIMARY KEY, total_price numeric(12,2) NOT NULL);",
    .fix = "declare the column NOT NULL (with a DEFAULT if rows are inserted without it); on a live "
           "table backfill NULLs first",
    .object_keys = "table, column",
    .check = S_check,
};
