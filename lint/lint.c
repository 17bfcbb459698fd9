/* lint.c - the lint run: reads sources, parses, builds the catalog, runs rules. */
#include "lint/lint.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lint/pgfront.h"
#include "lint/script.h"
#include "lint/stmtcache.h"
#include "rules/rule.h"

static const uint32_t CHUNK_STATEMENTS = 64;

typedef struct {
    const char *rule;
    dbl_span span;          /* the name in the comment */
    dbl_span del;           /* the name and its separator */
    bool used;
} S_ignored_rule;

typedef struct {
    uint32_t line;          /* 0-based line of the comment */
    bool whole_file;        /* dbl-ignore-file */
    bool has_reason;
    dbl_span at;            /* from the comment's "--" to the end of its line */
    dbl_span del;           /* what deleting the comment removes (its whole line when alone on it) */
    S_ignored_rule *rules;
    uint32_t n_rules;
} S_ignore;

typedef struct {
    DBL_ARRAY(dbl_span) stmts;      /* statement spans in order */
    DBL_ARRAY(S_ignore) ignores;    /* dbl-ignore and dbl-ignore-file comments */
    bool context;                   /* read for the catalog only: nothing reported */
} S_file;

struct dbl_run {
    const dbl_config *config;
    dbl_arena *arena;
    dbl_catalog *catalog;
    DBL_ARRAY(dbl_source *) sources;
    DBL_ARRAY(S_file) files;
    dbl_event_list events;
    dbl_diag_list diags;
    dbl_run_stats stats;
    dbl_stmt_cache *cache;          /* parsed statements from earlier runs, or NULL */
};

dbl_run *dbl_run_new(const dbl_config *config)
{
    dbl_run *r = dbl_calloc(1, sizeof *r);
    r->config = config;
    r->arena = dbl_arena_new();
    r->catalog = dbl_catalog_new(r->arena, (const char *const *)config->search_path.items,
                                 config->search_path.size);
    dbl_catalog_set_complete(r->catalog, config->complete);
    dbl_diag_list_init(&r->diags);
    return r;
}

void dbl_run_free(dbl_run *r)
{
    if (!r)
        return;
    for (uint32_t i = 0; i < r->sources.size; i++)
        dbl_source_free(r->sources.items[i]);
    for (uint32_t i = 0; i < r->files.size; i++) {
        dbl_array_free(&r->files.items[i].stmts);
        dbl_array_free(&r->files.items[i].ignores);
    }
    dbl_array_free(&r->sources);
    dbl_array_free(&r->files);
    dbl_array_free(&r->events);
    dbl_catalog_free(r->catalog);
    dbl_diag_list_free(&r->diags);
    dbl_arena_free(r->arena);
    dbl_free(r);
}

void dbl_run_set_cache(dbl_run *r, dbl_stmt_cache *cache) { r->cache = cache; }

const dbl_diag_list *dbl_run_diags(const dbl_run *r) { return &r->diags; }
dbl_diag_list *dbl_run_diags_mut(dbl_run *r) { return &r->diags; }
const dbl_catalog *dbl_run_catalog(const dbl_run *r) { return r->catalog; }
uint32_t dbl_run_n_sources(const dbl_run *r) { return r->sources.size; }
dbl_run_stats dbl_run_get_stats(const dbl_run *r) { return r->stats; }

const dbl_source *dbl_run_source(const dbl_run *r, uint32_t file)
{
    return file < r->sources.size ? r->sources.items[file] : NULL;
}

static dbl_diag *S_engine_diag(dbl_run *r, const dbl_rule *rule, uint32_t file, dbl_span span,
                               const char *msg)
{
    dbl_severity sev = dbl_config_severity(r->config, rule->name, rule->severity);
    return dbl_diag_add(&r->diags, rule->name, sev, (dbl_loc){file, span}, "%s", msg);
}

/* ---- bytes that are not text ---------------------------------------------- */

/* Checks the bytes; blanks what the parser must not see in clean. Returns
 * false for a binary file, which is then skipped. */
static bool S_check_bytes(dbl_run *r, const dbl_source *src, char *clean)
{
    const unsigned char *t = (const unsigned char *)src->text;
    uint32_t n = src->len, nuls = 0, bad = 0, first_nul = UINT32_MAX, first_bad = UINT32_MAX;
    uint32_t probe = n < 8192 ? n : 8192, probe_bad = 0, probe_nul = 0;
    for (uint32_t i = 0; i < n;) {
        /* plain ASCII, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            if ((w & 0x8080808080808080ull) || ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (t[i] == 0) {
            nuls++;
            probe_nul += i < probe;
            if (first_nul == UINT32_MAX)
                first_nul = i;
            clean[i++] = ' ';
            continue;
        }
        int k = dbl_utf8_seq_len(t + i, n - i);
        if (k == 0) {
            bad++;
            probe_bad += i < probe;
            if (first_bad == UINT32_MAX)
                first_bad = i;
            clean[i++] = ' ';
            continue;
        }
        i += (uint32_t)k;
    }
    if (src->has_bom)
        memset(clean, ' ', 3);
    /* text with a stray NUL or a Latin-1 byte is still text; mostly-not-text is binary */
    if ((probe_nul >= 4 && probe_nul * 50 > probe) || (probe_bad >= 16 && probe_bad * 5 > probe)) {
        S_engine_diag(r, &dbl_rule_invalid_input, src->id, (dbl_span){0, 0},
                      "binary file (not UTF-8 text); skipped");
        return false;
    }
    char msg[160];
    if (nuls) {
        snprintf(msg, sizeof msg, "NUL byte in SQL text (%u in this file); read as a space", nuls);
        S_engine_diag(r, &dbl_rule_invalid_input, src->id, (dbl_span){first_nul, first_nul + 1}, msg);
    }
    if (bad) {
        snprintf(msg, sizeof msg, "invalid UTF-8 (%u bad bytes in this file); read as spaces", bad);
        S_engine_diag(r, &dbl_rule_invalid_input, src->id, (dbl_span){first_bad, first_bad + 1}, msg);
    }
    return true;
}

/* ---- migration tools' up/down sections ------------------------------------------- */

/* True if the line [p, e) is a comment that starts with the marker (case-insensitive). */
static bool S_marker(const char *p, const char *e, const char *marker)
{
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    size_t n = strlen(marker);
    return (size_t)(e - p) >= n && strncasecmp(p, marker, n) == 0;
}

/* dbmate (-- migrate:up / -- migrate:down) and goose (-- +goose Up / Down) keep
 * both directions in one file: the down sections undo the up ones, so the
 * parser sees them as blank lines. */
static void S_blank_down_sections(char *clean, uint32_t len)
{
    if (!memmem(clean, len, "migrate:", 8) && !memmem(clean, len, "+goose", 6))
        return; /* most files have no down section: one scan, not one per line */
    bool down = false;
    char *p = clean, *end = clean + len;
    while (p < end) {
        char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        if (S_marker(p, e, "-- migrate:down") || S_marker(p, e, "-- +goose down"))
            down = true;
        else if (S_marker(p, e, "-- migrate:up") || S_marker(p, e, "-- +goose up"))
            down = false;
        else if (down)
            for (char *q = p; q < e; q++)
                if (*q != '\r')
                    *q = ' ';
        p = e + 1;
    }
}

/* ---- suppressions ------------------------------------------------------------ */

enum { MAX_IGNORED = 16 };

static void S_scan_ignores(dbl_run *r, const dbl_source *src, S_file *f)
{
    const char *t = src->text;
    const char *p = t, *end = t + src->len;
    while ((p = memmem(p, (size_t)(end - p), "dbl-ignore", 10)) != NULL) {
        /* it must be in a -- comment on this line */
        const char *ls = p;
        while (ls > t && ls[-1] != '\n')
            ls--;
        const char *dash = NULL;
        for (const char *q = ls; q + 1 < p; q++)
            if (q[0] == '-' && q[1] == '-') {
                dash = q;
                break;
            }
        const char *q = p + 10;
        bool whole_file = false;
        if (end - q >= 5 && memcmp(q, "-file", 5) == 0) {
            whole_file = true;
            q += 5;
        }
        if (!dash || (q < end && !isspace((unsigned char)*q))) {
            p = q;
            continue;
        }
        const char *le = q;
        while (le < end && *le != '\n')
            le++;
        const char *text_end = le > q && le[-1] == '\r' ? le - 1 : le;
        const char *colon = memchr(q, ':', (size_t)(le - q));
        const char *names_end = colon ? colon : le;
        S_ignore ig = {.line = dbl_source_line_of(src, (uint32_t)(p - t)), .whole_file = whole_file};
        ig.at = (dbl_span){(uint32_t)(dash - t), (uint32_t)(text_end - t)};
        bool alone = true;
        for (const char *c = ls; c < dash; c++)
            alone &= *c == ' ' || *c == '\t';
        if (alone) {
            ig.del = (dbl_span){(uint32_t)(ls - t), (uint32_t)(le - t) + (le < end)};
        } else {
            const char *from = dash;
            while (from > ls && (from[-1] == ' ' || from[-1] == '\t'))
                from--;
            ig.del = (dbl_span){(uint32_t)(from - t), (uint32_t)(text_end - t)};
        }
        for (const char *c = colon ? colon + 1 : le; c < text_end; c++)
            ig.has_reason |= !isspace((unsigned char)*c);
        /* the names, with what deleting each one alone removes */
        dbl_span words[MAX_IGNORED];
        uint32_t n_words = 0;
        const char *s = q;
        while (s < names_end && n_words < MAX_IGNORED) {
            while (s < names_end && (isspace((unsigned char)*s) || *s == ','))
                s++;
            const char *w = s;
            while (s < names_end && !isspace((unsigned char)*s) && *s != ',')
                s++;
            if (s == w)
                break;
            words[n_words++] = (dbl_span){(uint32_t)(w - t), (uint32_t)(s - t)};
        }
        ig.rules = dbl_arena_alloc(r->arena, sizeof(S_ignored_rule) * MAX_IGNORED);
        for (uint32_t i = 0; i < n_words; i++) {
            dbl_span w = words[i];
            char *name = dbl_arena_strndup(r->arena, t + w.start, w.end - w.start);
            if (!dbl_rule_find(name)) {
                char msg[200];
                snprintf(msg, sizeof msg, "unknown rule \"%.100s\" in a dbl-ignore comment", name);
                S_engine_diag(r, &dbl_rule_unknown_rule, src->id, w, msg);
                continue;
            }
            dbl_span del = i + 1 < n_words ? (dbl_span){w.start, words[i + 1].start}
                           : i > 0         ? (dbl_span){words[i - 1].end, w.end}
                                           : w;
            ig.rules[ig.n_rules++] = (S_ignored_rule){.rule = name, .span = w, .del = del};
        }
        if (ig.n_rules)
            dbl_array_push(&f->ignores, ig);
        p = le;
    }
}

/* Marks every suppression of rule on that line (or in the whole file) as used. */
static bool S_ignored_at(S_file *f, uint32_t line, bool whole_file, const char *rule)
{
    bool hit = false;
    for (uint32_t i = 0; i < f->ignores.size; i++) {
        S_ignore *ig = &f->ignores.items[i];
        if (ig->whole_file != whole_file || (!whole_file && ig->line != line))
            continue;
        for (uint32_t k = 0; k < ig->n_rules; k++)
            if (strcmp(ig->rules[k].rule, rule) == 0) {
                ig->rules[k].used = true;
                hit = true;
            }
    }
    return hit;
}

bool dbl_run_statement_at(const dbl_run *r, uint32_t file, uint32_t offset, dbl_span *out)
{
    if (file >= r->files.size)
        return false;
    const S_file *f = &r->files.items[file];
    uint32_t lo = 0, hi = f->stmts.size;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (f->stmts.items[mid].start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return false;
    *out = f->stmts.items[lo - 1];
    return true;
}

static bool S_suppressed(dbl_run *r, const dbl_diag *d)
{
    if (d->loc.file >= r->files.size || strcmp(d->rule, dbl_rule_unknown_rule.name) == 0)
        return false;
    S_file *f = &r->files.items[d->loc.file];
    if (!f->ignores.size)
        return false;
    bool hit = S_ignored_at(f, 0, true, d->rule);
    const dbl_source *src = r->sources.items[d->loc.file];
    dbl_span s;
    if (!dbl_run_statement_at(r, d->loc.file, d->loc.span.start, &s))
        return S_ignored_at(f, dbl_source_line_of(src, d->loc.span.start), false, d->rule) | hit;
    uint32_t first = dbl_source_line_of(src, s.start);
    uint32_t last = dbl_source_line_of(src, s.end > s.start ? s.end - 1 : s.start);
    /* every suppression that applies is used, so none of them is reported as unused */
    hit |= first > 0 && S_ignored_at(f, first - 1, false, d->rule);
    hit |= S_ignored_at(f, last, false, d->rule);
    hit |= last != first && S_ignored_at(f, first, false, d->rule);
    return hit;
}

/* A suppression that suppressed nothing, and one without a reason when reasons are required. */
static void S_account_suppressions(dbl_run *r, uint32_t file)
{
    const S_file *f = &r->files.items[file];
    const dbl_source *src = r->sources.items[file];
    dbl_severity unused = dbl_config_severity(r->config, dbl_rule_unused_suppression.name,
                                              dbl_rule_unused_suppression.severity);
    dbl_severity reasonless = dbl_config_severity(r->config, dbl_rule_missing_reason.name,
                                                  dbl_rule_missing_reason.severity);
    for (uint32_t i = 0; i < f->ignores.size; i++) {
        const S_ignore *ig = &f->ignores.items[i];
        const char *names[MAX_IGNORED];
        uint32_t n_unused = 0, last = 0;
        for (uint32_t k = 0; k < ig->n_rules; k++) {
            const S_ignored_rule *ir = &ig->rules[k];
            const dbl_rule *rule = dbl_rule_find(ir->rule);
            /* a rule that is switched off cannot be shown to be needed or not */
            if (ir->used || dbl_config_severity(r->config, rule->name, rule->severity) == DBL_SEV_OFF)
                continue;
            names[n_unused++] = ir->rule;
            last = k;
        }
        const char *all[MAX_IGNORED];
        for (uint32_t k = 0; k < ig->n_rules; k++)
            all[k] = ig->rules[k].rule;
        if (n_unused && unused != DBL_SEV_OFF) {
            dbl_buf list = {0};
            for (uint32_t k = 0; k < n_unused; k++)
                dbl_buf_printf(&list, "%s\"%s\"", k ? ", " : "", names[k]);
            bool whole = n_unused == ig->n_rules;
            const S_ignored_rule *one = &ig->rules[last];
            dbl_diag *d = dbl_diag_add(&r->diags, dbl_rule_unused_suppression.name, unused,
                                       (dbl_loc){file, whole ? ig->at : one->span}, "%s of %s suppressed nothing",
                                       ig->whole_file ? "dbl-ignore-file" : "dbl-ignore", dbl_buf_str(&list));
            dbl_diag_str(&r->diags, d, "file", src->path);
            dbl_diag_strs(&r->diags, d, "rules", names, n_unused);
            if (whole)
                dbl_diag_fix_edit(&r->diags, d, "delete the suppression", ig->del, "");
            else if (n_unused == 1)
                dbl_diag_fix_edit(&r->diags, d, "delete the rule from the suppression", one->del, "");
            dbl_buf_free(&list);
        }
        if (r->config->require_reason && !ig->has_reason && reasonless != DBL_SEV_OFF) {
            dbl_diag *d = dbl_diag_add(&r->diags, dbl_rule_missing_reason.name, reasonless,
                                       (dbl_loc){file, ig->at}, "%s comment without a reason",
                                       ig->whole_file ? "dbl-ignore-file" : "dbl-ignore");
            dbl_diag_str(&r->diags, d, "file", src->path);
            dbl_diag_strs(&r->diags, d, "rules", all, ig->n_rules);
        }
    }
}

/* ---- parsing ------------------------------------------------------------------ */

/* Applies a statement's events [from, to): a DBL_EV_GUARD is decided on the
 * catalog as it is at that point, and only the branch that runs is applied (the
 * THEN branch when dbl cannot tell, as a guard around the change a migration
 * means to make holds on a database built by the migrations). */
static void S_apply_events(dbl_run *r, uint32_t from, uint32_t to)
{
    for (uint32_t e = from; e < to; e++) {
        dbl_event *ev = &r->events.items[e];
        if (ev->kind != DBL_EV_GUARD || !ev->guard) {
            dbl_catalog_apply(r->catalog, ev);
            continue;
        }
        uint32_t then_to = e + 1 + ev->guard->n_then, else_to = then_to + ev->guard->n_else;
        if (else_to > to)
            else_to = to;
        if (then_to > else_to)
            then_to = else_to;
        if (dbl_catalog_guard(r->catalog, ev->guard) != 0)
            S_apply_events(r, e + 1, then_to);
        else
            S_apply_events(r, then_to, else_to);
        e = else_to - 1;
    }
}

static void S_apply(dbl_run *r, const dbl_front_stmt_list *stmts, uint32_t first_stmt, S_file *f)
{
    for (uint32_t i = first_stmt; i < stmts->size; i++) {
        const dbl_front_stmt *st = &stmts->items[i];
        dbl_array_push(&f->stmts, st->span);
        S_apply_events(r, st->first_event, st->first_event + st->n_events);
    }
}

/* After the catalog has applied them, the run keeps only the events rules
 * read (type changes, for decimal-to-float); the rest would cost memory in
 * proportion to the input. */
static void S_compact_events(dbl_run *r, uint32_t from)
{
    uint32_t w = from;
    for (uint32_t i = from; i < r->events.size; i++) {
        const dbl_event *ev = &r->events.items[i];
        if (ev->kind == DBL_EV_DYNAMIC_SQL && ev->runtime_sql) {
            /* read by the dynamic-sql rule */
            dbl_event kept = {.kind = ev->kind, .loc = ev->loc, .runtime_sql = true,
                              .name = dbl_arena_strdup(r->arena, ev->name)};
            r->events.items[w++] = kept;
            continue;
        }
        if (ev->kind != DBL_EV_ALTER_COLUMN_TYPE || !ev->column_after)
            continue;
        /* its payload lives in the chunk's scratch arena: keep what rules read */
        dbl_event kept = {
            .kind = ev->kind,
            .loc = ev->loc,
            .target = {dbl_arena_strdup(r->arena, ev->target.schema), dbl_arena_strdup(r->arena, ev->target.name)},
            .name = dbl_arena_strdup(r->arena, ev->name),
            .type = {.span = ev->type.span, .array_dims = ev->type.array_dims},
            .table_after = ev->table_after,
            .column_after = ev->column_after,
            .old_type = ev->old_type,
            .old_typeinfo = ev->old_typeinfo,
        };
        r->events.items[w++] = kept;
    }
    r->events.size = w;
}

/* Parses one statement alone: psql variables are read as bare names when the
 * statement fails with them. */
static dbl_front_result S_parse_segment(const dbl_source *src, char *clean, const dbl_segment *seg,
                                        dbl_arena *arena, dbl_front_stmt_list *stmts, dbl_event_list *events)
{
    char saved = clean[seg->end];
    clean[seg->end] = '\0';
    dbl_front_result res = dbl_front_parse(clean + seg->start, seg->start, src->id, arena, stmts, events);
    clean[seg->end] = saved;
    if (!res.ok && seg->has_psql_vars) {
        /* psql substitutes :name, :'name' and :"name"; read them as the bare name */
        uint32_t n = seg->end - seg->start;
        char *copy = dbl_strndup(clean + seg->start, n);
        for (uint32_t i = 0; i + 1 < n; i++) {
            if (copy[i] == ':' && copy[i + 1] == ':') {
                i++;
                continue;
            }
            unsigned char nx = (unsigned char)copy[i + 1];
            if (copy[i] == ':' && (isalpha(nx) || nx == '_' || nx == '\'' || nx == '"' || nx >= 0x80))
                copy[i] = ' ';
        }
        dbl_front_result again = dbl_front_parse(copy, seg->start, src->id, arena, stmts, events);
        dbl_free(copy);
        if (again.ok)
            res = again;
    }
    return res;
}

static void S_syntax_error(dbl_run *r, const dbl_source *src, const dbl_segment *seg, uint32_t at,
                           const char *message, S_file *f)
{
    r->stats.syntax_errors++;
    dbl_array_push(&f->stmts, ((dbl_span){seg->start, seg->end}));
    if (at == UINT32_MAX || at < seg->start)
        at = seg->start;
    /* "at end of input" is right after the last token, not on the lines after it */
    uint32_t end = seg->end;
    while (end > seg->start && isspace((unsigned char)src->text[end - 1]))
        end--;
    if (at > end)
        at = end;
    S_engine_diag(r, &dbl_rule_syntax_error, src->id, (dbl_span){at, at}, message ? message : "syntax error");
}

/* Parses one statement alone; reports it if the parser rejects it. */
static void S_parse_one(dbl_run *r, dbl_arena *scratch, const dbl_source *src, char *clean,
                        const dbl_segment *seg, dbl_front_stmt_list *stmts, S_file *f)
{
    uint32_t before = stmts->size;
    dbl_front_result res = S_parse_segment(src, clean, seg, scratch, stmts, &r->events);
    if (res.ok) {
        r->stats.parsed++;
        S_apply(r, stmts, before, f);
        return;
    }
    S_syntax_error(r, src, seg, res.error_offset, res.message, f);
}

/* ---- parsing with a statement cache ----------------------------------------------- */

/* Parses the n statements that missed the cache (consecutive ones: one parser
 * call when they all parse) and adds their entries to it. */
static void S_parse_misses(dbl_run *r, const dbl_source *src, char *clean, const dbl_segment *const *segs,
                           uint32_t n, const dbl_stmt_entry **out)
{
    dbl_stmt_batch *batch = dbl_stmt_cache_batch(r->cache);
    dbl_arena *arena = dbl_stmt_batch_arena(batch);
    dbl_front_stmt_list stmts = {0};
    dbl_event_list events = {0};
    const dbl_segment *first = segs[0], *last = segs[n - 1];
    char saved = clean[last->end];
    clean[last->end] = '\0';
    dbl_front_result res = dbl_front_parse(clean + first->start, first->start, src->id, arena, &stmts, &events);
    clean[last->end] = saved;
    uint32_t s = 0;
    for (uint32_t k = 0; k < n; k++) {
        const dbl_segment *seg = segs[k];
        dbl_stmt_entry e = {.ok = true, .origin = seg->start, .error_offset = UINT32_MAX};
        uint32_t from = 0;
        if (res.ok) {
            /* this segment's statements and their events */
            from = s;
            while (s < stmts.size && stmts.items[s].span.start < seg->end)
                s++;
        } else {
            stmts.size = events.size = 0;
            dbl_front_result one = S_parse_segment(src, clean, seg, arena, &stmts, &events);
            e.ok = one.ok;
            e.message = one.message;
            e.error_offset = one.error_offset;
            s = stmts.size;
        }
        e.n_stmts = e.ok ? s - from : 0;
        if (e.n_stmts) {
            const dbl_front_stmt *end = &stmts.items[s - 1];
            e.stmts = &stmts.items[from];
            e.n_events = end->first_event + end->n_events - e.stmts[0].first_event;
            e.events = e.n_events ? events.items + e.stmts[0].first_event : NULL;
        }
        out[k] = dbl_stmt_batch_add(batch, clean + seg->start, seg->end - seg->start, &e);
    }
    dbl_stmt_batch_end(batch);
    dbl_array_free(&stmts);
    dbl_array_free(&events);
}

/* Applies a statement the cache holds, as if it had just been parsed where it is now. */
static void S_apply_entry(dbl_run *r, dbl_arena *scratch, const dbl_source *src, const dbl_segment *seg,
                          const dbl_stmt_entry *e, S_file *f)
{
    uint32_t delta = seg->start - e->origin; /* modulo 2^32: adding it moves a span either way */
    if (!e->ok) {
        S_syntax_error(r, src, seg, e->error_offset == UINT32_MAX ? UINT32_MAX : e->error_offset + delta,
                       e->message, f);
        return;
    }
    r->stats.parsed++;
    for (uint32_t i = 0; i < e->n_stmts; i++) {
        const dbl_front_stmt *st = &e->stmts[i];
        dbl_array_push(&f->stmts, ((dbl_span){st->span.start + delta, st->span.end + delta}));
        uint32_t before = r->events.size;
        for (uint32_t k = 0; k < st->n_events; k++) {
            dbl_event ev = e->events[st->first_event + k];
            dbl_event_move(&ev, src->id, delta, scratch);
            dbl_array_push(&r->events, ev);
        }
        S_apply_events(r, before, r->events.size);
    }
}

static void S_parse_cached(dbl_run *r, const dbl_source *src, char *clean, const dbl_segment_list *segs,
                           const uint32_t *sql, uint32_t n_sql, S_file *f)
{
    const dbl_stmt_entry **ents = dbl_calloc(n_sql ? n_sql : 1, sizeof *ents);
    const dbl_segment **seg = dbl_calloc(n_sql ? n_sql : 1, sizeof *seg);
    for (uint32_t i = 0; i < n_sql; i++) {
        seg[i] = &segs->items[sql[i]];
        ents[i] = dbl_stmt_cache_find(r->cache, clean + seg[i]->start, seg[i]->end - seg[i]->start);
    }
    for (uint32_t i = 0; i < n_sql;) {
        if (ents[i]) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < n_sql && !ents[j] && j - i < CHUNK_STATEMENTS)
            j++;
        S_parse_misses(r, src, clean, seg + i, j - i, ents + i);
        i = j;
    }
    for (uint32_t c = 0; c < n_sql; c += CHUNK_STATEMENTS) {
        uint32_t events_before = r->events.size;
        dbl_arena *scratch = dbl_arena_new(); /* moved events' arrays, for one chunk */
        for (uint32_t k = c; k < n_sql && k < c + CHUNK_STATEMENTS; k++)
            S_apply_entry(r, scratch, src, seg[k], ents[k], f);
        S_compact_events(r, events_before);
        dbl_arena_free(scratch);
    }
    dbl_free(seg);
    dbl_free(ents);
}

void dbl_run_add_source(dbl_run *r, const char *path, char *bytes, uint32_t len)
{
    bytes[len] = '\0';
    dbl_source *src = dbl_source_new(r->sources.size, path, bytes, len);
    dbl_array_push(&r->sources, src);
    dbl_array_push(&r->files, ((S_file){0}));
    S_file *f = dbl_array_last(&r->files);
    r->stats.files++;
    dbl_catalog_begin_file(r->catalog);

    char *clean = dbl_strndup(src->text, src->len);
    if (!S_check_bytes(r, src, clean)) {
        dbl_free(clean);
        return;
    }
    S_scan_ignores(r, src, f);
    S_blank_down_sections(clean, src->len);
    dbl_segment_list segs = {0};
    dbl_script_split(clean, src->len, &segs);
    /* psql meta-commands and COPY data are not SQL: the parser sees spaces */
    DBL_ARRAY(uint32_t) sql = {0};
    for (uint32_t i = 0; i < segs.size; i++) {
        dbl_segment *s = &segs.items[i];
        if (s->kind == DBL_SEG_SQL) {
            dbl_array_push(&sql, i);
            continue;
        }
        if (s->kind == DBL_SEG_META)
            r->stats.meta_commands++;
        else
            r->stats.copy_blocks++;
        for (uint32_t k = s->start; k < s->end; k++)
            if (clean[k] != '\n')
                clean[k] = ' ';
    }
    r->stats.statements += sql.size;

    if (r->cache) {
        S_parse_cached(r, src, clean, &segs, sql.items, sql.size, f);
        dbl_array_free(&sql);
        dbl_array_free(&segs);
        dbl_free(clean);
        return;
    }
    dbl_front_stmt_list stmts = {0};
    for (uint32_t c = 0; c < sql.size; c += CHUNK_STATEMENTS) {
        uint32_t n = sql.size - c < CHUNK_STATEMENTS ? sql.size - c : CHUNK_STATEMENTS;
        const dbl_segment *first = &segs.items[sql.items[c]], *last = &segs.items[sql.items[c + n - 1]];
        char saved = clean[last->end];
        clean[last->end] = '\0';
        uint32_t before = stmts.size, events_before = r->events.size;
        /* parse trees are copied into this arena as events; it lives for one chunk */
        dbl_arena *scratch = dbl_arena_new();
        dbl_front_result res = dbl_front_parse(clean + first->start, first->start, src->id, scratch, &stmts,
                                               &r->events);
        clean[last->end] = saved;
        if (res.ok) {
            r->stats.parsed += n;
            S_apply(r, &stmts, before, f);
        } else {
            /* something in the chunk is wrong: parse its statements one by one */
            stmts.size = before;
            r->events.size = events_before;
            for (uint32_t k = 0; k < n; k++)
                S_parse_one(r, scratch, src, clean, &segs.items[sql.items[c + k]], &stmts, f);
        }
        S_compact_events(r, events_before);
        dbl_arena_free(scratch);
        stmts.size = 0;
    }
    dbl_array_free(&stmts);
    dbl_array_free(&sql);
    dbl_array_free(&segs);
    dbl_free(clean);
}

void dbl_run_add_context(dbl_run *r, const char *path, char *bytes, uint32_t len)
{
    dbl_run_stats kept = r->stats;
    dbl_run_add_source(r, path, bytes, len);
    dbl_array_last(&r->files)->context = true;
    r->stats = kept;
}

void dbl_run_finish(dbl_run *r)
{
    dbl_catalog_finish(r->catalog);
    uint32_t n;
    const dbl_rule *const *rules = dbl_rules_all(&n);
    for (uint32_t i = 0; i < n; i++) {
        const dbl_rule *rule = rules[i];
        dbl_severity sev = dbl_config_severity(r->config, rule->name, rule->severity);
        if (!rule->check || sev == DBL_SEV_OFF)
            continue;
        dbl_rule_ctx ctx = {
            .rule = rule,
            .severity = sev,
            .catalog = r->catalog,
            .events = r->events.items,
            .n_events = r->events.size,
            .config = r->config,
            .diags = &r->diags,
            .scratch = dbl_arena_new(),
        };
        rule->check(&ctx);
        dbl_arena_free(ctx.scratch);
    }
    /* drop what is switched off or suppressed in the SQL */
    uint32_t w = 0;
    for (uint32_t i = 0; i < r->diags.items.size; i++) {
        dbl_diag *d = &r->diags.items.items[i];
        if (d->severity == DBL_SEV_OFF || S_suppressed(r, d))
            continue;
        if (d->loc.file < r->files.size && r->files.items[d->loc.file].context)
            continue;
        r->diags.items.items[w++] = *d;
    }
    r->diags.items.size = w;
    for (uint32_t i = 0; i < r->files.size; i++)
        if (!r->files.items[i].context)
            S_account_suppressions(r, i);
    dbl_diag_sort(&r->diags);
}
