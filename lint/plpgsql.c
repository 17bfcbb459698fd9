/* plpgsql.c - PL/pgSQL bodies read as the SQL statements they run (see plpgsql.h). */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"

#include <ctype.h>
#include <strings.h>

#include "lint/catalog.h"
#include "lint/plpgsql.h"

/* ---- scanning ------------------------------------------------------------------ */

static bool S_ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

static bool S_word_at(const char *s, size_t i, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n || strncasecmp(s + i, w, k) != 0)
        return false;
    bool before = i == 0 || !(S_ident_char(s[i - 1]) || s[i - 1] == '$');
    bool after = i + k == n || !(S_ident_char(s[i + k]) || s[i + k] == '$');
    return before && after;
}

/* Length of the quoted string, quoted identifier, dollar-quoted string or comment
 * at s[i], or 0 if none starts there. */
static size_t S_skip_quoted(const char *s, size_t i, size_t n)
{
    char c = s[i];
    if (c == '\'' || c == '"') {
        bool esc = c == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                   (i < 2 || !S_ident_char(s[i - 2]));
        size_t j = i + 1;
        while (j < n) {
            if (esc && s[j] == '\\' && j + 1 < n) {
                j += 2;
                continue;
            }
            if (s[j] == c) {
                if (j + 1 < n && s[j + 1] == c) {
                    j += 2;
                    continue;
                }
                break;
            }
            j++;
        }
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
    if (c == '$' && (i == 0 || !S_ident_char(s[i - 1]))) {
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

static size_t S_skip_space(const char *s, size_t i, size_t n)
{
    for (;;) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i < n && ((s[i] == '-' && i + 1 < n && s[i + 1] == '-') || (s[i] == '/' && i + 1 < n && s[i + 1] == '*')))
            i += S_skip_quoted(s, i, n);
        else
            return i;
    }
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

/* The ';' that ends the statement starting at i (outside quotes and
 * parentheses), or n. */
static size_t S_stmt_end(const char *s, size_t i, size_t n)
{
    int paren = 0;
    size_t q;
    while (i < n) {
        if ((q = S_skip_quoted(s, i, n)) > 0) {
            i += q;
            continue;
        }
        if (s[i] == '(')
            paren++;
        else if (s[i] == ')')
            paren--;
        else if (s[i] == ';' && paren <= 0)
            return i;
        i++;
    }
    return n;
}

/* ---- strings known before run time ------------------------------------------------ */

/* A string literal at s[*i] ('...', E'...', $tag$...$tag$) appended to out. */
static bool S_literal(const char *s, size_t *i, size_t n, dbl_buf *out)
{
    size_t j = *i;
    bool esc = false;
    if ((s[j] == 'E' || s[j] == 'e') && j + 1 < n && s[j + 1] == '\'') {
        esc = true;
        j++;
    }
    if (s[j] == '\'') {
        size_t len = S_skip_quoted(s, j, n);
        if (len < 2 || s[j + len - 1] != '\'')
            return false;
        for (size_t k = j + 1; k < j + len - 1; k++) {
            if (esc && s[k] == '\\' && k + 1 < j + len - 1) {
                char c = s[++k];
                dbl_buf_putc(out, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
            } else if (s[k] == '\'') {
                dbl_buf_putc(out, '\'');
                k++;
            } else {
                dbl_buf_putc(out, s[k]);
            }
        }
        *i = j + len;
        return true;
    }
    if (s[j] == '$') {
        size_t len = S_skip_quoted(s, j, n);
        size_t tag = 1;
        while (j + tag < n && s[j + tag] != '$')
            tag++;
        tag++;
        if (len < 2 * tag)
            return false;
        dbl_buf_append(out, s + j + tag, len - 2 * tag);
        *i = j + len;
        return true;
    }
    return false;
}

static bool S_const_expr(dbl_arena *a, const char *s, size_t *i, size_t n, dbl_buf *out);

/* format(fmt, args...) with %s, %I, %L, %% and %N$ positions. */
static bool S_format(dbl_arena *a, const char *fmt, const char *const *args, uint32_t nargs, dbl_buf *out)
{
    uint32_t next = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            dbl_buf_putc(out, *p);
            continue;
        }
        p++;
        if (*p == '%') {
            dbl_buf_putc(out, '%');
            continue;
        }
        uint32_t arg = next;
        if (isdigit((unsigned char)*p)) {
            char *end;
            unsigned long k = strtoul(p, &end, 10);
            if (*end != '$' || k == 0)
                return false;
            arg = (uint32_t)(k - 1);
            p = end + 1;
        }
        if (arg >= nargs || (*p != 's' && *p != 'I' && *p != 'L'))
            return false;
        next = arg + 1;
        if (*p == 's') {
            dbl_buf_puts(out, args[arg]);
        } else if (*p == 'I') {
            dbl_buf_puts(out, dbl_quote_ident(a, args[arg]));
        } else {
            dbl_buf_putc(out, '\'');
            for (const char *q = args[arg]; *q; q++) {
                if (*q == '\'')
                    dbl_buf_putc(out, '\'');
                dbl_buf_putc(out, *q);
            }
            dbl_buf_putc(out, '\'');
        }
    }
    return true;
}

/* One term: a literal, a number, (expr), format(...), quote_ident(...), quote_literal(...). */
static bool S_const_term(dbl_arena *a, const char *s, size_t *i, size_t n, dbl_buf *out)
{
    size_t j = S_skip_space(s, *i, n);
    if (j >= n)
        return false;
    if (S_literal(s, &j, n, out)) {
        *i = j;
        return true;
    }
    if (isdigit((unsigned char)s[j])) {
        while (j < n && isdigit((unsigned char)s[j]))
            dbl_buf_putc(out, s[j++]);
        *i = j;
        return true;
    }
    if (s[j] == '(') {
        j++;
        if (!S_const_expr(a, s, &j, n, out))
            return false;
        j = S_skip_space(s, j, n);
        if (j >= n || s[j] != ')')
            return false;
        *i = j + 1;
        return true;
    }
    const char *fn = NULL;
    static const char *const fns[] = {"format", "quote_ident", "quote_literal", "pg_catalog.format"};
    for (size_t k = 0; k < sizeof fns / sizeof fns[0] && !fn; k++)
        if (strncasecmp(s + j, fns[k], strlen(fns[k])) == 0 && S_word_at(s, j, n, fns[k]))
            fn = fns[k];
    if (!fn)
        return false;
    j = S_skip_space(s, j + strlen(fn), n);
    if (j >= n || s[j] != '(')
        return false;
    j++;
    const char *args[16];
    uint32_t nargs = 0;
    for (;;) {
        dbl_buf arg = {0};
        bool ok = nargs < 16 && S_const_expr(a, s, &j, n, &arg);
        if (ok)
            args[nargs++] = dbl_arena_strdup(a, dbl_buf_str(&arg));
        dbl_buf_free(&arg);
        if (!ok)
            return false;
        j = S_skip_space(s, j, n);
        if (j < n && s[j] == ',') {
            j++;
            continue;
        }
        if (j < n && s[j] == ')')
            break;
        return false;
    }
    *i = j + 1;
    if (strcmp(fn, "quote_ident") == 0) {
        if (nargs != 1)
            return false;
        dbl_buf_puts(out, dbl_quote_ident(a, args[0]));
        return true;
    }
    if (strcmp(fn, "quote_literal") == 0) {
        if (nargs != 1)
            return false;
        return S_format(a, "%L", args, 1, out);
    }
    return nargs >= 1 && S_format(a, args[0], args + 1, nargs - 1, out);
}

/* A string expression made only of constants joined by ||. */
static bool S_const_expr(dbl_arena *a, const char *s, size_t *i, size_t n, dbl_buf *out)
{
    size_t j = *i;
    if (!S_const_term(a, s, &j, n, out))
        return false;
    for (;;) {
        size_t k = S_skip_space(s, j, n);
        if (k + 1 < n && s[k] == '|' && s[k + 1] == '|') {
            k += 2;
            if (!S_const_term(a, s, &k, n, out))
                return false;
            j = k;
            continue;
        }
        *i = j;
        return true;
    }
}

/* ---- run-time SQL ------------------------------------------------------------------ */

/* True if the string literals in s[from..to) contain one of the words. */
static bool S_literals_say(const char *s, size_t from, size_t to, const char *const *words, size_t nw)
{
    size_t q;
    for (size_t i = from; i < to;) {
        if ((s[i] == '\'' || s[i] == '$') && (q = S_skip_quoted(s, i, to)) > 0) {
            for (size_t k = i; k < i + q; k++)
                for (size_t w = 0; w < nw; w++)
                    if (S_word_at(s, k, i + q, words[w]))
                        return true;
            i += q;
            continue;
        }
        if ((q = S_skip_quoted(s, i, to)) > 0) {
            i += q;
            continue;
        }
        i++;
    }
    return false;
}

typedef DBL_ARRAY(const char *) S_names;

/* Every identifier-like word of s[from..to), outside comments (inside string
 * literals too, where run-time SQL keeps its object names). */
static void S_collect_words(dbl_arena *a, const char *s, size_t from, size_t to, S_names *out)
{
    for (size_t i = from; i < to;) {
        if ((s[i] == '-' && i + 1 < to && s[i + 1] == '-') || (s[i] == '/' && i + 1 < to && s[i + 1] == '*')) {
            i += S_skip_quoted(s, i, to);
            continue;
        }
        if (S_ident_char(s[i]) && (i == from || !S_ident_char(s[i - 1]))) {
            size_t j = i;
            while (j < to && S_ident_char(s[j]))
                j++;
            if (!isdigit((unsigned char)s[i]) && j - i < 64) {
                char *w = dbl_arena_strndup(a, s + i, j - i);
                for (char *p = w; *p; p++)
                    *p = (char)tolower((unsigned char)*p);
                dbl_array_push(out, w);
            }
            i = j;
            continue;
        }
        i++;
    }
}

static const char *const S_DDL_WORDS[] = {"create", "alter", "drop"};
static const char *const S_FORGET_WORDS[] = {"drop", "rename"};

/* Records run-time SQL in s[from..to): the first place, whether it looks like
 * DDL, and the names it may drop or rename. */
static void S_dynamic(const char *s, size_t from, size_t to, dbl_plpgsql_body *out)
{
    if (out->dynamic_at == UINT32_MAX) {
        out->dynamic_at = (uint32_t)from;
        out->dynamic_end = (uint32_t)to;
    }
    if (S_literals_say(s, from, to, S_DDL_WORDS, 3))
        out->dynamic_ddl = true;
    if (S_literals_say(s, from, to, S_FORGET_WORDS, 2))
        out->dynamic_forgets = true;
}

/* ---- guards on the catalog ---------------------------------------------------------- */

static const char *const S_GUARD_VIEWS[] = {
    "pg_indexes", "pg_class", "pg_tables", "pg_constraint", "pg_attribute",
    "information_schema.tables", "information_schema.columns", "information_schema.table_constraints",
};

/* The text of a constant (a string, a cast string such as 'x'::regclass, a number). */
static const char *S_const_text(dbl_arena *a, Node *n)
{
    if (n && IsA(n, TypeCast))
        n = ((TypeCast *)n)->arg;
    if (!n || !IsA(n, A_Const) || ((A_Const *)n)->isnull)
        return NULL;
    A_Const *c = (A_Const *)n;
    if (IsA(&c->val, String))
        return dbl_arena_strdup(a, strVal(&c->val));
    if (IsA(&c->val, Integer))
        return dbl_arena_printf(a, "%d", intVal(&c->val));
    return NULL;
}

static const char *S_colname(Node *n)
{
    if (!n || !IsA(n, ColumnRef))
        return NULL;
    Node *last = (Node *)llast(((ColumnRef *)n)->fields);
    return IsA(last, String) ? strVal(last) : NULL;
}

/* The column a reference names; with a pg_namespace joined to pg_class (alias
 * ns), its nspname is the class's relnamespace. */
static const char *S_guard_col(Node *n, const char *ns)
{
    const char *col = S_colname(n);
    if (!col || !ns)
        return col;
    List *f = ((ColumnRef *)n)->fields;
    bool of_ns = list_length(f) == 2 && IsA(linitial(f), String) && strcmp(strVal(linitial(f)), ns) == 0;
    if ((of_ns || list_length(f) == 1) && strcmp(col, "nspname") == 0)
        return "relnamespace";
    return of_ns ? NULL : col;
}

/* WHERE column = 'v' / column IN ('a', 'b') / 'v' = column, joined by AND; with a
 * pg_namespace joined (alias ns), the join condition ns.oid = relnamespace too. */
static bool S_guard_terms(dbl_arena *a, Node *w, const char *ns, S_names *terms)
{
    if (!w)
        return true;
    if (IsA(w, BoolExpr) && ((BoolExpr *)w)->boolop == AND_EXPR) {
        ListCell *lc;
        foreach (lc, ((BoolExpr *)w)->args)
            if (!S_guard_terms(a, (Node *)lfirst(lc), ns, terms))
                return false;
        return true;
    }
    if (!IsA(w, A_Expr))
        return false;
    A_Expr *e = (A_Expr *)w;
    const char *op = list_length(e->name) >= 1 ? strVal(llast(e->name)) : "";
    if (strcmp(op, "=") != 0)
        return false;
    if (e->kind == AEXPR_OP && ns && IsA(e->lexpr, ColumnRef) && IsA(e->rexpr, ColumnRef)) {
        /* the join: ns.oid = relnamespace */
        const char *l = S_colname(e->lexpr), *r = S_colname(e->rexpr);
        return l && r && ((strcmp(l, "oid") == 0 && strcmp(r, "relnamespace") == 0) ||
                          (strcmp(r, "oid") == 0 && strcmp(l, "relnamespace") == 0));
    }
    if (e->kind == AEXPR_OP) {
        const char *col = S_guard_col(e->lexpr, ns), *v = S_const_text(a, e->rexpr);
        if (!col) {
            col = S_guard_col(e->rexpr, ns);
            v = S_const_text(a, e->lexpr);
        }
        if (!col || !v)
            return false;
        dbl_array_push(terms, dbl_arena_printf(a, "%s\x1f%s", col, v));
        return true;
    }
    if (e->kind == AEXPR_IN && IsA(e->rexpr, List)) {
        const char *col = S_guard_col(e->lexpr, ns);
        if (!col)
            return false;
        dbl_buf b = {0};
        dbl_buf_puts(&b, col);
        ListCell *lc;
        bool ok = true;
        foreach (lc, (List *)e->rexpr) {
            const char *v = S_const_text(a, (Node *)lfirst(lc));
            if (!v) {
                ok = false;
                break;
            }
            dbl_buf_printf(&b, "\x1f%s", v);
        }
        if (ok)
            dbl_array_push(terms, dbl_arena_strdup(a, dbl_buf_str(&b)));
        dbl_buf_free(&b);
        return ok;
    }
    return false;
}

static bool S_is_rel(Node *n, const char *name)
{
    return n && IsA(n, RangeVar) && strcmp(((RangeVar *)n)->relname, name) == 0 &&
           (!((RangeVar *)n)->schemaname || strcmp(((RangeVar *)n)->schemaname, "pg_catalog") == 0);
}

static const char *S_alias(Node *n)
{
    RangeVar *rv = (RangeVar *)n;
    return rv->alias ? rv->alias->aliasname : rv->relname;
}

/* SELECT ... FROM <one catalog view> [WHERE terms], or FROM pg_class joined to
 * pg_namespace on relnamespace: fills g's view and terms. */
static bool S_guard_query(dbl_arena *a, Node *q, dbl_ev_guard *g)
{
    if (!q || !IsA(q, SelectStmt))
        return false;
    SelectStmt *s = (SelectStmt *)q;
    if (s->op != SETOP_NONE || s->groupClause || s->havingClause || s->withClause)
        return false;
    Node *rel = NULL, *quals = NULL;
    const char *ns = NULL;
    List *from = s->fromClause;
    if (list_length(from) == 1 && IsA(linitial(from), JoinExpr)) {
        JoinExpr *j = (JoinExpr *)linitial(from);
        if (j->jointype != JOIN_INNER || j->usingClause || j->isNatural)
            return false;
        Node *l = j->larg, *r = j->rarg;
        if (S_is_rel(l, "pg_namespace") && S_is_rel(r, "pg_class")) {
            Node *t = l;
            l = r;
            r = t;
        }
        if (!S_is_rel(l, "pg_class") || !S_is_rel(r, "pg_namespace"))
            return false;
        rel = l;
        ns = S_alias(r);
        quals = j->quals;
    } else if (list_length(from) == 2) {
        Node *l = (Node *)linitial(from), *r = (Node *)lsecond(from);
        if (S_is_rel(l, "pg_namespace") && S_is_rel(r, "pg_class")) {
            Node *t = l;
            l = r;
            r = t;
        }
        if (!S_is_rel(l, "pg_class") || !S_is_rel(r, "pg_namespace"))
            return false;
        rel = l;
        ns = S_alias(r);
    } else if (list_length(from) == 1 && IsA(linitial(from), RangeVar)) {
        rel = (Node *)linitial(from);
    } else {
        return false;
    }
    RangeVar *rv = (RangeVar *)rel;
    const char *view = rv->schemaname && strcmp(rv->schemaname, "pg_catalog") != 0
                           ? dbl_arena_printf(a, "%s.%s", rv->schemaname, rv->relname)
                           : rv->relname;
    bool known = false;
    for (size_t i = 0; i < sizeof S_GUARD_VIEWS / sizeof S_GUARD_VIEWS[0] && !known; i++)
        known = strcmp(view, S_GUARD_VIEWS[i]) == 0;
    if (!known)
        return false;
    S_names terms = {0};
    bool ok = S_guard_terms(a, quals, ns, &terms) && S_guard_terms(a, s->whereClause, ns, &terms);
    if (ok) {
        g->view = dbl_arena_strdup(a, view);
        g->n_terms = terms.size;
        g->terms = dbl_arena_alloc(a, sizeof(char *) * (terms.size ? terms.size : 1));
        for (uint32_t i = 0; i < terms.size; i++)
            g->terms[i] = terms.items[i];
    }
    dbl_array_free(&terms);
    return ok;
}

static bool S_count_star(Node *n)
{
    return n && IsA(n, FuncCall) && ((FuncCall *)n)->agg_star &&
           strcmp(strVal(llast(((FuncCall *)n)->funcname)), "count") == 0;
}

static char S_cmp_op(const char *op)
{
    if (strcmp(op, "=") == 0)
        return '=';
    if (strcmp(op, "<>") == 0 || strcmp(op, "!=") == 0)
        return '!';
    if (strcmp(op, "<") == 0)
        return '<';
    if (strcmp(op, ">") == 0)
        return '>';
    if (strcmp(op, "<=") == 0)
        return 'l';
    if (strcmp(op, ">=") == 0)
        return 'g';
    return 0;
}

/* The guard an IF condition is: [NOT] EXISTS (query), (SELECT count(*) op N FROM ...),
 * (SELECT count(*) FROM ...) op N; NULL for anything else. */
static dbl_ev_guard *S_guard(dbl_arena *a, const char *cond, size_t len)
{
    char *sql = dbl_arena_alloc(a, len + 8);
    memcpy(sql, "SELECT ", 7);
    memcpy(sql + 7, cond, len);
    sql[len + 7] = '\0';
    PgQueryInternalParsetreeAndError pr = pg_query_raw_parse(sql);
    dbl_ev_guard *g = NULL;
    if (!pr.error && list_length(pr.tree) == 1) {
        SelectStmt *s = (SelectStmt *)((RawStmt *)linitial(pr.tree))->stmt;
        Node *n = IsA(s, SelectStmt) && list_length(s->targetList) == 1 && !s->fromClause
                      ? ((ResTarget *)linitial(s->targetList))->val
                      : NULL;
        dbl_ev_guard tmp = {0};
        while (n && IsA(n, BoolExpr) && ((BoolExpr *)n)->boolop == NOT_EXPR) {
            tmp.negate = !tmp.negate;
            n = (Node *)linitial(((BoolExpr *)n)->args);
        }
        bool ok = false;
        if (n && IsA(n, SubLink) && ((SubLink *)n)->subLinkType == EXISTS_SUBLINK) {
            tmp.op = 'e';
            ok = S_guard_query(a, ((SubLink *)n)->subselect, &tmp);
        } else if (n && IsA(n, SubLink) && ((SubLink *)n)->subLinkType == EXPR_SUBLINK) {
            /* (SELECT count(*) op N FROM ...) */
            SelectStmt *q = (SelectStmt *)((SubLink *)n)->subselect;
            Node *t = IsA(q, SelectStmt) && list_length(q->targetList) == 1
                          ? ((ResTarget *)linitial(q->targetList))->val
                          : NULL;
            if (t && IsA(t, A_Expr) && ((A_Expr *)t)->kind == AEXPR_OP && S_count_star(((A_Expr *)t)->lexpr)) {
                const char *v = S_const_text(a, ((A_Expr *)t)->rexpr);
                tmp.op = S_cmp_op(strVal(llast(((A_Expr *)t)->name)));
                if (v && tmp.op) {
                    tmp.count = strtoll(v, NULL, 10);
                    ok = S_guard_query(a, (Node *)q, &tmp);
                }
            }
        } else if (n && IsA(n, A_Expr) && ((A_Expr *)n)->kind == AEXPR_OP && IsA(((A_Expr *)n)->lexpr, SubLink)) {
            /* (SELECT count(*) FROM ...) op N */
            SubLink *sl = (SubLink *)((A_Expr *)n)->lexpr;
            SelectStmt *q = (SelectStmt *)sl->subselect;
            const char *v = S_const_text(a, ((A_Expr *)n)->rexpr);
            tmp.op = S_cmp_op(strVal(llast(((A_Expr *)n)->name)));
            if (sl->subLinkType == EXPR_SUBLINK && IsA(q, SelectStmt) && list_length(q->targetList) == 1 &&
                S_count_star(((ResTarget *)linitial(q->targetList))->val) && v && tmp.op) {
                tmp.count = strtoll(v, NULL, 10);
                ok = S_guard_query(a, (Node *)q, &tmp);
            }
        }
        if (ok) {
            g = dbl_arena_alloc(a, sizeof *g);
            *g = tmp;
        }
    }
    if (pr.error)
        pg_query_free_error(pr.error);
    free(pr.stderr_buffer);
    return g;
}

/* ---- the block reader --------------------------------------------------------------- */

typedef struct {
    char kind;   /* 'b' BEGIN block, 'i' IF EXISTS taken to hold, 'g' IF the catalog decides */
    int guard;   /* 'g': index into the guard list */
} S_frame;

typedef DBL_ARRAY(dbl_plpgsql_guard) S_guards;

/* The end of a loop starting at i (just after its END LOOP ... ;), or 0. */
static size_t S_loop_end(const char *s, size_t i, size_t n)
{
    int depth = 0;
    size_t q;
    for (size_t j = i; j < n;) {
        if ((q = S_skip_quoted(s, j, n)) > 0) {
            j += q;
            continue;
        }
        if (S_word_at(s, j, n, "end")) {
            size_t k = S_skip_space(s, j + 3, n);
            if (S_word_at(s, k, n, "loop")) {
                if (--depth == 0) {
                    size_t e = S_stmt_end(s, k, n);
                    return e < n ? e + 1 : 0;
                }
                j = k + 4;
                continue;
            }
        } else if (S_word_at(s, j, n, "loop")) {
            depth++;
        }
        j++;
    }
    return 0;
}

/* EXECUTE at buf[i]: a string known now is put in its place, run-time SQL is
 * recorded and blanked. Returns where scanning goes on, or 0 on failure. */
static size_t S_execute(dbl_arena *a, char *buf, size_t i, size_t n, dbl_plpgsql_body *out)
{
    size_t j = S_skip_space(buf, i + 7, n);
    size_t end = S_stmt_end(buf, j, n);
    if (end >= n)
        return 0;
    dbl_buf sql = {0};
    size_t k = j;
    bool known = S_const_expr(a, buf, &k, n, &sql);
    k = S_skip_space(buf, k, n);
    size_t len = sql.len;
    if (known && k == end && len <= end - i) {
        /* in place of the EXECUTE: at the string's own offset when it fits */
        size_t at = j + 1 + len <= end ? j + 1 : i;
        const char *text = dbl_buf_str(&sql);
        S_blank(buf, i, end);
        memcpy(buf + at, text, len);
        /* a line break inside the string must not shift lines: the copy keeps its own */
    } else if (known && (S_word_at(buf, k, n, "into") || S_word_at(buf, k, n, "using"))) {
        S_blank(buf, i, end + 1); /* a query whose result goes into variables */
    } else {
        S_dynamic(buf, i, end, out);
        S_blank(buf, i, end + 1);
    }
    dbl_buf_free(&sql);
    return end + 1;
}

/* A body that cannot be read: what it may drop or rename is forgotten rather
 * than kept stale, and EXECUTE the reader did not get to is run-time SQL. */
static void S_unreadable(const char *body, size_t n, dbl_plpgsql_body *out)
{
    if (S_literals_say(body, 0, n, S_FORGET_WORDS, 2) || strcasestr(body, "drop ") || strcasestr(body, "rename"))
        out->dynamic_forgets = true;
    if (out->dynamic_at == UINT32_MAX && strcasestr(body, "execute")) {
        for (size_t i = 0; i < n; i++)
            if (S_word_at(body, i, n, "execute")) {
                S_dynamic(body, i, S_stmt_end(body, i, n), out);
                break;
            }
    }
}

/* Fills the names a body that drops or renames at run time may touch. */
static void S_touched(dbl_arena *a, const char *body, dbl_plpgsql_body *out)
{
    out->n_touched = 0;
    out->touched = NULL;
    if (!out->dynamic_forgets)
        return;
    S_names touched = {0};
    S_collect_words(a, body, 0, strlen(body), &touched);
    out->n_touched = touched.size;
    out->touched = dbl_arena_alloc(a, sizeof(char *) * (touched.size ? touched.size : 1));
    for (uint32_t i = 0; i < touched.size; i++)
        out->touched[i] = touched.items[i];
    dbl_array_free(&touched);
}

void dbl_plpgsql_unreadable(dbl_arena *a, const char *body, dbl_plpgsql_body *out)
{
    out->sql = NULL;
    out->n_guards = 0;
    S_unreadable(body, strlen(body), out);
    S_touched(a, body, out);
}

void dbl_plpgsql_read_block(dbl_arena *a, const char *body, dbl_plpgsql_body *out)
{
    memset(out, 0, sizeof *out);
    out->dynamic_at = UINT32_MAX;
    size_t n = strlen(body), q;
    char *buf = dbl_arena_strndup(a, body, n);
    S_frame stack[32];
    int depth = 0;
    bool seen = false, ok = true;
    S_guards guards = {0};
    /* comments out of the way, so that statement starts are seen past them */
    for (size_t i = 0; i < n;) {
        if ((q = S_skip_quoted(buf, i, n)) == 0) {
            i++;
            continue;
        }
        if (buf[i] == '-' || buf[i] == '/')
            S_blank(buf, i, i + q);
        i += q;
    }
    for (size_t i = 0; i < n && ok;) {
        if ((q = S_skip_quoted(buf, i, n)) > 0) {
            i += q;
            continue;
        }
        if (S_word_at(buf, i, n, "declare") && (S_stmt_start(buf, i) || !seen)) {
            /* variables: their defaults change nothing in the schema */
            size_t j = i + 7;
            while (j < n && !S_word_at(buf, j, n, "begin"))
                j += (q = S_skip_quoted(buf, j, n)) > 0 ? q : 1;
            if (j >= n) {
                ok = false;
                break;
            }
            S_blank(buf, i, j);
            seen = true;
            i = j;
            continue;
        }
        if (S_word_at(buf, i, n, "begin")) {
            if (depth == (int)(sizeof stack / sizeof stack[0])) {
                ok = false;
                break;
            }
            S_blank(buf, i, i + 5);
            stack[depth++] = (S_frame){'b', -1};
            seen = true;
            i += 5;
            continue;
        }
        if (!seen && !isspace((unsigned char)buf[i])) {
            ok = false; /* the body must start with DECLARE or BEGIN */
            break;
        }
        if (!S_stmt_start(buf, i) || depth == 0) {
            i++;
            continue;
        }
        S_frame *top = &stack[depth - 1];
        bool in_if = top->kind == 'i' || top->kind == 'g';
        if (S_word_at(buf, i, n, "if")) {
            size_t j = S_skip_space(buf, i + 2, n), cond = j;
            int paren = 0;
            while (j < n && !(paren == 0 && S_word_at(buf, j, n, "then"))) {
                if ((q = S_skip_quoted(buf, j, n)) > 0) {
                    j += q;
                    continue;
                }
                paren += buf[j] == '(' ? 1 : buf[j] == ')' ? -1 : 0;
                j++;
            }
            if (j >= n || depth == (int)(sizeof stack / sizeof stack[0])) {
                ok = false;
                break;
            }
            dbl_ev_guard *g = S_guard(a, buf + cond, j - cond);
            if (g) {
                dbl_plpgsql_guard pg = {.pos = (uint32_t)i, .then_from = (uint32_t)(j + 4), .cond = g};
                dbl_array_push(&guards, pg);
                stack[depth++] = (S_frame){'g', (int)guards.size - 1};
            } else {
                /* IF [NOT] EXISTS (...) on what dbl cannot look up: a guard around the
                 * change a migration means to make, which on a database built by the
                 * migrations themselves holds */
                size_t k = cond;
                if (S_word_at(buf, k, n, "not"))
                    k = S_skip_space(buf, k + 3, n);
                if (!S_word_at(buf, k, n, "exists")) {
                    ok = false;
                    break;
                }
                stack[depth++] = (S_frame){'i', -1};
            }
            S_blank(buf, i, j + 4);
            i = j + 4;
            continue;
        }
        if (top->kind == 'g' && S_word_at(buf, i, n, "else") && guards.items[top->guard].else_from == 0) {
            dbl_plpgsql_guard *g = &guards.items[top->guard];
            g->then_to = (uint32_t)i;
            g->else_from = (uint32_t)(i + 4);
            S_blank(buf, i, i + 4);
            i += 4;
            continue;
        }
        if ((S_word_at(buf, i, n, "exception") && !in_if) ||
            ((S_word_at(buf, i, n, "else") || S_word_at(buf, i, n, "elsif")) && in_if)) {
            /* handlers run only on failure, ELSE only when the object exists (and an
             * ELSIF of a decided guard is not followed): skip to the END of this
             * block or IF */
            if (top->kind == 'g') {
                dbl_plpgsql_guard *g = &guards.items[top->guard];
                if (g->else_from)
                    g->else_to = (uint32_t)i;
                else
                    g->then_to = (uint32_t)i;
            }
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
                    size_t k = S_skip_space(buf, j + 3, n);
                    bool end_if = S_word_at(buf, k, n, "if");
                    if (d == 0 && end_if == in_if)
                        break;
                    if (!end_if && !S_word_at(buf, k, n, "loop"))
                        d--;
                }
                j++;
            }
            S_blank(buf, i, j);
            i = j;
            continue;
        }
        if (S_word_at(buf, i, n, "end")) {
            size_t k = S_skip_space(buf, i + 3, n);
            if (S_word_at(buf, k, n, "if")) {
                if (!in_if) {
                    ok = false;
                    break;
                }
                if (top->kind == 'g') {
                    dbl_plpgsql_guard *g = &guards.items[top->guard];
                    if (g->else_from && !g->else_to)
                        g->else_to = (uint32_t)i;
                    else if (!g->else_from && !g->then_to)
                        g->then_to = (uint32_t)i;
                }
                size_t e = S_stmt_end(buf, k, n);
                S_blank(buf, i, e < n ? e + 1 : k + 2);
                depth--;
                i = e < n ? e + 1 : k + 2;
                continue;
            }
            if (in_if) {
                ok = false;
                break;
            }
            S_blank(buf, i, i + 3);
            depth--;
            i += 3;
            continue;
        }
        if (S_word_at(buf, i, n, "case") || buf[i] == '<') {
            ok = false; /* CASE statements and labels are not read */
            break;
        }
        if (S_word_at(buf, i, n, "execute")) {
            size_t next = S_execute(a, buf, i, n, out);
            if (!next) {
                ok = false;
                break;
            }
            i = next;
            continue;
        }
        if (S_word_at(buf, i, n, "for") || S_word_at(buf, i, n, "foreach") || S_word_at(buf, i, n, "while") ||
            S_word_at(buf, i, n, "loop")) {
            /* a loop runs its body any number of times: what it does is not read; run-time
             * SQL in it is recorded */
            size_t e = S_loop_end(buf, i, n);
            if (!e) {
                ok = false;
                break;
            }
            for (size_t j = i; j < e;) {
                if (S_word_at(buf, j, n, "execute")) {
                    size_t se = S_stmt_end(buf, j, e);
                    S_dynamic(buf, j, se, out);
                    j = se;
                    continue;
                }
                j += (q = S_skip_quoted(buf, j, e)) > 0 ? q : 1;
            }
            S_blank(buf, i, e);
            i = e;
            continue;
        }
        static const char *const plpgsql_only[] = {"perform", "raise", "return", "null", "get", "assert"};
        bool blanked = false;
        for (size_t w = 0; w < sizeof plpgsql_only / sizeof plpgsql_only[0] && !blanked; w++) {
            if (S_word_at(buf, i, n, plpgsql_only[w])) {
                size_t e = S_stmt_end(buf, i, n);
                S_blank(buf, i, e < n ? e + 1 : n);
                i = e < n ? e + 1 : n;
                blanked = true;
            }
        }
        if (blanked)
            continue;
        /* an assignment: name := value; */
        size_t e = S_stmt_end(buf, i, n), j = i;
        while (j < e && (S_ident_char(buf[j]) || buf[j] == '.' || buf[j] == '"'))
            j++;
        j = S_skip_space(buf, j, e);
        if (j > i && j + 1 < e && buf[j] == ':' && buf[j + 1] == '=') {
            S_blank(buf, i, e < n ? e + 1 : n);
            i = e < n ? e + 1 : n;
            continue;
        }
        i++;
    }
    if (!ok || !seen || depth != 0) {
        S_unreadable(body, n, out);
    } else {
        out->sql = buf;
        out->n_guards = guards.size;
        out->guards = dbl_arena_alloc(a, sizeof(dbl_plpgsql_guard) * (guards.size ? guards.size : 1));
        for (uint32_t i = 0; i < guards.size; i++) {
            out->guards[i] = guards.items[i];
            dbl_plpgsql_guard *g = &out->guards[i];
            if (!g->else_from)
                g->else_from = g->else_to = g->then_to;
        }
    }
    /* run-time SQL that drops or renames: any name of the block may be the object */
    S_touched(a, body, out);
    dbl_array_free(&guards);
}

void dbl_plpgsql_scan_function(dbl_arena *a, const char *body, dbl_plpgsql_body *out)
{
    memset(out, 0, sizeof *out);
    out->dynamic_at = UINT32_MAX;
    if (!strcasestr(body, "execute"))
        return;
    size_t n = strlen(body), q;
    for (size_t i = 0; i < n;) {
        if ((q = S_skip_quoted(body, i, n)) > 0) {
            i += q;
            continue;
        }
        if (S_word_at(body, i, n, "execute")) {
            size_t j = S_skip_space(body, i + 7, n), end = S_stmt_end(body, j, n);
            dbl_buf sql = {0};
            size_t k = j;
            bool known = S_const_expr(a, body, &k, n, &sql) && S_skip_space(body, k, n) == end;
            dbl_buf_free(&sql);
            if (!known) {
                bool was_ddl = out->dynamic_ddl;
                uint32_t at = out->dynamic_at;
                S_dynamic(body, i, end, out);
                /* a function is reported for run-time DDL only: the first such EXECUTE */
                if (!was_ddl && out->dynamic_ddl && at != UINT32_MAX) {
                    out->dynamic_at = (uint32_t)i;
                    out->dynamic_end = (uint32_t)end;
                }
            }
            i = end;
            continue;
        }
        i++;
    }
}
