/* registry.c - the one table of rules, and the engine-reported rules' docs. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rules/rule.h"

const dbl_rule dbl_rule_syntax_error = {
    .name = "syntax-error",
    .severity = DBL_SEV_ERROR,
    .summary = "a statement the PostgreSQL parser rejects",
    .rationale = "PostgreSQL would refuse the statement, so the migration fails at that point, or, "
                 "run with psql's default ON_ERROR_STOP=off, silently skips it and leaves the schema "
                 "in a state nobody wrote down. dbl parses with PostgreSQL's own parser (libpg_query), "
                 "so the error and its position are the ones the server would report.",
    .bad = "CREATE TABLE orders (id bigint PRIMARY KEY,);",
    .good = "CREATE TABLE orders (id bigint PRIMARY KEY);",
    .fix = "correct the statement; the message is PostgreSQL's own",
    .object_keys = "",
};

const dbl_rule dbl_rule_invalid_input = {
    .name = "invalid-input",
    .severity = DBL_SEV_ERROR,
    .summary = "bytes that are not SQL text: invalid UTF-8, NUL bytes, a binary file",
    .rationale = "PostgreSQL reads scripts as UTF-8 text; invalid bytes make psql or the server reject "
                 "the statement, and a binary file is usually a mistake in the file list.",
    .bad = "CREATE TABLE caf\\xe9 (id int);  -- a Latin-1 byte",
    .good = "CREATE TABLE café (id int);",
    .fix = "save the file as UTF-8, or exclude it from the paths dbl reads",
    .object_keys = "",
};

const dbl_rule dbl_rule_unknown_rule = {
    .name = "unknown-rule",
    .severity = DBL_SEV_WARNING,
    .summary = "a dbl-ignore comment names a rule that does not exist",
    .rationale = "A misspelt suppression suppresses nothing, so the finding it was meant to silence "
                 "comes back, or a real finding is believed silenced on purpose.",
    .bad = "-- dbl-ignore fk-without-indx: small table\nALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;",
    .good = "-- dbl-ignore fk-without-index: small table\nALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;",
    .fix = "spell the rule as `dbl rules` lists it",
    .object_keys = "",
};

static const dbl_rule *const S_rules[] = {
    &dbl_rule_syntax_error,
    &dbl_rule_invalid_input,
    &dbl_rule_unknown_rule,
    &dbl_rule_unused_suppression,
    &dbl_rule_missing_reason,
    &dbl_rule_fk_without_index,
    &dbl_rule_redundant_index,
    &dbl_rule_nullable_money,
    &dbl_rule_float_money,
    &dbl_rule_decimal_to_float,
    &dbl_rule_dynamic_sql,
    &dbl_rule_unknown_object,
    &dbl_rule_n_plus_one,
    &dbl_rule_repeated_query,
    &dbl_rule_missing_index,
    &dbl_rule_missing_composite_index,
};

const dbl_rule *const *dbl_rules_all(uint32_t *n)
{
    *n = sizeof S_rules / sizeof S_rules[0];
    return S_rules;
}

const dbl_rule *dbl_rule_find(const char *name)
{
    for (size_t i = 0; i < sizeof S_rules / sizeof S_rules[0]; i++)
        if (strcmp(S_rules[i]->name, name) == 0)
            return S_rules[i];
    return NULL;
}

dbl_diag *dbl_rule_report(dbl_rule_ctx *ctx, dbl_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dbl_diag *d = dbl_diag_addv(ctx->diags, ctx->rule->name, ctx->severity, loc, fmt, ap);
    va_end(ap);
    return d;
}

const char *dbl_qualified(dbl_arena *a, const char *schema, const char *name)
{
    size_t n1 = strlen(schema), n2 = strlen(name);
    char *r = dbl_arena_alloc(a, n1 + n2 + 2);
    memcpy(r, schema, n1);
    r[n1] = '.';
    memcpy(r + n1 + 1, name, n2 + 1);
    return r;
}
