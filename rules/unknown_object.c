/* unknown_object.c - a statement that fails because it names an object the whole schema never creates. */
#include <string.h>

#include "rules/rule.h"

static void S_check(dbl_rule_ctx *ctx)
{
    uint32_t n;
    const dbl_unknown_object *u = dbl_catalog_unknown_objects(ctx->catalog, &n);
    for (uint32_t i = 0; i < n; i++) {
        dbl_diag *d;
        if (strcmp(u[i].kind, "search_path") == 0 && !*u[i].name)
            d = dbl_rule_report(ctx, u[i].loc, "the search_path is empty: no schema to create the object in");
        else if (strcmp(u[i].kind, "search_path") == 0)
            d = dbl_rule_report(ctx, u[i].loc, "no schema of the search_path (%s) exists to create the object in",
                                u[i].name);
        else if (u[i].table)
            d = dbl_rule_report(ctx, u[i].loc, "%s \"%s\" of table \"%s\" does not exist", u[i].kind, u[i].name,
                                u[i].table);
        else
            d = dbl_rule_report(ctx, u[i].loc, "%s \"%s\" does not exist", u[i].kind, u[i].name);
        dbl_diag_str(ctx->diags, d, "kind", u[i].kind);
        dbl_diag_str(ctx->diags, d, "name", u[i].name);
        if (u[i].table)
            dbl_diag_str(ctx->diags, d, "table", u[i].table);
    }
}

const dbl_rule dbl_rule_unknown_object = {
    .name = "unknown-object",
    .severity = DBL_SEV_WARNING,
    .complete_only = true,
    .summary = "a statement naming a table, index, column, constraint, type or schema the inputs never create",
    .rationale = "With --complete the inputs are the whole schema, so a statement that names an object "
                 "none of them creates fails in PostgreSQL (\"relation ... does not exist\"): the migration "
                 "stops there, or, run with psql's default ON_ERROR_STOP=off, goes on without that "
                 "statement. dbl applies the statement as PostgreSQL would, so it changes nothing, and "
                 "every later finding is about the schema without it. Usually a name is misspelt, a file "
                 "is missing from the inputs or runs in the wrong order, or the object is made by "
                 "something dbl does not read (an extension, dynamic SQL).",
    .bad = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
           "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES usres (id));",
    .good = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
    .fix = "correct the name, add the file that creates the object to the inputs (in migration order), "
           "or lint without --complete if the inputs are not the whole schema",
    .object_keys = "kind (relation, table, view, materialized view, foreign table, index, column, "
                   "constraint, type, schema, or search_path when no schema of the path exists), name (as "
                   "written), table (of a column or constraint)",
    .check = S_check,
};
