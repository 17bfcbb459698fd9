/* catalog.c - applies change events to the schema model, as PostgreSQL would. */
#include "lint/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const unsigned NAMEDATALEN = 64;

/* The state of the catalog's objects when a transaction or savepoint began:
 * a copy of every object's struct (arrays duplicated), so that ROLLBACK can put
 * it back in place (rules and events keep pointers to the objects). */
typedef struct {
    const char *name;              /* savepoint name; NULL for BEGIN */
    uint32_t n_tables, n_indexes, n_constraints;
    dbl_table *tables;
    dbl_index *indexes;
    dbl_constraint *constraints;
    DBL_ARRAY(dbl_column *) cols;
    DBL_ARRAY(dbl_column) col_copies;
    DBL_ARRAY(const char *) path;
} S_snap;

static void S_snap_free(S_snap *s);

struct dbl_catalog {
    dbl_arena *arena;
    bool complete;         /* the inputs are the whole schema (see dbl_catalog_set_complete) */
    bool dynamic_seen;     /* SQL built at run time ran: objects may exist that dbl cannot see */
    DBL_ARRAY(S_snap) snaps;       /* open transaction and savepoints, outermost first */
    dbl_hmap schemas;      /* name -> (void *)1 */
    dbl_hmap relations;    /* "schema\x1fname" -> dbl_table* (tables, views, sequences...) */
    dbl_hmap indexes;      /* "schema\x1fname" -> dbl_index* */
    dbl_hmap conname_count;/* "schema\x1fconname" -> count (for generated names) */
    dbl_hmap domains;      /* "schema\x1fname" -> dbl_domain* */
    DBL_ARRAY(dbl_domain *) all_domains; /* every domain ever created, for type renames */
    dbl_hmap types;        /* "schema\x1fname" -> (void *)1: enums, composites, ranges */
    DBL_ARRAY(dbl_table *) all_tables;   /* every relation ever created, for freeing */
    DBL_ARRAY(dbl_index *) all_indexes;
    DBL_ARRAY(dbl_constraint *) all_constraints;
    DBL_ARRAY(const dbl_table *) live;   /* live relations in creation order, rebuilt on demand */
    bool live_dirty;
    DBL_ARRAY(const char *) initial_path;
    DBL_ARRAY(const char *) assumed;     /* schemas of the initial path taken to exist (partial mode) */
    DBL_ARRAY(const char *) path;
    DBL_ARRAY(dbl_unknown_object) unknowns;
    DBL_ARRAY(const char *) temps;       /* the session's temporary relations (names only) */
    uint32_t n_user_typed;               /* user or extension types resolved (columns to respell) */
    DBL_ARRAY(dbl_table *) drop_set;     /* the relations the DROP statement at drop_loc names */
    dbl_loc drop_loc;
    uint32_t seq;
};

/* ---- names ---------------------------------------------------------- */

/* Events live only while they are applied: what the catalog keeps, it copies. */
static const char *S_dup(dbl_catalog *c, const char *s)
{
    return dbl_arena_strdup(c->arena, s);
}

static const char *S_key(dbl_catalog *c, const char *schema, const char *name)
{
    size_t a = strlen(schema), b = strlen(name);
    char *k = dbl_arena_alloc(c->arena, a + b + 2);
    memcpy(k, schema, a);
    k[a] = '\x1f';
    memcpy(k + a + 1, name, b + 1);
    return k;
}

/* A lookup key built in buf (600 bytes), for probes that do not store it;
 * names longer than PostgreSQL allows give a key that matches nothing. */
static const char *S_tmpkey(char *buf, const char *schema, const char *name)
{
    size_t a = strlen(schema), b = strlen(name);
    if (a + b + 2 > 600)
        return "\x1f";
    memcpy(buf, schema, a);
    buf[a] = '\x1f';
    memcpy(buf + a + 1, name, b + 1);
    return buf;
}
#define TMPKEY(buf, schema, name) S_tmpkey((buf), (schema), (name))

static bool S_schema_exists(const dbl_catalog *c, const char *s)
{
    return dbl_hmap_get(&c->schemas, s) != NULL;
}

/* The schema a new object goes to: the given one, or the first existing on the
 * path. With no schema on the path, PostgreSQL fails ("no schema has been
 * selected to create in"): NULL when the inputs are the whole schema, else
 * "public", where such an object most likely lives. */
static const char *S_creation_schema(const dbl_catalog *c, const char *schema)
{
    if (schema)
        return schema;
    for (uint32_t i = 0; i < c->path.size; i++)
        if (S_schema_exists(c, c->path.items[i]))
            return c->path.items[i];
    return c->complete ? NULL : "public";
}

/* True if schema.name is one of the session's temporary relations, which
 * dbl does not model (a statement using one is not reported). */
static bool S_is_temp(const dbl_catalog *c, const char *schema, const char *name)
{
    if (!name || (schema && strncmp(schema, "pg_temp", 7) != 0))
        return false;
    for (uint32_t i = 0; i < c->temps.size; i++)
        if (strcmp(c->temps.items[i], name) == 0)
            return true;
    return false;
}

/* Records that a statement fails for naming an object that does not exist
 * (when the inputs are the whole schema; otherwise it may be defined elsewhere). */
static void S_unknown(dbl_catalog *c, dbl_loc loc, const char *kind, const char *schema, const char *name,
                      const dbl_table *table)
{
    /* after SQL built at run time, a missing object may be one it created or renamed
     * (dynamic-sql says so): PostgreSQL may well have run the statement */
    if (!c->complete || c->dynamic_seen || !name || S_is_temp(c, schema, name))
        return;
    if (c->unknowns.size) {
        /* one report per statement and object (ALTER TABLE x a, b, ...) */
        const dbl_unknown_object *last = dbl_array_last(&c->unknowns);
        const char *q = schema ? dbl_arena_printf(c->arena, "%s.%s", schema, name) : name;
        if (last->loc.file == loc.file && last->loc.span.start == loc.span.start &&
            last->loc.span.end == loc.span.end && strcmp(last->kind, kind) == 0 && strcmp(last->name, q) == 0)
            return;
    }
    dbl_unknown_object u = {
        .kind = kind,
        .name = schema ? dbl_arena_printf(c->arena, "%s.%s", schema, name) : dbl_arena_strdup(c->arena, name),
        .table = table ? dbl_arena_printf(c->arena, "%s.%s", table->schema, table->name) : NULL,
        .loc = loc,
    };
    dbl_array_push(&c->unknowns, u);
}

const dbl_unknown_object *dbl_catalog_unknown_objects(const dbl_catalog *c, uint32_t *n)
{
    *n = c->unknowns.size;
    return c->unknowns.items;
}

static void S_ensure_schema(dbl_catalog *c, const char *schema);

/* The schema a CREATE puts its object in, or NULL when PostgreSQL fails (the
 * schema written does not exist, or no schema of the search_path does: both
 * only when the inputs are the whole schema; otherwise the schema is taken to
 * exist) or when the object is temporary. */
static const char *S_target_schema(dbl_catalog *c, const dbl_event *ev)
{
    if (ev->target.schema && strncmp(ev->target.schema, "pg_temp", 7) == 0) {
        /* pg_temp.x is a temporary object: only its name is kept, for the session */
        if (ev->target.name)
            dbl_array_push(&c->temps, S_dup(c, ev->target.name));
        return NULL;
    }
    const char *schema = S_creation_schema(c, ev->target.schema);
    if (!schema) {
        /* "no schema has been selected to create in": named by the path */
        dbl_buf b = {0};
        for (uint32_t i = 0; i < c->path.size; i++)
            dbl_buf_printf(&b, "%s%s", i ? ", " : "", c->path.items[i]);
        S_unknown(c, ev->loc, "search_path", NULL, dbl_buf_str(&b), NULL);
        dbl_buf_free(&b);
        return NULL;
    }
    if (!S_schema_exists(c, schema)) {
        if (c->complete) {
            S_unknown(c, ev->loc, "schema", NULL, schema, NULL);
            return NULL;
        }
        S_ensure_schema(c, schema);
    }
    return schema;
}

/* Looks name up in map: in the given schema, or along the search_path. */
static void *S_path_lookup(const dbl_catalog *c, const dbl_hmap *map, const char *schema, const char *name)
{
    char buf[600];
    if (!name || strlen(name) > 256 || (schema && strlen(schema) > 256))
        return NULL;
    if (schema)
        return dbl_hmap_get(map, TMPKEY(buf, schema, name));
    for (uint32_t i = 0; i < c->path.size; i++) {
        void *v = dbl_hmap_get(map, TMPKEY(buf, c->path.items[i], name));
        if (v)
            return v;
    }
    return NULL;
}

static dbl_table *S_find_rel(const dbl_catalog *c, const char *schema, const char *name)
{
    return S_path_lookup(c, &c->relations, schema, name);
}

static dbl_index *S_find_index(const dbl_catalog *c, const char *schema, const char *name)
{
    return S_path_lookup(c, &c->indexes, schema, name);
}

bool dbl_catalog_relation_exists(const dbl_catalog *c, const char *schema, const char *name)
{
    return S_find_rel(c, schema, name) || S_find_index(c, schema, name);
}

const dbl_table *dbl_catalog_find_table(const dbl_catalog *c, const char *schema, const char *name)
{
    return S_find_rel(c, schema, name);
}

static uint32_t S_conname_count(const dbl_catalog *c, const char *schema, const char *name)
{
    char buf[600];
    if (strlen(schema) + strlen(name) > 500)
        return 0;
    return (uint32_t)(uintptr_t)dbl_hmap_get(&c->conname_count, TMPKEY(buf, schema, name));
}

static void S_conname_add(dbl_catalog *c, const char *schema, const char *name, int delta)
{
    char buf[600];
    void **slot = dbl_hmap_slot(&c->conname_count, TMPKEY(buf, schema, name));
    uint32_t n = slot ? (uint32_t)(uintptr_t)*slot : 0;
    n = delta > 0 ? n + 1 : (n ? n - 1 : 0);
    if (slot)
        *slot = (void *)(uintptr_t)n;
    else
        dbl_hmap_put(&c->conname_count, S_key(c, schema, name), (void *)(uintptr_t)n);
}

/* Length of the longest prefix of s of at most max bytes that ends on a character boundary. */
static size_t S_mbcliplen(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* PostgreSQL's makeObjectName(). */
static char *S_make_object_name(dbl_arena *a, const char *name1, const char *name2, const char *label)
{
    size_t overhead = 0;
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    if (name2)
        overhead += n2 ? 1 : 1;
    if (label)
        overhead += strlen(label) + 1;
    size_t avail = NAMEDATALEN - 1 - overhead;
    /* name2 may be empty but still counts its separator, as PostgreSQL does */
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = S_mbcliplen(name1, strlen(name1), n1);
    if (name2)
        n2 = S_mbcliplen(name2, strlen(name2), n2);
    size_t ll = label ? strlen(label) : 0;
    char *r = dbl_arena_alloc(a, n1 + n2 + ll + 3), *o = r;
    memcpy(o, name1, n1);
    o += n1;
    if (name2) {
        *o++ = '_';
        memcpy(o, name2, n2);
        o += n2;
    }
    if (label) {
        *o++ = '_';
        memcpy(o, label, ll);
        o += ll;
    }
    *o = '\0';
    return r;
}

static const char *S_choose_name(dbl_catalog *c, const char *schema, const char *name1,
                                 const char *name2, const char *label, bool constraint)
{
    char modlabel[80];
    snprintf(modlabel, sizeof modlabel, "%s", label);
    for (int pass = 1;; pass++) {
        char *n = S_make_object_name(c->arena, name1, name2, modlabel);
        if (!dbl_catalog_relation_exists(c, schema, n) &&
            (!constraint || S_conname_count(c, schema, n) == 0))
            return n;
        snprintf(modlabel, sizeof modlabel, "%s%d", label, pass);
    }
}

const char *dbl_catalog_choose_relation_name(dbl_catalog *c, const char *schema,
                                             const char *name1, const char *name2,
                                             const char *label)
{
    return S_choose_name(c, schema, name1, name2, label, false);
}

/* PostgreSQL's ChooseConstraintName(): unique among constraint names of the schema. */
static const char *S_choose_constraint_name(dbl_catalog *c, const char *schema, const char *name1,
                                            const char *name2, const char *label)
{
    char modlabel[80];
    snprintf(modlabel, sizeof modlabel, "%s", label);
    for (int pass = 1;; pass++) {
        char *n = S_make_object_name(c->arena, name1, name2, modlabel);
        if (S_conname_count(c, schema, n) == 0)
            return n;
        snprintf(modlabel, sizeof modlabel, "%s%d", label, pass);
    }
}

/* ChooseIndexNameAddition() / ChooseForeignKeyConstraintNameAddition(). */
static const char *S_name_addition(dbl_arena *a, const char *const *names, uint32_t n)
{
    char buf[NAMEDATALEN * 2 + 2];
    size_t len = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < n; i++) {
        if (len > 0)
            buf[len++] = '_';
        size_t k = strlen(names[i]);
        if (k > NAMEDATALEN - 1)
            k = NAMEDATALEN - 1;
        memcpy(buf + len, names[i], k);
        len += k;
        buf[len] = '\0';
        if (len >= NAMEDATALEN)
            break;
    }
    return dbl_arena_strdup(a, buf);
}

/* ---- types ---------------------------------------------------------- */

typedef struct {
    const char *name;   /* internal name */
    const char *text;   /* format_type spelling without modifiers */
    dbl_type_class cls;
} S_builtin;

static const S_builtin S_builtins[] = {
    {"int2", "smallint", DBL_TC_INTEGER},
    {"int4", "integer", DBL_TC_INTEGER},
    {"int8", "bigint", DBL_TC_INTEGER},
    {"float4", "real", DBL_TC_FLOAT},
    {"float8", "double precision", DBL_TC_FLOAT},
    {"numeric", "numeric", DBL_TC_NUMERIC},
    {"money", "money", DBL_TC_MONEY},
    {"bool", "boolean", DBL_TC_BOOL},
    {"text", "text", DBL_TC_TEXT},
    {"varchar", "character varying", DBL_TC_TEXT},
    {"bpchar", "bpchar", DBL_TC_TEXT},
    {"char", "\"char\"", DBL_TC_TEXT},
    {"name", "name", DBL_TC_TEXT},
    {"citext", "citext", DBL_TC_TEXT},
    {"date", "date", DBL_TC_TIME},
    {"time", "time without time zone", DBL_TC_TIME},
    {"timetz", "time with time zone", DBL_TC_TIME},
    {"timestamp", "timestamp without time zone", DBL_TC_TIME},
    {"timestamptz", "timestamp with time zone", DBL_TC_TIME},
    {"interval", "interval", DBL_TC_TIME},
    {"bit", "bit", DBL_TC_OTHER},
    {"varbit", "bit varying", DBL_TC_OTHER},
    {"uuid", "uuid", DBL_TC_OTHER},
    {"json", "json", DBL_TC_OTHER},
    {"jsonb", "jsonb", DBL_TC_OTHER},
    {"bytea", "bytea", DBL_TC_OTHER},
    {"inet", "inet", DBL_TC_OTHER},
    {"cidr", "cidr", DBL_TC_OTHER},
    {"macaddr", "macaddr", DBL_TC_OTHER},
    {"macaddr8", "macaddr8", DBL_TC_OTHER},
    {"xml", "xml", DBL_TC_OTHER},
    {"oid", "oid", DBL_TC_INTEGER},
    {"tsvector", "tsvector", DBL_TC_OTHER},
    {"tsquery", "tsquery", DBL_TC_OTHER},
    {"point", "point", DBL_TC_OTHER},
    {"line", "line", DBL_TC_OTHER},
    {"lseg", "lseg", DBL_TC_OTHER},
    {"box", "box", DBL_TC_OTHER},
    {"path", "path", DBL_TC_OTHER},
    {"polygon", "polygon", DBL_TC_OTHER},
    {"circle", "circle", DBL_TC_OTHER},
    {"int4range", "int4range", DBL_TC_OTHER},
    {"int8range", "int8range", DBL_TC_OTHER},
    {"numrange", "numrange", DBL_TC_OTHER},
    {"tsrange", "tsrange", DBL_TC_OTHER},
    {"tstzrange", "tstzrange", DBL_TC_OTHER},
    {"daterange", "daterange", DBL_TC_OTHER},
    {"regclass", "regclass", DBL_TC_OTHER},
    {"regtype", "regtype", DBL_TC_OTHER},
    {"regproc", "regproc", DBL_TC_OTHER},
    {"pg_lsn", "pg_lsn", DBL_TC_OTHER},
    {"txid_snapshot", "txid_snapshot", DBL_TC_OTHER},
    {"record", "record", DBL_TC_OTHER},
};

/* Spellings PostgreSQL accepts for built-in types when written as identifiers. */
static const struct { const char *alias, *name; } S_aliases[] = {
    {"integer", "int4"}, {"int", "int4"}, {"smallint", "int2"}, {"bigint", "int8"},
    {"real", "float4"}, {"float", "float8"}, {"decimal", "numeric"}, {"boolean", "bool"},
    {"serial", "int4"}, {"serial4", "int4"}, {"bigserial", "int8"}, {"serial8", "int8"},
    {"smallserial", "int2"}, {"serial2", "int2"}, {"character", "bpchar"},
    {"timestamp with time zone", "timestamptz"}, {"double precision", "float8"},
};

/* The built-in type a name means, or NULL (comparing first letters first). */
static const S_builtin *S_find_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof S_aliases / sizeof S_aliases[0]; i++)
        if (name[0] == S_aliases[i].alias[0] && strcmp(name, S_aliases[i].alias) == 0) {
            name = S_aliases[i].name;
            break;
        }
    for (size_t i = 0; i < sizeof S_builtins / sizeof S_builtins[0]; i++)
        if (name[0] == S_builtins[i].name[0] && strcmp(name, S_builtins[i].name) == 0)
            return &S_builtins[i];
    return NULL;
}

/* intervaltypmodout()'s field names for the range masks PostgreSQL uses. */
static const char *S_interval_fields(long mask)
{
    static const struct { long mask; const char *text; } f[] = {
        {1 << 2, " year"}, {1 << 1, " month"}, {1 << 3, " day"}, {1 << 10, " hour"},
        {1 << 11, " minute"}, {1 << 12, " second"}, {(1 << 2) | (1 << 1), " year to month"},
        {(1 << 3) | (1 << 10), " day to hour"}, {(1 << 3) | (1 << 10) | (1 << 11), " day to minute"},
        {(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12), " day to second"},
        {(1 << 10) | (1 << 11), " hour to minute"}, {(1 << 10) | (1 << 11) | (1 << 12), " hour to second"},
        {(1 << 11) | (1 << 12), " minute to second"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].mask == mask)
            return f[i].text;
    return "";
}

/* format_type() of a built-in type with the written modifiers, without array brackets. */
static void S_format_builtin(dbl_buf *out, const S_builtin *b, const dbl_typeref *t)
{
    const char *m0 = t->n_mods > 0 ? t->mods[0] : NULL;
    const char *m1 = t->n_mods > 1 ? t->mods[1] : NULL;
    if (strcmp(b->name, "numeric") == 0 && m0)
        dbl_buf_printf(out, "numeric(%s,%s)", m0, m1 ? m1 : "0");
    else if ((strcmp(b->name, "timestamp") == 0 || strcmp(b->name, "timestamptz") == 0 ||
              strcmp(b->name, "time") == 0 || strcmp(b->name, "timetz") == 0) && m0)
        dbl_buf_printf(out, "%s(%s)%s", b->name[1] == 'i' && b->name[4] == 's' ? "timestamp" : "time",
                       m0, strchr(b->name + 4, 'z') ? " with time zone" : " without time zone");
    else if (strcmp(b->name, "interval") == 0 && m0) {
        long mask = strtol(m0, NULL, 10);
        dbl_buf_printf(out, "interval%s", S_interval_fields(mask));
        if (m1)
            dbl_buf_printf(out, "(%s)", m1);
    } else if (strcmp(b->name, "bpchar") == 0 && m0)
        dbl_buf_printf(out, "character(%s)", m0);
    else if (m0 && (strcmp(b->name, "varchar") == 0 || strcmp(b->name, "bit") == 0 ||
                    strcmp(b->name, "varbit") == 0))
        dbl_buf_printf(out, "%s(%s)", b->text, m0);
    else
        dbl_buf_puts(out, b->text);
}

const char *dbl_type_format(dbl_arena *a, const dbl_typeref *t)
{
    const char *name = t->name ? t->name : "unknown";
    const S_builtin *b = !t->schema || strcmp(t->schema, "pg_catalog") == 0 ? S_find_builtin(name) : NULL;
    dbl_buf out = {0};
    if (b) {
        S_format_builtin(&out, b, t);
    } else {
        if (t->schema && strcmp(t->schema, "public") != 0 && strcmp(t->schema, "pg_catalog") != 0)
            dbl_buf_printf(&out, "%s.", dbl_quote_ident(a, t->schema));
        dbl_buf_puts(&out, dbl_quote_ident(a, name));
        if (t->n_mods) {
            dbl_buf_putc(&out, '(');
            for (uint32_t i = 0; i < t->n_mods; i++)
                dbl_buf_printf(&out, "%s%s", i ? "," : "", t->mods[i]);
            dbl_buf_putc(&out, ')');
        }
    }
    for (uint32_t i = 0; i < t->array_dims; i++)
        dbl_buf_puts(&out, "[]");
    const char *r = dbl_arena_strdup(a, dbl_buf_str(&out));
    dbl_buf_free(&out);
    return r;
}

/* True if schema holds a user-defined type or domain of that name. */
static bool S_user_type_exists(const dbl_catalog *c, const char *schema, const char *name)
{
    char buf[600];
    if (!c->types.count && !c->domains.count)
        return false;
    const char *k = TMPKEY(buf, schema, name);
    return dbl_hmap_get(&c->types, k) || dbl_hmap_get(&c->domains, k);
}

/* True if schema holds a type (or a relation's row type) of that name. */
static bool S_schema_has_type(const dbl_catalog *c, const char *schema, const char *name)
{
    char buf[600];
    if (strcmp(schema, "pg_catalog") == 0) {
        for (size_t i = 0; i < sizeof S_builtins / sizeof S_builtins[0]; i++)
            if (strcmp(S_builtins[i].name, name) == 0)
                return strcmp(name, "citext") != 0; /* an extension's type */
        return false;
    }
    if (S_user_type_exists(c, schema, name))
        return true;
    const dbl_table *t = dbl_hmap_get(&c->relations, TMPKEY(buf, schema, name));
    return t && !t->dropped && t->relkind != DBL_REL_SEQUENCE; /* sequences have no row type */
}

/* True if the search_path in force names that schema explicitly. */
static bool S_path_lists(const dbl_catalog *c, const char *schema)
{
    for (uint32_t i = 0; i < c->path.size; i++)
        if (strcmp(c->path.items[i], schema) == 0)
            return true;
    return false;
}

/* PostgreSQL's TypeIsVisible() for the initial search_path (the one format_type
 * sees when the catalog is read): the type's schema is on the path (pg_catalog
 * implicitly first unless listed) and no schema before it has a type of that name. */
static bool S_type_visible(const dbl_catalog *c, const char *schema, const char *name)
{
    bool listed = false;
    for (uint32_t i = 0; i < c->initial_path.size && !listed; i++)
        listed = strcmp(c->initial_path.items[i], "pg_catalog") == 0;
    if (!listed) {
        if (strcmp(schema, "pg_catalog") == 0)
            return true;
        if (S_schema_has_type(c, "pg_catalog", name))
            return false;
    }
    for (uint32_t i = 0; i < c->initial_path.size; i++) {
        const char *s = c->initial_path.items[i];
        if (strcmp(s, schema) == 0)
            return true;
        if (strlen(s) < 256 && strlen(name) < 256 && S_schema_has_type(c, s, name))
            return false;
    }
    return false;
}

/* format_type() of a user-defined or extension type. Returns an arena-owned string. */
static const char *S_user_type_text(dbl_catalog *c, const dbl_typeinfo *r)
{
    dbl_buf out = {0};
    if (r->schema && !S_type_visible(c, r->schema, r->name))
        dbl_buf_printf(&out, "%s.", dbl_quote_ident(c->arena, r->schema));
    dbl_buf_puts(&out, dbl_quote_ident(c->arena, r->name));
    if (r->typmod)
        dbl_buf_puts(&out, r->typmod);
    if (r->array_dims)
        dbl_buf_puts(&out, "[]");
    const char *text = dbl_arena_strdup(c->arena, dbl_buf_str(&out));
    dbl_buf_free(&out);
    return text;
}

/* The typmod text of a type that is not built in (only an extension's C type
 * takes modifiers), as its typmodout prints it: PostGIS's geometry / geography
 * (see S_postgis_typmod), other types' modifiers as written. Returns an
 * arena-owned string or NULL. */
static const char *S_ext_typmod(dbl_catalog *c, const char *name, const dbl_typeref *t);

/* The modifiers as written: "(a,b)". Returns an arena-owned string. */
static const char *S_written_typmod(dbl_catalog *c, const dbl_typeref *t)
{
    dbl_buf out = {0};
    dbl_buf_putc(&out, '(');
    for (uint32_t i = 0; i < t->n_mods; i++)
        dbl_buf_printf(&out, "%s%s", i ? "," : "", t->mods[i]);
    dbl_buf_putc(&out, ')');
    const char *r = dbl_arena_strdup(c->arena, dbl_buf_str(&out));
    dbl_buf_free(&out);
    return r;
}

/* PostGIS's postgis_typmod_out(): "(Type[Z][M],SRID)" with the geometry type in
 * PostGIS's own case, the SRID left out when 0 (geography's defaults to 4326),
 * nothing at all for an unconstrained type. Returns an arena-owned string, NULL
 * for no typmod, or the modifiers as written when PostGIS would not read them. */
static const char *S_postgis_typmod(dbl_catalog *c, bool geography, const dbl_typeref *t)
{
    static const char *const names[] = {
        "Geometry", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
        "MultiPolygon", "GeometryCollection", "CircularString", "CompoundCurve", "CurvePolygon",
        "MultiCurve", "MultiSurface", "PolyhedralSurface", "Triangle", "Tin",
    };
    if (t->n_mods > 2)
        return S_written_typmod(c, t);
    char word[40];
    const char *m = t->mods[0];
    size_t n = strlen(m);
    if (n >= 2 && m[0] == '\'' && m[n - 1] == '\'') {
        m++;
        n -= 2;
    }
    if (n == 0 || n >= sizeof word)
        return S_written_typmod(c, t);
    for (size_t i = 0; i < n; i++)
        word[i] = (char)((m[i] >= 'A' && m[i] <= 'Z') ? m[i] - 'A' + 'a' : m[i]);
    word[n] = '\0';
    const char *dims = "";
    const char *type = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !type; i++) {
        size_t k = strlen(names[i]);
        if (n < k || strncasecmp(word, names[i], k) != 0)
            continue;
        const char *rest = word + k;
        if (*rest == '\0' || strcmp(rest, "z") == 0 || strcmp(rest, "m") == 0 || strcmp(rest, "zm") == 0) {
            type = names[i];
            dims = *rest == '\0' ? "" : rest[0] == 'm' ? "M" : rest[1] ? "ZM" : "Z";
        }
    }
    if (!type)
        return S_written_typmod(c, t);
    long srid = 0;
    if (t->n_mods == 2) {
        char *end;
        srid = strtol(t->mods[1], &end, 10);
        if (*end || end == t->mods[1])
            return S_written_typmod(c, t);
        if (srid < 0)
            srid = 0; /* SRID_UNKNOWN */
    }
    if (geography && srid == 0)
        srid = 4326;
    bool any_type = type != names[0];
    if (!any_type && !*dims && srid == 0)
        return NULL;
    return srid ? dbl_arena_printf(c->arena, "(%s%s,%ld)", type, dims, srid)
                : dbl_arena_printf(c->arena, "(%s%s)", type, dims);
}

static const char *S_ext_typmod(dbl_catalog *c, const char *name, const dbl_typeref *t)
{
    if (strcmp(name, "geometry") == 0 || strcmp(name, "geography") == 0)
        return S_postgis_typmod(c, strcmp(name, "geography") == 0, t);
    return S_written_typmod(c, t);
}

/* Resolves a written type to its catalog description. */
static dbl_typeinfo S_resolve_type(dbl_catalog *c, const dbl_typeref *t)
{
    dbl_typeinfo r = {0};
    r.array_dims = t->array_dims;
    const char *name = t->name ? t->name : "unknown";
    const S_builtin *b = NULL;
    bool builtin_ok = !t->schema || strcmp(t->schema, "pg_catalog") == 0;
    const S_builtin *pb = builtin_ok ? S_find_builtin(name) : NULL;
    /* citext is an extension's type, not pg_catalog's */
    bool in_pg_catalog = pb && strcmp(pb->name, "citext") != 0;
    dbl_domain *dom = NULL;
    const char *user_schema = NULL;
    char buf[600];
    bool plain_builtin = in_pg_catalog && !c->types.count && !c->domains.count;
    if (!plain_builtin && strlen(name) < 256 && (!t->schema || strlen(t->schema) < 256)) {
        if (t->schema && strcmp(t->schema, "pg_catalog") != 0) {
            dom = dbl_hmap_get(&c->domains, TMPKEY(buf, t->schema, name));
            if (dom || dbl_hmap_get(&c->types, TMPKEY(buf, t->schema, name)))
                user_schema = t->schema;
        } else if (!t->schema && !(in_pg_catalog && !S_path_lists(c, "pg_catalog"))) {
            /* along the path (pg_catalog first unless listed): a type, a domain or a
             * relation's row type of that name */
            for (uint32_t i = 0; i < c->path.size && !user_schema; i++) {
                const char *ps = c->path.items[i];
                if (in_pg_catalog && strcmp(ps, "pg_catalog") == 0)
                    break;
                if (strlen(ps) >= 256 || !S_schema_has_type(c, ps, name))
                    continue;
                dom = dbl_hmap_get(&c->domains, TMPKEY(buf, ps, name));
                user_schema = ps;
            }
        }
    }
    if (!user_schema)
        b = pb;
    if (b && t->n_mods == 0 && t->array_dims == 0) {
        r.name = b->name;
        r.cls = b->cls;
        r.text = b->text;
        return r;
    }
    dbl_buf out = {0};
    if (b) {
        r.name = b->name;
        r.cls = b->cls;
        S_format_builtin(&out, b, t);
    } else {
        const char *schema = user_schema ? user_schema : t->schema;
        r.schema = schema ? dbl_arena_strdup(c->arena, schema) : NULL;
        r.name = dbl_arena_strdup(c->arena, name);
        r.user = true;
        c->n_user_typed++;
        if (pb)
            r.cls = pb->cls; /* citext installed by its extension is still text */
        if (dom) {
            r.domain = dom;
            r.cls = dom->base.cls;
        }
        if (t->n_mods)
            r.typmod = S_ext_typmod(c, name, t); /* only C-language types take typmods */
        dbl_buf_free(&out);
        r.text = S_user_type_text(c, &r);
        return r;
    }
    if (t->array_dims)
        dbl_buf_puts(&out, "[]");
    r.text = dbl_arena_strdup(c->arena, dbl_buf_str(&out));
    dbl_buf_free(&out);
    return r;
}

bool dbl_type_is_float(const dbl_typeinfo *t)
{
    return t->cls == DBL_TC_FLOAT && t->array_dims == 0;
}

/* ---- construction --------------------------------------------------- */

dbl_catalog *dbl_catalog_new(dbl_arena *arena, const char *const *search_path, uint32_t n)
{
    dbl_catalog *c = dbl_calloc(1, sizeof *c);
    c->arena = arena;
    dbl_hmap_put(&c->schemas, "public", (void *)1);
    dbl_hmap_put(&c->schemas, "pg_catalog", (void *)1);
    if (n == 0)
        dbl_array_push(&c->initial_path, "public");
    for (uint32_t i = 0; i < n; i++)
        dbl_array_push(&c->initial_path, dbl_arena_strdup(arena, search_path[i]));
    /* partial mode: the schemas the files are meant to run in exist on that
     * database (created by the migration tool, not by the files) */
    for (uint32_t i = 0; i < c->initial_path.size; i++) {
        const char *s = c->initial_path.items[i];
        if (!*s || strcmp(s, "$user") == 0 || strncmp(s, "pg_temp", 7) == 0 || S_schema_exists(c, s))
            continue;
        dbl_hmap_put(&c->schemas, s, (void *)1);
        dbl_array_push(&c->assumed, s);
    }
    dbl_catalog_begin_file(c);
    return c;
}

void dbl_catalog_set_complete(dbl_catalog *c, bool complete)
{
    c->complete = complete;
    /* the whole schema: only the schemas the inputs create exist */
    for (uint32_t i = 0; i < c->assumed.size; i++)
        if (complete)
            dbl_hmap_del(&c->schemas, c->assumed.items[i]);
        else
            dbl_hmap_put(&c->schemas, c->assumed.items[i], (void *)1);
}

void dbl_catalog_free(dbl_catalog *c)
{
    if (!c)
        return;
    for (uint32_t i = 0; i < c->snaps.size; i++)
        S_snap_free(&c->snaps.items[i]);
    dbl_array_free(&c->snaps);
    dbl_hmap_free(&c->schemas);
    dbl_hmap_free(&c->relations);
    dbl_hmap_free(&c->indexes);
    dbl_hmap_free(&c->conname_count);
    dbl_hmap_free(&c->domains);
    dbl_hmap_free(&c->types);
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *t = c->all_tables.items[i];
        dbl_array_free(&t->columns);
        dbl_array_free(&t->constraints);
        dbl_array_free(&t->indexes);
        dbl_array_free(&t->partitions);
        dbl_array_free(&t->inherits);
        dbl_array_free(&t->inherit_children);
    }
    for (uint32_t i = 0; i < c->all_indexes.size; i++) {
        dbl_array_free(&c->all_indexes.items[i]->keys);
        dbl_array_free(&c->all_indexes.items[i]->include);
    }
    for (uint32_t i = 0; i < c->all_constraints.size; i++) {
        dbl_array_free(&c->all_constraints.items[i]->columns);
        dbl_array_free(&c->all_constraints.items[i]->ref_columns);
    }
    dbl_array_free(&c->all_tables);
    dbl_array_free(&c->all_indexes);
    dbl_array_free(&c->all_constraints);
    dbl_array_free(&c->live);
    dbl_array_free(&c->initial_path);
    dbl_array_free(&c->assumed);
    dbl_array_free(&c->unknowns);
    dbl_array_free(&c->temps);
    dbl_array_free(&c->drop_set);
    dbl_array_free(&c->all_domains);
    dbl_array_free(&c->path);
    dbl_free(c);
}

static void S_reset_path(dbl_catalog *c)
{
    dbl_array_clear(&c->path);
    for (uint32_t i = 0; i < c->initial_path.size; i++)
        dbl_array_push(&c->path, c->initial_path.items[i]);
}

static void S_snap_restore(dbl_catalog *c, const S_snap *s);
static void S_snaps_drop_from(dbl_catalog *c, uint32_t i);

void dbl_catalog_begin_file(dbl_catalog *c)
{
    /* a file is a session (psql -f): a transaction left open ends with a rollback */
    if (c->snaps.size) {
        S_snap_restore(c, &c->snaps.items[0]);
        S_snaps_drop_from(c, 0);
    }
    S_reset_path(c);
    dbl_array_clear(&c->temps);
}

const dbl_table *const *dbl_catalog_tables(const dbl_catalog *c, uint32_t *n)
{
    dbl_catalog *m = (dbl_catalog *)c;
    if (m->live_dirty || m->live.size == 0) {
        dbl_array_clear(&m->live);
        for (uint32_t i = 0; i < m->all_tables.size; i++)
            if (!m->all_tables.items[i]->dropped)
                dbl_array_push(&m->live, m->all_tables.items[i]);
        m->live_dirty = false;
    }
    *n = m->live.size;
    return m->live.items;
}

/* ---- objects -------------------------------------------------------- */

static dbl_column *S_find_column(const dbl_table *t, const char *name)
{
    if (!t || !name)
        return NULL;
    for (uint32_t i = 0; i < t->columns.size; i++)
        if (strcmp(t->columns.items[i]->name, name) == 0)
            return t->columns.items[i];
    return NULL;
}

/* Partitions and inheritance children: ALTER TABLE on t recurses into them. */
static uint32_t S_n_kids(const dbl_table *t)
{
    return t->partitions.size + t->inherit_children.size;
}

static dbl_table *S_kid(const dbl_table *t, uint32_t i)
{
    return i < t->partitions.size ? t->partitions.items[i] : t->inherit_children.items[i - t->partitions.size];
}

static void S_table_list_remove(void *arr, const dbl_table *t)
{
    DBL_ARRAY(dbl_table *) *a = arr;
    for (uint32_t i = 0; i < a->size; i++)
        if (a->items[i] == t) {
            memmove(&a->items[i], &a->items[i + 1], sizeof(dbl_table *) * (a->size - i - 1));
            a->size--;
            return;
        }
}

static dbl_table *S_new_table(dbl_catalog *c, const char *schema, const char *name,
                              dbl_relkind kind, dbl_loc loc)
{
    dbl_table *t = dbl_arena_alloc(c->arena, sizeof *t);
    t->schema = dbl_arena_strdup(c->arena, schema);
    t->name = dbl_arena_strdup(c->arena, name);
    t->relkind = kind;
    t->seq = ++c->seq;
    t->loc = loc;
    dbl_hmap_put(&c->relations, S_key(c, t->schema, t->name), t);
    dbl_array_push(&c->all_tables, t);
    c->live_dirty = true;
    return t;
}

static dbl_column *S_add_column(dbl_catalog *c, dbl_table *t, const dbl_ev_column *ec, dbl_loc loc)
{
    dbl_column *col = dbl_arena_alloc(c->arena, sizeof *col);
    col->name = S_dup(c, ec->name);
    col->type = S_resolve_type(c, &ec->type);
    col->not_null = ec->not_null || ec->is_serial || ec->identity;
    col->identity = ec->identity;
    col->generated = ec->generated;
    col->has_default = ec->has_default || ec->is_serial;
    col->is_serial = ec->is_serial;
    col->collation = S_dup(c, ec->collation);
    col->loc = (dbl_loc){loc.file, ec->span.end > ec->span.start ? ec->span : loc.span};
    col->type_loc = col->loc;
    col->null_loc = col->loc;
    col->table = t;
    dbl_array_push(&t->columns, col);
    return col;
}

/* A copy of a column for a child table (INHERITS, PARTITION OF, LIKE). */
static dbl_column *S_copy_column(dbl_catalog *c, dbl_table *t, const dbl_column *src, bool inherited)
{
    dbl_column *col = dbl_arena_alloc(c->arena, sizeof *col);
    *col = *src;
    col->table = t;
    col->inherited = inherited;
    col->dropped = false;
    dbl_array_push(&t->columns, col);
    return col;
}

static void S_register_index(dbl_catalog *c, dbl_index *x)
{
    dbl_hmap_put(&c->indexes, S_key(c, x->schema, x->name), x);
    dbl_array_push(&((dbl_table *)x->table)->indexes, x);
}

/* Name hints of index elements, made distinct as ChooseIndexColumnNames() does. */
static const char **S_index_colnames(dbl_catalog *c, const dbl_index *x, uint32_t *n)
{
    uint32_t total = x->keys.size + x->include.size;
    const char **names = dbl_arena_alloc(c->arena, sizeof(char *) * (total ? total : 1));
    for (uint32_t i = 0; i < total; i++) {
        const char *orig;
        if (i < x->keys.size) {
            const dbl_index_key *k = &x->keys.items[i];
            orig = k->column ? k->column->name : (k->name_hint ? k->name_hint : "expr");
        } else {
            orig = x->include.items[i - x->keys.size]->name;
        }
        const char *cur = orig;
        for (int pass = 1;; pass++) {
            bool clash = false;
            for (uint32_t j = 0; j < i && !clash; j++)
                clash = strcmp(names[j], cur) == 0;
            if (!clash)
                break;
            char suffix[16];
            snprintf(suffix, sizeof suffix, "%d", pass);
            size_t keep = S_mbcliplen(orig, strlen(orig), NAMEDATALEN - 1 - strlen(suffix));
            cur = dbl_arena_printf(c->arena, "%.*s%s", (int)keep, orig, suffix);
        }
        names[i] = cur;
    }
    *n = total;
    return names;
}

/* ChooseIndexName(). kind: 'p', 'u', 'x' for constraint indexes, 0 otherwise. */
static const char *S_choose_index_name(dbl_catalog *c, const dbl_table *t, const dbl_index *x, char kind)
{
    uint32_t n;
    const char **cols = S_index_colnames(c, x, &n);
    if (kind == 'p')
        return S_choose_name(c, t->schema, t->name, NULL, "pkey", true);
    const char *add = S_name_addition(c->arena, cols, n);
    if (kind == 'x')
        return S_choose_name(c, t->schema, t->name, add, "excl", true);
    if (kind == 'u')
        return S_choose_name(c, t->schema, t->name, add, "key", true);
    return S_choose_name(c, t->schema, t->name, add, "idx", false);
}

static dbl_index *S_new_index(dbl_catalog *c, const dbl_table *t, dbl_loc loc)
{
    dbl_index *x = dbl_arena_alloc(c->arena, sizeof *x);
    x->table = t;
    x->schema = t->schema;
    x->method = "btree";
    x->valid = true;
    x->seq = ++c->seq;
    x->loc = loc;
    dbl_array_push(&c->all_indexes, x); /* owns its arrays even if never registered */
    return x;
}


/* ---- type-dependent expression text ------------------------------------ */

/* A type's format_type text without its modifiers: "numeric(10,2)" -> "numeric". */
static void S_put_type_nomods(dbl_buf *b, const char *text)
{
    const char *p = strchr(text, '(');
    if (!p) {
        dbl_buf_puts(b, text);
        return;
    }
    dbl_buf_append(b, text, (size_t)(p - text));
    const char *q = strchr(p, ')');
    if (q)
        dbl_buf_puts(b, q + 1);
}

static void S_render_literal(dbl_buf *b, char kind, const dbl_column *col)
{
    const dbl_typeinfo *ty = col ? &col->type : NULL;
    if (ty && ty->domain && ty->array_dims == 0)
        ty = &ty->domain->base;
    bool varchar = ty && ty->name && ty->array_dims == 0 && strcmp(ty->name, "varchar") == 0;
    if (kind == 'a') {
        /* after ARRAY[...] of an IN list */
        if (varchar)
            dbl_buf_puts(b, "::text[]");
        return;
    }
    if (kind == 'v') {
        /* an element of an IN list: a varchar column keeps its own type there */
        if (varchar) {
            dbl_buf_puts(b, "::character varying");
            return;
        }
        kind = 's';
    }
    if (!ty || !ty->name || strcmp(ty->name, "unknown") == 0) {
        if (kind == 's')
            dbl_buf_puts(b, "::text");
        return;
    }
    if (kind == 'i' || kind == 'f') {
        if (ty->array_dims)
            return;
        if (ty->cls == DBL_TC_FLOAT)
            dbl_buf_puts(b, "::double precision");
        else if (ty->cls == DBL_TC_NUMERIC && kind == 'i')
            dbl_buf_puts(b, "::numeric");
        return;
    }
    if (ty->array_dims == 0 && (strcmp(ty->name, "varchar") == 0 || strcmp(ty->name, "text") == 0)) {
        dbl_buf_puts(b, "::text");
        return;
    }
    if (ty->array_dims == 0 && strcmp(ty->name, "bpchar") == 0) {
        dbl_buf_puts(b, "::bpchar");
        return;
    }
    dbl_buf_puts(b, "::");
    S_put_type_nomods(b, ty->text);
}

/* The end of the marker that starts at p ("\x04" ... "\x05", nested), or the text's end. */
static const char *S_marker_end(const char *p, const char *end)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '\x04')
            depth++;
        else if (*p == '\x05' && --depth == 0)
            return p;
    }
    return end;
}

static void S_render(dbl_catalog *c, const dbl_table *t, dbl_buf *b, const char *p, const char *end);

/* A cast marker: the kept or the dropped spelling, after the argument's type. */
static void S_render_cast(dbl_catalog *c, const dbl_table *t, dbl_buf *b, const char *p, const char *end)
{
    const char *f[4];
    int nf = 0, depth = 0;
    f[nf++] = p;
    for (const char *q = p; q < end && nf < 4; q++) {
        if (*q == '\x04')
            depth++;
        else if (*q == '\x05')
            depth--;
        else if (*q == '\x1f' && depth == 0)
            f[nf++] = q + 1;
    }
    if (nf < 4) {
        S_render(c, t, b, p, end);
        return;
    }
    char *spec = dbl_arena_strndup(c->arena, f[0], (size_t)(f[1] - 1 - f[0]));
    char *type = dbl_arena_strndup(c->arena, f[1], (size_t)(f[2] - 1 - f[1]));
    const char *has = dbl_catalog_spec_type(t, spec);
    if (has && strcmp(has, type) == 0)
        S_render(c, t, b, f[3], end);
    else
        S_render(c, t, b, f[2], f[3] - 1);
}

static void S_render(dbl_catalog *c, const dbl_table *t, dbl_buf *b, const char *p, const char *end)
{
    while (p < end) {
        if (*p == '\x04') {
            const char *close = S_marker_end(p, end);
            S_render_cast(c, t, b, p + 1, close);
            p = close < end ? close + 1 : end;
            continue;
        }
        if ((*p != '\x01' && *p != '\x03') || p + 1 >= end) {
            dbl_buf_putc(b, *p++);
            continue;
        }
        char mark = *p, kind = p[1];
        const char *name = p + 2, *stop = memchr(name, '\x02', (size_t)(end - name));
        if (!stop)
            stop = end;
        char *col_name = dbl_arena_strndup(c->arena, name, (size_t)(stop - name));
        const dbl_column *col = S_find_column(t, col_name);
        if (mark == '\x01') {
            S_render_literal(b, kind, col);
        } else if (col && col->type.array_dims == 0 && col->type.domain) {
            /* a domain is relabelled to its base type for the base type's function or
             * operator (a varchar domain straight to text) */
            const dbl_typeinfo *base = &col->type.domain->base;
            if (base->array_dims == 0 && base->name &&
                (strcmp(base->name, "varchar") == 0 || (kind == 'f' && strcmp(base->name, "bpchar") == 0)))
                dbl_buf_puts(b, "::text");
            else if (base->text) {
                dbl_buf_puts(b, "::");
                S_put_type_nomods(b, base->text);
            }
        } else if (col && col->type.array_dims == 0 && col->type.name &&
                   (strcmp(col->type.name, "varchar") == 0 ||
                    (kind == 'f' && strcmp(col->type.name, "bpchar") == 0))) {
            dbl_buf_puts(b, "::text");
        }
        p = stop < end ? stop + 1 : end;
    }
}

/* True if expr is one cast marker that renders as its argument. */
static bool S_top_cast_dropped(const dbl_table *t, const char *expr)
{
    const char *end = expr + strlen(expr);
    if (S_marker_end(expr, end) != end - 1)
        return false;
    const char *spec = expr + 1, *type = strchr(spec, '\x1f');
    const char *type_end = type ? strchr(type + 1, '\x1f') : NULL;
    if (!type_end)
        return false;
    char buf[256];
    size_t n = (size_t)(type - spec);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, spec, n);
    buf[n] = '\0';
    const char *has = dbl_catalog_spec_type(t, buf);
    return has && strlen(has) == (size_t)(type_end - type - 1) && memcmp(has, type + 1, strlen(has)) == 0;
}

const char *dbl_catalog_render_expr(dbl_catalog *c, const dbl_table *t, const char *expr)
{
    if (!expr || !strpbrk(expr, "\x01\x03\x04"))
        return expr;
    dbl_buf b = {0};
    S_render(c, t, &b, expr, expr + strlen(expr));
    const char *r = dbl_arena_strdup(c->arena, dbl_buf_str(&b));
    dbl_buf_free(&b);
    return r;
}

/* Fills an index's keys from event elements; false if a column is missing. */
static bool S_index_keys(dbl_catalog *c, dbl_index *x, const dbl_table *t,
                         const dbl_ev_elem *elems, uint32_t n_elems,
                         const char *const *include, uint32_t n_include)
{
    (void)c;
    for (uint32_t i = 0; i < n_elems; i++) {
        const dbl_ev_elem *e = &elems[i];
        dbl_index_key k = {0};
        if (e->column) {
            k.column = S_find_column(t, e->column);
            if (!k.column)
                return false;
        } else {
            const char *r = dbl_catalog_render_expr(c, t, e->expr);
            k.expr = r == e->expr ? S_dup(c, r) : r;
            k.expr_is_call = e->expr_is_call;
            k.name_hint = S_dup(c, e->name_hint);
            dbl_expr_type *et = dbl_arena_alloc(c->arena, sizeof *et);
            memset(et, 0, sizeof *et);
            et->spec = S_dup(c, e->expr_type);
            if (et->spec && et->spec[0] != 't')
                et->column = S_find_column(t, et->spec + 1);
            /* a collatable result takes the collation its columns agree on */
            for (uint32_t j = 0; j < e->n_expr_columns; j++) {
                const dbl_column *col = S_find_column(t, e->expr_columns[j]);
                const char *coll = !col ? NULL
                                   : col->collation ? col->collation
                                   : col->type.domain && !col->type.array_dims ? col->type.domain->collation
                                                                              : NULL;
                if (!coll)
                    continue;
                if (et->collation && strcmp(et->collation, coll) != 0) {
                    et->collation = NULL;
                    break;
                }
                et->collation = coll;
            }
            k.expr_type = et;
            if (e->expr_arg_is_call && e->expr[0] == '\x04' && S_top_cast_dropped(t, e->expr))
                k.expr_is_call = true;
            /* the analyzed expression is a bare column once its casts are dropped:
             * PostgreSQL records a plain column key */
            bool bare = k.expr && !strpbrk(k.expr, "():' .+-*/<>=|,[");
            for (uint32_t j = 0; bare && j < t->columns.size && k.expr; j++) {
                const dbl_column *col = t->columns.items[j];
                if (!col->dropped && strcmp(dbl_quote_ident(c->arena, col->name), k.expr) == 0) {
                    k.column = col;
                    k.expr = NULL;
                    k.expr_type = NULL;
                }
            }
        }
        k.opclass = S_dup(c, e->opclass);
        k.collation = S_dup(c, e->collation);
        k.sort = e->sort;
        k.nulls = e->nulls;
        dbl_array_push(&x->keys, k);
    }
    for (uint32_t i = 0; i < n_include; i++) {
        const dbl_column *col = S_find_column(t, include[i]);
        if (!col)
            return false;
        dbl_array_push(&x->include, col);
    }
    return true;
}

static void S_drop_index(dbl_catalog *c, dbl_index *x);

/* Copies index x of a partitioned table onto partition p (and its partitions). */
static void S_clone_index_to_partition(dbl_catalog *c, dbl_index *parent, dbl_table *p)
{
    dbl_index *x = S_new_index(c, p, parent->loc);
    x->method = parent->method;
    x->unique = parent->unique;
    x->nulls_not_distinct = parent->nulls_not_distinct;
    x->predicate = parent->predicate;
    x->parent = parent;
    for (uint32_t i = 0; i < parent->keys.size; i++) {
        dbl_index_key k = parent->keys.items[i];
        if (k.column && !(k.column = S_find_column(p, k.column->name)))
            return;
        dbl_array_push(&x->keys, k);
    }
    for (uint32_t i = 0; i < parent->include.size; i++) {
        const dbl_column *col = S_find_column(p, parent->include.items[i]->name);
        if (col)
            dbl_array_push(&x->include, col);
    }
    char kind = parent->constraint ? (char)parent->constraint->kind : 0;
    x->name = S_choose_index_name(c, p, x, kind);
    S_register_index(c, x);
    if (parent->constraint) {
        dbl_constraint *k = dbl_arena_alloc(c->arena, sizeof *k);
        *k = *parent->constraint;
        memset(&k->columns, 0, sizeof k->columns);
        memset(&k->ref_columns, 0, sizeof k->ref_columns);
        k->name = x->name;
        k->table = p;
        k->index = x;
        k->inherited = true;
        for (uint32_t i = 0; i < x->keys.size; i++)
            if (x->keys.items[i].column)
                dbl_array_push(&k->columns, x->keys.items[i].column);
        x->constraint = k;
        dbl_array_push(&p->constraints, k);
        dbl_array_push(&c->all_constraints, k);
        S_conname_add(c, p->schema, k->name, +1);
    }
    for (uint32_t i = 0; i < p->partitions.size; i++)
        S_clone_index_to_partition(c, x, p->partitions.items[i]);
}

static void S_index_done(dbl_catalog *c, dbl_index *x, bool only)
{
    dbl_table *t = (dbl_table *)x->table;
    if (t->relkind != DBL_REL_PARTITIONED)
        return;
    if (only) {
        x->valid = t->partitions.size == 0;
        return;
    }
    for (uint32_t i = 0; i < t->partitions.size; i++)
        S_clone_index_to_partition(c, x, t->partitions.items[i]);
}

static const char **S_strv(dbl_catalog *c, const char *const *v, uint32_t n)
{
    const char **r = dbl_arena_alloc(c->arena, sizeof(char *) * (n ? n : 1));
    for (uint32_t i = 0; i < n; i++)
        r[i] = v[i];
    return r;
}

/* The unique index an FK to columns cols of rt depends on (transformFkeyCheckAttrs():
 * a valid, non-partial unique index on exactly that column set), or NULL. */
static const dbl_index *S_fk_ref_index(const dbl_table *rt, const char *const *cols, uint32_t n)
{
    for (uint32_t i = 0; i < rt->indexes.size; i++) {
        const dbl_index *x = rt->indexes.items[i];
        if (!x->unique || x->predicate || x->keys.size != n)
            continue;
        bool ok = true;
        for (uint32_t j = 0; j < n && ok; j++) {
            ok = false;
            for (uint32_t m = 0; m < x->keys.size && !ok; m++)
                ok = x->keys.items[m].column && strcmp(x->keys.items[m].column->name, cols[j]) == 0;
        }
        for (uint32_t j = 0; j < x->keys.size && ok; j++)
            ok = x->keys.items[j].column != NULL;
        if (ok)
            return x;
    }
    return NULL;
}

/* True if a live foreign key depends on index x. */
static bool S_index_has_dependent_fks(const dbl_catalog *c, const dbl_index *x)
{
    for (uint32_t i = 0; i < c->all_constraints.size; i++) {
        const dbl_constraint *k = c->all_constraints.items[i];
        if (k->kind == DBL_CON_FOREIGN && !k->dropped && k->ref_index == x && !k->table->dropped &&
            k->table != x->table)
            return true;
    }
    return false;
}

/* Adds a constraint to t. Returns NULL if PostgreSQL would reject it. */
static dbl_constraint *S_add_constraint(dbl_catalog *c, dbl_table *t, const dbl_ev_constraint *ec, dbl_loc loc)
{
    if (ec->name)
        for (uint32_t i = 0; i < t->constraints.size; i++)
            if (strcmp(t->constraints.items[i]->name, ec->name) == 0)
                return NULL; /* constraint already exists */
    dbl_constraint *k = dbl_arena_alloc(c->arena, sizeof *k);
    dbl_array_push(&c->all_constraints, k); /* owns its arrays even if rejected */
    k->dropped = true;                      /* until it is added: a rejected one is never live */
    k->kind = ec->kind;
    k->table = t;
    k->not_valid = ec->not_valid;
    k->seq = ++c->seq;
    k->loc = (dbl_loc){loc.file, ec->span.start > loc.span.start ? ec->span : loc.span};
    for (uint32_t i = 0; i < ec->n_columns; i++) {
        const dbl_column *col = S_find_column(t, ec->columns[i]);
        if (!col && ec->kind != DBL_CON_CHECK)
            return NULL;
        if (col)
            dbl_array_push(&k->columns, col);
    }
    const char *add = S_name_addition(c->arena, S_strv(c, ec->columns, ec->n_columns), ec->n_columns);
    switch (ec->kind) {
    case DBL_CON_PRIMARY:
    case DBL_CON_UNIQUE:
    case DBL_CON_EXCLUDE: {
        if (ec->kind == DBL_CON_PRIMARY) {
            for (uint32_t i = 0; i < t->constraints.size; i++)
                if (t->constraints.items[i]->kind == DBL_CON_PRIMARY)
                    return NULL; /* multiple primary keys are not allowed */
            for (uint32_t i = 0; i < k->columns.size; i++) {
                dbl_column *col = (dbl_column *)k->columns.items[i];
                if (!col->not_null)
                    col->null_loc = k->loc;
                col->not_null = true;
            }
        }
        dbl_index *x;
        if (ec->index_name) {
            x = S_find_index(c, t->schema, ec->index_name);
            if (!x || x->table != t)
                return NULL;
            /* the index is renamed to the constraint's name, if one is given */
            if (ec->name && strcmp(ec->name, x->name) != 0) {
                dbl_hmap_del(&c->indexes, S_key(c, x->schema, x->name));
                x->name = S_dup(c, ec->name);
                dbl_hmap_put(&c->indexes, S_key(c, x->schema, x->name), x);
            }
            k->columns.size = 0;
            for (uint32_t i = 0; i < x->keys.size; i++)
                if (x->keys.items[i].column)
                    dbl_array_push(&k->columns, x->keys.items[i].column);
            if (ec->kind == DBL_CON_PRIMARY)
                for (uint32_t i = 0; i < k->columns.size; i++)
                    ((dbl_column *)k->columns.items[i])->not_null = true;
        } else {
            x = S_new_index(c, t, k->loc);
            x->unique = ec->kind != DBL_CON_EXCLUDE;
            x->nulls_not_distinct = ec->nulls_not_distinct;
            if (ec->kind == DBL_CON_EXCLUDE) {
                x->method = ec->method ? S_dup(c, ec->method) : "gist";
                x->predicate = dbl_catalog_render_expr(c, t, S_dup(c, ec->predicate));
                if (!S_index_keys(c, x, t, ec->elems, ec->n_elems, ec->include, ec->n_include))
                    return NULL;
            } else {
                for (uint32_t i = 0; i < k->columns.size; i++)
                    dbl_array_push(&x->keys, ((dbl_index_key){.column = k->columns.items[i]}));
                for (uint32_t i = 0; i < ec->n_include; i++) {
                    const dbl_column *col = S_find_column(t, ec->include[i]);
                    if (!col)
                        return NULL;
                    dbl_array_push(&x->include, col);
                }
            }
            x->name = ec->name ? S_dup(c, ec->name) : S_choose_index_name(c, t, x, (char)ec->kind);
            if (dbl_catalog_relation_exists(c, t->schema, x->name))
                return NULL;
            S_register_index(c, x);
        }
        k->name = x->name;
        k->index = x;
        x->constraint = k;
        k->dropped = false;
        dbl_array_push(&t->constraints, k);
        S_conname_add(c, t->schema, k->name, +1);
        S_index_done(c, x, false);
        return k;
    }
    case DBL_CON_FOREIGN: {
        const char *rs = ec->ref_table.schema;
        dbl_table *rt = S_find_rel(c, rs, ec->ref_table.name);
        if (!rt && ec->ref_table.name && t->name && strcmp(ec->ref_table.name, t->name) == 0 &&
            (!rs || strcmp(rs, t->schema) == 0))
            rt = t; /* self reference */
        if (!rt && !c->complete) {
            /* a table the inputs never created: with a partial schema (one migration,
             * the files a pre-commit hook passes) it is defined elsewhere */
            k->ref_schema = S_dup(c, S_creation_schema(c, rs));
            k->ref_name = S_dup(c, ec->ref_table.name);
            for (uint32_t i = 0; i < ec->n_ref_columns; i++)
                dbl_array_push(&k->ref_columns, S_dup(c, ec->ref_columns[i]));
            k->name = ec->name ? S_dup(c, ec->name) : S_choose_constraint_name(c, t->schema, t->name, add, "fkey");
            break;
        }
        /* PostgreSQL refuses an FK to a missing relation, to something that is not a
         * table, and to columns no unique index (or the primary key) covers */
        if (!rt)
            S_unknown(c, k->loc, "relation", rs, ec->ref_table.name, NULL);
        if (!rt || (rt->relkind != DBL_REL_TABLE && rt->relkind != DBL_REL_PARTITIONED))
            return NULL;
        k->ref_table = rt;
        k->ref_schema = rt->schema;
        k->ref_name = rt->name;
        for (uint32_t i = 0; i < ec->n_ref_columns; i++)
            dbl_array_push(&k->ref_columns, S_dup(c, ec->ref_columns[i]));
        if (ec->n_ref_columns == 0) {
            for (uint32_t i = 0; i < rt->constraints.size; i++) {
                const dbl_constraint *pk = rt->constraints.items[i];
                if (pk->kind == DBL_CON_PRIMARY) {
                    for (uint32_t j = 0; j < pk->columns.size; j++)
                        dbl_array_push(&k->ref_columns, pk->columns.items[j]->name);
                    k->ref_index = pk->index;
                }
            }
        } else {
            k->ref_index = S_fk_ref_index(rt, (const char *const *)k->ref_columns.items, k->ref_columns.size);
        }
        if (!k->ref_index || k->ref_columns.size != k->columns.size)
            return NULL;
        k->name = ec->name ? S_dup(c, ec->name) : S_choose_constraint_name(c, t->schema, t->name, add, "fkey");
        break;
    }
    case DBL_CON_CHECK: {
        const char *first = ec->n_columns ? ec->columns[0] : NULL;
        k->name = ec->name ? S_dup(c, ec->name)
                           : S_choose_constraint_name(c, t->schema, t->name, first, "check");
        break;
    }
    case DBL_CON_NOT_NULL:
        return NULL;
    }
    k->dropped = false;
    dbl_array_push(&t->constraints, k);
    S_conname_add(c, t->schema, k->name, +1);
    /* a FOREIGN KEY on a partitioned table is cloned onto its partitions */
    if (k->kind == DBL_CON_FOREIGN)
        for (uint32_t i = 0; i < t->partitions.size; i++) {
            dbl_ev_constraint child = *ec;
            child.name = k->name;
            dbl_constraint *ck = S_add_constraint(c, t->partitions.items[i], &child, loc);
            if (ck)
                ck->inherited = true;
        }
    return k;
}

static void S_remove_constraint(dbl_catalog *c, dbl_table *t, dbl_constraint *k)
{
    for (uint32_t i = 0; i < t->constraints.size; i++)
        if (t->constraints.items[i] == k) {
            memmove(&t->constraints.items[i], &t->constraints.items[i + 1],
                    sizeof(k) * (t->constraints.size - i - 1));
            t->constraints.size--;
            break;
        }
    k->dropped = true;
    S_conname_add(c, t->schema, k->name, -1);
    if (k->index && !k->index->dropped) {
        dbl_index *x = k->index;
        x->constraint = NULL;
        S_drop_index(c, x);
    }
    /* dropping a primary key leaves its columns NOT NULL; nothing else to undo */
}

static void S_drop_index(dbl_catalog *c, dbl_index *x)
{
    if (x->dropped)
        return;
    x->dropped = true;
    dbl_hmap_del(&c->indexes, S_key(c, x->schema, x->name));
    dbl_table *t = (dbl_table *)x->table;
    for (uint32_t i = 0; i < t->indexes.size; i++)
        if (t->indexes.items[i] == x) {
            memmove(&t->indexes.items[i], &t->indexes.items[i + 1], sizeof(x) * (t->indexes.size - i - 1));
            t->indexes.size--;
            break;
        }
    if (x->constraint && !x->constraint->dropped)
        S_remove_constraint(c, t, (dbl_constraint *)x->constraint);
    /* foreign keys that depend on it go with it (the caller checked CASCADE) */
    for (uint32_t i = 0; i < c->all_constraints.size; i++) {
        dbl_constraint *k = c->all_constraints.items[i];
        if (k->kind == DBL_CON_FOREIGN && !k->dropped && k->ref_index == x && !k->table->dropped)
            S_remove_constraint(c, (dbl_table *)k->table, k);
    }
    /* indexes attached to it on partitions go with it */
    for (uint32_t i = 0; i < t->partitions.size; i++) {
        dbl_table *p = t->partitions.items[i];
        for (uint32_t j = 0; j < p->indexes.size; j++)
            if (p->indexes.items[j]->parent == x) {
                S_drop_index(c, p->indexes.items[j]);
                break;
            }
    }
}

static bool S_index_uses_column(const dbl_index *x, const dbl_column *col)
{
    for (uint32_t i = 0; i < x->keys.size; i++) {
        const dbl_index_key *k = &x->keys.items[i];
        if (k->column == col)
            return true;
    }
    for (uint32_t i = 0; i < x->include.size; i++)
        if (x->include.items[i] == col)
            return true;
    return false;
}

static bool S_expr_mentions(const char *expr, const char *name);

static void S_drop_table(dbl_catalog *c, dbl_table *t);

/* Drops the foreign keys of other tables that reference t (CASCADE). */
static void S_drop_referencing_fks(dbl_catalog *c, const dbl_table *t, const dbl_column *only_col)
{
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *o = c->all_tables.items[i];
        if (o->dropped)
            continue;
        for (uint32_t j = o->constraints.size; j-- > 0;) {
            dbl_constraint *k = o->constraints.items[j];
            if (k->kind != DBL_CON_FOREIGN || k->ref_table != t || o == t)
                continue;
            bool hit = !only_col;
            for (uint32_t r = 0; r < k->ref_columns.size && !hit; r++)
                hit = strcmp(k->ref_columns.items[r], only_col->name) == 0;
            if (hit)
                S_remove_constraint(c, o, k);
        }
    }
}

/* True if t is one of set's relations or a partition of one (dropped with it). */
static bool S_in_drop_set(const dbl_table *t, const dbl_catalog *c)
{
    for (; t; t = t->partition_parent)
        for (uint32_t i = 0; i < c->drop_set.size; i++)
            if (c->drop_set.items[i] == t)
                return true;
    return false;
}

/* True if a foreign key of a table other than t (and not dropped by the same
 * statement) references t. */
static bool S_has_referencing_fks(const dbl_catalog *c, const dbl_table *t)
{
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        const dbl_table *o = c->all_tables.items[i];
        if (o->dropped || o == t || S_in_drop_set(o, c))
            continue;
        for (uint32_t j = 0; j < o->constraints.size; j++)
            if (o->constraints.items[j]->kind == DBL_CON_FOREIGN && o->constraints.items[j]->ref_table == t &&
                !o->constraints.items[j]->inherited)
                return true;
    }
    return false;
}

static void S_drop_table(dbl_catalog *c, dbl_table *t)
{
    if (t->dropped)
        return;
    for (uint32_t i = 0; i < t->partitions.size; i++)
        S_drop_table(c, t->partitions.items[i]);
    /* inheritance children go with it (DROP ... CASCADE; the caller checked) */
    while (t->inherit_children.size)
        S_drop_table(c, t->inherit_children.items[t->inherit_children.size - 1]);
    for (uint32_t i = 0; i < t->inherits.size; i++)
        S_table_list_remove(&t->inherits.items[i]->inherit_children, t);
    while (t->indexes.size)
        S_drop_index(c, t->indexes.items[t->indexes.size - 1]);
    while (t->constraints.size)
        S_remove_constraint(c, t, t->constraints.items[t->constraints.size - 1]);
    S_drop_referencing_fks(c, t, NULL);
    if (t->partition_parent) {
        dbl_table *p = t->partition_parent;
        for (uint32_t i = 0; i < p->partitions.size; i++)
            if (p->partitions.items[i] == t) {
                memmove(&p->partitions.items[i], &p->partitions.items[i + 1],
                        sizeof(t) * (p->partitions.size - i - 1));
                p->partitions.size--;
                break;
            }
    }
    t->dropped = true;
    dbl_hmap_del(&c->relations, S_key(c, t->schema, t->name));
    c->live_dirty = true;
}

static void S_drop_column(dbl_catalog *c, dbl_table *t, dbl_column *col, bool cascade)
{
    for (uint32_t i = t->indexes.size; i-- > 0;) {
        dbl_index *x = t->indexes.items[i];
        bool uses = S_index_uses_column(x, col);
        for (uint32_t k = 0; k < x->keys.size && !uses; k++)
            uses = x->keys.items[k].expr && S_expr_mentions(x->keys.items[k].expr, col->name);
        if (!uses && x->predicate)
            uses = S_expr_mentions(x->predicate, col->name);
        if (uses)
            S_drop_index(c, x);
    }
    for (uint32_t i = t->constraints.size; i-- > 0;) {
        dbl_constraint *k = t->constraints.items[i];
        for (uint32_t j = 0; j < k->columns.size; j++)
            if (k->columns.items[j] == col) {
                S_remove_constraint(c, t, k);
                break;
            }
    }
    if (cascade)
        S_drop_referencing_fks(c, t, col);
    for (uint32_t i = 0; i < t->columns.size; i++)
        if (t->columns.items[i] == col) {
            memmove(&t->columns.items[i], &t->columns.items[i + 1], sizeof(col) * (t->columns.size - i - 1));
            t->columns.size--;
            break;
        }
    col->dropped = true;
    for (uint32_t i = 0; i < S_n_kids(t); i++) {
        dbl_column *pc = S_find_column(S_kid(t, i), col->name);
        if (pc && (i < t->partitions.size || pc->inherited))
            S_drop_column(c, S_kid(t, i), pc, cascade);
    }
}

/* ---- expressions as text ---------------------------------------------- */

static bool S_is_ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/* Calls fn for every identifier token of canonical expression text outside
 * string literals; a quoted identifier is passed without its quotes. */
static bool S_expr_scan(const char *e, const char *name, dbl_buf *out, const char *repl)
{
    bool found = false;
    size_t i = 0, n = strlen(e), nl = strlen(name);
    while (i < n) {
        char ch = e[i];
        if (ch == '\'') {
            size_t j = i + 1;
            while (j < n && !(e[j] == '\'' && e[j + 1] != '\''))
                j += e[j] == '\'' ? 2 : 1;
            j = j < n ? j + 1 : n;
            if (out)
                dbl_buf_append(out, e + i, j - i);
            i = j;
        } else if (ch == '"') {
            size_t j = i + 1;
            while (j < n && !(e[j] == '"' && e[j + 1] != '"'))
                j += e[j] == '"' ? 2 : 1;
            size_t inner = j - i - 1;
            j = j < n ? j + 1 : n;
            bool hit = inner == nl && strncmp(e + i + 1, name, nl) == 0 && (i == 0 || e[i - 1] != '.');
            found |= hit;
            if (out)
                hit ? dbl_buf_puts(out, repl) : dbl_buf_append(out, e + i, j - i);
            i = j;
        } else if (S_is_ident_char(ch) && !(ch >= '0' && ch <= '9')) {
            size_t j = i;
            while (j < n && S_is_ident_char(e[j]))
                j++;
            bool hit = j - i == nl && strncmp(e + i, name, nl) == 0 && (i == 0 || e[i - 1] != '.') &&
                       !(j < n && e[j] == '(') && !(i >= 2 && e[i - 1] == ':' && e[i - 2] == ':');
            found |= hit;
            if (out)
                hit ? dbl_buf_puts(out, repl) : dbl_buf_append(out, e + i, j - i);
            i = j;
        } else {
            if (out)
                dbl_buf_putc(out, ch);
            i++;
        }
    }
    return found;
}

static bool S_expr_mentions(const char *expr, const char *name)
{
    return S_expr_scan(expr, name, NULL, NULL);
}

static const char *S_expr_rename(dbl_catalog *c, const char *expr, const char *from, const char *to)
{
    if (!expr || !S_expr_mentions(expr, from))
        return expr;
    dbl_buf b = {0};
    S_expr_scan(expr, from, &b, dbl_quote_ident(c->arena, to));
    const char *r = dbl_arena_strdup(c->arena, dbl_buf_str(&b));
    dbl_buf_free(&b);
    return r;
}


/* ---- transactions ------------------------------------------------------ */

/* dst becomes an independent copy of the array src (elem bytes per item). */
static void S_arr_dup(void *dst, const void *src, size_t elem)
{
    const dbl__void_array *a = src;
    dbl__void_array *d = dst;
    d->size = d->capacity = a->size;
    d->items = a->size ? dbl_malloc(elem * a->size) : NULL;
    if (a->size)
        memcpy(d->items, a->items, elem * a->size);
}

static void S_table_arrays_dup(dbl_table *d, const dbl_table *t)
{
    S_arr_dup(&d->columns, &t->columns, sizeof(dbl_column *));
    S_arr_dup(&d->constraints, &t->constraints, sizeof(dbl_constraint *));
    S_arr_dup(&d->indexes, &t->indexes, sizeof(dbl_index *));
    S_arr_dup(&d->partitions, &t->partitions, sizeof(dbl_table *));
    S_arr_dup(&d->inherits, &t->inherits, sizeof(dbl_table *));
    S_arr_dup(&d->inherit_children, &t->inherit_children, sizeof(dbl_table *));
}

static void S_table_arrays_free(dbl_table *t)
{
    dbl_array_free(&t->columns);
    dbl_array_free(&t->constraints);
    dbl_array_free(&t->indexes);
    dbl_array_free(&t->partitions);
    dbl_array_free(&t->inherits);
    dbl_array_free(&t->inherit_children);
}

static void S_snap_take(dbl_catalog *c, const char *name)
{
    S_snap s = {.name = name ? S_dup(c, name) : NULL};
    s.n_tables = c->all_tables.size;
    s.n_indexes = c->all_indexes.size;
    s.n_constraints = c->all_constraints.size;
    s.tables = dbl_malloc(sizeof(dbl_table) * (s.n_tables + 1));
    s.indexes = dbl_malloc(sizeof(dbl_index) * (s.n_indexes + 1));
    s.constraints = dbl_malloc(sizeof(dbl_constraint) * (s.n_constraints + 1));
    for (uint32_t i = 0; i < s.n_tables; i++) {
        const dbl_table *t = c->all_tables.items[i];
        s.tables[i] = *t;
        S_table_arrays_dup(&s.tables[i], t);
        for (uint32_t j = 0; j < t->columns.size && !t->dropped; j++) {
            dbl_array_push(&s.cols, t->columns.items[j]);
            dbl_array_push(&s.col_copies, *t->columns.items[j]);
        }
    }
    for (uint32_t i = 0; i < s.n_indexes; i++) {
        s.indexes[i] = *c->all_indexes.items[i];
        S_arr_dup(&s.indexes[i].keys, &c->all_indexes.items[i]->keys, sizeof(dbl_index_key));
        S_arr_dup(&s.indexes[i].include, &c->all_indexes.items[i]->include, sizeof(dbl_column *));
    }
    for (uint32_t i = 0; i < s.n_constraints; i++) {
        s.constraints[i] = *c->all_constraints.items[i];
        S_arr_dup(&s.constraints[i].columns, &c->all_constraints.items[i]->columns, sizeof(dbl_column *));
        S_arr_dup(&s.constraints[i].ref_columns, &c->all_constraints.items[i]->ref_columns, sizeof(char *));
    }
    S_arr_dup(&s.path, &c->path, sizeof(char *));
    dbl_array_push(&c->snaps, s);
}

static void S_snap_free(S_snap *s)
{
    for (uint32_t i = 0; i < s->n_tables; i++)
        S_table_arrays_free(&s->tables[i]);
    for (uint32_t i = 0; i < s->n_indexes; i++) {
        dbl_array_free(&s->indexes[i].keys);
        dbl_array_free(&s->indexes[i].include);
    }
    for (uint32_t i = 0; i < s->n_constraints; i++) {
        dbl_array_free(&s->constraints[i].columns);
        dbl_array_free(&s->constraints[i].ref_columns);
    }
    dbl_free(s->tables);
    dbl_free(s->indexes);
    dbl_free(s->constraints);
    dbl_array_free(&s->cols);
    dbl_array_free(&s->col_copies);
    dbl_array_free(&s->path);
}

/* Puts every object back as it was when s was taken; what was created since is dropped. */
static void S_snap_restore(dbl_catalog *c, const S_snap *s)
{
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *t = c->all_tables.items[i];
        if (i >= s->n_tables) {
            t->dropped = true;
            continue;
        }
        S_table_arrays_free(t);
        *t = s->tables[i];
        S_table_arrays_dup(t, &s->tables[i]);
    }
    for (uint32_t i = 0; i < c->all_indexes.size; i++) {
        dbl_index *x = c->all_indexes.items[i];
        if (i >= s->n_indexes) {
            x->dropped = true;
            continue;
        }
        dbl_array_free(&x->keys);
        dbl_array_free(&x->include);
        *x = s->indexes[i];
        S_arr_dup(&x->keys, &s->indexes[i].keys, sizeof(dbl_index_key));
        S_arr_dup(&x->include, &s->indexes[i].include, sizeof(dbl_column *));
    }
    for (uint32_t i = 0; i < c->all_constraints.size; i++) {
        dbl_constraint *k = c->all_constraints.items[i];
        if (i >= s->n_constraints) {
            k->dropped = true;
            continue;
        }
        dbl_array_free(&k->columns);
        dbl_array_free(&k->ref_columns);
        *k = s->constraints[i];
        S_arr_dup(&k->columns, &s->constraints[i].columns, sizeof(dbl_column *));
        S_arr_dup(&k->ref_columns, &s->constraints[i].ref_columns, sizeof(char *));
    }
    for (uint32_t i = 0; i < s->cols.size; i++)
        *s->cols.items[i] = s->col_copies.items[i];
    dbl_array_free(&c->path);
    S_arr_dup(&c->path, &s->path, sizeof(char *));
    /* the name maps follow the objects */
    dbl_hmap_free(&c->relations);
    dbl_hmap_free(&c->indexes);
    dbl_hmap_free(&c->conname_count);
    c->relations = (dbl_hmap){0};
    c->indexes = (dbl_hmap){0};
    c->conname_count = (dbl_hmap){0};
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *t = c->all_tables.items[i];
        if (t->dropped)
            continue;
        dbl_hmap_put(&c->relations, S_key(c, t->schema, t->name), t);
        for (uint32_t j = 0; j < t->indexes.size; j++)
            dbl_hmap_put(&c->indexes, S_key(c, t->indexes.items[j]->schema, t->indexes.items[j]->name),
                         t->indexes.items[j]);
        for (uint32_t j = 0; j < t->constraints.size; j++)
            S_conname_add(c, t->schema, t->constraints.items[j]->name, +1);
    }
    c->live_dirty = true;
}

/* Discards the snapshots from index i on (COMMIT, RELEASE). */
static void S_snaps_drop_from(dbl_catalog *c, uint32_t i)
{
    while (c->snaps.size > i)
        S_snap_free(&c->snaps.items[--c->snaps.size]);
}

static void S_transaction(dbl_catalog *c, const dbl_event *ev)
{
    const char *what = ev->name ? ev->name : "";
    if (strcmp(what, "begin") == 0) {
        if (c->snaps.size == 0)
            S_snap_take(c, NULL);
    } else if (strcmp(what, "commit") == 0) {
        S_snaps_drop_from(c, 0);
    } else if (strcmp(what, "rollback") == 0) {
        if (c->snaps.size) {
            S_snap_restore(c, &c->snaps.items[0]);
            S_snaps_drop_from(c, 0);
        }
    } else if (strcmp(what, "savepoint") == 0) {
        if (c->snaps.size)
            S_snap_take(c, ev->new_name);
    } else if (strcmp(what, "release") == 0 || strcmp(what, "rollback_to") == 0) {
        /* the latest savepoint of that name */
        uint32_t i = c->snaps.size;
        while (i > 1 && !(c->snaps.items[i - 1].name && ev->new_name &&
                          strcmp(c->snaps.items[i - 1].name, ev->new_name) == 0))
            i--;
        if (i <= 1)
            return;
        if (what[0] == 'r' && what[1] == 'e') {
            S_snaps_drop_from(c, i - 1);
        } else {
            S_snap_restore(c, &c->snaps.items[i - 1]);
            S_snaps_drop_from(c, i); /* the savepoint itself stays */
        }
    }
}

/* ---- applying events -------------------------------------------------- */

/* A column of t; on a table whose columns are unknown, one is made up. */
static dbl_column *S_column(dbl_catalog *c, dbl_table *t, const char *name)
{
    dbl_column *col = S_find_column(t, name);
    if (!col && t && t->opaque && name) {
        dbl_ev_column ec = {.name = dbl_arena_strdup(c->arena, name), .type = {.name = "unknown"}};
        col = S_add_column(c, t, &ec, t->loc);
    }
    return col;
}

static dbl_table *S_target_table(dbl_catalog *c, const dbl_event *ev)
{
    dbl_table *t = S_find_rel(c, ev->target.schema, ev->target.name);
    return t && !t->dropped ? t : NULL;
}

static void S_ensure_schema(dbl_catalog *c, const char *schema)
{
    if (schema && !S_schema_exists(c, schema))
        dbl_hmap_put(&c->schemas, dbl_arena_strdup(c->arena, schema), (void *)1);
}

static bool S_same_index_shape(const dbl_index *a, const dbl_index *b)
{
    if (a->keys.size != b->keys.size || a->include.size != b->include.size || a->unique != b->unique ||
        strcmp(a->method, b->method) != 0)
        return false;
    for (uint32_t i = 0; i < a->keys.size; i++) {
        const dbl_index_key *x = &a->keys.items[i], *y = &b->keys.items[i];
        if ((x->column == NULL) != (y->column == NULL))
            return false;
        if (x->column && strcmp(x->column->name, y->column->name) != 0)
            return false;
        if (x->expr && strcmp(x->expr, y->expr) != 0)
            return false;
    }
    if ((a->predicate == NULL) != (b->predicate == NULL))
        return false;
    return !a->predicate || strcmp(a->predicate, b->predicate) == 0;
}

/* Partition p joins parent t: inherits its indexes and foreign keys. */
static void S_attach_partition(dbl_catalog *c, dbl_table *t, dbl_table *p, dbl_loc loc)
{
    p->partition_parent = t;
    dbl_array_push(&t->partitions, p);
    for (uint32_t i = 0; i < t->indexes.size; i++) {
        dbl_index *x = t->indexes.items[i];
        dbl_index *match = NULL;
        for (uint32_t j = 0; j < p->indexes.size && !match; j++)
            if (!p->indexes.items[j]->parent && S_same_index_shape(p->indexes.items[j], x))
                match = p->indexes.items[j];
        if (match)
            match->parent = x;
        else
            S_clone_index_to_partition(c, x, p);
    }
    for (uint32_t i = 0; i < t->constraints.size; i++) {
        const dbl_constraint *k = t->constraints.items[i];
        if (k->kind != DBL_CON_FOREIGN)
            continue;
        dbl_ev_constraint ec = {.kind = DBL_CON_FOREIGN, .name = k->name,
                                .ref_table = {k->ref_schema, k->ref_name}};
        const char **cols = dbl_arena_alloc(c->arena, sizeof(char *) * (k->columns.size + 1));
        for (uint32_t j = 0; j < k->columns.size; j++)
            cols[j] = k->columns.items[j]->name;
        ec.columns = cols;
        ec.n_columns = k->columns.size;
        ec.ref_columns = (const char **)k->ref_columns.items;
        ec.n_ref_columns = k->ref_columns.size;
        dbl_constraint *ck = S_add_constraint(c, p, &ec, loc);
        if (ck)
            ck->inherited = true;
    }
}

static void S_copy_like(dbl_catalog *c, dbl_table *t, const dbl_ev_like *like, dbl_loc loc)
{
    dbl_table *src = S_find_rel(c, like->table.schema, like->table.name);
    if (!src)
        return;
    for (uint32_t i = 0; i < src->columns.size; i++) {
        dbl_column *col = S_copy_column(c, t, src->columns.items[i], false);
        col->loc = col->type_loc = col->null_loc = loc;
        col->identity = col->identity && false;
    }
    (void)like;
}

static void S_copy_like_indexes(dbl_catalog *c, dbl_table *t, const dbl_ev_like *like, dbl_loc loc)
{
    dbl_table *src = S_find_rel(c, like->table.schema, like->table.name);
    if (!src || !(like->options & DBL_LIKE_INDEXES))
        return;
    for (uint32_t i = 0; i < src->indexes.size; i++) {
        const dbl_index *sx = src->indexes.items[i];
        if (sx->constraint && sx->constraint->kind != DBL_CON_EXCLUDE) {
            dbl_ev_constraint ec = {.kind = sx->constraint->kind, .span = loc.span};
            const char **cols = dbl_arena_alloc(c->arena, sizeof(char *) * (sx->keys.size + 1));
            for (uint32_t j = 0; j < sx->keys.size; j++)
                cols[j] = sx->keys.items[j].column ? sx->keys.items[j].column->name : "";
            ec.columns = cols;
            ec.n_columns = sx->keys.size;
            S_add_constraint(c, t, &ec, loc);
            continue;
        }
        dbl_index *x = S_new_index(c, t, loc);
        x->method = sx->method;
        x->unique = sx->unique;
        x->predicate = sx->predicate;
        bool ok = true;
        for (uint32_t j = 0; j < sx->keys.size && ok; j++) {
            dbl_index_key k = sx->keys.items[j];
            if (k.column && !(k.column = S_find_column(t, k.column->name)))
                ok = false;
            dbl_array_push(&x->keys, k);
        }
        for (uint32_t j = 0; j < sx->include.size && ok; j++) {
            const dbl_column *col = S_find_column(t, sx->include.items[j]->name);
            if (col)
                dbl_array_push(&x->include, col);
        }
        if (!ok)
            continue;
        x->name = S_choose_index_name(c, t, x, 0);
        S_register_index(c, x);
    }
}

static void S_create_table(dbl_catalog *c, dbl_event *ev)
{
    const char *schema = S_target_schema(c, ev);
    if (!schema)
        return;
    if (S_find_rel(c, schema, ev->target.name) || S_find_index(c, schema, ev->target.name))
        return; /* exists: IF NOT EXISTS skips, otherwise PostgreSQL fails */
    if (S_user_type_exists(c, schema, ev->target.name))
        return; /* its row type would collide with a type of that name */
    /* LIKE a relation dbl does not model (a temporary one, or one defined elsewhere):
     * its columns are unknown */
    bool like_unseen = false, like_temp = false;
    for (uint32_t i = 0; i < ev->n_likes; i++)
        if (!S_find_rel(c, ev->likes[i].table.schema, ev->likes[i].table.name)) {
            like_unseen = true;
            like_temp |= S_is_temp(c, ev->likes[i].table.schema, ev->likes[i].table.name);
        }
    for (uint32_t i = 0; i < ev->n_likes && c->complete && !like_temp; i++)
        if (!S_find_rel(c, ev->likes[i].table.schema, ev->likes[i].table.name)) {
            S_unknown(c, ev->loc, "relation", ev->likes[i].table.schema, ev->likes[i].table.name, NULL);
            return;
        }
    dbl_table *parent = NULL;
    bool unknown_parent = false;
    if (ev->partition_of.name) {
        parent = S_find_rel(c, ev->partition_of.schema, ev->partition_of.name);
        if (!parent)
            S_unknown(c, ev->loc, "relation", ev->partition_of.schema, ev->partition_of.name, NULL);
        if ((!parent && c->complete) || (parent && parent->relkind != DBL_REL_PARTITIONED))
            return;
        unknown_parent = !parent; /* a partition of a table defined elsewhere */
    }
    dbl_table *t = S_new_table(c, schema, ev->target.name,
                               ev->partitioned ? DBL_REL_PARTITIONED : DBL_REL_TABLE, ev->loc);
    t->opaque = unknown_parent || like_unseen; /* its columns come from an unseen relation */
    ev->table_after = t;
    bool inherit_ok = true;
    if (parent)
        for (uint32_t i = 0; i < parent->columns.size; i++)
            S_copy_column(c, t, parent->columns.items[i], true);
    for (uint32_t i = 0; i < ev->n_inherits; i++) {
        dbl_table *p = S_find_rel(c, ev->inherits[i].schema, ev->inherits[i].name);
        if (!p || p == t) {
            /* an unseen parent is refused only when the inputs are the whole schema */
            if (!p)
                S_unknown(c, ev->loc, "relation", ev->inherits[i].schema, ev->inherits[i].name, NULL);
            if (p || c->complete)
                inherit_ok = false;
            continue;
        }
        dbl_array_push(&t->inherits, p);
        dbl_array_push(&p->inherit_children, t);
        for (uint32_t j = 0; j < p->columns.size; j++) {
            dbl_column *have = S_find_column(t, p->columns.items[j]->name);
            if (have)
                have->not_null |= p->columns.items[j]->not_null;
            else
                S_copy_column(c, t, p->columns.items[j], true);
        }
    }
    bool ok = inherit_ok;
    uint32_t li = 0;
    for (uint32_t i = 0; i <= ev->n_columns; i++) {
        while (li < ev->n_likes && ev->likes[li].position == i)
            S_copy_like(c, t, &ev->likes[li++], ev->loc);
        if (i == ev->n_columns)
            break;
        const dbl_ev_column *ec = &ev->columns[i];
        dbl_column *have = S_find_column(t, ec->name);
        if (have && !have->inherited) {
            ok = false; /* column specified more than once */
            break;
        }
        if (have) {
            /* merged with an inherited column: local options add to it */
            if (ec->not_null && !have->not_null) {
                have->not_null = true;
                have->null_loc = (dbl_loc){ev->loc.file, ec->span};
            }
            continue;
        }
        S_add_column(c, t, ec, ev->loc);
    }
    /* CHECK constraints are named first, then PRIMARY KEY, UNIQUE and EXCLUDE
     * indexes (the primary key first), then foreign keys: PostgreSQL's order. */
    for (uint32_t i = 0; i < ev->n_constraints && ok; i++)
        if (ev->constraints[i].kind == DBL_CON_CHECK)
            ok = S_add_constraint(c, t, &ev->constraints[i], ev->loc) != NULL;
    for (uint32_t i = 0; i < ev->n_constraints && ok; i++)
        if (ev->constraints[i].kind == DBL_CON_PRIMARY)
            ok = S_add_constraint(c, t, &ev->constraints[i], ev->loc) != NULL;
    for (uint32_t i = 0; i < ev->n_constraints; i++) {
        const dbl_ev_constraint *ec = &ev->constraints[i];
        if (ec->kind != DBL_CON_UNIQUE && ec->kind != DBL_CON_EXCLUDE)
            continue;
        /* a UNIQUE constraint identical to an earlier one (or the primary key) is folded into it */
        bool dup = false;
        for (uint32_t j = 0; j < t->constraints.size && !dup && ec->kind == DBL_CON_UNIQUE; j++) {
            const dbl_constraint *o = t->constraints.items[j];
            if ((o->kind != DBL_CON_PRIMARY && o->kind != DBL_CON_UNIQUE) || o->columns.size != ec->n_columns ||
                ec->n_include || (o->index && o->index->include.size))
                continue;
            dup = true;
            for (uint32_t k = 0; k < ec->n_columns && dup; k++)
                dup = strcmp(o->columns.items[k]->name, ec->columns[k]) == 0;
        }
        if (!dup && ok)
            ok = S_add_constraint(c, t, ec, ev->loc) != NULL;
    }
    for (uint32_t i = 0; i < ev->n_likes; i++)
        S_copy_like_indexes(c, t, &ev->likes[i], ev->loc);
    if (parent && ok)
        S_attach_partition(c, parent, t, ev->loc);
    for (uint32_t i = 0; i < ev->n_constraints && ok; i++)
        if (ev->constraints[i].kind == DBL_CON_FOREIGN)
            ok = S_add_constraint(c, t, &ev->constraints[i], ev->loc) != NULL;
    if (!ok) {
        /* PostgreSQL rejects the whole statement: nothing of it stays */
        S_drop_table(c, t);
        ev->table_after = NULL;
    }
}

static void S_set_not_null(dbl_table *t, dbl_column *col, bool on, dbl_loc loc)
{
    if (col->not_null != on)
        col->null_loc = loc;
    col->not_null = on;
    for (uint32_t i = 0; i < S_n_kids(t); i++) {
        dbl_column *pc = S_find_column(S_kid(t, i), col->name);
        if (pc)
            S_set_not_null(S_kid(t, i), pc, on, loc);
    }
}

static void S_rename_column(dbl_catalog *c, dbl_table *t, dbl_column *col, const char *to)
{
    const char *from = col->name;
    to = S_dup(c, to);
    for (uint32_t i = 0; i < t->indexes.size; i++) {
        dbl_index *x = t->indexes.items[i];
        for (uint32_t k = 0; k < x->keys.size; k++)
            x->keys.items[k].expr = S_expr_rename(c, x->keys.items[k].expr, from, to);
        x->predicate = S_expr_rename(c, x->predicate, from, to);
    }
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *o = c->all_tables.items[i];
        if (o->dropped)
            continue;
        for (uint32_t j = 0; j < o->constraints.size; j++) {
            dbl_constraint *k = o->constraints.items[j];
            if (k->kind == DBL_CON_FOREIGN && k->ref_table == t)
                for (uint32_t r = 0; r < k->ref_columns.size; r++)
                    if (strcmp(k->ref_columns.items[r], from) == 0)
                        k->ref_columns.items[r] = to;
        }
    }
    col->name = to;
    for (uint32_t i = 0; i < S_n_kids(t); i++) {
        dbl_column *pc = S_find_column(S_kid(t, i), from);
        if (pc)
            S_rename_column(c, S_kid(t, i), pc, to);
    }
}

static void S_move_table(dbl_catalog *c, dbl_table *t, const char *schema, const char *name)
{
    schema = S_dup(c, schema);
    name = S_dup(c, name);
    dbl_hmap_del(&c->relations, S_key(c, t->schema, t->name));
    if (strcmp(schema, t->schema) != 0) {
        for (uint32_t i = 0; i < t->indexes.size; i++) {
            dbl_index *x = t->indexes.items[i];
            dbl_hmap_del(&c->indexes, S_key(c, x->schema, x->name));
            x->schema = schema;
            dbl_hmap_put(&c->indexes, S_key(c, x->schema, x->name), x);
        }
        for (uint32_t i = 0; i < t->constraints.size; i++) {
            S_conname_add(c, t->schema, t->constraints.items[i]->name, -1);
            S_conname_add(c, schema, t->constraints.items[i]->name, +1);
        }
    }
    t->schema = schema;
    t->name = name;
    dbl_hmap_put(&c->relations, S_key(c, t->schema, t->name), t);
    /* foreign keys reference the table itself, not its name */
    for (uint32_t i = 0; i < c->all_constraints.size; i++) {
        dbl_constraint *k = c->all_constraints.items[i];
        if (k->kind == DBL_CON_FOREIGN && k->ref_table == t) {
            k->ref_schema = schema;
            k->ref_name = name;
        }
    }
}

static void S_rename_index(dbl_catalog *c, dbl_index *x, const char *to)
{
    to = S_dup(c, to);
    dbl_hmap_del(&c->indexes, S_key(c, x->schema, x->name));
    if (x->constraint && !x->constraint->dropped) {
        dbl_constraint *k = (dbl_constraint *)x->constraint;
        S_conname_add(c, x->schema, k->name, -1);
        k->name = to;
        S_conname_add(c, x->schema, k->name, +1);
    }
    x->name = to;
    dbl_hmap_put(&c->indexes, S_key(c, x->schema, x->name), x);
}

static void S_update_parent_validity(dbl_index *parent)
{
    const dbl_table *t = parent->table;
    for (uint32_t i = 0; i < t->partitions.size; i++) {
        const dbl_table *p = t->partitions.items[i];
        bool found = false;
        for (uint32_t j = 0; j < p->indexes.size && !found; j++)
            found = p->indexes.items[j]->parent == parent && p->indexes.items[j]->valid;
        if (!found)
            return;
    }
    parent->valid = true;
    if (parent->parent)
        S_update_parent_validity(parent->parent);
}

/* The word PostgreSQL's DROP uses for a missing object of that kind. */
static const char *S_relkind_word(dbl_relkind k)
{
    switch (k) {
    case DBL_REL_TABLE: return "table";
    case DBL_REL_VIEW: return "view";
    case DBL_REL_MATVIEW: return "materialized view";
    case DBL_REL_SEQUENCE: return "sequence";
    case DBL_REL_FOREIGN: return "foreign table";
    case DBL_REL_INDEX: return "index";
    default: return "relation";
    }
}

static void S_drop_relation(dbl_catalog *c, dbl_event *ev)
{
    if (ev->relkind == DBL_REL_INDEX) {
        dbl_index *x = S_find_index(c, ev->target.schema, ev->target.name);
        if (!x && !ev->if_exists)
            S_unknown(c, ev->loc, "index", ev->target.schema, ev->target.name, NULL);
        if (!x || (x->constraint && !ev->cascade) || x->parent)
            return; /* a constraint's index needs DROP CONSTRAINT */
        if (!ev->cascade && S_index_has_dependent_fks(c, x))
            return; /* PostgreSQL refuses: foreign keys depend on it */
        if (ev->concurrently && x->table->relkind == DBL_REL_PARTITIONED)
            return; /* cannot drop partitioned index concurrently */
        S_drop_index(c, x);
        return;
    }
    /* DROP TABLE a, b drops them together: what depends on one may be the other */
    if (c->drop_loc.file != ev->loc.file || c->drop_loc.span.start != ev->loc.span.start ||
        c->drop_loc.span.end != ev->loc.span.end || !c->drop_set.size) {
        dbl_array_clear(&c->drop_set);
        for (uint32_t i = 0; i < ev->n_objects; i++) {
            dbl_table *o = S_find_rel(c, ev->objects[i].schema, ev->objects[i].name);
            if (o && !o->dropped)
                dbl_array_push(&c->drop_set, o);
        }
        c->drop_loc = ev->loc;
    }
    dbl_table *t = S_target_table(c, ev);
    if (!t) {
        /* already dropped along with another object of the statement (a partition) */
        for (uint32_t i = 0; i < c->drop_set.size; i++) {
            const dbl_table *o = c->drop_set.items[i];
            if (o->dropped && strcmp(o->name, ev->target.name) == 0 &&
                (!ev->target.schema || strcmp(o->schema, ev->target.schema) == 0))
                return;
        }
        /* sequences are left out: dbl does not model those serial columns create */
        if (!ev->if_exists && ev->relkind != DBL_REL_SEQUENCE)
            S_unknown(c, ev->loc, S_relkind_word(ev->relkind), ev->target.schema, ev->target.name, NULL);
        return;
    }
    bool children = false;
    for (uint32_t i = 0; i < t->inherit_children.size && !children; i++)
        children = !S_in_drop_set(t->inherit_children.items[i], c);
    if (!ev->cascade && (S_has_referencing_fks(c, t) || children))
        return; /* PostgreSQL refuses: other objects depend on it */
    S_drop_table(c, t);
}

/* Run-time SQL of a DO block may have dropped or renamed indexes named in it:
 * they are forgotten (dropped where PostgreSQL would allow a plain DROP INDEX),
 * so that no stale index is left to produce findings. */
static void S_forget_indexes(dbl_catalog *c, const dbl_event *ev)
{
    for (uint32_t i = 0; i < ev->n_names; i++)
        for (uint32_t j = 0; j < c->all_indexes.size; j++) {
            dbl_index *x = c->all_indexes.items[j];
            if (!x->dropped && !x->table->dropped && x->name && strcmp(x->name, ev->names[i]) == 0 &&
                !x->constraint && !x->parent && !S_index_has_dependent_fks(c, x))
                S_drop_index(c, x);
        }
}

char dbl_catalog_type_kind(const dbl_catalog *c, const char *schema, const char *name)
{
    char buf[600];
    if (!schema || !name || strlen(schema) >= 256 || strlen(name) >= 256)
        return 0;
    uintptr_t v = (uintptr_t)dbl_hmap_get(&c->types, TMPKEY(buf, schema, name));
    return v == 'e' || v == 'r' || v == 'c' ? (char)v : 0;
}

static dbl_constraint *S_find_constraint(const dbl_table *t, const char *name)
{
    for (uint32_t i = 0; i < t->constraints.size; i++)
        if (strcmp(t->constraints.items[i]->name, name) == 0)
            return t->constraints.items[i];
    return NULL;
}

/* True if a is t or one of t's ancestors (partition parents and INHERITS parents). */
static bool S_is_ancestor(const dbl_table *a, const dbl_table *t)
{
    if (a == t)
        return true;
    if (t->partition_parent && S_is_ancestor(a, t->partition_parent))
        return true;
    for (uint32_t i = 0; i < t->inherits.size; i++)
        if (S_is_ancestor(a, t->inherits.items[i]))
            return true;
    return false;
}

/* ADD COLUMN on a parent: appended to its children (merged where they have it). */
static void S_add_column_to_kids(dbl_catalog *c, dbl_table *t, const dbl_column *col)
{
    for (uint32_t i = 0; i < S_n_kids(t); i++) {
        dbl_table *k = S_kid(t, i);
        dbl_column *have = S_find_column(k, col->name);
        if (have) {
            have->not_null |= col->not_null;
            continue;
        }
        S_copy_column(c, k, col, true);
        S_add_column_to_kids(c, k, col);
    }
}

/* ALTER COLUMN TYPE on a parent: the children's column changes too. */
static void S_retype_kids(dbl_table *t, const dbl_column *col)
{
    for (uint32_t i = 0; i < S_n_kids(t); i++) {
        dbl_column *pc = S_find_column(S_kid(t, i), col->name);
        if (pc) {
            pc->type = col->type;
            pc->type_loc = col->type_loc;
            S_retype_kids(S_kid(t, i), pc);
        }
    }
}

static void S_apply_table_event(dbl_catalog *c, dbl_event *ev, dbl_table *t)
{
    dbl_column *col = ev->name ? S_find_column(t, ev->name) : NULL;
    switch (ev->kind) {
    case DBL_EV_DROP_COLUMN:
    case DBL_EV_RENAME_COLUMN:
    case DBL_EV_ALTER_COLUMN_TYPE:
    case DBL_EV_SET_NOT_NULL:
    case DBL_EV_DROP_NOT_NULL:
        if (c->complete && !col && !t->opaque && !ev->missing_ok_target)
            S_unknown(c, ev->loc, "column", NULL, ev->name, t);
        break;
    case DBL_EV_DROP_CONSTRAINT:
    case DBL_EV_RENAME_CONSTRAINT:
    case DBL_EV_VALIDATE_CONSTRAINT:
        if (c->complete && ev->name && !ev->missing_ok_target && !S_find_constraint(t, ev->name))
            S_unknown(c, ev->loc, "constraint", NULL, ev->name, t);
        break;
    default:
        break;
    }
    switch (ev->kind) {
    case DBL_EV_ADD_COLUMN:
        for (uint32_t i = 0; i < ev->n_columns; i++) {
            if (S_find_column(t, ev->columns[i].name))
                return;
            ev->column_after = S_add_column(c, t, &ev->columns[i], ev->loc);
            S_add_column_to_kids(c, t, ev->column_after);
        }
        for (uint32_t i = 0; i < ev->n_constraints; i++)
            S_add_constraint(c, t, &ev->constraints[i], ev->loc);
        break;
    case DBL_EV_DROP_COLUMN:
        if (!col || col->inherited)
            break;
        for (uint32_t i = 0; i < t->indexes.size && !ev->cascade; i++)
            if (S_index_uses_column(t->indexes.items[i], col) && S_index_has_dependent_fks(c, t->indexes.items[i]))
                return; /* PostgreSQL refuses: foreign keys depend on it */
        S_drop_column(c, t, col, ev->cascade);
        break;
    case DBL_EV_RENAME_COLUMN:
        if (col && !S_find_column(t, ev->new_name))
            S_rename_column(c, t, col, ev->new_name);
        break;
    case DBL_EV_ALTER_COLUMN_TYPE:
        if (!col)
            break;
        ev->old_type = col->type.text;
        ev->old_typeinfo = dbl_arena_alloc(c->arena, sizeof(dbl_typeinfo));
        *(dbl_typeinfo *)ev->old_typeinfo = col->type;
        col->type = S_resolve_type(c, &ev->type);
        col->collation = S_dup(c, ev->collation); /* the type's default unless COLLATE is given */
        col->type_loc = ev->loc;
        /* point at the new type within the statement */
        if (ev->type.span.start > ev->loc.span.start && ev->type.span.start < ev->loc.span.end)
            col->type_loc.span.start = ev->type.span.start;
        ev->column_after = col;
        S_retype_kids(t, col);
        break;
    case DBL_EV_SET_NOT_NULL:
    case DBL_EV_DROP_NOT_NULL:
        if (!col)
            break;
        if (ev->kind == DBL_EV_DROP_NOT_NULL) {
            for (uint32_t i = 0; i < t->constraints.size; i++) {
                const dbl_constraint *k = t->constraints.items[i];
                for (uint32_t j = 0; k->kind == DBL_CON_PRIMARY && j < k->columns.size; j++)
                    if (k->columns.items[j] == col)
                        return; /* a primary key column stays NOT NULL */
            }
        }
        S_set_not_null(t, col, ev->kind == DBL_EV_SET_NOT_NULL, ev->loc);
        ev->column_after = col;
        break;
    case DBL_EV_ADD_CONSTRAINT:
        for (uint32_t i = 0; i < ev->n_constraints; i++) {
            const dbl_ev_constraint *ec = &ev->constraints[i];
            if (ec->name && S_find_constraint(t, ec->name))
                continue;
            S_add_constraint(c, t, ec, ev->loc);
        }
        break;
    case DBL_EV_DROP_CONSTRAINT: {
        dbl_constraint *k = S_find_constraint(t, ev->name);
        if (k && k->index && !ev->cascade && S_index_has_dependent_fks(c, k->index))
            break; /* PostgreSQL refuses: foreign keys depend on its index */
        if (k && !k->inherited) {
            S_remove_constraint(c, t, k);
            for (uint32_t p = 0; p < t->partitions.size; p++) {
                dbl_constraint *pk = S_find_constraint(t->partitions.items[p], ev->name);
                if (pk && pk->inherited && pk->kind == DBL_CON_FOREIGN)
                    S_remove_constraint(c, t->partitions.items[p], pk);
            }
        }
        break;
    }
    case DBL_EV_RENAME_CONSTRAINT: {
        dbl_constraint *k = S_find_constraint(t, ev->name);
        if (!k || S_find_constraint(t, ev->new_name))
            break;
        if (k->index)
            S_rename_index(c, k->index, ev->new_name);
        else {
            S_conname_add(c, t->schema, k->name, -1);
            k->name = S_dup(c, ev->new_name);
            S_conname_add(c, t->schema, k->name, +1);
        }
        break;
    }
    case DBL_EV_VALIDATE_CONSTRAINT: {
        dbl_constraint *k = S_find_constraint(t, ev->name);
        if (k)
            k->not_valid = false;
        break;
    }
    case DBL_EV_ATTACH_PARTITION: {
        dbl_table *p = S_find_rel(c, ev->partition_of.schema, ev->partition_of.name);
        if (p && !p->partition_parent && t->relkind == DBL_REL_PARTITIONED && !S_is_ancestor(p, t))
            S_attach_partition(c, t, p, ev->loc);
        break;
    }
    case DBL_EV_DETACH_PARTITION: {
        dbl_table *p = S_find_rel(c, ev->partition_of.schema, ev->partition_of.name);
        if (!p || p->partition_parent != t)
            break;
        for (uint32_t i = 0; i < t->partitions.size; i++)
            if (t->partitions.items[i] == p) {
                memmove(&t->partitions.items[i], &t->partitions.items[i + 1],
                        sizeof(p) * (t->partitions.size - i - 1));
                t->partitions.size--;
                break;
            }
        p->partition_parent = NULL;
        for (uint32_t i = 0; i < p->indexes.size; i++)
            p->indexes.items[i]->parent = NULL;
        for (uint32_t i = 0; i < p->columns.size; i++)
            p->columns.items[i]->inherited = false;
        for (uint32_t i = 0; i < p->constraints.size; i++)
            p->constraints.items[i]->inherited = false;
        break;
    }
    case DBL_EV_INHERIT: {
        dbl_table *p = S_find_rel(c, ev->partition_of.schema, ev->partition_of.name);
        if (p && !S_is_ancestor(t, p)) { /* circular inheritance is refused */
            dbl_array_push(&t->inherits, p);
            dbl_array_push(&p->inherit_children, t);
        }
        break;
    }
    case DBL_EV_NO_INHERIT: {
        dbl_table *p = S_find_rel(c, ev->partition_of.schema, ev->partition_of.name);
        if (!p)
            break;
        S_table_list_remove(&t->inherits, p);
        S_table_list_remove(&p->inherit_children, t);
        break;
    }
    default:
        break;
    }
}

static void S_create_index(dbl_catalog *c, dbl_event *ev)
{
    dbl_table *t = S_target_table(c, ev);
    if (!t)
        S_unknown(c, ev->loc, "relation", ev->target.schema, ev->target.name, NULL);
    if (!t || t->relkind == DBL_REL_VIEW || t->relkind == DBL_REL_SEQUENCE)
        return;
    if (ev->name && dbl_catalog_relation_exists(c, t->schema, ev->name))
        return; /* IF NOT EXISTS skips; without it PostgreSQL fails */
    dbl_index *x = S_new_index(c, t, ev->loc);
    x->method = ev->method ? S_dup(c, ev->method) : "btree";
    x->unique = ev->unique;
    x->nulls_not_distinct = ev->nulls_not_distinct;
    x->predicate = dbl_catalog_render_expr(c, t, S_dup(c, ev->predicate));
    if (t->opaque) {
        for (uint32_t i = 0; i < ev->n_elems; i++)
            S_column(c, t, ev->elems[i].column);
        for (uint32_t i = 0; i < ev->n_include; i++)
            S_column(c, t, ev->include[i]);
    }
    if (!S_index_keys(c, x, t, ev->elems, ev->n_elems, ev->include, ev->n_include))
        return;
    x->name = ev->name ? S_dup(c, ev->name) : S_choose_index_name(c, t, x, 0);
    S_register_index(c, x);
    S_index_done(c, x, ev->only);
}

/* SELECT * / t.* of a CREATE TABLE AS: the columns of the FROM relations, in
 * order. False if one of them is unknown (its columns cannot be listed). */
static bool S_expand_star(dbl_catalog *c, dbl_table *t, const dbl_event *ev, const dbl_ev_column *ec)
{
    bool any = false;
    for (uint32_t i = 0; i < ev->n_sources; i++) {
        if (ec->src_rel && strcmp(ec->src_rel, ev->source_names[i]) != 0)
            continue;
        const dbl_table *st = S_find_rel(c, ev->sources[i].schema, ev->sources[i].name);
        if (!st || st->opaque)
            return false;
        any = true;
        for (uint32_t j = 0; j < st->columns.size; j++) {
            const dbl_column *sc = st->columns.items[j];
            if (S_find_column(t, sc->name))
                return false; /* PostgreSQL: column specified more than once */
            dbl_ev_column e = {.name = sc->name, .type = {.name = "unknown"}, .span = ec->span};
            dbl_column *col = S_add_column(c, t, &e, ev->loc);
            col->type = sc->type;
            if (t->view_base == st)
                col->base_column = sc->name;
            col->not_null = false;
        }
    }
    return any;
}

/* The column of a CREATE TABLE AS query's FROM relations a select-list column copies. */
static const dbl_column *S_source_column(const dbl_catalog *c, const dbl_event *ev, const dbl_ev_column *ec)
{
    if (!ec->src_col)
        return NULL;
    for (uint32_t i = 0; i < ev->n_sources; i++) {
        if (ec->src_rel && strcmp(ec->src_rel, ev->source_names[i]) != 0)
            continue;
        const dbl_table *st = S_find_rel(c, ev->sources[i].schema, ev->sources[i].name);
        const dbl_column *col = st ? S_find_column(st, ec->src_col) : NULL;
        if (col)
            return col;
    }
    return NULL;
}

/* ---- ALTER TYPE / DROP TYPE ------------------------------------------ */

/* True if a column or domain of type t names the type schema.name (schema NULL:
 * a type the inputs never define, written unqualified). A column whose type was
 * written unqualified and never defined (t->schema NULL) matches any schema. */
static bool S_typeinfo_is(const dbl_typeinfo *t, const char *schema, const char *name)
{
    return t->user && strcmp(t->name, name) == 0 && (!t->schema || (schema && strcmp(t->schema, schema) == 0));
}

/* The schema of the user-defined type or domain a name finds (in the given
 * schema, or along the search_path), or NULL. */
static const char *S_find_type_schema(const dbl_catalog *c, const dbl_qname *q)
{
    char buf[600];
    if (!q->name || strlen(q->name) > 256 || (q->schema && strlen(q->schema) > 256))
        return NULL;
    for (uint32_t i = 0; i < (q->schema ? 1 : c->path.size); i++) {
        const char *s = q->schema ? q->schema : c->path.items[i];
        const char *k = TMPKEY(buf, s, q->name);
        if (dbl_hmap_get(&c->types, k) || dbl_hmap_get(&c->domains, k))
            return s;
    }
    return NULL;
}

/* expr with every cast "::from" (outside literals and quoted names) spelled
 * "::to". Returns an arena-owned string, or expr itself when it has none. */
static const char *S_expr_retype(dbl_catalog *c, const char *expr, const char *from, const char *to)
{
    if (!expr || !strstr(expr, from))
        return expr;
    dbl_buf b = {0};
    size_t n = strlen(expr), fl = strlen(from);
    bool changed = false;
    for (size_t i = 0; i < n;) {
        char ch = expr[i];
        if (ch == ':' && expr[i + 1] == ':' && strncmp(expr + i + 2, from, fl) == 0 &&
            !S_is_ident_char(expr[i + 2 + fl]) && expr[i + 2 + fl] != '.' && expr[i + 2 + fl] != '"') {
            dbl_buf_printf(&b, "::%s", to);
            i += 2 + fl;
            changed = true;
        } else if (ch == '\'' || ch == '"') {
            size_t j = i + 1;
            while (j < n && !(expr[j] == ch && expr[j + 1] != ch))
                j += expr[j] == ch ? 2 : 1;
            j = j < n ? j + 1 : n;
            dbl_buf_append(&b, expr + i, j - i);
            i = j;
        } else {
            dbl_buf_putc(&b, ch);
            i++;
        }
    }
    const char *r = changed ? dbl_arena_strdup(c->arena, dbl_buf_str(&b)) : expr;
    dbl_buf_free(&b);
    return r;
}

/* Every column (also of composite types) and domain of type schema.name now
 * names to_schema.to_name: PostgreSQL's columns refer to the type, not its name.
 * Index expressions and predicates cast to the type follow too. */
static void S_retarget_type(dbl_catalog *c, const char *schema, const char *name, const char *to_schema,
                            const char *to_name)
{
    to_schema = to_schema ? S_dup(c, to_schema) : NULL;
    to_name = S_dup(c, to_name);
    dbl_typeinfo from = {.schema = schema, .name = name, .user = true};
    dbl_typeinfo to = {.schema = to_schema, .name = to_name, .user = true};
    const char *from_text = S_user_type_text(c, &from);
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *t = c->all_tables.items[i];
        for (uint32_t j = 0; j < t->columns.size && !t->dropped; j++) {
            dbl_typeinfo *ty = &t->columns.items[j]->type;
            if (!S_typeinfo_is(ty, schema, name))
                continue;
            ty->schema = to_schema;
            ty->name = to_name;
            ty->text = S_user_type_text(c, ty);
        }
    }
    for (uint32_t i = 0; i < c->all_domains.size; i++) {
        dbl_typeinfo *ty = &c->all_domains.items[i]->base;
        if (S_typeinfo_is(ty, schema, name)) {
            ty->schema = to_schema;
            ty->name = to_name;
            ty->text = S_user_type_text(c, ty);
        }
    }
    const char *to_text = S_user_type_text(c, &to);
    for (uint32_t i = 0; i < c->all_indexes.size; i++) {
        dbl_index *x = c->all_indexes.items[i];
        if (x->dropped)
            continue;
        x->predicate = S_expr_retype(c, x->predicate, from_text, to_text);
        for (uint32_t k = 0; k < x->keys.size; k++)
            x->keys.items[k].expr = S_expr_retype(c, x->keys.items[k].expr, from_text, to_text);
    }
}

/* ALTER TYPE / DOMAIN ... RENAME TO (new_name) or SET SCHEMA (name). */
static void S_alter_type(dbl_catalog *c, const dbl_event *ev)
{
    const char *schema = S_find_type_schema(c, &ev->target);
    const char *to_schema = ev->name ? ev->name : schema;
    const char *to_name = ev->new_name ? ev->new_name : ev->target.name;
    if (!schema) {
        if (c->complete) {
            if (!ev->if_exists)
                S_unknown(c, ev->loc, "type", ev->target.schema, ev->target.name, NULL);
            return;
        }
        /* defined elsewhere: the columns that name it follow */
        S_retarget_type(c, ev->target.schema, ev->target.name, ev->name ? ev->name : ev->target.schema, to_name);
        return;
    }
    if (!S_schema_exists(c, to_schema)) {
        if (c->complete) {
            S_unknown(c, ev->loc, "schema", NULL, to_schema, NULL);
            return;
        }
        S_ensure_schema(c, to_schema);
    }
    if (S_schema_has_type(c, to_schema, to_name))
        return; /* type already exists (or it is a no-op) */
    char buf[600];
    const char *k = TMPKEY(buf, schema, ev->target.name);
    dbl_domain *d = dbl_hmap_get(&c->domains, k);
    if (d) {
        dbl_hmap_del(&c->domains, k);
        d->schema = S_dup(c, to_schema);
        d->name = S_dup(c, to_name);
        dbl_hmap_put(&c->domains, S_key(c, d->schema, d->name), d);
    } else {
        void *kind = dbl_hmap_del(&c->types, k); /* the type keeps its kind */
        dbl_hmap_put(&c->types, S_key(c, to_schema, to_name), kind ? kind : (void *)1);
        dbl_table *ct = dbl_hmap_get(&c->relations, k);
        if (ct && ct->relkind == DBL_REL_COMPOSITE)
            S_move_table(c, ct, to_schema, to_name);
    }
    S_retarget_type(c, S_dup(c, schema), ev->target.name, to_schema, to_name);
}

static bool S_drop_type_named(dbl_catalog *c, const char *schema, const char *name, bool cascade);

/* CREATE EXTENSION: the column types well-known extensions install in their
 * schema (WITH SCHEMA, else the first schema of the search_path), so that a
 * column's type is found, and spelled, where the extension put it. */
static void S_create_extension(dbl_catalog *c, const dbl_event *ev)
{
    static const struct { const char *ext, *types[9]; } known[] = {
        {"postgis", {"geometry", "geography", "box2d", "box3d"}},
        {"postgis_raster", {"raster"}},
        {"citext", {"citext"}},
        {"hstore", {"hstore"}},
        {"ltree", {"ltree", "lquery", "ltxtquery"}},
        {"vector", {"vector", "halfvec", "sparsevec"}},
        {"cube", {"cube"}},
        {"seg", {"seg"}},
        {"isn", {"ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc"}},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!ev->name || strcmp(ev->name, known[i].ext) != 0)
            continue;
        const char *schema = S_target_schema(c, ev);
        if (!schema)
            return;
        for (size_t k = 0; k < sizeof known[i].types / sizeof known[i].types[0] && known[i].types[k]; k++) {
            bool elsewhere = false; /* already installed (IF NOT EXISTS) */
            for (uint32_t j = 0; j < c->path.size && !elsewhere; j++)
                elsewhere = S_user_type_exists(c, c->path.items[j], known[i].types[k]);
            if (!elsewhere && !S_user_type_exists(c, schema, known[i].types[k]))
                dbl_hmap_put(&c->types, S_key(c, schema, known[i].types[k]), (void *)1);
        }
    }
}

/* DROP TYPE / DOMAIN: refused while a column or domain uses the type, unless
 * CASCADE, which drops those columns and domains too. */
static void S_drop_type(dbl_catalog *c, const dbl_event *ev)
{
    const char *schema = S_find_type_schema(c, &ev->target);
    if (!schema) {
        if (!ev->if_exists)
            S_unknown(c, ev->loc, "type", ev->target.schema, ev->target.name, NULL);
        return;
    }
    S_drop_type_named(c, S_dup(c, schema), S_dup(c, ev->target.name), ev->cascade);
}

static bool S_drop_type_named(dbl_catalog *c, const char *schema, const char *name, bool cascade)
{
    bool used = false;
    for (uint32_t i = 0; i < c->all_tables.size && !used; i++) {
        const dbl_table *t = c->all_tables.items[i];
        for (uint32_t j = 0; j < t->columns.size && !t->dropped && !used; j++)
            used = t->columns.items[j]->type.schema && S_typeinfo_is(&t->columns.items[j]->type, schema, name);
    }
    for (uint32_t i = 0; i < c->all_domains.size && !used; i++) {
        const dbl_domain *d = c->all_domains.items[i];
        used = d->base.schema && S_typeinfo_is(&d->base, schema, name) &&
               dbl_hmap_get(&c->domains, S_key(c, d->schema, d->name)) == d;
    }
    if (used && !cascade)
        return false; /* other objects depend on it */
    char buf[600];
    const char *k = TMPKEY(buf, schema, name);
    dbl_hmap_del(&c->types, k);
    dbl_hmap_del(&c->domains, k);
    dbl_table *ct = dbl_hmap_get(&c->relations, k);
    if (ct && ct->relkind == DBL_REL_COMPOSITE)
        S_drop_table(c, ct);
    if (!used)
        return true;
    for (uint32_t i = 0; i < c->all_domains.size; i++) {
        dbl_domain *d = c->all_domains.items[i];
        if (d->base.schema && S_typeinfo_is(&d->base, schema, name) &&
            dbl_hmap_get(&c->domains, S_key(c, d->schema, d->name)) == d)
            S_drop_type_named(c, d->schema, d->name, true);
    }
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *t = c->all_tables.items[i];
        for (uint32_t j = t->columns.size; j-- > 0 && !t->dropped;) {
            dbl_column *col = t->columns.items[j];
            if (j < t->columns.size && col->type.schema && S_typeinfo_is(&col->type, schema, name) && !col->inherited)
                S_drop_column(c, t, col, true);
        }
    }
    return true;
}

void dbl_catalog_finish(dbl_catalog *c)
{
    if (!c->n_user_typed)
        return;
    for (uint32_t i = 0; i < c->all_tables.size; i++) {
        dbl_table *t = c->all_tables.items[i];
        for (uint32_t j = 0; j < t->columns.size && !t->dropped; j++) {
            dbl_typeinfo *ty = &t->columns.items[j]->type;
            if (ty->user)
                ty->text = S_user_type_text(c, ty);
        }
    }
}

/* An event on one of the session's temporary relations (an unqualified name
 * finds it first: pg_temp leads the search_path), which dbl keeps by name only.
 * Returns false if ev is about something else. */
static bool S_temp_event(dbl_catalog *c, const dbl_event *ev)
{
    switch (ev->kind) {
    case DBL_EV_CREATE_SCHEMA:
    case DBL_EV_DROP_SCHEMA:
    case DBL_EV_SET_SEARCH_PATH:
    case DBL_EV_CREATE_TABLE:
    case DBL_EV_CREATE_RELATION:
    case DBL_EV_CREATE_DOMAIN:
    case DBL_EV_DOMAIN_NOT_NULL:
    case DBL_EV_CREATE_TYPE:
    case DBL_EV_DROP_TYPE:
    case DBL_EV_RENAME_TYPE:
    case DBL_EV_CREATE_EXTENSION:
    case DBL_EV_TRANSACTION:
        return false;
    default:
        break;
    }
    if (!ev->target.name || !S_is_temp(c, ev->target.schema, ev->target.name))
        return false;
    for (uint32_t i = 0; i < c->temps.size; i++) {
        if (strcmp(c->temps.items[i], ev->target.name) != 0)
            continue;
        if (ev->kind == DBL_EV_RENAME_RELATION && ev->new_name)
            c->temps.items[i] = S_dup(c, ev->new_name);
        else if (ev->kind == DBL_EV_DROP_RELATION)
            c->temps.items[i] = c->temps.items[--c->temps.size];
        break;
    }
    if (ev->kind == DBL_EV_CREATE_INDEX && ev->name) /* an index on a temporary table is temporary */
        dbl_array_push(&c->temps, S_dup(c, ev->name));
    return true;
}

void dbl_catalog_apply(dbl_catalog *c, dbl_event *ev)
{
    if (c->temps.size && S_temp_event(c, ev))
        return;
    switch (ev->kind) {
    case DBL_EV_CREATE_SCHEMA:
        S_ensure_schema(c, ev->name);
        break;
    case DBL_EV_DROP_SCHEMA: {
        if (ev->name && !S_schema_exists(c, ev->name) && !ev->if_exists)
            S_unknown(c, ev->loc, "schema", NULL, ev->name, NULL);
        if (!ev->name || !S_schema_exists(c, ev->name))
            break;
        bool has = false;
        for (uint32_t i = 0; i < c->all_tables.size && !has; i++)
            has = !c->all_tables.items[i]->dropped && strcmp(c->all_tables.items[i]->schema, ev->name) == 0;
        if (has && !ev->cascade)
            break;
        for (uint32_t i = 0; i < c->all_tables.size; i++)
            if (!c->all_tables.items[i]->dropped && strcmp(c->all_tables.items[i]->schema, ev->name) == 0)
                S_drop_table(c, c->all_tables.items[i]);
        dbl_hmap_del(&c->schemas, ev->name);
        break;
    }
    case DBL_EV_SET_SEARCH_PATH:
        dbl_array_clear(&c->path);
        if (!ev->names) {
            S_reset_path(c);
            break;
        }
        for (uint32_t i = 0; i < ev->n_names; i++) {
            const char *s = S_dup(c, ev->names[i]);
            dbl_array_push(&c->path, s);
            /* partial mode: a file that sets a schema on its path means to run where it
             * exists (made by the migration tool or by a file not among the inputs) */
            if (!c->complete && *s && strncmp(s, "pg_temp", 7) != 0)
                S_ensure_schema(c, s);
        }
        break;
    case DBL_EV_CREATE_TABLE:
        S_create_table(c, ev);
        break;
    case DBL_EV_CREATE_RELATION: {
        if (ev->temp) {
            dbl_array_push(&c->temps, S_dup(c, ev->target.name));
            break;
        }
        /* a view over a temporary relation is temporary too */
        for (uint32_t i = 0; i < ev->n_requires; i++)
            if (!S_find_rel(c, ev->requires[i].schema, ev->requires[i].name) &&
                S_is_temp(c, ev->requires[i].schema, ev->requires[i].name)) {
                dbl_array_push(&c->temps, S_dup(c, ev->target.name));
                return;
            }
        const char *schema = S_target_schema(c, ev);
        if (!schema)
            break;
        dbl_table *old = S_find_rel(c, schema, ev->target.name);
        if (old) {
            /* CREATE OR REPLACE VIEW keeps the relation */
            break;
        }
        if (S_find_index(c, schema, ev->target.name))
            break;
        if (ev->relkind != DBL_REL_SEQUENCE && S_user_type_exists(c, schema, ev->target.name))
            break; /* its row type would collide with a type of that name */
        /* the query reads a relation that does not exist: PostgreSQL fails */
        for (uint32_t i = 0; i < ev->n_requires; i++) {
            const dbl_qname *q = &ev->requires[i];
            bool system = (q->schema && (strcmp(q->schema, "pg_catalog") == 0 ||
                                         strcmp(q->schema, "information_schema") == 0)) ||
                          strncmp(q->name, "pg_", 3) == 0;
            if (!system && !S_find_rel(c, q->schema, q->name) && c->complete) {
                S_unknown(c, ev->loc, "relation", q->schema, q->name, NULL);
                return;
            }
        }
        dbl_table *t = S_new_table(c, schema, ev->target.name, ev->relkind, ev->loc);
        t->opaque = ev->n_columns == 0 && ev->relkind != DBL_REL_SEQUENCE;
        if (ev->simple_query && ev->n_sources == 1)
            t->view_base = S_find_rel(c, ev->sources[0].schema, ev->sources[0].name);
        for (uint32_t i = 0; i < ev->n_columns; i++) {
            const dbl_ev_column *ec = &ev->columns[i];
            if (ec->src_col && strcmp(ec->src_col, "*") == 0) {
                if (!S_expand_star(c, t, ev, ec)) {
                    t->opaque = true; /* columns unknown after all */
                    break;
                }
                continue;
            }
            if (S_find_column(t, ec->name))
                continue;
            dbl_column *col = S_add_column(c, t, ec, ev->loc);
            const dbl_column *src = S_source_column(c, ev, ec);
            if (src) {
                if (t->view_base && src->table == t->view_base)
                    col->base_column = src->name;
                col->type = src->type;
                if (ev->set_operation && strchr(col->type.text, '(')) {
                    /* the branches' typmods may differ: PostgreSQL keeps none then */
                    dbl_buf b = {0};
                    S_put_type_nomods(&b, col->type.text);
                    col->type.text = dbl_arena_strdup(c->arena, dbl_buf_str(&b));
                    col->type.typmod = NULL;
                    dbl_buf_free(&b);
                }
            }
            col->not_null = false; /* a query's columns are nullable */
        }
        ev->table_after = t;
        break;
    }
    case DBL_EV_RENAME_RELATION: {
        /* ALTER INDEX / TABLE / VIEW ... RENAME accept any relation kind */
        dbl_table *t = S_target_table(c, ev);
        if (t) {
            if (!dbl_catalog_relation_exists(c, t->schema, ev->new_name))
                S_move_table(c, t, t->schema, ev->new_name);
            break;
        }
        dbl_index *x = S_find_index(c, ev->target.schema, ev->target.name);
        if (x && !dbl_catalog_relation_exists(c, x->schema, ev->new_name))
            S_rename_index(c, x, ev->new_name);
        if (!x && !ev->if_exists && ev->relkind != DBL_REL_SEQUENCE)
            S_unknown(c, ev->loc, "relation", ev->target.schema, ev->target.name, NULL);
        break;
    }
    case DBL_EV_SET_SCHEMA: {
        dbl_table *t = S_target_table(c, ev);
        if (!t) {
            if (!ev->if_exists && ev->relkind != DBL_REL_SEQUENCE)
                S_unknown(c, ev->loc, "relation", ev->target.schema, ev->target.name, NULL);
            break;
        }
        if (c->complete && !S_schema_exists(c, ev->new_name)) {
            S_unknown(c, ev->loc, "schema", NULL, ev->new_name, NULL);
            break;
        }
        if (!dbl_catalog_relation_exists(c, ev->new_name, t->name)) {
            S_ensure_schema(c, ev->new_name);
            S_move_table(c, t, ev->new_name, t->name);
        }
        break;
    }
    case DBL_EV_CREATE_INDEX:
        S_create_index(c, ev);
        break;
    case DBL_EV_DYNAMIC_SQL:
        S_forget_indexes(c, ev);
        c->dynamic_seen = true;
        break;
    case DBL_EV_GUARD:
        break; /* decided by the run (dbl_catalog_guard) */
    case DBL_EV_DROP_RELATION:
        S_drop_relation(c, ev);
        break;
    case DBL_EV_ATTACH_INDEX: {
        dbl_index *parent = S_find_index(c, ev->target.schema, ev->target.name);
        dbl_index *child = S_find_index(c, ev->partition_of.schema, ev->partition_of.name);
        if (!parent)
            S_unknown(c, ev->loc, "index", ev->target.schema, ev->target.name, NULL);
        else if (!child)
            S_unknown(c, ev->loc, "index", ev->partition_of.schema, ev->partition_of.name, NULL);
        if (!parent || !child || child->parent || child->table->partition_parent != parent->table)
            break;
        child->parent = parent;
        S_update_parent_validity(parent);
        break;
    }
    case DBL_EV_CREATE_DOMAIN: {
        const char *schema = S_target_schema(c, ev);
        if (!schema || S_schema_has_type(c, schema, ev->target.name))
            break; /* type already exists */
        dbl_domain *d = dbl_arena_alloc(c->arena, sizeof *d);
        d->schema = dbl_arena_strdup(c->arena, schema);
        d->name = S_dup(c, ev->target.name);
        d->base = S_resolve_type(c, &ev->type);
        d->collation = S_dup(c, ev->collation);
        d->not_null = ev->not_null;
        d->loc = ev->loc;
        dbl_hmap_put(&c->domains, S_key(c, d->schema, d->name), d);
        dbl_array_push(&c->all_domains, d);
        break;
    }
    case DBL_EV_DOMAIN_NOT_NULL: {
        dbl_domain *d = S_path_lookup(c, &c->domains, ev->target.schema, ev->target.name);
        if (d)
            d->not_null = ev->not_null;
        break;
    }
    case DBL_EV_CREATE_TYPE: {
        const char *schema = S_target_schema(c, ev);
        if (!schema || S_schema_has_type(c, schema, ev->target.name))
            break; /* type already exists */
        /* the value says what kind of type it is (dbl_catalog_type_kind) */
        dbl_hmap_put(&c->types, S_key(c, schema, ev->target.name),
                     (void *)(uintptr_t)(ev->type_kind ? ev->type_kind : 1));
        if (ev->name) /* a range's multirange type */
            dbl_hmap_put(&c->types, S_key(c, schema, ev->name), (void *)1);
        if (ev->relkind == DBL_REL_COMPOSITE && !S_find_rel(c, schema, ev->target.name)) {
            dbl_table *t = S_new_table(c, schema, ev->target.name, DBL_REL_COMPOSITE, ev->loc);
            for (uint32_t i = 0; i < ev->n_columns; i++)
                S_add_column(c, t, &ev->columns[i], ev->loc);
        }
        break;
    }
    case DBL_EV_DROP_TYPE:
        S_drop_type(c, ev);
        break;
    case DBL_EV_CREATE_EXTENSION:
        S_create_extension(c, ev);
        break;
    case DBL_EV_RENAME_TYPE:
        S_alter_type(c, ev);
        break;
    case DBL_EV_TRANSACTION:
        S_transaction(c, ev);
        break;
    default: {
        dbl_table *t = S_target_table(c, ev);
        if (t) {
            ev->table_after = t;
            S_apply_table_event(c, ev, t);
        } else if (!ev->if_exists) {
            S_unknown(c, ev->loc, "relation", ev->target.schema, ev->target.name, NULL);
        }
        break;
    }
    }
}
