/* pgfront.c - turns PostgreSQL raw parse trees into change events (see pgfront.h). */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"

#include <ctype.h>
#include <strings.h>

#include "lint/catalog.h"
#include "lint/pgfront.h"

_Static_assert((int)DBL_LIKE_INDEXES == (int)CREATE_TABLE_LIKE_INDEXES, "LIKE option bits");
_Static_assert((int)DBL_LIKE_CONSTRAINTS == (int)CREATE_TABLE_LIKE_CONSTRAINTS, "LIKE option bits");

typedef struct {
    dbl_arena *a;
    const char *text;   /* the parsed text */
    uint32_t base;      /* absolute offset of text[0] */
    uint32_t file;
    dbl_span stmt;      /* the statement being converted */
    dbl_event_list *events;
    const char *default_schema; /* inside CREATE SCHEMA ... elements */
    bool in_do;         /* statements of a DO block body */
} S_ctx;

/* ---- small helpers ------------------------------------------------------ */

static const char *S_str(S_ctx *x, const char *s)
{
    return s ? dbl_arena_strdup(x->a, s) : NULL;
}

static dbl_span S_span_at(S_ctx *x, int location, uint32_t len)
{
    if (location < 0)
        return x->stmt;
    uint32_t s = x->base + (uint32_t)location;
    return (dbl_span){s, s + len};
}

static dbl_event *S_event(S_ctx *x, dbl_event_kind kind)
{
    dbl_event ev = {.kind = kind, .loc = {x->file, x->stmt}};
    dbl_array_push(x->events, ev);
    return dbl_array_last(x->events);
}

static dbl_qname S_rangevar(S_ctx *x, const RangeVar *rv)
{
    dbl_qname q = {0};
    if (!rv)
        return q;
    q.schema = S_str(x, rv->schemaname);
    q.name = S_str(x, rv->relname);
    if (!q.schema && x->default_schema)
        q.schema = x->default_schema;
    return q;
}

/* A qualified name given as a list of String nodes. */
static dbl_qname S_namelist(S_ctx *x, List *names)
{
    dbl_qname q = {0};
    int n = list_length(names);
    if (n == 0)
        return q;
    Node *last = (Node *)llast(names);
    q.name = IsA(last, String) ? S_str(x, strVal(last)) : NULL;
    if (n >= 2) {
        Node *s = (Node *)list_nth(names, n - 2);
        q.schema = IsA(s, String) ? S_str(x, strVal(s)) : NULL;
    }
    if (!q.schema && x->default_schema)
        q.schema = x->default_schema;
    return q;
}

static const char **S_strlist(S_ctx *x, List *l, uint32_t *n)
{
    *n = (uint32_t)list_length(l);
    const char **r = dbl_arena_alloc(x->a, sizeof(char *) * (*n ? *n : 1));
    uint32_t k = 0;
    ListCell *lc;
    foreach (lc, l) {
        Node *v = (Node *)lfirst(lc);
        r[k++] = IsA(v, String) ? S_str(x, strVal(v)) : "";
    }
    return r;
}

/* ---- expressions --------------------------------------------------------- */

typedef struct {
    dbl_buf out;
    DBL_ARRAY(const char *) columns;
    S_ctx *x;
    /* context of the node printed next (S_expr reads and clears it) */
    char col_ctx;           /* 'o' operand of an operator, 'f' function argument, 0 */
    const char *lit_col;    /* a literal there takes the type of this column */
    const char *lit_forced; /* ... or this type */
    bool lit_array;         /* a literal is an element of an IN list on lit_col */
} S_dep;

static void S_expr(S_dep *d, Node *n);
static dbl_typeref S_typeref(S_ctx *x, const TypeName *t);

static void S_ident(S_dep *d, const char *s)
{
    dbl_buf_puts(&d->out, dbl_quote_ident(d->x->a, s));
}

static void S_literal(dbl_buf *b, const char *s)
{
    dbl_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            dbl_buf_putc(b, '\'');
        dbl_buf_putc(b, *s);
    }
    dbl_buf_putc(b, '\'');
}

static void S_list(S_dep *d, List *l, const char *sep)
{
    ListCell *lc;
    bool first = true;
    foreach (lc, l) {
        if (!first)
            dbl_buf_puts(&d->out, sep);
        first = false;
        S_expr(d, (Node *)lfirst(lc));
    }
}

static void S_qualified(S_dep *d, List *names)
{
    ListCell *lc;
    bool first = true;
    foreach (lc, names) {
        Node *v = (Node *)lfirst(lc);
        if (!first)
            dbl_buf_putc(&d->out, '.');
        first = false;
        if (IsA(v, String))
            S_ident(d, strVal(v));
        else
            dbl_buf_putc(&d->out, '*');
    }
}

/* A function or operator name: pg_catalog. is left out, as PostgreSQL prints visible names. */
static void S_funcname(S_dep *d, List *names)
{
    if (list_length(names) == 2 && IsA(linitial(names), String) &&
        strcmp(strVal(linitial(names)), "pg_catalog") == 0) {
        S_ident(d, strVal(lsecond(names)));
        return;
    }
    S_qualified(d, names);
}

static const char *S_opname_str(List *name)
{
    return list_length(name) >= 1 && IsA(llast(name), String) ? strVal(llast(name)) : "?";
}

static void S_opname(S_dep *d, List *name)
{
    if (list_length(name) == 1 ||
        (list_length(name) == 2 && strcmp(strVal(linitial(name)), "pg_catalog") == 0)) {
        dbl_buf_puts(&d->out, S_opname_str(name));
        return;
    }
    dbl_buf_puts(&d->out, "OPERATOR(");
    ListCell *lc;
    bool first = true;
    foreach (lc, name) {
        if (!first)
            dbl_buf_putc(&d->out, '.');
        if (lnext(name, lc))
            S_ident(d, strVal(lfirst(lc)));
        else
            dbl_buf_puts(&d->out, strVal(lfirst(lc)));
        first = false;
    }
    dbl_buf_putc(&d->out, ')');
}

/* The column a plain column reference names, or NULL. */
static const char *S_colref_name(Node *n)
{
    if (!n || !IsA(n, ColumnRef))
        return NULL;
    Node *last = (Node *)llast(((ColumnRef *)n)->fields);
    return IsA(last, String) ? strVal(last) : NULL;
}

/* The type-dependent part of a literal: what PostgreSQL's get_const_expr() appends
 * depends on the type the literal took, which for `column op literal` is decided by
 * the column's type. The catalog renders the marker "\x01" KIND COLUMN "\x02"
 * (dbl_catalog_render_expr); without a column, string literals are text. */
static void S_lit_suffix(S_dep *d, char kind, const char *col, const char *forced)
{
    dbl_buf *b = &d->out;
    if (forced)
        dbl_buf_printf(b, "::%s", forced);
    else if (col)
        dbl_buf_printf(b, "\x01%c%s\x02", kind == 's' && d->lit_array ? 'v' : kind, col);
    else if (kind == 's')
        dbl_buf_puts(b, "::text");
}

/* Integer text that fits in a bigint (digits only). */
static bool S_fits_int8(const char *s)
{
    size_t n = strlen(s);
    return n < 19 || (n == 19 && strcmp(s, "9223372036854775807") <= 0);
}

static void S_const(S_dep *d, const A_Const *c, const char *col, const char *forced)
{
    dbl_buf *b = &d->out;
    if (c->isnull) {
        dbl_buf_puts(b, "NULL");
        return;
    }
    switch (nodeTag(&c->val)) {
    case T_Integer:
        if (intVal(&c->val) < 0)
            dbl_buf_printf(b, "'%d'::integer", intVal(&c->val));
        else {
            dbl_buf_printf(b, "%d", intVal(&c->val));
            if (col || forced)
                S_lit_suffix(d, 'i', col, forced);
        }
        break;
    case T_Float: {
        const char *f = castNode(Float, (Node *)&c->val)->fval;
        if (f[0] == '-') {
            S_literal(b, f);
            dbl_buf_puts(b, "::numeric");
        } else if (strpbrk(f, ".eE")) {
            dbl_buf_puts(b, f);
            if (col || forced)
                S_lit_suffix(d, 'f', col, forced);
        } else if (S_fits_int8(f)) {
            S_literal(b, f);
            dbl_buf_puts(b, "::bigint");
        } else {
            dbl_buf_printf(b, "%s::numeric", f);
        }
        break;
    }
    case T_Boolean:
        dbl_buf_puts(b, boolVal(&c->val) ? "true" : "false");
        break;
    case T_String:
        S_literal(b, strVal(&c->val));
        S_lit_suffix(d, 's', col, forced);
        break;
    case T_BitString:
        dbl_buf_printf(b, "B'%s'", castNode(BitString, (Node *)&c->val)->bsval + 1);
        break;
    default:
        dbl_buf_puts(b, "?");
    }
}

/* A literal with an explicit cast: a constant of that type, as get_const_expr() prints it. */
static void S_typed_const(S_dep *d, const A_Const *c, const char *type)
{
    dbl_buf *b = &d->out;
    const char *v = NULL;
    char num[32];
    if (c->isnull) {
        dbl_buf_printf(b, "NULL::%s", type);
        return;
    }
    switch (nodeTag(&c->val)) {
    case T_Integer:
    case T_Float: {
        /* a number is a constant of its own type, coerced: printed unlabeled, then the cast */
        const char *own = IsA(&c->val, Integer) ? "integer" : "numeric";
        if (IsA(&c->val, Integer)) {
            snprintf(num, sizeof num, "%d", intVal(&c->val));
            v = num;
        } else {
            v = castNode(Float, (Node *)&c->val)->fval;
            if (!strpbrk(v, ".eE") && v[0] != '-' && S_fits_int8(v))
                own = "bigint";
        }
        if (v[0] == '-' || strcmp(own, "bigint") == 0)
            S_literal(b, v);
        else
            dbl_buf_puts(b, v);
        if (strcmp(own, type) != 0 || (strcmp(own, "numeric") == 0 && !strpbrk(v, ".eE")))
            dbl_buf_printf(b, "::%s", type);
        return;
    }
    case T_String:
        v = strVal(&c->val);
        break;
    case T_Boolean:
        v = boolVal(&c->val) ? "true" : "false";
        break;
    default:
        S_const(d, c, NULL, type);
        return;
    }
    bool digits = v[0] != '\0' && strspn(v, "0123456789") == strlen(v);
    if (strcmp(type, "integer") == 0 && digits && strlen(v) < 10) {
        dbl_buf_puts(b, v);
    } else if (strcmp(type, "numeric") == 0 && v[0] >= '0' && v[0] <= '9' &&
               strspn(v, "0123456789.eE+-") == strlen(v)) {
        dbl_buf_puts(b, v);
        if (!strpbrk(v, ".eE"))
            dbl_buf_puts(b, "::numeric");
    } else if (strcmp(type, "boolean") == 0 && (strcmp(v, "true") == 0 || strcmp(v, "t") == 0)) {
        dbl_buf_puts(b, "true");
    } else if (strcmp(type, "boolean") == 0 && (strcmp(v, "false") == 0 || strcmp(v, "f") == 0)) {
        dbl_buf_puts(b, "false");
    } else {
        S_literal(b, v);
        dbl_buf_printf(b, "::%s", type);
    }
}

static void S_unknown(S_dep *d, Node *n)
{
    /* something this deparser does not spell: unique, so it never compares equal */
    int loc = -1;
    if (IsA(n, SubLink))
        loc = ((SubLink *)n)->location;
    dbl_buf_printf(&d->out, "<?%d@%u:%d>", (int)nodeTag(n), d->x->base, loc);
}

/* ---- pretty-printing precedence (ruleutils.c isSimpleNode, PRETTYFLAG_PAREN) ---- */

/* What a raw node becomes once PostgreSQL has analyzed it, as far as parentheses go. */
typedef enum {
    S_K_SIMPLE, /* Var, Const, function-like, CASE, ARRAY[], ROW(): never parenthesized */
    S_K_OP,     /* OpExpr */
    S_K_SAOP,   /* ScalarArrayOpExpr (= ANY, <> ALL) */
    S_K_TEST,   /* NullTest, BooleanTest, DistinctExpr, SubLink */
    S_K_BOOL,   /* BoolExpr */
    S_K_CAST,   /* a cast */
    S_K_OTHER,
} S_kind_t;

/* How an IN list is analyzed: 1 one operator, 2 = ANY (ARRAY[...]), 3 an OR/AND chain. */
static int S_in_form(const A_Expr *e)
{
    if (!IsA(e->rexpr, List))
        return 2;
    List *l = (List *)e->rexpr;
    if (list_length(l) == 1)
        return 1;
    ListCell *lc;
    foreach (lc, l) {
        Node *v = (Node *)lfirst(lc);
        if (!IsA(v, A_Const) && !(IsA(v, TypeCast) && IsA(((TypeCast *)v)->arg, A_Const)))
            return 3;
    }
    return 2;
}

static S_kind_t S_kind(Node *n, BoolExprType *bop)
{
    switch (nodeTag(n)) {
    case T_ColumnRef:
    case T_A_Const:
    case T_ParamRef:
    case T_FuncCall:
    case T_CoalesceExpr:
    case T_MinMaxExpr:
    case T_SQLValueFunction:
    case T_A_ArrayExpr:
    case T_RowExpr:
    case T_CaseExpr:
    case T_A_Indirection:
        return S_K_SIMPLE;
    case T_TypeCast:
        return S_K_CAST;
    case T_NullTest:
    case T_BooleanTest:
    case T_SubLink:
        return S_K_TEST;
    case T_BoolExpr:
        *bop = ((BoolExpr *)n)->boolop;
        return S_K_BOOL;
    case T_A_Expr: {
        A_Expr *e = (A_Expr *)n;
        switch (e->kind) {
        case AEXPR_OP:
        case AEXPR_LIKE:
        case AEXPR_ILIKE:
        case AEXPR_SIMILAR:
            return S_K_OP;
        case AEXPR_OP_ANY:
        case AEXPR_OP_ALL:
            return S_K_SAOP;
        case AEXPR_IN: {
            int f = S_in_form(e);
            bool neg = strcmp(S_opname_str(e->name), "<>") == 0;
            *bop = neg ? AND_EXPR : OR_EXPR;
            return f == 1 ? S_K_OP : f == 2 ? S_K_SAOP : S_K_BOOL;
        }
        case AEXPR_DISTINCT:
            return S_K_TEST;
        case AEXPR_NOT_DISTINCT:
            *bop = NOT_EXPR;
            return S_K_BOOL;
        case AEXPR_NULLIF:
            return S_K_SIMPLE;
        case AEXPR_BETWEEN:
            *bop = AND_EXPR;
            return S_K_BOOL;
        case AEXPR_NOT_BETWEEN:
            *bop = OR_EXPR;
            return S_K_BOOL;
        default:
            return S_K_OTHER;
        }
    }
    default:
        return S_K_OTHER;
    }
}

/* The parent a child is printed under (only the ones that may need parentheses). */
typedef struct {
    S_kind_t kind;        /* S_K_OP, S_K_BOOL or S_K_OTHER */
    const char *op;       /* S_K_OP: a simple binary operator, or NULL */
    bool left;            /* the child is the operator's left argument */
    BoolExprType bop;     /* S_K_BOOL */
} S_parent;

static bool S_simple(Node *n, const S_parent *p)
{
    BoolExprType bop = AND_EXPR;
    switch (S_kind(n, &bop)) {
    case S_K_SIMPLE:
        return true;
    case S_K_CAST: {
        Node *arg = ((TypeCast *)n)->arg;
        S_parent cast = {S_K_OTHER, NULL, false, AND_EXPR};
        return IsA(arg, A_Const) || S_simple(arg, &cast);
    }
    case S_K_OP:
        if (p->kind == S_K_OP) {
            A_Expr *e = (A_Expr *)n;
            const char *op = e->kind == AEXPR_OP && e->lexpr ? S_opname_str(e->name) : NULL;
            if (!op || !p->op || strlen(op) != 1 || strlen(p->op) != 1)
                return false;
            bool lo = strchr("+-", *op) != NULL, hi = strchr("*/%", *op) != NULL;
            bool plo = strchr("+-", *p->op) != NULL, phi = strchr("*/%", *p->op) != NULL;
            if (!(lo || hi) || !(plo || phi))
                return false;
            if (hi && plo)
                return true;
            if (lo && phi)
                return false;
            return p->left;
        }
        /* FALLTHROUGH */
    case S_K_TEST:
        return p->kind == S_K_BOOL;
    case S_K_BOOL:
        if (p->kind == S_K_BOOL) {
            if (bop == NOT_EXPR || bop == AND_EXPR)
                return p->bop == AND_EXPR || p->bop == OR_EXPR;
            return bop == OR_EXPR && p->bop == OR_EXPR;
        }
        return false;
    default:
        return false;
    }
}

/* Prints a child under parent p, in parentheses unless PostgreSQL's pretty mode leaves them out. */
static void S_sub(S_dep *d, Node *n, const S_parent *p)
{
    if (n && S_simple(n, p)) {
        S_expr(d, n);
        return;
    }
    dbl_buf_putc(&d->out, '(');
    S_expr(d, n);
    dbl_buf_putc(&d->out, ')');
}

static const S_parent S_OTHER_PARENT = {S_K_OTHER, NULL, false, AND_EXPR};

/* An operand of an operator: a column there gets the relabel marker (a varchar
 * column is printed as col::text), and a literal takes its type from lit_col. */
static void S_operand(S_dep *d, Node *n, const S_parent *p, const char *lit_col, const char *forced)
{
    d->col_ctx = 'o';
    d->lit_col = lit_col;
    d->lit_forced = forced;
    S_sub(d, n, p);
    d->col_ctx = 0;
    d->lit_col = NULL;
    d->lit_forced = NULL;
}

/* jsonb operators whose right operand has a fixed type. */
static const char *S_json_rhs_type(const char *op)
{
    if (strcmp(op, "->") == 0 || strcmp(op, "->>") == 0 || strcmp(op, "?") == 0 || strcmp(op, "#-") == 0)
        return "text";
    if (strcmp(op, "#>") == 0 || strcmp(op, "#>>") == 0 || strcmp(op, "?|") == 0 || strcmp(op, "?&") == 0)
        return "text[]";
    return NULL;
}

static void S_binop(S_dep *d, Node *l, const char *opname, List *name, Node *r)
{
    const char *simple = opname && strlen(opname) == 1 ? opname : NULL;
    S_parent pl = {S_K_OP, simple, true, AND_EXPR}, pr = {S_K_OP, simple, false, AND_EXPR};
    const char *forced = opname ? S_json_rhs_type(opname) : NULL;
    S_operand(d, l, &pl, S_colref_name(r), NULL);
    dbl_buf_putc(&d->out, ' ');
    if (name)
        S_opname(d, name);
    else
        dbl_buf_puts(&d->out, opname);
    dbl_buf_putc(&d->out, ' ');
    S_operand(d, r, &pr, forced ? NULL : S_colref_name(l), forced);
}

static void S_bool_args(S_dep *d, List *args, BoolExprType bop)
{
    S_parent p = {S_K_BOOL, NULL, false, bop};
    ListCell *lc;
    bool first = true;
    foreach (lc, args) {
        if (!first)
            dbl_buf_puts(&d->out, bop == AND_EXPR ? " AND " : " OR ");
        first = false;
        S_sub(d, (Node *)lfirst(lc), &p);
    }
}

static void S_in(S_dep *d, A_Expr *e)
{
    bool neg = strcmp(S_opname_str(e->name), "<>") == 0;
    const char *op = neg ? "<>" : "=";
    const char *col = S_colref_name(e->lexpr);
    List *l = IsA(e->rexpr, List) ? (List *)e->rexpr : NIL;
    int form = S_in_form(e);
    if (form == 1) {
        S_binop(d, e->lexpr, op, NULL, (Node *)linitial(l));
    } else if (form == 2) {
        S_parent p = S_OTHER_PARENT;
        S_operand(d, e->lexpr, &p, NULL, NULL);
        dbl_buf_printf(&d->out, " %s %s (ARRAY[", op, neg ? "ALL" : "ANY");
        ListCell *lc;
        bool first = true;
        foreach (lc, l) {
            if (!first)
                dbl_buf_puts(&d->out, ", ");
            first = false;
            d->lit_col = col;
            d->lit_array = col != NULL;
            S_expr(d, (Node *)lfirst(lc));
            d->lit_array = false;
        }
        dbl_buf_puts(&d->out, "]");
        /* the array's cast: on a varchar column PostgreSQL builds a varchar[] and casts it */
        if (col)
            dbl_buf_printf(&d->out, "\x01" "a%s\x02", col);
        dbl_buf_putc(&d->out, ')');
    } else {
        /* a list with non-constants: an OR (NOT IN: AND) of comparisons, which
         * need no parentheses under their BoolExpr */
        ListCell *lc;
        bool first = true;
        foreach (lc, l) {
            if (!first)
                dbl_buf_puts(&d->out, neg ? " AND " : " OR ");
            first = false;
            S_binop(d, e->lexpr, op, NULL, (Node *)lfirst(lc));
        }
    }
}

/* Functions PostgreSQL 15 prints in SQL syntax (COERCE_SQL_SYNTAX); false if not one. */
static bool S_sql_syntax_call(S_dep *d, FuncCall *f)
{
    dbl_buf *b = &d->out;
    const char *fn = strVal(llast(f->funcname));
    int n = list_length(f->args);
    if (f->funcformat != COERCE_SQL_SYNTAX)
        return false;
    if (strcmp(fn, "timezone") == 0 && n == 2) {
        dbl_buf_putc(b, '(');
        S_sub(d, (Node *)lsecond(f->args), &S_OTHER_PARENT);
        dbl_buf_puts(b, " AT TIME ZONE ");
        S_sub(d, (Node *)linitial(f->args), &S_OTHER_PARENT);
        dbl_buf_putc(b, ')');
        return true;
    }
    if ((strcmp(fn, "btrim") == 0 || strcmp(fn, "ltrim") == 0 || strcmp(fn, "rtrim") == 0) && (n == 1 || n == 2)) {
        dbl_buf_printf(b, "TRIM(%s", fn[0] == 'b' ? "BOTH" : fn[0] == 'l' ? "LEADING" : "TRAILING");
        if (n == 2) {
            dbl_buf_putc(b, ' ');
            S_expr(d, (Node *)lsecond(f->args));
        }
        dbl_buf_puts(b, " FROM ");
        S_expr(d, (Node *)linitial(f->args));
        dbl_buf_putc(b, ')');
        return true;
    }
    if (strcmp(fn, "substring") == 0 && (n == 2 || n == 3)) {
        dbl_buf_puts(b, "SUBSTRING(");
        S_expr(d, (Node *)linitial(f->args));
        dbl_buf_puts(b, " FROM ");
        S_expr(d, (Node *)lsecond(f->args));
        if (n == 3) {
            dbl_buf_puts(b, " FOR ");
            S_expr(d, (Node *)lthird(f->args));
        }
        dbl_buf_putc(b, ')');
        return true;
    }
    if (strcmp(fn, "position") == 0 && n == 2) {
        dbl_buf_puts(b, "POSITION((");
        S_expr(d, (Node *)lsecond(f->args));
        dbl_buf_puts(b, ") IN (");
        S_expr(d, (Node *)linitial(f->args));
        dbl_buf_puts(b, "))");
        return true;
    }
    if (strcmp(fn, "extract") == 0 && n == 2 && IsA(linitial(f->args), A_Const) &&
        IsA(&((A_Const *)linitial(f->args))->val, String)) {
        dbl_buf_printf(b, "EXTRACT(%s FROM ", strVal(&((A_Const *)linitial(f->args))->val));
        S_expr(d, (Node *)lsecond(f->args));
        dbl_buf_putc(b, ')');
        return true;
    }
    return false;
}

static void S_expr(S_dep *d, Node *n)
{
    dbl_buf *b = &d->out;
    /* the operand context applies to this node only */
    char col_ctx = d->col_ctx;
    const char *lit_col = d->lit_col, *lit_forced = d->lit_forced;
    d->col_ctx = 0;
    d->lit_col = NULL;
    d->lit_forced = NULL;
    if (!n) {
        dbl_buf_puts(b, "NULL");
        return;
    }
    switch (nodeTag(n)) {
    case T_ColumnRef: {
        ColumnRef *c = (ColumnRef *)n;
        S_qualified(d, c->fields);
        Node *last = (Node *)llast(c->fields);
        if (IsA(last, String)) {
            dbl_array_push(&d->columns, S_str(d->x, strVal(last)));
            if (col_ctx)
                dbl_buf_printf(b, "\x03%c%s\x02", col_ctx, strVal(last));
        }
        break;
    }
    case T_ParamRef:
        dbl_buf_printf(b, "$%d", ((ParamRef *)n)->number);
        break;
    case T_A_Const:
        S_const(d, (A_Const *)n, lit_col, lit_forced);
        break;
    case T_TypeCast: {
        TypeCast *tc = (TypeCast *)n;
        dbl_typeref tr = S_typeref(d->x, tc->typeName);
        const char *type = dbl_type_format(d->x->a, &tr);
        if (IsA(tc->arg, A_Const)) {
            S_typed_const(d, (A_Const *)tc->arg, type);
            break;
        }
        S_sub(d, tc->arg, &S_OTHER_PARENT);
        dbl_buf_printf(b, "::%s", type);
        break;
    }
    case T_CollateClause: {
        CollateClause *cc = (CollateClause *)n;
        S_sub(d, cc->arg, &S_OTHER_PARENT);
        dbl_buf_puts(b, " COLLATE ");
        S_qualified(d, cc->collname);
        break;
    }
    case T_A_Expr: {
        A_Expr *e = (A_Expr *)n;
        switch (e->kind) {
        case AEXPR_OP:
            if (e->lexpr) {
                S_binop(d, e->lexpr, S_opname_str(e->name), e->name, e->rexpr);
            } else {
                S_parent p = {S_K_OP, NULL, false, AND_EXPR};
                S_opname(d, e->name);
                dbl_buf_putc(b, ' ');
                S_operand(d, e->rexpr, &p, NULL, NULL);
            }
            break;
        case AEXPR_LIKE:
        case AEXPR_ILIKE:
        case AEXPR_SIMILAR:
            S_binop(d, e->lexpr, S_opname_str(e->name), NULL, e->rexpr);
            break;
        case AEXPR_OP_ANY:
        case AEXPR_OP_ALL: {
            S_operand(d, e->lexpr, &S_OTHER_PARENT, NULL, NULL);
            dbl_buf_putc(b, ' ');
            S_opname(d, e->name);
            dbl_buf_puts(b, e->kind == AEXPR_OP_ANY ? " ANY (" : " ALL (");
            if (IsA(e->rexpr, A_Const))
                S_const(d, (A_Const *)e->rexpr, NULL, "text[]");
            else
                S_sub(d, e->rexpr, &S_OTHER_PARENT);
            dbl_buf_putc(b, ')');
            break;
        }
        case AEXPR_DISTINCT:
        case AEXPR_NOT_DISTINCT:
            if (e->kind == AEXPR_NOT_DISTINCT)
                dbl_buf_puts(b, "NOT ");
            S_operand(d, e->lexpr, &S_OTHER_PARENT, S_colref_name(e->rexpr), NULL);
            dbl_buf_puts(b, " IS DISTINCT FROM ");
            S_operand(d, e->rexpr, &S_OTHER_PARENT, S_colref_name(e->lexpr), NULL);
            break;
        case AEXPR_NULLIF:
            dbl_buf_puts(b, "NULLIF(");
            S_expr(d, e->lexpr);
            dbl_buf_puts(b, ", ");
            d->lit_col = S_colref_name(e->lexpr);
            S_expr(d, e->rexpr);
            dbl_buf_putc(b, ')');
            break;
        case AEXPR_IN:
            S_in(d, e);
            break;
        case AEXPR_BETWEEN:
        case AEXPR_NOT_BETWEEN: {
            List *r = (List *)e->rexpr;
            bool neg = e->kind == AEXPR_NOT_BETWEEN;
            S_binop(d, e->lexpr, neg ? "<" : ">=", NULL, (Node *)linitial(r));
            dbl_buf_puts(b, neg ? " OR " : " AND ");
            S_binop(d, e->lexpr, neg ? ">" : "<=", NULL, (Node *)lsecond(r));
            break;
        }
        default:
            S_unknown(d, n);
        }
        break;
    }
    case T_BoolExpr: {
        BoolExpr *e = (BoolExpr *)n;
        if (e->boolop == NOT_EXPR) {
            S_parent p = {S_K_BOOL, NULL, false, NOT_EXPR};
            dbl_buf_puts(b, "NOT ");
            S_sub(d, (Node *)linitial(e->args), &p);
        } else {
            S_bool_args(d, e->args, e->boolop);
        }
        break;
    }
    case T_NullTest: {
        NullTest *e = (NullTest *)n;
        S_sub(d, (Node *)e->arg, &S_OTHER_PARENT);
        dbl_buf_puts(b, e->nulltesttype == IS_NULL ? " IS NULL" : " IS NOT NULL");
        break;
    }
    case T_BooleanTest: {
        static const char *const names[] = {" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE",
                                            " IS UNKNOWN", " IS NOT UNKNOWN"};
        BooleanTest *e = (BooleanTest *)n;
        S_sub(d, (Node *)e->arg, &S_OTHER_PARENT);
        dbl_buf_puts(b, names[e->booltesttype]);
        break;
    }
    case T_FuncCall: {
        FuncCall *f = (FuncCall *)n;
        if (f->over || f->agg_filter || f->agg_order || f->agg_within_group) {
            S_unknown(d, n);
            break;
        }
        if (S_sql_syntax_call(d, f))
            break;
        S_funcname(d, f->funcname);
        dbl_buf_putc(b, '(');
        if (f->agg_star)
            dbl_buf_putc(b, '*');
        if (f->agg_distinct)
            dbl_buf_puts(b, "DISTINCT ");
        ListCell *lc;
        bool first = true;
        foreach (lc, f->args) {
            if (!first)
                dbl_buf_puts(b, ", ");
            if (f->func_variadic && !lnext(f->args, lc))
                dbl_buf_puts(b, "VARIADIC ");
            first = false;
            d->col_ctx = 'f';
            S_expr(d, (Node *)lfirst(lc));
        }
        dbl_buf_putc(b, ')');
        break;
    }
    case T_NamedArgExpr: {
        NamedArgExpr *e = (NamedArgExpr *)n;
        dbl_buf_printf(b, "%s => ", e->name);
        S_expr(d, (Node *)e->arg);
        break;
    }
    case T_CaseExpr: {
        CaseExpr *e = (CaseExpr *)n;
        dbl_buf_puts(b, "CASE");
        if (e->arg) {
            dbl_buf_putc(b, ' ');
            S_expr(d, (Node *)e->arg);
        }
        ListCell *lc;
        foreach (lc, e->args) {
            CaseWhen *w = (CaseWhen *)lfirst(lc);
            dbl_buf_puts(b, " WHEN ");
            S_expr(d, (Node *)w->expr);
            dbl_buf_puts(b, " THEN ");
            S_expr(d, (Node *)w->result);
        }
        if (e->defresult) {
            dbl_buf_puts(b, " ELSE ");
            S_expr(d, (Node *)e->defresult);
        }
        dbl_buf_puts(b, " END");
        break;
    }
    case T_CoalesceExpr:
    case T_MinMaxExpr: {
        List *args = IsA(n, CoalesceExpr) ? ((CoalesceExpr *)n)->args : ((MinMaxExpr *)n)->args;
        const char *col = NULL;
        ListCell *lc;
        foreach (lc, args)
            if (!col)
                col = S_colref_name((Node *)lfirst(lc));
        dbl_buf_puts(b, IsA(n, CoalesceExpr) ? "COALESCE("
                        : ((MinMaxExpr *)n)->op == IS_GREATEST ? "GREATEST(" : "LEAST(");
        bool first = true;
        foreach (lc, args) {
            if (!first)
                dbl_buf_puts(b, ", ");
            first = false;
            d->lit_col = col;
            S_expr(d, (Node *)lfirst(lc));
        }
        dbl_buf_putc(b, ')');
        break;
    }
    case T_SQLValueFunction: {
        static const char *const names[] = {
            "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP",
            "LOCALTIME", "LOCALTIME", "LOCALTIMESTAMP", "LOCALTIMESTAMP", "CURRENT_ROLE",
            "CURRENT_USER", "USER", "SESSION_USER", "CURRENT_CATALOG", "CURRENT_SCHEMA"};
        SQLValueFunction *f = (SQLValueFunction *)n;
        if ((size_t)f->op < sizeof names / sizeof names[0])
            dbl_buf_puts(b, names[f->op]);
        if (f->typmod >= 0)
            dbl_buf_printf(b, "(%d)", f->typmod);
        break;
    }
    case T_A_ArrayExpr:
        dbl_buf_puts(b, "ARRAY[");
        S_list(d, ((A_ArrayExpr *)n)->elements, ", ");
        dbl_buf_putc(b, ']');
        break;
    case T_RowExpr:
        dbl_buf_puts(b, "ROW(");
        S_list(d, ((RowExpr *)n)->args, ", ");
        dbl_buf_putc(b, ')');
        break;
    case T_A_Indirection: {
        A_Indirection *e = (A_Indirection *)n;
        ListCell *lc;
        bool field = false;
        foreach (lc, e->indirection)
            field |= !IsA(lfirst(lc), A_Indices);
        if (IsA(e->arg, ColumnRef) && !field) {
            S_expr(d, e->arg);
        } else {
            dbl_buf_putc(b, '(');
            S_expr(d, e->arg);
            dbl_buf_putc(b, ')');
        }
        foreach (lc, e->indirection) {
            Node *i = (Node *)lfirst(lc);
            if (IsA(i, String)) {
                dbl_buf_putc(b, '.');
                S_ident(d, strVal(i));
            } else if (IsA(i, A_Star)) {
                dbl_buf_puts(b, ".*");
            } else if (IsA(i, A_Indices)) {
                A_Indices *ix = (A_Indices *)i;
                dbl_buf_putc(b, '[');
                if (ix->lidx)
                    S_expr(d, ix->lidx);
                if (ix->is_slice)
                    dbl_buf_putc(b, ':');
                if (ix->uidx)
                    S_expr(d, ix->uidx);
                dbl_buf_putc(b, ']');
            }
        }
        break;
    }
    case T_List:
        dbl_buf_putc(b, '(');
        S_list(d, (List *)n, ", ");
        dbl_buf_putc(b, ')');
        break;
    default:
        S_unknown(d, n);
    }
}

/* FigureColnameInternal(): the name PostgreSQL derives for an expression. */
static const char *S_name_hint(S_ctx *x, Node *n, int *strength)
{
    *strength = 0;
    if (!n)
        return NULL;
    switch (nodeTag(n)) {
    case T_ColumnRef: {
        Node *last = (Node *)llast(((ColumnRef *)n)->fields);
        if (IsA(last, String)) {
            *strength = 2;
            return S_str(x, strVal(last));
        }
        return NULL;
    }
    case T_A_Indirection: {
        A_Indirection *e = (A_Indirection *)n;
        const char *fname = NULL;
        ListCell *lc;
        foreach (lc, e->indirection)
            if (IsA(lfirst(lc), String))
                fname = strVal(lfirst(lc));
        if (fname) {
            *strength = 2;
            return S_str(x, fname);
        }
        return S_name_hint(x, e->arg, strength);
    }
    case T_FuncCall:
        *strength = 2;
        return S_str(x, strVal(llast(((FuncCall *)n)->funcname)));
    case T_A_Expr:
        if (((A_Expr *)n)->kind == AEXPR_NULLIF) {
            *strength = 2;
            return "nullif";
        }
        return NULL;
    case T_TypeCast: {
        TypeCast *tc = (TypeCast *)n;
        const char *r = S_name_hint(x, tc->arg, strength);
        if (*strength <= 1 && tc->typeName) {
            *strength = 1;
            return S_str(x, strVal(llast(tc->typeName->names)));
        }
        return r;
    }
    case T_CollateClause:
        return S_name_hint(x, ((CollateClause *)n)->arg, strength);
    case T_CaseExpr: {
        const char *r = S_name_hint(x, (Node *)((CaseExpr *)n)->defresult, strength);
        if (*strength <= 1) {
            *strength = 1;
            return "case";
        }
        return r;
    }
    case T_A_ArrayExpr:
        *strength = 2;
        return "array";
    case T_RowExpr:
        *strength = 2;
        return "row";
    case T_CoalesceExpr:
        *strength = 2;
        return "coalesce";
    case T_MinMaxExpr:
        *strength = 2;
        return ((MinMaxExpr *)n)->op == IS_GREATEST ? "greatest" : "least";
    case T_SQLValueFunction: {
        static const char *const names[] = {
            "current_date", "current_time", "current_time", "current_timestamp", "current_timestamp",
            "localtime", "localtime", "localtimestamp", "localtimestamp", "current_role",
            "current_user", "user", "session_user", "current_catalog", "current_schema"};
        SQLValueFunction *f = (SQLValueFunction *)n;
        *strength = 2;
        return (size_t)f->op < sizeof names / sizeof names[0] ? names[f->op] : NULL;
    }
    default:
        return NULL;
    }
}

/* Canonical text of an expression; columns it mentions are returned too. */
static const char *S_deparse(S_ctx *x, Node *n, const char ***cols, uint32_t *n_cols)
{
    S_dep d = {.x = x};
    S_expr(&d, n);
    const char *r = dbl_arena_strdup(x->a, dbl_buf_str(&d.out));
    if (cols) {
        *n_cols = d.columns.size;
        *cols = dbl_arena_alloc(x->a, sizeof(char *) * (d.columns.size ? d.columns.size : 1));
        for (uint32_t i = 0; i < d.columns.size; i++)
            (*cols)[i] = d.columns.items[i];
    }
    dbl_buf_free(&d.out);
    dbl_array_free(&d.columns);
    return r;
}

/* ---- types ---------------------------------------------------------------- */

static dbl_typeref S_typeref(S_ctx *x, const TypeName *t)
{
    dbl_typeref r = {0};
    if (!t)
        return r;
    dbl_qname q = {0};
    int n = list_length(t->names);
    if (n > 0) {
        q.name = S_str(x, strVal(llast(t->names)));
        if (n >= 2)
            q.schema = S_str(x, strVal(list_nth(t->names, n - 2)));
    }
    r.schema = q.schema;
    r.name = q.name;
    r.setof = t->setof;
    r.pct_type = t->pct_type;
    r.array_dims = (uint32_t)list_length(t->arrayBounds);
    r.n_mods = (uint32_t)list_length(t->typmods);
    r.mods = dbl_arena_alloc(x->a, sizeof(char *) * (r.n_mods ? r.n_mods : 1));
    uint32_t k = 0;
    ListCell *lc;
    foreach (lc, t->typmods)
        r.mods[k++] = S_deparse(x, (Node *)lfirst(lc), NULL, NULL);
    r.span = S_span_at(x, t->location, 0);
    return r;
}

/* ---- constraints and columns ------------------------------------------- */

static char S_fk_action(char a)
{
    return a ? a : 'a';
}

static void S_index_elem(S_ctx *x, const IndexElem *ie, dbl_ev_elem *e)
{
    memset(e, 0, sizeof *e);
    if (ie->name) {
        e->column = S_str(x, ie->name);
    } else if (ie->expr) {
        e->expr = S_deparse(x, ie->expr, &e->expr_columns, &e->n_expr_columns);
        int strength;
        e->name_hint = ie->indexcolname ? S_str(x, ie->indexcolname) : S_name_hint(x, ie->expr, &strength);
        /* ruleutils.c looks_like_function(): printed without parentheses */
        e->expr_is_call = (IsA(ie->expr, FuncCall) && (((FuncCall *)ie->expr)->funcformat == COERCE_EXPLICIT_CALL ||
                                                       ((FuncCall *)ie->expr)->funcformat == COERCE_SQL_SYNTAX)) ||
                          IsA(ie->expr, CoalesceExpr) || IsA(ie->expr, MinMaxExpr) ||
                          IsA(ie->expr, SQLValueFunction) ||
                          (IsA(ie->expr, A_Expr) && ((A_Expr *)ie->expr)->kind == AEXPR_NULLIF);
    }
    if (ie->opclass) {
        dbl_qname q = {0};
        int n = list_length(ie->opclass);
        q.name = S_str(x, strVal(llast(ie->opclass)));
        if (n >= 2)
            q.schema = S_str(x, strVal(list_nth(ie->opclass, n - 2)));
        e->opclass = q.schema ? dbl_arena_printf(x->a, "%s.%s", q.schema, q.name) : q.name;
    }
    if (ie->collation) {
        dbl_qname q = S_namelist(x, ie->collation);
        e->collation = q.schema && strcmp(q.schema, "pg_catalog") != 0
                           ? dbl_arena_printf(x->a, "%s.%s", q.schema, q.name)
                           : q.name;
    }
    e->sort = ie->ordering == SORTBY_ASC ? DBL_SORT_ASC : ie->ordering == SORTBY_DESC ? DBL_SORT_DESC : DBL_SORT_DEFAULT;
    e->nulls = ie->nulls_ordering == SORTBY_NULLS_FIRST ? DBL_NULLS_FIRST
               : ie->nulls_ordering == SORTBY_NULLS_LAST ? DBL_NULLS_LAST
                                                        : DBL_NULLS_DEFAULT;
}

/* Converts a Constraint node; column is set for a column constraint. Returns
 * false for kinds that are not catalog constraints (NULL, DEFAULT...). */
static bool S_constraint(S_ctx *x, const Constraint *c, const char *column, dbl_ev_constraint *out)
{
    memset(out, 0, sizeof *out);
    out->name = S_str(x, c->conname);
    out->span = S_span_at(x, c->location, 0);
    out->deferrable = c->deferrable;
    out->not_valid = c->skip_validation;
    out->nulls_not_distinct = c->nulls_not_distinct;
    out->no_inherit = c->is_no_inherit;
    out->index_name = S_str(x, c->indexname);
    const char *one[1] = {column};
    switch (c->contype) {
    case CONSTR_PRIMARY:
    case CONSTR_UNIQUE:
        out->kind = c->contype == CONSTR_PRIMARY ? DBL_CON_PRIMARY : DBL_CON_UNIQUE;
        if (column && !c->keys) {
            out->columns = dbl_arena_alloc(x->a, sizeof(char *));
            out->columns[0] = one[0];
            out->n_columns = 1;
        } else {
            out->columns = S_strlist(x, c->keys, &out->n_columns);
        }
        out->include = S_strlist(x, c->including, &out->n_include);
        return true;
    case CONSTR_EXCLUSION: {
        out->kind = DBL_CON_EXCLUDE;
        out->method = S_str(x, c->access_method);
        out->n_elems = (uint32_t)list_length(c->exclusions);
        out->elems = dbl_arena_alloc(x->a, sizeof(dbl_ev_elem) * (out->n_elems ? out->n_elems : 1));
        out->columns = dbl_arena_alloc(x->a, sizeof(char *) * (out->n_elems ? out->n_elems : 1));
        uint32_t k = 0;
        ListCell *lc;
        foreach (lc, c->exclusions) {
            List *pair = (List *)lfirst(lc);
            S_index_elem(x, (IndexElem *)linitial(pair), &out->elems[k]);
            if (out->elems[k].column)
                out->columns[out->n_columns++] = out->elems[k].column;
            k++;
        }
        out->include = S_strlist(x, c->including, &out->n_include);
        if (c->where_clause)
            out->predicate = S_deparse(x, c->where_clause, NULL, NULL);
        return true;
    }
    case CONSTR_FOREIGN:
        out->kind = DBL_CON_FOREIGN;
        if (column && !c->fk_attrs) {
            out->columns = dbl_arena_alloc(x->a, sizeof(char *));
            out->columns[0] = one[0];
            out->n_columns = 1;
        } else {
            out->columns = S_strlist(x, c->fk_attrs, &out->n_columns);
        }
        out->ref_table = S_rangevar(x, c->pktable);
        if (c->pktable && !c->pktable->schemaname)
            out->ref_table.schema = x->default_schema;
        out->ref_columns = S_strlist(x, c->pk_attrs, &out->n_ref_columns);
        out->on_delete = S_fk_action(c->fk_del_action);
        out->on_update = S_fk_action(c->fk_upd_action);
        out->not_valid = c->skip_validation;
        return true;
    case CONSTR_CHECK: {
        out->kind = DBL_CON_CHECK;
        const char **cols;
        uint32_t n;
        out->check_expr = S_deparse(x, c->raw_expr, &cols, &n);
        /* the distinct columns it mentions name it when there is exactly one */
        out->columns = dbl_arena_alloc(x->a, sizeof(char *) * (n ? n : 1));
        for (uint32_t i = 0; i < n; i++) {
            bool seen = false;
            for (uint32_t j = 0; j < out->n_columns && !seen; j++)
                seen = strcmp(out->columns[j], cols[i]) == 0;
            if (!seen)
                out->columns[out->n_columns++] = cols[i];
        }
        if (out->n_columns != 1)
            out->n_columns = 0;
        return true;
    }
    default:
        return false;
    }
}

typedef DBL_ARRAY(dbl_ev_constraint) S_cons;

/* A column definition and its inline constraints. */
static void S_column(S_ctx *x, const ColumnDef *cd, dbl_ev_column *col, S_cons *cons)
{
    memset(col, 0, sizeof *col);
    col->name = S_str(x, cd->colname);
    col->type = S_typeref(x, cd->typeName);
    col->span = S_span_at(x, cd->location, cd->colname ? (uint32_t)strlen(cd->colname) : 0);
    col->not_null = cd->is_not_null;
    col->has_default = cd->raw_default != NULL;
    col->identity = cd->identity != 0;
    col->generated = cd->generated != 0;
    if (col->type.name && !col->type.schema && col->type.n_mods == 0 && col->type.array_dims == 0) {
        static const char *const serials[] = {"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"};
        for (size_t i = 0; i < sizeof serials / sizeof serials[0]; i++)
            if (strcmp(col->type.name, serials[i]) == 0) {
                col->is_serial = true;
                col->type.schema = "pg_catalog";
                col->type.name = i < 2 ? "int4" : i < 4 ? "int8" : "int2";
            }
    }
    if (cd->collClause) {
        dbl_qname q = S_namelist(x, cd->collClause->collname);
        col->collation = q.name;
    }
    ListCell *lc;
    foreach (lc, cd->constraints) {
        Constraint *c = (Constraint *)lfirst(lc);
        switch (c->contype) {
        case CONSTR_NOTNULL:
            col->not_null = true;
            break;
        case CONSTR_NULL:
            col->not_null = false;
            break;
        case CONSTR_DEFAULT:
            col->has_default = true;
            break;
        case CONSTR_IDENTITY:
            col->identity = true;
            col->not_null = true;
            break;
        case CONSTR_GENERATED:
            col->generated = true;
            break;
        default: {
            dbl_ev_constraint ec;
            if (cons && S_constraint(x, c, col->name, &ec))
                dbl_array_push(cons, ec);
        }
        }
    }
}

static void S_finish_cons(S_ctx *x, S_cons *cons, dbl_ev_constraint **out, uint32_t *n)
{
    *n = cons->size;
    *out = dbl_arena_alloc(x->a, sizeof(dbl_ev_constraint) * (cons->size ? cons->size : 1));
    if (cons->size)
        memcpy(*out, cons->items, sizeof(dbl_ev_constraint) * cons->size);
    dbl_array_free(cons);
}

/* ---- statements --------------------------------------------------------- */

static void S_stmt(S_ctx *x, Node *n);

static void S_create_table(S_ctx *x, const CreateStmt *cs, dbl_event_kind kind)
{
    if (cs->relation && cs->relation->relpersistence == 't') {
        /* temporary tables end with the session: only their name is kept */
        dbl_event *ev = S_event(x, DBL_EV_CREATE_RELATION);
        ev->target = S_rangevar(x, cs->relation);
        ev->temp = true;
        return;
    }
    dbl_event *ev = S_event(x, kind);
    ev->target = S_rangevar(x, cs->relation);
    ev->if_not_exists = cs->if_not_exists;
    ev->partitioned = cs->partspec != NULL;
    ev->unlogged = cs->relation && cs->relation->relpersistence == 'u';
    uint32_t idx = (uint32_t)(ev - x->events->items);
    DBL_ARRAY(dbl_ev_column) cols = {0};
    DBL_ARRAY(dbl_ev_like) likes = {0};
    S_cons cons = {0};
    ListCell *lc;
    foreach (lc, cs->tableElts) {
        Node *e = (Node *)lfirst(lc);
        if (IsA(e, ColumnDef)) {
            dbl_ev_column col;
            S_column(x, (ColumnDef *)e, &col, &cons);
            dbl_array_push(&cols, col);
        } else if (IsA(e, Constraint)) {
            dbl_ev_constraint ec;
            if (S_constraint(x, (Constraint *)e, NULL, &ec))
                dbl_array_push(&cons, ec);
        } else if (IsA(e, TableLikeClause)) {
            TableLikeClause *l = (TableLikeClause *)e;
            dbl_array_push(&likes, ((dbl_ev_like){S_rangevar(x, l->relation), l->options, cols.size}));
        }
    }
    foreach (lc, cs->constraints) {
        dbl_ev_constraint ec;
        if (S_constraint(x, (Constraint *)lfirst(lc), NULL, &ec))
            dbl_array_push(&cons, ec);
    }
    ev = dbl_array_get(x->events, idx);
    ev->n_columns = cols.size;
    ev->columns = dbl_arena_alloc(x->a, sizeof(dbl_ev_column) * (cols.size ? cols.size : 1));
    if (cols.size)
        memcpy(ev->columns, cols.items, sizeof(dbl_ev_column) * cols.size);
    ev->n_likes = likes.size;
    ev->likes = dbl_arena_alloc(x->a, sizeof(dbl_ev_like) * (likes.size ? likes.size : 1));
    if (likes.size)
        memcpy(ev->likes, likes.items, sizeof(dbl_ev_like) * likes.size);
    S_finish_cons(x, &cons, &ev->constraints, &ev->n_constraints);
    dbl_array_free(&cols);
    dbl_array_free(&likes);
    ev->n_inherits = (uint32_t)list_length(cs->inhRelations);
    ev->inherits = dbl_arena_alloc(x->a, sizeof(dbl_qname) * (ev->n_inherits ? ev->n_inherits : 1));
    uint32_t k = 0;
    foreach (lc, cs->inhRelations)
        ev->inherits[k++] = S_rangevar(x, (RangeVar *)lfirst(lc));
    if (cs->partbound && ev->n_inherits == 1) {
        ev->partition_of = ev->inherits[0];
        ev->n_inherits = 0;
    }
}

static void S_alter_cmd(S_ctx *x, const AlterTableStmt *as, const AlterTableCmd *cmd, dbl_qname target)
{
    dbl_event *ev = NULL;
    switch (cmd->subtype) {
    case AT_AddColumn:
    case AT_AddColumnRecurse: {
        ev = S_event(x, DBL_EV_ADD_COLUMN);
        uint32_t idx = (uint32_t)(ev - x->events->items);
        S_cons cons = {0};
        dbl_ev_column *col = dbl_arena_alloc(x->a, sizeof *col);
        S_column(x, (ColumnDef *)cmd->def, col, &cons);
        ev = dbl_array_get(x->events, idx);
        ev->columns = col;
        ev->n_columns = 1;
        ev->if_not_exists = cmd->missing_ok;
        S_finish_cons(x, &cons, &ev->constraints, &ev->n_constraints);
        break;
    }
    case AT_DropColumn:
    case AT_DropColumnRecurse:
        ev = S_event(x, DBL_EV_DROP_COLUMN);
        ev->name = S_str(x, cmd->name);
        ev->cascade = cmd->behavior == DROP_CASCADE;
        ev->missing_ok_target = cmd->missing_ok;
        break;
    case AT_AlterColumnType: {
        ev = S_event(x, DBL_EV_ALTER_COLUMN_TYPE);
        ev->name = S_str(x, cmd->name);
        ColumnDef *cd = (ColumnDef *)cmd->def;
        ev->type = S_typeref(x, cd->typeName);
        break;
    }
    case AT_SetNotNull:
    case AT_DropNotNull:
        ev = S_event(x, cmd->subtype == AT_SetNotNull ? DBL_EV_SET_NOT_NULL : DBL_EV_DROP_NOT_NULL);
        ev->name = S_str(x, cmd->name);
        break;
    case AT_AddIdentity:
        ev = S_event(x, DBL_EV_SET_NOT_NULL);
        ev->name = S_str(x, cmd->name);
        break;
    case AT_AddConstraint:
    case AT_AddConstraintRecurse: {
        dbl_ev_constraint *ec = dbl_arena_alloc(x->a, sizeof *ec);
        if (!cmd->def || !S_constraint(x, (Constraint *)cmd->def, NULL, ec))
            return;
        ev = S_event(x, DBL_EV_ADD_CONSTRAINT);
        ev->constraints = ec;
        ev->n_constraints = 1;
        break;
    }
    case AT_DropConstraint:
    case AT_DropConstraintRecurse:
        ev = S_event(x, DBL_EV_DROP_CONSTRAINT);
        ev->name = S_str(x, cmd->name);
        ev->cascade = cmd->behavior == DROP_CASCADE;
        ev->missing_ok_target = cmd->missing_ok;
        break;
    case AT_ValidateConstraint:
    case AT_ValidateConstraintRecurse:
        ev = S_event(x, DBL_EV_VALIDATE_CONSTRAINT);
        ev->name = S_str(x, cmd->name);
        break;
    case AT_AttachPartition:
    case AT_DetachPartition: {
        PartitionCmd *pc = (PartitionCmd *)cmd->def;
        bool index = as->objtype == OBJECT_INDEX;
        ev = S_event(x, index ? DBL_EV_ATTACH_INDEX
                              : cmd->subtype == AT_AttachPartition ? DBL_EV_ATTACH_PARTITION
                                                                   : DBL_EV_DETACH_PARTITION);
        ev->partition_of = S_rangevar(x, pc->name);
        break;
    }
    case AT_AddInherit:
    case AT_DropInherit:
        ev = S_event(x, cmd->subtype == AT_AddInherit ? DBL_EV_INHERIT : DBL_EV_NO_INHERIT);
        ev->partition_of = S_rangevar(x, (RangeVar *)cmd->def);
        break;
    default:
        return;
    }
    ev->target = target;
    ev->if_exists = as->missing_ok;
}

static DropBehavior S_drop_behavior(const DropStmt *ds) { return ds->behavior; }

static void S_drop(S_ctx *x, const DropStmt *ds)
{
    dbl_relkind kind;
    switch (ds->removeType) {
    case OBJECT_TABLE: kind = DBL_REL_TABLE; break;
    case OBJECT_INDEX: kind = DBL_REL_INDEX; break;
    case OBJECT_VIEW: kind = DBL_REL_VIEW; break;
    case OBJECT_MATVIEW: kind = DBL_REL_MATVIEW; break;
    case OBJECT_SEQUENCE: kind = DBL_REL_SEQUENCE; break;
    case OBJECT_FOREIGN_TABLE: kind = DBL_REL_FOREIGN; break;
    case OBJECT_TYPE:
    case OBJECT_DOMAIN: {
        ListCell *lc;
        foreach (lc, ds->objects) {
            dbl_typeref t = S_typeref(x, (const TypeName *)lfirst(lc));
            dbl_event *ev = S_event(x, DBL_EV_DROP_TYPE);
            ev->target = (dbl_qname){t.schema, t.name};
            ev->cascade = S_drop_behavior(ds) == DROP_CASCADE;
            ev->if_exists = ds->missing_ok;
        }
        return;
    }
    case OBJECT_SCHEMA: {
        ListCell *lc;
        foreach (lc, ds->objects) {
            dbl_event *ev = S_event(x, DBL_EV_DROP_SCHEMA);
            ev->name = S_str(x, strVal(lfirst(lc)));
            ev->cascade = S_drop_behavior(ds) == DROP_CASCADE;
            ev->if_exists = ds->missing_ok;
        }
        return;
    }
    default:
        return;
    }
    uint32_t n = (uint32_t)list_length(ds->objects), k = 0;
    dbl_qname *all = dbl_arena_alloc(x->a, sizeof(dbl_qname) * (n ? n : 1));
    ListCell *lc;
    foreach (lc, ds->objects)
        all[k++] = S_namelist(x, (List *)lfirst(lc));
    foreach (lc, ds->objects) {
        dbl_event *ev = S_event(x, DBL_EV_DROP_RELATION);
        ev->relkind = kind;
        ev->target = S_namelist(x, (List *)lfirst(lc));
        ev->objects = all;
        ev->n_objects = n;
        ev->concurrently = ds->concurrent;
        ev->cascade = S_drop_behavior(ds) == DROP_CASCADE;
        ev->if_exists = ds->missing_ok;
    }
}

static void S_index(S_ctx *x, const IndexStmt *is)
{
    dbl_event *ev = S_event(x, DBL_EV_CREATE_INDEX);
    ev->target = S_rangevar(x, is->relation);
    ev->name = S_str(x, is->idxname);
    ev->method = S_str(x, is->accessMethod);
    ev->unique = is->unique;
    ev->nulls_not_distinct = is->nulls_not_distinct;
    ev->concurrently = is->concurrent;
    ev->if_not_exists = is->if_not_exists;
    ev->only = is->relation && !is->relation->inh;
    uint32_t idx = (uint32_t)(ev - x->events->items);
    uint32_t n = (uint32_t)list_length(is->indexParams);
    dbl_ev_elem *elems = dbl_arena_alloc(x->a, sizeof(dbl_ev_elem) * (n ? n : 1));
    uint32_t k = 0;
    ListCell *lc;
    foreach (lc, is->indexParams)
        S_index_elem(x, (IndexElem *)lfirst(lc), &elems[k++]);
    uint32_t ni = (uint32_t)list_length(is->indexIncludingParams);
    const char **inc = dbl_arena_alloc(x->a, sizeof(char *) * (ni ? ni : 1));
    k = 0;
    foreach (lc, is->indexIncludingParams) {
        IndexElem *ie = (IndexElem *)lfirst(lc);
        inc[k++] = ie->name ? S_str(x, ie->name) : "";
    }
    const char *pred = is->whereClause ? S_deparse(x, is->whereClause, NULL, NULL) : NULL;
    ev = dbl_array_get(x->events, idx);
    ev->elems = elems;
    ev->n_elems = n;
    ev->include = inc;
    ev->n_include = ni;
    ev->predicate = pred;
}

static dbl_relkind S_objtype_relkind(ObjectType t)
{
    switch (t) {
    case OBJECT_TABLE: return DBL_REL_TABLE;
    case OBJECT_INDEX: return DBL_REL_INDEX;
    case OBJECT_VIEW: return DBL_REL_VIEW;
    case OBJECT_MATVIEW: return DBL_REL_MATVIEW;
    case OBJECT_SEQUENCE: return DBL_REL_SEQUENCE;
    case OBJECT_FOREIGN_TABLE: return DBL_REL_FOREIGN;
    default: return DBL_REL_ANY;
    }
}

static void S_rename(S_ctx *x, const RenameStmt *rs)
{
    dbl_event *ev;
    switch (rs->renameType) {
    case OBJECT_TABLE:
    case OBJECT_INDEX:
    case OBJECT_VIEW:
    case OBJECT_MATVIEW:
    case OBJECT_SEQUENCE:
    case OBJECT_FOREIGN_TABLE:
        ev = S_event(x, DBL_EV_RENAME_RELATION);
        ev->relkind = S_objtype_relkind(rs->renameType);
        ev->target = S_rangevar(x, rs->relation);
        break;
    case OBJECT_COLUMN:
        ev = S_event(x, DBL_EV_RENAME_COLUMN);
        ev->target = S_rangevar(x, rs->relation);
        ev->name = S_str(x, rs->subname);
        break;
    case OBJECT_TABCONSTRAINT:
        ev = S_event(x, DBL_EV_RENAME_CONSTRAINT);
        ev->target = S_rangevar(x, rs->relation);
        ev->name = S_str(x, rs->subname);
        break;
    case OBJECT_TYPE:
    case OBJECT_DOMAIN:
        ev = S_event(x, DBL_EV_RENAME_TYPE);
        ev->target = S_namelist(x, (List *)rs->object);
        break;
    default:
        return;
    }
    ev->new_name = S_str(x, rs->newname);
    ev->if_exists = rs->missing_ok;
}

static void S_search_path(S_ctx *x, List *args, bool reset)
{
    dbl_event *ev = S_event(x, DBL_EV_SET_SEARCH_PATH);
    if (reset)
        return; /* names == NULL: back to the initial path */
    uint32_t n = 0;
    const char **names = dbl_arena_alloc(x->a, sizeof(char *) * ((uint32_t)list_length(args) + 1));
    ListCell *lc;
    foreach (lc, args) {
        Node *a = (Node *)lfirst(lc);
        if (IsA(a, A_Const) && IsA(&((A_Const *)a)->val, String)) {
            const char *s = strVal(&((A_Const *)a)->val);
            if (strcmp(s, "$user") != 0)
                names[n++] = S_str(x, s);
        }
    }
    ev->names = names;
    ev->n_names = n;
}

/* SELECT pg_catalog.set_config('search_path', 'a, b', false), as pg_dump writes it. */
static void S_select(S_ctx *x, const SelectStmt *s)
{
    if (list_length(s->targetList) != 1)
        return;
    ResTarget *rt = (ResTarget *)linitial(s->targetList);
    if (!IsA(rt->val, FuncCall))
        return;
    FuncCall *f = (FuncCall *)rt->val;
    if (strcmp(strVal(llast(f->funcname)), "set_config") != 0 || list_length(f->args) < 2)
        return;
    Node *a0 = (Node *)linitial(f->args), *a1 = (Node *)lsecond(f->args);
    if (!IsA(a0, A_Const) || !IsA(a1, A_Const) || ((A_Const *)a0)->isnull || ((A_Const *)a1)->isnull ||
        !IsA(&((A_Const *)a0)->val, String) || !IsA(&((A_Const *)a1)->val, String) ||
        strcmp(strVal(&((A_Const *)a0)->val), "search_path") != 0)
        return;
    const char *v = strVal(&((A_Const *)a1)->val);
    dbl_event *ev = S_event(x, DBL_EV_SET_SEARCH_PATH);
    const char **names = dbl_arena_alloc(x->a, sizeof(char *) * (strlen(v) / 2 + 2));
    uint32_t n = 0;
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *s = p;
        char *name;
        if (*p == '"') {
            s = ++p;
            while (*p && *p != '"')
                p++;
            name = dbl_arena_strndup(x->a, s, (size_t)(p - s));
            if (*p)
                p++;
        } else {
            while (*p && *p != ',' && *p != ' ')
                p++;
            name = dbl_arena_strndup(x->a, s, (size_t)(p - s));
            for (char *c = name; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
        }
        if (strcmp(name, "$user") != 0)
            names[n++] = name;
    }
    ev->names = names;
    ev->n_names = n;
}

static void S_domain(S_ctx *x, const CreateDomainStmt *ds)
{
    dbl_event *ev = S_event(x, DBL_EV_CREATE_DOMAIN);
    ev->target = S_namelist(x, ds->domainname);
    ev->type = S_typeref(x, ds->typeName);
    ListCell *lc;
    foreach (lc, ds->constraints) {
        Constraint *c = (Constraint *)lfirst(lc);
        if (c->contype == CONSTR_NOTNULL)
            ev->not_null = true;
        else if (c->contype == CONSTR_NULL)
            ev->not_null = false;
    }
}

static void S_relation_names(S_ctx *x, RangeVar *rv, dbl_relkind kind, List *colnames)
{
    dbl_event *ev = S_event(x, DBL_EV_CREATE_RELATION);
    ev->target = S_rangevar(x, rv);
    ev->relkind = kind;
    uint32_t idx = (uint32_t)(ev - x->events->items);
    uint32_t n = (uint32_t)list_length(colnames);
    dbl_ev_column *cols = dbl_arena_alloc(x->a, sizeof(dbl_ev_column) * (n ? n : 1));
    uint32_t k = 0;
    ListCell *lc;
    foreach (lc, colnames) {
        Node *v = (Node *)lfirst(lc);
        if (IsA(v, String))
            cols[k++] = (dbl_ev_column){.name = S_str(x, strVal(v)), .type = {.name = "unknown"}};
    }
    ev = dbl_array_get(x->events, idx);
    ev->columns = cols;
    ev->n_columns = k;
}

typedef struct {
    DBL_ARRAY(dbl_qname) rels;
    DBL_ARRAY(const char *) names;
    bool partial; /* the FROM list has items whose columns are not those of a relation */
} S_rels;

/* The WITH lists in scope (innermost last; deeper nesting is not followed). */
typedef struct {
    List *lists[8];
    int n;
} S_ctes;

static bool S_is_cte(const S_ctes *ctes, const RangeVar *rv)
{
    ListCell *lc;
    if (rv->schemaname || !ctes)
        return false;
    for (int i = 0; i < ctes->n; i++)
        foreach (lc, ctes->lists[i])
            if (IsA(lfirst(lc), CommonTableExpr) &&
                strcmp(((CommonTableExpr *)lfirst(lc))->ctename, rv->relname) == 0)
                return true;
    return false;
}

/* The relations a FROM item reads (subqueries and functions are not followed). */
static void S_from_rels(S_ctx *x, Node *n, const S_ctes *ctes, S_rels *out)
{
    if (!n)
        return;
    if (IsA(n, RangeVar)) {
        RangeVar *rv = (RangeVar *)n;
        if (S_is_cte(ctes, rv)) {
            out->partial = true;
            return;
        }
        dbl_array_push(&out->rels, S_rangevar(x, rv));
        dbl_array_push(&out->names, S_str(x, rv->alias ? rv->alias->aliasname : rv->relname));
    } else if (IsA(n, JoinExpr)) {
        JoinExpr *j = (JoinExpr *)n;
        /* USING and NATURAL merge columns; an aliased join renames them */
        if (j->usingClause || j->isNatural || j->alias)
            out->partial = true;
        S_from_rels(x, j->larg, ctes, out);
        S_from_rels(x, j->rarg, ctes, out);
    } else {
        out->partial = true; /* subquery, function, VALUES... */
    }
}

static void S_query_rels(S_ctx *x, SelectStmt *q, S_ctes ctes, S_rels *out)
{
    if (!q)
        return;
    if (q->withClause && ctes.n < 8)
        ctes.lists[ctes.n++] = q->withClause->ctes;
    if (q->op != SETOP_NONE) {
        S_query_rels(x, q->larg, ctes, out);
        S_query_rels(x, q->rarg, ctes, out);
        return;
    }
    ListCell *lc;
    foreach (lc, q->fromClause)
        S_from_rels(x, (Node *)lfirst(lc), &ctes, out);
}

/* CREATE TABLE AS, SELECT INTO, CREATE MATERIALIZED VIEW, CREATE VIEW: the column
 * names PostgreSQL derives from the select list (FigureColname()), with the type
 * where it is written (a cast, a literal) or a plain column of the FROM relations. */
static void S_query_relation(S_ctx *x, RangeVar *rv, dbl_relkind kind, List *colnames, Node *query)
{
    if (rv && rv->relpersistence == 't') {
        /* temporary relations end with the session: only their name is kept */
        dbl_event *ev = S_event(x, DBL_EV_CREATE_RELATION);
        ev->target = S_rangevar(x, rv);
        ev->temp = true;
        return;
    }
    if (!rv)
        return;
    if (!query || !IsA(query, SelectStmt)) {
        S_relation_names(x, rv, kind, colnames);
        return;
    }
    SelectStmt *top = (SelectStmt *)query, *q = top;
    while (q->op != SETOP_NONE && q->larg)
        q = q->larg;
    S_rels all = {0}, first = {0};
    S_query_rels(x, top, (S_ctes){{NULL}, 0}, &all);
    S_ctes ctes = {{top->withClause ? top->withClause->ctes : NIL}, 1};
    ListCell *lc;
    foreach (lc, q->fromClause)
        S_from_rels(x, (Node *)lfirst(lc), &ctes, &first);
    DBL_ARRAY(dbl_ev_column) cols = {0};
    bool star = false;
    foreach (lc, q->targetList) {
        ResTarget *rt = (ResTarget *)lfirst(lc);
        Node *v = rt->val;
        dbl_ev_column col = {.type = {.name = "unknown"}};
        if (IsA(v, ColumnRef) && IsA(llast(((ColumnRef *)v)->fields), A_Star)) {
            /* * or t.*: the catalog expands it from the FROM relations */
            List *f = ((ColumnRef *)v)->fields;
            col.name = "*";
            col.src_col = "*";
            if (list_length(f) >= 2 && IsA(list_nth(f, list_length(f) - 2), String))
                col.src_rel = S_str(x, strVal(list_nth(f, list_length(f) - 2)));
            star |= first.partial;
            dbl_array_push(&cols, col);
            continue;
        }
        int strength;
        col.name = rt->name ? S_str(x, rt->name) : S_name_hint(x, v, &strength);
        if (!col.name)
            col.name = "?column?";
        if (IsA(v, TypeCast)) {
            col.type = S_typeref(x, ((TypeCast *)v)->typeName);
        } else if (IsA(v, A_Const) && !((A_Const *)v)->isnull) {
            NodeTag tag = nodeTag(&((A_Const *)v)->val);
            col.type.name = tag == T_Integer ? "int4" : tag == T_Float ? "numeric" : tag == T_Boolean ? "bool"
                            : tag == T_String ? "text" : "unknown";
        } else if (IsA(v, ColumnRef)) {
            List *f = ((ColumnRef *)v)->fields;
            col.src_col = S_str(x, strVal(llast(f)));
            if (list_length(f) >= 2)
                col.src_rel = S_str(x, strVal(list_nth(f, list_length(f) - 2)));
        }
        dbl_array_push(&cols, col);
    }
    if (star || q->valuesLists)
        cols.size = 0;
    uint32_t k = 0;
    foreach (lc, colnames) {
        if (k < cols.size && IsA(lfirst(lc), String))
            cols.items[k].name = S_str(x, strVal(lfirst(lc)));
        k++;
    }
    dbl_event *ev = S_event(x, DBL_EV_CREATE_RELATION);
    ev->target = S_rangevar(x, rv);
    ev->relkind = kind;
    uint32_t idx = (uint32_t)(ev - x->events->items);
    dbl_ev_column *evc = dbl_arena_alloc(x->a, sizeof(dbl_ev_column) * (cols.size ? cols.size : 1));
    if (cols.size)
        memcpy(evc, cols.items, sizeof(dbl_ev_column) * cols.size);
    dbl_qname *req = dbl_arena_alloc(x->a, sizeof(dbl_qname) * (all.rels.size ? all.rels.size : 1));
    if (all.rels.size)
        memcpy(req, all.rels.items, sizeof(dbl_qname) * all.rels.size);
    dbl_qname *src = dbl_arena_alloc(x->a, sizeof(dbl_qname) * (first.rels.size ? first.rels.size : 1));
    const char **names = dbl_arena_alloc(x->a, sizeof(char *) * (first.rels.size ? first.rels.size : 1));
    for (uint32_t i = 0; i < first.rels.size; i++) {
        src[i] = first.rels.items[i];
        names[i] = first.names.items[i];
    }
    ev = dbl_array_get(x->events, idx);
    ev->columns = evc;
    ev->n_columns = cols.size;
    ev->requires = req;
    ev->n_requires = all.rels.size;
    ev->sources = src;
    ev->source_names = names;
    ev->n_sources = first.rels.size;
    ev->set_operation = top->op != SETOP_NONE;
    if (colnames && cols.size == 0) {
        /* columns unknown but named */
        ev = dbl_array_get(x->events, idx);
        uint32_t n = (uint32_t)list_length(colnames);
        dbl_ev_column *nc = dbl_arena_alloc(x->a, sizeof(dbl_ev_column) * (n ? n : 1));
        uint32_t m = 0;
        foreach (lc, colnames)
            if (IsA(lfirst(lc), String))
                nc[m++] = (dbl_ev_column){.name = S_str(x, strVal(lfirst(lc))), .type = {.name = "unknown"}};
        ev->columns = nc;
        ev->n_columns = m;
    }
    dbl_array_free(&cols);
    dbl_array_free(&all.rels);
    dbl_array_free(&all.names);
    dbl_array_free(&first.rels);
    dbl_array_free(&first.names);
}

/* ---- DO blocks ------------------------------------------------------------ */

static uint32_t S_skip_blank(const char *t, uint32_t len);

static bool S_word_at(const char *s, size_t i, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n || strncasecmp(s + i, w, k) != 0)
        return false;
    bool before = i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_');
    bool after = i + k == n || !(isalnum((unsigned char)s[i + k]) || s[i + k] == '_' || s[i + k] == '$');
    return before && after;
}

/* Length of the quoted string, quoted identifier, dollar-quoted string or comment
 * at s[i], or 0 if none starts there. */
static size_t S_skip_quoted(const char *s, size_t i, size_t n)
{
    char c = s[i];
    if (c == '\'' || c == '"') {
        size_t j = i + 1;
        while (j < n && !(s[j] == c && (j + 1 >= n || s[j + 1] != c)))
            j += s[j] == c ? 2 : 1;
        return (j < n ? j + 1 : n) - i;
    }
    if (c == '-' && i + 1 < n && s[i + 1] == '-') {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        return j - i;
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
        const char *e = strstr(s + i + 2, "*/");
        return (e ? (size_t)(e - s) + 2 : n) - i;
    }
    if (c == '$' && (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))) {
        size_t j = i + 1;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
            j++;
        if (j < n && s[j] == '$') {
            size_t tag = j + 1 - i;
            for (size_t k = j + 1; k + tag <= n; k++)
                if (strncmp(s + k, s + i, tag) == 0)
                    return k + tag - i;
            return n - i;
        }
    }
    return 0;
}

/* True if buf[i] starts a PL/pgSQL statement: only blanks (and blanked
 * keywords) since the last ';' or the start. */
static bool S_stmt_start(const char *buf, size_t i)
{
    while (i > 0 && isspace((unsigned char)buf[i - 1]))
        i--;
    return i == 0 || buf[i - 1] == ';';
}

/* Blanks buf[from..to) with spaces, keeping line breaks (offsets stay valid). */
static void S_blank(char *buf, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (buf[i] != '\n')
            buf[i] = ' ';
}

/* The statements of a DO block whose body is plain blocks of SQL statements:
 * BEGIN <statements> [EXCEPTION <handlers>] END, nested blocks included, and
 * IF [NOT] EXISTS (<query>) THEN <statements> [ELSE ...] END IF, as migrations
 * write "create it unless it exists". The block keywords, exception handlers,
 * IF conditions and ELSE branches are blanked out (offsets stay valid) and the
 * rest is parsed and converted like top-level statements: what the block does
 * on a database built from scratch when nothing fails. Bodies with
 * declarations, other control flow or dynamic SQL do not parse as SQL and are
 * skipped (dbl cannot see what they do).
 * body_base: absolute offset of body[0]. */
static void S_do_body(S_ctx *x, const char *body, uint32_t body_base)
{
    size_t n = strlen(body), q;
    char *buf = dbl_arena_strndup(x->a, body, n);
    char stack[32]; /* 'b' a BEGIN block, 'i' an IF [NOT] EXISTS */
    int depth = 0;
    bool seen = false;
    for (size_t i = 0; i < n;) {
        if ((q = S_skip_quoted(buf, i, n)) > 0) {
            i += q;
            continue;
        }
        if (S_word_at(buf, i, n, "declare"))
            return;
        if (S_word_at(buf, i, n, "begin")) {
            if (depth == (int)sizeof stack)
                return;
            S_blank(buf, i, i + 5);
            stack[depth++] = 'b';
            seen = true;
            i += 5;
            continue;
        }
        if (!seen && !isspace((unsigned char)buf[i]))
            return; /* the body must start with BEGIN */
        if (!S_stmt_start(buf, i)) {
            i++;
            continue;
        }
        if (S_word_at(buf, i, n, "if") && depth > 0) {
            /* IF [NOT] EXISTS (...) THEN: a guard around the change a migration
             * means to make ("create it unless it exists", "drop it if it is
             * there"); on a database built by the migrations themselves the
             * guard holds, so the THEN branch is what runs */
            size_t j = i + 2;
            while (j < n && isspace((unsigned char)buf[j]))
                j++;
            if (S_word_at(buf, j, n, "not")) {
                j += 3;
                while (j < n && isspace((unsigned char)buf[j]))
                    j++;
            }
            if (!S_word_at(buf, j, n, "exists") || depth == (int)sizeof stack)
                return;
            int paren = 0;
            while (j < n && !(paren == 0 && S_word_at(buf, j, n, "then"))) {
                if ((q = S_skip_quoted(buf, j, n)) > 0) {
                    j += q;
                    continue;
                }
                paren += buf[j] == '(' ? 1 : buf[j] == ')' ? -1 : 0;
                j++;
            }
            if (j >= n)
                return;
            S_blank(buf, i, j + 4);
            stack[depth++] = 'i';
            i = j + 4;
            continue;
        }
        bool in_if = depth > 0 && stack[depth - 1] == 'i';
        if ((S_word_at(buf, i, n, "exception") && depth > 0 && !in_if) ||
            ((S_word_at(buf, i, n, "else") || S_word_at(buf, i, n, "elsif")) && in_if)) {
            /* handlers run only on failure, ELSE only when the object exists:
             * skip to the END of this block or IF */
            size_t j = i;
            int d = 0;
            while (j < n) {
                if ((q = S_skip_quoted(buf, j, n)) > 0) {
                    j += q;
                    continue;
                }
                if (S_word_at(buf, j, n, "begin") && S_stmt_start(buf, j))
                    d++;
                else if (S_word_at(buf, j, n, "end") && S_stmt_start(buf, j)) {
                    size_t k = j + 3;
                    while (k < n && isspace((unsigned char)buf[k]))
                        k++;
                    bool end_if = S_word_at(buf, k, n, "if");
                    if (d == 0 && end_if == in_if)
                        break;
                    if (!end_if)
                        d--;
                }
                j++;
            }
            S_blank(buf, i, j);
            i = j;
            continue;
        }
        if (S_word_at(buf, i, n, "end") && depth > 0) {
            size_t k = i + 3;
            while (k < n && isspace((unsigned char)buf[k]))
                k++;
            if (S_word_at(buf, k, n, "if")) {
                if (!in_if)
                    return;
                S_blank(buf, i, k + 2);
                depth--;
                i = k + 2;
                continue;
            }
            if (in_if)
                return;
            S_blank(buf, i, i + 3);
            depth--;
            i += 3;
            continue;
        }
        i++;
    }
    if (!seen || depth != 0)
        return;
    PgQueryInternalParsetreeAndError pr = pg_query_raw_parse(buf);
    if (pr.error) {
        pg_query_free_error(pr.error);
        free(pr.stderr_buffer);
        return;
    }
    S_ctx saved = *x;
    x->text = buf;
    x->base = body_base;
    x->in_do = true;
    ListCell *lc;
    foreach (lc, pr.tree) {
        RawStmt *rs = (RawStmt *)lfirst(lc);
        uint32_t s0 = (uint32_t)rs->stmt_location;
        uint32_t len = rs->stmt_len ? (uint32_t)rs->stmt_len : (uint32_t)strlen(buf + s0);
        uint32_t skip = S_skip_blank(buf + s0, len);
        x->stmt = (dbl_span){x->base + s0 + skip, x->base + s0 + len};
        S_stmt(x, rs->stmt);
    }
    *x = saved;
    free(pr.stderr_buffer);
}

static void S_do(S_ctx *x, const DoStmt *ds)
{
    const char *body = NULL, *lang = "plpgsql";
    int loc = -1;
    ListCell *lc;
    foreach (lc, ds->args) {
        DefElem *d = (DefElem *)lfirst(lc);
        if (strcmp(d->defname, "as") == 0 && d->arg && IsA(d->arg, String)) {
            body = strVal(d->arg);
            loc = d->location;
        } else if (strcmp(d->defname, "language") == 0 && d->arg && IsA(d->arg, String)) {
            lang = strVal(d->arg);
        }
    }
    if (!body || strcmp(lang, "plpgsql") != 0 || x->in_do)
        return;
    /* where the body starts in the file: after the opening $tag$ (a '...' body is
     * mapped to the statement's start) */
    uint32_t body_base = x->stmt.start;
    if (loc >= 0 && x->text[loc] == '$') {
        const char *t = strchr(x->text + loc + 1, '$');
        if (t)
            body_base = x->base + (uint32_t)(t + 1 - x->text);
    }
    S_do_body(x, body, body_base);
}

static void S_stmt(S_ctx *x, Node *n)
{
    if (!n)
        return;
    switch (nodeTag(n)) {
    case T_CreateStmt:
        S_create_table(x, (CreateStmt *)n, DBL_EV_CREATE_TABLE);
        break;
    case T_CreateForeignTableStmt: {
        CreateForeignTableStmt *f = (CreateForeignTableStmt *)n;
        S_relation_names(x, f->base.relation, DBL_REL_FOREIGN, NIL);
        break;
    }
    case T_AlterTableStmt: {
        AlterTableStmt *as = (AlterTableStmt *)n;
        dbl_qname target = S_rangevar(x, as->relation);
        ListCell *lc;
        foreach (lc, as->cmds)
            S_alter_cmd(x, as, (AlterTableCmd *)lfirst(lc), target);
        break;
    }
    case T_IndexStmt:
        S_index(x, (IndexStmt *)n);
        break;
    case T_DropStmt:
        S_drop(x, (DropStmt *)n);
        break;
    case T_RenameStmt:
        S_rename(x, (RenameStmt *)n);
        break;
    case T_AlterObjectSchemaStmt: {
        AlterObjectSchemaStmt *s = (AlterObjectSchemaStmt *)n;
        if (!s->relation && (s->objectType == OBJECT_TYPE || s->objectType == OBJECT_DOMAIN)) {
            dbl_event *ev = S_event(x, DBL_EV_RENAME_TYPE);
            ev->target = S_namelist(x, (List *)s->object);
            ev->name = S_str(x, s->newschema);
            ev->if_exists = s->missing_ok;
            break;
        }
        if (!s->relation)
            break;
        dbl_event *ev = S_event(x, DBL_EV_SET_SCHEMA);
        ev->target = S_rangevar(x, s->relation);
        ev->new_name = S_str(x, s->newschema);
        ev->relkind = S_objtype_relkind(s->objectType);
        ev->if_exists = s->missing_ok;
        break;
    }
    case T_CreateSchemaStmt: {
        CreateSchemaStmt *s = (CreateSchemaStmt *)n;
        dbl_event *ev = S_event(x, DBL_EV_CREATE_SCHEMA);
        const char *name = s->schemaname ? s->schemaname
                           : (s->authrole && s->authrole->rolename ? s->authrole->rolename : NULL);
        ev->name = S_str(x, name);
        ev->if_not_exists = s->if_not_exists;
        const char *saved = x->default_schema;
        x->default_schema = S_str(x, name);
        /* PostgreSQL runs the elements by kind (transformCreateSchemaStmt):
         * sequences, tables, views, indexes, then the rest */
        static const NodeTag order[] = {T_CreateSeqStmt, T_CreateStmt, T_ViewStmt, T_IndexStmt};
        ListCell *lc;
        for (size_t k = 0; k <= sizeof order / sizeof order[0]; k++)
            foreach (lc, s->schemaElts) {
                NodeTag tag = nodeTag((Node *)lfirst(lc));
                bool listed = false;
                for (size_t j = 0; j < sizeof order / sizeof order[0]; j++)
                    listed |= tag == order[j];
                if (k < sizeof order / sizeof order[0] ? tag == order[k] : !listed)
                    S_stmt(x, (Node *)lfirst(lc));
            }
        x->default_schema = saved;
        break;
    }
    case T_VariableSetStmt: {
        VariableSetStmt *v = (VariableSetStmt *)n;
        if (!v->name || strcmp(v->name, "search_path") != 0)
            break;
        if (v->kind == VAR_SET_VALUE)
            S_search_path(x, v->args, false);
        else if (v->kind == VAR_SET_DEFAULT || v->kind == VAR_RESET)
            S_search_path(x, NIL, true);
        break;
    }
    case T_DoStmt:
        S_do(x, (DoStmt *)n);
        break;
    case T_TransactionStmt: {
        TransactionStmt *ts = (TransactionStmt *)n;
        const char *what = NULL;
        switch (ts->kind) {
        case TRANS_STMT_BEGIN:
        case TRANS_STMT_START: what = "begin"; break;
        case TRANS_STMT_COMMIT:
        case TRANS_STMT_PREPARE: what = "commit"; break;
        case TRANS_STMT_ROLLBACK: what = "rollback"; break;
        case TRANS_STMT_SAVEPOINT: what = "savepoint"; break;
        case TRANS_STMT_RELEASE: what = "release"; break;
        case TRANS_STMT_ROLLBACK_TO: what = "rollback_to"; break;
        default: break;
        }
        if (!what || x->in_do)
            break;
        dbl_event *ev = S_event(x, DBL_EV_TRANSACTION);
        ev->name = what;
        ev->new_name = S_str(x, ts->savepoint_name);
        break;
    }
    case T_SelectStmt: {
        SelectStmt *sel = (SelectStmt *)n;
        if (sel->intoClause && x->in_do)
            break; /* PL/pgSQL's SELECT ... INTO assigns variables */
        if (sel->intoClause) {
            /* SELECT ... INTO t: CREATE TABLE t AS SELECT ... */
            IntoClause *into = sel->intoClause;
            sel->intoClause = NULL;
            S_query_relation(x, into->rel, DBL_REL_TABLE, into->colNames, (Node *)sel);
            sel->intoClause = into;
            break;
        }
        S_select(x, sel);
        break;
    }
    case T_CreateExtensionStmt: {
        CreateExtensionStmt *ce = (CreateExtensionStmt *)n;
        dbl_event *ev = S_event(x, DBL_EV_CREATE_EXTENSION);
        ev->name = S_str(x, ce->extname);
        ev->if_not_exists = ce->if_not_exists;
        ListCell *lc;
        foreach (lc, ce->options) {
            DefElem *d = (DefElem *)lfirst(lc);
            if (strcmp(d->defname, "schema") == 0 && d->arg && IsA(d->arg, String))
                ev->target.schema = S_str(x, strVal(d->arg));
        }
        break;
    }
    case T_CreateDomainStmt:
        S_domain(x, (CreateDomainStmt *)n);
        break;
    case T_AlterDomainStmt: {
        AlterDomainStmt *a = (AlterDomainStmt *)n;
        if (a->subtype != 'N' && a->subtype != 'O')
            break;
        dbl_event *ev = S_event(x, DBL_EV_DOMAIN_NOT_NULL);
        ev->target = S_namelist(x, a->typeName);
        ev->not_null = a->subtype == 'O';
        break;
    }
    case T_CreateEnumStmt: {
        dbl_event *ev = S_event(x, DBL_EV_CREATE_TYPE);
        ev->target = S_namelist(x, ((CreateEnumStmt *)n)->typeName);
        break;
    }
    case T_DefineStmt: {
        /* CREATE TYPE name [(INPUT = ..., ...)]: a base or shell type */
        DefineStmt *d = (DefineStmt *)n;
        if (d->kind != OBJECT_TYPE)
            break;
        dbl_event *ev = S_event(x, DBL_EV_CREATE_TYPE);
        ev->target = S_namelist(x, d->defnames);
        break;
    }
    case T_CreateRangeStmt: {
        CreateRangeStmt *rs = (CreateRangeStmt *)n;
        dbl_event *ev = S_event(x, DBL_EV_CREATE_TYPE);
        ev->target = S_namelist(x, rs->typeName);
        /* the multirange type PostgreSQL creates with it (makeMultirangeTypeName) */
        const char *mr = NULL;
        ListCell *lc;
        foreach (lc, rs->params) {
            DefElem *d = (DefElem *)lfirst(lc);
            if (strcmp(d->defname, "multirange_type_name") == 0 && d->arg && IsA(d->arg, String))
                mr = S_str(x, strVal(d->arg));
            else if (strcmp(d->defname, "multirange_type_name") == 0 && d->arg && IsA(d->arg, TypeName))
                mr = S_str(x, strVal(llast(((TypeName *)d->arg)->names)));
        }
        if (!mr && ev->target.name) {
            const char *r = strstr(ev->target.name, "range");
            mr = r ? dbl_arena_printf(x->a, "%.*smulti%s", (int)(r - ev->target.name), ev->target.name, r)
                   : dbl_arena_printf(x->a, "%.52s_multirange", ev->target.name);
        }
        ev->name = mr;
        break;
    }
    case T_CompositeTypeStmt: {
        CompositeTypeStmt *ct = (CompositeTypeStmt *)n;
        dbl_event *ev = S_event(x, DBL_EV_CREATE_TYPE);
        ev->target = S_rangevar(x, ct->typevar);
        ev->relkind = DBL_REL_COMPOSITE;
        uint32_t idx = (uint32_t)(ev - x->events->items);
        uint32_t cnt = (uint32_t)list_length(ct->coldeflist), k = 0;
        dbl_ev_column *cols = dbl_arena_alloc(x->a, sizeof(dbl_ev_column) * (cnt ? cnt : 1));
        ListCell *lc;
        foreach (lc, ct->coldeflist)
            S_column(x, (ColumnDef *)lfirst(lc), &cols[k++], NULL);
        ev = dbl_array_get(x->events, idx);
        ev->columns = cols;
        ev->n_columns = k;
        break;
    }
    case T_ViewStmt: {
        ViewStmt *v = (ViewStmt *)n;
        S_query_relation(x, v->view, DBL_REL_VIEW, v->aliases, v->query);
        break;
    }
    case T_CreateTableAsStmt: {
        CreateTableAsStmt *c = (CreateTableAsStmt *)n;
        if (!c->into)
            break;
        S_query_relation(x, c->into->rel, c->objtype == OBJECT_MATVIEW ? DBL_REL_MATVIEW : DBL_REL_TABLE,
                         c->into->colNames, c->query);
        break;
    }
    case T_CreateSeqStmt:
        S_relation_names(x, ((CreateSeqStmt *)n)->sequence, DBL_REL_SEQUENCE, NIL);
        break;
    default:
        break;
    }
}

/* ---- parsing -------------------------------------------------------------- */

/* Bytes of white space and comments at the start of t[0..len). */
static uint32_t S_skip_blank(const char *t, uint32_t len)
{
    uint32_t i = 0;
    while (i < len) {
        char c = t[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            i++;
        } else if (c == '-' && i + 1 < len && t[i + 1] == '-') {
            while (i < len && t[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
            int depth = 0;
            while (i < len) {
                if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
                    depth++;
                    i += 2;
                } else if (t[i] == '*' && i + 1 < len && t[i + 1] == '/') {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    i++;
                }
            }
        } else {
            break;
        }
    }
    return i;
}

/* Byte offset of the 1-based character position pos in text. */
static uint32_t S_char_to_byte(const char *text, int pos)
{
    uint32_t i = 0, len = (uint32_t)strlen(text);
    for (int k = 1; k < pos && i < len; k++) {
        int n = dbl_utf8_seq_len((const unsigned char *)text + i, len - i);
        i += n > 0 ? (uint32_t)n : 1;
    }
    return i;
}

dbl_front_result dbl_front_parse(const char *text, uint32_t base, uint32_t file, dbl_arena *arena,
                                 dbl_front_stmt_list *stmts, dbl_event_list *events)
{
    dbl_front_result r = {.ok = true, .error_offset = UINT32_MAX};
    MemoryContext ctx = pg_query_enter_memory_context();
    PgQueryInternalParsetreeAndError pr = pg_query_raw_parse(text);
    if (pr.error) {
        r.ok = false;
        r.message = dbl_arena_strdup(arena, pr.error->message);
        if (pr.error->cursorpos > 0)
            r.error_offset = base + S_char_to_byte(text, pr.error->cursorpos);
        pg_query_free_error(pr.error);
    } else {
        S_ctx x = {.a = arena, .text = text, .base = base, .file = file, .events = events};
        ListCell *lc;
        foreach (lc, pr.tree) {
            RawStmt *rs = (RawStmt *)lfirst(lc);
            uint32_t start = (uint32_t)rs->stmt_location;
            uint32_t len = rs->stmt_len ? (uint32_t)rs->stmt_len : (uint32_t)strlen(text + start);
            uint32_t skip = S_skip_blank(text + start, len);
            start += skip;
            len -= skip;
            x.stmt = (dbl_span){base + start, base + start + len};
            dbl_front_stmt st = {x.stmt, events->size, 0};
            S_stmt(&x, rs->stmt);
            st.n_events = events->size - st.first_event;
            dbl_array_push(stmts, st);
        }
    }
    free(pr.stderr_buffer);
    pg_query_exit_memory_context(ctx);
    return r;
}

void dbl_front_shutdown(void)
{
    /* pg_query_exit() needs the memory context that the first parse creates */
    pg_query_init();
    pg_query_exit();
}
