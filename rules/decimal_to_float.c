/* decimal_to_float.c - exact decimal columns converted to floating point. */
#include "rules/rule.h"

static void S_check(dbl_rule_ctx *ctx)
{
    for (uint32_t i = 0; i < ctx->n_events; i++) {
        const dbl_event *ev = &ctx->events[i];
        if (ev->kind != DBL_EV_ALTER_COLUMN_TYPE || !ev->old_typeinfo || !ev->column_after)
            continue;
        const dbl_typeinfo *from = ev->old_typeinfo;
        const dbl_column *col = ev->column_after;
        if (from->array_dims || (from->cls != DBL_TC_NUMERIC && from->cls != DBL_TC_MONEY))
            continue;
        /* judged on the final schema: the column still exists and is still floating point */
        dbl_loc loc = ev->loc;
        if (ev->type.span.start > loc.span.start && ev->type.span.start < loc.span.end)
            loc.span.start = ev->type.span.start;
        if (col->dropped || col->table->dropped || !dbl_type_is_float(&col->type) ||
            col->type_loc.span.start != loc.span.start || col->type_loc.file != loc.file)
            continue;
        const dbl_table *t = col->table;
        const char *table = dbl_qualified(ctx->scratch, t->schema, t->name);
        dbl_diag *d = dbl_rule_report(ctx, loc, "column %s.%s changes from %s to %s: values are rounded to binary floating point",
                                      table, dbl_quote_ident(ctx->scratch, col->name), ev->old_type, col->type.text);
        dbl_diag_str(ctx->diags, d, "table", table);
        dbl_diag_str(ctx->diags, d, "column", col->name);
        dbl_diag_str(ctx->diags, d, "from", ev->old_type);
        dbl_diag_str(ctx->diags, d, "to", col->type.text);
        dbl_diag_fix(ctx->diags, d, "keep the exact type",
                     dbl_arena_printf(ctx->scratch, "ALTER TABLE %s.%s ALTER COLUMN %s TYPE %s;",
                                      dbl_quote_ident(ctx->scratch, t->schema),
                                      dbl_quote_ident(ctx->scratch, t->name),
                                      dbl_quote_ident(ctx->scratch, col->name), ev->old_type));
    }
}

const dbl_rule dbl_rule_decimal_to_float = {
    .name = "decimal-to-float",
    .severity = DBL_SEV_ERROR,
    .summary = "a column changed from an exact decimal type (numeric/decimal, money) to a "
               "floating-point type",
    .rationale = "ALTER COLUMN ... TYPE rewrites every existing value: numeric(12,4) 0.1 becomes the "
                 "nearest double, 0.1000000000000000055511151231257827, and real keeps only about 6 "
                 "digits, so large amounts lose cents. The rounding is permanent: converting back "
                 "does not restore the original values. Arithmetic speed is rarely worth that.",
    .bad = "CREATE TABLE market_data (id bigint PRIMARY KEY, price numeric(12,4));\n"
           "ALTER TABLE market_data ALTER COLUMN price TYPE double precision;",
    .good = "CREATE TABLE market_data (id bigint PRIMARY KEY, price numeric(12,4));\n"
            "ALTER TABLE market_data ALTER COLUMN price TYPE numeric(18,6);",
    .fix = "keep an exact type; widen numeric's precision or scale if more room is needed",
    .object_keys = "table, column, from, to",
    .check = S_check,
};
