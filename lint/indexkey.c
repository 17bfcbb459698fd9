/* indexkey.c - what PostgreSQL records for an index key: the type of an
 * expression as far as it is known, the effective collation and operator class. */
#include <string.h>

#include "lint/catalog.h"

static const dbl_column *S_column(const dbl_table *t, const char *name)
{
    if (!t)
        return NULL;
    for (uint32_t i = 0; i < t->columns.size; i++) {
        const dbl_column *col = t->columns.items[i];
        if (!col->dropped && strcmp(col->name, name) == 0)
            return col;
    }
    return NULL;
}

/* A type without domain, for its class-dependent defaults. */
static const dbl_typeinfo *S_base(const dbl_typeinfo *ty)
{
    if (ty->domain && ty->array_dims == 0)
        return &ty->domain->base;
    return ty;
}

/* The type a spec of kind k names over column col. */
static const char *S_spec_column_type(char k, const dbl_column *col)
{
    if (!col || col->dropped || !col->type.name || !col->type.text || strcmp(col->type.name, "unknown") == 0)
        return NULL;
    if (k == 'c')
        return col->type.text;
    const dbl_typeinfo *ty = S_base(&col->type);
    if (ty->array_dims || ty->schema || !ty->name)
        return NULL;
    if (k == 'd') {
        /* date_trunc(text, timestamp) / (text, timestamptz) / (text, interval); a date
         * goes to the timestamptz form (the preferred type of its category) */
        if (strcmp(ty->name, "timestamp") == 0)
            return "timestamp without time zone";
        if (strcmp(ty->name, "timestamptz") == 0 || strcmp(ty->name, "date") == 0)
            return "timestamp with time zone";
        if (strcmp(ty->name, "interval") == 0)
            return "interval";
        return NULL;
    }
    if (k == 'j' && (strcmp(ty->name, "json") == 0 || strcmp(ty->name, "jsonb") == 0))
        return ty->name;
    return NULL;
}

const char *dbl_catalog_spec_type(const dbl_table *t, const char *spec)
{
    if (!spec || !spec[0])
        return NULL;
    if (spec[0] == 't')
        return spec + 1;
    return S_spec_column_type(spec[0], S_column(t, spec + 1));
}

/* ---- collations ---------------------------------------------------------- */

/* format_type() text without modifiers or array brackets: "character varying(4)[]" -> "character varying". */
static void S_type_word(const char *text, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = text; *p && k + 1 < n; p++) {
        if (*p == '(') {
            const char *q = strchr(p, ')');
            if (!q)
                break;
            p = q;
            continue;
        }
        if (*p == '[')
            break;
        out[k++] = *p;
    }
    out[k] = '\0';
}

/* The collation a type takes by default: "default", "C" for name, NULL if none. */
static const char *S_type_collation(const char *word)
{
    if (strcmp(word, "text") == 0 || strcmp(word, "character varying") == 0 ||
        strcmp(word, "character") == 0 || strcmp(word, "bpchar") == 0 || strcmp(word, "citext") == 0)
        return "default";
    if (strcmp(word, "name") == 0)
        return "C";
    return NULL;
}

/* The type of key k as format_type() text (modifiers kept), or NULL if unknown. */
static const char *S_key_type(const dbl_index_key *k, const dbl_typeinfo **info)
{
    *info = NULL;
    if (k->column) {
        *info = &k->column->type;
        return k->column->type.text && strcmp(k->column->type.name ? k->column->type.name : "", "unknown") != 0
                   ? k->column->type.text
                   : NULL;
    }
    if (!k->expr_type || !k->expr_type->spec)
        return NULL;
    if (k->expr_type->spec[0] != 't')
        return S_spec_column_type(k->expr_type->spec[0], k->expr_type->column);
    return k->expr_type->spec + 1;
}

const char *dbl_index_key_collation(const dbl_catalog *c, const dbl_index *x, const dbl_index_key *k,
                                    bool *known)
{
    (void)x; /* the collation does not depend on the access method */
    *known = true;
    const dbl_typeinfo *info;
    const char *type = S_key_type(k, &info);
    if (info && info->domain && info->array_dims == 0)
        type = info->domain->base.text;
    char word[128];
    if (type)
        S_type_word(type, word, sizeof word);
    const char *def = type ? S_type_collation(word) : NULL;
    if (type && !def && info && info->schema && !info->domain && info->array_dims == 0 &&
        !dbl_catalog_type_kind(c, info->schema, info->name)) {
        *known = false; /* a user-defined type dbl does not know: collatable or not */
        return NULL;
    }
    if (type && !def)
        return NULL; /* not collatable: PostgreSQL refuses COLLATE there */
    if (k->collation)
        return k->collation;
    if (k->column && k->column->collation)
        return k->column->collation;
    if (info && info->domain && info->array_dims == 0 && info->domain->collation)
        return info->domain->collation;
    if (!k->column && type && k->expr_type && k->expr_type->collation)
        return k->expr_type->collation;
    if (!type) {
        *known = false;
        return NULL;
    }
    return def;
}

/* ---- operator classes ----------------------------------------------------- */

/* pg_opclass rows with opcdefault of PostgreSQL 15's built-in access methods, by
 * format_type() text of the input type; "anyarray" stands for every array type. */
static const struct {
    const char *method, *type, *opclass;
} S_DEFAULT_OPCLASS[] = {
    {"btree", "anyenum", "enum_ops"}, {"btree", "anyrange", "range_ops"}, {"btree", "record", "record_ops"},
    {"hash", "anyenum", "enum_ops"}, {"hash", "anyrange", "range_ops"}, {"hash", "record", "record_ops"},
    {"gist", "anyrange", "range_ops"}, {"spgist", "anyrange", "range_ops"}, {"brin", "anyrange", "range_inclusion_ops"},
    {"btree", "anyarray", "array_ops"}, {"btree", "bit", "bit_ops"}, {"btree", "boolean", "bool_ops"},
    {"btree", "bpchar", "bpchar_ops"}, {"btree", "character", "bpchar_ops"},
    {"btree", "bytea", "bytea_ops"}, {"btree", "\"char\"", "char_ops"}, {"btree", "date", "date_ops"},
    {"btree", "real", "float4_ops"}, {"btree", "double precision", "float8_ops"},
    {"btree", "inet", "inet_ops"}, {"btree", "cidr", "inet_ops"}, {"btree", "smallint", "int2_ops"},
    {"btree", "integer", "int4_ops"}, {"btree", "bigint", "int8_ops"},
    {"btree", "interval", "interval_ops"}, {"btree", "jsonb", "jsonb_ops"},
    {"btree", "macaddr", "macaddr_ops"}, {"btree", "macaddr8", "macaddr8_ops"},
    {"btree", "money", "money_ops"}, {"btree", "name", "name_ops"}, {"btree", "numeric", "numeric_ops"},
    {"btree", "oid", "oid_ops"}, {"btree", "pg_lsn", "pg_lsn_ops"}, {"btree", "text", "text_ops"},
    {"btree", "character varying", "text_ops"}, {"btree", "tid", "tid_ops"},
    {"btree", "time without time zone", "time_ops"},
    {"btree", "timestamp without time zone", "timestamp_ops"},
    {"btree", "timestamp with time zone", "timestamptz_ops"},
    {"btree", "time with time zone", "timetz_ops"}, {"btree", "tsquery", "tsquery_ops"},
    {"btree", "tsvector", "tsvector_ops"}, {"btree", "uuid", "uuid_ops"},
    {"btree", "bit varying", "varbit_ops"}, {"btree", "xid8", "xid8_ops"},
    {"hash", "anyarray", "array_ops"}, {"hash", "boolean", "bool_ops"}, {"hash", "bpchar", "bpchar_ops"},
    {"hash", "character", "bpchar_ops"}, {"hash", "bytea", "bytea_ops"}, {"hash", "\"char\"", "char_ops"},
    {"hash", "date", "date_ops"}, {"hash", "real", "float4_ops"}, {"hash", "double precision", "float8_ops"},
    {"hash", "inet", "inet_ops"}, {"hash", "cidr", "inet_ops"}, {"hash", "smallint", "int2_ops"},
    {"hash", "integer", "int4_ops"}, {"hash", "bigint", "int8_ops"}, {"hash", "interval", "interval_ops"},
    {"hash", "jsonb", "jsonb_ops"}, {"hash", "macaddr", "macaddr_ops"}, {"hash", "macaddr8", "macaddr8_ops"},
    {"hash", "name", "name_ops"}, {"hash", "numeric", "numeric_ops"}, {"hash", "oid", "oid_ops"},
    {"hash", "pg_lsn", "pg_lsn_ops"}, {"hash", "text", "text_ops"}, {"hash", "character varying", "text_ops"},
    {"hash", "tid", "tid_ops"}, {"hash", "time without time zone", "time_ops"},
    {"hash", "timestamp without time zone", "timestamp_ops"},
    {"hash", "timestamp with time zone", "timestamptz_ops"}, {"hash", "time with time zone", "timetz_ops"},
    {"hash", "uuid", "uuid_ops"}, {"hash", "xid", "xid_ops"}, {"hash", "xid8", "xid8_ops"},
    {"gin", "anyarray", "array_ops"}, {"gin", "jsonb", "jsonb_ops"}, {"gin", "tsvector", "tsvector_ops"},
    {"gist", "box", "box_ops"}, {"gist", "circle", "circle_ops"}, {"gist", "point", "point_ops"},
    {"gist", "polygon", "poly_ops"}, {"gist", "tsquery", "tsquery_ops"}, {"gist", "tsvector", "tsvector_ops"},
    {"gist", "inet", "inet_ops"}, {"gist", "cidr", "inet_ops"},
    {"spgist", "box", "box_ops"}, {"spgist", "inet", "inet_ops"}, {"spgist", "point", "quad_point_ops"},
    {"spgist", "polygon", "poly_ops"}, {"spgist", "text", "text_ops"}, {"spgist", "character varying", "text_ops"},
    {"brin", "bit", "bit_minmax_ops"}, {"brin", "box", "box_inclusion_ops"}, {"brin", "bpchar", "bpchar_minmax_ops"},
    {"brin", "character", "bpchar_minmax_ops"}, {"brin", "bytea", "bytea_minmax_ops"},
    {"brin", "\"char\"", "char_minmax_ops"}, {"brin", "date", "date_minmax_ops"},
    {"brin", "real", "float4_minmax_ops"}, {"brin", "double precision", "float8_minmax_ops"},
    {"brin", "inet", "inet_inclusion_ops"}, {"brin", "cidr", "inet_inclusion_ops"},
    {"brin", "smallint", "int2_minmax_ops"}, {"brin", "integer", "int4_minmax_ops"},
    {"brin", "bigint", "int8_minmax_ops"}, {"brin", "interval", "interval_minmax_ops"},
    {"brin", "macaddr", "macaddr_minmax_ops"}, {"brin", "macaddr8", "macaddr8_minmax_ops"},
    {"brin", "name", "name_minmax_ops"}, {"brin", "numeric", "numeric_minmax_ops"},
    {"brin", "oid", "oid_minmax_ops"}, {"brin", "pg_lsn", "pg_lsn_minmax_ops"},
    {"brin", "text", "text_minmax_ops"}, {"brin", "character varying", "text_minmax_ops"},
    {"brin", "tid", "tid_minmax_ops"}, {"brin", "time without time zone", "time_minmax_ops"},
    {"brin", "timestamp without time zone", "timestamp_minmax_ops"},
    {"brin", "timestamp with time zone", "timestamptz_minmax_ops"},
    {"brin", "time with time zone", "timetz_minmax_ops"}, {"brin", "uuid", "uuid_minmax_ops"},
    {"brin", "bit varying", "varbit_minmax_ops"},
};

/* The other operator classes in pg_catalog (non-default ones, and defaults of
 * pseudo-types the table above does not list). */
static const char *const S_OTHER_BUILTIN_OPCLASS[] = {
    "bpchar_bloom_ops", "bpchar_pattern_ops", "bytea_bloom_ops", "char_bloom_ops", "cidr_ops",
    "date_bloom_ops", "date_minmax_multi_ops", "float4_bloom_ops", "float4_minmax_multi_ops",
    "float8_bloom_ops", "float8_minmax_multi_ops", "inet_bloom_ops", "inet_minmax_multi_ops",
    "inet_minmax_ops", "int2_bloom_ops", "int2_minmax_multi_ops", "int4_bloom_ops",
    "int4_minmax_multi_ops", "int8_bloom_ops", "int8_minmax_multi_ops", "interval_bloom_ops",
    "interval_minmax_multi_ops", "jsonb_path_ops", "kd_point_ops", "macaddr8_bloom_ops",
    "macaddr8_minmax_multi_ops", "macaddr_bloom_ops", "macaddr_minmax_multi_ops", "name_bloom_ops",
    "numeric_bloom_ops", "numeric_minmax_multi_ops", "oid_bloom_ops", "oid_minmax_multi_ops",
    "pg_lsn_bloom_ops", "pg_lsn_minmax_multi_ops", "record_image_ops", "text_bloom_ops",
    "text_pattern_ops", "tid_bloom_ops", "tid_minmax_multi_ops", "time_bloom_ops",
    "time_minmax_multi_ops", "timestamp_bloom_ops", "timestamp_minmax_multi_ops",
    "timestamptz_bloom_ops", "timestamptz_minmax_multi_ops", "timetz_bloom_ops",
    "timetz_minmax_multi_ops", "uuid_bloom_ops", "uuid_minmax_multi_ops", "varchar_ops",
    "varchar_pattern_ops", "enum_ops", "range_ops", "multirange_ops", "record_ops", "oidvector_ops",
    "aclitem_ops", "cid_ops", "range_inclusion_ops", "xid_ops",
};

static bool S_builtin_opclass(const char *name)
{
    for (size_t i = 0; i < sizeof S_DEFAULT_OPCLASS / sizeof S_DEFAULT_OPCLASS[0]; i++)
        if (strcmp(S_DEFAULT_OPCLASS[i].opclass, name) == 0)
            return true;
    for (size_t i = 0; i < sizeof S_OTHER_BUILTIN_OPCLASS / sizeof S_OTHER_BUILTIN_OPCLASS[0]; i++)
        if (strcmp(S_OTHER_BUILTIN_OPCLASS[i], name) == 0)
            return true;
    return false;
}

const char *dbl_index_key_opclass(const dbl_catalog *c, const dbl_index *x, const dbl_index_key *k,
                                  bool *known)
{
    *known = true;
    if (k->opclass) {
        const char *o = k->opclass;
        if (strncmp(o, "pg_catalog.", 11) == 0)
            return o + 11;
        /* an unqualified extension opclass lives where its extension was created */
        if (!strchr(o, '.') && !S_builtin_opclass(o))
            *known = false;
        return o;
    }
    const dbl_typeinfo *info;
    const char *type = S_key_type(k, &info);
    bool array = false;
    if (info && info->domain && info->array_dims == 0)
        type = info->domain->base.text;
    if (!type) {
        *known = false;
        return NULL;
    }
    if (info && info->schema && !info->domain && info->array_dims == 0) {
        /* a user-defined type: its kind's default, as for anyenum, anyrange and record */
        char kind = dbl_catalog_type_kind(c, info->schema, info->name);
        const char *pseudo = kind == 'e' ? "anyenum" : kind == 'r' ? "anyrange" : kind == 'c' ? "record" : NULL;
        for (size_t i = 0; pseudo && i < sizeof S_DEFAULT_OPCLASS / sizeof S_DEFAULT_OPCLASS[0]; i++)
            if (strcmp(S_DEFAULT_OPCLASS[i].method, x->method) == 0 && strcmp(S_DEFAULT_OPCLASS[i].type, pseudo) == 0)
                return S_DEFAULT_OPCLASS[i].opclass;
        *known = false;
        return NULL;
    }
    char word[128];
    S_type_word(type, word, sizeof word);
    array = strchr(type, '[') != NULL;
    for (size_t i = 0; i < sizeof S_DEFAULT_OPCLASS / sizeof S_DEFAULT_OPCLASS[0]; i++)
        if (strcmp(S_DEFAULT_OPCLASS[i].method, x->method) == 0 &&
            strcmp(S_DEFAULT_OPCLASS[i].type, array ? "anyarray" : word) == 0)
            return S_DEFAULT_OPCLASS[i].opclass;
    *known = false;
    return NULL;
}

/* One of collation or opclass, compared as PostgreSQL records it: the effective
 * values when both are known, else the explicit ones (both default means the same). */
static bool S_same(const char *ea, bool ka, const char *xa, const char *eb, bool kb, const char *xb)
{
    if (ka && kb)
        return ea == eb || (ea && eb && strcmp(ea, eb) == 0);
    return xa == xb || (xa && xb && strcmp(xa, xb) == 0);
}

static const char *S_coll_of(const dbl_index_key *k)
{
    return k->expr_type ? k->expr_type->collation : NULL;
}

bool dbl_index_keys_same_class(const dbl_catalog *c, const dbl_index *xa, const dbl_index_key *a,
                               const dbl_index *xb, const dbl_index_key *b)
{
    /* nothing written on the same column or expression: the same defaults */
    if (!a->collation && !b->collation && !a->opclass && !b->opclass && a->column == b->column &&
        strcmp(xa->method, xb->method) == 0 &&
        (a->column || S_coll_of(a) == S_coll_of(b) ||
         (S_coll_of(a) && S_coll_of(b) && strcmp(S_coll_of(a), S_coll_of(b)) == 0)))
        return true;
    bool ka, kb;
    const char *ca = dbl_index_key_collation(c, xa, a, &ka), *cb = dbl_index_key_collation(c, xb, b, &kb);
    if (!S_same(ca, ka, a->collation, cb, kb, b->collation))
        return false;
    const char *oa = dbl_index_key_opclass(c, xa, a, &ka), *ob = dbl_index_key_opclass(c, xb, b, &kb);
    return S_same(oa, ka, a->opclass, ob, kb, b->opclass);
}
