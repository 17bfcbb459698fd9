/* events.h - typed schema-change events: what the front end saw a statement do.
 *
 * The front end turns each parsed statement into zero or more events; the
 * catalog applies them in order; rules may read them. Names are as PostgreSQL
 * stores them (unquoted identifiers folded to lower case). Every string and
 * array is owned by the run's arena.
 */
#ifndef DBL_EVENTS_H
#define DBL_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/source.h"

/* Where something was said: a file of the run and a byte span in it. */
typedef struct dbl_loc {
    uint32_t file;
    dbl_span span;
} dbl_loc;

/* A possibly schema-qualified name, as written. */
typedef struct dbl_qname {
    const char *schema; /* NULL when unqualified */
    const char *name;
} dbl_qname;

/* A type reference, as written. */
typedef struct dbl_typeref {
    const char *schema;   /* NULL unless qualified (pg_catalog for SQL-standard names) */
    const char *name;
    const char **mods;    /* type modifiers as text ("255", "12", "2") */
    uint32_t n_mods;
    uint32_t array_dims;
    bool setof, pct_type; /* %TYPE references are kept as names */
    dbl_span span;
} dbl_typeref;

typedef enum dbl_sort { DBL_SORT_DEFAULT, DBL_SORT_ASC, DBL_SORT_DESC } dbl_sort;
typedef enum dbl_nulls { DBL_NULLS_DEFAULT, DBL_NULLS_FIRST, DBL_NULLS_LAST } dbl_nulls;

/* One key or INCLUDE element of an index or EXCLUDE constraint. */
typedef struct dbl_ev_elem {
    const char *column;  /* a plain column, or NULL */
    const char *expr;    /* canonical text of an expression, or NULL */
    bool expr_is_call;   /* a bare function call (printed without parentheses) */
    bool expr_arg_is_call; /* a cast of a bare function call (one, once the cast is dropped) */
    const char **expr_columns; /* columns an expression mentions */
    uint32_t n_expr_columns;
    const char *name_hint;    /* name PostgreSQL derives for generated index names */
    const char *expr_type;    /* type spec of an expression (dbl_deparse_type_spec), or NULL */
    const char *opclass;      /* qualified as written, or NULL */
    const char *collation;
    dbl_sort sort;
    dbl_nulls nulls;
    const char *excl_op;      /* EXCLUDE operator */
} dbl_ev_elem;

typedef enum dbl_con_kind {
    DBL_CON_PRIMARY = 'p',
    DBL_CON_UNIQUE = 'u',
    DBL_CON_FOREIGN = 'f',
    DBL_CON_CHECK = 'c',
    DBL_CON_EXCLUDE = 'x',
    DBL_CON_NOT_NULL = 'n',
} dbl_con_kind;

typedef struct dbl_ev_constraint {
    dbl_con_kind kind;
    const char *name;          /* NULL: PostgreSQL generates one */
    const char **columns;      /* key columns (p, u, f, c's first column) */
    uint32_t n_columns;
    const char **include;
    uint32_t n_include;
    dbl_ev_elem *elems;        /* EXCLUDE elements */
    uint32_t n_elems;
    const char *method;        /* EXCLUDE access method */
    const char *predicate;     /* EXCLUDE ... WHERE */
    const char *index_name;    /* USING INDEX name */
    const char *index_tablespace;
    dbl_qname ref_table;       /* FOREIGN KEY */
    const char **ref_columns;
    uint32_t n_ref_columns;
    char on_delete, on_update; /* 'a','r','c','n','d' as in pg_constraint */
    bool not_valid, deferrable, nulls_not_distinct, no_inherit;
    const char *check_expr;
    dbl_span span;
} dbl_ev_constraint;

typedef struct dbl_ev_column {
    const char *name;
    dbl_typeref type;
    bool not_null;     /* NOT NULL written on the column */
    bool is_serial;    /* serial / bigserial / smallserial */
    bool identity, generated;
    bool has_default;
    const char *collation;
    /* CREATE TABLE AS / SELECT INTO: a plain column of the query's FROM relations */
    const char *src_rel;   /* the qualifier written (alias or relation name), or NULL */
    const char *src_col;   /* the column, or NULL (the type is then as written or "unknown") */
    dbl_span span;
} dbl_ev_column;

/* CREATE TABLE ... (LIKE t INCLUDING ...) options that change the catalog. */
enum { DBL_LIKE_CONSTRAINTS = 1 << 2, DBL_LIKE_INDEXES = 1 << 6 };

typedef struct dbl_ev_like {
    dbl_qname table;
    uint32_t options;   /* DBL_LIKE_* bits (PostgreSQL's CREATE_TABLE_LIKE_* values) */
    uint32_t position;  /* number of the statement's own columns written before it */
} dbl_ev_like;

typedef enum dbl_event_kind {
    DBL_EV_CREATE_SCHEMA,
    DBL_EV_DROP_SCHEMA,
    DBL_EV_SET_SEARCH_PATH,
    DBL_EV_CREATE_TABLE,
    DBL_EV_CREATE_RELATION,   /* view, materialized view, sequence, table AS: names only */
    DBL_EV_ADD_COLUMN,
    DBL_EV_DROP_COLUMN,
    DBL_EV_RENAME_COLUMN,
    DBL_EV_ALTER_COLUMN_TYPE,
    DBL_EV_SET_NOT_NULL,
    DBL_EV_DROP_NOT_NULL,
    DBL_EV_ADD_CONSTRAINT,
    DBL_EV_DROP_CONSTRAINT,
    DBL_EV_RENAME_CONSTRAINT,
    DBL_EV_VALIDATE_CONSTRAINT,
    DBL_EV_RENAME_RELATION,
    DBL_EV_SET_SCHEMA,
    DBL_EV_CREATE_INDEX,
    DBL_EV_DROP_RELATION,
    DBL_EV_ATTACH_PARTITION,
    DBL_EV_DETACH_PARTITION,
    DBL_EV_ATTACH_INDEX,
    DBL_EV_INHERIT,
    DBL_EV_NO_INHERIT,
    DBL_EV_CREATE_DOMAIN,
    DBL_EV_DOMAIN_NOT_NULL,
    DBL_EV_CREATE_TYPE,       /* enum, range (name: its multirange type), composite (relkind c) */
    DBL_EV_DROP_TYPE,         /* DROP TYPE / DOMAIN target [CASCADE] */
    DBL_EV_RENAME_TYPE,       /* ALTER TYPE / DOMAIN target RENAME TO new_name, or SET SCHEMA name */
    DBL_EV_CREATE_EXTENSION,  /* name: the extension; target.schema: WITH SCHEMA, or NULL */
    DBL_EV_TRANSACTION,       /* name: begin, commit, rollback, savepoint, release, rollback_to;
                                 new_name: the savepoint */
    DBL_EV_GUARD,             /* an IF of a DO block on the catalog: guard; the n_then + n_else
                                 events that follow are its branches */
    DBL_EV_DYNAMIC_SQL,       /* a DO block or function runs SQL built at run time: name is
                                 NULL for a DO block, else the function; names: what it may
                                 drop or rename (DO blocks) */
} dbl_event_kind;

/* The condition of a DBL_EV_GUARD: IF [NOT] EXISTS (SELECT ... FROM view WHERE
 * column = 'value' AND ...), or IF (SELECT count(*) ...) compared with a number. */
typedef struct dbl_ev_guard {
    const char *view;       /* "pg_indexes", "pg_class", "information_schema.tables", ... */
    const char **terms;     /* "column\x1fvalue[\x1fvalue...]" (an IN list): all must hold */
    uint32_t n_terms;
    char op;                /* 'e' EXISTS; a count compared: '=', '!' (<>), '<', '>', 'l' (<=), 'g' (>=) */
    bool negate;            /* NOT EXISTS, NOT (...) */
    int64_t count;
    uint32_t n_then, n_else; /* events of the THEN and ELSE branches, after the guard */
} dbl_ev_guard;

/* Relation kinds, as pg_class.relkind. */
typedef enum dbl_relkind {
    DBL_REL_ANY = 0,
    DBL_REL_TABLE = 'r',
    DBL_REL_PARTITIONED = 'p',
    DBL_REL_VIEW = 'v',
    DBL_REL_MATVIEW = 'm',
    DBL_REL_SEQUENCE = 'S',
    DBL_REL_FOREIGN = 'f',
    DBL_REL_INDEX = 'i',
    DBL_REL_COMPOSITE = 'c',
} dbl_relkind;

/* A span field added here must also be moved by dbl_event_move() (stmtcache.c). */
typedef struct dbl_event {
    dbl_event_kind kind;
    dbl_loc loc;            /* the statement (or ALTER TABLE sub-command) */
    dbl_qname target;       /* the table, index, schema, type... acted on */
    dbl_relkind relkind;    /* for CREATE_RELATION / DROP_RELATION / RENAME_RELATION */
    char type_kind;         /* CREATE_TYPE: 'e' enum, 'r' range, 'c' composite */
    bool if_exists, if_not_exists, cascade, only;
    bool missing_ok_target; /* DROP COLUMN / DROP CONSTRAINT IF EXISTS */
    const char *name;       /* column / constraint / schema / new name */
    const char *new_name;   /* RENAME ... TO */
    const char **names;     /* search_path entries */
    uint32_t n_names;
    dbl_qname *objects;     /* DROP: every object the statement names (dropped together) */
    uint32_t n_objects;
    /* CREATE TABLE / ADD COLUMN */
    dbl_ev_column *columns;
    uint32_t n_columns;
    dbl_ev_constraint *constraints;
    uint32_t n_constraints;
    dbl_qname *inherits;
    uint32_t n_inherits;
    dbl_ev_like *likes;
    uint32_t n_likes;
    dbl_qname partition_of; /* PARTITION OF parent, or ATTACH target */
    bool partitioned;       /* PARTITION BY */
    bool unlogged;
    bool temp;              /* CREATE TEMP TABLE / TEMP ... AS: only the name is kept, for the session */
    /* ALTER COLUMN TYPE / domains */
    dbl_typeref type;
    const char *collation;  /* ALTER COLUMN TYPE / CREATE DOMAIN ... COLLATE, or NULL: the type's default */
    bool not_null;
    /* CREATE INDEX */
    const char *method;
    dbl_ev_elem *elems;
    uint32_t n_elems;
    const char **include;
    uint32_t n_include;
    const char *predicate;
    bool unique, concurrently, nulls_not_distinct;
    /* CREATE TABLE AS / SELECT INTO / views: the query's relations */
    dbl_qname *sources;     /* FROM relations of the query's first SELECT (for column types) */
    const char **source_names; /* their alias, or relation name */
    uint32_t n_sources;
    dbl_qname *requires;    /* every relation the query reads; PostgreSQL fails if one is missing */
    uint32_t n_requires;
    bool set_operation;     /* UNION / INTERSECT / EXCEPT: typmods are not kept */
    bool simple_query;      /* a view's query projects and filters one relation (no grouping,
                               DISTINCT, LIMIT, window, CTE or set operation) */
    const dbl_ev_guard *guard; /* DBL_EV_GUARD */
    bool runtime_sql;       /* DBL_EV_DYNAMIC_SQL: it runs SQL built at run time (else it only
                               forgets what an unreadable block may drop or rename) */
    /* filled in by the catalog when applied (for rules) */
    const struct dbl_table *table_after;
    const struct dbl_column *column_after;
    const char *old_type;   /* ALTER COLUMN TYPE: format_type text before */
    const struct dbl_typeinfo *old_typeinfo;
} dbl_event;

#endif
