/* syntax.c - tree-sitter trees per document: outline, folding and selection ranges.
 *
 * Tree-sitter only serves structure while the text is being typed; it never
 * produces a finding (libpg_query judges what is valid SQL). Built without
 * the grammar, every function here does nothing and returns NULL.
 */
#include "editors/lsp/internal.h"

#include <string.h>

#ifndef DBL_LSP_TREE_SITTER

dbl_lsp_syntax *dbl_lsp__syntax_new(void) { return NULL; }
void dbl_lsp__syntax_free(dbl_lsp_syntax *sx) { (void)sx; }
void dbl_lsp__tree_free(dbl_lsp_tree *t) { (void)t; }
void dbl_lsp__tree_edit(dbl_lsp_tree *t, const dbl_source *old, uint32_t start, uint32_t old_end,
                        const char *inserted, uint32_t inserted_len)
{
    (void)t, (void)old, (void)start, (void)old_end, (void)inserted, (void)inserted_len;
}
void dbl_lsp__tree_parse(dbl_lsp_syntax *sx, dbl_lsp_doc *d) { (void)sx, (void)d; }
bool dbl_lsp__syntax_missing(dbl_lsp_syntax *sx, const char *text, uint32_t len, uint32_t at, uint32_t *offset,
                             char *what, size_t cap)
{
    (void)sx, (void)text, (void)len, (void)at, (void)offset, (void)what, (void)cap;
    return false;
}
json_t *dbl_lsp__document_symbols(dbl_lsp_server *s, dbl_lsp_doc *d) { (void)s, (void)d; return NULL; }
json_t *dbl_lsp__folding_ranges(dbl_lsp_server *s, dbl_lsp_doc *d) { (void)s, (void)d; return NULL; }
json_t *dbl_lsp__selection_ranges(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *positions)
{
    (void)s, (void)d, (void)positions;
    return NULL;
}

#else

#include <ctype.h>
#include <stdio.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_sql(void);

struct dbl_lsp_syntax {
    TSParser *parser;
};

struct dbl_lsp_tree {
    TSTree *tree;
};

dbl_lsp_syntax *dbl_lsp__syntax_new(void)
{
    TSParser *p = ts_parser_new();
    if (!ts_parser_set_language(p, tree_sitter_sql())) { /* the runtime refuses the grammar's ABI */
        ts_parser_delete(p);
        return NULL;
    }
    dbl_lsp_syntax *sx = dbl_calloc(1, sizeof *sx);
    sx->parser = p;
    return sx;
}

void dbl_lsp__syntax_free(dbl_lsp_syntax *sx)
{
    if (!sx)
        return;
    ts_parser_delete(sx->parser);
    dbl_free(sx);
}

void dbl_lsp__tree_free(dbl_lsp_tree *t)
{
    if (!t)
        return;
    ts_tree_delete(t->tree);
    dbl_free(t);
}

static TSPoint S_point(const dbl_source *s, uint32_t off)
{
    uint32_t l = dbl_source_line_of(s, off);
    return (TSPoint){l, off - s->line_starts[l]};
}

void dbl_lsp__tree_edit(dbl_lsp_tree *t, const dbl_source *old, uint32_t start, uint32_t old_end,
                        const char *inserted, uint32_t inserted_len)
{
    if (!t)
        return;
    TSPoint sp = S_point(old, start);
    TSPoint np = sp;
    for (uint32_t i = 0; i < inserted_len; i++) {
        if (inserted[i] == '\n') {
            np.row++;
            np.column = 0;
        } else {
            np.column++;
        }
    }
    TSInputEdit e = {start, old_end, start + inserted_len, sp, S_point(old, old_end), np};
    ts_tree_edit(t->tree, &e);
}

void dbl_lsp__tree_parse(dbl_lsp_syntax *sx, dbl_lsp_doc *d)
{
    if (!sx)
        return;
    TSTree *old = d->tree ? d->tree->tree : NULL;
    TSTree *nt = ts_parser_parse_string(sx->parser, old, d->src->text, d->src->len);
    if (!nt)
        return;
    if (!d->tree)
        d->tree = dbl_calloc(1, sizeof *d->tree);
    else
        ts_tree_delete(old);
    d->tree->tree = nt;
}

/* ---- syntax errors ------------------------------------------------------------------- */

/* The last MISSING node of n's subtree that starts at or before at. */
static bool S_last_missing(TSNode n, uint32_t at, TSNode *out)
{
    if (ts_node_start_byte(n) > at || !ts_node_has_error(n))
        return false;
    if (ts_node_is_missing(n)) {
        *out = n;
        return true;
    }
    bool found = false;
    for (uint32_t i = 0, k = ts_node_child_count(n); i < k; i++)
        found |= S_last_missing(ts_node_child(n, i), at, out);
    return found;
}

bool dbl_lsp__syntax_missing(dbl_lsp_syntax *sx, const char *text, uint32_t len, uint32_t at, uint32_t *offset,
                             char *what, size_t cap)
{
    if (!sx)
        return false;
    TSTree *t = ts_parser_parse_string(sx->parser, NULL, text, len);
    if (!t)
        return false;
    TSNode m;
    bool found = S_last_missing(ts_tree_root_node(t), at, &m);
    if (found) {
        *offset = ts_node_start_byte(m);
        const char *type = ts_node_type(m);
        if (!ts_node_is_named(m)) {
            snprintf(what, cap, "\"%s\"", type);
        } else if (strncmp(type, "keyword_", 8) == 0) {
            size_t i = 0;
            for (const char *p = type + 8; *p && i + 1 < cap; p++)
                what[i++] = *p == '_' ? ' ' : (char)toupper((unsigned char)*p);
            what[i] = 0;
        } else {
            snprintf(what, cap, "%s", type);
            for (char *p = what; *p; p++)
                if (*p == '_')
                    *p = ' ';
        }
    }
    ts_tree_delete(t);
    return found;
}

/* ---- outline ------------------------------------------------------------------------ */

enum { S_SK_FIELD = 8, S_SK_FUNCTION = 12, S_SK_INTERFACE = 11, S_SK_KEY = 20, S_SK_PROPERTY = 7,
       S_SK_STRUCT = 23, S_SK_EVENT = 24, S_SK_NAMESPACE = 3, S_SK_ENUM = 10 };

static json_t *S_range(const dbl_lsp_server *s, const dbl_lsp_doc *d, TSNode n)
{
    return dbl_lsp__range(d->src, ts_node_start_byte(n), ts_node_end_byte(n), s->unit);
}

static char *S_text(const dbl_lsp_doc *d, TSNode n)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    if (b > d->src->len)
        b = d->src->len;
    if (b - a > 200)
        b = a + 200;
    return dbl_strndup(d->src->text + a, b - a);
}

static TSNode S_child_of_type(TSNode n, const char *type)
{
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (strcmp(ts_node_type(c), type) == 0)
            return c;
    }
    return (TSNode){0};
}

static json_t *S_symbol(const dbl_lsp_server *s, const dbl_lsp_doc *d, const char *name, const char *detail,
                        int kind, TSNode whole, TSNode sel)
{
    json_t *sym = json_pack("{s:s,s:i,s:o,s:o}", "name", name && *name ? name : "?", "kind", kind, "range",
                            S_range(s, d, whole), "selectionRange", S_range(s, d, ts_node_is_null(sel) ? whole : sel));
    if (detail)
        json_object_set_new(sym, "detail", json_string(detail));
    return sym;
}

static void S_columns(const dbl_lsp_server *s, const dbl_lsp_doc *d, TSNode defs, json_t *children)
{
    uint32_t k = ts_node_named_child_count(defs);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(defs, i);
        const char *type = ts_node_type(c);
        if (strcmp(type, "column_definition") == 0) {
            TSNode name = ts_node_child_by_field_name(c, "name", 4);
            TSNode ty = ts_node_child_by_field_name(c, "type", 4);
            if (ts_node_is_null(ty))
                ty = ts_node_child_by_field_name(c, "custom_type", 11);
            char *nm = ts_node_is_null(name) ? dbl_strdup("?") : S_text(d, name);
            char *tt = ts_node_is_null(ty) ? NULL : S_text(d, ty);
            json_array_append_new(children, S_symbol(s, d, nm, tt, S_SK_FIELD, c, name));
            dbl_free(nm);
            dbl_free(tt);
        } else if (strcmp(type, "constraints") == 0) {
            uint32_t kk = ts_node_named_child_count(c);
            for (uint32_t j = 0; j < kk; j++) {
                TSNode con = ts_node_named_child(c, j);
                TSNode nm = S_child_of_type(con, "identifier");
                char *t = ts_node_is_null(nm) ? S_text(d, con) : S_text(d, nm);
                char *nl = strchr(t, '\n');
                if (nl)
                    *nl = 0;
                json_array_append_new(children, S_symbol(s, d, t, "constraint", S_SK_PROPERTY, con, nm));
                dbl_free(t);
            }
        } else if (strcmp(type, "constraint") == 0) {
            char *t = S_text(d, c);
            char *nl = strchr(t, '\n');
            if (nl)
                *nl = 0;
            json_array_append_new(children, S_symbol(s, d, t, "constraint", S_SK_PROPERTY, c, (TSNode){0}));
            dbl_free(t);
        }
    }
}

static const struct {
    const char *node, *detail;
    int kind;
} S_kinds[] = {
    {"create_table", "table", S_SK_STRUCT},       {"create_view", "view", S_SK_INTERFACE},
    {"create_materialized_view", "materialized view", S_SK_INTERFACE},
    {"create_index", "index", S_SK_KEY},          {"create_function", "function", S_SK_FUNCTION},
    {"create_type", "type", S_SK_ENUM},           {"create_schema", "schema", S_SK_NAMESPACE},
    {"create_sequence", "sequence", S_SK_KEY},    {"create_trigger", "trigger", S_SK_EVENT},
    {"alter_table", "alter table", S_SK_EVENT},
};

json_t *dbl_lsp__document_symbols(dbl_lsp_server *s, dbl_lsp_doc *d)
{
    json_t *out = json_array();
    if (!d->tree)
        return out;
    TSNode root = ts_tree_root_node(d->tree->tree);
    uint32_t n = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        TSNode st = ts_node_named_child(root, i);
        if (strcmp(ts_node_type(st), "statement") != 0)
            continue;
        TSNode body = ts_node_named_child(st, 0);
        if (ts_node_is_null(body))
            continue;
        const char *type = ts_node_type(body);
        for (size_t k = 0; k < sizeof S_kinds / sizeof S_kinds[0]; k++) {
            if (strcmp(type, S_kinds[k].node) != 0)
                continue;
            TSNode name = S_child_of_type(body, "object_reference");
            if (strcmp(type, "create_index") == 0) {
                TSNode col = ts_node_child_by_field_name(body, "column", 6);
                if (!ts_node_is_null(col))
                    name = col;
            }
            char *nm = ts_node_is_null(name) ? dbl_strdup("?") : S_text(d, name);
            json_t *sym = S_symbol(s, d, nm, S_kinds[k].detail, S_kinds[k].kind, st, name);
            dbl_free(nm);
            TSNode defs = S_child_of_type(body, "column_definitions");
            if (!ts_node_is_null(defs)) {
                json_t *children = json_array();
                S_columns(s, d, defs, children);
                json_object_set_new(sym, "children", children);
            }
            json_array_append_new(out, sym);
            break;
        }
    }
    return out;
}

json_t *dbl_lsp__folding_ranges(dbl_lsp_server *s, dbl_lsp_doc *d)
{
    (void)s;
    json_t *out = json_array();
    if (!d->tree)
        return out;
    TSNode root = ts_tree_root_node(d->tree->tree);
    uint32_t n = ts_node_named_child_count(root);
    int64_t comment_start = -1, comment_end = -1;
    for (uint32_t i = 0; i <= n; i++) {
        TSNode c = i < n ? ts_node_named_child(root, i) : (TSNode){0};
        bool is_comment = i < n && strcmp(ts_node_type(c), "comment") == 0;
        if (is_comment && comment_start >= 0 && ts_node_start_point(c).row == (uint32_t)comment_end + 1) {
            comment_end = ts_node_end_point(c).row;
            continue;
        }
        if (comment_start >= 0 && comment_end > comment_start)
            json_array_append_new(out, json_pack("{s:I,s:I,s:s}", "startLine", (json_int_t)comment_start, "endLine",
                                                 (json_int_t)comment_end, "kind", "comment"));
        comment_start = comment_end = -1;
        if (i == n)
            break;
        uint32_t r0 = ts_node_start_point(c).row, r1 = ts_node_end_point(c).row;
        if (is_comment) {
            comment_start = r0;
            comment_end = r1;
        } else if (r1 > r0) {
            json_array_append_new(out, json_pack("{s:I,s:I,s:s}", "startLine", (json_int_t)r0, "endLine",
                                                 (json_int_t)r1, "kind", "region"));
        }
    }
    return out;
}

json_t *dbl_lsp__selection_ranges(dbl_lsp_server *s, dbl_lsp_doc *d, json_t *positions)
{
    json_t *out = json_array();
    size_t i;
    json_t *pos;
    json_array_foreach(positions, i, pos)
    {
        uint32_t off;
        if (!dbl_lsp__offset(s, d->src, pos, &off) || !d->tree) {
            json_t *r = dbl_lsp__range(d->src, 0, 0, s->unit);
            json_array_append_new(out, json_pack("{s:o}", "range", r));
            continue;
        }
        TSNode root = ts_tree_root_node(d->tree->tree);
        TSNode n = ts_node_named_descendant_for_byte_range(root, off, off);
        /* innermost first: collect the chain, then nest it outside in */
        DBL_ARRAY(TSNode) chain = {0};
        uint32_t ls = UINT32_MAX, le = UINT32_MAX;
        for (; !ts_node_is_null(n); n = ts_node_parent(n)) {
            uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
            if (a == ls && b == le)
                continue;
            ls = a;
            le = b;
            dbl_array_push(&chain, n);
        }
        json_t *parent = NULL;
        for (uint32_t k = chain.size; k-- > 0;) {
            json_t *sr = json_pack("{s:o}", "range", S_range(s, d, chain.items[k]));
            if (parent)
                json_object_set_new(sr, "parent", parent);
            parent = sr;
        }
        dbl_array_free(&chain);
        json_array_append_new(out, parent ? parent : json_pack("{s:o}", "range", dbl_lsp__range(d->src, off, off, s->unit)));
    }
    return out;
}

#endif
