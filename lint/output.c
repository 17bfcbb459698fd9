/* output.c - text, JSON, SARIF and GitHub renderings; the catalog dump. */
#include "lint/output.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lint/baseline.h"
#include "lint/jsonw.h"
#include "rules/rule.h"

bool dbl_format_parse(const char *name, dbl_format *out)
{
    static const char *const names[] = {"text", "json", "sarif", "github", "gitlab"};
    for (int i = 0; i < 5; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (dbl_format)i;
            return true;
        }
    return false;
}

void dbl_output_counts(const dbl_run *run, uint32_t counts[4])
{
    const dbl_diag_list *l = dbl_run_diags(run);
    memset(counts, 0, sizeof(uint32_t) * 4);
    for (uint32_t i = 0; i < l->items.size; i++)
        counts[l->items.items[i].severity]++;
}

typedef struct {
    uint32_t line, col, end_line, end_col;
    uint32_t start, end;
} S_pos;

dbl_span dbl_output_diag_span(const dbl_source *src, dbl_span span)
{
    dbl_span sp = span;
    if (sp.start > src->len)
        sp.start = src->len;
    if (sp.end < sp.start)
        sp.end = sp.start;
    if (sp.end == sp.start && sp.start < src->len) {
        const unsigned char *t = (const unsigned char *)src->text;
        uint32_t e = sp.start;
        if (t[e] == '"') {
            e++;
            while (e < src->len && t[e] != '"' && t[e] != '\n')
                e++;
            e += e < src->len && t[e] == '"';
        } else {
            while (e < src->len && (t[e] == '_' || t[e] >= 0x80 || (t[e] >= '0' && t[e] <= '9') ||
                                    ((t[e] | 0x20) >= 'a' && (t[e] | 0x20) <= 'z')))
                e++;
        }
        if (e == sp.start && t[e] != '\n' && t[e] != '\r') {
            int k = dbl_utf8_seq_len(t + e, src->len - e);
            e += k > 0 ? (uint32_t)k : 1;
        }
        sp.end = e;
    }
    if (sp.end > src->len)
        sp.end = src->len;
    return sp;
}

/* Positions of a diagnostic (its span as dbl_output_diag_span() shows it). */
static S_pos S_position(const dbl_source *src, dbl_span span, dbl_col_unit unit)
{
    dbl_span sp = dbl_output_diag_span(src, span);
    S_pos p = {.start = sp.start, .end = sp.end};
    dbl_source_position(src, p.start, unit, &p.line, &p.col);
    dbl_source_position(src, p.end, unit, &p.end_line, &p.end_col);
    return p;
}

static const char *S_path(const dbl_source *src)
{
    return strcmp(src->path, "-") == 0 ? "<stdin>" : src->path;
}

/* ---- text ------------------------------------------------------------------- */

static const uint32_t MAX_SHOWN = 160;

static void S_text_one(const dbl_run *run, const dbl_diag *d, bool color, dbl_buf *o)
{
    const dbl_source *src = dbl_run_source(run, d->loc.file);
    S_pos p = S_position(src, d->loc.span, DBL_COL_CHARS);
    static const char *const sev_color[] = {"", "\033[1;36m", "\033[1;33m", "\033[1;31m"};
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    dbl_buf_printf(o, "%s%s:%u:%u:%s %s%s%s: %s%s%s [%s]\n", bold, S_path(src), p.line, p.col, reset,
                   color ? sev_color[d->severity] : "", dbl_severity_name(d->severity), reset, bold,
                   d->message, reset, d->rule);
    uint32_t len;
    const char *line = dbl_source_line_text(src, p.line - 1, &len);
    if (len == 0 && p.start >= src->len)
        goto fix;
    /* a window of the line around the column, for very long lines */
    uint32_t col_byte = p.start - (uint32_t)(line - src->text);
    if (p.start < (uint32_t)(line - src->text))
        col_byte = 0;
    uint32_t from = 0, to = len;
    if (len > MAX_SHOWN) {
        from = col_byte > MAX_SHOWN / 2 ? col_byte - MAX_SHOWN / 2 : 0;
        while (from > 0 && ((unsigned char)line[from] & 0xC0) == 0x80)
            from--;
        to = from + MAX_SHOWN < len ? from + MAX_SHOWN : len;
        while (to < len && ((unsigned char)line[to] & 0xC0) == 0x80)
            to++;
    }
    dbl_buf_puts(o, "  ");
    if (from > 0)
        dbl_buf_puts(o, "...");
    for (uint32_t i = from; i < to; i++) {
        unsigned char ch = (unsigned char)line[i];
        dbl_buf_putc(o, ch < 0x20 && ch != '\t' ? ' ' : (char)ch);
    }
    if (to < len)
        dbl_buf_puts(o, "...");
    dbl_buf_puts(o, "\n  ");
    if (from > 0)
        dbl_buf_puts(o, "   ");
    const unsigned char *u = (const unsigned char *)line;
    for (uint32_t i = from; i < col_byte && i < to;) {
        dbl_buf_putc(o, u[i] == '\t' ? '\t' : ' ');
        int k = dbl_utf8_seq_len(u + i, len - i);
        i += k > 0 ? (uint32_t)k : 1;
    }
    uint32_t end_byte = p.end_line == p.line ? p.end - (uint32_t)(line - src->text) : len;
    if (end_byte > to)
        end_byte = to;
    dbl_buf_puts(o, color ? sev_color[d->severity] : "");
    uint32_t carets = 0;
    for (uint32_t i = col_byte; i < end_byte;) {
        dbl_buf_putc(o, '^');
        carets++;
        int k = dbl_utf8_seq_len(u + i, len - i);
        i += k > 0 ? (uint32_t)k : 1;
    }
    if (!carets)
        dbl_buf_putc(o, '^');
    dbl_buf_printf(o, "%s\n", reset);
fix:
    if (d->fix_sql)
        dbl_buf_printf(o, "  %shelp%s: %s: %s\n", color ? "\033[1;32m" : "", reset, d->fix_description, d->fix_sql);
    else if (d->fix_description)
        dbl_buf_printf(o, "  %shelp%s: %s\n", color ? "\033[1;32m" : "", reset, d->fix_description);
}

/* ---- JSON ---------------------------------------------------------------------- */

static void S_jw_object(dbl_jsonw *w, const dbl_diag *d)
{
    dbl_jsonw_object(w);
    for (uint32_t i = 0; i < d->n_object; i++) {
        const dbl_obj_field *f = &d->object[i];
        dbl_jsonw_key(w, f->key);
        if (f->list) {
            dbl_jsonw_array(w);
            for (uint32_t k = 0; k < f->n; k++)
                dbl_jsonw_string(w, f->list[k]);
            dbl_jsonw_end_array(w);
        } else {
            dbl_jsonw_string(w, f->str);
        }
    }
    dbl_jsonw_end_object(w);
}

static void S_json_diag(const dbl_run *run, const dbl_diag *d, dbl_jsonw *w)
{
    const dbl_source *src = dbl_run_source(run, d->loc.file);
    S_pos p = S_position(src, d->loc.span, DBL_COL_CHARS);
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "rule");
    dbl_jsonw_string(w, d->rule);
    dbl_jsonw_key(w, "severity");
    dbl_jsonw_string(w, dbl_severity_name(d->severity));
    dbl_jsonw_key(w, "message");
    dbl_jsonw_string(w, d->message);
    dbl_jsonw_key(w, "file");
    dbl_jsonw_string(w, S_path(src));
    const struct { const char *k; uint32_t v; } pos[] = {
        {"line", p.line}, {"column", p.col}, {"end_line", p.end_line},
        {"end_column", p.end_col}, {"start_byte", p.start}, {"end_byte", p.end},
    };
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++) {
        dbl_jsonw_key(w, pos[i].k);
        dbl_jsonw_int(w, pos[i].v);
    }
    dbl_jsonw_key(w, "object");
    S_jw_object(w, d);
    if (d->fix_sql) {
        dbl_jsonw_key(w, "fix");
        dbl_jsonw_object(w);
        dbl_jsonw_key(w, "description");
        dbl_jsonw_string(w, d->fix_description);
        dbl_jsonw_key(w, "sql");
        dbl_jsonw_string(w, d->fix_sql);
        dbl_jsonw_end_object(w);
    } else if (d->fix_edit_text) {
        /* an edit of the file itself: replace the bytes [start_byte, end_byte) with text */
        dbl_jsonw_key(w, "fix");
        dbl_jsonw_object(w);
        dbl_jsonw_key(w, "description");
        dbl_jsonw_string(w, d->fix_description);
        dbl_jsonw_key(w, "edit");
        dbl_jsonw_object(w);
        dbl_jsonw_key(w, "start_byte");
        dbl_jsonw_int(w, d->fix_edit.start);
        dbl_jsonw_key(w, "end_byte");
        dbl_jsonw_int(w, d->fix_edit.end);
        dbl_jsonw_key(w, "text");
        dbl_jsonw_string(w, d->fix_edit_text);
        dbl_jsonw_end_object(w);
        dbl_jsonw_end_object(w);
    }
    dbl_jsonw_end_object(w);
}

static void S_dump(json_t *root, dbl_buf *out, size_t flags)
{
    char *s = json_dumps(root, flags);
    if (s) {
        dbl_buf_puts(out, s);
        dbl_buf_putc(out, '\n');
        free(s);
    }
}

static void S_json(const dbl_run *run, dbl_buf *out)
{
    const dbl_diag_list *l = dbl_run_diags(run);
    dbl_jsonw w;
    dbl_jsonw_init(&w, out);
    dbl_jsonw_object(&w);
    dbl_jsonw_key(&w, "version");
    dbl_jsonw_int(&w, 1);
    dbl_jsonw_key(&w, "diagnostics");
    dbl_jsonw_array(&w);
    for (uint32_t i = 0; i < l->items.size; i++)
        S_json_diag(run, &l->items.items[i], &w);
    dbl_jsonw_end_array(&w);
    uint32_t counts[4];
    dbl_output_counts(run, counts);
    dbl_run_stats st = dbl_run_get_stats(run);
    dbl_jsonw_key(&w, "summary");
    dbl_jsonw_object(&w);
    const struct { const char *k; uint32_t v; } sum[] = {
        {"files", st.files}, {"statements", st.statements}, {"parsed", st.parsed},
        {"syntax_errors", st.syntax_errors}, {"meta_commands", st.meta_commands},
        {"copy_blocks", st.copy_blocks}, {"errors", counts[DBL_SEV_ERROR]},
        {"warnings", counts[DBL_SEV_WARNING]}, {"infos", counts[DBL_SEV_INFO]},
    };
    for (size_t i = 0; i < sizeof sum / sizeof sum[0]; i++) {
        dbl_jsonw_key(&w, sum[i].k);
        dbl_jsonw_int(&w, sum[i].v);
    }
    dbl_jsonw_end_object(&w);
    dbl_jsonw_end_object(&w);
    dbl_jsonw_finish(&w);
}

/* ---- SARIF 2.1.0 ------------------------------------------------------------------ */

static const char *const S_repo = "https://github.com/dbl-lint/dbl";

/* RFC 3986: unreserved characters and "/" stay, every other byte is %XX. */
static void S_uri_encode(dbl_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_' || *p == '~' || *p == '/')
            dbl_buf_putc(b, (char)*p);
        else
            dbl_buf_printf(b, "%%%02X", *p);
    }
}

json_t *dbl_sarif_artifact(const char *path)
{
    dbl_buf b = {0};
    bool absolute = path[0] == '/';
    if (absolute)
        dbl_buf_puts(&b, "file://");
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    S_uri_encode(&b, path);
    json_t *art = json_object();
    json_object_set_new(art, "uri", json_string(dbl_buf_str(&b)));
    if (!absolute)
        json_object_set_new(art, "uriBaseId", json_string("%SRCROOT%"));
    dbl_buf_free(&b);
    return art;
}

static json_t *S_region(const S_pos *p)
{
    return json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)p->line, "startColumn", (json_int_t)p->col,
                     "endLine", (json_int_t)p->end_line, "endColumn", (json_int_t)p->end_col);
}

static const char *const S_levels[] = {"none", "note", "warning", "error"};

/* The fix as a SARIF fix: an edit of the file, or the fix SQL appended to it. */
static json_t *S_sarif_fix(const dbl_source *src, const dbl_diag *d)
{
    S_pos at = {0};
    dbl_buf text = {0}, desc = {0};
    if (d->fix_edit_text) {
        dbl_source_position(src, d->fix_edit.start, DBL_COL_UTF16, &at.line, &at.col);
        dbl_source_position(src, d->fix_edit.end, DBL_COL_UTF16, &at.end_line, &at.end_col);
        dbl_buf_puts(&text, d->fix_edit_text);
        dbl_buf_puts(&desc, d->fix_description);
    } else {
        dbl_source_position(src, src->len, DBL_COL_UTF16, &at.line, &at.col);
        at.end_line = at.line;
        at.end_col = at.col;
        bool nl = src->len == 0 || src->text[src->len - 1] == '\n';
        dbl_buf_printf(&text, "%s%s\n", nl ? "" : "\n", d->fix_sql);
        dbl_buf_printf(&desc, "%s: %s", d->fix_description, d->fix_sql);
    }
    json_t *rep = json_object();
    json_object_set_new(rep, "deletedRegion", S_region(&at));
    if (text.len)
        json_object_set_new(rep, "insertedContent", json_pack("{s:s}", "text", dbl_buf_str(&text)));
    json_t *change = json_object();
    json_object_set_new(change, "artifactLocation", dbl_sarif_artifact(S_path(src)));
    json_object_set_new(change, "replacements", json_pack("[o]", rep));
    json_t *fix = json_pack("{s:{s:s},s:[o]}", "description", "text", dbl_buf_str(&desc), "artifactChanges", change);
    dbl_buf_free(&text);
    dbl_buf_free(&desc);
    return fix;
}

static json_t *S_sarif_rule(const dbl_rule *r)
{
    json_t *jr = json_object();
    json_object_set_new(jr, "id", json_string(r->name));
    char name[128]; /* the friendly name SARIF wants distinct from the id: FkWithoutIndex */
    size_t k = 0;
    for (const char *c = r->name; *c && k + 1 < sizeof name; c++)
        if (*c != '-')
            name[k++] = (c == r->name || c[-1] == '-') && *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
    name[k] = '\0';
    json_object_set_new(jr, "name", json_string(name));
    json_object_set_new(jr, "shortDescription", json_pack("{s:s}", "text", r->summary));
    json_object_set_new(jr, "fullDescription", json_pack("{s:s}", "text", r->rationale));
    char uri[256];
    snprintf(uri, sizeof uri, "%s/blob/main/docs/rules/%s.md", S_repo, r->name);
    json_object_set_new(jr, "helpUri", json_string(uri));
    json_object_set_new(jr, "help", json_pack("{s:s,s:s++}", "text", r->fix, "markdown", r->fix, ". See ", uri));
    json_object_set_new(jr, "defaultConfiguration", json_pack("{s:s}", "level", S_levels[r->severity]));
    return jr;
}

json_t *dbl_sarif_driver(const dbl_rule *const *rules, uint32_t n)
{
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("dbl"));
    json_object_set_new(driver, "version", json_string(DBL_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(DBL_VERSION));
    json_object_set_new(driver, "informationUri", json_string(S_repo));
    json_t *list = json_array();
    for (uint32_t i = 0; i < n; i++)
        json_array_append_new(list, S_sarif_rule(rules[i]));
    json_object_set_new(driver, "rules", list);
    return driver;
}

static void S_sarif(const dbl_run *run, dbl_buf *out)
{
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    uint32_t n;
    const dbl_rule *const *all = dbl_rules_all(&n);
    json_t *driver = dbl_sarif_driver(all, n);
    json_t *results = json_array();
    const dbl_diag_list *l = dbl_run_diags(run);
    dbl_arena *a = dbl_arena_new();
    dbl_identity *ids = dbl_run_identities(run, a);
    for (uint32_t i = 0; i < l->items.size; i++) {
        const dbl_diag *d = &l->items.items[i];
        const dbl_source *src = dbl_run_source(run, d->loc.file);
        S_pos p = S_position(src, d->loc.span, DBL_COL_UTF16);
        json_t *r = json_object();
        json_object_set_new(r, "ruleId", json_string(d->rule));
        for (uint32_t k = 0; k < n; k++)
            if (strcmp(all[k]->name, d->rule) == 0)
                json_object_set_new(r, "ruleIndex", json_integer(k));
        json_object_set_new(r, "level", json_string(S_levels[d->severity]));
        json_object_set_new(r, "message", json_pack("{s:s}", "text", d->message));
        json_t *phys = json_object();
        json_object_set_new(phys, "artifactLocation", dbl_sarif_artifact(S_path(src)));
        json_object_set_new(phys, "region", S_region(&p));
        json_object_set_new(r, "locations", json_pack("[{s:o}]", "physicalLocation", phys));
        char fp[33];
        dbl_fingerprint(ids[i].identity, ids[i].occurrence, fp);
        json_object_set_new(r, "partialFingerprints", json_pack("{s:s}", "dblIdentity/v1", fp));
        if (d->fix_sql || d->fix_edit_text)
            json_object_set_new(r, "fixes", json_pack("[o]", S_sarif_fix(src, d)));
        json_t *props = json_object();
        for (uint32_t k = 0; k < d->n_object; k++) {
            const dbl_obj_field *f = &d->object[k];
            if (f->list) {
                json_t *arr = json_array();
                for (uint32_t m = 0; m < f->n; m++)
                    json_array_append_new(arr, json_string(f->list[m]));
                json_object_set_new(props, f->key, arr);
            } else {
                json_object_set_new(props, f->key, json_string(f->str));
            }
        }
        json_object_set_new(r, "properties", props);
        json_array_append_new(results, r);
    }
    dbl_free(ids);
    dbl_arena_free(a);
    json_t *runobj = json_object();
    json_object_set_new(runobj, "tool", json_pack("{s:o}", "driver", driver));
    json_object_set_new(runobj, "columnKind", json_string("utf16CodeUnits"));
    json_object_set_new(runobj, "results", results);
    json_object_set_new(root, "runs", json_pack("[o]", runobj));
    S_dump(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
}

/* ---- GitLab Code Quality ----------------------------------------------------------- */

static void S_gitlab(const dbl_run *run, dbl_buf *out)
{
    static const char *const severity[] = {"info", "info", "major", "critical"};
    const dbl_diag_list *l = dbl_run_diags(run);
    dbl_arena *a = dbl_arena_new();
    dbl_identity *ids = dbl_run_identities(run, a);
    json_t *issues = json_array();
    for (uint32_t i = 0; i < l->items.size; i++) {
        const dbl_diag *d = &l->items.items[i];
        const dbl_source *src = dbl_run_source(run, d->loc.file);
        S_pos p = S_position(src, d->loc.span, DBL_COL_CHARS);
        const char *path = S_path(src);
        while (path[0] == '.' && path[1] == '/')
            path += 2;
        char fp[33];
        dbl_fingerprint(ids[i].identity, ids[i].occurrence, fp);
        json_t *issue = json_object();
        json_object_set_new(issue, "type", json_string("issue"));
        json_object_set_new(issue, "check_name", json_string(d->rule));
        json_object_set_new(issue, "description", json_string(d->message));
        json_object_set_new(issue, "categories", json_pack("[s]", "Bug Risk"));
        json_object_set_new(issue, "severity", json_string(severity[d->severity]));
        json_object_set_new(issue, "fingerprint", json_string(fp));
        json_object_set_new(issue, "location",
                            json_pack("{s:s,s:{s:I,s:I}}", "path", path, "lines", "begin", (json_int_t)p.line, "end",
                                      (json_int_t)p.end_line));
        json_array_append_new(issues, issue);
    }
    dbl_free(ids);
    dbl_arena_free(a);
    S_dump(issues, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(issues);
}

/* ---- GitHub workflow commands -------------------------------------------------------- */

void dbl_output_gh_escape(dbl_buf *o, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': dbl_buf_puts(o, "%25"); break;
        case '\r': dbl_buf_puts(o, "%0D"); break;
        case '\n': dbl_buf_puts(o, "%0A"); break;
        case ':': property ? dbl_buf_puts(o, "%3A") : dbl_buf_putc(o, ':'); break;
        case ',': property ? dbl_buf_puts(o, "%2C") : dbl_buf_putc(o, ','); break;
        default: dbl_buf_putc(o, *s);
        }
    }
}

static void S_github(const dbl_run *run, dbl_buf *o)
{
    const dbl_diag_list *l = dbl_run_diags(run);
    for (uint32_t i = 0; i < l->items.size; i++) {
        const dbl_diag *d = &l->items.items[i];
        const dbl_source *src = dbl_run_source(run, d->loc.file);
        S_pos p = S_position(src, d->loc.span, DBL_COL_CHARS);
        static const char *const cmd[] = {"notice", "notice", "warning", "error"};
        dbl_buf_printf(o, "::%s file=", cmd[d->severity]);
        dbl_output_gh_escape(o, S_path(src), true);
        dbl_buf_printf(o, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", p.line, p.col, p.end_line, p.end_col);
        dbl_output_gh_escape(o, d->rule, true);
        dbl_buf_puts(o, "::");
        dbl_output_gh_escape(o, d->message, false);
        if (d->fix_sql) {
            dbl_buf_puts(o, "%0A");
            dbl_output_gh_escape(o, d->fix_description, false);
            dbl_buf_puts(o, ": ");
            dbl_output_gh_escape(o, d->fix_sql, false);
        } else if (d->fix_description) {
            dbl_buf_puts(o, "%0A");
            dbl_output_gh_escape(o, d->fix_description, false);
        }
        dbl_buf_putc(o, '\n');
    }
}

void dbl_output_diags(const dbl_run *run, dbl_format fmt, bool color, dbl_buf *out)
{
    switch (fmt) {
    case DBL_FMT_TEXT: {
        const dbl_diag_list *l = dbl_run_diags(run);
        for (uint32_t i = 0; i < l->items.size; i++)
            S_text_one(run, &l->items.items[i], color, out);
        break;
    }
    case DBL_FMT_JSON:
        S_json(run, out);
        break;
    case DBL_FMT_SARIF:
        S_sarif(run, out);
        break;
    case DBL_FMT_GITHUB:
        S_github(run, out);
        break;
    case DBL_FMT_GITLAB:
        S_gitlab(run, out);
        break;
    }
}

/* ---- the catalog ---------------------------------------------------------------------- */

static int S_cmp_tables(const void *a, const void *b)
{
    const dbl_table *x = *(const dbl_table *const *)a, *y = *(const dbl_table *const *)b;
    int r = strcmp(x->schema, y->schema);
    return r ? r : strcmp(x->name, y->name);
}

static int S_cmp_index(const void *a, const void *b)
{
    const dbl_index *x = *(const dbl_index *const *)a, *y = *(const dbl_index *const *)b;
    int r = strcmp(x->schema, y->schema);
    return r ? r : strcmp(x->name, y->name);
}

static int S_cmp_con(const void *a, const void *b)
{
    const dbl_constraint *x = *(const dbl_constraint *const *)a, *y = *(const dbl_constraint *const *)b;
    return strcmp(x->name, y->name);
}

void dbl_output_catalog_json(const dbl_run *run, dbl_buf *out)
{
    const dbl_catalog *c = dbl_run_catalog(run);
    uint32_t n;
    const dbl_table *const *all = dbl_catalog_tables(c, &n);
    const dbl_table **tables = dbl_malloc(sizeof(dbl_table *) * (n ? n : 1));
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (all[i]->relkind == DBL_REL_TABLE || all[i]->relkind == DBL_REL_PARTITIONED)
            tables[k++] = all[i];
    qsort(tables, k, sizeof(dbl_table *), S_cmp_tables);
    dbl_arena *a = dbl_arena_new();
    json_t *root = json_object();
    json_t *jt = json_array();
    for (uint32_t i = 0; i < k; i++) {
        const dbl_table *t = tables[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(dbl_qualified(a, t->schema, t->name)));
        json_t *cols = json_array();
        for (uint32_t j = 0; j < t->columns.size; j++) {
            const dbl_column *col = t->columns.items[j];
            json_t *jc = json_object();
            json_object_set_new(jc, "name", json_string(col->name));
            json_object_set_new(jc, "type", json_string(col->type.text));
            json_object_set_new(jc, "not_null", json_boolean(col->not_null));
            json_array_append_new(cols, jc);
        }
        json_object_set_new(o, "columns", cols);
        const dbl_index **ix = dbl_malloc(sizeof(dbl_index *) * (t->indexes.size + 1));
        for (uint32_t j = 0; j < t->indexes.size; j++)
            ix[j] = t->indexes.items[j];
        qsort(ix, t->indexes.size, sizeof(dbl_index *), S_cmp_index);
        json_t *jix = json_array();
        for (uint32_t j = 0; j < t->indexes.size; j++) {
            const dbl_index *x = ix[j];
            json_t *jx = json_object();
            json_object_set_new(jx, "name", json_string(dbl_qualified(a, x->schema, x->name)));
            json_object_set_new(jx, "unique", json_boolean(x->unique));
            json_object_set_new(jx, "method", json_string(x->method));
            json_object_set_new(jx, "partial", json_boolean(x->predicate != NULL));
            json_t *keys = json_array();
            for (uint32_t m = 0; m < x->keys.size; m++) {
                const dbl_index_key *key = &x->keys.items[m];
                const char *s = key->column ? dbl_quote_ident(a, key->column->name)
                                : key->expr_is_call ? key->expr
                                                    : dbl_arena_printf(a, "(%s)", key->expr);
                json_array_append_new(keys, json_string(s));
            }
            json_object_set_new(jx, "columns", keys);
            /* pg_index.indcollation / indclass of each key; "unknown" where dbl cannot tell */
            json_t *colls = json_array(), *opcs = json_array();
            for (uint32_t m = 0; m < x->keys.size; m++) {
                bool known;
                const char *v = dbl_index_key_collation(c, x, &x->keys.items[m], &known);
                json_array_append_new(colls, !known ? json_string("unknown") : v ? json_string(v) : json_null());
                v = dbl_index_key_opclass(c, x, &x->keys.items[m], &known);
                json_array_append_new(opcs, known && v ? json_string(v) : json_string("unknown"));
            }
            json_object_set_new(jx, "collations", colls);
            json_object_set_new(jx, "opclasses", opcs);
            json_object_set_new(jx, "predicate", x->predicate ? json_string(x->predicate) : json_null());
            json_t *inc = json_array();
            for (uint32_t m = 0; m < x->include.size; m++)
                json_array_append_new(inc, json_string(dbl_quote_ident(a, x->include.items[m]->name)));
            json_object_set_new(jx, "include", inc);
            json_array_append_new(jix, jx);
        }
        dbl_free(ix);
        json_object_set_new(o, "indexes", jix);
        const dbl_constraint **fks = dbl_malloc(sizeof(dbl_constraint *) * (t->constraints.size + 1));
        uint32_t nf = 0;
        for (uint32_t j = 0; j < t->constraints.size; j++)
            if (t->constraints.items[j]->kind == DBL_CON_FOREIGN)
                fks[nf++] = t->constraints.items[j];
        qsort(fks, nf, sizeof(dbl_constraint *), S_cmp_con);
        json_t *jf = json_array();
        for (uint32_t j = 0; j < nf; j++) {
            const dbl_constraint *fk = fks[j];
            json_t *o2 = json_object();
            json_object_set_new(o2, "name", json_string(fk->name));
            json_t *fc = json_array();
            for (uint32_t m = 0; m < fk->columns.size; m++)
                json_array_append_new(fc, json_string(fk->columns.items[m]->name));
            json_object_set_new(o2, "columns", fc);
            json_object_set_new(o2, "references", json_string(dbl_qualified(a, fk->ref_schema, fk->ref_name)));
            json_t *rc = json_array();
            for (uint32_t m = 0; m < fk->ref_columns.size; m++)
                json_array_append_new(rc, json_string(fk->ref_columns.items[m]));
            json_object_set_new(o2, "ref_columns", rc);
            json_array_append_new(jf, o2);
        }
        dbl_free(fks);
        json_object_set_new(o, "foreign_keys", jf);
        json_array_append_new(jt, o);
    }
    json_object_set_new(root, "tables", jt);
    S_dump(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    dbl_arena_free(a);
    dbl_free(tables);
}
