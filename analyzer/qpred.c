/* qpred.c - filter, join and sort columns of a statement, from its raw parse tree (see qpred.h). */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"

#include <string.h>

#include "analyzer/qpred.h"
#include "lint/deparse.h"

typedef DBL_ARRAY(const Node *) S_nodes;

typedef struct {
    dbl_arena *a;
    dbl_qpreds *out;
    DBL_ARRAY(const char *) ctes; /* names of the CTEs in scope */
} S_ctx;

static void S_stmt(S_ctx *x, const Node *n);
static void S_select(S_ctx *x, const SelectStmt *s);

static const char *S_dup(S_ctx *x, const char *s)
{
    return s ? dbl_arena_strdup(x->a, s) : NULL;
}

static bool S_is_cte(const S_ctx *x, const char *name)
{
    for (uint32_t i = 0; i < x->ctes.size; i++) {
        if (strcmp(x->ctes.items[i], name) == 0)
            return true;
    }
    return false;
}

static void S_add_rel(S_ctx *x, uint32_t scope, const char *schema, const char *name, const char *alias,
                      bool derived)
{
    dbl_qrel r = {.schema = S_dup(x, schema), .name = S_dup(x, name), .alias = S_dup(x, alias),
                  .derived = derived, .scope = scope};
    dbl_array_push(&x->out->rels, r);
}

/* The relation of scope a qualifier names (alias, or the name of an unaliased relation), or -1. */
static int S_resolve(const S_ctx *x, uint32_t scope, const char *schema, const char *qual)
{
    int only = -1, count = 0;
    for (uint32_t i = 0; i < x->out->rels.size; i++) {
        const dbl_qrel *r = &x->out->rels.items[i];
        if (r->scope != scope)
            continue;
        count++;
        only = (int)i;
        if (!qual)
            continue;
        if (r->alias ? strcmp(r->alias, qual) == 0 && !schema
                     : strcmp(r->name, qual) == 0 && (!schema || (r->schema && strcmp(r->schema, schema) == 0)))
            return (int)i;
    }
    return !qual && count == 1 ? only : -1;
}

/* A ColumnRef as (schema, qualifier, column); false for `*` and odd forms. */
static bool S_colref(const Node *n, const char **schema, const char **qual, const char **col)
{
    if (!n)
        return false;
    if (IsA(n, TypeCast))
        return S_colref(((const TypeCast *)n)->arg, schema, qual, col);
    if (!IsA(n, ColumnRef))
        return false;
    const List *f = ((const ColumnRef *)n)->fields;
    int len = list_length(f);
    for (int i = 0; i < len; i++) {
        if (!IsA(list_nth(f, i), String))
            return false;
    }
    *schema = len >= 3 ? strVal(list_nth(f, len - 3)) : NULL;
    *qual = len >= 2 ? strVal(list_nth(f, len - 2)) : NULL;
    *col = strVal(llast(f));
    return len <= 3;
}

/* Adds a reference; returns its index, or -1 if col is not a column. */
static int S_add_ref(S_ctx *x, uint32_t scope, dbl_qref_kind kind, const Node *col, bool desc, int param)
{
    const char *schema, *qual, *name;
    if (!S_colref(col, &schema, &qual, &name))
        return -1;
    dbl_qref r = {.kind = kind, .scope = scope, .column = S_dup(x, name), .qualifier = S_dup(x, qual),
                  .desc = desc, .param = param, .partner = -1};
    r.rel = S_resolve(x, scope, schema, qual);
    dbl_array_push(&x->out->refs, r);
    return (int)x->out->refs.size - 1;
}

/* Does the expression mention no column (a constant, a parameter, now(), a cast of those)? */
static bool S_value(const Node *n, int *param)
{
    if (!n)
        return false;
    switch (nodeTag(n)) {
    case T_ParamRef:
        *param = ((const ParamRef *)n)->number;
        return true;
    case T_A_Const:
        return true;
    case T_TypeCast:
        return S_value(((const TypeCast *)n)->arg, param);
    case T_FuncCall: {
        const ListCell *lc;
        int ignored;
        foreach (lc, ((const FuncCall *)n)->args) {
            if (!S_value(lfirst(lc), &ignored))
                return false;
        }
        return true;
    }
    case T_SQLValueFunction:
        return true;
    case T_A_ArrayExpr: {
        const ListCell *lc;
        int ignored;
        foreach (lc, ((const A_ArrayExpr *)n)->elements) {
            if (!S_value(lfirst(lc), &ignored))
                return false;
        }
        return true;
    }
    case T_A_Expr: {
        const A_Expr *e = (const A_Expr *)n;
        int ignored;
        return (!e->lexpr || S_value(e->lexpr, &ignored)) && (!e->rexpr || S_value(e->rexpr, &ignored));
    }
    case T_List: {
        const ListCell *lc;
        int ignored;
        foreach (lc, (const List *)n) {
            if (!S_value(lfirst(lc), &ignored))
                return false;
        }
        return true;
    }
    default:
        return false;
    }
}

static bool S_is_col(const Node *n)
{
    const char *a, *b, *c;
    return S_colref(n, &a, &b, &c);
}

static void S_sublinks(S_ctx *x, const Node *n);

/* The first ColumnRef inside an expression of function calls, casts, operators and COALESCE. */
static ColumnRef *S_first_col(Node *n)
{
    if (!n)
        return NULL;
    ListCell *lc;
    switch (nodeTag(n)) {
    case T_ColumnRef:
        return (ColumnRef *)n;
    case T_FuncCall:
        foreach (lc, ((FuncCall *)n)->args) {
            ColumnRef *c = S_first_col(lfirst(lc));
            if (c)
                return c;
        }
        return NULL;
    case T_TypeCast:
        return S_first_col(((TypeCast *)n)->arg);
    case T_A_Expr: {
        ColumnRef *c = S_first_col(((A_Expr *)n)->lexpr);
        return c ? c : S_first_col(((A_Expr *)n)->rexpr);
    }
    case T_CoalesceExpr:
        foreach (lc, ((CoalesceExpr *)n)->args) {
            ColumnRef *c = S_first_col(lfirst(lc));
            if (c)
                return c;
        }
        return NULL;
    default:
        return NULL;
    }
}

/* Drops the qualifiers of every column an expression reads (an index expression names bare columns). */
static void S_unqualify(Node *n)
{
    if (!n)
        return;
    ListCell *lc;
    switch (nodeTag(n)) {
    case T_ColumnRef: {
        ColumnRef *c = (ColumnRef *)n;
        if (list_length(c->fields) > 1)
            c->fields = list_make1(llast(c->fields));
        break;
    }
    case T_FuncCall:
        foreach (lc, ((FuncCall *)n)->args)
            S_unqualify(lfirst(lc));
        break;
    case T_TypeCast:
        S_unqualify(((TypeCast *)n)->arg);
        break;
    case T_A_Expr:
        S_unqualify(((A_Expr *)n)->lexpr);
        S_unqualify(((A_Expr *)n)->rexpr);
        break;
    case T_CoalesceExpr:
        foreach (lc, ((CoalesceExpr *)n)->args)
            S_unqualify(lfirst(lc));
        break;
    default:
        break;
    }
}

/* An expression over the columns of one relation compared with a value: lower(email) = $1. */
static void S_add_expr_ref(S_ctx *x, uint32_t scope, dbl_qref_kind kind, Node *expr, int param)
{
    if (!expr || IsA(expr, ColumnRef) || !(IsA(expr, FuncCall) || IsA(expr, A_Expr) || IsA(expr, TypeCast) ||
                                           IsA(expr, CoalesceExpr)))
        return;
    ColumnRef *first = S_first_col(expr);
    const char *schema, *qual, *name;
    if (!first || !S_colref((Node *)first, &schema, &qual, &name))
        return;
    dbl_qref r = {.kind = kind, .scope = scope, .column = S_dup(x, name), .qualifier = S_dup(x, qual),
                  .param = param, .partner = -1};
    r.rel = S_resolve(x, scope, schema, qual);
    S_unqualify(expr);
    dbl_deparse_ctx dc = {.arena = x->a};
    r.expr = dbl_deparse_expr(&dc, expr, NULL, NULL);
    dbl_array_push(&x->out->refs, r);
}

/* One conjunct of a WHERE or JOIN ... ON clause. */
static void S_qual(S_ctx *x, uint32_t scope, const Node *n)
{
    if (!n)
        return;
    if (IsA(n, BoolExpr)) {
        const BoolExpr *b = (const BoolExpr *)n;
        const ListCell *lc;
        foreach (lc, b->args) {
            if (b->boolop == AND_EXPR)
                S_qual(x, scope, lfirst(lc));
            else
                S_sublinks(x, lfirst(lc));
        }
        return;
    }
    if (IsA(n, NullTest)) {
        const NullTest *t = (const NullTest *)n;
        S_add_ref(x, scope, t->nulltesttype == IS_NULL ? DBL_QREF_IS_NULL : DBL_QREF_NOT_NULL, (const Node *)t->arg,
                  false, 0);
        return;
    }
    if (IsA(n, SubLink)) {
        S_sublinks(x, n);
        return;
    }
    if (!IsA(n, A_Expr)) {
        S_sublinks(x, n);
        return;
    }
    const A_Expr *e = (const A_Expr *)n;
    const char *op = list_length(e->name) >= 1 ? strVal(llast(e->name)) : "";
    int param = 0;
    switch (e->kind) {
    case AEXPR_OP: {
        bool eq = strcmp(op, "=") == 0;
        bool range = strcmp(op, "<") == 0 || strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 || strcmp(op, ">=") == 0;
        if (!eq && !range)
            break;
        bool lc = S_is_col(e->lexpr), rc = S_is_col(e->rexpr);
        if (lc && rc) {
            if (eq) {
                int l = S_add_ref(x, scope, DBL_QREF_JOIN, e->lexpr, false, 0);
                int r = S_add_ref(x, scope, DBL_QREF_JOIN, e->rexpr, false, 0);
                if (l >= 0 && r >= 0) {
                    x->out->refs.items[l].partner = r;
                    x->out->refs.items[r].partner = l;
                }
            }
        } else if (lc && S_value(e->rexpr, &param)) {
            S_add_ref(x, scope, eq ? DBL_QREF_EQ : DBL_QREF_RANGE, e->lexpr, false, param);
        } else if (rc && S_value(e->lexpr, &param)) {
            S_add_ref(x, scope, eq ? DBL_QREF_EQ : DBL_QREF_RANGE, e->rexpr, false, param);
        } else if (!lc && !rc && S_value(e->rexpr, &param)) {
            S_add_expr_ref(x, scope, eq ? DBL_QREF_EQ : DBL_QREF_RANGE, e->lexpr, param);
        } else if (!lc && !rc && S_value(e->lexpr, &param)) {
            S_add_expr_ref(x, scope, eq ? DBL_QREF_EQ : DBL_QREF_RANGE, e->rexpr, param);
        }
        break;
    }
    case AEXPR_OP_ANY:
    case AEXPR_IN:
        if (strcmp(op, "=") == 0 && S_is_col(e->lexpr) && S_value(e->rexpr, &param))
            S_add_ref(x, scope, DBL_QREF_EQ, e->lexpr, false, param);
        break;
    case AEXPR_BETWEEN:
    case AEXPR_BETWEEN_SYM:
        if (S_is_col(e->lexpr) && S_value(e->rexpr, &param))
            S_add_ref(x, scope, DBL_QREF_RANGE, e->lexpr, false, param);
        break;
    default:
        break;
    }
    S_sublinks(x, e->lexpr);
    S_sublinks(x, e->rexpr);
}

/* Subqueries anywhere in an expression are read as scopes of their own. */
static void S_sublinks(S_ctx *x, const Node *n)
{
    if (!n)
        return;
    switch (nodeTag(n)) {
    case T_SubLink:
        S_stmt(x, ((const SubLink *)n)->subselect);
        break;
    case T_BoolExpr: {
        const ListCell *lc;
        foreach (lc, ((const BoolExpr *)n)->args)
            S_sublinks(x, lfirst(lc));
        break;
    }
    case T_A_Expr:
        S_sublinks(x, ((const A_Expr *)n)->lexpr);
        S_sublinks(x, ((const A_Expr *)n)->rexpr);
        break;
    case T_FuncCall: {
        const ListCell *lc;
        foreach (lc, ((const FuncCall *)n)->args)
            S_sublinks(x, lfirst(lc));
        break;
    }
    case T_TypeCast:
        S_sublinks(x, ((const TypeCast *)n)->arg);
        break;
    case T_CoalesceExpr: {
        const ListCell *lc;
        foreach (lc, ((const CoalesceExpr *)n)->args)
            S_sublinks(x, lfirst(lc));
        break;
    }
    case T_List: {
        const ListCell *lc;
        foreach (lc, (const List *)n)
            S_sublinks(x, lfirst(lc));
        break;
    }
    default:
        break;
    }
}

/* Records the columns a SELECT-list expression reads; false when it reads something
 * else that needs the row (*, a subquery, a whole-row reference). */
static bool S_outputs(S_ctx *x, uint32_t scope, const Node *n)
{
    if (!n)
        return true;
    const ListCell *lc;
    switch (nodeTag(n)) {
    case T_ColumnRef: {
        if (IsA(llast(((const ColumnRef *)n)->fields), A_Star))
            return false;
        return S_add_ref(x, scope, DBL_QREF_OUTPUT, n, false, 0) >= 0;
    }
    case T_A_Const:
    case T_ParamRef:
    case T_SQLValueFunction:
        return true;
    case T_TypeCast:
        return S_outputs(x, scope, ((const TypeCast *)n)->arg);
    case T_A_Expr:
        return S_outputs(x, scope, ((const A_Expr *)n)->lexpr) && S_outputs(x, scope, ((const A_Expr *)n)->rexpr);
    case T_FuncCall: {
        const FuncCall *f = (const FuncCall *)n;
        if (f->over || f->agg_filter)
            return false;
        foreach (lc, f->args) {
            if (!S_outputs(x, scope, lfirst(lc)))
                return false;
        }
        return true;
    }
    case T_CoalesceExpr:
        foreach (lc, ((const CoalesceExpr *)n)->args) {
            if (!S_outputs(x, scope, lfirst(lc)))
                return false;
        }
        return true;
    default:
        return false;
    }
}

/* A FROM item: relations join the scope; ON clauses are collected for after. */
static void S_from(S_ctx *x, uint32_t scope, const Node *n, S_nodes *quals)
{
    if (!n)
        return;
    switch (nodeTag(n)) {
    case T_RangeVar: {
        const RangeVar *rv = (const RangeVar *)n;
        bool cte = !rv->schemaname && S_is_cte(x, rv->relname);
        S_add_rel(x, scope, rv->schemaname, rv->relname, rv->alias ? rv->alias->aliasname : NULL, cte);
        break;
    }
    case T_JoinExpr: {
        const JoinExpr *j = (const JoinExpr *)n;
        S_from(x, scope, j->larg, quals);
        S_from(x, scope, j->rarg, quals);
        if (j->quals)
            dbl_array_push(quals, j->quals);
        break;
    }
    case T_RangeSubselect: {
        const RangeSubselect *rs = (const RangeSubselect *)n;
        S_stmt(x, rs->subquery);
        S_add_rel(x, scope, NULL, rs->alias ? rs->alias->aliasname : "subquery", NULL, true);
        break;
    }
    case T_RangeFunction: {
        const RangeFunction *rf = (const RangeFunction *)n;
        x->out->opaque = true;
        S_add_rel(x, scope, NULL, rf->alias ? rf->alias->aliasname : "function", NULL, true);
        break;
    }
    default:
        x->out->opaque = true;
        break;
    }
}

static void S_with(S_ctx *x, const WithClause *w)
{
    if (!w)
        return;
    const ListCell *lc;
    foreach (lc, w->ctes) {
        const CommonTableExpr *cte = lfirst(lc);
        if (w->recursive)
            dbl_array_push(&x->ctes, S_dup(x, cte->ctename));
        S_stmt(x, cte->ctequery);
        if (!w->recursive)
            dbl_array_push(&x->ctes, S_dup(x, cte->ctename));
    }
}

/* The clauses of one scope after its FROM list. */
static void S_scope_clauses(S_ctx *x, uint32_t scope, const Node *where, const List *sort, const List *group,
                            bool limited, const S_nodes *quals)
{
    for (uint32_t i = 0; i < quals->size; i++)
        S_qual(x, scope, quals->items[i]);
    S_qual(x, scope, where);
    const ListCell *lc;
    foreach (lc, sort) {
        const SortBy *sb = lfirst(lc);
        S_add_ref(x, scope, DBL_QREF_SORT, sb->node, sb->sortby_dir == SORTBY_DESC, 0);
    }
    foreach (lc, group)
        S_add_ref(x, scope, DBL_QREF_GROUP, lfirst(lc), false, 0);
    if (limited) {
        for (uint32_t i = 0; i < x->out->rels.size; i++) {
            if (x->out->rels.items[i].scope == scope)
                x->out->rels.items[i].limited = true;
        }
    }
}

static void S_select(S_ctx *x, const SelectStmt *s)
{
    uint32_t saved = x->ctes.size;
    S_with(x, s->withClause);
    if (s->op != SETOP_NONE) {
        S_select(x, s->larg);
        S_select(x, s->rarg);
        x->ctes.size = saved;
        return;
    }
    uint32_t scope = x->out->scopes++;
    S_nodes quals = {0};
    const ListCell *lc;
    foreach (lc, s->fromClause)
        S_from(x, scope, lfirst(lc), &quals);
    bool unknown = false;
    foreach (lc, s->targetList) {
        const Node *v = ((const ResTarget *)lfirst(lc))->val;
        S_sublinks(x, v);
        unknown = unknown || !S_outputs(x, scope, v);
    }
    S_scope_clauses(x, scope, s->whereClause, s->sortClause, s->groupClause, s->limitCount != NULL, &quals);
    for (uint32_t i = 0; i < x->out->rels.size; i++) {
        if (x->out->rels.items[i].scope == scope)
            x->out->rels.items[i].outputs_unknown = unknown;
    }
    dbl_array_free(&quals);
    x->ctes.size = saved;
}

/* UPDATE / DELETE: the target and its USING / FROM relations form one scope. */
static void S_dml(S_ctx *x, const RangeVar *target, const List *from, const Node *where, const WithClause *with)
{
    uint32_t saved = x->ctes.size;
    S_with(x, with);
    uint32_t scope = x->out->scopes++;
    S_nodes quals = {0};
    S_from(x, scope, (const Node *)target, &quals);
    const ListCell *lc;
    foreach (lc, from)
        S_from(x, scope, lfirst(lc), &quals);
    S_scope_clauses(x, scope, where, NIL, NIL, false, &quals);
    dbl_array_free(&quals);
    x->ctes.size = saved;
}

static void S_stmt(S_ctx *x, const Node *n)
{
    if (!n)
        return;
    switch (nodeTag(n)) {
    case T_SelectStmt:
        S_select(x, (const SelectStmt *)n);
        break;
    case T_InsertStmt: {
        const InsertStmt *s = (const InsertStmt *)n;
        uint32_t saved = x->ctes.size;
        S_with(x, s->withClause);
        if (s->selectStmt && !((const SelectStmt *)s->selectStmt)->valuesLists)
            S_stmt(x, s->selectStmt);
        x->ctes.size = saved;
        break;
    }
    case T_UpdateStmt: {
        const UpdateStmt *s = (const UpdateStmt *)n;
        S_dml(x, s->relation, s->fromClause, s->whereClause, s->withClause);
        break;
    }
    case T_DeleteStmt: {
        const DeleteStmt *s = (const DeleteStmt *)n;
        S_dml(x, s->relation, s->usingClause, s->whereClause, s->withClause);
        break;
    }
    case T_ExplainStmt:
        S_stmt(x, ((const ExplainStmt *)n)->query);
        break;
    case T_DeclareCursorStmt:
        S_stmt(x, ((const DeclareCursorStmt *)n)->query);
        break;
    default:
        break;
    }
}

void dbl_qpred_read(dbl_arena *a, const char *sql, dbl_qpreds *out)
{
    memset(out, 0, sizeof *out);
    MemoryContext ctx = pg_query_enter_memory_context();
    PgQueryInternalParsetreeAndError pr = pg_query_raw_parse(sql);
    if (pr.error) {
        pg_query_free_error(pr.error);
    } else if (list_length(pr.tree) >= 1) {
        out->parsed = true;
        S_ctx x = {.a = a, .out = out};
        S_stmt(&x, ((const RawStmt *)linitial(pr.tree))->stmt);
        dbl_array_free(&x.ctes);
    }
    free(pr.stderr_buffer);
    pg_query_exit_memory_context(ctx);
}

void dbl_qpreds_free(dbl_qpreds *p)
{
    dbl_array_free(&p->rels);
    dbl_array_free(&p->refs);
}
