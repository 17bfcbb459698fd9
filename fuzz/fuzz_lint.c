/* fuzz_lint.c - libFuzzer target for the whole lint pipeline.
 *
 * Input layout: the first byte chooses the options, the rest is SQL.
 *   bits 0-1  output format: text, json, sarif, github
 *   bit  2    color
 *   bit  3    also render the catalog (the JSON of `dbl catalog`)
 *   bits 4-5  search_path: default, [public], [app, public], ["Odd ""s", ü]
 *   bits 6-7  rules: defaults, all info, all off but syntax-error, own money words
 * The SQL is cut at each 0x1E byte (ASCII record separator) into at most three
 * files, linted in order as migrations (the third keeps any further 0x1E).
 * Every JSON rendering must parse, and JSON output must be the same when the
 * inputs are linted again by a second run (no pointer values or hash order
 * leak into it). Leaks fail through LeakSanitizer.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/config.h"
#include "lint/lint.h"
#include "lint/output.h"
#include "lint/pgfront.h"
#include "rules/rule.h"

enum { MAX_FILES = 3 };
static const char SEPARATOR = 0x1E;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void S_shutdown(void) { dbl_front_shutdown(); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    atexit(S_shutdown); /* libpg_query keeps one top-level context per thread */
    return 0;
}

static void S_json_must_parse(const dbl_buf *b, const char *what)
{
    json_error_t err;
    json_t *v = json_loadb(b->data ? b->data : "", b->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!v) {
        fprintf(stderr, "fuzz_lint: %s output is not JSON: %s at line %d column %d (byte %d)\n%.*s\n", what,
                err.text, err.line, err.column, err.position, (int)(b->len > 4000 ? 4000 : b->len),
                b->data ? b->data : "");
        abort();
    }
    json_decref(v);
}

static void S_configure(dbl_config *cfg, uint8_t opts)
{
    static const char *const paths[][2] = {{"public", NULL}, {"app", "public"}, {"Odd \"s", "\xc3\xbc"}};
    unsigned sp = (opts >> 4) & 3;
    if (sp) {
        dbl_array_clear(&cfg->search_path);
        for (int i = 0; i < 2 && paths[sp - 1][i]; i++)
            dbl_array_push(&cfg->search_path, dbl_arena_strdup(cfg->arena, paths[sp - 1][i]));
    }
    uint32_t n;
    const dbl_rule *const *rules = dbl_rules_all(&n);
    switch (opts >> 6) {
    case 1:
    case 2:
        for (uint32_t i = 0; i < n; i++) {
            dbl_severity s = (opts >> 6) == 1 ? DBL_SEV_INFO : DBL_SEV_OFF;
            if (strcmp(rules[i]->name, "syntax-error") == 0)
                s = DBL_SEV_ERROR;
            dbl_array_push(&cfg->rules, ((dbl_rule_setting){rules[i]->name, s}));
        }
        cfg->fail_on = DBL_SEV_INFO;
        break;
    case 3:
        cfg->money_words_set = true;
        dbl_array_push(&cfg->money_words, "amount");
        dbl_array_push(&cfg->money_words, "x");
        dbl_array_push(&cfg->money_extra_words, "fee");
        dbl_array_push(&cfg->money_exclude_words, "amount_id");
        cfg->fail_on = DBL_SEV_OFF;
        cfg->require_reason = true;
        break;
    }
}

/* Lints data[1..size) as up to MAX_FILES files. The caller frees the run. */
static dbl_run *S_lint(const dbl_config *cfg, const uint8_t *data, size_t size)
{
    const char *sql = (const char *)data + 1, *end = (const char *)data + size;
    dbl_run *run = dbl_run_new(cfg);
    static const char *const names[MAX_FILES] = {"db/001_init.sql", "db/002_more.sql", "db/10_last.sql"};
    for (int f = 0; f < MAX_FILES; f++) {
        const char *stop = end;
        if (f < MAX_FILES - 1) {
            const char *sep = memchr(sql, SEPARATOR, (size_t)(end - sql));
            if (sep)
                stop = sep;
        }
        uint32_t len = (uint32_t)(stop - sql);
        char *bytes = dbl_malloc((size_t)len + 1); /* the run may write one byte past len */
        memcpy(bytes, sql, len);
        dbl_run_add_source(run, names[f], bytes, len);
        if (stop == end)
            break;
        sql = stop + 1;
    }
    dbl_run_finish(run);
    return run;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > UINT32_MAX / 2)
        return 0;
    uint8_t opts = data[0];
    dbl_config cfg;
    dbl_config_init(&cfg);
    S_configure(&cfg, opts);
    dbl_run *run = S_lint(&cfg, data, size);

    dbl_format fmt = (dbl_format)(opts & 3);
    dbl_buf out = {0};
    dbl_output_diags(run, fmt, (opts & 4) != 0, &out);
    if (fmt == DBL_FMT_JSON || fmt == DBL_FMT_SARIF)
        S_json_must_parse(&out, fmt == DBL_FMT_JSON ? "json" : "sarif");
    if (fmt == DBL_FMT_JSON) {
        dbl_run *again = S_lint(&cfg, data, size);
        dbl_buf out2 = {0};
        dbl_output_diags(again, fmt, false, &out2);
        if (out2.len != out.len || memcmp(out2.data, out.data, out.len) != 0) {
            fprintf(stderr, "fuzz_lint: a second run gave different JSON (%zu vs %zu bytes)\n", out.len,
                    out2.len);
            abort();
        }
        dbl_buf_free(&out2);
        dbl_run_free(again);
    }
    dbl_buf_free(&out);
    if (fmt == DBL_FMT_SARIF) {
        /* the other CI format that must be JSON */
        dbl_output_diags(run, DBL_FMT_GITLAB, false, &out);
        S_json_must_parse(&out, "gitlab");
        dbl_buf_free(&out);
    }
    if (opts & 8) {
        dbl_output_catalog_json(run, &out);
        S_json_must_parse(&out, "catalog");
        dbl_buf_free(&out);
    }
    uint32_t counts[4];
    dbl_output_counts(run, counts);
    dbl_run_stats st = dbl_run_get_stats(run);
    (void)st;
    dbl_run_free(run);
    dbl_config_free(&cfg);
    return 0;
}
