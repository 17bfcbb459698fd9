/* pgfront.c - turns PostgreSQL raw parse trees into change events (see pgfront.h). */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "pg_query.h"
#include "pg_query/pg_query_internal.h"

#include <ctype.h>
#include <strings.h>

#include "lint/catalog.h"
#include "lint/deparse.h"
#include "lint/pgfront.h"
#include "lint/plpgsql.h"

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



static dbl_deparse_ctx S_dctx(const S_ctx *x)
{
    return (dbl_deparse_ctx){x->a, x->base, x->stmt};
}

static const char *S_deparse(S_ctx *x, Node *n, const char ***cols, uint32_t *n_cols)
{
    dbl_deparse_ctx d = S_dctx(x);
    return dbl_deparse_expr(&d, n, cols, n_cols);
}

static const char *S_name_hint(S_ctx *x, Node *n, int *strength)
{
    dbl_deparse_ctx d = S_dctx(x);
    return dbl_deparse_name_hint(&d, n, strength);
}

static dbl_typeref S_typeref(S_ctx *x, const TypeName *t)
{
    dbl_deparse_ctx d = S_dctx(x);
    return dbl_deparse_typeref(&d, t);
}

/* ---- constraints and columns ------------------------------------------- */

static char S_fk_action(char a)
{
    return a ? a : 'a';
}

/* ruleutils.c looks_like_function(): an index expression printed without parentheses. */
static bool S_looks_like_call(Node *expr)
{
    return (IsA(expr, FuncCall) && (((FuncCall *)expr)->funcformat == COERCE_EXPLICIT_CALL ||
                                    ((FuncCall *)expr)->funcformat == COERCE_SQL_SYNTAX)) ||
           IsA(expr, CoalesceExpr) || IsA(expr, MinMaxExpr) || IsA(expr, SQLValueFunction) ||
           (IsA(expr, A_Expr) && ((A_Expr *)expr)->kind == AEXPR_NULLIF);
}

/* A collation name as pg_collation spells it: unqualified in pg_catalog, else schema.name. */
static const char *S_collation(S_ctx *x, List *names)
{
    int n = list_length(names);
    if (n == 0 || !IsA(llast(names), String))
        return NULL;
    const char *name = strVal(llast(names));
    if (n >= 2 && IsA(list_nth(names, n - 2), String) && strcmp(strVal(list_nth(names, n - 2)), "pg_catalog") != 0)
        return dbl_arena_printf(x->a, "%s.%s", strVal(list_nth(names, n - 2)), name);
    return S_str(x, name);
}

static void S_index_elem(S_ctx *x, const IndexElem *ie, dbl_ev_elem *e)
{
    memset(e, 0, sizeof *e);
    Node *expr = ie->expr;
    /* ComputeIndexAttrs(): a top-level COLLATE is the key's collation (a written
     * one after the expression wins), and "(column)" is a plain column */
    while (expr && IsA(expr, CollateClause)) {
        if (!e->collation)
            e->collation = S_collation(x, ((CollateClause *)expr)->collname);
        expr = ((CollateClause *)expr)->arg;
    }
    if (ie->collation)
        e->collation = S_collation(x, ie->collation);
    dbl_deparse_ctx dc = S_dctx(x);
    /* a cast the analysis drops whatever the columns' types (lower(x)::text) */
    while (expr && IsA(expr, TypeCast) && !IsA(((TypeCast *)expr)->arg, A_Const)) {
        const char *spec = dbl_deparse_type_spec(&dc, ((TypeCast *)expr)->arg);
        dbl_typeref tr = S_typeref(x, ((TypeCast *)expr)->typeName);
        if (!spec || spec[0] != 't' || strcmp(spec + 1, dbl_type_format(x->a, &tr)) != 0)
            break;
        expr = ((TypeCast *)expr)->arg;
    }
    if (expr && IsA(expr, ColumnRef) && list_length(((ColumnRef *)expr)->fields) == 1 &&
        IsA(linitial(((ColumnRef *)expr)->fields), String))
        e->column = S_str(x, strVal(linitial(((ColumnRef *)expr)->fields)));
    if (ie->name) {
        e->column = S_str(x, ie->name);
    } else if (expr && !e->column) {
        e->expr = S_deparse(x, expr, &e->expr_columns, &e->n_expr_columns);
        e->expr_type = dbl_deparse_type_spec(&dc, expr);
        int strength;
        e->name_hint = ie->indexcolname ? S_str(x, ie->indexcolname) : S_name_hint(x, ie->expr, &strength);
        e->expr_is_call = S_looks_like_call(expr);
        e->expr_arg_is_call = IsA(expr, TypeCast) && S_looks_like_call(((TypeCast *)expr)->arg);
    }
    if (ie->opclass) {
        dbl_qname q = {0};
        int n = list_length(ie->opclass);
        q.name = S_str(x, strVal(llast(ie->opclass)));
        if (n >= 2)
            q.schema = S_str(x, strVal(list_nth(ie->opclass, n - 2)));
        e->opclass = q.schema ? dbl_arena_printf(x->a, "%s.%s", q.schema, q.name) : q.name;
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
        col->collation = S_collation(x, cd->collClause->collname);
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
        if (cd->collClause)
            ev->collation = S_collation(x, cd->collClause->collname);
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
    if (ds->collClause)
        ev->collation = S_collation(x, ds->collClause->collname);
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
    ev->simple_query = kind == DBL_REL_VIEW && top->op == SETOP_NONE && !top->withClause &&
                       list_length(q->fromClause) == 1 && IsA(linitial(q->fromClause), RangeVar) &&
                       !q->groupClause && !q->distinctClause && !q->havingClause && !q->limitCount &&
                       !q->limitOffset && !q->windowClause && first.rels.size == 1;
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

/* ---- DO blocks and functions (lint/plpgsql.c) ------------------------------- */

static uint32_t S_skip_blank(const char *t, uint32_t len);

/* Where the first event at or after offset `at` of a DO body is: statements and
 * guards in text order, with the event index each starts at. */
typedef struct {
    uint32_t pos, first_event;
} S_mark;

static uint32_t S_event_at(const S_mark *m, uint32_t n, uint32_t at, uint32_t end)
{
    for (uint32_t i = 0; i < n; i++)
        if (m[i].pos >= at)
            return m[i].first_event;
    return end;
}

/* Reports SQL built at run time (and forgets what it may drop or rename). */
static void S_dynamic_event(S_ctx *x, const dbl_plpgsql_body *pb, uint32_t body_base, const char *function)
{
    dbl_event *ev = S_event(x, DBL_EV_DYNAMIC_SQL);
    ev->runtime_sql = pb->dynamic_at != UINT32_MAX;
    if (ev->runtime_sql)
        ev->loc.span = (dbl_span){body_base + pb->dynamic_at, body_base + pb->dynamic_end};
    ev->name = function;
    ev->names = pb->touched;
    ev->n_names = pb->n_touched;
}

/* The statements a DO block runs on a database built from scratch (see
 * plpgsql.h): converted like top-level statements, with a DBL_EV_GUARD before
 * the branches of each IF the catalog decides. A body that cannot be read
 * changes nothing dbl can see; what run-time SQL in it may drop or rename is
 * forgotten. body_base: absolute offset of body[0]. */
static void S_do_body(S_ctx *x, const char *body, uint32_t body_base)
{
    dbl_plpgsql_body pb;
    dbl_plpgsql_read_block(x->a, body, &pb);
    PgQueryInternalParsetreeAndError pr = {0};
    if (pb.sql) {
        pr = pg_query_raw_parse(pb.sql);
        if (pr.error) {
            pg_query_free_error(pr.error);
            pr.error = NULL;
            pr.tree = NIL;
            dbl_plpgsql_unreadable(x->a, body, &pb);
        }
    }
    if (pb.sql) {
        const char *buf = pb.sql;
        S_ctx saved = *x;
        x->text = buf;
        x->base = body_base;
        x->in_do = true;
        uint32_t n_marks = (uint32_t)list_length(pr.tree) + pb.n_guards, k = 0, g = 0;
        S_mark *marks = dbl_arena_alloc(x->a, sizeof(S_mark) * (n_marks ? n_marks : 1));
        uint32_t *guard_event = dbl_arena_alloc(x->a, sizeof(uint32_t) * (pb.n_guards ? pb.n_guards : 1));
        ListCell *lc;
        foreach (lc, pr.tree) {
            RawStmt *rs = (RawStmt *)lfirst(lc);
            uint32_t s0 = (uint32_t)rs->stmt_location;
            uint32_t len = rs->stmt_len ? (uint32_t)rs->stmt_len : (uint32_t)strlen(buf + s0);
            uint32_t skip = S_skip_blank(buf + s0, len);
            for (; g < pb.n_guards && pb.guards[g].pos < s0 + skip; g++) {
                guard_event[g] = x->events->size;
                marks[k++] = (S_mark){pb.guards[g].pos, x->events->size};
                S_event(x, DBL_EV_GUARD)->guard = pb.guards[g].cond;
            }
            marks[k++] = (S_mark){s0 + skip, x->events->size};
            x->stmt = (dbl_span){x->base + s0 + skip, x->base + s0 + len};
            S_stmt(x, rs->stmt);
        }
        for (; g < pb.n_guards; g++) {
            guard_event[g] = x->events->size;
            marks[k++] = (S_mark){pb.guards[g].pos, x->events->size};
            S_event(x, DBL_EV_GUARD)->guard = pb.guards[g].cond;
        }
        uint32_t end = x->events->size;
        for (g = 0; g < pb.n_guards; g++) {
            const dbl_plpgsql_guard *pg = &pb.guards[g];
            pg->cond->n_then = S_event_at(marks, k, pg->then_to, end) - (guard_event[g] + 1);
            pg->cond->n_else = S_event_at(marks, k, pg->else_to, end) - S_event_at(marks, k, pg->else_from, end);
        }
        *x = saved;
    }
    if (pb.dynamic_at != UINT32_MAX || pb.n_touched)
        S_dynamic_event(x, &pb, body_base, NULL);
    free(pr.stderr_buffer);
}

/* Where a body given as a string constant starts in the file: after its opening
 * $tag$ at or after text offset loc (else the statement's start). */
static uint32_t S_body_base(S_ctx *x, int loc)
{
    if (loc < 0)
        return x->stmt.start;
    const char *p = x->text + loc;
    while (*p && *p != '$' && *p != '\'' && *p != ';')
        p++;
    if (*p == '$') {
        const char *t = strchr(p + 1, '$');
        if (t)
            return x->base + (uint32_t)(t + 1 - x->text);
    }
    return x->stmt.start;
}

/* CREATE FUNCTION / PROCEDURE in PL/pgSQL: nothing runs now, but DDL it builds at
 * run time creates objects dbl cannot see. */
static void S_function(S_ctx *x, const CreateFunctionStmt *cf)
{
    const char *body = NULL, *lang = NULL;
    int loc = -1;
    ListCell *lc;
    foreach (lc, cf->options) {
        DefElem *d = (DefElem *)lfirst(lc);
        if (strcmp(d->defname, "as") == 0 && d->arg && IsA(d->arg, List) && list_length((List *)d->arg) >= 1 &&
            IsA(linitial((List *)d->arg), String)) {
            body = strVal(linitial((List *)d->arg));
            loc = d->location;
        } else if (strcmp(d->defname, "language") == 0 && d->arg && IsA(d->arg, String)) {
            lang = strVal(d->arg);
        }
    }
    if (!body || !lang || strcmp(lang, "plpgsql") != 0)
        return;
    dbl_plpgsql_body pb;
    dbl_plpgsql_scan_function(x->a, body, &pb);
    if (pb.dynamic_at == UINT32_MAX || !pb.dynamic_ddl)
        return;
    dbl_qname q = S_namelist(x, cf->funcname);
    pb.n_touched = 0;
    S_dynamic_event(x, &pb, S_body_base(x, loc), q.schema ? dbl_arena_printf(x->a, "%s.%s", q.schema, q.name) : q.name);
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
    if (loc >= 0 && x->text[loc] == '$')
        body_base = S_body_base(x, loc);
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
    case T_CreateFunctionStmt:
        S_function(x, (CreateFunctionStmt *)n);
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
        ev->type_kind = 'e';
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
        ev->type_kind = 'r';
        break;
    }
    case T_CompositeTypeStmt: {
        CompositeTypeStmt *ct = (CompositeTypeStmt *)n;
        dbl_event *ev = S_event(x, DBL_EV_CREATE_TYPE);
        ev->target = S_rangevar(x, ct->typevar);
        ev->type_kind = 'c';
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
