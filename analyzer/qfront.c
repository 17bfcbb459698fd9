/* qfront.c - what a logged statement is, read from its raw parse tree (see qfront.h). */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"

#include <ctype.h>
#include <string.h>

#include "analyzer/qfront.h"

const char *dbl_qkind_name(dbl_qkind k)
{
    static const char *const names[] = {"other", "select",  "insert",  "update",  "delete",  "merge",
                                        "copy",  "transaction", "prepare", "execute", "session", "ddl"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "other";
}

/* The name of a ColumnRef's last field, or NULL for `*` and odd forms. */
static const char *S_colname(const Node *n)
{
    if (!n || !IsA(n, ColumnRef))
        return NULL;
    const ColumnRef *c = (const ColumnRef *)n;
    Node *last = (Node *)llast(c->fields);
    return IsA(last, String) ? strVal(last) : NULL;
}

/* The qualifier of a ColumnRef (its second-last field), or NULL. */
static const char *S_colqual(const Node *n)
{
    const ColumnRef *c = (const ColumnRef *)n;
    int len = list_length(c->fields);
    Node *q = len >= 2 ? (Node *)list_nth(c->fields, len - 2) : NULL;
    return q && IsA(q, String) ? strVal(q) : NULL;
}

/* The first `column = $n` (either way round) among the ANDed terms of a WHERE clause. */
static bool S_find_eq_param(const Node *w, const char **col, const char **qual, const ParamRef **param)
{
    if (!w)
        return false;
    if (IsA(w, BoolExpr)) {
        const BoolExpr *b = (const BoolExpr *)w;
        if (b->boolop != AND_EXPR)
            return false;
        ListCell *lc;
        foreach (lc, b->args) {
            if (S_find_eq_param(lfirst(lc), col, qual, param))
                return true;
        }
        return false;
    }
    if (!IsA(w, A_Expr))
        return false;
    const A_Expr *e = (const A_Expr *)w;
    if (e->kind != AEXPR_OP || list_length(e->name) != 1 || strcmp(strVal(linitial(e->name)), "=") != 0)
        return false;
    const Node *l = e->lexpr, *r = e->rexpr;
    if (S_colname(l) && r && IsA(r, ParamRef)) {
        *col = S_colname(l);
        *qual = S_colqual(l);
        *param = (const ParamRef *)r;
        return true;
    }
    if (S_colname(r) && l && IsA(l, ParamRef)) {
        *col = S_colname(r);
        *qual = S_colqual(r);
        *param = (const ParamRef *)l;
        return true;
    }
    return false;
}

static bool S_is_aggregate(const Node *n)
{
    if (!n || !IsA(n, FuncCall))
        return false;
    const FuncCall *f = (const FuncCall *)n;
    if (f->agg_star || f->agg_distinct || f->agg_order || f->over)
        return !f->over;
    static const char *const aggs[] = {"count", "sum", "avg", "min", "max", "array_agg", "string_agg",
                                       "bool_and", "bool_or", "every", "json_agg", "jsonb_agg",
                                       "json_object_agg", "jsonb_object_agg", "stddev", "variance"};
    const char *name = strVal(llast(f->funcname));
    for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++) {
        if (strcmp(name, aggs[i]) == 0)
            return true;
    }
    return false;
}

/* Does the expression aggregate (anywhere but inside a subquery)? */
static bool S_has_aggregate(const Node *n)
{
    if (!n)
        return false;
    if (S_is_aggregate(n))
        return true;
    const ListCell *lc;
    switch (nodeTag(n)) {
    case T_FuncCall:
        foreach (lc, ((const FuncCall *)n)->args) {
            if (S_has_aggregate(lfirst(lc)))
                return true;
        }
        return false;
    case T_CoalesceExpr:
        foreach (lc, ((const CoalesceExpr *)n)->args) {
            if (S_has_aggregate(lfirst(lc)))
                return true;
        }
        return false;
    case T_MinMaxExpr:
        foreach (lc, ((const MinMaxExpr *)n)->args) {
            if (S_has_aggregate(lfirst(lc)))
                return true;
        }
        return false;
    case T_TypeCast:
        return S_has_aggregate(((const TypeCast *)n)->arg);
    case T_A_Expr:
        return S_has_aggregate(((const A_Expr *)n)->lexpr) || S_has_aggregate(((const A_Expr *)n)->rexpr);
    case T_CaseExpr: {
        const CaseExpr *c = (const CaseExpr *)n;
        foreach (lc, c->args) {
            const CaseWhen *w = lfirst(lc);
            if (S_has_aggregate((const Node *)w->expr) || S_has_aggregate((const Node *)w->result))
                return true;
        }
        return S_has_aggregate((const Node *)c->defresult);
    }
    default:
        return false;
    }
}

/* Does any target aggregate? */
static bool S_targets_aggregate(const List *targets)
{
    const ListCell *lc;
    foreach (lc, targets) {
        if (S_has_aggregate(((const ResTarget *)lfirst(lc))->val))
            return true;
    }
    return false;
}

static bool S_targets_have(const List *targets, const char *col)
{
    const ListCell *lc;
    foreach (lc, targets) {
        const ResTarget *rt = (const ResTarget *)lfirst(lc);
        if (!rt->val || !IsA(rt->val, ColumnRef))
            continue;
        const ColumnRef *c = (const ColumnRef *)rt->val;
        if (IsA(llast(c->fields), A_Star))
            return true;
        const char *n = S_colname(rt->val);
        if (n && strcmp(n, col) == 0)
            return true;
    }
    return false;
}

/* Length of the "$n" at p. */
static size_t S_param_len(const char *p)
{
    size_t n = 1;
    while (isdigit((unsigned char)p[n]))
        n++;
    return n;
}

/* Trailing white space and semicolons are not part of the statement. */
static size_t S_trim_len(const char *sql)
{
    size_t n = strlen(sql);
    while (n && (isspace((unsigned char)sql[n - 1]) || sql[n - 1] == ';'))
        n--;
    return n;
}

static const char *S_quote_ident(dbl_arena *a, const char *s)
{
    bool plain = s[0] && (islower((unsigned char)s[0]) || s[0] == '_');
    for (const char *p = s; *p && plain; p++)
        plain = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
    return plain ? s : dbl_arena_printf(a, "\"%s\"", s);
}

/* SELECT ... WHERE col = $k: `col = ANY($k)` where that keeps the meaning, else a
 * LATERAL join over the keys. */
static const char *S_select_rewrite(dbl_arena *a, const char *sql, const SelectStmt *s, const char *col,
                                    const char *qual, const ParamRef *p)
{
    size_t n = S_trim_len(sql);
    size_t at = (size_t)p->location, plen = S_param_len(sql + at);
    if (at + plen > n)
        return NULL;
    const char *qcol = S_quote_ident(a, col);
    bool simple = !s->limitCount && !s->limitOffset && !s->distinctClause && !s->groupClause &&
                  !s->havingClause && !S_targets_aggregate(s->targetList);
    if (simple) {
        dbl_buf b = {0};
        size_t first = SIZE_MAX;
        if (!S_targets_have(s->targetList, col) && s->targetList) {
            const ResTarget *rt = (const ResTarget *)linitial(s->targetList);
            if (rt->location >= 0 && (size_t)rt->location < at)
                first = (size_t)rt->location;
        }
        if (first != SIZE_MAX) {
            dbl_buf_append(&b, sql, first);
            if (qual)
                dbl_buf_printf(&b, "%s.", S_quote_ident(a, qual));
            dbl_buf_printf(&b, "%s, ", qcol);
            dbl_buf_append(&b, sql + first, at - first);
        } else {
            dbl_buf_append(&b, sql, at);
        }
        dbl_buf_puts(&b, "ANY(");
        dbl_buf_append(&b, sql + at, plen);
        dbl_buf_putc(&b, ')');
        dbl_buf_append(&b, sql + at + plen, n - at - plen);
        const char *out = dbl_arena_strdup(a, dbl_buf_str(&b));
        dbl_buf_free(&b);
        return out;
    }
    /* an aggregate per key: group by the key */
    bool plain_aggregate = !s->limitCount && !s->limitOffset && !s->distinctClause && !s->groupClause &&
                           !s->havingClause && !s->sortClause && S_targets_aggregate(s->targetList);
    if (plain_aggregate && s->targetList) {
        const ResTarget *rt = (const ResTarget *)linitial(s->targetList);
        if (rt->location >= 0 && (size_t)rt->location < at) {
            size_t first = (size_t)rt->location;
            return dbl_arena_printf(a, "%.*s%s%s%s, %.*sANY(%.*s)%.*s GROUP BY %s%s%s", (int)first, sql,
                                    qual ? S_quote_ident(a, qual) : "", qual ? "." : "", qcol, (int)(at - first),
                                    sql + first, (int)plen, sql + at, (int)(n - at - plen), sql + at + plen,
                                    qual ? S_quote_ident(a, qual) : "", qual ? "." : "", qcol);
        }
    }
    /* grouped, limited or distinct per key: run it once per key in one statement */
    dbl_buf b = {0};
    dbl_buf_printf(&b, "SELECT k.%s, q.* FROM unnest(", qcol);
    dbl_buf_append(&b, sql + at, plen);
    dbl_buf_printf(&b, ") AS k(%s) CROSS JOIN LATERAL (", qcol);
    dbl_buf_append(&b, sql, at);
    dbl_buf_printf(&b, "k.%s", qcol);
    dbl_buf_append(&b, sql + at + plen, n - at - plen);
    dbl_buf_puts(&b, ") AS q");
    const char *out = dbl_arena_strdup(a, dbl_buf_str(&b));
    dbl_buf_free(&b);
    return out;
}

/* UPDATE/DELETE ... WHERE col = $k with nothing else per row: `col = ANY($k)`. */
static const char *S_dml_rewrite(dbl_arena *a, const char *sql, const ParamRef *p)
{
    size_t n = S_trim_len(sql);
    size_t at = (size_t)p->location, plen = S_param_len(sql + at);
    if (at + plen > n)
        return NULL;
    return dbl_arena_printf(a, "%.*sANY(%.*s)%.*s", (int)at, sql, (int)plen, sql + at,
                            (int)(n - at - plen), sql + at + plen);
}

/* INSERT INTO t (cols) VALUES ($1, $2): every row in one INSERT ... SELECT FROM unnest(). */
static const char *S_insert_rewrite(dbl_arena *a, const char *sql, const InsertStmt *ins)
{
    const SelectStmt *sel = (const SelectStmt *)ins->selectStmt;
    if (!sel || !IsA(sel, SelectStmt) || list_length(sel->valuesLists) != 1 || ins->onConflictClause)
        return NULL;
    const List *row = linitial(sel->valuesLists);
    dbl_buf b = {0};
    const ListCell *lc;
    int first_loc = -1;
    foreach (lc, row) {
        const Node *v = lfirst(lc);
        if (!IsA(v, ParamRef)) {
            dbl_buf_free(&b);
            return NULL;
        }
        int loc = ((const ParamRef *)v)->location;
        if (first_loc < 0)
            first_loc = loc;
        dbl_buf_puts(&b, b.len ? ", " : "");
        dbl_buf_append(&b, sql + loc, S_param_len(sql + loc));
    }
    /* the text before VALUES: back up from the first value over "VALUES (" */
    if (first_loc < 0) {
        dbl_buf_free(&b);
        return NULL;
    }
    const char *v = sql + first_loc;
    while (v > sql && v[-1] != '(')
        v--;
    if (v > sql)
        v--;
    while (v > sql && isspace((unsigned char)v[-1]))
        v--;
    if (v - sql < 6 || strncasecmp(v - 6, "values", 6) != 0) {
        dbl_buf_free(&b);
        return NULL;
    }
    const char *head_end = v - 6;
    const char *tail = sql + first_loc;
    int depth = 1;
    while (*tail && depth) {
        if (*tail == '(')
            depth++;
        else if (*tail == ')')
            depth--;
        tail++;
    }
    size_t n = S_trim_len(sql);
    size_t tail_at = (size_t)(tail - sql);
    const char *out = dbl_arena_printf(a, "%.*sSELECT * FROM unnest(%s)%.*s", (int)(head_end - sql), sql,
                                       dbl_buf_str(&b), (int)(tail_at < n ? n - tail_at : 0), tail);
    dbl_buf_free(&b);
    return out;
}

static const char *S_relname(dbl_arena *a, const RangeVar *rv)
{
    if (!rv)
        return NULL;
    return rv->schemaname ? dbl_arena_printf(a, "%s.%s", rv->schemaname, rv->relname)
                          : dbl_arena_strdup(a, rv->relname);
}

static void S_describe(dbl_arena *a, const char *sql, const Node *n, dbl_qinfo *q)
{
    const char *col = NULL, *qual = NULL;
    const ParamRef *p = NULL;
    switch (nodeTag(n)) {
    case T_SelectStmt: {
        const SelectStmt *s = (const SelectStmt *)n;
        q->kind = DBL_Q_SELECT;
        q->returns_rows = true;
        if (s->op == SETOP_NONE && list_length(s->fromClause) >= 1) {
            const Node *f = linitial(s->fromClause);
            if (IsA(f, RangeVar))
                q->relation = S_relname(a, (const RangeVar *)f);
        }
        if (s->op == SETOP_NONE && !s->valuesLists && S_find_eq_param(s->whereClause, &col, &qual, &p)) {
            q->rewrite = S_select_rewrite(a, sql, s, col, qual, p);
            q->loop_column = dbl_arena_strdup(a, col);
        }
        break;
    }
    case T_InsertStmt: {
        const InsertStmt *s = (const InsertStmt *)n;
        q->kind = DBL_Q_INSERT;
        q->returns_rows = s->returningList != NIL;
        q->relation = S_relname(a, s->relation);
        const SelectStmt *sel = (const SelectStmt *)s->selectStmt;
        q->multi_row = sel && IsA(sel, SelectStmt) && (list_length(sel->valuesLists) > 1 || !sel->valuesLists);
        if (!q->multi_row)
            q->rewrite = S_insert_rewrite(a, sql, s);
        break;
    }
    case T_UpdateStmt: {
        const UpdateStmt *s = (const UpdateStmt *)n;
        q->kind = DBL_Q_UPDATE;
        q->returns_rows = s->returningList != NIL;
        q->relation = S_relname(a, s->relation);
        bool set_params = false;
        const ListCell *lc;
        foreach (lc, s->targetList) {
            const ResTarget *rt = lfirst(lc);
            if (rt->val && IsA(rt->val, ParamRef))
                set_params = true;
        }
        if (!set_params && !s->fromClause && S_find_eq_param(s->whereClause, &col, &qual, &p)) {
            q->rewrite = S_dml_rewrite(a, sql, p);
            q->loop_column = dbl_arena_strdup(a, col);
        }
        break;
    }
    case T_DeleteStmt: {
        const DeleteStmt *s = (const DeleteStmt *)n;
        q->kind = DBL_Q_DELETE;
        q->returns_rows = s->returningList != NIL;
        q->relation = S_relname(a, s->relation);
        if (!s->usingClause && S_find_eq_param(s->whereClause, &col, &qual, &p)) {
            q->rewrite = S_dml_rewrite(a, sql, p);
            q->loop_column = dbl_arena_strdup(a, col);
        }
        break;
    }
    case T_MergeStmt:
        q->kind = DBL_Q_MERGE;
        q->relation = S_relname(a, ((const MergeStmt *)n)->relation);
        break;
    case T_CopyStmt:
        q->kind = DBL_Q_COPY;
        q->relation = S_relname(a, ((const CopyStmt *)n)->relation);
        break;
    case T_TransactionStmt:
        q->kind = DBL_Q_TXN;
        break;
    case T_PrepareStmt:
    case T_DeallocateStmt:
        q->kind = DBL_Q_PREPARE;
        break;
    case T_ExecuteStmt:
        q->kind = DBL_Q_EXECUTE;
        q->returns_rows = true;
        break;
    case T_CallStmt:
        q->kind = DBL_Q_OTHER;
        break;
    case T_VariableSetStmt:
    case T_VariableShowStmt:
    case T_DiscardStmt:
    case T_ListenStmt:
    case T_UnlistenStmt:
    case T_NotifyStmt:
    case T_LockStmt:
    case T_FetchStmt:
    case T_ClosePortalStmt:
    case T_DeclareCursorStmt:
    case T_ExplainStmt:
    case T_CheckPointStmt:
    case T_ConstraintsSetStmt:
        q->kind = DBL_Q_SESSION;
        q->returns_rows = IsA(n, FetchStmt) || IsA(n, VariableShowStmt) || IsA(n, ExplainStmt);
        break;
    default:
        q->kind = DBL_Q_DDL;
        break;
    }
}

dbl_qinfo dbl_qfront_describe(dbl_arena *a, const char *sql)
{
    dbl_qinfo q = {0};
    MemoryContext ctx = pg_query_enter_memory_context();
    PgQueryInternalParsetreeAndError pr = pg_query_raw_parse(sql);
    if (pr.error) {
        pg_query_free_error(pr.error);
    } else if (list_length(pr.tree) >= 1) {
        const RawStmt *rs = (const RawStmt *)linitial(pr.tree);
        S_describe(a, sql, rs->stmt, &q);
    }
    free(pr.stderr_buffer);
    pg_query_exit_memory_context(ctx);
    return q;
}
