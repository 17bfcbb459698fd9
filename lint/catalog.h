/* catalog.h - the schema model: schemas, tables, columns, constraints, indexes.
 *
 * The catalog applies change events in order, as PostgreSQL would execute the
 * statements, and keeps for each fact the location of the statement that
 * introduced it. Rules read these structs and never modify them. Everything
 * is owned by the arena given to dbl_catalog_new().
 */
#ifndef DBL_CATALOG_H
#define DBL_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"
#include "lint/events.h"
#include "lint/hmap.h"

typedef enum dbl_type_class {
    DBL_TC_OTHER,
    DBL_TC_INTEGER,   /* smallint, integer, bigint */
    DBL_TC_NUMERIC,   /* numeric / decimal */
    DBL_TC_FLOAT,     /* real, double precision */
    DBL_TC_MONEY,     /* money */
    DBL_TC_TEXT,
    DBL_TC_BOOL,
    DBL_TC_TIME,
} dbl_type_class;

typedef struct dbl_domain dbl_domain;

typedef struct dbl_typeinfo {
    const char *schema;    /* NULL for built-in types */
    const char *name;      /* internal name: int4, numeric, float8, varchar, or the user type */
    const char *text;      /* spelled as PostgreSQL's format_type() spells it */
    uint32_t array_dims;
    dbl_type_class cls;    /* of the element type; a domain's is its base type's */
    const dbl_domain *domain;
    bool user;             /* not built in: a user-defined or extension type (text follows visibility) */
    const char *typmod;    /* a user or extension type's "(...)" as its typmodout prints it, or NULL */
} dbl_typeinfo;

struct dbl_domain {
    const char *schema, *name;
    dbl_typeinfo base;
    const char *collation;  /* COLLATE of CREATE DOMAIN, or NULL: the base type's default */
    bool not_null;
    dbl_loc loc;
};

typedef struct dbl_table dbl_table;

typedef struct dbl_column {
    const char *name;
    dbl_typeinfo type;
    bool not_null;          /* pg_attribute.attnotnull */
    bool identity, generated, has_default, is_serial;
    bool inherited;         /* came from a parent (INHERITS / PARTITION OF) */
    const char *collation;  /* COLLATE written on the column, or NULL: its type's default */
    dbl_loc loc;            /* where the column was defined */
    dbl_loc type_loc;       /* the statement that gave it its current type */
    dbl_loc null_loc;       /* the statement that last set its nullability */
    const dbl_table *table;
    const char *base_column; /* a simple view's column: the base table's column it shows, or NULL */
    bool dropped;
} dbl_column;

/* What is known of an index expression's type (only expression keys have one). */
typedef struct dbl_expr_type {
    const char *spec;          /* dbl_deparse_type_spec(), or NULL */
    const dbl_column *column;  /* the column a "c"/"d"/"j" spec names (renames do not matter) */
    const char *collation;     /* the collation it derives from its columns, or NULL */
} dbl_expr_type;

typedef struct dbl_index_key {
    const dbl_column *column;  /* a plain column, or NULL for an expression */
    const char *expr;          /* canonical expression text, or NULL */
    bool expr_is_call;
    const char *name_hint;
    const struct dbl_expr_type *expr_type; /* an expression's type, as far as known, or NULL */
    const char *opclass;       /* NULL: the type's default */
    const char *collation;     /* NULL: the column's */
    dbl_sort sort;
    dbl_nulls nulls;
} dbl_index_key;

typedef struct dbl_constraint dbl_constraint;

typedef struct dbl_index {
    const char *schema, *name;
    const dbl_table *table;
    const char *method;        /* btree, hash, gin, gist, brin, spgist, ... */
    bool unique, nulls_not_distinct;
    bool valid;                /* false for ON ONLY parents until all partitions attach */
    DBL_ARRAY(dbl_index_key) keys;
    DBL_ARRAY(const dbl_column *) include;
    const char *predicate;     /* canonical text, or NULL */
    const dbl_constraint *constraint; /* the PK / UNIQUE / EXCLUDE it backs */
    struct dbl_index *parent;  /* the partitioned index this one is attached to */
    uint32_t seq;              /* creation order in the run */
    bool dropped;
    dbl_loc loc;
} dbl_index;

struct dbl_constraint {
    dbl_con_kind kind;
    const char *name;
    const dbl_table *table;
    DBL_ARRAY(const dbl_column *) columns;
    dbl_index *index;          /* the index a p/u/x constraint owns */
    /* FOREIGN KEY */
    const char *ref_schema, *ref_name; /* resolved target (schema-qualified) */
    const dbl_table *ref_table;        /* the target; ref_schema/ref_name follow its renames */
    const dbl_index *ref_index;        /* the unique index on the target the FK depends on */
    DBL_ARRAY(const char *) ref_columns;
    bool not_valid, inherited, dropped;
    uint32_t seq;
    dbl_loc loc;
};

struct dbl_table {
    const char *schema, *name;
    dbl_relkind relkind;       /* r, p, v, m, S, f, c (composite type) */
    DBL_ARRAY(dbl_column *) columns;
    DBL_ARRAY(dbl_constraint *) constraints;
    DBL_ARRAY(dbl_index *) indexes;
    dbl_table *partition_parent;
    DBL_ARRAY(dbl_table *) partitions;
    DBL_ARRAY(dbl_table *) inherits;       /* INHERITS parents */
    DBL_ARRAY(dbl_table *) inherit_children; /* tables that INHERIT this one */
    uint32_t seq;
    bool dropped;
    bool opaque;               /* columns unknown (CREATE TABLE AS, views): any name resolves */
    const dbl_table *view_base; /* a view that only projects and filters one table: that table */
    dbl_loc loc;
};

typedef struct dbl_catalog dbl_catalog;

/* A statement that failed, when the inputs are the whole schema, because it
 * names an object that does not exist (PostgreSQL's "relation ... does not
 * exist"); it changed nothing. */
typedef struct dbl_unknown_object {
    const char *kind;   /* "relation", "table", "index", "schema", "column", "constraint" */
    const char *name;   /* as written (schema-qualified when written so) */
    const char *table;  /* a column's or constraint's table, schema-qualified; else NULL */
    dbl_loc loc;        /* the statement, or the clause that names it */
} dbl_unknown_object;

/* Creates an empty catalog whose files start from the given search_path
 * (NULL: "public"). The caller frees it with dbl_catalog_free(). */
dbl_catalog *dbl_catalog_new(dbl_arena *arena, const char *const *search_path, uint32_t n);
/* Says whether the inputs are the whole schema (call before the first input).
 * Then a statement that names an object the inputs never created (an FK target,
 * an INHERITS parent, a relation a view reads, a schema) fails as it would in
 * PostgreSQL, changes nothing and is recorded (dbl_catalog_unknown_objects). By
 * default such objects are taken to be defined elsewhere, so a lone migration
 * file is linted in full, and the schemas of the initial search_path are taken
 * to exist (the migration tool creates them on the target database). */
void dbl_catalog_set_complete(dbl_catalog *c, bool complete);
/* Frees the catalog's own tables (its objects live in the arena); NULL is a no-op. */
void dbl_catalog_free(dbl_catalog *c);
/* Starts a new input file (a new session): the search_path returns to the
 * initial one, and a transaction the previous file left open is rolled back. */
void dbl_catalog_begin_file(dbl_catalog *c);
/* Applies one event. Events naming unknown objects change nothing. */
void dbl_catalog_apply(dbl_catalog *c, dbl_event *ev);

/* The live relations of kind table, partitioned table, view... in creation order. */
const dbl_table *const *dbl_catalog_tables(const dbl_catalog *c, uint32_t *n);
/* The statements that failed for naming an unknown object, in order (only when
 * the inputs are the whole schema, see dbl_catalog_set_complete). */
const dbl_unknown_object *dbl_catalog_unknown_objects(const dbl_catalog *c, uint32_t *n);
/* Spells the column types of user-defined and extension types as format_type()
 * does once every input has run: unqualified when the type is visible on the
 * initial search_path, schema-qualified otherwise. Call once, after the last input. */
void dbl_catalog_finish(dbl_catalog *c);
/* Finds a relation by schema and name (schema NULL: search_path). */
const dbl_table *dbl_catalog_find_table(const dbl_catalog *c, const char *schema, const char *name);
/* True if a relation (table, index, view, sequence...) of that name exists in the schema. */
bool dbl_catalog_relation_exists(const dbl_catalog *c, const char *schema, const char *name);

/* Returns an arena-owned name that PostgreSQL would choose:
 * makeObjectName(name1, name2, label) made unique among relations in the schema. */
const char *dbl_catalog_choose_relation_name(dbl_catalog *c, const char *schema,
                                             const char *name1, const char *name2,
                                             const char *label);
/* Returns the identifier quoted as PostgreSQL's quote_identifier() would. */
const char *dbl_quote_ident(dbl_arena *a, const char *ident);
/* Returns an arena-owned format_type() spelling of a written type, as a cast in an
 * expression prints it: built-in names canonical ("integer", "character varying(4)"),
 * other names quoted and qualified unless in public or pg_catalog. */
const char *dbl_type_format(dbl_arena *a, const dbl_typeref *t);
/* Renders the type markers the front end leaves in expression text (a literal's
 * cast and a column's implicit relabel, which depend on column types) using the
 * columns of t. Returns an arena-owned string, or expr itself when it has none. */
const char *dbl_catalog_render_expr(dbl_catalog *c, const dbl_table *t, const char *expr);
/* True for a floating-point class or a domain over one. */
bool dbl_type_is_float(const dbl_typeinfo *t);

/* Decides the IF guard of a DO block on the catalog as it is now (guard.c):
 * 1 if it holds, 0 if not, -1 if dbl cannot tell (a column of the view it does
 * not model, a relation whose columns are unknown). */
int dbl_catalog_guard(const dbl_catalog *c, const dbl_ev_guard *g);

/* ---- index keys as pg_index records them (indexkey.c) ---- */

/* Returns the format_type() text of the type a spec from dbl_deparse_type_spec()
 * names, using the columns of t; NULL when it is not known. The string is
 * borrowed from the spec or the catalog. */
const char *dbl_catalog_spec_type(const dbl_table *t, const char *spec);
/* Returns key k's collation as pg_index.indcollation names it: the written one,
 * else the column's, else the type's default ("default", "C" for name); NULL for
 * a type without collation. *known is false when dbl cannot tell (an expression
 * whose type it does not infer, a user-defined type other than an enum). Borrowed string. */
const char *dbl_index_key_collation(const dbl_catalog *c, const dbl_index *x, const dbl_index_key *k,
                                    bool *known);
/* Returns key k's operator class as pg_index.indclass names it: the written one
 * (without pg_catalog.), else the default opclass of the key's type for x's
 * access method. *known is false when dbl cannot tell. Borrowed string. */
const char *dbl_index_key_opclass(const dbl_catalog *c, const dbl_index *x, const dbl_index_key *k,
                                  bool *known);
/* True if keys a (of xa) and b (of xb) have the same effective collation and
 * operator class; where one is unknown, the written ones are compared. */
bool dbl_index_keys_same_class(const dbl_catalog *c, const dbl_index *xa, const dbl_index_key *a,
                               const dbl_index *xb, const dbl_index_key *b);
/* What a user-defined type is: 'e' enum, 'r' range, 'c' composite, 0 if not known. */
char dbl_catalog_type_kind(const dbl_catalog *c, const char *schema, const char *name);

#endif
