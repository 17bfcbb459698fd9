/* float_money.c - money stored in binary floating point. */
#include "rules/rule.h"

static void S_check(dbl_rule_ctx *ctx)
{
    uint32_t nt;
    const dbl_table *const *tables = dbl_catalog_tables(ctx->catalog, &nt);
    for (uint32_t i = 0; i < nt; i++) {
        const dbl_table *t = tables[i];
        if (t->relkind != DBL_REL_TABLE && t->relkind != DBL_REL_PARTITIONED &&
            t->relkind != DBL_REL_FOREIGN)
            continue;
        for (uint32_t c = 0; c < t->columns.size; c++) {
            const dbl_column *col = t->columns.items[c];
            if (col->inherited || !dbl_type_is_float(&col->type) || !dbl_money_name(ctx->config, col->name))
                continue;
            const char *table = dbl_qualified(ctx->scratch, t->schema, t->name);
            dbl_diag *d = dbl_rule_report(ctx, col->type_loc, "money column %s.%s is stored as %s", table,
                                          dbl_quote_ident(ctx->scratch, col->name), col->type.text);
            dbl_diag_str(ctx->diags, d, "table", table);
            dbl_diag_str(ctx->diags, d, "column", col->name);
            dbl_diag_str(ctx->diags, d, "type", col->type.text);
            dbl_diag_fix(ctx->diags, d, "store money in an exact decimal type (choose the scale of the currency)",
                         dbl_arena_printf(ctx->scratch, "ALTER TABLE %s.%s ALTER COLUMN %s TYPE numeric(19,4);",
                                          dbl_quote_ident(ctx->scratch, t->schema),
                                          dbl_quote_ident(ctx->scratch, t->name),
                                          dbl_quote_ident(ctx->scratch, col->name)));
        }
    }
}

const dbl_rule dbl_rule_float_money = {
    .name = "float-money",
    .severity = DBL_SEV_ERROR,
    .summary = "a money-like column stored as real, double precision or float",
    .rationale = "Binary floating point cannot represent most decimal fractions: 0.1 + 0.2 is "
                 "0.30000000000000004, sums drift with row order, and real keeps only about 6 "
                 "significant digits. Totals stop matching invoices and ledgers stop balancing, "
                 "silently. numeric stores decimal amounts exactly.",
    .bad = "CREATE TABLE market_data (id bigint PRIMARY KEY, price double precision NOT NULL);",
    .good = "CREATE TABLE market_data (id bigint PRIMARY KEY, price numeric(12,4) NOT NULL);",
    .fix = "use numeric(p,s) with the currency's scale, or an integer count of minor units",
    .object_keys = "table, column, type",
    .check = S_check,
};
