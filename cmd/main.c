/* main.c - the dbl command line: the only code that prints or exits. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/analyze.h"
#include "analyzer/report.h"
#include "cmd/man.h"
#include "lint/baseline.h"
#include "editors/lsp/lsp.h"
#include "lint/config.h"
#include "lint/lint.h"
#include "lint/output.h"
#include "lint/pgfront.h"
#include "rules/rule.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char *const S_usage =
    "usage: dbl <command> [options]\n"
    "\n"
    "commands:\n"
    "  lint [OPTIONS] PATH...     lint schema files and migration folders (- reads stdin)\n"
    "  catalog [OPTIONS] PATH...  print the schema model dbl builds (JSON)\n"
    "  analyze [OPTIONS] LOG...   N+1 loops and missing indexes in query logs (- for stdin)\n"
    "  lsp                        a Language Server on stdio (for editors)\n"
    "  rules                      list the rules\n"
    "  explain RULE               a rule's documentation\n"
    "  version                    print the version\n"
    "  man [FILE]                 write the manual page dbl(1) (roff) to FILE or stdout\n"
    "\n"
    "options (lint, catalog):\n"
    "  -f, --format FORMAT        text (default), json, sarif, github, gitlab\n"
    "  -c, --config FILE          read this configuration instead of the nearest .dbl.json\n"
    "      --no-config            ignore .dbl.json files\n"
    "      --search-path A,B      the search_path each file starts with (default: public); its\n"
    "                             schemas are taken to exist unless --complete\n"
    "      --complete             the inputs are the whole schema: a statement naming an object\n"
    "                             they never create fails, as in PostgreSQL, and is reported\n"
    "                             (default: such objects are taken to be defined elsewhere)\n"
    "      --fail-on SEVERITY     exit 1 on findings at or above: error, warning (default), info, none\n"
    "      --color WHEN           auto (default), always, never; NO_COLOR in the environment means never\n"
    "      --context PATH         read PATH (files, migration folders) into the catalog first, without\n"
    "                             reporting on it; a named file inside it is judged against the files\n"
    "                             before it only (repeatable; replaces \"context\" in .dbl.json)\n"
    "      --baseline FILE        report only findings not recorded in FILE, and count the ones fixed\n"
    "      --write-baseline FILE  record the current findings in FILE (sorted JSON) and exit 0\n"
    "      --print-config         print the effective configuration and where each value came from\n"
    "\n"
    "options (analyze; and -f, -c, --no-config, --search-path, --fail-on, --color):\n"
    "      --schema PATH          schema files or migration folders, read as lint reads them (repeatable)\n"
    "      --log-format FORMAT    auto (default: per file), stderr, csvlog, jsonlog, sql\n"
    "      --log-line-prefix P    log_line_prefix of stderr logs (default: detected)\n"
    "      --min-loop N           executions that make a loop (default 3)\n"
    "      --max-gap MS           largest gap between two iterations of a loop (default 100)\n"
    "      --no-shape-cache       parse every statement (to measure the shape cache)\n"
    "\n"
    "A folder is read as migrations: its .sql files in natural name order (2_ before 10_),\n"
    "applied in turn. Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage,\n"
    "configuration or I/O error.\n";

typedef struct {
    dbl_format format;
    const char *config_path;
    bool no_config, complete;
    const char *search_path;
    const char *fail_on;
    const char *color;
    DBL_ARRAY(const char *) paths;
    /* lint: CI and pre-commit */
    DBL_ARRAY(const char *) context;
    const char *baseline, *write_baseline;
    bool print_config;
    /* analyze */
    bool analyze;
    DBL_ARRAY(const char *) schema;
    const char *log_format, *line_prefix;
    long min_loop;
    double max_gap_ms;
    bool no_shape_cache;
} S_opts;

/* Parses a whole number in [lo, hi]; false if it is not one. */
static bool S_number(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v != v || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool S_opt(const char *arg, const char *s, const char *l)
{
    return (s && strcmp(arg, s) == 0) || strcmp(arg, l) == 0;
}

/* Parses lint/catalog options; returns false (after a message) on a usage error. */
static bool S_parse(int argc, char **argv, S_opts *o)
{
    bool only_paths = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            dbl_array_push(&o->paths, a);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = true;
            continue;
        }
        /* --opt=value */
        char name[64];
        const char *eq = strchr(a, '=');
        if (eq && a[1] == '-' && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            val = eq + 1;
            a = name;
        }
        bool takes = S_opt(a, "-f", "--format") || S_opt(a, "-c", "--config") || S_opt(a, NULL, "--search-path") ||
                     S_opt(a, NULL, "--fail-on") || S_opt(a, NULL, "--color") ||
                     (!o->analyze && (S_opt(a, NULL, "--context") || S_opt(a, NULL, "--baseline") ||
                                      S_opt(a, NULL, "--write-baseline"))) ||
                     (o->analyze && (S_opt(a, NULL, "--schema") || S_opt(a, NULL, "--log-format") ||
                                     S_opt(a, NULL, "--log-line-prefix") || S_opt(a, NULL, "--min-loop") ||
                                     S_opt(a, NULL, "--max-gap")));
        if (takes && !val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dbl: option %s needs a value\n", a);
                return false;
            }
            val = argv[++i];
        }
        if (S_opt(a, "-f", "--format")) {
            if (!dbl_format_parse(val, &o->format)) {
                fprintf(stderr, "dbl: unknown format \"%s\" (expected text, json, sarif, github or gitlab)\n", val);
                return false;
            }
        } else if (S_opt(a, "-c", "--config")) {
            o->config_path = val;
        } else if (S_opt(a, NULL, "--no-config")) {
            o->no_config = true;
        } else if (S_opt(a, NULL, "--complete")) {
            o->complete = true;
        } else if (S_opt(a, NULL, "--search-path")) {
            o->search_path = val;
        } else if (S_opt(a, NULL, "--fail-on")) {
            o->fail_on = val;
        } else if (S_opt(a, NULL, "--color")) {
            o->color = val;
        } else if (!o->analyze && S_opt(a, NULL, "--context")) {
            dbl_array_push(&o->context, val);
        } else if (!o->analyze && S_opt(a, NULL, "--baseline")) {
            o->baseline = val;
        } else if (!o->analyze && S_opt(a, NULL, "--write-baseline")) {
            o->write_baseline = val;
        } else if (!o->analyze && S_opt(a, NULL, "--print-config")) {
            o->print_config = true;
        } else if (o->analyze && S_opt(a, NULL, "--schema")) {
            dbl_array_push(&o->schema, val);
        } else if (o->analyze && S_opt(a, NULL, "--log-format")) {
            o->log_format = val;
        } else if (o->analyze && S_opt(a, NULL, "--log-line-prefix")) {
            o->line_prefix = val;
        } else if (o->analyze && S_opt(a, NULL, "--min-loop")) {
            double v;
            if (!S_number(val, 2, 1e9, &v) || v != (double)(long)v) {
                fprintf(stderr, "dbl: --min-loop takes a whole number of at least 2, not \"%s\"\n", val);
                return false;
            }
            o->min_loop = (long)v;
        } else if (o->analyze && S_opt(a, NULL, "--max-gap")) {
            if (!S_number(val, 0, 86400000, &o->max_gap_ms)) {
                fprintf(stderr, "dbl: --max-gap takes milliseconds (0 to 86400000), not \"%s\"\n", val);
                return false;
            }
        } else if (o->analyze && S_opt(a, NULL, "--no-shape-cache")) {
            o->no_shape_cache = true;
        } else {
            static const char *const known[] = {
                "--format", "--config", "--no-config", "--search-path", "--complete", "--fail-on", "--color",
                "--context", "--baseline", "--write-baseline", "--print-config", "--schema", "--log-format",
                "--log-line-prefix", "--min-loop", "--max-gap", "--no-shape-cache"};
            const char *near = dbl_suggest(a, known, sizeof known / sizeof known[0]);
            if (near)
                fprintf(stderr, "dbl: unknown option %s (did you mean %s?)\n", argv[i], near);
            else
                fprintf(stderr, "dbl: unknown option %s (see dbl --help)\n", argv[i]);
            return false;
        }
    }
    return true;
}

static bool S_load_config(const S_opts *o, dbl_config *cfg)
{
    dbl_error err = {0};
    char *found = NULL;
    const char *path = o->config_path;
    if (!path && !o->no_config) {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            path = found = dbl_config_find(cwd);
            size_t n = strlen(cwd);
            if (found && strncmp(found, cwd, n) == 0 && found[n] == '/')
                path += n + 1; /* found in the current folder: say so relatively */
        }
    }
    bool ok = !path || dbl_config_load(cfg, path, &err);
    if (!ok)
        fprintf(stderr, "dbl: %s\n", err.message);
    dbl_error_clear(&err);
    dbl_free(found);
    if (!ok)
        return false;
    if (o->search_path) {
        dbl_config_set_origin(cfg, "search_path", "--search-path");
        dbl_array_clear(&cfg->search_path);
        const char *p = o->search_path;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            while (n && (*p == ' ')) {
                p++;
                n--;
            }
            while (n && p[n - 1] == ' ')
                n--;
            if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
                /* a quoted name, as in SET search_path: "$user", "My Schema" */
                char *q = dbl_arena_strndup(cfg->arena, p + 1, n - 2), *w = q;
                for (const char *r = q; *r; r++) {
                    *w++ = *r;
                    if (r[0] == '"' && r[1] == '"')
                        r++; /* "" stands for one " */
                }
                *w = '\0';
                dbl_array_push(&cfg->search_path, q);
            } else if (n) {
                dbl_array_push(&cfg->search_path, dbl_arena_strndup(cfg->arena, p, n));
            }
            p += n;
            while (*p == ',' || *p == ' ')
                p++;
        }
    }
    if (o->complete) {
        cfg->complete = true;
        dbl_config_set_origin(cfg, "complete", "--complete");
    }
    if (o->fail_on && !dbl_severity_parse(o->fail_on, &cfg->fail_on)) {
        fprintf(stderr, "dbl: --fail-on takes error, warning, info or none, not \"%s\"\n", o->fail_on);
        return false;
    }
    if (o->fail_on)
        dbl_config_set_origin(cfg, "fail_on", "--fail-on");
    if (o->context.size) {
        dbl_array_clear(&cfg->context);
        for (uint32_t i = 0; i < o->context.size; i++)
            dbl_array_push(&cfg->context, o->context.items[i]);
        dbl_config_set_origin(cfg, "context", "--context");
    } else if (cfg->path && strchr(cfg->path, '/')) {
        /* paths in a configuration file are relative to its folder */
        size_t dir = (size_t)(strrchr(cfg->path, '/') - cfg->path);
        for (uint32_t i = 0; i < cfg->context.size; i++)
            if (cfg->context.items[i][0] != '/')
                cfg->context.items[i] = dbl_arena_printf(cfg->arena, "%.*s/%s", (int)dir, cfg->path,
                                                         cfg->context.items[i]);
    }
    return true;
}

static void S_write(void *ud, const char *s, size_t n)
{
    (void)ud;
    fwrite(s, 1, n, stdout);
}

/* --color takes auto, always or never; false (after a message) otherwise. */
static bool S_color_valid(const S_opts *o)
{
    if (!o->color || strcmp(o->color, "auto") == 0 || strcmp(o->color, "always") == 0 ||
        strcmp(o->color, "never") == 0)
        return true;
    fprintf(stderr, "dbl: --color takes auto, always or never, not \"%s\"\n", o->color);
    return false;
}

/* Color on a terminal unless NO_COLOR says otherwise (no-color.org: any non-empty value). */
static bool S_use_color(const S_opts *o)
{
    const char *no_color = getenv("NO_COLOR");
    const char *when = o->color ? o->color : "auto";
    bool color = strcmp(when, "always") == 0 || (strcmp(when, "auto") == 0 && isatty(STDOUT_FILENO));
    return color && !(no_color && *no_color);
}

/* 2 when an input could not be read, 1 with findings at or above fail_on (counts per
 * severity; NULL: nothing fails), else 0. */
static int S_exit_status(const dbl_config *cfg, const uint32_t counts[4], bool io_ok)
{
    if (!io_ok)
        return EXIT_USAGE;
    if (counts && cfg->fail_on != DBL_SEV_OFF)
        for (int s = cfg->fail_on; s <= DBL_SEV_ERROR; s++)
            if (counts[s])
                return EXIT_FINDINGS;
    return EXIT_CLEAN;
}

/* Reads the inputs in order: context files for the catalog only, then (or among them) the named
 * files (paths: lint's PATHs, or analyze's --schema). */
static bool S_read_inputs(const char *const *paths, uint32_t n_paths, const dbl_config *cfg, dbl_run *run)
{
    dbl_strv files = {0}, context = {0}, errors = {0};
    dbl_inputv inputs = {0};
    bool ok = dbl_inputs_expand(paths, n_paths, cfg, &files, &errors);
    if (cfg->context.size)
        ok &= dbl_inputs_expand(cfg->context.items, cfg->context.size, cfg, &context, &errors);
    for (uint32_t i = 0; i < errors.size; i++) {
        fprintf(stderr, "dbl: %s\n", errors.items[i]);
        dbl_free(errors.items[i]);
    }
    dbl_inputs_with_context(&context, &files, &inputs);
    for (uint32_t i = 0; i < inputs.size; i++) {
        const dbl_input *in = &inputs.items[i];
        char *bytes;
        uint32_t len;
        dbl_error err = {0};
        if (!dbl_read_file(in->path, &bytes, &len, &err)) {
            fprintf(stderr, "dbl: %s\n", err.message);
            dbl_error_clear(&err);
            ok = false;
        } else if (in->context) {
            dbl_run_add_context(run, in->path, bytes, len);
        } else {
            dbl_run_add_source(run, in->path, bytes, len);
        }
        dbl_free(in->path);
    }
    dbl_array_free(&inputs);
    dbl_array_free(&files);
    dbl_array_free(&context);
    dbl_array_free(&errors);
    return ok;
}

/* --write-baseline and --baseline; returns false (after a message) on failure. */
static bool S_baseline(const S_opts *o, dbl_run *run)
{
    dbl_error err = {0};
    if (o->write_baseline) {
        uint32_t n = dbl_run_diags(run)->items.size;
        if (!dbl_baseline_write(run, o->write_baseline, &err))
            goto fail;
        fprintf(stderr, "dbl: recorded %u finding%s in %s\n", n, n == 1 ? "" : "s", o->write_baseline);
        return true;
    }
    dbl_baseline *b = dbl_baseline_load(o->baseline, &err);
    if (!b)
        goto fail;
    uint32_t total = dbl_baseline_size(b), fixed = dbl_baseline_apply(b, run);
    dbl_baseline_free(b);
    fprintf(stderr, "dbl: baseline %s: %u of %u entr%s still occur", o->baseline, total - fixed, total,
            total == 1 ? "y" : "ies");
    if (fixed)
        fprintf(stderr, "; %u no longer occur%s (fixed): prune with --write-baseline %s", fixed,
                fixed == 1 ? "s" : "", o->baseline);
    fputc('\n', stderr);
    return true;
fail:
    fprintf(stderr, "dbl: %s\n", err.message);
    dbl_error_clear(&err);
    return false;
}

/* lint and catalog share everything but what they print. */
static int S_lint(int argc, char **argv, bool catalog)
{
    S_opts o = {0};
    dbl_config cfg;
    dbl_config_init(&cfg);
    dbl_run *run = NULL;
    dbl_buf out = {0};
    int ret = EXIT_USAGE;
    out.flush = S_write; /* stream: output never sits whole in memory */
    if (!S_parse(argc, argv, &o))
        goto out;
    if (catalog && o.format != DBL_FMT_JSON && o.format != DBL_FMT_TEXT) {
        fprintf(stderr, "dbl: catalog prints JSON only\n");
        goto out;
    }
    if (!S_color_valid(&o))
        goto out;
    if (o.baseline && o.write_baseline) {
        fprintf(stderr, "dbl: --baseline and --write-baseline exclude each other\n");
        goto out;
    }
    if (!S_load_config(&o, &cfg))
        goto out;
    if (o.print_config) {
        dbl_config_describe(&cfg, &out);
        dbl_buf_flush(&out);
        ret = EXIT_CLEAN;
        goto out;
    }
    if (o.paths.size == 0) {
        fprintf(stderr, "dbl: no input: name schema files, migration folders, or - for stdin\n");
        goto out;
    }
    run = dbl_run_new(&cfg);
    bool io_ok = S_read_inputs(o.paths.items, o.paths.size, &cfg, run);
    dbl_run_finish(run);
    if (!catalog && (o.baseline || o.write_baseline)) {
        if (!S_baseline(&o, run))
            goto out;
        if (o.write_baseline) {
            ret = io_ok ? EXIT_CLEAN : EXIT_USAGE;
            goto out;
        }
    }
    bool color = S_use_color(&o);
    if (catalog)
        dbl_output_catalog_json(run, &out);
    else
        dbl_output_diags(run, o.format, color, &out);
    dbl_buf_flush(&out);
    fflush(stdout); /* the findings come before the summary on a shared terminal */
    uint32_t counts[4];
    dbl_output_counts(run, counts);
    if (!catalog && o.format == DBL_FMT_TEXT) {
        uint32_t total = counts[1] + counts[2] + counts[3];
        dbl_run_stats st = dbl_run_get_stats(run);
        fprintf(stderr, "%u finding%s (%u error%s, %u warning%s, %u info) in %u file%s, %u statement%s\n", total,
                total == 1 ? "" : "s", counts[3], counts[3] == 1 ? "" : "s", counts[2], counts[2] == 1 ? "" : "s",
                counts[1], st.files, st.files == 1 ? "" : "s", st.statements, st.statements == 1 ? "" : "s");
    }
    ret = S_exit_status(&cfg, catalog ? NULL : counts, io_ok);
out:
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "dbl: cannot write output: %s\n", strerror(errno));
        ret = EXIT_USAGE;
    }
    dbl_buf_free(&out);
    dbl_run_free(run);
    dbl_array_free(&o.paths);
    dbl_array_free(&o.context);
    dbl_config_free(&cfg);
    return ret;
}

/* Progress on a terminal: bytes read, rate and time left, redrawn in place. */
typedef struct {
    struct timespec start, last;
    bool shown;
} S_progress;

static double S_seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void S_on_progress(void *ud, uint64_t done, uint64_t total)
{
    S_progress *p = ud;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!p->start.tv_sec && !p->start.tv_nsec) {
        p->start = p->last = now;
        return;
    }
    double el = S_seconds(&p->start, &now);
    if (el < 1.0 || S_seconds(&p->last, &now) < 0.25)
        return;
    p->last = now;
    double rate = (double)done / el / 1048576.0;
    if (total > done && rate > 0)
        fprintf(stderr, "\r\x1b[Kdbl: read %.0f of %.0f MB (%.0f MB/s, %.0f s left)", (double)done / 1048576.0,
                (double)total / 1048576.0, rate, (double)(total - done) / 1048576.0 / rate);
    else
        fprintf(stderr, "\r\x1b[Kdbl: read %.0f MB (%.0f MB/s)", (double)done / 1048576.0, rate);
    p->shown = true;
}

/* dbl analyze: logs (and optionally a schema) in, loops out. */
static int S_analyze(int argc, char **argv)
{
    S_opts o = {.analyze = true, .max_gap_ms = -1};
    dbl_config cfg;
    dbl_config_init(&cfg);
    dbl_run *schema = NULL;
    dbl_analysis *an = NULL;
    dbl_buf out = {0};
    S_progress progress = {0};
    int ret = EXIT_USAGE;
    if (!S_parse(argc, argv, &o))
        goto out;
    if (o.paths.size == 0) {
        fprintf(stderr, "dbl: no input: name PostgreSQL log files, folders of rotated logs, or - for stdin\n");
        goto out;
    }
    if (o.format == DBL_FMT_GITLAB) {
        fprintf(stderr, "dbl: analyze prints text, json, sarif or github\n");
        goto out;
    }
    if (!S_color_valid(&o))
        goto out;
    dbl_analyze_opts opts;
    dbl_analyze_opts_init(&opts);
    if (o.log_format && !dbl_logfmt_parse(o.log_format, &opts.read.format)) {
        fprintf(stderr, "dbl: unknown log format \"%s\" (expected auto, stderr, csvlog, jsonlog or sql)\n",
                o.log_format);
        goto out;
    }
    if (!S_load_config(&o, &cfg))
        goto out;
    opts.read.line_prefix = o.line_prefix;
    if (o.min_loop)
        opts.loops.min_loop = (uint32_t)o.min_loop;
    if (o.max_gap_ms >= 0)
        opts.loops.max_gap_us = (int64_t)(o.max_gap_ms * 1000.0);
    opts.shape_cache = !o.no_shape_cache;
    if (isatty(STDERR_FILENO)) {
        opts.read.progress = S_on_progress;
        opts.read.progress_ud = &progress;
    }
    bool io_ok = true;
    if (o.schema.size) {
        schema = dbl_run_new(&cfg);
        io_ok = S_read_inputs(o.schema.items, o.schema.size, &cfg, schema);
        dbl_run_finish(schema);
    }
    an = dbl_analysis_new(&opts, &cfg);
    if (schema)
        dbl_analysis_set_catalog(an, dbl_run_catalog(schema));
    for (uint32_t i = 0; i < o.paths.size; i++) {
        dbl_error err = {0};
        if (!dbl_analysis_read(an, o.paths.items[i], &err)) {
            if (progress.shown)
                fputs("\r\x1b[K", stderr);
            fprintf(stderr, "dbl: %s\n", err.message ? err.message : o.paths.items[i]);
            dbl_error_clear(&err);
            io_ok = false;
        }
    }
    dbl_analysis_finish(an);
    if (progress.shown)
        fputs("\r\x1b[K", stderr);
    bool color = S_use_color(&o);
    out.flush = S_write;
    dbl_report_analysis(an, o.format, color, &out);
    dbl_buf_flush(&out);
    uint32_t counts[4];
    dbl_report_counts(an, counts);
    ret = S_exit_status(&cfg, counts, io_ok);
out:
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "dbl: cannot write output: %s\n", strerror(errno));
        ret = EXIT_USAGE;
    }
    dbl_buf_free(&out);
    dbl_analysis_free(an);
    dbl_run_free(schema);
    dbl_array_free(&o.paths);
    dbl_array_free(&o.schema);
    dbl_config_free(&cfg);
    return ret;
}

static int S_rules(void)
{
    uint32_t n;
    const dbl_rule *const *rules = dbl_rules_all(&n);
    for (uint32_t i = 0; i < n; i++)
        printf("%-24s %-8s %s\n", rules[i]->name, dbl_severity_name(rules[i]->severity), rules[i]->summary);
    return EXIT_CLEAN;
}

static int S_explain(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: dbl explain RULE (see dbl rules)\n");
        return EXIT_USAGE;
    }
    const dbl_rule *r = dbl_rule_find(argv[0]);
    if (!r) {
        fprintf(stderr, "dbl: unknown rule \"%s\" (see dbl rules)\n", argv[0]);
        return EXIT_USAGE;
    }
    printf("# %s\n\n", r->name);
    printf("Default severity: %s\n\n", dbl_severity_name(r->severity));
    if (r->complete_only)
        printf("Reported only when the inputs are the whole schema (`--complete`, or `\"complete\": true`).\n\n");
    printf("## What it does\n\nFlags %s.\n\n", r->summary);
    printf("## Why is this bad?\n\n%s\n\n", r->rationale);
    printf("## Example\n\n```sql\n%s\n```\n\nUse instead:\n\n```sql\n%s\n```\n\n", r->bad, r->good);
    printf("## Fix\n\n%s.\n", r->fix);
    if (r->object_keys && *r->object_keys)
        printf("\n## JSON\n\n`object` keys: %s.\n", r->object_keys);
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    int ret;
    if (argc < 2) {
        fputs(S_usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "lint") == 0)
        ret = S_lint(argc - 2, argv + 2, false);
    else if (strcmp(cmd, "catalog") == 0)
        ret = S_lint(argc - 2, argv + 2, true);
    else if (strcmp(cmd, "analyze") == 0)
        ret = S_analyze(argc - 2, argv + 2);
    else if (strcmp(cmd, "lsp") == 0)
        ret = dbl_lsp_serve(STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO);
    else if (strcmp(cmd, "rules") == 0)
        ret = S_rules();
    else if (strcmp(cmd, "explain") == 0)
        ret = S_explain(argc - 2, argv + 2);
    else if (strcmp(cmd, "man") == 0 && argc <= 3) {
        FILE *f = argc == 3 ? fopen(argv[2], "w") : stdout;
        if (!f) {
            fprintf(stderr, "dbl: %s: %s\n", argv[2], strerror(errno));
            ret = EXIT_USAGE;
        } else {
            dbl_man_page(f, DBL_VERSION);
            ret = f != stdout && fclose(f) != 0 ? EXIT_USAGE : EXIT_CLEAN;
        }
    } else if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("dbl %s\n", DBL_VERSION);
        ret = EXIT_CLEAN;
    } else if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(S_usage, stdout);
        ret = EXIT_CLEAN;
    } else {
        fprintf(stderr, "dbl: unknown command \"%s\"\n\n%s", cmd, S_usage);
        ret = EXIT_USAGE;
    }
    dbl_front_shutdown();
    return ret;
}
