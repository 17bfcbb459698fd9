/* dynamic_sql.c - DO blocks and functions that run SQL built at run time. */
#include "rules/rule.h"

static void S_check(dbl_rule_ctx *ctx)
{
    for (uint32_t i = 0; i < ctx->n_events; i++) {
        const dbl_event *ev = &ctx->events[i];
        if (ev->kind != DBL_EV_DYNAMIC_SQL || !ev->runtime_sql)
            continue;
        dbl_diag *d;
        if (ev->name) {
            d = dbl_rule_report(ctx, ev->loc,
                                "objects created by dynamic SQL in function %s are not modelled: it builds DDL "
                                "at run time (EXECUTE)",
                                ev->name);
            dbl_diag_str(ctx->diags, d, "function", ev->name);
        } else {
            dbl_rule_report(ctx, ev->loc,
                            "objects created by dynamic SQL here are not modelled: this DO block runs SQL built "
                            "at run time (EXECUTE)");
        }
    }
}

const dbl_rule dbl_rule_dynamic_sql = {
    .name = "dynamic-sql",
    .severity = DBL_SEV_INFO,
    .summary = "a DO block or function runs SQL built at run time, which dbl cannot model",
    .rationale = "dbl reads schema changes from the statements it sees. EXECUTE of a string put together "
                 "while the block runs (format() with variables, concatenation, a loop over pg_tables) "
                 "creates, alters or drops objects whose names and definitions exist only at run time, so "
                 "they are missing from dbl's catalog: a table created that way is unknown, and findings "
                 "about it are not made. When such a block may drop or rename something, the indexes it "
                 "names are forgotten rather than kept stale. EXECUTE of a constant string, or of "
                 "format() and || over constants only, is read like a plain statement and is not reported.",
    .bad = "DO $$\nDECLARE t text;\nBEGIN\n  FOREACH t IN ARRAY ARRAY['a', 'b'] LOOP\n"
           "    EXECUTE format('CREATE TABLE %I (id bigint PRIMARY KEY)', 'audit_' || t);\n"
           "  END LOOP;\nEND $$;",
    .good = "CREATE TABLE audit_a (id bigint PRIMARY KEY);\nCREATE TABLE audit_b (id bigint PRIMARY KEY);",
    .fix = "write the statements out (a migration generator can expand the loop), or accept that dbl does "
           "not see these objects and lint the schema dumped from a database instead",
    .object_keys = "function (functions only)",
    .check = S_check,
};
