/* features.c - code actions, hover and go to definition, read from a document's latest lint. */
#include "editors/lsp/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lint/script.h"
#include "rules/rule.h"

/* The latest lint, if it was of the current text. */
static const dbl_lsp_result *S_current(const dbl_lsp_doc *d)
{
    return d->result && d->result->version == d->version && d->result->gen == d->gen ? d->result : NULL;
}

/* ---- code actions ------------------------------------------------------------------- */

/* The statement segment holding offset (or the last before it), in a split of the text. */
static dbl_segment S_statement_at(const dbl_segment_list *segs, uint32_t offset)
{
    dbl_segment best = {DBL_SEG_SQL, offset, offset, false};
    uint32_t lo = 0, hi = segs->size;
    while (lo < hi) { /* the first segment starting after offset */
        uint32_t mid = lo + (hi - lo) / 2;
        if (segs->items[mid].start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i-- > 0;) {
        if (segs->items[i].kind == DBL_SEG_SQL) {
            best = segs->items[i];
            break;
        }
    }
    return best;
}

static uint32_t S_line_end(const dbl_source *s, uint32_t off)
{
    while (off < s->len && s->text[off] != '\n')
        off++;
    return off;
}

static uint32_t S_line_start(const dbl_source *s, uint32_t off)
{
    while (off > 0 && s->text[off - 1] != '\n')
        off--;
    return off;
}

static json_t *S_edit(const dbl_source *src, uint32_t at, const char *text, dbl_col_unit unit)
{
    return json_pack("{s:o,s:s}", "range", dbl_lsp__range(src, at, at, unit), "newText", text);
}

/* The edit inserting d's fix SQL on a new line after its statement. */
static json_t *S_fix_edit(const dbl_source *src, const dbl_segment_list *segs, const dbl_diag *d,
                          dbl_col_unit unit)
{
    dbl_segment st = S_statement_at(segs, d->loc.span.start);
    uint32_t at = S_line_end(src, st.end > 0 ? st.end - 1 : 0);
    char *text = dbl_malloc(strlen(d->fix_sql) + 2);
    text[0] = '\n';
    strcpy(text + 1, d->fix_sql);
    json_t *e = S_edit(src, at, text, unit);
    dbl_free(text);
    return e;
}

static json_t *S_workspace_edit(const char *uri, json_t *edits)
{
    json_t *changes = json_object();
    json_object_set_new(changes, uri, edits);
    return json_pack("{s:o}", "changes", changes);
}

static bool S_overlaps(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    return a0 <= b1 && b0 <= a1;
}

static bool S_kind_wanted(json_t *only, const char *kind)
{
    if (!json_is_array(only) || json_array_size(only) == 0)
        return true;
    size_t i;
    json_t *k;
    json_array_foreach(only, i, k)
    {
        const char *w = json_string_value(k);
        size_t n = w ? strlen(w) : 0;
        if (w && strncmp(kind, w, n) == 0 && (kind[n] == 0 || kind[n] == '.'))
            return true;
    }
    return false;
}

json_t *dbl_lsp__code_actions(dbl_lsp_server *s, dbl_lsp_doc *doc, json_t *params)
{
    json_t *out = json_array();
    dbl_lsp_result *r = (dbl_lsp_result *)S_current(doc); /* writing a diagnostic caches URIs */
    if (!r)
        return out;
    json_t *range = json_object_get(params, "range");
    uint32_t a, b;
    if (!dbl_lsp__offset(s, doc->src, json_object_get(range, "start"), &a) ||
        !dbl_lsp__offset(s, doc->src, json_object_get(range, "end"), &b))
        return out;
    json_t *only = json_object_get(json_object_get(params, "context"), "only");
    const dbl_source *src = dbl_run_source(r->run, r->doc_file);
    const dbl_diag_list *dl = dbl_run_diags(r->run);
    json_t *all = json_array();
    dbl_segment_list segs = {0};
    dbl_script_split(src->text, src->len, &segs);
    for (uint32_t i = 0; i < dl->items.size; i++) {
        const dbl_diag *d = &dl->items.items[i];
        if (d->loc.file != r->doc_file)
            continue;
        if (d->fix_sql)
            json_array_append_new(all, S_fix_edit(src, &segs, d, s->unit));
        dbl_span sp = dbl_lsp__diag_span(r, d, NULL);
        if (!S_overlaps(sp.start, sp.end, a, b))
            continue;
        json_t *lsp_diag = dbl_lsp__diagnostic(r, d);
        if (d->fix_sql && S_kind_wanted(only, "quickfix")) {
            char title[300];
            snprintf(title, sizeof title, "%s%s", d->fix_description ? d->fix_description : "apply the fix",
                     " (dbl)");
            json_t *edits = json_array();
            json_array_append_new(edits, S_fix_edit(src, &segs, d, s->unit));
            json_array_append_new(out, json_pack("{s:s,s:s,s:[O],s:b,s:o}", "title", title, "kind", "quickfix",
                                                 "diagnostics", lsp_diag, "isPreferred", 1, "edit",
                                                 S_workspace_edit(doc->uri, edits)));
        }
        if (strcmp(d->rule, "syntax-error") != 0 && strcmp(d->rule, "invalid-input") != 0 &&
            S_kind_wanted(only, "quickfix")) {
            dbl_segment st = S_statement_at(&segs, d->loc.span.start);
            uint32_t ls = S_line_start(src, st.start), ind = ls;
            while (ind < src->len && (src->text[ind] == ' ' || src->text[ind] == '\t'))
                ind++;
            char text[300], title[200];
            snprintf(text, sizeof text, "%.*s-- dbl-ignore %s: reason\n", (int)(ind - ls), src->text + ls,
                     d->rule);
            snprintf(title, sizeof title, "ignore %s for this statement (dbl)", d->rule);
            json_t *edits = json_array();
            json_array_append_new(edits, S_edit(src, ls, text, s->unit));
            json_array_append_new(out, json_pack("{s:s,s:s,s:[O],s:o}", "title", title, "kind", "quickfix",
                                                 "diagnostics", lsp_diag, "edit",
                                                 S_workspace_edit(doc->uri, edits)));
        }
        json_decref(lsp_diag);
    }
    if (json_array_size(all) && S_kind_wanted(only, "source.fixAll.dbl")) {
        json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "title", "apply every dbl fix in the file",
                                             "kind", "source.fixAll.dbl", "edit",
                                             S_workspace_edit(doc->uri, all)));
    } else {
        json_decref(all);
    }
    dbl_array_free(&segs);
    return out;
}

/* ---- names under the cursor ----------------------------------------------------------- */

static bool S_ident_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Reads an identifier ending at or covering offset: [a, b) plus an optional qualifier. */
typedef struct S_name {
    char qual[128], name[128];
    uint32_t start, end;
} S_name;

static void S_fold(char *out, size_t cap, const char *p, uint32_t n)
{
    bool quoted = n >= 2 && p[0] == '"' && p[n - 1] == '"';
    if (quoted) {
        p++;
        n -= 2;
    }
    size_t k = 0;
    for (uint32_t i = 0; i < n && k + 1 < cap; i++)
        out[k++] = quoted ? p[i] : (char)tolower((unsigned char)p[i]);
    out[k] = 0;
}

static bool S_word(const dbl_source *src, uint32_t a, uint32_t *ws, uint32_t *we)
{
    const unsigned char *t = (const unsigned char *)src->text;
    uint32_t s = a, e = a;
    if (s < src->len && t[s] == '"') { /* on the opening quote */
        e = s + 1;
        while (e < src->len && t[e] != '"' && t[e] != '\n')
            e++;
        if (e < src->len && t[e] == '"')
            e++;
        *ws = s;
        *we = e;
        return e > s + 2;
    }
    while (s > 0 && S_ident_char(t[s - 1]))
        s--;
    while (e < src->len && S_ident_char(t[e]))
        e++;
    if (s > 0 && t[s - 1] == '"' && e < src->len && t[e] == '"') {
        s--;
        e++;
    }
    *ws = s;
    *we = e;
    return e > s;
}

static bool S_name_at(const dbl_source *src, uint32_t off, S_name *n)
{
    uint32_t s, e;
    memset(n, 0, sizeof *n);
    if (!S_word(src, off, &s, &e))
        return false;
    S_fold(n->name, sizeof n->name, src->text + s, e - s);
    n->start = s;
    n->end = e;
    if (s > 1 && src->text[s - 1] == '.') {
        uint32_t qs, qe;
        if (S_word(src, s - 2, &qs, &qe) && qe == s - 1)
            S_fold(n->qual, sizeof n->qual, src->text + qs, qe - qs);
    }
    return true;
}

/* Resolves a name to a table, or a column (of the qualifier's table, or the only table having it). */
static void S_resolve(const dbl_catalog *c, const S_name *n, const dbl_table **table, const dbl_column **column)
{
    *table = NULL;
    *column = NULL;
    const dbl_table *t = dbl_catalog_find_table(c, n->qual[0] ? n->qual : NULL, n->name);
    if (t) {
        *table = t;
        return;
    }
    const dbl_table *qt = n->qual[0] ? dbl_catalog_find_table(c, NULL, n->qual) : NULL;
    uint32_t nt;
    const dbl_table *const *all = dbl_catalog_tables(c, &nt);
    const dbl_column *found = NULL;
    uint32_t hits = 0;
    for (uint32_t i = 0; i < nt; i++) {
        if (qt && all[i] != qt)
            continue;
        for (uint32_t k = 0; k < all[i]->columns.size; k++) {
            const dbl_column *col = all[i]->columns.items[k];
            if (!col->dropped && strcmp(col->name, n->name) == 0) {
                found = col;
                hits++;
            }
        }
    }
    if (found && (hits == 1 || qt)) {
        *column = found;
        *table = found->table;
    }
}

static void S_where(dbl_buf *b, const dbl_run *run, dbl_loc loc)
{
    if (loc.file >= dbl_run_n_sources(run))
        return;
    const dbl_source *src = dbl_run_source(run, loc.file);
    uint32_t line, col;
    dbl_source_position(src, loc.span.start, DBL_COL_CHARS, &line, &col);
    const char *slash = strrchr(src->path, '/');
    dbl_buf_printf(b, " (%s:%u)", slash ? slash + 1 : src->path, line);
}

static void S_table_md(dbl_buf *b, const dbl_run *run, const dbl_table *t)
{
    dbl_buf_printf(b, "**table %s.%s**", t->schema, t->name);
    S_where(b, run, t->loc);
    dbl_buf_puts(b, "\n\n");
    for (uint32_t i = 0; i < t->columns.size; i++) {
        const dbl_column *c = t->columns.items[i];
        if (c->dropped)
            continue;
        dbl_buf_printf(b, "- `%s` %s%s", c->name, c->type.text ? c->type.text : "?",
                       c->not_null ? " not null" : "");
        S_where(b, run, c->type_loc.file == c->loc.file && c->type_loc.span.start > c->loc.span.start
                            ? c->type_loc
                            : c->loc);
        dbl_buf_puts(b, "\n");
    }
    for (uint32_t i = 0; i < t->indexes.size; i++) {
        const dbl_index *ix = t->indexes.items[i];
        if (ix->dropped)
            continue;
        dbl_buf_printf(b, "- index `%s`%s %s (", ix->name, ix->unique ? " unique" : "", ix->method);
        for (uint32_t k = 0; k < ix->keys.size; k++)
            dbl_buf_printf(b, "%s%s", k ? ", " : "",
                           ix->keys.items[k].column ? ix->keys.items[k].column->name
                                                    : (ix->keys.items[k].expr ? ix->keys.items[k].expr : "?"));
        dbl_buf_puts(b, ")");
        S_where(b, run, ix->loc);
        dbl_buf_puts(b, "\n");
    }
    for (uint32_t i = 0; i < t->constraints.size; i++) {
        const dbl_constraint *k = t->constraints.items[i];
        if (k->dropped || k->kind != DBL_CON_FOREIGN)
            continue;
        dbl_buf_printf(b, "- foreign key `%s` (", k->name ? k->name : "?");
        for (uint32_t j = 0; j < k->columns.size; j++)
            dbl_buf_printf(b, "%s%s", j ? ", " : "", k->columns.items[j]->name);
        dbl_buf_printf(b, ") references %s.%s", k->ref_schema ? k->ref_schema : "?", k->ref_name ? k->ref_name : "?");
        S_where(b, run, k->loc);
        dbl_buf_puts(b, "\n");
    }
}

static json_t *S_markdown(dbl_buf *b, const dbl_source *src, uint32_t s, uint32_t e, dbl_col_unit unit)
{
    json_t *h = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", dbl_buf_str(b), "range",
                          dbl_lsp__range(src, s, e, unit));
    dbl_buf_free(b);
    return h;
}

json_t *dbl_lsp__hover(dbl_lsp_server *s, dbl_lsp_doc *doc, uint32_t off)
{
    const dbl_lsp_result *r = S_current(doc);
    if (!r)
        return json_null();
    const dbl_source *src = dbl_run_source(r->run, r->doc_file);
    const dbl_diag_list *dl = dbl_run_diags(r->run);
    dbl_buf b = {0};
    uint32_t hs = UINT32_MAX, he = 0;
    for (uint32_t i = 0; i < dl->items.size; i++) {
        const dbl_diag *d = &dl->items.items[i];
        if (d->loc.file != r->doc_file)
            continue;
        const char *message;
        dbl_span sp = dbl_lsp__diag_span(r, d, &message);
        if (off < sp.start || off > sp.end)
            continue;
        const dbl_rule *rule = dbl_rule_find(d->rule);
        if (b.len)
            dbl_buf_puts(&b, "\n\n---\n\n");
        dbl_buf_printf(&b, "**%s** (%s): %s", d->rule, dbl_severity_name(d->severity), message);
        if (rule)
            dbl_buf_printf(&b, "\n\nFlags %s.\n\n%s\n\n**Fix:** %s.", rule->summary, rule->rationale, rule->fix);
        if (d->fix_sql)
            dbl_buf_printf(&b, "\n\n```sql\n%s\n```", d->fix_sql);
        if (sp.start < hs)
            hs = sp.start;
        if (sp.end > he)
            he = sp.end;
    }
    if (b.len)
        return S_markdown(&b, src, hs, he, s->unit);
    S_name n;
    if (!S_name_at(src, off, &n))
        return json_null();
    const dbl_table *t;
    const dbl_column *c;
    S_resolve(dbl_run_catalog(r->run), &n, &t, &c);
    if (!t)
        return json_null();
    if (c) {
        dbl_buf_printf(&b, "**column %s.%s.%s** %s%s", t->schema, t->name, c->name, c->type.text ? c->type.text : "?",
                       c->not_null ? " not null" : "");
        S_where(&b, r->run, c->loc);
        dbl_buf_puts(&b, "\n\n");
    }
    S_table_md(&b, r->run, t);
    return S_markdown(&b, src, n.start, n.end, s->unit);
}

json_t *dbl_lsp__definition(dbl_lsp_server *s, dbl_lsp_doc *doc, uint32_t off)
{
    const dbl_lsp_result *r = S_current(doc);
    if (!r)
        return json_null();
    const dbl_source *src = dbl_run_source(r->run, r->doc_file);
    S_name n;
    if (!S_name_at(src, off, &n))
        return json_null();
    const dbl_table *t;
    const dbl_column *c;
    S_resolve(dbl_run_catalog(r->run), &n, &t, &c);
    if (!t)
        return json_null();
    dbl_loc loc = c ? c->loc : t->loc;
    if (loc.file >= dbl_run_n_sources(r->run))
        return json_null();
    const dbl_source *ds = dbl_run_source(r->run, loc.file);
    char *uri = loc.file == r->doc_file ? dbl_strdup(doc->uri) : dbl_lsp__path_to_uri(ds->path);
    json_t *res = json_pack("{s:s,s:o}", "uri", uri, "range",
                            dbl_lsp__range(ds, loc.span.start, loc.span.end, s->unit));
    dbl_free(uri);
    return res;
}
