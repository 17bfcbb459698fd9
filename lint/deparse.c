/* deparse.c - PostgreSQL expression parse trees printed as pg_get_expr() prints them (see deparse.h). */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"

#include <string.h>

#include "lint/catalog.h"
#include "lint/deparse.h"

typedef dbl_deparse_ctx S_ctx;

static const char *S_str(const S_ctx *x, const char *s)
{
    return s ? dbl_arena_strdup(x->arena, s) : NULL;
}

static dbl_span S_span_at(const S_ctx *x, int location, uint32_t len)
{
    if (location < 0)
        return x->stmt;
    uint32_t s = x->base + (uint32_t)location;
    return (dbl_span){s, s + len};
}

/* ---- expressions --------------------------------------------------------- */

typedef struct {
    dbl_buf out;
    DBL_ARRAY(const char *) columns;
    const S_ctx *x;
    /* context of the node printed next (S_expr reads and clears it) */
    char col_ctx;           /* 'o' operand of an operator, 'f' function argument, 0 */
    const char *lit_col;    /* a literal there takes the type of this column */
    const char *lit_forced; /* ... or this type */
    bool lit_array;         /* a literal is an element of an IN list on lit_col */
} S_dep;

static void S_expr(S_dep *d, Node *n);
static dbl_typeref S_typeref(const S_ctx *x, const TypeName *t);

static void S_ident(S_dep *d, const char *s)
{
    dbl_buf_puts(&d->out, dbl_quote_ident(d->x->arena, s));
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
    /* something this deparser does not spell: unique, so it never compares equal
     * (numbered, not placed: a statement reused from a cache keeps its text) */
    static _Atomic unsigned long serial;
    dbl_buf_printf(&d->out, "<?%d#%lu>", (int)nodeTag(n), ++serial);
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
static void S_cast(S_dep *d, TypeCast *tc, const S_parent *p, char ctx);

static void S_sub(S_dep *d, Node *n, const S_parent *p)
{
    if (n && IsA(n, TypeCast) && !IsA(((TypeCast *)n)->arg, A_Const)) {
        char ctx = d->col_ctx;
        d->col_ctx = 0;
        d->lit_col = NULL;
        d->lit_forced = NULL;
        S_cast(d, (TypeCast *)n, p, ctx);
        return;
    }
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

/* The type a string literal takes when compared with n, a cast of an expression:
 * the cast's type, as far as the literal's spelling goes; NULL if not one of those. */
static const char *S_cast_literal_type(const S_dep *d, Node *n, Node *lit)
{
    if (!n || !IsA(n, TypeCast) || IsA(((TypeCast *)n)->arg, A_Const) || !lit || !IsA(lit, A_Const) ||
        ((A_Const *)lit)->isnull || !IsA(&((A_Const *)lit)->val, String))
        return NULL;
    dbl_typeref tr = S_typeref(d->x, ((TypeCast *)n)->typeName);
    if (tr.array_dims || (tr.schema && strcmp(tr.schema, "pg_catalog") != 0) || !tr.name)
        return NULL;
    static const char *const same[] = {"date", "uuid", "jsonb", "json", "interval"};
    if (strcmp(tr.name, "text") == 0 || strcmp(tr.name, "varchar") == 0)
        return "text";
    if (strcmp(tr.name, "bpchar") == 0)
        return "bpchar";
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        if (strcmp(tr.name, same[i]) == 0)
            return same[i];
    return NULL;
}

static void S_binop(S_dep *d, Node *l, const char *opname, List *name, Node *r)
{
    const char *simple = opname && strlen(opname) == 1 ? opname : NULL;
    S_parent pl = {S_K_OP, simple, true, AND_EXPR}, pr = {S_K_OP, simple, false, AND_EXPR};
    const char *forced = opname ? S_json_rhs_type(opname) : NULL;
    if (!forced)
        forced = S_cast_literal_type(d, l, r);
    S_operand(d, l, &pl, S_colref_name(r), S_cast_literal_type(d, r, l));
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
        const char *type = dbl_type_format(d->x->arena, &tr);
        if (IsA(tc->arg, A_Const)) {
            S_typed_const(d, (A_Const *)tc->arg, type);
            break;
        }
        S_cast(d, tc, NULL, col_ctx);
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

/* ---- result types ----------------------------------------------------------- */

/* Built-in functions whose result type does not depend on their arguments. */
static const struct {
    const char *name, *type;
} S_FIXED_RESULT[] = {
    {"lower", "text"}, {"upper", "text"}, {"initcap", "text"}, {"btrim", "text"},
    {"ltrim", "text"}, {"rtrim", "text"}, {"md5", "text"}, {"concat", "text"},
    {"concat_ws", "text"}, {"replace", "text"}, {"substr", "text"}, {"left", "text"},
    {"right", "text"}, {"translate", "text"}, {"to_char", "text"}, {"reverse", "text"},
    {"lpad", "text"}, {"rpad", "text"}, {"split_part", "text"}, {"regexp_replace", "text"},
    {"format", "text"}, {"repeat", "text"}, {"quote_ident", "text"}, {"textcat", "text"},
    {"length", "integer"}, {"char_length", "integer"}, {"strpos", "integer"},
    {"octet_length", "integer"}, {"to_tsvector", "tsvector"}, {"date", "date"},
    {"now", "timestamp with time zone"}, {"to_timestamp", "timestamp with time zone"},
    {"jsonb_build_object", "jsonb"}, {"to_jsonb", "jsonb"}, {"json_build_object", "json"},
    {"jsonb_typeof", "text"}, {"json_typeof", "text"}, {"gen_random_uuid", "uuid"},
};

/* What the type of n is, as far as it is known without the columns' types:
 * "t" + format_type() text for a type fixed by the expression, "c" + a column
 * name for that column's type, "d" + a column for date_trunc() over it, "j" +
 * a column for -> / #> on it, or NULL when it depends on more than that. */
static const char *S_typespec(const S_ctx *x, Node *n)
{
    if (!n)
        return NULL;
    switch (nodeTag(n)) {
    case T_ColumnRef: {
        Node *last = (Node *)llast(((ColumnRef *)n)->fields);
        return IsA(last, String) ? dbl_arena_printf(x->arena, "c%s", strVal(last)) : NULL;
    }
    case T_TypeCast: {
        dbl_typeref tr = S_typeref(x, ((TypeCast *)n)->typeName);
        return dbl_arena_printf(x->arena, "t%s", dbl_type_format(x->arena, &tr));
    }
    case T_CollateClause:
        return S_typespec(x, ((CollateClause *)n)->arg);
    case T_A_Const:
        switch (nodeTag(&((A_Const *)n)->val)) {
        case T_Integer:
            return "tinteger";
        case T_Boolean:
            return "tboolean";
        default:
            return NULL;
        }
    case T_BoolExpr:
    case T_NullTest:
    case T_BooleanTest:
        return "tboolean";
    case T_SQLValueFunction:
        switch (((SQLValueFunction *)n)->op) {
        case SVFOP_CURRENT_DATE:
            return "tdate";
        case SVFOP_CURRENT_TIMESTAMP:
        case SVFOP_CURRENT_TIMESTAMP_N:
            return "ttimestamp with time zone";
        case SVFOP_LOCALTIMESTAMP:
        case SVFOP_LOCALTIMESTAMP_N:
            return "ttimestamp without time zone";
        default:
            return NULL;
        }
    case T_CoalesceExpr: {
        ListCell *lc;
        foreach (lc, ((CoalesceExpr *)n)->args) {
            const char *s = S_typespec(x, (Node *)lfirst(lc));
            if (s && (s[0] == 't' || s[0] == 'c'))
                return s;
        }
        return NULL;
    }
    case T_A_Expr: {
        A_Expr *e = (A_Expr *)n;
        const char *op = S_opname_str(e->name);
        if (e->kind == AEXPR_OP && e->lexpr) {
            if (strcmp(op, "->>") == 0 || strcmp(op, "#>>") == 0)
                return "ttext";
            if (strcmp(op, "->") == 0 || strcmp(op, "#>") == 0) {
                const char *l = S_typespec(x, e->lexpr);
                if (l && l[0] == 'c')
                    return dbl_arena_printf(x->arena, "j%s", l + 1);
                if (l && (strcmp(l, "tjsonb") == 0 || strcmp(l, "tjson") == 0))
                    return l;
                return NULL;
            }
            if (strcmp(op, "=") == 0 || strcmp(op, "<>") == 0 || strcmp(op, "<") == 0 ||
                strcmp(op, ">") == 0 || strcmp(op, "<=") == 0 || strcmp(op, ">=") == 0 ||
                strcmp(op, "~~") == 0 || strcmp(op, "~~*") == 0 || strcmp(op, "@>") == 0 ||
                strcmp(op, "<@") == 0 || strcmp(op, "?") == 0)
                return "tboolean";
            return NULL;
        }
        switch (e->kind) {
        case AEXPR_LIKE:
        case AEXPR_ILIKE:
        case AEXPR_SIMILAR:
        case AEXPR_IN:
        case AEXPR_DISTINCT:
        case AEXPR_NOT_DISTINCT:
        case AEXPR_BETWEEN:
        case AEXPR_NOT_BETWEEN:
            return "tboolean";
        default:
            return NULL;
        }
    }
    case T_FuncCall: {
        FuncCall *f = (FuncCall *)n;
        if (f->over || f->agg_filter || f->agg_order || f->agg_star || f->agg_distinct)
            return NULL;
        int nargs = list_length(f->args);
        if (list_length(f->funcname) == 2 && strcmp(strVal(linitial(f->funcname)), "pg_catalog") != 0)
            return NULL;
        if (list_length(f->funcname) > 2)
            return NULL;
        const char *fn = strVal(llast(f->funcname));
        if (strcmp(fn, "date_trunc") == 0 && nargs == 2) {
            const char *a = S_typespec(x, (Node *)lsecond(f->args));
            if (a && a[0] == 'c')
                return dbl_arena_printf(x->arena, "d%s", a + 1);
            if (a && (strcmp(a, "ttimestamp without time zone") == 0 ||
                      strcmp(a, "ttimestamp with time zone") == 0 || strcmp(a, "tinterval") == 0))
                return a;
            if (a && strcmp(a, "tdate") == 0)
                return "ttimestamp with time zone";
            return NULL;
        }
        if (f->funcformat == COERCE_SQL_SYNTAX &&
            (strcmp(fn, "btrim") == 0 || strcmp(fn, "ltrim") == 0 || strcmp(fn, "rtrim") == 0 ||
             strcmp(fn, "substring") == 0))
            return "ttext";
        if (f->funcformat == COERCE_SQL_SYNTAX && strcmp(fn, "extract") == 0)
            return "tnumeric";
        if (f->funcformat == COERCE_SQL_SYNTAX && strcmp(fn, "position") == 0)
            return "tinteger";
        if (f->funcformat != COERCE_EXPLICIT_CALL)
            return NULL;
        for (size_t i = 0; i < sizeof S_FIXED_RESULT / sizeof S_FIXED_RESULT[0]; i++)
            if (strcmp(fn, S_FIXED_RESULT[i].name) == 0)
                return dbl_arena_printf(x->arena, "t%s", S_FIXED_RESULT[i].type);
        return NULL;
    }
    default:
        return NULL;
    }
}

/* A cast with an expression argument. PostgreSQL's analysis drops a cast to the
 * type (and typmod) the argument already has; then the argument is printed in the
 * cast's place, under the cast's parent p (NULL: a place that never takes
 * parentheses) and in its operand context ctx. When that depends on a column's
 * type, both spellings are left for dbl_catalog_render_expr():
 * "\x04" SPEC "\x1f" TYPE "\x1f" KEPT "\x1f" DROPPED "\x05". */
static void S_cast(S_dep *d, TypeCast *tc, const S_parent *p, char ctx)
{
    dbl_buf *b = &d->out;
    dbl_typeref tr = S_typeref(d->x, tc->typeName);
    const char *type = dbl_type_format(d->x->arena, &tr);
    const char *spec = S_typespec(d->x, tc->arg);
    if (spec && spec[0] == 't' && strcmp(spec + 1, type) == 0) {
        d->col_ctx = ctx;
        if (p)
            S_sub(d, tc->arg, p);
        else
            S_expr(d, tc->arg);
        return;
    }
    bool marked = spec && spec[0] != 't';
    if (marked)
        dbl_buf_printf(b, "\x04%s\x1f%s\x1f", spec, type);
    bool parens = p && !S_simple((Node *)tc, p);
    if (parens)
        dbl_buf_putc(b, '(');
    S_sub(d, tc->arg, &S_OTHER_PARENT);
    dbl_buf_printf(b, "::%s", type);
    /* the implicit cast to text PostgreSQL adds for a text function or operator */
    bool varchar = strncmp(type, "character varying", 17) == 0 && !strchr(type, '[');
    bool bpchar = (strncmp(type, "character(", 10) == 0 || strcmp(type, "bpchar") == 0) && !strchr(type, '[');
    if ((ctx == 'o' && varchar) || (ctx == 'f' && (varchar || bpchar)))
        dbl_buf_puts(b, "::text");
    if (parens)
        dbl_buf_putc(b, ')');
    if (!marked)
        return;
    dbl_buf_putc(b, '\x1f');
    d->col_ctx = ctx;
    if (p)
        S_sub(d, tc->arg, p);
    else
        S_expr(d, tc->arg);
    dbl_buf_putc(b, '\x05');
}

/* FigureColnameInternal(): the name PostgreSQL derives for an expression. */
static const char *S_name_hint(const S_ctx *x, Node *n, int *strength)
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
static const char *S_deparse(const S_ctx *x, Node *n, const char ***cols, uint32_t *n_cols)
{
    S_dep d = {.x = x};
    S_expr(&d, n);
    const char *r = dbl_arena_strdup(x->arena, dbl_buf_str(&d.out));
    if (cols) {
        *n_cols = d.columns.size;
        *cols = dbl_arena_alloc(x->arena, sizeof(char *) * (d.columns.size ? d.columns.size : 1));
        for (uint32_t i = 0; i < d.columns.size; i++)
            (*cols)[i] = d.columns.items[i];
    }
    dbl_buf_free(&d.out);
    dbl_array_free(&d.columns);
    return r;
}

/* ---- types ---------------------------------------------------------------- */

static dbl_typeref S_typeref(const S_ctx *x, const TypeName *t)
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
    r.mods = dbl_arena_alloc(x->arena, sizeof(char *) * (r.n_mods ? r.n_mods : 1));
    uint32_t k = 0;
    ListCell *lc;
    foreach (lc, t->typmods)
        r.mods[k++] = S_deparse(x, (Node *)lfirst(lc), NULL, NULL);
    r.span = S_span_at(x, t->location, 0);
    return r;
}

/* ---- entry points --------------------------------------------------------- */

const char *dbl_deparse_expr(const dbl_deparse_ctx *x, const struct Node *n, const char ***cols,
                             uint32_t *n_cols)
{
    return S_deparse(x, (Node *)n, cols, n_cols);
}

const char *dbl_deparse_name_hint(const dbl_deparse_ctx *x, const struct Node *n, int *strength)
{
    return S_name_hint(x, (Node *)n, strength);
}

dbl_typeref dbl_deparse_typeref(const dbl_deparse_ctx *x, const struct TypeName *t)
{
    return S_typeref(x, t);
}

const char *dbl_deparse_type_spec(const dbl_deparse_ctx *x, const struct Node *n)
{
    return S_typespec(x, (Node *)n);
}
