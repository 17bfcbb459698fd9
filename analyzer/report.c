/* report.c - `dbl analyze` findings for people and programs (see report.h). */
#include "analyzer/report.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lint/jsonw.h"
#include "rules/rule.h"

static const char *S_file(const dbl_analysis *a, uint32_t i)
{
    const char *f = dbl_logreader_file_name(dbl_analysis_reader(a), i);
    return f ? f : "-";
}

/* The text that shows what a shape runs (the prepared query for SQL-level EXECUTE). */
static const char *S_query(const dbl_shape *s)
{
    return s->query;
}

static void S_message(const dbl_finding *f, dbl_buf *o)
{
    const dbl_occurrence *ex = &f->occurrences.items[f->example];
    if (f->rule[0] == 'r') {
        dbl_buf_printf(o, "the same %s with the same constants ran %llu times back to back",
                       f->n_body > 1 ? "statements" : "query", (unsigned long long)f->count);
    } else {
        dbl_buf_printf(o, "%s issued once per row of %s: %llu executions in %llu loop%s, longest %llu",
                       f->n_body > 1 ? "loop body of several statements" : "query",
                       f->nested ? "each execution of an outer loop's query" : "an earlier query",
                       (unsigned long long)f->count, (unsigned long long)f->bursts, f->bursts == 1 ? "" : "s",
                       (unsigned long long)f->longest);
    }
    dbl_buf_printf(o, ", session %s", ex->session);
}

static const char *S_fix_description(const dbl_finding *f)
{
    return f->fix_description;
}

static const char *S_fix_sql(const dbl_finding *f)
{
    return f->fix_sql;
}

static void S_human_bytes(dbl_buf *o, uint64_t b)
{
    if (b >= 1u << 30)
        dbl_buf_printf(o, "%.1f GB", (double)b / (1u << 30));
    else if (b >= 1u << 20)
        dbl_buf_printf(o, "%.1f MB", (double)b / (1u << 20));
    else if (b >= 1u << 10)
        dbl_buf_printf(o, "%.1f KB", (double)b / (1u << 10));
    else
        dbl_buf_printf(o, "%llu bytes", (unsigned long long)b);
}

/* ---- text ---------------------------------------------------------------- */

static void S_indent_sql(dbl_buf *o, const char *sql)
{
    dbl_buf_puts(o, "    ");
    for (const char *p = sql; *p; p++) {
        dbl_buf_putc(o, *p);
        if (*p == '\n')
            dbl_buf_puts(o, "    ");
    }
    dbl_buf_putc(o, '\n');
}

static void S_text_finding(const dbl_analysis *a, const dbl_finding *f, bool color, dbl_buf *o)
{
    const dbl_occurrence *ex = &f->occurrences.items[f->example];
    static const char *const sev_color[] = {"", "\x1b[1;36m", "\x1b[1;33m", "\x1b[1;31m"};
    dbl_buf_printf(o, "%s%s:%llu:%s %s%s:%s ", color ? "\x1b[1m" : "", S_file(a, ex->file),
                   (unsigned long long)ex->line, color ? "\x1b[0m" : "", color ? sev_color[f->severity] : "",
                   dbl_severity_name(f->severity), color ? "\x1b[0m" : "");
    S_message(f, o);
    dbl_buf_printf(o, " [%s]\n", f->rule);
    for (uint32_t j = 0; j < f->n_body; j++) {
        if (f->n_body > 1)
            dbl_buf_printf(o, "  %u.\n", j + 1);
        S_indent_sql(o, S_query(f->body[j]));
        if (f->body[j]->prepared) {
            dbl_buf_puts(o, "  which runs:\n");
            S_indent_sql(o, f->body[j]->prepared);
        }
    }
    if (f->parent && ex->has_parent) {
        dbl_buf_printf(o, "  after (%s:%llu):\n", S_file(a, ex->parent_file), (unsigned long long)ex->parent_line);
        S_indent_sql(o, S_query(f->parent));
    }
    if (f->timed)
        dbl_buf_printf(o, "  time: %.3f ms in total, %.3f ms per execution\n", f->total_ms,
                       f->executions ? f->total_ms / (double)f->executions : 0.0);
    if (f->bursts > 1) {
        dbl_buf_puts(o, "  loops at:");
        uint32_t shown = f->occurrences.size < 8 ? f->occurrences.size : 8;
        for (uint32_t i = 0; i < shown; i++) {
            const dbl_occurrence *oc = &f->occurrences.items[i];
            dbl_buf_printf(o, "%s %s:%llu (%llu, session %s)", i ? "," : "", S_file(a, oc->file),
                           (unsigned long long)oc->line, (unsigned long long)oc->count, oc->session);
        }
        if (f->bursts > shown)
            dbl_buf_printf(o, " and %llu more", (unsigned long long)(f->bursts - shown));
        dbl_buf_putc(o, '\n');
    }
    const char *sql = S_fix_sql(f);
    dbl_buf_printf(o, "  %shelp:%s %s%s\n", color ? "\x1b[1;32m" : "", color ? "\x1b[0m" : "", S_fix_description(f),
                   sql ? ":" : "");
    if (sql)
        S_indent_sql(o, sql);
}

static const dbl_shape *S_costliest(const dbl_advice *d)
{
    const dbl_shape *best = d->queries.items[0];
    for (uint32_t i = 1; i < d->queries.size; i++) {
        const dbl_shape *s = d->queries.items[i];
        if (s->total_ms > best->total_ms || (s->total_ms == best->total_ms && s->calls > best->calls))
            best = s;
    }
    return best;
}

static void S_advice_message(const dbl_advice *d, dbl_buf *o)
{
    dbl_buf_printf(o, "no index on %s serves ", d->table_name);
    for (uint32_t k = 0; k < d->n_columns; k++) {
        const char *sep = k == 0 ? "" : k == d->n_equality ? (d->n_equality ? " then " : "") : ", ";
        dbl_buf_printf(o, "%s%s%s", sep, d->columns[k], d->desc[k] ? " DESC" : "");
    }
    dbl_buf_printf(o, " (%zu quer%s, %llu call%s", (size_t)d->queries.size, d->queries.size == 1 ? "y" : "ies",
                   (unsigned long long)d->calls, d->calls == 1 ? "" : "s");
    if (d->timed)
        dbl_buf_printf(o, ", %.3f ms", d->total_ms);
    dbl_buf_putc(o, ')');
}

static void S_text_advice(const dbl_analysis *a, const dbl_advice *d, bool color, dbl_buf *o)
{
    const dbl_shape *ex = S_costliest(d);
    static const char *const sev_color[] = {"", "\x1b[1;36m", "\x1b[1;33m", "\x1b[1;31m"};
    dbl_buf_printf(o, "%s%s:%llu:%s %s%s:%s ", color ? "\x1b[1m" : "", S_file(a, ex->first_file),
                   (unsigned long long)ex->first_line, color ? "\x1b[0m" : "", color ? sev_color[d->severity] : "",
                   dbl_severity_name((dbl_severity)d->severity), color ? "\x1b[0m" : "");
    S_advice_message(d, o);
    dbl_buf_printf(o, " [%s]\n", d->rule);
    for (uint32_t i = 0; i < d->queries.size && i < 5; i++) {
        const dbl_shape *s = d->queries.items[i];
        S_indent_sql(o, s->prepared ? s->prepared : s->query);
    }
    if (d->queries.size > 5)
        dbl_buf_printf(o, "    ... and %u more\n", d->queries.size - 5);
    if (d->resolves_fks.size) {
        dbl_buf_puts(o, "  also resolves fk-without-index for");
        for (uint32_t i = 0; i < d->resolves_fks.size; i++)
            dbl_buf_printf(o, "%s %s", i ? "," : "", d->resolves_fks.items[i]);
        dbl_buf_putc(o, '\n');
    }
    dbl_buf_printf(o, "  %shelp:%s create the index:\n", color ? "\x1b[1;32m" : "", color ? "\x1b[0m" : "");
    S_indent_sql(o, d->sql);
}

static void S_text_summary(const dbl_analysis *a, dbl_buf *o)
{
    const dbl_logstats *st = dbl_logreader_stats(dbl_analysis_reader(a));
    dbl_buf_printf(o, "read %u file%s (", st->files, st->files == 1 ? "" : "s");
    S_human_bytes(o, st->bytes);
    uint64_t sessions = dbl_analysis_sessions(a);
    uint32_t shapes = dbl_shapes_count(dbl_analysis_shapes(a));
    dbl_buf_printf(o, ", %llu lines, %llu records): %llu statement%s in %llu session%s, %u shape%s\n",
                   (unsigned long long)st->lines, (unsigned long long)st->records,
                   (unsigned long long)st->statements, st->statements == 1 ? "" : "s", (unsigned long long)sessions,
                   sessions == 1 ? "" : "s", shapes, shapes == 1 ? "" : "s");
    bool any = false;
    for (int k = 0; k < DBL_SKIP__COUNT; k++) {
        const dbl_logskip *s = &st->skipped[k];
        if (!s->count)
            continue;
        dbl_buf_printf(o, "%s %llu %s", any ? "," : "not statements:", (unsigned long long)s->count,
                       dbl_logskip_name((dbl_logskip_kind)k));
        if (s->first_line)
            dbl_buf_printf(o, " (first at %s:%llu)", S_file(a, s->first_file), (unsigned long long)s->first_line);
        any = true;
    }
    if (any)
        dbl_buf_putc(o, '\n');
    const dbl_advice_stats *as = dbl_analysis_advice_stats(a);
    if (!as) {
        dbl_buf_puts(o, "indexes: not judged (no --schema: which indexes exist is in the schema files)\n");
        return;
    }
    dbl_buf_printf(o, "indexes: %llu shapes judged, %llu table accesses served", (unsigned long long)as->shapes_read,
                   (unsigned long long)as->served);
    if (as->unresolved)
        dbl_buf_printf(o, ", %llu shapes not resolvable", (unsigned long long)as->unresolved);
    if (as->unknown_tables)
        dbl_buf_printf(o, ", %llu relations not in the schema (such as %s)", (unsigned long long)as->unknown_tables,
                       as->first_unknown);
    if (as->low_selectivity)
        dbl_buf_printf(o, ", %llu left alone for low selectivity", (unsigned long long)as->low_selectivity);
    dbl_buf_putc(o, '\n');
}

/* ---- JSON ---------------------------------------------------------------- */

/* The keys every diagnostic starts with (DESIGN.md §1); a log line has no columns. */
static void S_json_head(dbl_jsonw *w, const char *rule, int sev, const char *message, const char *file,
                        uint64_t line, uint64_t end_line)
{
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "rule");
    dbl_jsonw_string(w, rule);
    dbl_jsonw_key(w, "severity");
    dbl_jsonw_string(w, dbl_severity_name((dbl_severity)sev));
    dbl_jsonw_key(w, "message");
    dbl_jsonw_string(w, message);
    dbl_jsonw_key(w, "file");
    dbl_jsonw_string(w, file);
    dbl_jsonw_key(w, "line");
    dbl_jsonw_int(w, (int64_t)line);
    dbl_jsonw_key(w, "column");
    dbl_jsonw_int(w, 1);
    dbl_jsonw_key(w, "end_line");
    dbl_jsonw_int(w, (int64_t)end_line);
    dbl_jsonw_key(w, "end_column");
    dbl_jsonw_int(w, 1);
}

/* A shape's keys: fingerprint, query and, for SQL-level EXECUTE, the prepared query. */
static void S_json_shape(dbl_jsonw *w, const dbl_shape *s)
{
    dbl_jsonw_key(w, "fingerprint");
    dbl_jsonw_string(w, s->fingerprint_hex);
    dbl_jsonw_key(w, "query");
    dbl_jsonw_string(w, s->query);
    if (s->prepared) {
        dbl_jsonw_key(w, "prepared_query");
        dbl_jsonw_string(w, s->prepared);
    }
}

static void S_json_finding(const dbl_analysis *a, const dbl_finding *f, dbl_jsonw *w, dbl_buf *tmp)
{
    const dbl_occurrence *ex = &f->occurrences.items[f->example];
    tmp->len = 0;
    S_message(f, tmp);
    S_json_head(w, f->rule, f->severity, dbl_buf_str(tmp), S_file(a, ex->file), ex->line, ex->end_line);

    dbl_jsonw_key(w, "object");
    dbl_jsonw_object(w);
    S_json_shape(w, f->body[0]);
    if (f->table) {
        dbl_jsonw_key(w, "table");
        dbl_jsonw_string(w, f->table);
    }
    dbl_jsonw_key(w, "count");
    dbl_jsonw_int(w, (int64_t)f->count);
    dbl_jsonw_key(w, "executions");
    dbl_jsonw_int(w, (int64_t)f->executions);
    dbl_jsonw_key(w, "bursts");
    dbl_jsonw_int(w, (int64_t)f->bursts);
    dbl_jsonw_key(w, "longest_burst");
    dbl_jsonw_int(w, (int64_t)f->longest);
    dbl_jsonw_key(w, "session");
    dbl_jsonw_string(w, ex->session);
    dbl_jsonw_key(w, "pid");
    dbl_jsonw_int(w, ex->pid);
    dbl_jsonw_key(w, "nested");
    dbl_jsonw_bool(w, f->nested);
    dbl_jsonw_key(w, "parent_query");
    dbl_jsonw_string(w, f->parent && ex->has_parent ? f->parent->query : NULL);
    if (f->parent && ex->has_parent) {
        dbl_jsonw_key(w, "parent_file");
        dbl_jsonw_string(w, S_file(a, ex->parent_file));
        dbl_jsonw_key(w, "parent_line");
        dbl_jsonw_int(w, (int64_t)ex->parent_line);
    }
    if (f->timed) {
        dbl_jsonw_key(w, "total_ms");
        dbl_jsonw_double(w, f->total_ms, 3);
    }
    if (f->n_body > 1) {
        dbl_jsonw_key(w, "body");
        dbl_jsonw_array(w);
        for (uint32_t j = 0; j < f->n_body; j++) {
            dbl_jsonw_object(w);
            S_json_shape(w, f->body[j]);
            dbl_jsonw_end_object(w);
        }
        dbl_jsonw_end_array(w);
    }
    dbl_jsonw_key(w, "occurrences");
    dbl_jsonw_array(w);
    for (uint32_t i = 0; i < f->occurrences.size; i++) {
        const dbl_occurrence *oc = &f->occurrences.items[i];
        dbl_jsonw_object(w);
        dbl_jsonw_key(w, "file");
        dbl_jsonw_string(w, S_file(a, oc->file));
        dbl_jsonw_key(w, "session");
        dbl_jsonw_string(w, oc->session);
        dbl_jsonw_key(w, "pid");
        dbl_jsonw_int(w, oc->pid);
        dbl_jsonw_key(w, "line");
        dbl_jsonw_int(w, (int64_t)oc->line);
        dbl_jsonw_key(w, "end_line");
        dbl_jsonw_int(w, (int64_t)oc->end_line);
        dbl_jsonw_key(w, "count");
        dbl_jsonw_int(w, (int64_t)oc->count);
        if (oc->has_parent) {
            dbl_jsonw_key(w, "parent_line");
            dbl_jsonw_int(w, (int64_t)oc->parent_line);
        }
        dbl_jsonw_end_object(w);
    }
    dbl_jsonw_end_array(w);
    dbl_jsonw_end_object(w);

    dbl_jsonw_key(w, "fix");
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "description");
    dbl_jsonw_string(w, S_fix_description(f));
    const char *sql = S_fix_sql(f);
    if (sql) {
        dbl_jsonw_key(w, "sql");
        dbl_jsonw_string(w, sql);
    }
    dbl_jsonw_end_object(w);
    dbl_jsonw_end_object(w);
}

static void S_json_advice(const dbl_analysis *a, const dbl_advice *d, dbl_jsonw *w, dbl_buf *tmp)
{
    const dbl_shape *ex = S_costliest(d);
    tmp->len = 0;
    S_advice_message(d, tmp);
    S_json_head(w, d->rule, d->severity, dbl_buf_str(tmp), S_file(a, ex->first_file), ex->first_line,
                ex->first_line);
    dbl_jsonw_key(w, "object");
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "table");
    dbl_jsonw_string(w, d->table_name);
    dbl_jsonw_key(w, "columns");
    dbl_jsonw_array(w);
    for (uint32_t k = 0; k < d->n_columns; k++)
        dbl_jsonw_string(w, d->columns[k]);
    dbl_jsonw_end_array(w);
    if (d->n_include) {
        dbl_jsonw_key(w, "include");
        dbl_jsonw_array(w);
        for (uint32_t k = 0; k < d->n_include; k++)
            dbl_jsonw_string(w, d->include[k]);
        dbl_jsonw_end_array(w);
    }
    dbl_jsonw_key(w, "equality_columns");
    dbl_jsonw_int(w, d->n_equality);
    dbl_jsonw_key(w, "queries");
    dbl_jsonw_array(w);
    for (uint32_t i = 0; i < d->queries.size; i++) {
        const dbl_shape *s = d->queries.items[i];
        dbl_jsonw_string(w, s->query);
    }
    dbl_jsonw_end_array(w);
    dbl_jsonw_key(w, "calls");
    dbl_jsonw_int(w, (int64_t)d->calls);
    if (d->timed) {
        dbl_jsonw_key(w, "total_ms");
        dbl_jsonw_double(w, d->total_ms, 3);
        dbl_jsonw_key(w, "mean_ms");
        dbl_jsonw_double(w, d->calls ? d->total_ms / (double)d->calls : 0.0, 3);
    }
    dbl_jsonw_key(w, "index");
    dbl_jsonw_string(w, d->name);
    if (d->resolves_fks.size) {
        dbl_jsonw_key(w, "resolves");
        dbl_jsonw_array(w);
        for (uint32_t i = 0; i < d->resolves_fks.size; i++)
            dbl_jsonw_string(w, d->resolves_fks.items[i]);
        dbl_jsonw_end_array(w);
    }
    dbl_jsonw_end_object(w);
    dbl_jsonw_key(w, "fix");
    dbl_jsonw_object(w);
    dbl_jsonw_key(w, "description");
    dbl_jsonw_string(w, "create the index");
    dbl_jsonw_key(w, "sql");
    dbl_jsonw_string(w, d->sql);
    dbl_jsonw_end_object(w);
    dbl_jsonw_end_object(w);
}

static void S_json(const dbl_analysis *a, dbl_buf *out)
{
    dbl_jsonw w;
    dbl_jsonw_init(&w, out);
    dbl_buf tmp = {0};
    dbl_jsonw_object(&w);
    dbl_jsonw_key(&w, "version");
    dbl_jsonw_int(&w, 1);
    dbl_jsonw_key(&w, "diagnostics");
    dbl_jsonw_array(&w);
    uint32_t n;
    const dbl_finding *const *fs = dbl_analysis_findings(a, &n);
    for (uint32_t i = 0; i < n; i++) {
        S_json_finding(a, fs[i], &w, &tmp);
        dbl_buf_flush(out);
    }
    uint32_t na;
    const dbl_advice *const *ads = dbl_analysis_advice(a, &na);
    for (uint32_t i = 0; i < na; i++)
        S_json_advice(a, ads[i], &w, &tmp);
    dbl_jsonw_end_array(&w);
    dbl_buf_free(&tmp);

    const dbl_logstats *st = dbl_logreader_stats(dbl_analysis_reader(a));
    dbl_jsonw_key(&w, "summary");
    dbl_jsonw_object(&w);
    dbl_jsonw_key(&w, "files");
    dbl_jsonw_int(&w, st->files);
    dbl_jsonw_key(&w, "bytes");
    dbl_jsonw_int(&w, (int64_t)st->bytes);
    dbl_jsonw_key(&w, "lines");
    dbl_jsonw_int(&w, (int64_t)st->lines);
    dbl_jsonw_key(&w, "records");
    dbl_jsonw_int(&w, (int64_t)st->records);
    dbl_jsonw_key(&w, "statements");
    dbl_jsonw_int(&w, (int64_t)st->statements);
    dbl_jsonw_key(&w, "sessions");
    dbl_jsonw_int(&w, (int64_t)dbl_analysis_sessions(a));
    dbl_jsonw_key(&w, "shapes");
    dbl_jsonw_int(&w, dbl_shapes_count(dbl_analysis_shapes(a)));
    dbl_jsonw_key(&w, "parses");
    dbl_jsonw_int(&w, (int64_t)dbl_shapes_parses(dbl_analysis_shapes(a)));
    uint64_t loops = 0, repeated = 0;
    for (uint32_t i = 0; i < n; i++)
        *(fs[i]->rule[0] == 'r' ? &repeated : &loops) += 1;
    dbl_jsonw_key(&w, "loops");
    dbl_jsonw_int(&w, (int64_t)loops);
    dbl_jsonw_key(&w, "repeated");
    dbl_jsonw_int(&w, (int64_t)repeated);
    dbl_jsonw_key(&w, "formats");
    dbl_jsonw_object(&w);
    for (uint32_t i = 0; i < st->files; i++) {
        dbl_jsonw_key(&w, S_file(a, i));
        dbl_jsonw_string(&w, dbl_logfmt_name(dbl_logreader_file_format(dbl_analysis_reader(a), i)));
    }
    dbl_jsonw_end_object(&w);
    const dbl_advice_stats *as = dbl_analysis_advice_stats(a);
    dbl_jsonw_key(&w, "indexes");
    if (!as) {
        dbl_jsonw_null(&w);
    } else {
        dbl_jsonw_object(&w);
        dbl_jsonw_key(&w, "suggested");
        dbl_jsonw_int(&w, na);
        dbl_jsonw_key(&w, "shapes_judged");
        dbl_jsonw_int(&w, (int64_t)as->shapes_read);
        dbl_jsonw_key(&w, "served");
        dbl_jsonw_int(&w, (int64_t)as->served);
        dbl_jsonw_key(&w, "unresolved");
        dbl_jsonw_int(&w, (int64_t)as->unresolved);
        dbl_jsonw_key(&w, "unknown_tables");
        dbl_jsonw_int(&w, (int64_t)as->unknown_tables);
        dbl_jsonw_key(&w, "low_selectivity");
        dbl_jsonw_int(&w, (int64_t)as->low_selectivity);
        dbl_jsonw_end_object(&w);
    }
    dbl_jsonw_key(&w, "skipped");
    dbl_jsonw_object(&w);
    for (int k = 0; k < DBL_SKIP__COUNT; k++) {
        const dbl_logskip *s = &st->skipped[k];
        if (!s->count)
            continue;
        dbl_jsonw_key(&w, dbl_logskip_name((dbl_logskip_kind)k));
        dbl_jsonw_object(&w);
        dbl_jsonw_key(&w, "count");
        dbl_jsonw_int(&w, (int64_t)s->count);
        dbl_jsonw_key(&w, "file");
        dbl_jsonw_string(&w, S_file(a, s->first_file));
        dbl_jsonw_key(&w, "line");
        dbl_jsonw_int(&w, (int64_t)s->first_line);
        dbl_jsonw_end_object(&w);
    }
    dbl_jsonw_end_object(&w);
    dbl_jsonw_end_object(&w);
    dbl_jsonw_end_object(&w);
    dbl_jsonw_finish(&w);
}

/* ---- SARIF and GitHub ---------------------------------------------------- */

/* A SARIF result: rule, level, message and one location (lines of a log file). */
static json_t *S_sarif_result(const char *rule, const char *level, const char *message, const char *file,
                              uint64_t line, uint64_t end_line)
{
    json_t *r = json_object();
    json_object_set_new(r, "ruleId", json_string(rule));
    json_object_set_new(r, "level", json_string(level));
    json_object_set_new(r, "message", json_pack("{s:s}", "text", message));
    json_t *region = json_pack("{s:I,s:I}", "startLine", (json_int_t)line, "endLine", (json_int_t)end_line);
    json_t *phys = json_pack("{s:o,s:o}", "artifactLocation", dbl_sarif_artifact(file), "region", region);
    json_object_set_new(r, "locations", json_pack("[{s:o}]", "physicalLocation", phys));
    return r;
}

static void S_sarif(const dbl_analysis *a, dbl_buf *out)
{
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    static const char *const levels[] = {"none", "note", "warning", "error"};
    static const char *const ids[] = {"n-plus-one", "repeated-query", "missing-index", "missing-composite-index"};
    const dbl_rule *rules[sizeof ids / sizeof ids[0]];
    uint32_t n_rules = 0;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const dbl_rule *r = dbl_rule_find(ids[i]);
        if (r)
            rules[n_rules++] = r;
    }
    json_t *driver = dbl_sarif_driver(rules, n_rules);
    json_t *results = json_array();
    uint32_t n;
    const dbl_finding *const *fs = dbl_analysis_findings(a, &n);
    dbl_buf msg = {0};
    for (uint32_t i = 0; i < n; i++) {
        const dbl_finding *f = fs[i];
        const dbl_occurrence *ex = &f->occurrences.items[f->example];
        msg.len = 0;
        S_message(f, &msg);
        dbl_buf_printf(&msg, ": %s", f->body[0]->query);
        json_t *r = S_sarif_result(f->rule, levels[f->severity], dbl_buf_str(&msg), S_file(a, ex->file), ex->line,
                                   ex->end_line);
        json_object_set_new(r, "partialFingerprints",
                            json_pack("{s:s}", "dblLoop/v1", f->body[0]->fingerprint_hex));
        json_object_set_new(r, "properties",
                            json_pack("{s:s,s:I,s:I,s:s}", "query", f->body[0]->query, "count", (json_int_t)f->count,
                                      "bursts", (json_int_t)f->bursts, "session", ex->session));
        json_array_append_new(results, r);
    }
    uint32_t na;
    const dbl_advice *const *ads = dbl_analysis_advice(a, &na);
    for (uint32_t i = 0; i < na; i++) {
        const dbl_advice *d = ads[i];
        const dbl_shape *ex = S_costliest(d);
        msg.len = 0;
        S_advice_message(d, &msg);
        uint64_t line = ex->first_line ? ex->first_line : 1;
        json_t *r = S_sarif_result(d->rule, levels[d->severity], dbl_buf_str(&msg), S_file(a, ex->first_file), line,
                                   line);
        msg.len = 0;
        dbl_buf_printf(&msg, "%s(", d->table_name);
        for (uint32_t k = 0; k < d->n_columns; k++)
            dbl_buf_printf(&msg, "%s%s", k ? "," : "", d->columns[k]);
        dbl_buf_putc(&msg, ')');
        json_object_set_new(r, "partialFingerprints", json_pack("{s:s}", "dblIndex/v1", dbl_buf_str(&msg)));
        json_object_set_new(r, "properties", json_pack("{s:s,s:s,s:I}", "table", d->table_name, "sql", d->sql,
                                                       "calls", (json_int_t)d->calls));
        json_array_append_new(results, r);
    }
    dbl_buf_free(&msg);
    json_t *runobj = json_object();
    json_object_set_new(runobj, "tool", json_pack("{s:o}", "driver", driver));
    json_object_set_new(runobj, "results", results);
    json_object_set_new(root, "runs", json_pack("[o]", runobj));
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    dbl_buf_puts(out, text);
    dbl_buf_putc(out, '\n');
    free(text);
    json_decref(root);
}

/* "::warning file=F,line=L,endLine=E,title=RULE::" */
static void S_gh_head(dbl_buf *o, int sev, const char *file, uint64_t line, uint64_t end_line, const char *rule)
{
    static const char *const cmd[] = {"notice", "notice", "warning", "error"};
    dbl_buf_printf(o, "::%s file=", cmd[sev]);
    dbl_output_gh_escape(o, file, true);
    dbl_buf_printf(o, ",line=%llu,endLine=%llu,title=", (unsigned long long)line, (unsigned long long)end_line);
    dbl_output_gh_escape(o, rule, true);
    dbl_buf_puts(o, "::");
}

static void S_github(const dbl_analysis *a, dbl_buf *o)
{
    uint32_t n;
    const dbl_finding *const *fs = dbl_analysis_findings(a, &n);
    dbl_buf msg = {0};
    for (uint32_t i = 0; i < n; i++) {
        const dbl_finding *f = fs[i];
        const dbl_occurrence *ex = &f->occurrences.items[f->example];
        S_gh_head(o, f->severity, S_file(a, ex->file), ex->line, ex->end_line, f->rule);
        msg.len = 0;
        S_message(f, &msg);
        dbl_buf_printf(&msg, "\n%s\n%s", f->body[0]->query, S_fix_description(f));
        if (S_fix_sql(f))
            dbl_buf_printf(&msg, ": %s", S_fix_sql(f));
        dbl_output_gh_escape(o, dbl_buf_str(&msg), false);
        dbl_buf_putc(o, '\n');
    }
    const dbl_advice *const *ads = dbl_analysis_advice(a, &n);
    for (uint32_t i = 0; i < n; i++) {
        const dbl_advice *d = ads[i];
        const dbl_shape *ex = S_costliest(d);
        uint64_t line = ex->first_line ? ex->first_line : 1;
        S_gh_head(o, d->severity, S_file(a, ex->first_file), line, line, d->rule);
        msg.len = 0;
        S_advice_message(d, &msg);
        dbl_buf_printf(&msg, "\n%s", d->sql);
        dbl_output_gh_escape(o, dbl_buf_str(&msg), false);
        dbl_buf_putc(o, '\n');
    }
    dbl_buf_free(&msg);
}

void dbl_report_analysis(const dbl_analysis *a, dbl_format fmt, bool color, dbl_buf *out)
{
    uint32_t n;
    const dbl_finding *const *fs = dbl_analysis_findings(a, &n);
    switch (fmt) {
    case DBL_FMT_JSON:
        S_json(a, out);
        break;
    case DBL_FMT_SARIF:
        S_sarif(a, out);
        break;
    case DBL_FMT_GITHUB:
        S_github(a, out);
        break;
    case DBL_FMT_GITLAB: /* refused by the command line: lint only */
        break;
    case DBL_FMT_TEXT:
        for (uint32_t i = 0; i < n; i++) {
            S_text_finding(a, fs[i], color, out);
            dbl_buf_putc(out, '\n');
            dbl_buf_flush(out);
        }
        {
            uint32_t na;
            const dbl_advice *const *ads = dbl_analysis_advice(a, &na);
            for (uint32_t i = 0; i < na; i++) {
                S_text_advice(a, ads[i], color, out);
                dbl_buf_putc(out, '\n');
            }
        }
        S_text_summary(a, out);
        break;
    }
}

void dbl_report_counts(const dbl_analysis *a, uint32_t counts[4])
{
    memset(counts, 0, 4 * sizeof *counts);
    uint32_t n;
    const dbl_finding *const *fs = dbl_analysis_findings(a, &n);
    for (uint32_t i = 0; i < n; i++)
        counts[fs[i]->severity]++;
    const dbl_advice *const *ads = dbl_analysis_advice(a, &n);
    for (uint32_t i = 0; i < n; i++)
        counts[ads[i]->severity]++;
}
